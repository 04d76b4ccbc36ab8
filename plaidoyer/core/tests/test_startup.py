"""Without SECRET_KEY in production, commands that sign nothing still run; the web
and worker processes refuse to start, with a message that says what to set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
MESSAGE = "Set SECRET_KEY (or SECRET_KEY_FILE) in production."


def run(tmp_path, *args):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PLAIDOYER_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_makemigrations_check_runs_without_a_secret_key(tmp_path):
    result = run(tmp_path, "manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["-c", "import config.wsgi"],
        ["-c", "import config.asgi"],
        ["manage.py", "worker"],
    ],
    ids=["wsgi", "asgi", "worker"],
)
def test_serving_processes_refuse_to_start_without_a_secret_key(tmp_path, args):
    result = run(tmp_path, *args)
    assert result.returncode != 0
    assert MESSAGE in result.stderr
