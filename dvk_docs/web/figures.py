"""The statistics of a year in the database, computed by the library
(:mod:`dvk_docs.statistics`) once per revision of the year and kept in the cache, so that a
district page over many communes does not load and check every dataset on each visit."""

from __future__ import annotations

from django.core.cache import cache

from ..errors import DvkError
from ..statistics import YearStats, year_stats
from .models import Year
from .store import load_year


def _key(year: Year) -> str:
    # the save time too: a year deleted and made again may get the same id and revision
    stamp = year.updated.timestamp() if year.updated else 0
    return f"dvk-year-stats:{year.pk}:{year.revision}:{stamp}"


def stats_of(year: Year) -> YearStats:
    """The year's figures (raises DvkError when the year does not load)."""
    found = cache.get(_key(year))
    if isinstance(found, YearStats):
        return found
    stats = year_stats(load_year(year))
    cache.set(_key(year), stats, 24 * 3600)
    return stats


def try_stats(year: Year | None) -> tuple[YearStats | None, str | None]:
    """``(stats, None)``, or ``(None, why)`` when the year does not load."""
    if year is None:
        return None, None
    try:
        return stats_of(year), None
    except DvkError as err:
        return None, str(err)


def previous(year: Year) -> Year | None:
    """The organisation's year before this one, if it is in the database."""
    return Year.objects.filter(organisation_id=year.organisation_id, year=year.year - 1).first()
