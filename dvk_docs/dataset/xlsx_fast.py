"""The usual worksheet XML read with one regular expression instead of expat's callbacks.

Excel, LibreOffice and openpyxl write a sheet's cells in a few plain forms: ``<c r="B7"
s="3" t="s"><v>12</v></c>``, ``<c r="B7" t="inlineStr"><is><t>text</t></is></c>``, an empty
``<c r="B7" s="3"/>``. Expat calls back into Python for each element's start, end and text
(about 1.2 million calls for 25,000 rows); here one pattern matches a whole cell, so the
sheet of 25,000 rows reads in about half the time. Texts with character references
(``&#7871;``, ``&amp;``) or carriage returns are decoded all at once by expat afterwards,
so they come out exactly as expat gives them.

Only what is known is read: the rows of ``sheetData`` must be a run of those forms and
nothing else (a formula, rich text, a phonetic guide, a namespace prefix, a comment, a
control character, a cell given twice...). Anything else gives None and the caller reads
the sheet with expat (``xlsx._SheetReader``), which says what is wrong with a broken one.
The parts around ``sheetData`` are checked by expat all the same.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from xml.parsers import expat

from .cells import column_index, stored_number


class XlsxBook(Protocol):
    """What is read here of the workbook (``xlsx.XlsxBook``)."""

    formats: list[str]
    date_styles: set[int]
    timedelta_styles: set[int]
    epoch: dt.datetime

    def shared_strings(self) -> list[str]: ...

_ATTRS = rb"""(?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<&]*"|'[^'<&]*'))*\s*"""
_TOKEN = re.compile(
    rb'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="([a-zA-Z]+)")?'  # 1 col, 2 s, 3 t
    rb'(?:/>|>(?:<v>([^<&]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
    rb"|<row(" + _ATTRS + rb")(/?)>"  # 6 attributes, 7 "/" of an empty row
    rb"|</row>"
    rb"|(\s+)"  # 8 whitespace between elements
)
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData(?=[\s>/])" + _ATTRS + rb"(/?)>")
_SHEET_DATA_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData\s*>")
_CONTROL = [bytes([c]) for c in range(32) if c not in b"\t\n\r"]  # not allowed in XML
_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding\s*=\s*["']([^"']*)["']""")


class _NotPlain(Exception):
    """The sheet holds something this reader does not read: expat reads it."""


@dataclass(frozen=True)
class Bounds:
    """Where a worksheet's ``sheetData`` is: its start tag, its rows, its end tag."""

    start: int  # of the start tag
    rows: int  # where the rows begin (after the start tag)
    end: int  # where the rows end (the end tag)
    after: int  # after the end tag
    prefixed: bool  # x:sheetData


def bounds(xml: bytes) -> Bounds | None:
    """Where the rows of the worksheet ``xml`` are (None: no rows, or ``<sheetData/>``)."""
    opening = _SHEET_DATA.search(xml)
    if opening is None or opening.group(2):
        return None
    name_at = xml.rfind(b"sheetData", opening.end())  # the end tag's name, from the end
    tag_at = xml.rfind(b"</", opening.end(), name_at + 1)
    closing = _SHEET_DATA_END.match(xml, tag_at) if tag_at >= 0 else None
    if closing is None:
        return None
    return Bounds(opening.start(), opening.end(), closing.start(), closing.end(),
                  opening.group(1) is not None)


def document(xml: bytes, span: tuple[int, int]) -> bytes:
    """The worksheet ``xml`` with only the rows in ``span`` (a run of whole rows)."""
    where = bounds(xml)
    assert where is not None and where.rows <= span[0] <= span[1] <= where.end
    return xml[:where.rows] + xml[span[0]:span[1]] + xml[where.end:]


def fast_rows(xml: bytes, book: XlsxBook, convert: Callable[[Any, str], Any] | None,
              span: tuple[int, int] | None = None) -> list[tuple[int, list[Any]]] | None:
    """The rows of the worksheet ``xml`` (only those in ``span``, a run of whole rows, when
    given) as ``xlsx._SheetReader`` gives them, or None when the sheet is not in the plain
    forms read here."""
    encoding = _ENCODING.match(xml[:200])
    if encoding is not None and encoding.group(1).lower().replace(b"-", b"") != b"utf8":
        return None
    where = bounds(xml)
    if where is None or where.prefixed:
        return None
    start, end = span or (where.rows, where.end)
    if xml.find(b"]]>", start, end) >= 0 or any(xml.find(c, start, end) >= 0
                                                  for c in _CONTROL):  # memchr: quick
        return None
    if not _well_formed(xml[:where.start], xml[where.after:]):
        return None
    try:
        return _read(xml, start, end, book, convert)
    except (_NotPlain, UnicodeDecodeError, expat.ExpatError):
        return None


