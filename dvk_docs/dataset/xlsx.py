"""A lean .xlsx reader: the cell values of one worksheet as openpyxl's read-only mode gives
them (``data_only``), with each cell's number format, in a fraction of the time.

openpyxl builds an object per cell and per shared string (4.4 s for a 25,000-row sheet on
the 2-core machine of issue 14); this reader streams the sheet's XML through the standard
library's expat parser and keeps only what the registration sheet needs: the value, the
style's number format (so ``cells.cell_text`` prints 10%, 2,5, 15/3/2026), the formula of a
cell Excel never computed. It reads the workbook's sheet names, their visibility and the
active sheet, the shared strings and the styles' number formats, and nothing else (merged
cells keep their value in the first cell only, as in openpyxl's read-only mode).

Broken files raise ``XlsxBroken`` (a part missing, XML cut short, a zip CRC error); the
caller words the message. Rare things (ISO date cells, shared formulas without a cached
value) borrow openpyxl's helpers, imported only then.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree
from xml.parsers import expat

from .cells import (
    MAC_EPOCH,
    WINDOWS_EPOCH,
    Uncomputed,
    XlsxBroken,
    column_index,
    stored_number,
)

# Excel's built-in number formats (ECMA-376 18.8.30), as openpyxl names them.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

# What makes a format a date or a duration (openpyxl.styles.numbers, same rules).
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)

_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_REL_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


def is_date_format(fmt: str | None) -> bool:
    if fmt is None:
        return False
    return _DATE_LETTER.search(_STRIP.sub("", fmt.split(";")[0])) is not None


def is_timedelta_format(fmt: str | None) -> bool:
    return fmt is not None and _TIMEDELTA.search(fmt.split(";")[0]) is not None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass
class SheetInfo:
    title: str
    state: str  # visible / hidden / veryHidden
    part: str | None  # the worksheet's path in the zip; None for a chart sheet


_READ_ERRORS = (KeyError, zipfile.BadZipFile, zlib.error, EOFError, expat.ExpatError, ValueError,
                IndexError, OverflowError)


def in_order(raw: list[tuple[int, list[Any]]], last: int = 0) -> list[tuple[int, list[Any]]]:
    """Rows from ``last + 1`` on, each number once and in order (missing rows as empty
    lists); a row that comes out of order is left out, as openpyxl skips it."""
    out: list[tuple[int, list[Any]]] = []
    for number, cells in raw:
        if number <= last:  # rows out of order: keep the first (openpyxl skips them)
            continue
        out.extend((n, []) for n in range(last + 1, number))
        out.append((number, cells))
        last = number
    return out


class _Stop(Exception):
    """Raised inside the parser once the rows asked for are read."""


class XlsxBook:
    """One .xlsx opened for reading: sheet names, states, the active one, and rows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.archive = zipfile.ZipFile(path)
        try:
            self._read_workbook()
            self._read_styles()
        except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, EOFError,
                ValueError) as err:
            self.archive.close()
            raise XlsxBroken(str(err) or type(err).__name__) from None
        self._shared: list[str] | None = None

    # -- the workbook's parts -------------------------------------------------------------
    def _xml(self, name: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.archive.read(name))

    def _read_workbook(self) -> None:
        rels_path, book_part = "xl/_rels/workbook.xml.rels", "xl/workbook.xml"
        try:
            root_rels = self._xml("_rels/.rels")
            for rel in root_rels:
                if rel.get("Type", "").endswith("/officeDocument"):
                    book_part = rel.get("Target", book_part).lstrip("/")
                    folder, name = posixpath.split(book_part)
                    rels_path = posixpath.join(folder, "_rels", name + ".rels")
        except KeyError:
            pass
        self.folder = posixpath.dirname(book_part)
        book = self._xml(book_part)
        targets: dict[str, tuple[str, str]] = {}
        for rel in self._xml(rels_path):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            full = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(self.folder, target)))
            targets[rel.get("Id", "")] = (full, rel.get("Type", ""))
        self.sheets: list[SheetInfo] = []
        self.epoch = WINDOWS_EPOCH
        self.active_index = 0
        for el in book.iter():
            tag = _local(el.tag)
            if tag == "sheet":
                rid = el.get(_REL_ID) or el.get(_STRICT_REL_ID) or ""
                part, kind = targets.get(rid, (None, ""))
                if kind.endswith("/chartsheet"):
                    part = None
                self.sheets.append(SheetInfo(el.get("name", ""), el.get("state", "visible"),
                                             part))
            elif tag == "workbookPr":
                if el.get("date1904", "").lower() in ("1", "true"):
                    self.epoch = MAC_EPOCH
            elif tag == "workbookView" and el.get("activeTab") is not None:
                self.active_index = int(el.get("activeTab", "0"))
        if not self.sheets:
            raise KeyError("workbook has no sheets")

    def _read_styles(self) -> None:
        """The number format of each cell style (``s`` attribute), and which are dates."""
        self.formats: list[str] = ["General"]
        self.date_styles: set[int] = set()
        self.timedelta_styles: set[int] = set()
        name = posixpath.join(self.folder, "styles.xml")
        if name not in self.archive.NameToInfo:
            return
        root = self._xml(name)
        custom: dict[int, str] = {}
        xfs: list[int] = []
        for el in root:
            tag = _local(el.tag)
            if tag == "numFmts":
                for fmt in el:
                    custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "General")
            elif tag == "cellXfs":
                xfs = [int(xf.get("numFmtId", "0")) for xf in el]
        if xfs:
            self.formats = [custom.get(i) or BUILTIN_FORMATS.get(i, "General") for i in xfs]
        for index, fmt in enumerate(self.formats):
            if is_date_format(fmt):
                self.date_styles.add(index)
            if is_timedelta_format(fmt):
                self.timedelta_styles.add(index)

    def shared_strings(self) -> list[str]:
        if self._shared is None:
            name = posixpath.join(self.folder, "sharedStrings.xml")
            self._shared = []
            if name in self.archive.NameToInfo:
                with self.archive.open(name) as fh:
                    self._shared = _read_shared(fh)
        return self._shared

    # -- sheets ---------------------------------------------------------------------------
    @property
    def sheetnames(self) -> list[str]:
        return [s.title for s in self.sheets]

    def sheet(self, title: str) -> SheetInfo:
        for info in self.sheets:
            if info.title == title:
                return info
        raise KeyError(title)

    @property
    def active(self) -> SheetInfo | None:
        if 0 <= self.active_index < len(self.sheets):
            return self.sheets[self.active_index]
        return None

    def rows(self, title: str, limit: int | None = None,
             convert: Callable[[Any, str], Any] | None = None
             ) -> list[tuple[int, list[Any]]]:
        """Every row from 1 to the last (missing rows as empty lists), cell values as
        openpyxl gives them with ``data_only`` (passed through ``convert(value, format)``
        when given), formulas without a cached value as ``Uncomputed``. ``limit`` stops
        after that row number."""
        info = self.sheet(title)
        if info.part is None:
            return []  # a chart sheet has no cells
        if limit is None:  # the whole sheet, in memory
            xml = self.sheet_xml(title)
            return in_order(self.parse_rows(xml, convert)) if xml is not None else []
        try:
            with self.archive.open(info.part) as fh:
                raw = _SheetReader(self, convert, limit).read(fh)
        except _READ_ERRORS as err:
            raise XlsxBroken(f"{type(err).__name__}: {err}") from None
        return in_order(raw)

    def sheet_xml(self, title: str) -> bytes | None:
        """The worksheet's XML as stored (None for a chart sheet)."""
        info = self.sheet(title)
        if info.part is None:
            return None
        try:
            return self.archive.read(info.part)
        except _READ_ERRORS as err:
            raise XlsxBroken(f"{type(err).__name__}: {err}") from None

    def sheet_size(self, title: str) -> int:
        """The worksheet's XML size in bytes, unpacked (0 for a chart sheet)."""
        info = self.sheet(title)
        if info.part is None or info.part not in self.archive.NameToInfo:
            return 0
        return self.archive.NameToInfo[info.part].file_size

    def parse_rows(self, xml: bytes, convert: Callable[[Any, str], Any] | None = None,
                   span: tuple[int, int] | None = None) -> list[tuple[int, list[Any]]]:
        """The rows of a worksheet's XML ``xml`` (only those in ``span``, a run of whole
        rows, when given) as the parser gives them: in file order, without the missing
        rows (see :func:`in_order`)."""
        from .xlsx_fast import document, fast_rows

        try:
            found = fast_rows(xml, self, convert, span)
            if found is not None:
                return found
            return _SheetReader(self, convert, None).read(
                xml if span is None else document(xml, span))
        except _READ_ERRORS as err:
            raise XlsxBroken(f"{type(err).__name__}: {err}") from None

    def close(self) -> None:
        self.archive.close()


