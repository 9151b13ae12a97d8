"""What a year's page shows about the dataset (stage, contradictions, warnings), computed by
the library once per revision of the year and kept in the cache (a file cache in the data
folder, shared by every process of the server): pages that only show it do
not load and check the whole dataset on every request. A save puts the new revision's status
in the cache from the dataset it has just validated."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache

from .. import api
from ..dataset import LoadedDataset
from ..progress import YearProgress, year_progress
from .models import Year


@dataclass
class YearStatus:
    progress: YearProgress | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def compute(loaded: LoadedDataset) -> YearStatus:
    return YearStatus(progress=year_progress(loaded),
                      problems=[p.message for p in api.prepare(loaded).problems],
                      warnings=list(loaded.warnings))


def _key(year: Year) -> str:
    # 'created' too: a database that hands out a deleted year's id again (SQLite after a
    # rollback, a restored backup) must not meet that year's status in the shared cache
    return f"dvk-year-status:{year.pk}:{year.created.timestamp():.6f}:{year.revision}"


def cached(year: Year) -> YearStatus | None:
    found = cache.get(_key(year))
    return found if isinstance(found, YearStatus) else None


def remember(year: Year, status: YearStatus) -> None:
    cache.set(_key(year), status, 24 * 3600)
