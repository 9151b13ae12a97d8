"""Issue 11's remaining points: the plan's printed pages as images (a job, per revision), the
rollover checklist kept with the new year, the Markdown toolbar and live preview, the office
resetting a unit account's password, the Vietnamese file input, no lines on the header table
of the HTML preview."""

from __future__ import annotations

import re
import struct
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dvk_docs.web import page_images, store
from dvk_docs.web.models import AuditEntry, Job, Organisation, PageImage, RolloverItem, Year

from .conftest import PASSWORD, client_for, streamed

Y = "/to-chuc/xa-an-phu/nam/2026/"
PNG = b"\x89PNG\r\n\x1a\n"


# (f) the header table of the HTML preview has no lines; the tables drawn in Word keep them
def test_preview_draws_no_lines_on_the_header_table(ca: Client) -> None:
    page = ca.get(Y + "van-ban/ke_hoach/xem/").content.decode()
    tables = re.findall(r'<table class="doc( plain)?">(.*?)</table>', page, re.S)
    assert tables, page[:2000]
    plain, header = tables[0]
    assert plain == " plain" and "ĐẢNG ỦY XÃ AN PHÚ" in header  # the header: no lines
    assert any(p == "" for p, _ in tables)  # a table with lines in Word keeps them
    css = (ca.get("/static/dvk_web/style.css"))
    assert ".paper table.doc.plain td { border: 0; }" in streamed(css).decode()
    # each cell keeps its alignment from Word (the header's lines are centred)
    assert '<td class="a-center">ĐẢNG BỘ TỈNH LÂM ĐỒNG<br>ĐẢNG ỦY XÃ AN PHÚ' in header


# (e) a Vietnamese label instead of the browser's 'Choose File'
@pytest.mark.parametrize("path", ["kiem-tra/", "nam-moi/", "nam/2026/dang-ky/tai-len/",
                                  "nam/2026/minh-chung/", "nam/2026/ho-so/"])
def test_file_inputs_say_chon_tep(ca: Client, year_a: Year, path: str) -> None:
    page = ca.get("/to-chuc/xa-an-phu/" + path).content.decode()
    inputs = re.findall(r'<input type="file"[^>]*>', page)
    assert inputs
    assert page.count('<label class="file-pick"') == len(inputs)
    assert page.count("Chọn tệp…") == len(inputs) and "Chưa chọn tệp" in page
    assert "dvk_web/ui.js" in page


# (c) toolbar and live preview of the Markdown body
def test_plan_body_has_a_toolbar_and_live_preview(ca: Client, year_a: Year) -> None:
    page = ca.get(Y + "ke-hoach/").content.decode()
    toolbar = re.search(r'<div class="md-toolbar"[^>]*data-for="id_body"[^>]*>(.*?)</div>',
                        page, re.S)
    assert toolbar is not None
    assert re.findall(r'data-md="(\w+)"', toolbar.group(1)) == \
        ["bold", "italic", "h1", "h2", "list"]
    assert 'hx-post="/to-chuc/xa-an-phu/nam/2026/ke-hoach/markdown/"' in page
    # nothing is loaded from another site (no CDN): every script and stylesheet is the app's
    # own (a plain 'cdn' search failed when the random CSRF token happened to contain it)
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"', page)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    js = streamed(ca.get("/static/dvk_web/ui.js")).decode()
    assert 'wrap(a, "**"' in js and 'prefixLines(a, "- ")' in js
    r = ca.post(Y + "ke-hoach/markdown/", {
        "body": "# I. MỤC ĐÍCH\n\nNội dung **đậm** và *nghiêng*\n\n- ý một\n\n"
                "<script>alert(1)</script>\n\n![ảnh](a.png)"})
    html = r.content.decode()
    assert "<h1>I. MỤC ĐÍCH</h1>" in html and "<strong>đậm</strong>" in html
    assert "<em>nghiêng</em>" in html and "<li>ý một</li>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "ảnh" in html and 'class="problems"' in html  # the image is named as not printed
    # nothing is saved by the preview
    assert Year.objects.get(pk=year_a.pk).revision == year_a.revision


def test_markdown_preview_is_office_only_and_scoped(org_b: Organisation, unit_a: Any,
                                                     office_b: Any) -> None:
    assert client_for(unit_a).post(Y + "ke-hoach/markdown/", {"body": "x"}).status_code == 403
    assert client_for(office_b).post(Y + "ke-hoach/markdown/", {"body": "x"}).status_code == 404


