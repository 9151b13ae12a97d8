"""The dossier job shows real progress: evidence attached n/N, documents rendered n/N, the
PDF conversion, the merge — on the job's row, which the page polls."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.test import Client
from pypdf import PdfReader, PdfWriter

from dvk_docs.pdf import dossier as core_dossier
from dvk_docs.web import dossier_job
from dvk_docs.web.models import Job, Organisation, Year

from .test_evidence import NOMINEES, pdf_bytes, post_file, url


def _blank_pdfs(docs: list[bytes], _timeout: float) -> list[bytes]:
    """LibreOffice's stand-in: one A4 page per document (the conversion is tested elsewhere)."""
    out = []
    for _ in docs:
        w = PdfWriter()
        w.add_blank_page(595, 842)
        buf = io.BytesIO()
        w.write(buf)
        out.append(buf.getvalue())
    return out


def test_progress_advances_through_every_step(ca: Client, org_a: Organisation, year_a: Year,
                                              tmp_path: Path, monkeypatch: Any) -> None:
    for reg_id in NOMINEES[:3]:
        assert post_file(ca, org_a, reg_id, pdf_bytes(tmp_path, reg_id), f"{reg_id}.pdf"
                         ).status_code == 302
    monkeypatch.setattr(core_dossier, "_convert", _blank_pdfs)
    monkeypatch.setattr(core_dossier, "find_soffice", lambda: "soffice")
    seen: list[tuple[str, int, int, int, str]] = []
    real = dossier_job.report

    def spy(job: Job, step: str, done: int, total: int) -> None:
        real(job, step, done, total)
        row = Job.objects.get(pk=job.pk)  # what the page shows at this moment
        assert row.status == Job.Status.RUNNING
        seen.append((step, done, total, row.percent, row.message))

    monkeypatch.setattr(dossier_job, "report", spy)
    r = ca.post(url("dossier_build", org_a), {"copies": "1", "allow_incomplete": "1"},
                HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    job = Job.objects.get(kind="dossier")
    assert job.status == Job.Status.DONE, job.message
    steps = [s for s, *_ in seen]
    # the steps in order, each one reported
    assert [s for i, s in enumerate(steps) if i == 0 or steps[i - 1] != s] == [
        "evidence", "render", "convert", "merge"]
    evidence = [(d, t) for s, d, t, *_ in seen if s == "evidence"]
    assert evidence == [(0, 3), (1, 3), (2, 3), (3, 3)]
    render = [(d, t) for s, d, t, *_ in seen if s == "render"]
    assert render[0][0] == 0 and render[-1][0] == render[-1][1] >= 5
    assert [d for d, _ in render] == list(range(len(render)))
    percents = [p for *_, p, _m in seen]
    assert percents == sorted(percents) and percents[0] < 10 and percents[-1] == 100
    messages = [m for *_, m in seen]
    assert "Bước 1/4: Chuẩn bị minh chứng 2/3" in messages
    assert f"Bước 2/4: Tạo văn bản 1/{render[-1][1]}" in messages
    assert "Bước 3/4: Chuyển văn bản sang PDF bằng LibreOffice…" in messages
    assert "Bước 4/4: Ghép hồ sơ, đánh số trang (xong)" in messages
    # the finished job says what it made, and the page offers it
    assert "trang" in job.message and job.percent == 100
    page = ca.get(url("dossier_job", org_a, job=job.pk), HTTP_HX_REQUEST="true")
    assert "Tải hồ sơ (.pdf)" in page.content.decode()


def test_the_page_shows_the_running_step(ca: Client, org_a: Organisation,
                                         year_a: Year) -> None:
    job = Job.objects.create(organisation=org_a, year=year_a, revision=year_a.revision,
                             kind="dossier", status=Job.Status.RUNNING)
    dossier_job.report(job, "render", 4, 9)
    html = ca.get(url("dossier_job", org_a, job=job.pk), HTTP_HX_REQUEST="true"
                  ).content.decode()
    assert "Bước 2/4: Tạo văn bản 4/9" in html
    job.refresh_from_db()
    assert job.percent == 10 + 25 * 4 // 9 and 'hx-trigger="load delay:1s"' in html


def test_core_progress_without_the_web(year_a: Year, tmp_path: Path, monkeypatch: Any
                                       ) -> None:
    """The core's build_dossier reports the same steps to any caller."""
    from dvk_docs.web import store

    monkeypatch.setattr(core_dossier, "_convert", _blank_pdfs)
    monkeypatch.setattr(core_dossier, "find_soffice", lambda: "soffice")
    calls: list[tuple[str, int, int]] = []
    with store.open_year(year_a) as (folder, loaded):
        result = core_dossier.build_dossier(folder, tmp_path / "ho-so.pdf", loaded=loaded,
                                            allow_incomplete=True,
                                            progress=lambda *a: calls.append(a))
    assert calls[-1] == ("merge", 1, 1) and ("convert", 0, 1) in calls
    assert len(PdfReader(result.path).pages) == result.pages
