"""Dates as written in Vietnamese official documents (same rule for both families).

Day below 10 and months 1–2 take a leading zero; months 3–12 never do:
``ngày 05 tháng 02 năm 2026``, ``ngày 12 tháng 3 năm 2026``.
"""

from __future__ import annotations

import datetime
import functools

from dvk_docs.conventions.text import collapse_spaces, nfc
from dvk_docs.errors import ConventionError

#: Gap left for a handwritten day or month in ``place_date_line``.
HANDWRITTEN_GAP = " " * 6


def _check_date(d: datetime.date) -> datetime.date:
    if not isinstance(d, datetime.date):
        raise ConventionError(f"expected a date, got {d!r}")
    return d


def _day(d: datetime.date) -> str:
    return f"{d.day:02d}"


def _month(d: datetime.date) -> str:
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def long_date(d: datetime.date) -> str:
    """Return ``"ngày 05 tháng 02 năm 2026"`` / ``"ngày 12 tháng 3 năm 2026"``."""
    d = _check_date(d)
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def place_date_line(place: str, d: datetime.date | None, *, year: int | None = None) -> str:
    """Return the place-and-date line, e.g. ``"An Phú, ngày 05 tháng 02 năm 2026"``.

    When ``d`` is None the day and month are left blank for handwriting and ``year`` is
    used: ``"An Phú, ngày      tháng      năm 2026"``. If both are given they must agree.
    """
    if type(place) is not str or not isinstance(d, datetime.date | None):
        return _place_date_line.__wrapped__(place, d, year)  # says what is wrong
    return _place_date_line(place, d, year)


@functools.lru_cache(maxsize=1024)  # 25,000 phiếu of a province share a few hundred dates
def _place_date_line(place: str, d: datetime.date | None, year: int | None) -> str:
    if not isinstance(place, str) or not collapse_spaces(place):
        raise ConventionError("địa danh (place) đang trống; ghi tên xã/phường, ví dụ 'An Phú'")
    where = collapse_spaces(nfc(place)).rstrip(",").rstrip()
    if d is None:
        if year is None:
            raise ConventionError("place_date_line needs either a date or a year")
        if isinstance(year, bool) or not isinstance(year, int) or year < 1:
            raise ConventionError(f"year must be a positive whole number, got {year!r}")
        return f"{where}, ngày{HANDWRITTEN_GAP}tháng{HANDWRITTEN_GAP}năm {year}"
    d = _check_date(d)
    if year is not None and year != d.year:
        raise ConventionError(
            f"ngày {d:%d/%m/%Y} không thuộc năm {year} của bộ dữ liệu (year); "
            "sửa ngày hoặc năm"
        )
    return f"{where}, {long_date(d)}"


def short_date(d: datetime.date) -> str:
    """Return ``"05/02/2026"`` / ``"15/3/2026"`` (same zero rule as :func:`long_date`)."""
    d = _check_date(d)
    return f"{_day(d)}/{_month(d)}/{d.year}"


def cited_date(d: datetime.date) -> str:
    """Return ``"ngày 05/02/2026"``, the short form used when citing another document."""
    return f"ngày {short_date(d)}"


def cited_after_number(d: datetime.date | None, family: object) -> str:
    """What follows 'số 12/KH-UBND' when citing a document: Party ', ngày 26/01/2026' (comma,
    as in the Party seeds), State ' ngày 26/01/2026' (no comma, Nghị định 30/2020); '' without
    a date. ``family`` is a Family or its value ('party'/'state')."""
    if d is None:
        return ""
    party = getattr(family, "value", family) == "party"
    return f"{',' if party else ''} {cited_date(d)}"
