"""End to end in a real browser: deleting evidence asks first — the browser's dialog with
htmx (cancel keeps it), a confirm page with JavaScript off — and the file leaves the disk
once the delete is committed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Evidence, Organisation
from dvk_docs.web.views.evidence import upload

from ..pdf_helpers import make_pdf
from .browser import ARGS, CHROMIUM, NEEDS_CHROMIUM, log_in
from .conftest import PASSWORD

pytestmark = NEEDS_CHROMIUM


def test_delete_asks_with_and_without_javascript(live_server: Any, org_a: Organisation,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    office = add_user("chi.hoa", org_a, "van_phong", PASSWORD)
    year = org_a.years.get()
    files = []
    for reg_id in ("DK002", "DK013"):
        data = make_pdf(tmp_path / f"{reg_id}.pdf", [f"Ban ky {reg_id}"]).read_bytes()
        files.append(upload(office.membership, office, year, reg_id, "bao_cao_ky",
                            SimpleUploadedFile(f"{reg_id}.pdf", data)))
    page_url = f"{live_server.url}/to-chuc/{org_a.slug}/nam/{year.year}/minh-chung/"

    def login(context: Any) -> Any:
        page = context.new_page()
        log_in(page, live_server.url, "chi.hoa")
        page.goto(page_url)
        return page

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = login(browser.new_context(viewport={"width": 1366, "height": 768}))
        asked: list[str] = []
        row = page.locator("#reg-DK002 form[action*='/xoa/'] button")
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        row.click()
        page.wait_for_timeout(500)
        assert asked == ["Xóa minh chứng “DK002.pdf” của DK002? File sẽ bị xóa khỏi máy chủ, "
                         "không lấy lại được."]
        assert Evidence.objects.filter(pk=files[0].pk).exists() and files[0].path().exists()
        page.once("dialog", lambda d: d.accept())
        row.click()
        expect(page.locator(".messages")).to_contain_text("Đã xóa “DK002.pdf” của DK002")
        assert not Evidence.objects.filter(pk=files[0].pk).exists()
        assert not files[0].path().exists()
        # JavaScript off: the same button opens the confirm page
        plain = login(browser.new_context(java_script_enabled=False))
        plain.click("#reg-DK013 form[action*='/xoa/'] button")
        expect(plain.locator("h1")).to_have_text("Xóa minh chứng?")
        assert files[1].path().exists()
        plain.click("text=Xóa hẳn")
        expect(plain.locator(".messages")).to_contain_text("Đã xóa “DK013.pdf” của DK013")
        assert not files[1].path().exists() and not Evidence.objects.exists()
        browser.close()
