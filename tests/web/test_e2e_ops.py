"""In a real browser (Playwright, Debian's Chromium): the Markdown toolbar changes the text and
the live preview follows; the file input's Vietnamese label shows the chosen file; the
rollover checklist is ticked, saved and shown again; the office resets a unit's password.

Set DVK_SCREENSHOTS=DIR to keep a screenshot of each page (1366×768, full page)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Organisation, RolloverItem, Year

from .browser import ARGS, CHROMIUM, NEEDS_CHROMIUM, log_in, screenshots
from .conftest import PASSWORD

pytestmark = NEEDS_CHROMIUM


def test_toolbar_preview_file_label_checklist_and_reset(
        live_server: Any, org_a: Organisation, unit_a: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import expect, sync_playwright

    from dvk_docs.web import page_images

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    shots = os.environ.get("DVK_SCREENSHOTS")
    if not shots:  # the printed pages need LibreOffice: a stand-in unless screenshots are kept
        def fake(job: Any) -> None:
            dest = page_images.folder(job.year, job.params["kind"], job.revision)
            dest.mkdir(parents=True, exist_ok=True)
            (dest / "1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
            page_images.PageImage.objects.create(year=job.year, kind="ke_hoach",
                                                 revision=job.revision, pages=1)

        monkeypatch.setattr(page_images, "build", fake)
    add_user("chi.lan", org_a, "van_phong", PASSWORD)
    base = live_server.url + "/to-chuc/xa-an-phu/"

    shot = screenshots("ops-")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        log_in(page, live_server.url, "chi.lan")

        # the Markdown toolbar and the live preview
        page.goto(base + "nam/2026/ke-hoach/")
        page.wait_for_load_state("networkidle")  # htmx set up, the first preview shown
        expect(page.locator("#md-preview h1").first).to_be_visible()
        body = page.locator("textarea#id_body")
        body.fill("Mở đầu\n\nviệc cần làm")
        body.evaluate("a => a.setSelectionRange(a.value.length - 12, a.value.length)")
        page.click("[data-md=bold]")
        assert body.input_value() == "Mở đầu\n\n**việc cần làm**"
        body.evaluate("a => a.setSelectionRange(0, 0)")
        page.click("[data-md=h1]")
        assert body.input_value().startswith("# Mở đầu\n")
        body.evaluate("a => a.setSelectionRange(a.value.length, a.value.length)")
        page.click("[data-md=list]")
        assert body.input_value().endswith("\n- **việc cần làm**")
        preview = page.locator("#md-preview")
        # the old preview has four h1: wait for the new one (a strict locator over several
        # elements fails at once instead of waiting)
        expect(preview.locator("h1")).to_have_count(1)
        expect(preview.locator("h1")).to_have_text("Mở đầu")
        expect(preview.locator("li strong")).to_have_text("việc cần làm")
        expect(page.locator(".page-images img").first).to_be_visible(timeout=120_000)
        shot(page, "ke-hoach")

        # the file input's label
        page.goto(base + "kiem-tra/")
        label = page.locator("label.file-pick")
        expect(label).to_contain_text("Chọn tệp…")
        expect(label).to_contain_text("Chưa chọn tệp")
        sample = tmp_path / "cong-van.docx"
        sample.write_bytes(b"PK\x03\x04")
        page.set_input_files("input[name=file]", str(sample))
        expect(label.locator(".file-name")).to_have_text("cong-van.docx")
        shot(page, "kiem-tra")

        # rollover: tick a decision, save, see it again
        page.goto(base + "nam-moi/")
        shot(page, "nam-moi")
        page.click("form:has(input[value=rollover]) button[type=submit]")
        expect(page.get_by_role("heading", name="Đã tạo năm 2027")).to_be_visible()
        shot(page, "chuyen-nam-xong")
        year = Year.objects.get(organisation=org_a, year=2027)
        first = RolloverItem.objects.filter(year=year).first()
        assert first is not None
        page.check(f"input[name=ok-{first.pk}]")
        page.fill(f"input[name=note-{first.pk}]", "Đã cập nhật căn cứ")
        page.click("text=Lưu các xác nhận")
        expect(page.get_by_text("điểm đã xác nhận)")).to_be_visible()
        expect(page.locator(f"input[name=ok-{first.pk}]")).to_be_checked()
        expect(page.locator(f"input[name=note-{first.pk}]")).to_have_value("Đã cập nhật căn cứ")
        shot(page, "chuyen-nam")

        # the office resets the unit account's password: shown once
        page.goto(base + "tai-khoan/")
        shot(page, "tai-khoan")
        row = page.locator("tr", has_text="dv-a")
        row.locator("button", has_text="Đặt lại mật khẩu").click()
        code = page.locator("#one-time-password")
        expect(code).to_be_visible()
        shot(page, "mat-khau-moi")
        new = code.inner_text()
        browser.close()
    unit_a.refresh_from_db()
    assert unit_a.check_password(new)
