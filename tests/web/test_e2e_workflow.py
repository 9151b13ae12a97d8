"""Online registration in a real browser (Playwright driving Debian's Chromium): a unit
submits its phiếu, the office returns it with a reason, the unit corrects and resubmits, the
office accepts; the model is then in the year's Mẫu 1 (.docx read back with python-docx).
Then the unit enters the actual results, and after the deadline finds the form closed.

Set DVK_SCREENSHOTS=DIR to keep a screenshot of each page (1366×768, full page)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from dvk_docs.api import samples_dir
from dvk_docs.web import store
from dvk_docs.web import submissions as wf
from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Organisation, Submission, SubmissionStatus

from ..docx_helpers import all_text
from .browser import ARGS, CHROMIUM, NEEDS_CHROMIUM, log_in, screenshots
from .conftest import PASSWORD

pytestmark = NEEDS_CHROMIUM

MODEL = "Bếp ăn tình thương thôn 9"
UNIT = "Chi bộ Cơ quan Mặt trận Tổ quốc xã"


def test_unit_submits_office_returns_unit_resubmits_office_accepts(
        live_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    day = {"today": dt.date(2026, 2, 1)}  # the sample's deadline is 10/02/2026
    monkeypatch.setattr(wf, "today", lambda: day["today"])
    org = Organisation.objects.create(slug="xa-an-phu", name="Đảng ủy xã An Phú")
    store.import_folder(org, samples_dir() / "xa-an-phu")
    add_user("vp", org, "van_phong", PASSWORD)
    add_user("mttq", org, "don_vi", PASSWORD, UNIT)
    base = live_server.url
    year = base + "/to-chuc/xa-an-phu/nam/2026/"

    shot = screenshots("workflow-")

    def login(browser: Any, user: str) -> Any:  # each account in its own context (cookies)
        context = browser.new_context(viewport={"width": 1366, "height": 768},
                                      accept_downloads=True)
        page = context.new_page()
        log_in(page, base, user)
        return page

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        unit = login(browser, "mttq")
        office = login(browser, "vp")

        # 1. the unit submits
        unit.goto(year)
        unit.click("nav.yearnav >> text=Phiếu trực tuyến")
        unit.click("text=Gửi phiếu đăng ký mới")
        expect(unit.locator("#window")).to_contain_text("10/02/2026")
        unit.fill("#id_registrant", "Chi hội Phụ nữ thôn 9")
        unit.fill("#id_model_name", MODEL)
        unit.select_option("#id_linh_vuc", "VHXH")
        unit.fill("#id_expected_results", "Mỗi tuần 50 suất ăn")
        shot(unit, "1-unit-form")
        unit.click("button:has-text('Gửi phiếu')")
        expect(unit.locator("#status")).to_have_text("Chờ tiếp nhận")
        unit.click("text=← Danh sách phiếu")
        expect(unit.locator("#submissions")).to_contain_text(MODEL)
        shot(unit, "2-unit-list-waiting")
        sub = Submission.objects.get()

        # 2. the office returns it with a reason
        office.goto(year)
        office.click("nav.yearnav >> text=Phiếu trực tuyến")
        expect(office.locator("#submissions")).to_contain_text(UNIT)
        shot(office, "3-office-queue")
        office.click("#submissions >> text=Xử lý")
        office.fill("#reason", "Ghi rõ số suất ăn và nguồn kinh phí")
        office.click("text=Trả lại cho đơn vị")
        expect(office.locator("#status")).to_have_text("Trả lại")

        # 3. the unit sees the reason, corrects and resubmits
        unit.reload()
        expect(unit.locator("#submissions")).to_contain_text("Ghi rõ số suất ăn và nguồn kinh phí")
        shot(unit, "4-unit-list-returned")
        unit.click("text=Sửa và gửi lại")
        expect(unit.locator("#returned")).to_contain_text("nguồn kinh phí")
        shot(unit, "5-unit-returned-form")
        unit.fill("#id_expected_results", "Mỗi tuần 80 suất ăn")
        unit.fill("#id_resources", "Nhà hảo tâm đóng góp")
        unit.click("button:has-text('Gửi lại')")
        expect(unit.locator("#status")).to_have_text("Chờ tiếp nhận")

        # 4. the office accepts; the history shows every step
        office.click("text=← Danh sách phiếu")
        office.click("#submissions >> text=Xử lý")
        office.click("button:has-text('Tiếp nhận')")
        expect(office.locator("#status")).to_have_text("Đã tiếp nhận")
        history = office.locator("#history")
        for text in ("Nộp", "Trả lại", "Nộp lại", "Tiếp nhận", "nguồn kinh phí",
                     "Mỗi tuần 80 suất ăn", "mttq", "vp"):
            expect(history).to_contain_text(text)
        shot(office, "6-office-history-accepted")
        sub.refresh_from_db()
        assert sub.status == SubmissionStatus.DA and sub.reg_id

        # 5. Mẫu 1 of the year now lists it
        office.click("nav.yearnav >> text=Đăng ký")
        with office.expect_download() as info:
            office.click("text=Mẫu 1 (.docx)")
        mau1 = tmp_path / "mau-1.docx"
        info.value.save_as(mau1)

        # 6. the unit enters the actual results of the accepted model
        unit.click("text=← Danh sách phiếu")
        expect(unit.locator("#submissions")).to_contain_text("Đã tiếp nhận")
        shot(unit, "7-unit-list-accepted")
        unit.click("#submissions >> text=Kết quả thực tế")
        shot(unit, "8-unit-results")
        unit.fill("#id_achievements", "Trong năm nấu 3.200 suất ăn cho người bệnh")
        unit.fill("#id_figures", "Số suất ăn: 3.200")
        unit.click("button:has-text('Lưu kết quả')")
        expect(unit.get_by_text(f"Đã lưu kết quả thực tế của {sub.reg_id}")).to_be_visible()

        # 7. after the deadline the form is closed
        day["today"] = dt.date(2026, 2, 11)
        unit.goto(year + "dang-ky/moi/")
        expect(unit.locator("#closed")).to_contain_text("Đã hết hạn đăng ký (hết ngày 10/02/2026)")
        shot(unit, "9-unit-closed")
        office.goto(year + "phieu/")
        office.select_option("#reopen select[name=unit]", UNIT)
        office.fill("#reopen input[name=until]", "20/02/2026")
        office.click("#reopen button[type=submit]")
        expect(office.locator("#reopen")).to_contain_text("mở đến hết ngày 20/02/2026")
        shot(office, "10-office-reopened")
        unit.goto(year + "dang-ky/moi/")
        expect(unit.locator("#window")).to_contain_text("20/02/2026")
        browser.close()

    text = all_text(Document(str(mau1)))
    assert MODEL in text and "Chi hội Phụ nữ thôn 9" in text
    y = org.years.get()
    assert "3.200 suất ăn" in y.document["achievements"][sub.reg_id]["achievements"]
