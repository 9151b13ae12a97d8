"""What the browser tests share: Debian's Chromium, signing in through the login form, and
screenshots kept for a person to look at when DVK_SCREENSHOTS names a folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
# every browser test module: pytestmark = NEEDS_CHROMIUM
NEEDS_CHROMIUM = [pytest.mark.e2e, pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                                      reason="needs Debian's chromium")]


def log_in(page: Any, base: str, user: str, password: str = PASSWORD) -> Any:
    """``page`` signed in as ``user`` through the login form."""
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    return page


def screenshots(prefix: str) -> Callable[[Any, str], None]:
    """``shot(page, name)``: the whole page as DVK_SCREENSHOTS/<prefix><name>.png, when
    DVK_SCREENSHOTS is set; nothing otherwise."""
    folder = os.environ.get("DVK_SCREENSHOTS")

    def shot(page: Any, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{prefix}{name}.png"), full_page=True)

    return shot