def _well_formed(before: bytes, after: bytes) -> bool:
    """Whether the sheet without its rows is well-formed XML (as expat would find it)."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(before + b"<sheetData/>" + after, True)
    except expat.ExpatError:
        return False
    return True


def _read(xml: bytes, start: int, end: int, book: XlsxBook,
          convert: Callable[[Any, str], Any] | None) -> list[tuple[int, list[Any]]]:
    formats, date_styles = book.formats, book.date_styles
    timedelta_styles, epoch = book.timedelta_styles, book.epoch
    shared: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    cells: list[Any] = []
    later: list[tuple[list[Any], int, bytes]] = []  # texts expat decodes at the end
    row_number = 0
    in_row = False
    col = 0
    at = start
    columns: dict[bytes, int] = {}
    styles: dict[bytes | None, int] = {None: 0}
    for m in _TOKEN.finditer(xml, start, end):
        if m.start() != at:
            raise _NotPlain
        at = m.end()
        letters, s, kind, v, inline, row_attrs, empty_row, _space = m.groups()
        if letters is not None:
            if not in_row:
                raise _NotPlain
            col = columns.get(letters) or columns.setdefault(letters,
                                                             column_index(letters.decode()))
            if col != len(cells) + 1:
                if len(cells) >= col:  # the same cell twice: expat's reading decides
                    raise _NotPlain
                cells.extend([None] * (col - 1 - len(cells)))
            style = styles.get(s)
            if style is None:
                style = styles[s] = int(s)
            result: Any = None
            if kind == b"inlineStr":
                if inline is not None:
                    if b"&" in inline or b"\r" in inline:
                        later.append((cells, len(cells), inline))
                    else:
                        result = inline.decode()
            elif inline is not None:
                raise _NotPlain  # <is> in a cell of another type
            elif v:
                if b"\r" in v:
                    raise _NotPlain
                text = v.decode()
                if kind is None or kind == b"n":
                    result = stored_number(text, style, date_styles, timedelta_styles, epoch)
                elif kind == b"s":
                    if shared is None:
                        shared = book.shared_strings()
                    result = shared[int(text)]
                elif kind == b"b":
                    result = bool(int(text))
                elif kind in (b"str", b"e"):
                    result = text
                else:  # an ISO date (t="d") and other rare types: expat's reading
                    raise _NotPlain
            if result is not None and convert is not None and type(result) is not str:
                result = convert(result, formats[style] if style < len(formats) else "General")
            cells.append(result)
        elif row_attrs is not None:
            if in_row:
                raise _NotPlain
            number_attr = _ROW_NUMBER.search(row_attrs)
            row_attrs.decode()  # bytes that are not UTF-8: expat's reading refuses them
            r = number_attr.group(1).decode() if number_attr else ""
            row_number = int(float(r)) if r else row_number + 1
            cells = []
            col = 0
            rows.append((row_number, cells))
            in_row = not empty_row
        elif _space is None:  # </row>
            if not in_row:
                raise _NotPlain
            in_row = False
    if at != end or in_row:
        raise _NotPlain
    if later:
        _decode(later)
    return rows


def _decode(later: list[tuple[list[Any], int, bytes]]) -> None:
    """Put the texts with references or carriage returns in place, decoded by expat in one
    document (one ``t`` element each)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    pieces: list[str] = []
    ends: list[int] = []
    parser.CharacterDataHandler = pieces.append
    parser.EndElementHandler = lambda _name: ends.append(len(pieces))
    parser.Parse(b"<x><t>" + b"</t><t>".join(raw for _, _, raw in later) + b"</t></x>", True)
    start = 0
    for (cells, index, _), stop in zip(later, ends, strict=False):
        cells[index] = "".join(pieces[start:stop])
        start = stop
