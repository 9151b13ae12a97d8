"""The regular-expression reading of a worksheet (dataset/xlsx_fast.py, issue 14 target 1)
gives exactly what the expat reading gives, or steps aside (None) and lets expat read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dvk_docs.dataset.sheet import cell_value
from dvk_docs.dataset.xlsx import XlsxBook, XlsxBroken, _SheetReader, in_order
from dvk_docs.dataset.xlsx_fast import fast_rows

from .test_xlsx_reader import _write_package

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS = (f'<sst xmlns="{NS}"><si><t>Chủ thể</t></si><si><t>Tên &amp; mô hình</t></si></sst>')
STYLES = (f'<styleSheet xmlns="{NS}"><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
          '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/>'
          '<xf numFmtId="4"/></cellXfs></styleSheet>')


def _sheet(rows: str, *, head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}">'
            f'{head}<dimension ref="A1:D9"/><sheetData>{rows}</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75"/></worksheet>')


def _book(tmp_path: Path, sheet: str) -> XlsxBook:
    path = tmp_path / "t.xlsx"
    _write_package(path, sheet, strings=STRINGS, styles=STYLES)
    return XlsxBook(path)


def _both(book: XlsxBook) -> tuple[Any, Any]:
    """(the regular-expression reading or None, expat's reading) of the only sheet."""
    xml = book.sheet_xml("Trang 1")
    assert xml is not None
    expat_rows = _SheetReader(book, cell_value, None).read(io.BytesIO(xml))  # a stream: expat
    return fast_rows(xml, book, cell_value), expat_rows


PLAIN = [
    # shared strings, numbers with styles (percent, date, thousands), an empty styled cell
    '<row r="1" spans="1:4" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
    '<c r="B1" s="1"><v>0.25</v></c><c r="C1" s="2"><v>46072</v></c><c r="D1" s="3">'
    '<v>1234.5</v></c></row><row r="2"><c r="A2" s="1"/><c r="C2" t="s"><v>1</v></c></row>',
    # inline strings as openpyxl writes them: character references, &amp;, a line break
    '<row r="1"><c r="A1" t="inlineStr"><is><t>T&#7892;NG H&#7906;P &amp; &lt;x&gt;</t></is>'
    '</c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> hai\ndòng </t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>a&#10;b&#13;c</t></is></c></row>',
    # literal carriage returns (expat makes them line feeds), booleans, errors, text results
    '<row r="3"><c r="A3" t="inlineStr"><is><t>một\r\nhai\rba</t></is></c><c r="B3" t="b">'
    '<v>1</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="str"><v>ab</v></c></row>',
    # rows without numbers, an empty row, cells without a value, gaps between columns
    '<row><c r="B1"><v>7</v></c></row><row/><row r="5"><c r="A5" s="1"></c>'
    '<c r="AA5" t="n"><v>1E3</v></c></row>\n  <row r="7"><c r="C7" t="inlineStr"><is><t>'
    '</t></is></c></row>',
]


@pytest.mark.parametrize("rows", PLAIN)
def test_plain_forms_read_as_expat_reads_them(tmp_path: Path, rows: str) -> None:
    book = _book(tmp_path, _sheet(rows).replace(
        "<worksheet ", '<worksheet xmlns:x14ac="http://schemas.microsoft.com/office/'
        'spreadsheetml/2009/9/ac" '))
    fast, slow = _both(book)
    assert fast is not None, "a plain form was left to expat"
    assert fast == slow


NOT_PLAIN = [
    '<row r="1"><c r="A1"><f>B1*2</f><v>4</v></c></row>',  # a formula
    '<row r="1"><c r="A1" t="inlineStr"><is><r><t>rich</t></r></is></c></row>',  # rich text
    '<row r="1"><c r="A1"><v>1</v></c><!-- note --></row>',  # a comment
    '<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>',  # a cell twice
    '<row r="1"><c r="a1"><v>1</v></c></row>',  # a lower-case reference
    '<row r="1"><c r="A1" t="s"><v>&#49;</v></c></row>',  # a reference in a value
    '<row r="1"><c r="A1" t="d"><v>2026-02-05T00:00:00</v></c></row>',  # an ISO date
    '<row r="1"><c s="1" r="A1"><v>1</v></c></row>',  # attributes in another order
    '<row r="1"><c r="A1"><v><![CDATA[1]]></v></c></row>',  # CDATA
    '<row r="1"><c r="A1" t="inlineStr"><is><t>\x01</t></is></c></row>',  # a control char
    '<row r="1"><c r="A1" t="inlineStr"><is><t>a]]>b</t></is></c></row>',  # ]]> in text
    '<row r="1"><c r="A1"><v>1</v></c>',  # a row not closed
    '<row r="1"><c r="A1"><v>1</v></c></row>stray text',
    '<row r="1"><c r="A1" t="inlineStr"><is><t/></is></c></row>',  # an empty element
]


@pytest.mark.parametrize("rows", NOT_PLAIN)
def test_other_forms_are_left_to_expat(tmp_path: Path, rows: str) -> None:
    book = _book(tmp_path, _sheet(rows))
    xml = book.sheet_xml("Trang 1")
    assert xml is not None
    assert fast_rows(xml, book, cell_value) is None
    try:  # the public reading is expat's: the same rows, or the same refusal
        expected = _SheetReader(book, cell_value, None).read(io.BytesIO(xml))
    except Exception:  # expat refuses it: so does the public reading
        with pytest.raises(XlsxBroken):
            book.rows("Trang 1", convert=cell_value)
        return
    assert book.rows("Trang 1", convert=cell_value) == in_order(expected)


def test_broken_xml_around_the_rows_is_still_refused(tmp_path: Path) -> None:
    sheet = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
        "<pageMargins", "<pageMargins bad")
    book = _book(tmp_path, sheet)
    xml = book.sheet_xml("Trang 1")
    assert xml is not None and fast_rows(xml, book, cell_value) is None
    with pytest.raises(XlsxBroken):
        book.rows("Trang 1")


