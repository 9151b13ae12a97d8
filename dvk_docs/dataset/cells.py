"""Excel cell values as a commune clerk sees them on screen, written the Vietnamese way.

openpyxl gives the stored value (``0.1``, ``2.5``, a ``datetime``); what Excel shows depends
on the cell's number format (``10%``, ``2,5``, ``15/3/2026``). These helpers turn a stored
value and its format into that text, so a sheet prints what its author typed.

Also what both sheet readers (``xlsx.py``, ``xlsx_fast.py``) share: a column's number from
its letters, an Excel serial number as a date, and ``XlsxBroken``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..conventions.dates import short_date

WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)


class XlsxBroken(Exception):
    """The file or one of its parts cannot be read (the message says which)."""


def from_excel(value: float, epoch: dt.datetime, timedelta: bool = False) -> Any:
    """An Excel serial number as a datetime, a time (below 1) or a timedelta; openpyxl's
    ``utils.datetime.from_excel`` (the 1900 leap-year bug included)."""
    if timedelta:
        td = dt.timedelta(days=value)
        if td.microseconds:
            td = dt.timedelta(seconds=td.total_seconds() // 1,
                              microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        mins, seconds = divmod(diff.seconds, 60)
        hours, mins = divmod(mins, 60)
        return dt.time(hours, mins, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + dt.timedelta(days=day) + diff


def stored_number(text: str, style: int, date_styles: set[int], timedelta_styles: set[int],
                  epoch: dt.datetime) -> Any:
    """A number cell's stored text as openpyxl gives it: an int or a float, a date, time or
    duration for a date style, '#VALUE!' for a date Excel cannot show."""
    number: Any = float(text) if "." in text or "e" in text or "E" in text else int(text)
    if style in date_styles:
        try:
            number = from_excel(number, epoch, style in timedelta_styles)
        except (OverflowError, ValueError):
            number = "#VALUE!"
    return number


_COLUMNS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27 (cached: a sheet has few distinct columns)."""
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        for ch in letters.upper():
            if not "A" <= ch <= "Z":
                raise XlsxBroken(f"ô có địa chỉ không hợp lệ ({letters})")
            index = index * 26 + ord(ch) - 64
        _COLUMNS[letters] = index
    return index


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
