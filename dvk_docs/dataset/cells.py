"""Excel cell values as a commune clerk sees them on screen, written the Vietnamese way.

openpyxl gives the stored value (``0.1``, ``2.5``, a ``datetime``); what Excel shows depends
on the cell's number format (``10%``, ``2,5``, ``15/3/2026``). These helpers turn a stored
value and its format into that text, so a sheet prints what its author typed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..conventions.dates import short_date


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell whose result Excel never saved (the file was written by a program,
    or saved without recalculating): there is no value to read."""

    formula: str

    def __str__(self) -> str:  # never printed into a document: row_to_registration refuses it
        return ""


@functools.lru_cache(maxsize=256)  # a sheet has a handful of formats, read once per cell
def _strip_format(fmt: str) -> str:
    """The first section of a number format without quoted text, escapes and colours."""
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"', "", section)
    section = re.sub(r"\\.", "", section)
    return re.sub(r"\[[^\]]*\]", "", section)


def _decimals(section: str) -> int | None:
    """Decimal places a format shows (``0.00`` -> 2), or None for General."""
    if "0" not in section and "#" not in section:
        return None
    if "." not in section:
        return 0
    after = section.split(".", 1)[1]
    return len(re.match(r"[0#?]*", after).group(0))  # type: ignore[union-attr]


def vi_number(value: float | int | Decimal, decimals: int | None, grouping: bool) -> str:
    """``2.5`` -> ``2,5``; ``1500000`` -> ``1.500.000`` when ``grouping``."""
    number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{number:f}"
    else:
        text = f"{number.normalize():f}" if number != number.to_integral() else f"{int(number)}"
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    if grouping:
        whole = f"{int(whole):,}".replace(",", ".")
    return sign + whole + ("," + frac if frac else "")


def _is_time_only(section: str) -> bool:
    """``h:mm`` or ``hh:mm:ss``, not a date format (no day, year or month field)."""
    low = section.lower()
    return "h" in low and not re.search(r"[dy]", low)


# formats under which a whole number shows as its digits (no grouping, decimals or sign)
_PLAIN_INT = frozenset({None, "General", "0", "@"})


def cell_text(value: Any, number_format: str | None) -> Any:
    """What Excel shows for a stored ``value`` under ``number_format``, as a string in the
    Vietnamese way; None, text and formula placeholders are returned unchanged."""
    if value is None or isinstance(value, str | Uncomputed):
        return value
    if type(value) is int and number_format in _PLAIN_INT:
        return str(value)  # the Stt column of 25,000 rows: what vi_number gives, directly
    fmt = number_format or "General"
    section = _strip_format(fmt)
    if isinstance(value, bool):
        return "Đúng" if value else "Sai"
    if isinstance(value, dt.datetime):
        if _is_time_only(section) or value.date() == dt.date(1899, 12, 30):
            return value.strftime("%H:%M")
        return short_date(value.date())
    if isinstance(value, dt.date):
        return short_date(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds()) // 60
        return f"{total // 60:02d}:{total % 60:02d}"
    if isinstance(value, int | float):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            return str(value)
        if "%" in section:
            places = _decimals(section.replace("%", ""))
            return vi_number(Decimal(str(value)) * 100, places or 0, False) + "%"
        if re.search(r"[eE][+-]", section):
            return vi_number(value, None, False)
        return vi_number(value, _decimals(section), "," in section and "0" in section)
    return value
