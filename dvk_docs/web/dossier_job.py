"""Hồ sơ đề nghị công nhận in the web app: the checklist asked of the core, and the dossier
PDF built by the task worker with the uploaded evidence attached.

The completeness rule is :func:`dvk_docs.pdf.evidence.checklist` (the core's
``completeness`` plus the required kinds of evidence, ``DOSSIER_REQUIRED_EVIDENCE``); the
dossier is :func:`dvk_docs.api.build_dossier`, given each nominee's evidence as PDF files
(photos on an A4 page) through its ``attachments``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django_tasks import task

from .. import api
from ..errors import DvkError
from ..pdf.dossier import checklist
from ..pdf.evidence import EVIDENCE_KINDS, Checklist, report_nominees
from . import evidence_files, jobs, store
from .models import Evidence, Job, Year

# the dossier job's steps, in order, with the share of the progress bar each one takes
# (LibreOffice's conversion is the long one) and how the page names it
STEPS: dict[str, tuple[int, str]] = {
    "evidence": (10, "Chuẩn bị minh chứng"),
    "render": (25, "Tạo văn bản"),
    "convert": (50, "Chuyển văn bản sang PDF bằng LibreOffice"),
    "merge": (15, "Ghép hồ sơ, đánh số trang"),
}
TOTAL = sum(share for share, _ in STEPS.values())  # 100


def report(job: Job, step: str, done: int, total: int) -> None:
    """Progress of ``step`` (done of total) on the job's row: ``done``/``total`` of the whole
    job in percent, ``message`` says the step, e.g. 'Bước 2/4: Tạo văn bản 3/12'."""
    before = sum(share for key, (share, _) in STEPS.items()
                 if list(STEPS).index(key) < list(STEPS).index(step))
    share, label = STEPS[step]
    part = share * done // total if total else share
    counted = f" {done}/{total}" if step in {"evidence", "render"} else (
        " (xong)" if done and done == total else "…")
    Job.objects.filter(pk=job.pk).update(
        done=before + part, total=TOTAL,
        message=f"Bước {list(STEPS).index(step) + 1}/{len(STEPS)}: {label}{counted}")


def required() -> list[str]:
    return list(settings.DOSSIER_REQUIRED_EVIDENCE)


def evidence_kinds(year: Year) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = defaultdict(list)
    for reg_id, kind in year.evidence.values_list("reg_id", "kind"):
        kinds[reg_id].append(kind)
    return dict(kinds)


def year_checklist(year: Year) -> Checklist:
    loaded = store.load_year(year)
    return checklist(loaded, api.derive_facts(loaded), evidence_kinds(year), required=required())


def _order(ev: Evidence) -> tuple[int, object]:
    return (list(EVIDENCE_KINDS).index(ev.kind) if ev.kind in EVIDENCE_KINDS else 99,
            ev.uploaded)


def write_attachments(year: Year, nominees: list[str], folder: Path,
                      progress: Callable[[int, int], None] | None = None
                      ) -> dict[str, list[Path]]:
    """Each nominee's evidence as PDF files under ``folder``, named by its kind (the dossier's
    contents show that name; the uploaded names are not used), in the order of the kinds;
    photos become A4 pages. ``progress(done, total)`` after each file."""
    out: dict[str, list[Path]] = {}
    rows = sorted(year.evidence.filter(reg_id__in=nominees), key=_order)
    if progress:
        progress(0, len(rows))
    seen: dict[tuple[str, str], int] = {}
    for ev in rows:
        source = ev.path()
        if not source.is_file():
            raise DvkError(f"Minh chứng “{ev.original_name}” của {ev.reg_id}: file không còn "
                           "trên máy chủ; tải lên lại")
        files = out.setdefault(ev.reg_id, [])
        n = seen[ev.reg_id, ev.kind] = seen.get((ev.reg_id, ev.kind), 0) + 1
        target = folder / f"{nominees.index(ev.reg_id):03d}" / \
            (f"{ev.kind_label} ({n}).pdf" if n > 1 else f"{ev.kind_label}.pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        target.write_bytes(data if ev.file_type == "pdf" else evidence_files.image_to_pdf(data))
        files.append(target)
        if progress:
            progress(sum(len(f) for f in out.values()), len(rows))
    return out


def build(job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, total=TOTAL, done=0)
    year = job.year
    with store.open_year(year) as (folder, loaded), \
            tempfile.TemporaryDirectory(prefix="dvk-hoso-") as tmp:
        facts = api.derive_facts(loaded)
        nominees = report_nominees(loaded, facts)
        attachments = write_attachments(year, nominees, Path(tmp) / "minh-chung",
                                        lambda n, total: report(job, "evidence", n, total))
        target = Path(tmp) / "ho-so.pdf"
        result = api.build_dossier(
            folder, target, loaded=loaded, facts=facts, attachments=attachments,
            evidence_kinds=evidence_kinds(year), required_evidence=required(),
            copies=int(job.params.get("copies", 2)),
            allow_incomplete=bool(job.params.get("allow_incomplete")),
            allow_inconsistent=bool(job.params.get("allow_inconsistent")),
            progress=lambda step, n, total: report(job, step, n, total))
        job.filename = f"{job.pk}.pdf"
        dest = jobs.job_file(job)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, dest)
        job.message = (f"{result.pages} trang" + (f"; còn thiếu {len(result.gaps)} chỗ (ghi "
                                                   "trên bìa)" if result.gaps else ""))


def _build_reported(job: Job) -> dict[str, object]:
    build(job)
    return {"message": job.message, "done": TOTAL, "total": TOTAL}


@task()
def run_dossier(job_id: str) -> None:
    jobs.record(Job.objects.select_related("year", "organisation").get(pk=job_id),
                _build_reported)


def start(year: Year, user: object, params: dict[str, object]) -> Job:
    job = Job.objects.create(organisation=year.organisation, year=year, revision=year.revision,
                             kind="dossier", params=params, created_by=user)
    run_dossier.enqueue(str(job.pk))
    job.refresh_from_db()
    return job
