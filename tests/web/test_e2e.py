"""End to end in a real browser (Playwright driving Debian's Chromium): a newcomer logs in,
creates the year from an uploaded Word plan, uploads an Excel list with one bad row, fixes it,
builds, downloads the zip; the .docx inside has the plan's header.

Set DVK_SCREENSHOTS=DIR to keep a screenshot of each step (1366×768)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Organisation

from ..docx_helpers import all_text
from ..import_fixtures import party_plan
from .browser import ARGS, CHROMIUM, NEEDS_CHROMIUM, log_in, screenshots
from .conftest import PASSWORD
from .test_pages import GOOD, _sheet

pytestmark = NEEDS_CHROMIUM


def test_newcomer_creates_the_year_and_downloads_the_set(live_server: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from playwright.sync_api import expect, sync_playwright

    # the browser's event loop runs in this thread while the live server uses the ORM
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    org = Organisation.objects.create(slug="xa-tan-hiep", name="Đảng ủy xã Tân Hiệp")
    add_user("chi.lan", org, "van_phong", PASSWORD)
    plan = party_plan(tmp_path / "ke-hoach-2026.docx")
    bad = tmp_path / "dang-ky-loi.xlsx"
    bad.write_bytes(_sheet([GOOD[0], [2, "Tổ an ninh thôn 2", "Tập thể", "Đêm bình yên",
                                      "Thể thao", "Mới", "Không có vụ trộm"]]))
    fixed = tmp_path / "dang-ky.xlsx"
    fixed.write_bytes(_sheet([GOOD[0], [2, "Tổ an ninh thôn 2", "Tập thể", "Đêm bình yên",
                                        "Quốc phòng - an ninh", "Mới", "Không có vụ trộm"]]))
    shot = screenshots("e2e-")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
        log_in(page, live_server.url, "chi.lan")
        expect(page.get_by_text("Chưa có năm nào")).to_be_visible()
        shot(page, "1-overview-empty")

        page.click("text=Tạo năm mới")
        page.set_input_files("input[name=plan]", str(plan))
        page.click("text=Nhập kế hoạch")
        expect(page.get_by_role("heading", name="Đã tạo năm 2026")).to_be_visible()
        shot(page, "2-imported")
        page.click("text=Mở năm 2026")

        page.click("nav.yearnav >> text=Đăng ký")
        page.click("text=Tải lên danh sách Excel/CSV")
        page.set_input_files("input[name=file]", str(bad))
        page.click("text=Xem trước")
        errors = page.locator("#row-errors")
        expect(errors).to_contain_text("dòng 3")
        expect(errors).to_contain_text("Thể thao")
        shot(page, "3-row-errors")
        page.set_input_files("input[name=file]", str(fixed))
        page.click("text=Xem trước")
        expect(page.locator("#preview")).to_contain_text("2 đăng ký sẽ được thêm")
        shot(page, "4-preview")
        page.click("text=Xác nhận thêm 2 đăng ký")
        expect(page.get_by_text("Đã thêm 2 đăng ký từ file")).to_be_visible()
        expect(page.get_by_text("Đêm bình yên")).to_be_visible()
        shot(page, "5-registrations")

        page.click("nav.yearnav >> text=Tình hình")
        page.click("button:has-text('Tạo bộ văn bản')")
        expect(page.locator("#set-job")).to_contain_text("Xong", timeout=60_000)
        shot(page, "6-built")
        with page.expect_download() as info:
            page.click("text=Tải bộ văn bản (.zip)")
        target = tmp_path / "bo.zip"
        info.value.save_as(target)
        browser.close()

    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
        plan_doc = Document(io.BytesIO(zf.read("01-ke-hoach.docx")))
    assert "00-danh-muc.txt" in names
    assert sum(n.startswith("03-phieu-dang-ky/") for n in names) == 2
    header = plan_doc.tables[0]
    left = header.cell(0, 0).text
    right = header.cell(0, 1).text
    assert "ĐẢNG ỦY XÃ TÂN HIỆP" in left
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right
    assert "Đêm bình yên" in all_text(Document(io.BytesIO(
        zipfile.ZipFile(target).read("02-tong-hop-dang-ky.docx"))))
