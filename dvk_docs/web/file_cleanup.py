"""Files on disk follow their rows: an evidence file, a built set or dossier, the plan's page
images are removed once the row that names them is deleted — by its own page, or with its
year or organisation — and only after that transaction commits (a rolled-back delete keeps
both). :func:`orphans` finds files no row refers to (left by an older version, a crash
between commit and removal, a restore); ``dvk-docs cleanup`` lists them and, with
``--delete``, removes them.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete

from .models import Evidence, Job, Organisation, PageImage

# a file younger than this may belong to a row being written right now (a job building)
MIN_AGE_SECONDS = 3600


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _after_commit(path: Path) -> None:
    transaction.on_commit(lambda: _remove(path))


def _evidence_deleted(sender: Any, instance: Evidence, **_: Any) -> None:
    _after_commit(instance.path())


def _job_deleted(sender: Any, instance: Job, **_: Any) -> None:
    if instance.filename:
        from .jobs import job_file

        _after_commit(job_file(instance))


def _images_deleted(sender: Any, instance: PageImage, **_: Any) -> None:
    from .page_images import folder

    _after_commit(folder(instance.year, instance.kind, instance.revision))


def connect() -> None:
    """Paths are taken before the delete (pre_delete: the organisation's slug is still
    there when the delete cascades from it), removed after the commit."""
    pre_delete.connect(_evidence_deleted, sender=Evidence, dispatch_uid="dvk-evidence-file")
    pre_delete.connect(_job_deleted, sender=Job, dispatch_uid="dvk-job-file")
    pre_delete.connect(_images_deleted, sender=PageImage, dispatch_uid="dvk-page-images")


def _kept() -> set[Path]:
    """Every path a row refers to."""
    media = Path(settings.MEDIA_DIR) / "evidence"
    files = Path(settings.FILES_DIR)
    kept = {media / str(org) / name
            for org, name in Evidence.objects.values_list("organisation_id", "stored_name")}
    slugs = dict(Organisation.objects.values_list("pk", "slug"))
    for org, pk in Job.objects.values_list("organisation_id", "pk"):
        # a job's file is named by its id (.zip, .pdf, or .part while it is written)
        for ext in (".zip", ".pdf", ".part"):
            kept.add(files / slugs[org] / f"{pk}{ext}")
    for slug, year, kind, revision in PageImage.objects.values_list(
            "year__organisation__slug", "year__year", "kind", "revision"):
        kept.add(files / slug / "trang-in" / f"{year}-{kind}-r{revision}")
    return kept


def orphans(min_age: float = MIN_AGE_SECONDS) -> list[Path]:
    """Files (and page-image folders) under the data folder that no row refers to, older
    than ``min_age`` seconds; sorted."""
    kept = _kept()
    now = time.time()
    found: list[Path] = []
    media = Path(settings.MEDIA_DIR) / "evidence"
    candidates = [p for p in media.glob("*/*") if p.is_file()] if media.is_dir() else []
    files = Path(settings.FILES_DIR)
    if files.is_dir():
        for org_dir in (p for p in files.iterdir() if p.is_dir()):
            candidates += [p for p in org_dir.iterdir() if p.is_file()]
            images = org_dir / "trang-in"
            if images.is_dir():
                candidates += [p for p in images.iterdir() if p.is_dir()]
    for path in candidates:
        if path not in kept and now - path.stat().st_mtime >= min_age:
            found.append(path)
    return sorted(found)


def remove(paths: list[Path]) -> int:
    for path in paths:
        _remove(path)
    return len(paths)
