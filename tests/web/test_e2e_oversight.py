"""In a real browser (Playwright + Debian's Chromium): the office numbers its annual report
and downloads Mẫu 2 with that number; the province account lands on its communes, opens
one read-only and downloads the aggregated Mẫu 2.

Set DVK_SCREENSHOTS=DIR to keep a screenshot of each step."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Organisation
from dvk_docs.web.models.oversight import attach

from .browser import ARGS, CHROMIUM, NEEDS_CHROMIUM, log_in, screenshots
from .conftest import PASSWORD

pytestmark = NEEDS_CHROMIUM


def _login(browser: Any, url: str, user: str) -> Any:
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    log_in(page, url, user)
    return page


def _xlsx(download: Any) -> Any:
    return openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active


def test_report_number_and_province_view(live_server: Any, org_a: Organisation,
                                         org_b: Organisation, office_a: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    top = Organisation.objects.create(slug="tinh-e2e", name="Ban Tuyên giáo và Dân vận Tỉnh ủy")
    attach(top, org_a)
    attach(top, org_b)
    add_user("tinh.e2e", top, "cap_tren", PASSWORD)
    shot = screenshots("e2e-12d-")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = _login(browser, live_server.url, "vp-a")
        page.goto(live_server.url + "/to-chuc/xa-an-phu/nam/2026/")
        page.click("nav.yearnav >> text=Thống kê, báo cáo")
        expect(page.get_by_role("heading", name="Thống kê năm 2026 · Đảng ủy xã An Phú")
               ).to_be_visible()
        expect(page.locator("table.chart svg").first).to_be_visible()
        shot(page, "1-thong-ke")
        page.click("text=Báo cáo 6 tháng / năm và Mẫu 2")
        page.fill("input[name=number]", "99")
        page.click("text=Lưu báo cáo")
        expect(page.get_by_text("Đã lưu báo cáo năm 2026")).to_be_visible()
        shot(page, "2-bao-cao")
        with page.expect_download() as info:
            page.click("text=Tải Mẫu 2 (.xlsx)")
        ws = _xlsx(info.value)
        assert "99-BC/" in ws["A2"].value
        page.close()

        page = _login(browser, live_server.url, "tinh.e2e")
        expect(page.get_by_role("heading", name="Ban Tuyên giáo và Dân vận Tỉnh ủy: các xã, "
                                               "phường trực thuộc")).to_be_visible()
        expect(page.get_by_text("Năm 2026: 2 xã, phường")).to_be_visible()
        shot(page, "3-cap-tren")
        with page.expect_download() as info:
            page.click("text=Tải Mẫu 2 tổng hợp (.xlsx)")
        ws = _xlsx(info.value)
        assert ws.cell(9, 1).value == "Tổng cộng" and ws.cell(9, 3).value == 40
        page.click("table.mau2 >> text=Đảng ủy xã An Phú")
        expect(page.get_by_text("Tài khoản cấp trên: chỉ xem Đảng ủy xã An Phú")).to_be_visible()
        page.click("text=Báo cáo 6 tháng / năm và Mẫu 2")
        expect(page.locator("input[name=number]")).to_have_value("99")
        expect(page.get_by_text("Lưu báo cáo")).to_have_count(0)  # nothing to save
        shot(page, "4-cap-tren-xem-xa")
        browser.close()
