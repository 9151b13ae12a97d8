"""Mẫu 2 and the aggregated Mẫu 1 as Excel workbooks (.xlsx, written with openpyxl).

Mẫu 2's three header rows are the very cells the result report's .docx table is built from
(:func:`dvk_docs.documents.stats_form.stats_header`), merged the same way; the rows come
from :mod:`dvk_docs.statistics`. The aggregated Mẫu 1 lists every commune's registrations
grouped by lĩnh vực under the Mẫu 1 column headers, with a 'Xã, phường' column.
"""

from __future__ import annotations

import io
from typing import Any

from .dataset import LoadedDataset, RegistrantKind, Status
from .dataset.models import LinhVuc
from .documents.stats_form import stats_header
from .render.blueprints import SUMMARY_COLUMNS
from .render.markdown import roman
from .statistics import Field, Mau2, Row

HEADER_ROWS = 3


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "bold": Font(name="Times New Roman", bold=True, size=11),
        "plain": Font(name="Times New Roman", size=11),
        "title": Font(name="Times New Roman", bold=True, size=13),
        "italic": Font(name="Times New Roman", italic=True, size=11),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
    }


def _lv(fields: list[Field]) -> list[LinhVuc]:
    return [LinhVuc(code=f.code, name=f.name) for f in fields]


def _write_header(sheet: Any, first_row: int, fields: list[Field], st: dict[str, Any]) -> int:
    """Mẫu 2's header cells from the .docx table's definition; returns the column count."""
    ncol = 0
    for r, cells in enumerate(stats_header(_lv(fields))):
        row = first_row + r
        col = 1
        for cell in cells:
            target = sheet.cell(row=row, column=col)
            if cell.vmerge != "continue":
                target.value = cell.text
            for c in range(col, col + cell.span):
                other = sheet.cell(row=row, column=c)
                other.font = st["bold"] if cell.bold else st["plain"]
                other.alignment = st["center"]
                other.border = st["border"]
            if cell.span > 1:
                sheet.merge_cells(start_row=row, start_column=col, end_row=row,
                                  end_column=col + cell.span - 1)
            if cell.vmerge == "restart":
                sheet.merge_cells(start_row=row, start_column=col, end_row=row + 1,
                                  end_column=col)
            col += cell.span
        ncol = max(ncol, col - 1)
    return ncol


def _write_row(sheet: Any, row: int, values: list[Any], st: dict[str, Any], *,
               bold: bool = False, left: set[int] | None = None) -> None:
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=col, value=value)
        cell.font = st["bold"] if bold else st["plain"]
        cell.alignment = st["left"] if left and col in left else st["center"]
        cell.border = st["border"]


def mau2_xlsx(table: Mau2, title: str, note: str = "", sheet_title: str = "Mẫu 2") -> bytes:
    """Mẫu 2 as a workbook: a title line, an optional note, the three header rows (merged as
    in the .docx), one row per unit (or commune), 'Tổng cộng', and the lĩnh vực legend."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    st = _styles()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    ncol = 3 + 2 + len(table.fields) + 3 + 1 + 3
    sheet.cell(row=1, column=1, value=title).font = st["title"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    sheet.cell(row=1, column=1).alignment = st["center"]
    if note:
        sheet.cell(row=2, column=1, value=note).font = st["italic"]
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncol)
        sheet.cell(row=2, column=1).alignment = st["center"]
    first = 4
    assert _write_header(sheet, first, table.fields, st) == ncol
    row = first + HEADER_ROWS
    text_cols = {2, ncol - 2, ncol - 1, ncol}
    for i, unit in enumerate(table.rows, start=1):
        _write_row(sheet, row, _values(i, unit), st, left=text_cols)
        row += 1
    total = table.total
    _write_row(sheet, row, ["Tổng cộng", None, *total.numbers(), None, None, None], st,
               bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    legend = "Ghi chú: " + "; ".join(f"{f.code} - {f.name}" for f in table.fields) + "."
    sheet.cell(row=row + 1, column=1, value=legend).font = st["italic"]
    widths = [6, 34, 10, 8, 8, *[9] * len(table.fields), 8, 9, 9, 10, 28, 28, 28]
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(row=first + HEADER_ROWS, column=3)
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{first}:{first + HEADER_ROWS - 1}"
    return _save(book)


def _values(index: int, row: Row) -> list[Any]:
    return [index, row.name, *row.numbers(), row.typical or None, row.difficulties or None,
            row.proposals or None]


def _save(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MAU1_HEADER = ["Stt", "Xã, phường", *(label.replace("{{ year }}", "{year}").split("\n")[0]
                                      for label, _ in SUMMARY_COLUMNS[1:])]


def mau1_aggregate_xlsx(parts: list[tuple[str, LoadedDataset]], title: str) -> bytes:
    """Mẫu 1 of several communes in one sheet: a heading row per lĩnh vực (the union of the
    communes' lĩnh vực, in order), one row per registration with its commune, a 'Cộng' row
    per lĩnh vực and 'Tổng cộng'; 'x' marks as in the .docx."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    st = _styles()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Mẫu 1"
    years = sorted({loaded.data.year for _, loaded in parts})
    header = [h.format(year=years[-1] if years else "") for h in MAU1_HEADER]
    ncol = len(header)
    sheet.cell(row=1, column=1, value=title).font = st["title"]
    sheet.cell(row=1, column=1).alignment = st["center"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    _write_row(sheet, 3, header, st, bold=True)
    _write_row(sheet, 4, [f"({i})" for i in range(1, ncol + 1)], st)
    fields: dict[str, str] = {}
    for _, loaded in parts:
        for lv in loaded.data.linh_vuc:
            fields.setdefault(lv.code, lv.name)
    row = 5
    stt = 0
    grand = [0] * 6
    left = {2, 3, 6, 10}
    for index, (code, name) in enumerate(fields.items(), start=1):
        regs = [(commune, reg) for commune, loaded in parts for reg in loaded.registrations
                if reg.linh_vuc == code]
        if not regs and code == "KHAC":
            continue
        _write_row(sheet, row, [f"{roman(index)}. {name}", *[None] * (ncol - 1)], st,
                   bold=True, left={1})
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        row += 1
        sums = [0] * 6
        for commune, reg in regs:
            stt += 1
            marks = [reg.kind is RegistrantKind.TAP_THE, reg.kind is RegistrantKind.CA_NHAN,
                     reg.status is Status.MOI, reg.status is Status.CO_TU_TRUOC,
                     reg.status is Status.NHAN_RONG]
            for k, on in enumerate(marks):
                sums[k + 1] += on
            sums[0] += 1
            x = ["x" if on else None for on in marks]
            _write_row(sheet, row, [stt, commune, reg.registrant, x[0], x[1], reg.model_name,
                                    x[2], x[3], x[4], reg.expected_results], st, left=left)
            row += 1
        grand = [a + b for a, b in zip(grand, sums, strict=True)]
        _write_row(sheet, row, ["Cộng", None, f"{sums[0]} mô hình", sums[1], sums[2], None,
                                sums[3], sums[4], sums[5], None], st, bold=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        row += 1
    _write_row(sheet, row, ["Tổng cộng", None, f"{grand[0]} mô hình", grand[1], grand[2], None,
                            grand[3], grand[4], grand[5], None], st, bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    for col, width in enumerate([6, 22, 34, 9, 9, 36, 11, 10, 10, 40], start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(row=5, column=1)
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "3:4"
    return _save(book)
