"""Long work in the background (django-tasks, database backend): whole sets and PDFs.

A :class:`~dvk_docs.web.models.Job` row records what was asked and how far it got; the task
worker (``db_worker``, started by ``dvk-docs serve``) runs :func:`run_job`; pages poll the row
with htmx. The work itself is :func:`dvk_docs.api.build` / :func:`dvk_docs.api.render_one`.

Jobs started by a GET (the rule). Two links start work when they are opened: *Tải bộ văn
bản (.zip)* (``set_zip``) and the plan's printed pages (``plan_images``). A GET may be
repeated by anyone — a reload, a second tab, a prefetcher, a ``cap_tren`` account reading —
so a GET never starts a second job: :func:`once` returns the job of the year's *current
revision* and the same kind (and parameters) that is queued, running, done or failed, and
starts one only when there is none; the check and the new row are made under the year's
row lock, so two GETs at once make one job. A failed job is shown with its message, not
retried by a reload: saving the year (a new revision) or a POST from the office starts
again. What such a job makes is a file derived from the saved data (a cache anyone with
read access may download), never data: it changes no dataset, registration, number,
evidence, revision or audit entry, which is why a visiting ``cap_tren`` account may cause
it. Work asked for by a form (``build_set``, ``pdf``, ``dossier_build``) is a POST, the
office's only, and starts a new job each time it is asked.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .. import api
from ..errors import DvkError
from . import store
from .models import Job, Year


def job_file(job: Job) -> Path:
    return Path(settings.FILES_DIR) / job.organisation.slug / (job.filename or "-")


def start(year: Year, kind: str, user: Any, params: dict[str, Any] | None = None) -> Job:
    job = Job.objects.create(organisation=year.organisation, year=year, revision=year.revision,
                             kind=kind, params=params or {}, created_by=user)
    run_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def once(year: Year, kind: str, user: Any, params: dict[str, Any] | None = None, *,
         kinds: tuple[str, ...] = (), enqueue: bool = True, any_params: bool = False
         ) -> tuple[Job, bool]:
    """The job of ``year``'s current revision for ``kind`` (or any of ``kinds``) with these
    ``params`` (any, with ``any_params``) — whatever its status — or a new one (``True``)
    when there is none; see the module's rule. ``enqueue=False``: the caller runs the new
    job itself."""
    params = params or {}
    with transaction.atomic():
        locked = Year.objects.select_for_update().get(pk=year.pk)
        for job in Job.objects.filter(year=locked, revision=locked.revision,
                                      kind__in=kinds or (kind,)).order_by("-created"):
            if (any_params or job.params == params) and (job.status != Job.Status.DONE
                                         or not job.filename or job_file(job).is_file()):
                return job, False
        job = Job.objects.create(organisation=locked.organisation, year=locked,
                                 revision=locked.revision, kind=kind, params=params,
                                 created_by=user)
    if enqueue:
        run_job.enqueue(str(job.pk))
        job.refresh_from_db()
    return job, True


def _zip_folder(folder: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    tmp.replace(target)


def build_set(job: Job, *, pdf: bool) -> None:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    with store.open_year(job.year) as (folder, loaded), \
            tempfile.TemporaryDirectory(prefix="dvk-set-") as tmp:
        total = api.count_documents(loaded)
        Job.objects.filter(pk=job.pk).update(total=total + (1 if pdf else 0))
        done = 0

        def step(_name: str) -> None:
            nonlocal done
            done += 1
            Job.objects.filter(pk=job.pk).update(done=done)

        out = Path(tmp) / f"van-ban-{job.year.year}"
        api.build(folder, out, loaded=loaded, progress=step, pdf=pdf,
                  allow_inconsistent=bool(job.params.get("allow_inconsistent")))
        name = f"{job.pk}.zip"
        job.filename = name
        _zip_folder(out, job_file(job))


def build_pdf(job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, total=1)
    kind = job.params["kind"]
    item = job.params.get("id") or None
    with store.open_year(job.year) as (folder, _loaded), \
            tempfile.TemporaryDirectory(prefix="dvk-pdf-") as tmp:
        target = Path(tmp) / "van-ban.docx"
        api.render_one(kind, folder, target, registration_id=item, pdf=True,
                       allow_inconsistent=True)
        job.filename = f"{job.pk}.pdf"
        dest = job_file(job)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target.with_suffix(".pdf"), dest)


def record(job: Job, work: Callable[[Job], dict[str, object] | None]) -> None:
    """Run ``work`` for ``job`` and record how it ended, for the page that polls it: done
    (with the fields ``work`` returns), failed with the library's message, or failed with a
    bug's text (then raised again for the worker's log)."""
    try:
        extra = work(job) or {}
    except DvkError as err:
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message=str(err),
                                             finished=timezone.now())
        return
    except Exception as err:  # a bug: record it for the page, then let the worker log it
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED,
                                             message=f"Lỗi hệ thống: {err}",
                                             finished=timezone.now())
        raise
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, filename=job.filename,
                                         finished=timezone.now(), **extra)


def _work(job: Job) -> None:
    if job.kind in {"set", "set_pdf"}:
        build_set(job, pdf=job.kind == "set_pdf")
    elif job.kind == "pdf":
        build_pdf(job)
    elif job.kind == "page_png":  # the plan's printed pages as images
        from .page_images import build as build_page_images

        build_page_images(job)
    else:
        raise DvkError(f"không biết việc '{job.kind}'")


@task()
def run_job(job_id: str) -> None:
    record(Job.objects.select_related("year", "organisation").get(pk=job_id), _work)


def fresh_set(year: Year) -> Job | None:
    """The newest finished set of the year's current revision, if its file is still there."""
    for job in year.jobs.filter(kind__in=["set", "set_pdf"], status=Job.Status.DONE,
                                revision=year.revision).select_related("organisation"):
        if job_file(job).is_file():
            return job
    return None
