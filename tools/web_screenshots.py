"""Screenshots of every page of the web app at 1366×768 and at phone width (Debian's
Chromium through Playwright), for a person to look at.

    .venv/bin/python tools/web_screenshots.py http://127.0.0.1:8000 OUT_DIR USER PASSWORD
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def main(base: str, out: Path, user: str, password: str, pages: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, size in (("desktop", {"width": 1366, "height": 768}),
                            ("phone", {"width": 390, "height": 844})):
            page = browser.new_page(viewport=size)
            page.goto(base + "/accounts/login/")
            page.screenshot(path=str(out / f"{label}-login.png"))
            page.fill("input[name=username]", user)
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            for path in pages:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                name = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=str(out / f"{label}-{name}.png"), full_page=False)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:])
