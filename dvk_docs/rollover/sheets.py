"""The registration sheet (.xlsx / .csv) of next year: rows of models not carried over are
deleted (merged cells and row heights kept), the Stt column renumbered, statuses set, and the
years inside cells shifted by the same rules as the YAML."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..dataset import LoadedDataset
from ..dataset.models import Status
from .report import RolloverReport
from .yamledit import as_date
from .yearshift import YearShifter


class SheetRoller:
    """Rewrites the registration sheet: keeps the rows of ``kept_rows`` with their new
    status (``new_status(id)``), deletes the others."""

    def __init__(self, loaded: LoadedDataset, shifter: YearShifter, report: RolloverReport,
                 new_status: Callable[[str | None], str]) -> None:
        self.loaded = loaded
        self.s = shifter
        self.report = report
        self.new_status = new_status

    def sheet(self, rel: str, sheet_name: Any, kept_rows: set[int]) -> bytes:
        path = self.loaded.base_dir / rel
        all_rows = {n for n in (row_number(r.source) for r in self.loaded.registrations)
                    if n is not None}
        drop = sorted(all_rows - kept_rows)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return self._csv(path, rel, drop, kept_rows)
        import openpyxl

        from ..dataset.sheet import visible_sheet

        book = openpyxl.load_workbook(path)
        # the sheet the registrations were read from (the active visible one by default)
        ws = visible_sheet(book, path, str(sheet_name) if sheet_name else None)
        columns = self._sheet_columns(path, sheet_name)
        header_row = min(all_rows or {1}) - 1
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    where = f"{rel}, ô {cell.coordinate}"
                    new = self.s.text(cell.value, where)
                    if new != cell.value:
                        cell.value = new
                elif isinstance(cell.value, dt.datetime | dt.date) and cell.row in kept_rows:
                    self.report.change(f"{rel}, ô {cell.coordinate}", as_date(cell.value), None,
                                       "đăng ký năm mới chưa có ngày")
                    cell.value = None
        status_of = self._status_by_row()
        for r in sorted(kept_rows):
            self._set_status(ws, r, columns, rel, status_of.get(r, "co_tu_truoc"))
        delete_rows(ws, drop)
        renumber(ws, columns.get("stt"), header_row, len(drop))
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()

    def _sheet_columns(self, path: Path, sheet: Any) -> dict[str, str]:
        from ..dataset.sheet import read_sheet

        names = [lv.name for lv in self.loaded.data.linh_vuc]
        source = self.loaded.root.get("registrations")
        ignore = (source.get("ignore_columns") or []) if isinstance(source, dict) else []
        rows = read_sheet(path, str(sheet) if sheet else None, names,
                          ignore_columns=[str(i) for i in ignore])
        return rows[0].columns if rows else {}

    def _status_by_row(self) -> dict[int, str]:
        """Sheet row -> the status its model gets next year."""
        out: dict[int, str] = {}
        for reg in self.loaded.registrations:
            row = row_number(reg.source)
            if row is not None:
                out[row] = self.new_status(reg.id)
        return out

    def _set_status(self, ws: Any, row: int, columns: dict[str, str], rel: str,
                    status: str) -> None:
        label = Status(status).label
        if "next_year" in columns:
            cell = ws[f"{columns['next_year']}{row}"]
            if cell.value not in (None, ""):
                self.report.change(f"{rel}, ô {cell.coordinate}", cell.value, None,
                                   "đã dùng để chọn tình trạng năm mới; năm sau quyết lại")
                cell.value = None
        if "status" in columns:
            cell = ws[f"{columns['status']}{row}"]
            if str(cell.value or "").strip().lower() not in {label.lower(), status}:
                self.report.change(f"{rel}, ô {cell.coordinate}", cell.value, label,
                                   "mô hình tiếp tục từ năm trước")
                cell.value = label
            return
        marks = {f"status_{s.value}": "x" if s.value == status else "" for s in Status}
        for fieldname, value in marks.items():
            col = columns.get(fieldname)
            if col is None:
                continue
            cell = ws[f"{col}{row}"]
            old = "" if cell.value is None else str(cell.value).strip()
            if (old.lower() == "x") != (value == "x"):
                self.report.change(f"{rel}, ô {cell.coordinate}", old or "(trống)",
                                   value or "(trống)", f"mô hình tiếp tục: đánh dấu “{label}”")
                cell.value = value or None

    def _csv(self, path: Path, rel: str, drop: list[int], kept_rows: set[int]) -> bytes:
        from ..dataset.sheet import csv_delimiter

        text = path.read_bytes().decode("utf-8-sig")
        delimiter = csv_delimiter(text)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        columns = self._sheet_columns(path, None)
        index = {f: col_index(c) for f, c in columns.items()}
        status_of = self._status_by_row()
        out_rows = []
        for n, row in enumerate(rows, start=1):
            if n in drop:
                continue
            row = [self.s.text(v, f"{rel}, dòng {n}") for v in row]
            if n in kept_rows:
                status = status_of.get(n, "co_tu_truoc")
                if "status" in index and index["status"] < len(row):
                    row[index["status"]] = Status(status).label
                if "next_year" in index and index["next_year"] < len(row):
                    row[index["next_year"]] = ""
                for s in Status:
                    f = f"status_{s.value}"
                    if f in index and index[f] < len(row):
                        row[index[f]] = "x" if s.value == status else ""
            out_rows.append(row)
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(out_rows)
        return buf.getvalue().encode("utf-8")

    # -- files not carried ----------------------------------------------------------------

def row_number(source: str | None) -> int | None:
    m = re.search(r"dòng (\d+)", source or "")
    return int(m.group(1)) if m else None


def col_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1


def delete_rows(ws: Any, rows: list[int]) -> None:
    """Delete rows bottom-up, keeping merged cells where they belong."""
    if not rows:
        return
    from openpyxl.worksheet.cell_range import CellRange

    merged = [CellRange(str(r)) for r in ws.merged_cells.ranges]
    for r in merged:
        ws.unmerge_cells(str(r))
    heights = {i: ws.row_dimensions[i].height for i in range(1, ws.max_row + 1)}
    for r in sorted(rows, reverse=True):
        ws.delete_rows(r)
    dropped = sorted(rows)

    def moved(i: int) -> int:
        return i - sum(1 for d in dropped if d < i)

    for r in merged:
        if any(r.min_row <= d <= r.max_row for d in dropped):
            continue
        r.shift(row_shift=moved(r.min_row) - r.min_row)
        ws.merge_cells(str(r))
    for i, h in heights.items():
        if i in dropped:
            continue
        ws.row_dimensions[moved(i)].height = h


def renumber(ws: Any, stt_col: str | None, header_row: int, dropped: int) -> None:
    """Renumber the Stt column after rows were dropped (per group when it restarted)."""
    if not stt_col or not dropped:
        return
    n = 0
    for row in range(header_row + 1, ws.max_row + 1):
        cell = ws[f"{stt_col}{row}"]
        value = cell.value
        text = "" if value is None else str(value).strip()
        if re.fullmatch(r"[IVXLC]+\s*[.\-–)]?.*", text) and not text.isdigit():
            n = 0  # a group row "I. Lĩnh vực ..."
            continue
        if isinstance(value, int) or re.fullmatch(r"\d+\.?", text):
            if row == header_row + 1 and text == "1":
                # the "1 2 3 ..." column-number row
                nxt = ws[f"{chr(ord(stt_col) + 1)}{row}"].value if len(stt_col) == 1 else None
                if str(nxt).strip() == "2":
                    continue
            n += 1
            cell.value = n if isinstance(value, int) else f"{n}{'.' if text.endswith('.') else ''}"