# (a) the printed pages as images: a job, kept per revision
def _fake_build(job: Job) -> None:
    """Stands in for LibreOffice + pdftoppm (the real one runs in the pdf-marked test)."""
    dest = page_images.folder(job.year, job.params["kind"], job.revision)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "1.png").write_bytes(PNG + b"page 1")
    (dest / "2.png").write_bytes(PNG + b"page 2")
    PageImage.objects.create(year=job.year, kind=job.params["kind"], revision=job.revision,
                             pages=2)


def test_plan_images_come_from_a_job_once_per_revision(ca: Client, year_a: Year,
                                                       monkeypatch: Any) -> None:
    calls: list[int] = []

    def fake(job: Job) -> None:
        calls.append(job.revision)
        _fake_build(job)

    monkeypatch.setattr(page_images, "build", fake)
    page = ca.get(Y + "ke-hoach/").content.decode()
    assert 'hx-get="/to-chuc/xa-an-phu/nam/2026/ke-hoach/trang-in/"' in page
    frag = ca.get(Y + "ke-hoach/trang-in/").content.decode()
    rev = year_a.revision
    assert f"/ke-hoach/trang-in/{rev}/1.png" in frag and f"/trang-in/{rev}/2.png" in frag
    assert Job.objects.filter(kind="page_png", year=year_a).count() == 1
    ca.get(Y + "ke-hoach/trang-in/")  # shown again: no new job
    assert calls == [rev]
    r = ca.get(Y + f"ke-hoach/trang-in/{rev}/2.png")
    assert r["Content-Type"] == "image/png" and streamed(r) == PNG + b"page 2"
    assert ca.get(Y + f"ke-hoach/trang-in/{rev}/3.png").status_code == 404

    def retitle(snap: store.Snapshot) -> None:
        snap.document["documents"]["ke_hoach"]["subject"] = "Kế hoạch đã sửa"

    store.change(year_a, None, "sửa", "", retitle)
    frag = ca.get(Y + "ke-hoach/trang-in/").content.decode()
    assert f"/trang-in/{rev + 1}/1.png" in frag and calls == [rev, rev + 1]


def test_plan_images_while_the_job_runs_and_from_another_org(ca: Client, year_a: Year,
                                                             office_b: Any,
                                                             monkeypatch: Any) -> None:
    from dvk_docs.web import jobs

    # the worker has not picked the job up yet
    monkeypatch.setattr(jobs, "run_job", SimpleNamespace(enqueue=lambda *a, **k: None))
    frag = ca.get(Y + "ke-hoach/trang-in/").content.decode()
    assert "Đang tạo ảnh trang in" in frag and 'hx-trigger="load delay:1500ms"' in frag
    assert Job.objects.get(kind="page_png").status == Job.Status.QUEUED
    other = client_for(office_b)
    assert other.get(Y + "ke-hoach/trang-in/").status_code == 404
    assert other.get(Y + f"ke-hoach/trang-in/{year_a.revision}/1.png").status_code == 404


@pytest.mark.pdf
def test_plan_images_are_the_real_printed_pages(ca: Client, year_a: Year) -> None:
    frag = ca.get(Y + "ke-hoach/trang-in/").content.decode()  # tasks run at once in tests
    images = re.findall(r'src="([^"]+\.png)"', frag)
    assert len(images) >= 2, frag
    content = streamed(ca.get(images[0]))
    # pdftoppm's page 1: a PNG of an A4 page at 80 dpi (width and height from the IHDR chunk)
    assert content.startswith(PNG) and content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    assert abs(width / height - 210 / 297) < 0.01 and abs(width - 210 / 25.4 * 80) < 2


