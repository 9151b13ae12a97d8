"""What a year's page shows about the dataset (stage, contradictions, warnings), computed by
the library once per revision of the year and kept in the cache: pages that only show it do
not load and check the whole dataset on every request."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache

from .. import api
from ..errors import DvkError
from ..progress import YearProgress, year_progress
from . import store
from .models import Year


@dataclass
class YearStatus:
    progress: YearProgress | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def year_status(year: Year) -> YearStatus:
    key = f"dvk-year-status:{year.pk}:{year.revision}"
    found = cache.get(key)
    if isinstance(found, YearStatus):
        return found
    status = YearStatus()
    try:
        with store.open_year(year) as (_folder, loaded):
            status.progress = year_progress(loaded)
            status.problems = [p.message for p in api.check_dataset(loaded)]
            status.warnings = list(loaded.warnings)
    except DvkError as err:
        status.error = str(err)
    cache.set(key, status, 24 * 3600)
    return status
