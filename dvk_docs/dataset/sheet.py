"""Registrations from an .xlsx or .csv sheet laid out the way units send them (Mẫu 1).

The header row is found by its labels (it need not be row 1: title rows above it are
skipped). Columns are recognised by Vietnamese labels, with or without diacritics:
``Chủ thể thực hiện``, ``Mô hình tập thể`` / ``Mô hình cá nhân`` (marked "x") or one
``Tập thể/Cá nhân`` column, ``Tên mô hình``, ``Lĩnh vực`` (or group rows such as
``I. Lĩnh vực phát triển kinh tế``), ``Mới`` / ``Có từ trước`` / ``Nhân rộng`` (marked "x")
or one ``Tình trạng`` column, ``Dự kiến kết quả`` and optional detail columns (among them
``Năm sau``: duy trì / nhân rộng / dừng, read by ``dvk-docs rollover``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..conventions.dates import short_date
from ..errors import DatasetError
from .cells import Uncomputed, cell_text
from .clean import strip_accents
from .headers import (
    LABELS,
    Header,
    col_letter,
    exact_field,
    hinted_field,
    norm_header,
    resolve,
    single_row,
    two_rows,
)

FIELD_LABELS = {
    "registrant": "Chủ thể thực hiện", "kind": "Tập thể/Cá nhân", "model_name": "Tên mô hình",
    "linh_vuc": "Lĩnh vực", "status": "Tình trạng", "expected_results": "Dự kiến kết quả",
    "managing_body": "Đơn vị quản lý", "signer": "Người đại diện",
}

_REQUIRED = {
    "registrant": "Chủ thể thực hiện",
    "model_name": "Tên mô hình",
    "expected_results": "Dự kiến kết quả",
}

_GROUP_ROW = re.compile(r"^\s*([IVXLC]+)\s*[.\-–)]\s*(.+)$")
_MARK = re.compile(r"^\s*[xX✓✔v]\s*$")
_COLUMN_NUMBER = re.compile(r"\(?\d+\)?")  # the '1 2 3 ...' row under a header


@dataclass
class SheetRow:
    """One data row: the raw values by field, and where it came from."""

    values: dict[str, Any]
    where: str
    columns: dict[str, str]  # field -> column letter, for messages


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def _not_xlsx(path: Path) -> None:
    """Say what an .xlsx that is not a zip really is: a password-protected workbook (Excel
    stores those as an OLE2 compound file) or an old .xls renamed."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head != _OLE2:
                return
            sample = fh.read(4 * 1024 * 1024)
    except OSError:
        return
    if _ENCRYPTED in sample or "EncryptedPackage".encode("utf-16-le") in sample:
        raise DatasetError(
            f"{path}: file có mật khẩu — hãy bỏ mật khẩu: mở trong Excel, Tệp → Thông tin → "
            "Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu rồi lưu lại"
        )
    raise DatasetError(
        f"{path}: đây là file Excel 97-2003 (.xls) mang đuôi .xlsx; mở bằng Excel hoặc "
        "LibreOffice và chọn Lưu thành (Save As) .xlsx"
    )


def visible_sheet(book: Any, path: Path, sheet: str | None) -> Any:
    """The sheet named ``sheet``, else the active one if visible, else the first visible."""
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise DatasetError(
                f"{path}: không có trang tính '{sheet}'; các trang có: "
                + ", ".join(book.sheetnames)
            )
        return book[sheet]
    active = book.active
    if active is not None and getattr(active, "sheet_state", "visible") == "visible":
        return active
    for ws in book.worksheets:
        if ws.sheet_state == "visible":
            return ws
    return book.worksheets[0]


def cell_value(value: Any, fmt: str | None) -> Any:
    """A data cell: dates stay dates (checked per field), numbers as Excel shows them."""
    if isinstance(value, dt.datetime):
        text = cell_text(value, fmt)
        return value.time() if ":" in text else value.date()
    if isinstance(value, dt.date | dt.time):
        return value
    return cell_text(value, fmt)