def _read_shared(fh: IO[bytes]) -> list[str]:
    """The shared string table: each ``si``'s text (plain, or its runs; phonetic guides
    left out), with openpyxl's ``x005F_`` unescaping."""
    strings: list[str] = []
    parts: list[str] = []
    depth_rph = 0
    parser = expat.ParserCreate()
    parser.buffer_text = True
    prefix = ""

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth_rph, parts
        local = name[len(prefix):] if prefix and name.startswith(prefix) else name
        if local == "si":
            parts = []
        elif local == "t" and not depth_rph:
            parser.CharacterDataHandler = parts.append
        elif local == "rPh":
            depth_rph += 1

    def end(name: str) -> None:
        nonlocal depth_rph
        local = name[len(prefix):] if prefix and name.startswith(prefix) else name
        if local == "t":
            parser.CharacterDataHandler = None
        elif local == "si":
            strings.append("".join(parts).replace("x005F_", ""))
        elif local == "rPh":
            depth_rph -= 1

    def root(name: str, attrs: dict[str, str]) -> None:
        nonlocal prefix
        prefix = name[: name.index(":") + 1] if ":" in name else ""
        parser.StartElementHandler = start

    parser.StartElementHandler = root
    parser.EndElementHandler = end
    try:
        parser.ParseFile(fh)
    except expat.ExpatError as err:
        raise XlsxBroken(f"sharedStrings.xml: {err}") from None
    return strings


