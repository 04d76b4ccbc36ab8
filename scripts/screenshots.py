"""Take the README's screenshots from a running demo (`make run`).

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]

Writes docs/screenshots/*.png: the first screen of a few pages on a laptop
(1366 × 900) and a phone (390 × 844), in Dutch and German, as 256-colour PNGs.
"""

import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

SHOTS = [
    ("home-laptop-nl", "/nl/", {"width": 1366, "height": 900}),
    ("campaign-laptop-de", "/de/campaigns/marathon-des-lettres/", None),
    ("home-phone-de", "/de/", {"width": 390, "height": 844}),
    ("news-phone-nl", "/nl/news/", {"width": 390, "height": 844}),
]
LAPTOP = {"width": 1366, "height": 900}
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        for name, path, viewport in SHOTS:
            page = browser.new_page(viewport=viewport or LAPTOP)
            page.goto(base.rstrip("/") + path, wait_until="networkidle")
            target = OUT / f"{name}.png"
            page.screenshot(path=target)
            page.close()
            image = Image.open(target).convert("RGB")
            image.quantize(256, method=Image.Quantize.MEDIANCUT).save(
                target, optimize=True
            )
            print(f"{target.name}: {target.stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
