"""End to end in a real browser (Playwright driving Debian's Chromium): the secretary enters
the votes, sees the pass list change as she types, saves, downloads the biên bản and finds the
figures in it.

Set DVK_SCREENSHOTS=DIR to keep a screenshot of each council page (1366×768)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document

from dvk_docs.api import samples_dir
from dvk_docs.web import store
from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Organisation

from ..docx_helpers import all_text
from .browser import ARGS, CHROMIUM, NEEDS_CHROMIUM, log_in, screenshots
from .conftest import PASSWORD

pytestmark = NEEDS_CHROMIUM


def test_secretary_enters_votes_and_the_minutes_carry_them(
        live_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    org = Organisation.objects.create(slug="xa-an-phu", name="Đảng ủy xã An Phú")
    store.import_folder(org, samples_dir() / "xa-an-phu")
    add_user("thu.ky", org, "van_phong", PASSWORD)
    shot = screenshots("council-")

    base = live_server.url + "/to-chuc/xa-an-phu/nam/2026/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
        log_in(page, live_server.url, "thu.ky")
        page.goto(base)
        page.click("nav.yearnav >> text=Bình xét")
        live = page.locator("#live")
        # sample: '>50%' of all 13 members; DK008 has 4 votes, DK021 5: 24 of 26 pass
        expect(live.locator("#pass-count")).to_have_text("Đạt 24/26 mô hình")
        expect(live.locator("tr[data-id=DK008]")).to_contain_text("Không đạt")
        shot(page, "1-binh-xet")

        page.fill("input[name=v-DK008]", "7")  # 7/13 > 50%: passes
        expect(live.locator("tr[data-id=DK008]")).to_contain_text("7/13")
        expect(live.locator("tr[data-id=DK008] td").last).to_have_text("Đạt")
        expect(live.locator("#pass-count")).to_have_text("Đạt 25/26 mô hình")
        page.fill("input[name=v-DK021]", "6")  # 6/13 is not more than half: still fails
        expect(live.locator("tr[data-id=DK021]")).to_contain_text("6/13")
        expect(live.locator("tr[data-id=DK021] td").last).to_have_text("Không đạt")
        # four more absent: 9 of 13 present, 2/3 is 8.67: still quorate; a fifth breaks it
        page.fill("textarea[name=absent]", "\n".join(
            f"Đồng chí {i} | công tác" for i in range(4)))
        expect(live.locator("#quorum")).to_contain_text("Có mặt 9/13")
        expect(live.locator("#quorum")).to_contain_text("hội nghị hợp lệ")
        page.fill("textarea[name=absent]", "\n".join(
            f"Đồng chí {i} | công tác" for i in range(5)))
        expect(live.locator("#quorum")).to_contain_text("CHƯA đủ điều kiện hợp lệ")
        shot(page, "2-binh-xet-live")
        page.fill("textarea[name=absent]",
                  "Nguyễn Thành Lợi | dự hội nghị tại Ủy ban nhân dân tỉnh\nHà Thị Thanh Xuân | "
                  "nghỉ ốm")
        expect(live.locator("#quorum")).to_contain_text("Có mặt 11/13")

        page.click("button:has-text('Lưu kết quả bình xét')")
        expect(page.get_by_text("Đã lưu kết quả bình xét")).to_be_visible()
        expect(live.locator("#pass-count")).to_have_text("Đạt 25/26 mô hình")
        page.click("button:has-text('Khóa kết quả bình xét')")
        expect(page.locator("#lock-state")).to_contain_text("Kết quả đã khóa")
        shot(page, "3-binh-xet-locked")
        with page.expect_download() as info:
            page.click("#bien-ban-docx")
        target = tmp_path / "bien-ban.docx"
        info.value.save_as(target)

        for name, path in (("4-tham-dinh", "tham-dinh/"), ("5-quyet-dinh", "quyet-dinh/")):
            page.goto(base + path)
            shot(page, name)
        page.goto(live_server.url + "/to-chuc/xa-an-phu/so-van-ban/")
        expect(page.get_by_text("QĐ/ĐU · nhiệm kỳ 2025 - 2030")).to_be_visible()
        shot(page, "6-so-van-ban")
        browser.close()

    text = all_text(Document(str(target)))
    assert "11/13" in text  # attendance
    rows = [r for r in text.splitlines() if r]
    assert any("7/13" in r for r in rows), "DK008's new votes in the minutes"
    assert any("6/13" in r for r in rows), "DK021's new votes in the minutes"
    assert "4/13" not in text  # the old figure is gone