class _SheetReader:
    """Streams one worksheet's XML: (row number, values) for each ``row`` element."""

    def __init__(self, book: XlsxBook, convert: Callable[[Any, str], Any] | None,
                 limit: int | None) -> None:
        self.book = book
        self.convert = convert
        self.limit = limit
        self.shared_formulas: dict[str, tuple[str, str]] = {}

    def read(self, source: IO[bytes] | bytes) -> list[tuple[int, list[Any]]]:
        book = self.book
        formats, date_styles = book.formats, book.date_styles
        timedelta_styles, epoch = book.timedelta_styles, book.epoch
        convert = self.convert
        limit = self.limit
        rows: list[tuple[int, list[Any]]] = []
        parser = expat.ParserCreate()
        parser.buffer_text = True
        names: dict[str, str] = {}
        # the state of the cell being read
        cells: list[Any] = []
        row_number = 0
        col = 0
        ref: str | None = None
        kind: str | None = None
        style = 0
        text: list[str] = []
        value: str | None = None
        inline: list[str] | None = None
        formula: tuple[str, dict[str, str]] | None = None
        in_rph = 0
        in_cell = False
        shared: list[str] | None = None

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal cells, row_number, col, ref, kind, style, text, value, inline, formula
            nonlocal in_cell, in_rph
            local = names.get(name)
            if local is None:
                return
            if local == "c":
                in_cell = True
                ref = attrs.get("r")
                kind = attrs.get("t")
                s = attrs.get("s")
                style = int(s) if s else 0
                value = None
                inline = None
                formula = None
                if ref:
                    col = column_index(ref.rstrip("0123456789"))
                else:
                    col += 1
            elif not in_cell:
                if local == "row":
                    r = attrs.get("r")
                    row_number = int(float(r)) if r else row_number + 1
                    if limit is not None and row_number > limit:
                        raise _Stop
                    cells = []
                    col = 0
                    rows.append((row_number, cells))
            elif local == "v":
                text = []
                parser.CharacterDataHandler = text.append
            elif local == "t":
                if not in_rph:
                    if inline is None:
                        inline = []
                    parser.CharacterDataHandler = inline.append
            elif local == "is":
                inline = []
            elif local == "rPh":
                in_rph += 1
            elif local == "f":
                text = []
                formula = ("", dict(attrs))
                parser.CharacterDataHandler = text.append

        def end(name: str) -> None:
            nonlocal value, formula, in_cell, in_rph
            local = names.get(name)
            if local is None or not in_cell:
                return
            if local == "c":
                in_cell = False
                # an empty cell (a border, a fill) is None without the conversions
                result = (None if value is None and inline is None and formula is None
                          else finish())
                if col != len(cells) + 1:
                    cells.extend([None] * (col - 1 - len(cells)))
                    if len(cells) >= col:  # the same cell twice: the last one wins
                        del cells[col - 1:]
                cells.append(result)
            elif local == "v":
                value = "".join(text)
                parser.CharacterDataHandler = None
            elif local == "t":
                parser.CharacterDataHandler = None
            elif local == "rPh":
                in_rph -= 1
            elif local == "f":
                formula = ("".join(text), formula[1] if formula else {})
                parser.CharacterDataHandler = None

        def finish() -> Any:
            nonlocal shared
            result: Any = None
            if formula is not None and formula[0] and formula[1].get("t") == "shared":
                self.shared_formulas.setdefault(formula[1].get("si", ""),
                                                ("=" + formula[0], ref or "A1"))
            if kind == "inlineStr":
                result = "".join(inline) if inline is not None else None
            elif value:
                if kind is None or kind == "n":
                    result = stored_number(value, style, date_styles, timedelta_styles, epoch)
                elif kind == "s":
                    if shared is None:
                        shared = book.shared_strings()
                    result = shared[int(value)]
                elif kind == "b":
                    result = bool(int(value))
                elif kind == "d":
                    from openpyxl.utils.datetime import from_ISO8601

                    result = from_ISO8601(value)
                else:  # str (a formula's text result), e (an error such as #N/A)
                    result = value
            if result is None:
                if formula is not None:
                    return self._uncomputed(formula, ref)
                return None
            if convert is not None and type(result) is not str:  # text is shown as it is
                fmt = formats[style] if style < len(formats) else "General"
                return convert(result, fmt)
            return result

        def root(name: str, attrs: dict[str, str]) -> None:
            prefix = name[: name.index(":") + 1] if ":" in name else ""
            names.update({prefix + n: n for n in ("row", "c", "v", "t", "is", "f", "rPh")})
            parser.StartElementHandler = start

        parser.StartElementHandler = root
        parser.EndElementHandler = end
        with contextlib.suppress(_Stop):
            if isinstance(source, bytes):
                parser.Parse(source, True)
            else:
                parser.ParseFile(source)
        return rows

    def _uncomputed(self, formula: tuple[str, dict[str, str]], ref: str | None) -> Any:
        """A formula cell without a stored result; array and data-table formulas are left
        blank as openpyxl leaves them."""
        text, attrs = formula
        kind = attrs.get("t")
        if kind in ("array", "dataTable"):
            return None
        if kind == "shared" and not text:
            index = attrs.get("si", "")
            if index in self.shared_formulas:
                from openpyxl.formula.translate import Translator

                master, origin = self.shared_formulas[index]
                return Uncomputed(Translator(master, origin).translate_formula(ref or origin))
        return Uncomputed("=" + text)
