"""The plan's printed pages as images: the saved revision rendered to .docx, converted to PDF
by LibreOffice and to PNG by pdftoppm, in a background job (no request waits on LibreOffice),
kept per revision so a page that is shown again costs nothing."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError

from .. import api
from ..errors import DvkError
from . import store
from .models import Job, PageImage, Year

JOB_KIND = "page_png"
RESOLUTION = 80  # dots per inch: an A4 page 661 px wide, sharp enough to read on a screen
MAX_PAGES = 12
PDFTOPPM_TIMEOUT = 60


def folder(year: Year, kind: str, revision: int) -> Path:
    return (Path(settings.FILES_DIR) / year.organisation.slug / "trang-in"
            / f"{year.year}-{kind}-r{revision}")


def current(year: Year, kind: str) -> PageImage | None:
    """The images of the year's current revision, if they were made and are still there."""
    found = PageImage.objects.filter(year=year, kind=kind, revision=year.revision).first()
    if found and (folder(year, kind, found.revision) / "1.png").is_file():
        return found
    return None


def ensure(year: Year, kind: str, user: Any, once: Callable[..., tuple[Job, bool]]
           ) -> tuple[PageImage | None, Job | None]:
    """The current images, or the job making them: ``once`` (i.e.
    :func:`dvk_docs.web.jobs.once`) gives the revision's one job, started when there is
    none yet; a failed one is shown, not retried on every reload."""
    found = current(year, kind)
    if found is not None:
        return found, None
    job, new = once(year, JOB_KIND, user, {"kind": kind})
    if not new and job.status == Job.Status.DONE:  # made, but the images were removed
        job.delete()
        job, new = once(year, JOB_KIND, user, {"kind": kind})
    if new:
        found = current(year, kind)  # an immediate task backend has finished already
    return found, job


def build(job: Job) -> None:
    """The job's work: render, convert, rasterise, record (called by jobs.run_job)."""
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, total=3)
    kind = job.params["kind"]
    year = job.year
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise DvkError("Chưa cài poppler-utils (pdftoppm) để tạo ảnh trang in")
    with store.open_year(year) as (dataset, _loaded), \
            tempfile.TemporaryDirectory(prefix="dvk-page-") as tmp:
        target = Path(tmp) / "van-ban.docx"
        api.render_one(kind, dataset, target, allow_inconsistent=True, pdf=True)
        Job.objects.filter(pk=job.pk).update(done=2)
        prefix = Path(tmp) / "trang"
        try:
            subprocess.run([pdftoppm, "-png", "-r", str(RESOLUTION), "-l", str(MAX_PAGES),
                            str(target.with_suffix(".pdf")), str(prefix)],
                           check=True, capture_output=True, timeout=PDFTOPPM_TIMEOUT)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            raise DvkError(f"Không tạo được ảnh trang in (pdftoppm): {err}") from None
        pngs = sorted(Path(tmp).glob("trang-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        dest = folder(year, kind, job.revision)
        staged = dest.with_name(dest.name + ".part")
        shutil.rmtree(staged, ignore_errors=True)
        staged.mkdir(parents=True)
        for n, png in enumerate(pngs, 1):
            shutil.move(str(png), staged / f"{n}.png")
        shutil.rmtree(dest, ignore_errors=True)
        staged.replace(dest)
    with contextlib.suppress(IntegrityError):  # made twice at once: the other is as good
        PageImage.objects.update_or_create(year=year, kind=kind, revision=job.revision,
                                           defaults={"pages": len(pngs)})
    job.filename = ""
