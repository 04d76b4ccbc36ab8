"""In production, the web and worker processes refuse to start without the keys
that encrypt testimonies, unless the testimonies are switched off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
MESSAGE = "Set HELP_ENCRYPTION_KEYS in production"


def run(tmp_path, *args, **env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "PLAIDOYER_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "a-real-secret-key-for-this-test-only-0123456789",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_serving_processes_refuse_to_start_without_encryption_keys(tmp_path, module):
    result = run(tmp_path, "-c", f"import {module}")
    assert result.returncode != 0
    assert MESSAGE in result.stderr
    key = "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg="
    assert (
        run(tmp_path, "-c", f"import {module}", HELP_ENCRYPTION_KEYS=key).returncode
        == 0
    )
    assert run(tmp_path, "-c", f"import {module}", HELP_TESTIMONIES="0").returncode == 0