def test_another_encoding_is_left_to_expat(tmp_path: Path) -> None:
    sheet = _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Phú</t></is></c></row>')
    latin = sheet.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    plain = tmp_path / "plain.xlsx"
    _write_package(plain, "")
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as z:
        for name in src.namelist():
            z.writestr(name, latin if name.endswith("sheet1.xml") else src.read(name))
    book = XlsxBook(path)
    assert dict(book.rows("Trang 1"))[1] == ["Phú"]  # expat reads it
    xml = book.sheet_xml("Trang 1")
    assert xml is not None and fast_rows(xml, book, cell_value) is None


def test_the_sample_reads_the_same() -> None:
    book = XlsxBook(SAMPLES / "xa-an-phu" / "dang_ky.xlsx")  # written by openpyxl
    xml = book.sheet_xml(book.sheetnames[0])
    assert xml is not None
    fast = fast_rows(xml, book, cell_value)
    assert fast is not None
    assert fast == _SheetReader(book, cell_value, None).read(io.BytesIO(xml))


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=12).map(lambda t: "".join(c for c in t if c in "\t\n\r" or ord(c) >= 32))


def _escape(text: str, refs: bool) -> str:
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"&#{ord(c)};" if refs and ord(c) > 127 else c for c in out)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(1, 30), st.sampled_from("ns_e"), _TEXT,
                                   st.integers(0, 3), st.booleans()),
                         max_size=6), min_size=1, max_size=6))
def test_any_plain_sheet_reads_as_expat_reads_it(tmp_path_factory: pytest.TempPathFactory,
                                                 rows: list[list[Any]]) -> None:
    """Random cells of every plain type, any text (references or UTF-8, line breaks, <, &),
    any style: the two readings agree."""
    parts = []
    for n, cells in enumerate(rows, start=1):
        seen: set[int] = set()
        out = []
        for col, kind, text, style, refs in sorted(cells):
            if col in seen:
                continue
            seen.add(col)
            ref = f"{chr(64 + col) if col <= 26 else 'A' + chr(64 + col - 26)}{n}"
            s = f' s="{style}"' if style else ""
            if kind == "n":
                out.append(f'<c r="{ref}"{s}><v>{len(text) * 1.5}</v></c>')
            elif kind == "s":
                out.append(f'<c r="{ref}"{s} t="s"><v>{len(text) % 2}</v></c>')
            elif kind == "e":
                out.append(f'<c r="{ref}"{s}/>')
            else:
                out.append(f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                           f'{_escape(text, refs)}</t></is></c>')
        parts.append(f'<row r="{n}">{"".join(out)}</row>')
    book = _book(tmp_path_factory.mktemp("h"), _sheet("".join(parts)))
    fast, slow = _both(book)
    assert fast is not None
    assert fast == slow
