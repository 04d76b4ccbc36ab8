"""One archive holds the whole site: a consistent copy of the database and the
uploaded files. ``manage.py backup`` writes it, ``manage.py restore`` puts it back.

PostgreSQL is copied with pg_dump (one snapshot, whatever writes meanwhile) and
restored with pg_restore; SQLite with its online backup API. The archive is a
gzipped tar: ``manifest.json``, ``database.pgdump`` or ``database.sqlite3``, and
``media/``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1


class BackupError(Exception):
    pass


def _db() -> dict:
    return settings.DATABASES["default"]


def _is_sqlite() -> bool:
    return _db()["ENGINE"] == "django.db.backends.sqlite3"


def _sqlite_path() -> str:
    return str(connections["default"].settings_dict["NAME"])


def _pg_env() -> tuple[dict, list[str]]:
    db = connections["default"].settings_dict
    env = os.environ | {"PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["-h", str(db.get("HOST") or "localhost"), "-p", str(db.get("PORT") or 5432)]
    args += ["-U", str(db.get("USER") or ""), "-d", str(db["NAME"])]
    return env, args


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def backup(archive: Path) -> dict:
    """Write the database and MEDIA_ROOT into ``archive``; return the manifest."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        if _is_sqlite():
            dump = Path(tmp) / "database.sqlite3"
            source = sqlite3.connect(_sqlite_path())
            target = sqlite3.connect(dump)
            with target:
                source.backup(target)  # consistent even while others write
            source.close()
            target.close()
        else:
            dump = Path(tmp) / "database.pgdump"
            env, args = _pg_env()
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "-f", str(dump), *args],
                env,
            )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": "sqlite" if _is_sqlite() else "postgresql",
            "media_files": sum(1 for p in media.rglob("*") if p.is_file())
            if media.exists()
            else 0,
        }
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            if media.exists():
                tar.add(media, arcname="media")
        partial.replace(archive)  # never leave half an archive under the real name
    return manifest


def restore(archive: Path) -> dict:
    """Replace the database and MEDIA_ROOT with the contents of ``archive``."""
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(tmp, filter="data")
        root = Path(tmp)
        try:
            manifest = json.loads((root / "manifest.json").read_text())
        except (OSError, ValueError) as exc:
            raise BackupError("Not a Plaidoyer backup: no manifest.") from exc
        engine = "sqlite" if _is_sqlite() else "postgresql"
        if manifest.get("engine") != engine:
            raise BackupError(
                f"This backup is of a {manifest.get('engine')} database; "
                f"the configured one is {engine}."
            )
        connections.close_all()
        if engine == "sqlite":
            path = _sqlite_path()
            for suffix in ("-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)
            source = sqlite3.connect(root / "database.sqlite3")
            target = sqlite3.connect(path)
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            env, args = _pg_env()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    str(root / "database.pgdump"),
                ],
                env,
            )
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        if (root / "media").exists():
            shutil.copytree(root / "media", media)
        else:
            media.mkdir(parents=True, exist_ok=True)
    return manifest