# (b) the rollover checklist is saved with the new year and shown again
def test_rollover_checklist_is_saved_with_the_new_year(ca: Client, year_a: Year) -> None:
    page = ca.post("/to-chuc/xa-an-phu/nam-moi/", {"how": "rollover", "from_year": "2026",
                                                   "year": "2027"}).content.decode()
    new = Year.objects.get(organisation=year_a.organisation, year=2027)
    items = list(RolloverItem.objects.filter(year=new))
    assert items, "the sample's rollover asks for decisions"
    assert 'action="/to-chuc/xa-an-phu/nam/2027/chuyen-nam/"' in page
    assert all(f'name="ok-{i.pk}"' in page for i in items)
    first, second = items[0], items[-1]
    r = ca.post("/to-chuc/xa-an-phu/nam/2027/chuyen-nam/", {
        f"ok-{first.pk}": "1", f"note-{first.pk}": "Đã sửa số kế hoạch",
        f"note-{second.pk}": "Chờ ý kiến Thường trực" if second.pk != first.pk else ""})
    assert r.status_code == 302
    first.refresh_from_db()
    assert first.confirmed and first.note == "Đã sửa số kế hoạch" and first.answered_by
    again = ca.get("/to-chuc/xa-an-phu/nam/2027/chuyen-nam/").content.decode()
    assert re.search(rf'name="ok-{first.pk}" value="1" checked', again)
    assert "Đã sửa số kế hoạch" in again and f"1/{len(items)} điểm đã xác nhận" in again
    year_page = ca.get("/to-chuc/xa-an-phu/nam/2027/").content.decode()
    assert "/to-chuc/xa-an-phu/nam/2027/chuyen-nam/" in year_page
    assert AuditEntry.objects.filter(action="xác nhận chuyển năm").exists()


def test_rollover_checklist_of_another_org_is_not_found(year_a: Year, office_b: Any,
                                                        unit_a: Any) -> None:
    assert client_for(office_b).get(Y + "chuyen-nam/").status_code == 404
    assert client_for(unit_a).get(Y + "chuyen-nam/").status_code == 403


# (d) the office resets a unit account's password, audited
def test_office_resets_a_unit_password_shown_once(ca: Client, unit_a: Any, office_a: Any
                                                  ) -> None:
    member = unit_a.membership
    page = ca.get("/to-chuc/xa-an-phu/tai-khoan/").content.decode()
    assert f'action="/to-chuc/xa-an-phu/tai-khoan/{member.pk}/mat-khau/"' in page
    r = ca.post(f"/to-chuc/xa-an-phu/tai-khoan/{member.pk}/mat-khau/", {"password": ""})
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    password = re.search(r'<code id="one-time-password">([^<]+)</code>', r.content.decode())
    assert password is not None
    unit_a.refresh_from_db()
    assert unit_a.check_password(password.group(1))
    assert not unit_a.check_password(PASSWORD)
    entry = AuditEntry.objects.filter(action="đặt lại mật khẩu").get()
    assert entry.target == "dv-a" and entry.username == "vp-a"
    assert password.group(1) not in entry.detail
    # shown once: the accounts page does not carry it
    assert password.group(1) not in ca.get("/to-chuc/xa-an-phu/tai-khoan/").content.decode()
    # or set to one the office chooses (checked like any password)
    r = ca.post(f"/to-chuc/xa-an-phu/tai-khoan/{member.pk}/mat-khau/", {"password": "123"})
    unit_a.refresh_from_db()
    assert unit_a.check_password(password.group(1))  # too weak: unchanged
    r = ca.post(f"/to-chuc/xa-an-phu/tai-khoan/{member.pk}/mat-khau/",
                {"password": "Chi-Bo-Thon-3-2026"})
    assert r.status_code == 302
    unit_a.refresh_from_db()
    assert unit_a.check_password("Chi-Bo-Thon-3-2026")


def test_password_reset_is_refused_where_it_must_be(ca: Client, unit_a: Any, office_a: Any,
                                                    org_b: Organisation, office_b: Any) -> None:
    from dvk_docs.web.accounts import add_user

    other_office = add_user("vp-a2", office_a.membership.organisation, "van_phong", PASSWORD)
    url = "/to-chuc/xa-an-phu/tai-khoan/{}/mat-khau/"
    # another office account needs an admin; one's own password goes through the form
    assert ca.post(url.format(other_office.membership.pk)).status_code == 403
    assert ca.post(url.format(office_a.membership.pk)).status_code == 403
    # a unit account cannot reset anyone; another organisation does not see the account
    assert client_for(unit_a).post(url.format(unit_a.membership.pk)).status_code == 403
    assert client_for(office_b).post(url.format(unit_a.membership.pk)).status_code == 404
    b_url = "/to-chuc/phuong-hoa-binh/tai-khoan/{}/mat-khau/"
    assert ca.post(b_url.format(office_b.membership.pk)).status_code == 404
    assert ca.get(url.format(unit_a.membership.pk)).status_code == 405
    unit = get_user_model().objects.get(username="dv-a")
    assert unit.check_password(PASSWORD)