class SheetBook:
    """The rows of one worksheet (values as shown in Excel), and the other sheets' names.

    Read with the lean streaming reader of ``xlsx.py`` (openpyxl took 4.4 s for 25,000
    rows); the messages for broken files are the ones openpyxl's reading gave."""

    def __init__(self, path: Path, sheet: str | None) -> None:
        from .xlsx import XlsxBook, XlsxBroken

        self.path = path
        _not_xlsx(path)
        try:
            self.book = XlsxBook(path)
        except (XlsxBroken, zipfile.BadZipFile) as err:
            raise DatasetError(
                f"{path}: không mở được file Excel ({err}). Hãy mở bằng "
                "Excel/LibreOffice và lưu lại dạng .xlsx"
            ) from None
        except OSError as err:
            raise DatasetError(f"{path}: không đọc được file Excel ({err.strerror})") from None
        self.sheetnames = self.book.sheetnames
        self.title = self._choose(sheet)

    def _choose(self, sheet: str | None) -> str:
        """The sheet named ``sheet``, else the active one if visible, else the first
        visible (as ``visible_sheet`` chooses in an openpyxl workbook)."""
        if sheet is not None:
            if sheet not in self.sheetnames:
                raise DatasetError(
                    f"{self.path}: không có trang tính '{sheet}'; các trang có: "
                    + ", ".join(self.sheetnames)
                )
            return sheet
        active = self.book.active
        if active is not None and active.state == "visible":
            return active.title
        worksheets = [s for s in self.book.sheets if s.part is not None] or self.book.sheets
        for info in worksheets:
            if info.state == "visible":
                return info.title
        return worksheets[0].title

    def _broken(self, title: str, err: BaseException) -> DatasetError:
        return DatasetError(
            f"{self.path.name}, trang '{title}': nội dung trang tính bị hỏng, không đọc được "
            f"({str(err).split(':')[0]}). Mở file bằng Excel/LibreOffice, kiểm tra rồi lưu lại "
            "dạng .xlsx"
        )

    def rows(self, title: str | None = None, limit: int | None = None
             ) -> list[tuple[int, list[Any]]]:
        from .xlsx import XlsxBroken

        title = title or self.title
        try:
            return self.book.rows(title, limit, convert=cell_value)
        except XlsxBroken as err:
            raise self._broken(title, err) from None

    def close(self) -> None:
        self.book.close()


def _read_csv(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DatasetError(f"Không đọc được {path}: {err.strerror}") from None
    text = _decode_csv(raw, path)
    delimiter = csv_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[Any]]] = []
    try:
        for i, row in enumerate(reader, start=1):
            out.append((i, list(row)))
    except csv.Error as err:
        problem = str(err)
        if "field larger than field limit" in problem:
            problem = (f"một ô dài hơn {csv.field_size_limit():,} ký tự".replace(",", ".")
                       + "; thường do thiếu dấu ngoặc kép đóng ô, hoặc dán nhầm cả văn bản "
                       "vào một ô")
        raise DatasetError(f"{path.name}, dòng {reader.line_num}: không đọc được CSV "
                           f"({problem})") from None
    return out


def check_path(path: Path) -> str:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DatasetError(f"Không tìm thấy file danh sách đăng ký {path} (mục registrations.file "
                           "trong dataset.yaml; đường dẫn tính từ thư mục chứa dataset.yaml)")
    if suffix == ".xls":
        raise DatasetError(
            f"{path}: file .xls (Excel 97-2003) chưa được hỗ trợ; mở bằng Excel hoặc "
            "LibreOffice và chọn Lưu thành (Save As) .xlsx"
        )
    if suffix not in {".csv", ".xlsx", ".xlsm"}:
        raise DatasetError(f"{path}: chỉ đọc được file .xlsx hoặc .csv")
    return suffix


