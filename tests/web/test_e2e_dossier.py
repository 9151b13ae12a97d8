"""End to end in a real browser (Playwright driving Debian's Chromium): the dossier's
checklist shows the signed report missing for a nominee, the office uploads it in that
nominee's row, the checklist turns complete; the dossier PDF is built as a job and
downloaded, and it carries the uploaded scan after the nominee's report.

Set DVK_SCREENSHOTS=DIR to keep a screenshot of each step (1366×768)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Organisation
from dvk_docs.web.views.evidence import upload

from ..pdf_helpers import make_pdf
from .browser import ARGS, CHROMIUM, NEEDS_CHROMIUM, log_in, screenshots
from .conftest import PASSWORD

pytestmark = NEEDS_CHROMIUM


def test_checklist_turns_complete_after_the_missing_report_is_uploaded(
        live_server: Any, org_a: Organisation, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    office = add_user("chi.hoa", org_a, "van_phong", PASSWORD)
    year = org_a.years.get()
    for reg_id in ("DK002", "DK013", "DK017"):  # three of the four reports already scanned
        data = make_pdf(tmp_path / f"{reg_id}.pdf", [f"Ban ky {reg_id}"]).read_bytes()
        upload(office.membership, office, year, reg_id, "bao_cao_ky",
               SimpleUploadedFile(f"{reg_id}.pdf", data))
    scan = make_pdf(tmp_path / "bao-cao-ky-DK030.pdf", ["BAO CAO DA KY DK030 - BAN QUET"])
    shot = screenshots("e2e-dossier-")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
        log_in(page, live_server.url, "chi.hoa")
        page.goto(f"{live_server.url}/to-chuc/{org_a.slug}/nam/{year.year}/")
        page.click("nav.yearnav >> text=Hồ sơ")

        status = page.locator("#dossier-status")
        row = page.locator("#nominee-DK030")
        expect(status).to_contain_text("Hồ sơ còn thiếu 1 chỗ")
        expect(row).to_contain_text("chưa có minh chứng")
        expect(row).to_contain_text("Nguyễn Hữu Phước")
        expect(page.locator("#nominee-DK017")).to_contain_text("Đủ")
        shot(page, "1-missing")

        row.locator("input[type=file]").set_input_files(str(scan))
        row.locator("button:has-text('Tải lên')").click()
        expect(page.get_by_text("Đã tải lên “bao-cao-ky-DK030.pdf” cho DK030")).to_be_visible()
        expect(status).to_contain_text("Hồ sơ đã đủ")
        expect(row).to_contain_text("Đủ")
        expect(row).to_contain_text("bao-cao-ky-DK030.pdf")
        shot(page, "2-complete")

        page.select_option("select[name=copies]", "1")
        page.click("button:has-text('Tạo hồ sơ PDF')")
        expect(page.locator("#dossier-job")).to_contain_text("Xong", timeout=120_000)
        shot(page, "3-built")
        with page.expect_download() as info:
            page.click("#dossier-job >> text=Tải hồ sơ (.pdf)")
        target = tmp_path / "ho-so.pdf"
        info.value.save_as(target)
        browser.close()

    reader = PdfReader(target)
    texts = [p.extract_text() or "" for p in reader.pages]
    scan_pages = [i for i, t in enumerate(texts) if "BAO CAO DA KY DK030 - BAN QUET" in t]
    assert len(scan_pages) == 1
    titles = [it.title for it in reader.outline if not isinstance(it, list)]
    assert titles[0] == "Bìa và mục lục"
