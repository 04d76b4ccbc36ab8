"""Take the README's screenshots from the demo: `make screenshots`.

Builds the demo in a throwaway folder (its own SQLite database and media), serves
it on a free loopback port, and photographs the pages a newcomer should see, on a
desktop (1366 px) and a phone (390 px), in several languages, with the headless
Chromium the browser tests use. The PNGs go to docs/screenshots/, reduced to 256
colours so the repository stays light.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("PLAIDOYER_CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# name, path, viewport, signed in as the demo coordinator, then the link followed
# (the agenda's first upcoming event: the demo's dates move with today's)
SHOTS = [
    ("home-desktop", "/fr/", DESKTOP, False, None),
    ("home-phone", "/nl/", PHONE, False, None),
    ("barometer-desktop", "/nl/barometer/", DESKTOP, False, None),
    ("campaign-phone", "/de/campaigns/marathon-des-lettres/", PHONE, False, None),
    ("event-phone", "/en/events/", PHONE, False, ".event-list h3 a"),
    ("workspace-desktop", "/fr/workspace/", DESKTOP, True, None),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True
    )


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The demo site did not answer at {url}")


def shrink(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT
        )
    reduced.save(path, optimize=True)


def photograph(base: str, password: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
        )
        for name, path, viewport, signed_in, follow in SHOTS:
            context = browser.new_context(base_url=base, viewport=viewport)
            page = context.new_page()
            if signed_in:
                page.goto(f"/fr/accounts/login/?next={path}")
                page.locator("#id_username").fill("coordination@plaidoyer.test")
                page.locator("#id_password").fill(password)
                page.locator("main form button[type=submit]").click()
                page.wait_for_url(f"**{path}")
            else:
                page.goto(path)
            if follow:
                page.locator(follow).first.click()
                page.wait_for_load_state()
            page.wait_for_load_state("networkidle")
            target = OUT / f"{name}.png"
            page.screenshot(path=str(target))
            shrink(target)
            taken.append(target)
            context.close()
        browser.close()
    return taken


def main() -> None:
    if not Path(CHROMIUM).exists():
        raise SystemExit(
            f"No Chromium at {CHROMIUM}: run `scripts/system-deps.sh test`."
        )
    with tempfile.TemporaryDirectory(prefix="plaidoyer-shots-") as var:
        env = os.environ | {"DEBUG": "1", "PLAIDOYER_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "load_demo")
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/ping")
            password = (Path(var) / "demo-password").read_text().strip()
            for path in photograph(base, password):
                print(f"{path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