def _decode_csv(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's 'Unicode Text', with a BOM or with
    the NUL bytes of ASCII letters) or Windows-1258 (Excel's 'CSV' on Vietnamese Windows)."""
    candidates = ["utf-8-sig", "cp1258"]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif raw[1:200:2].count(0) > 40 or raw[0:200:2].count(0) > 40:
        candidates = ["utf-16-le" if raw[1:200:2].count(0) > 40 else "utf-16-be"]
    for encoding in candidates:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DatasetError(f"{path}: không rõ bảng mã; hãy lưu lại dạng CSV UTF-8")


def csv_delimiter(text: str) -> str:
    """',' ';' or tab: the one that splits the most lines into several cells (title and
    group rows of hand-made files often hold no separator at all)."""
    lines = [line for line in text.splitlines()[:200] if line.strip()]

    def score(d: str) -> int:
        return sum(1 for line in lines if line.count(d) >= 2)

    return max(",;\t", key=score)


def _is_blank(row: list[Any]) -> bool:
    return all(v is None or str(v).strip() == "" for v in row)


HEADER_ROWS = 20


def find_header(rows: list[tuple[int, list[Any]]]) -> Header | None:
    """The header in the first 20 rows: a row (or two) naming at least the registrant and
    the model name columns."""
    for n, (i, row) in enumerate(rows):
        if i > HEADER_ROWS:
            break
        fields, labels = single_row(row)
        nxt = rows[n + 1][1] if n + 1 < len(rows) else []
        both = two_rows(row, nxt)
        if both is not None and len([c for c in range(len(nxt)) if str(nxt[c] or "").strip()]) >= 2:
            combined, combined_labels = both
            if {"registrant", "model_name"} <= set(combined.values()):
                return Header(row=i, rows=2, fields=combined, labels=combined_labels)
        if {"registrant", "model_name"} <= set(fields.values()):
            return Header(row=i, rows=1, fields=fields, labels=labels)
    return None


def _header_hint(rows: list[tuple[int, list[Any]]]) -> str:
    """Labels in the first rows that nearly name a required column."""
    seen = []
    for i, row in rows:
        if i > HEADER_ROWS:
            break
        for col, cell in enumerate(row):
            text = norm_header(cell)
            hint = hinted_field(text) if text else None
            if hint in ("registrant", "model_name") and exact_field(text) is None:
                seen.append(f"dòng {i}, cột {col_letter(col)} '{str(cell).strip()}'")
    return ("; các ô gần giống: " + ", ".join(seen[:5])) if seen else ""


def read_sheet(path: Path, sheet: str | None, linh_vuc_names: list[str],
               warnings: list[str] | None = None,
               ignore_columns: Sequence[str] = ()) -> list[SheetRow]:
    """Read registration rows; raises DatasetError naming the file, sheet, row and column.

    ``warnings`` receives the columns left aside; ``ignore_columns`` (header names or
    letters) are never read."""
    suffix = check_path(path)
    if suffix == ".csv":
        label = path.name
        rows = _read_csv(path)
        book = None
    else:
        book = SheetBook(path, sheet)
        label = f"{path.name}, trang '{book.title}'"
    try:
        rows = rows if book is None else book.rows()
        header = find_header(rows)
        if header is None:
            message = (f"{label}: không tìm thấy dòng tiêu đề cột trong {HEADER_ROWS} dòng đầu. "
                       "Cần ít nhất các cột 'Chủ thể thực hiện' và 'Tên mô hình' (xem mẫu trong "
                       "samples/ hoặc docs/)" + _header_hint(rows))
            if book is not None and len(book.sheetnames) > 1:
                holding = [t for t in book.sheetnames if t != book.title
                           and find_header(book.rows(t, HEADER_ROWS + 1)) is not None]
                message += (f". File có các trang: {', '.join(book.sheetnames)}"
                            + (f"; trang '{holding[0]}' có dòng tiêu đề phù hợp — ghi "
                               f"sheet: \"{holding[0]}\" trong mục registrations" if holding
                               else ""))
            raise DatasetError(message)
    finally:
        if book is not None:
            book.close()
    columns = check_columns(header, label, ignore_columns, warnings)
    out, _ = sheet_rows(rows, header, label, columns, linh_vuc_names)
    if not out:
        raise no_rows(label, header)
    return out


def no_rows(label: str, header: Header) -> DatasetError:
    return DatasetError(
        f"{label}: không có dòng đăng ký nào dưới dòng tiêu đề (dòng {header.row})"
    )


def check_columns(header: Header, label: str, ignore_columns: Sequence[str] = (),
                  warnings: list[str] | None = None) -> dict[str, str]:
    """The header's columns by field (``{'model_name': 'E'}``); raises DatasetError for a
    column that is unclear or missing, says in ``warnings`` which columns are left aside."""
    header_problems = resolve(header, ignore_columns)
    if header_problems:
        raise DatasetError(f"{label}, dòng {header.row}: không rõ cột", header_problems)
    if header.ignored and warnings is not None:
        warnings.append(f"{label}: bỏ qua các cột không dùng: {', '.join(header.ignored)}")
    fields = set(header.fields.values())
    missing = [name for key, name in _REQUIRED.items() if key not in fields]
    if "kind" not in fields and not {"kind_tap_the", "kind_ca_nhan"} & fields:
        missing.append("Tập thể / Cá nhân (hoặc hai cột 'Mô hình tập thể', 'Mô hình cá nhân')")
    status_cols = {"status_moi", "status_co_tu_truoc", "status_nhan_rong"}
    if "status" not in fields and not status_cols & fields:
        missing.append("Tình trạng (hoặc các cột 'Mới', 'Có từ trước', 'Nhân rộng')")
    if missing:
        found_labels = ", ".join(
            f"{col_letter(c)}='{header.labels.get(c, '')}'" for c in sorted(header.fields)
        )
        raise DatasetError(
            f"{label}, dòng {header.row}: thiếu cột",
            [f"thiếu cột '{m}'" for m in missing] + [f"các cột đã nhận ra: {found_labels}"],
        )
    return {name: col_letter(col) for col, name in header.fields.items()}


def sheet_rows(rows: list[tuple[int, list[Any]]], header: Header, label: str,
               columns: dict[str, str], linh_vuc_names: list[str],
               current_linh_vuc: str | None = None) -> tuple[list[SheetRow], str | None]:
    """The registration rows among ``rows`` (header, blank, column-number, group and total
    rows left out), each with the lĩnh vực of the group row above it when it has no own;
    also the group in force after the last row (``current_linh_vuc``: the one in force
    before the first, for a sheet read in parts)."""
    out: list[SheetRow] = []
    norm_names = {norm_header(n): n for n in linh_vuc_names}
    last_header_row = header.row + header.rows - 1
    for i, row in rows:
        if i <= last_header_row or _is_blank(row):
            continue
        values = {name: row[col] if col < len(row) else None
                  for col, name in header.fields.items()}
        texts = {k: ("" if v is None else str(v).strip()) for k, v in values.items()}
        filled = [t for t in texts.values() if t]
        # the "1 2 3 4 ..." column-number row under the header
        if filled and all(_COLUMN_NUMBER.fullmatch(t) for t in filled):
            continue
        first = next((str(c).strip() for c in row if c is not None and str(c).strip()), "")
        group = _GROUP_ROW.match(first)
        if group and len(filled) <= 1:
            name = group.group(2).strip()
            current_linh_vuc = norm_names.get(norm_header(name), name)
            continue
        if _is_total_row(first, texts):
            continue
        if not texts.get("linh_vuc") and current_linh_vuc is not None:
            values["linh_vuc"] = current_linh_vuc
        out.append(SheetRow(values=values, where=f"{label}, dòng {i}", columns=columns))
    return out, current_linh_vuc


_TOTAL = re.compile(r"(tong cong|tong so|tong|cong)\b\s*[:.]?\s*(\d.*|mo hinh.*|co \d.*)?")


_COUNT = re.compile(r"[\d.,%\s]+(mo hinh)?")
_CLOSING = ("tong", "cong", "xac nhan", "nguoi lap", "ngay", "ky ten", "(ky")
_HEAD = 24  # enough characters for any phrase of _CLOSING, even in decomposed (NFD) text


def _is_total_row(first: str, texts: dict[str, str]) -> bool:
    """'Tổng cộng', 'Cộng', 'Tổng số: 12 mô hình' ... in the first filled cell (or in Stt or
    the registrant column), with nothing but counts beside it. Only the first characters of
    a cell are looked at before the whole (25,000 registrants are not all stripped of their
    accents)."""
    if not texts.get("model_name") and _may_start(first, "tcxnk(") and strip_accents(
            first[:_HEAD]).lower().strip().startswith(_CLOSING):
        return True
    for text in (first, texts.get("stt", ""), texts.get("registrant", "")):
        head = text.lstrip()[:_HEAD]
        if not _may_start(head, "tc") or not strip_accents(head).lower().startswith(
                ("tong", "cong")):
            continue  # _TOTAL starts with one of these
        norm = strip_accents(text).lower().strip()
        if norm and _TOTAL.fullmatch(norm):
            others = [t for k, t in texts.items() if t and k not in {"stt", "registrant"}
                      and t != text]
            if all(_COUNT.fullmatch(strip_accents(t).lower()) for t in others):
                return True
    return False


def _may_start(text: str, letters: str) -> bool:
    """Whether ``text`` stripped of its accents may start with one of ``letters``: an ASCII
    first character is its own unaccented form, so most texts are told apart here without
    decomposing them (a province's 25,000 rows)."""
    first = text[:1]
    return not first.isascii() or first.lower() in letters


# Fields that are never a date: a date cell there is a typing accident in Excel.
_SIGNER_TITLE = re.compile(r"(?P<authority>T/M|TM\.?|K/T|KT\.?)\s+(?P<whom>.+?)\s+-\s+"
                           r"(?P<title>.+)", re.IGNORECASE)

_DATE_OR_TIME = (dt.date, dt.time)
_TEXT_ONLY = {"registrant", "model_name", "expected_results", "linh_vuc", "managing_body",
              "next_year"}


def _cell_date(value: dt.date | dt.time) -> str:
    """An Excel date cell as the documents write dates: 05/02/2026, 15/3/2026 (time cells
    as 14:00)."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return short_date(value)


def _label(field: str) -> str:
    return FIELD_LABELS.get(field) or LABELS.get(field, field)


def _marked(value: Any) -> bool:
    return value is not None and bool(_MARK.match(str(value)))


def row_to_registration(row: SheetRow) -> tuple[dict[str, Any], list[str]]:
    """Turn a sheet row into the dict the Registration model takes; returns (data, problems)."""
    v = row.values
    problems: list[str] = []

    def col(field: str) -> str:
        return f"cột {row.columns.get(field, '?')}"

    data: dict[str, Any] = {}
    dated: set[str] = set()
    for field, value in list(v.items()) if Uncomputed in map(type, v.values()) else ():
        if isinstance(value, Uncomputed):
            problems.append(
                f"{row.where}, {col(field)} ({_label(field)}): công thức chưa được tính "
                f"({value.formula[:60]}) — mở file trong Excel và lưu lại"
            )
            dated.add(field)
            v = {**v, field: None}
            if field.startswith(("kind", "status")):
                return data, problems
    for field in ("registrant", "model_name", "expected_results", "managing_body", "location",
                  "reason", "objectives", "method", "timeline", "resources", "note", "linh_vuc",
                  "next_year", "superior", "in_charge"):
        value = v.get(field)
        if value is None:
            continue
        if isinstance(value, _DATE_OR_TIME):  # Excel turned the typed text into a date
            if field in _TEXT_ONLY:
                problems.append(
                    f"{row.where}, {col(field)} ({FIELD_LABELS.get(field, field)}): ô chứa ngày "
                    f"tháng ({_cell_date(value)}) chứ không phải chữ; định dạng ô là Text "
                    "rồi gõ lại"
                )
                dated.add(field)
                continue
            value = _cell_date(value)
        if value is not None and str(value).strip():
            data[field] = str(value).strip()
    if "kind" in v and v["kind"] is not None and str(v["kind"]).strip():
        data["kind"] = str(v["kind"]).strip()
    else:
        tap, ca = _marked(v.get("kind_tap_the")), _marked(v.get("kind_ca_nhan"))
        if tap and ca:
            problems.append(f"{row.where}: đánh dấu cả 'tập thể' và 'cá nhân'; chỉ chọn một")
        elif tap:
            data["kind"] = "tap_the"
        elif ca:
            data["kind"] = "ca_nhan"
        else:
            problems.append(
                f"{row.where}, {col('kind_tap_the')}/{col('kind_ca_nhan')}: chưa đánh dấu 'x' "
                "vào cột tập thể hoặc cá nhân"
            )
    if "status" in v and v["status"] is not None and str(v["status"]).strip():
        data["status"] = str(v["status"]).strip()
    else:
        marks = [s for s in ("moi", "co_tu_truoc", "nhan_rong") if _marked(v.get(f"status_{s}"))]
        if len(marks) == 1:
            data["status"] = marks[0]
        elif len(marks) > 1:
            problems.append(
                f"{row.where}: đánh dấu nhiều tình trạng ({', '.join(marks)}); chỉ chọn một trong "
                "Mới / Có từ trước / Nhân rộng"
            )
        else:
            problems.append(
                f"{row.where}: chưa đánh dấu 'x' vào một trong các cột Mới / Có từ trước / "
                "Nhân rộng"
            )
    when = v.get("date")
    if isinstance(when, dt.datetime):
        data["date"] = when.date()
    elif isinstance(when, dt.date):
        data["date"] = when
    elif when is not None and str(when).strip():
        data["date"] = str(when).strip()  # '12/02/2026': the model reads and checks it
    name = v.get("signer_name")
    if name is not None and str(name).strip():
        title = " ".join(str(v.get("signer_title") or "Người đại diện").split())
        signer: dict[str, Any] = {"name": str(name).strip(), "title": title}
        # 'T/M Chi bộ - Bí thư', 'KT. Chủ tịch - Phó Chủ tịch': thẩm quyền, thay ai, chức vụ
        m = _SIGNER_TITLE.fullmatch(title)
        if m:
            signer.update(authority=m["authority"], on_behalf_of=m["whom"], title=m["title"])
        data["signer"] = signer
    if "linh_vuc" not in data and "linh_vuc" not in dated:
        problems.append(
            f"{row.where}: chưa có lĩnh vực; thêm cột 'Lĩnh vực' hoặc dòng nhóm như "
            "'I. Lĩnh vực phát triển kinh tế' phía trên dòng này"
        )
    for field, label in _REQUIRED.items():
        if field not in data and field not in dated:
            problems.append(f"{row.where}, {col(field)} ({label}): ô trống")
    return data, problems
