"""The lean .xlsx reader (issue 14, target 1) reads what openpyxl reads: every cell's value
and number format, the sheet chosen, formulas without results, broken files refused."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from dvk_docs.dataset.cells import from_excel
from dvk_docs.dataset.sheet import SheetBook, cell_value, read_sheet
from dvk_docs.dataset.xlsx import XlsxBook, XlsxBroken, is_date_format

HEADER = ["Stt", "Chủ thể thực hiện", "Mô hình tập thể", "Mô hình cá nhân", "Tên mô hình",
          "Mô hình đăng ký mới năm 2026", "Mô hình có từ trước", "Mô hình nhân rộng",
          "Dự kiến kết quả cần đạt", "Lĩnh vực", "Địa bàn", "Thời gian thực hiện"]


def _openpyxl_rows(path: Path, title: str) -> list[tuple[int, list[Any]]]:
    """What the reader replaced gave: openpyxl read-only, data_only, through cell_value."""
    with warnings.catch_warnings():  # hand-written parts lack styles openpyxl expects
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [(i, [cell_value(c.value, getattr(c, "number_format", None)) for c in row])
                for i, row in enumerate(book[title].iter_rows(), start=1)]
    finally:
        book.close()


def _trimmed(rows: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    out = []
    for i, row in rows:
        values = [None if v == "" else v for v in row]
        while values and values[-1] is None:
            values.pop()
        out.append((i, values))
    while out and not out[-1][1]:
        out.pop()
    return out


def _formats_book(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS"
    ws.append(["TỔNG HỢP ĐĂNG KÝ"])
    ws.append([])  # a missing row
    ws.append(HEADER)
    ws.append([1, "Chi bộ thôn Mới", "x", None, "Đường hoa", "x", None, None, 0.1, "KT",
               2.5, dt.datetime(2026, 3, 15)])
    ws.append([2, "Hội Nông dân", None, "x", "Vườn mẫu", None, "x", None, 1500000, "KT",
               -1234.5, dt.datetime(1899, 12, 30, 14, 0)])
    ws.append([3, True, None, None, 0.125, None, None, None, 42, dt.date(2026, 12, 1),
               3.0, dt.timedelta(hours=30)])
    ws["L4"].number_format = "dd/mm/yyyy"
    ws["L5"].number_format = "h:mm"
    ws["L6"].number_format = "[h]:mm:ss"
    ws["I4"].number_format = "0%"
    ws["K4"].number_format = "0.0"
    ws["I5"].number_format = "#,##0"
    ws["K5"].number_format = "#,##0.00"
    ws["E6"].number_format = "0.0%"
    ws["I6"].number_format = "0"
    ws["J6"].number_format = "m/d/yy"
    ws["B7"] = CellRichText(["Chi đoàn ", TextBlock(InlineFont(b=True), "thanh niên")])
    ws["C8"] = "=B4&\"!\""  # a formula openpyxl writes without a result
    wb.save(path)


def test_values_and_formats_as_openpyxl_read_them(tmp_path: Path) -> None:
    """This test ensures every cell reads as before (openpyxl): 10%, 2,5, 1.500.000,
    15/3/2026, 14:00, rich text, booleans, a missing row, a formula without a result."""
    path = tmp_path / "dk.xlsx"
    _formats_book(path)
    book = XlsxBook(path)
    ours = book.rows("DS", convert=cell_value)
    book.close()
    theirs = _openpyxl_rows(path, "DS")
    assert _trimmed(ours)[:7] == _trimmed(theirs)[:7]
    row4 = dict(ours)[4]
    assert row4[8] == "10%" and row4[10] == "2,5" and row4[11] == dt.date(2026, 3, 15)
    row5 = dict(ours)[5]
    assert row5[8] == "1.500.000" and row5[10] == "-1.234,50" and row5[11] == dt.time(14, 0)
    row6 = dict(ours)[6]
    assert row6[1] == "Đúng" and row6[4] == "12,5%" and row6[9] == dt.date(2026, 12, 1)
    assert row6[11] == "30:00"
    assert dict(ours)[7][1] == "Chi đoàn thanh niên"
    assert dict(ours)[2] == []
    formula = dict(ours)[8][2]
    assert type(formula).__name__ == "Uncomputed" and formula.formula == '=B4&"!"'


def test_shared_strings_and_cached_results(tmp_path: Path) -> None:
    """This test ensures the shared string table (Excel's way of storing text, with
    phonetic guides left out) and formulas Excel computed read as their results."""
    path = tmp_path / "excel.xlsx"
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:C3"/><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
             '<row r="3"><c r="A3" s="1"><f>B3*2</f><v>0.5</v></c>'
             '<c r="B3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
             '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
             '</sheetData></worksheet>')
    strings = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<si><t>Chủ thể</t></si>'
               '<si><r><t xml:space="preserve">Tên </t></r><r><rPr><b/></rPr><t>mô hình</t>'
               '</r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si></sst>')
    styles = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="9"/></cellXfs></styleSheet>')
    _write_package(path, sheet, strings=strings, styles=styles)
    book = XlsxBook(path)
    rows = dict(book.rows("Trang 1", convert=cell_value))
    assert rows[1] == ["Chủ thể", None, "Tên mô hình"]
    assert rows[2] == []
    assert rows[3] == ["50%", "ab", "#DIV/0!"]
    assert _trimmed(list(rows.items())) == _trimmed(_openpyxl_rows(path, "Trang 1"))


def test_prefixed_namespace_and_1904_dates(tmp_path: Path) -> None:
    """This test ensures a sheet written with a namespace prefix (x:row, x:c) reads, and a
    workbook on the 1904 date system gives the dates Excel shows."""
    path = tmp_path / "mac.xlsx"
    sheet = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Một</x:t></x:is>'
             '</x:c><x:c r="B1" s="1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    styles = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
              '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>')
    _write_package(path, sheet, styles=styles, date1904=True)
    book = XlsxBook(path)
    assert dict(book.rows("Trang 1", convert=cell_value))[1] == ["Một", dt.date(1904, 1, 2)]
    assert _trimmed(book.rows("Trang 1", convert=cell_value)) == _trimmed(
        _openpyxl_rows(path, "Trang 1"))


def test_shared_formula_without_results_is_named(tmp_path: Path) -> None:
    """This test ensures every cell of a shared formula Excel never computed is reported
    with its own formula (=A2*2 below =A1*2), as openpyxl translated them."""
    path = tmp_path / "f.xlsx"
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row r="1"><c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f></c>'
             '</row><row r="2"><c r="B2"><f t="shared" si="0"/></c></row></sheetData>'
             '</worksheet>')
    _write_package(path, sheet)
    rows = dict(XlsxBook(path).rows("Trang 1"))
    assert rows[1][1].formula == "=A1*2" and rows[2][1].formula == "=A2*2"


def _write_package(path: Path, sheet: str, *, strings: str | None = None,
                   styles: str | None = None, date1904: bool = False) -> None:
    book = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            + ('<workbookPr date1904="1"/>' if date1904 else "")
            + '<sheets><sheet name="Trang 1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')
    root = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
             'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
             'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if strings else "")
             + ('<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.styles+xml"/>' if styles else "")
             + '</Types>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings:
            z.writestr("xl/sharedStrings.xml", strings)
        if styles:
            z.writestr("xl/styles.xml", styles)


def test_merged_two_row_header_and_active_hidden_sheets(tmp_path: Path) -> None:
    """This test ensures the sheet is chosen as before (the active one when visible, else the
    first visible) and a two-row header merged across columns is recognised."""
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "Cũ"
    hidden.append(["không dùng"])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("DS")
    ws.append(["Stt", "Chủ thể thực hiện", "Loại mô hình", None, "Tên mô hình",
               "Tình trạng", "Dự kiến kết quả cần đạt", "Lĩnh vực"])
    ws.append([None, None, "Tập thể", "Cá nhân"])
    ws.append([1, "Chi bộ thôn Mới", "x", None, "Đường hoa", "Mới", "2 km", "KT"])
    ws.merge_cells("C1:D1")
    ws.merge_cells("A1:A2")
    wb.active = 0  # the hidden sheet is the active one: the first visible is read
    path = tmp_path / "dk.xlsx"
    wb.save(path)
    book = SheetBook(path, None)
    assert book.title == "DS" and book.sheetnames == ["Cũ", "DS"]
    book.close()
    rows = read_sheet(path, None, ["KT"])
    assert len(rows) == 1
    assert rows[0].values["kind_tap_the"] == "x"
    assert rows[0].where == "dk.xlsx, trang 'DS', dòng 3"


@pytest.mark.parametrize("cut", ["sheet", "strings"])
def test_broken_parts_are_refused(tmp_path: Path, cut: str) -> None:
    """This test ensures XML cut short (the sheet or the shared strings) is an XlsxBroken
    naming the problem, never a silent half-read sheet."""
    path = tmp_path / "b.xlsx"
    cells = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>{i - 1}</v></c></row>'
                    for i in range(1, 51))
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<sheetData>{cells}</sheetData></worksheet>")
    strings = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + "".join(f"<si><t>dòng {i}</t></si>" for i in range(50)) + "</sst>")
    if cut == "sheet":
        sheet = sheet[: len(sheet) // 2]
    else:
        strings = strings[: len(strings) // 2]
    _write_package(path, sheet, strings=strings)
    book = XlsxBook(path)
    with pytest.raises(XlsxBroken):
        book.rows(book.sheetnames[0])


def test_limit_stops_early(tmp_path: Path) -> None:
    """This test ensures rows(limit=N) reads no row past N (the header search of other
    sheets reads 21 rows of each, not the whole sheet)."""
    wb = openpyxl.Workbook()
    for i in range(100):
        wb.active.append([i])
    path = tmp_path / "l.xlsx"
    wb.save(path)
    rows = XlsxBook(path).rows("Sheet", limit=21)
    assert [i for i, _ in rows] == list(range(1, 22))


@pytest.mark.parametrize(("fmt", "date"), [
    ("dd/mm/yyyy", True), ("m/d/yy h:mm", True), ("[h]:mm:ss", True), ("0%", False),
    ("#,##0.00", False), ('"ngày" 0', False), ("[Red]0.0", False), ("General", False),
])
def test_date_formats(fmt: str, date: bool) -> None:
    """This test ensures the date-format rule is openpyxl's (the letters d m y h s outside
    quotes and colour brackets)."""
    from openpyxl.styles.numbers import is_date_format as theirs

    assert is_date_format(fmt) is date is theirs(fmt)


def test_serial_numbers_as_openpyxl() -> None:
    """This test ensures Excel serial numbers become the same dates and times openpyxl
    gives (the 1900 leap-year bug, times below 1, durations)."""
    from openpyxl.utils.datetime import WINDOWS_EPOCH
    from openpyxl.utils.datetime import from_excel as theirs

    for value in (1, 59, 60, 61, 46096, 46096.5, 0.25, 1.25, 45000.999999):
        assert from_excel(value, WINDOWS_EPOCH) == theirs(value, WINDOWS_EPOCH)
    assert from_excel(1.25, WINDOWS_EPOCH, True) == theirs(1.25, WINDOWS_EPOCH, True)
