"""Minh chứng and Hồ sơ in the web app: uploads checked by content and size, isolation
between units and organisations, the checklist from the core, the dossier job's PDF."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from dvk_docs.pdf.dossier import checklist
from dvk_docs.web import dossier_job, store
from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Evidence, Job, Organisation, Year

from ..pdf_helpers import make_pdf
from .conftest import PASSWORD, client_for, streamed

NOMINEES = ["DK002", "DK013", "DK017", "DK030"]  # the sample's reports in the Tờ trình
POLICE = "Chi bộ Công an xã"  # the unit of DK017 and DK020


def pdf_bytes(tmp_path: Path, *lines: str) -> bytes:
    return make_pdf(tmp_path / "ev.pdf", list(lines) or ["Minh chung"]).read_bytes()


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def url(name: str, org: Organisation, year: int = 2026, **kw: Any) -> str:
    return reverse(name, kwargs={"slug": org.slug, "year": year, **kw})


def post_file(c: Client, org: Organisation, reg_id: str, data: bytes, name: str,
              kind: str = "bao_cao_ky", **extra: str) -> Any:
    return c.post(url("evidence", org), {
        "reg_id": reg_id, "kind": kind, "note": "",
        "file": SimpleUploadedFile(name, data, content_type="application/pdf"), **extra})


@pytest.fixture
def police(org_a: Organisation) -> Any:
    return add_user("dv-ca", org_a, "don_vi", PASSWORD, POLICE)


# -- upload checks -----------------------------------------------------------------------
def test_real_pdf_and_png_are_kept_under_a_generated_name(ca: Client, org_a: Organisation,
                                                          year_a: Year, tmp_path: Path) -> None:
    r = post_file(ca, org_a, "DK002", pdf_bytes(tmp_path, "Bao cao da ky"), "../../báo cáo.pdf")
    assert r.status_code == 302, r.content.decode()[:2000]
    r = post_file(ca, org_a, "DK002", png_bytes(), "ảnh hoạt động.png", kind="hinh_anh")
    assert r.status_code == 302
    pdf, png = Evidence.objects.order_by("kind")
    assert (pdf.kind, pdf.file_type, pdf.pages, pdf.original_name) == (
        "bao_cao_ky", "pdf", 1, "báo cáo.pdf")
    assert (png.kind, png.file_type) == ("hinh_anh", "png")
    for ev in (pdf, png):
        assert ev.path().is_file()
        assert ev.original_name not in str(ev.path())
        assert ev.path().parent.parent.name == "evidence"
    # listed, and downloaded with the original name
    page = ca.get(url("evidence", org_a)).content.decode()
    assert "báo cáo.pdf" in page and "ảnh hoạt động.png" in page
    r = ca.get(url("evidence_download", org_a, pk=pdf.pk))
    assert r["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''b%C3%A1o%20c%C3%A1o.pdf" in r["Content-Disposition"]
    assert streamed(r) == pdf.path().read_bytes()


def test_exe_renamed_pdf_is_refused(ca: Client, org_a: Organisation, year_a: Year) -> None:
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    r = post_file(ca, org_a, "DK002", exe, "bao-cao.pdf")
    assert r.status_code == 200
    assert "không phải PDF, JPEG hay PNG" in r.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("data", [b"%PDF-1.7\nnot really a pdf", b"\x89PNG\r\n\x1a\nbroken"])
def test_damaged_pdf_or_png_is_refused(ca: Client, org_a: Organisation, year_a: Year,
                                       data: bytes) -> None:
    r = post_file(ca, org_a, "DK002", data, "x.pdf")
    assert r.status_code == 200
    assert "bị hỏng" in r.content.decode()
    assert not Evidence.objects.exists()


def test_locked_pdf_is_refused_on_upload_though_the_dossier_opens_it(
        ca: Client, org_a: Organisation, year_a: Year, tmp_path: Path) -> None:
    """The upload and the dossier read a PDF with the same core function (read_pdf); the
    upload refuses even a file locked with the empty password."""
    from pypdf import PdfWriter

    from dvk_docs.pdf.evidence import read_pdf

    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes(tmp_path, "BAO CAO")))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    locked = buf.getvalue()
    assert len(read_pdf(locked).pages) == 1  # the dossier opens it as viewers do
    r = post_file(ca, org_a, "DK002", locked, "bao-cao.pdf")
    assert r.status_code == 200
    assert ("File PDF có mật khẩu; gỡ mật khẩu (in ra PDF mới) rồi tải lên lại"
            in r.content.decode())
    assert not Evidence.objects.exists()


def test_oversize_is_refused(ca: Client, org_a: Organisation, year_a: Year, tmp_path: Path,
                             settings: Any) -> None:
    data = pdf_bytes(tmp_path)
    settings.MAX_EVIDENCE_BYTES = len(data) - 1
    r = post_file(ca, org_a, "DK002", data, "lon.pdf")
    assert "File quá lớn" in r.content.decode()
    assert not Evidence.objects.exists()
    settings.MAX_EVIDENCE_BYTES = len(data)
    assert post_file(ca, org_a, "DK002", data, "vua.pdf").status_code == 302


def test_delete_removes_the_file(ca: Client, org_a: Organisation, year_a: Year,
                                 tmp_path: Path, django_capture_on_commit_callbacks: Any
                                 ) -> None:
    post_file(ca, org_a, "DK002", pdf_bytes(tmp_path), "a.pdf")
    ev = Evidence.objects.get()
    # asked first: the form without confirm=1 (no JavaScript) gets the confirm page
    page = ca.post(url("evidence_delete", org_a, pk=ev.pk))
    assert page.status_code == 200 and "Xóa minh chứng?" in page.content.decode()
    assert Evidence.objects.exists() and ev.path().exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = ca.post(url("evidence_delete", org_a, pk=ev.pk), {"confirm": "1"})
    assert r.status_code == 302
    assert not Evidence.objects.exists() and not ev.path().exists()


# -- isolation ---------------------------------------------------------------------------
def test_unit_sees_and_uploads_only_its_own_models(org_a: Organisation, year_a: Year,
                                                   police: Any, unit_a: Any, ca: Client,
                                                   tmp_path: Path) -> None:
    cu, other = client_for(police), client_for(unit_a)
    assert post_file(cu, org_a, "DK017", pdf_bytes(tmp_path), "ca.pdf").status_code == 302
    # not for another unit's model (DK001 is the Mặt trận's)
    assert post_file(cu, org_a, "DK001", pdf_bytes(tmp_path), "x.pdf").status_code == 404
    post_file(ca, org_a, "DK001", pdf_bytes(tmp_path), "mat-tran.pdf")
    mine = Evidence.objects.get(reg_id="DK017")
    theirs = Evidence.objects.get(reg_id="DK001")
    page = cu.get(url("evidence", org_a)).content.decode()
    assert "ca.pdf" in page and "mat-tran.pdf" not in page
    assert 'value="DK017"' in page and 'value="DK001"' not in page
    assert cu.get(url("evidence_download", org_a, pk=theirs.pk)).status_code == 404
    assert cu.post(url("evidence_delete", org_a, pk=theirs.pk)).status_code == 404
    assert other.get(url("evidence_download", org_a, pk=mine.pk)).status_code == 404
    assert Evidence.objects.count() == 2
    # the dossier page is the office's
    assert cu.get(url("dossier", org_a)).status_code == 403


def test_other_organisation_gets_404_everywhere(org_a: Organisation, year_a: Year,
                                                org_b: Organisation, office_b: Any,
                                                ca: Client, tmp_path: Path) -> None:
    post_file(ca, org_a, "DK002", pdf_bytes(tmp_path), "a.pdf")
    ev = Evidence.objects.get()
    job = Job.objects.create(organisation=org_a, year=year_a, revision=1, kind="dossier",
                             status=Job.Status.DONE, filename="x.pdf")
    cb = client_for(office_b)
    gets = [url("evidence", org_a), url("evidence_download", org_a, pk=ev.pk),
            url("dossier", org_a), url("dossier_job", org_a, job=job.pk),
            url("dossier_download", org_a, job=job.pk)]
    posts = [*gets[:1], url("evidence_delete", org_a, pk=ev.pk), url("dossier_build", org_a)]
    for u in gets:
        assert cb.get(u).status_code == 404, u
    for u in posts:
        assert cb.post(u, {"reg_id": "DK002"}).status_code == 404, u
    # B's own year with A's ids: nothing of A's is found
    yb = org_b.years.get().year
    assert cb.get(url("evidence_download", org_b, yb, pk=ev.pk)).status_code == 404
    assert cb.get(url("dossier_download", org_b, yb, job=job.pk)).status_code == 404
    assert Evidence.objects.count() == 1


def test_files_are_not_served_by_path(ca: Client, org_a: Organisation, year_a: Year,
                                      tmp_path: Path) -> None:
    post_file(ca, org_a, "DK002", pdf_bytes(tmp_path), "a.pdf")
    ev = Evidence.objects.get()
    for guess in (f"/media/evidence/{org_a.pk}/{ev.stored_name}", f"/media/{ev.stored_name}",
                  f"/static/../media/evidence/{org_a.pk}/{ev.stored_name}",
                  url("evidence", org_a) + ev.stored_name):
        assert ca.get(guess).status_code == 404, guess


# -- checklist ---------------------------------------------------------------------------
def test_checklist_comes_from_the_core_and_turns_complete(ca: Client, org_a: Organisation,
                                                          year_a: Year, tmp_path: Path) -> None:
    loaded = store.load_year(year_a)
    from dvk_docs import api

    core = checklist(loaded, api.derive_facts(loaded), {}, required=["bao_cao_ky"])
    assert [n.reg_id for n in core.nominees if n.in_dossier] == NOMINEES
    assert len(core.gaps) == 4 and all("chưa có minh chứng" in g for g in core.gaps)
    page = ca.get(url("dossier", org_a)).content.decode()
    assert "Hồ sơ còn thiếu 4 chỗ" in page
    for gap in core.gaps:
        assert gap.replace("“", "&ldquo;").replace("”", "&rdquo;") in page or gap in page
    for reg_id in NOMINEES:
        post_file(ca, org_a, reg_id, pdf_bytes(tmp_path), f"{reg_id}.pdf", back="ho-so")
        if reg_id != NOMINEES[-1]:
            assert "Hồ sơ còn thiếu" in ca.get(url("dossier", org_a)).content.decode()
    page = ca.get(url("dossier", org_a)).content.decode()
    assert "Hồ sơ đã đủ" in page
    assert dossier_job.year_checklist(year_a).complete


def test_required_kinds_are_a_setting(ca: Client, org_a: Organisation, year_a: Year,
                                      settings: Any) -> None:
    settings.DOSSIER_REQUIRED_EVIDENCE = []
    assert dossier_job.year_checklist(year_a).complete
    settings.DOSSIER_REQUIRED_EVIDENCE = ["bao_cao_ky", "hinh_anh"]
    assert len(dossier_job.year_checklist(year_a).gaps) == 8


# -- the dossier job (one LibreOffice run) -------------------------------------------------
def test_dossier_job_attaches_the_evidence(ca: Client, org_a: Organisation, year_a: Year,
                                           tmp_path: Path) -> None:
    for reg_id in NOMINEES:
        r = post_file(ca, org_a, reg_id, pdf_bytes(tmp_path, f"BAN KY {reg_id} SO 4711"),
                      f"{reg_id}.pdf")
        assert r.status_code == 302, r.content.decode()[-3000:]
    post_file(ca, org_a, "DK017", png_bytes((300, 200)), "anh.png", kind="hinh_anh")
    assert Evidence.objects.count() == 5
    r = ca.post(url("dossier_build", org_a), {"copies": "1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    job = Job.objects.get(kind="dossier")
    assert job.status == Job.Status.DONE, job.message
    assert "Tải hồ sơ (.pdf)" in ca.get(url("dossier_job", org_a, job=job.pk),
                                         HTTP_HX_REQUEST="true").content.decode()
    content = streamed(ca.get(url("dossier_download", org_a, job=job.pk)))
    reader = PdfReader(io.BytesIO(content))

    def walk(items: list[Any], depth: int = 0) -> list[tuple[int, str, int]]:
        out = []
        for it in items:
            if isinstance(it, list):
                out += walk(it, depth + 1)
            else:
                out.append((depth, it.title, reader.get_destination_page_number(it)))
        return out

    marks = walk(reader.outline)
    evidence = [m for m in marks if m[1].startswith("Minh chứng")]
    assert [m[1] for m in evidence].count(
        "Minh chứng: Báo cáo thành tích đã ký, có xác nhận (bản quét)") == 4
    assert "Minh chứng: Hình ảnh hoạt động" in [m[1] for m in evidence]
    for reg_id in NOMINEES:  # each scan's page carries its own text, after its report
        hits = [i for i, p in enumerate(reader.pages)
                if f"BAN KY {reg_id} SO 4711" in (p.extract_text() or "")]
        assert len(hits) == 1, reg_id
        assert hits[0] in {m[2] for m in evidence}
    photo = next(m for m in evidence if "Hình ảnh" in m[1])
    assert reader.pages[photo[2]].images  # the photo is on its own A4 page
    assert round(float(reader.pages[photo[2]].mediabox.width)) in {595, 842}


def test_checklist_part_alone_for_htmx(ca: Client, org_a: Organisation, year_a: Year) -> None:
    r = ca.get(url("dossier", org_a) + "?part=checklist", HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "Hồ sơ còn thiếu 4 chỗ" in body and "<html" not in body
