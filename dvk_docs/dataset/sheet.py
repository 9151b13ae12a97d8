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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DatasetError
from .clean import strip_accents

# (field, label test) in priority order: the first test that matches a header wins.
# Tests work on the header lower-cased, without diacritics, whitespace collapsed.
_COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    ("stt", re.compile(r"^(stt|so tt|so thu tu|tt)$")),
    ("registrant", re.compile(r"chu the|don vi dang ky|ten tap the|ho ten|^(ten )?don vi$")),
    ("managing_body", re.compile(r"don vi quan ly|co quan quan ly|chi bo quan ly|thuoc")),
    ("kind_tap_the", re.compile(r"^(mo hinh )?tap the$")),
    ("kind_ca_nhan", re.compile(r"^(mo hinh )?ca nhan$")),
    ("kind", re.compile(r"tap the ?/ ?ca nhan|loai chu the|^loai$")),
    ("model_name", re.compile(r"ten mo hinh|ten dien hinh")),
    ("linh_vuc", re.compile(r"linh vuc")),
    ("next_year", re.compile(r"^(tinh trang )?nam (sau|toi)$|^chuyen nam$")),
    ("status_moi", re.compile(r"(dang ky )?moi( nam \d{4})?$|^moi\b")),
    ("status_co_tu_truoc", re.compile(r"co tu truoc|duy tri")),
    ("status_nhan_rong", re.compile(r"nhan rong")),
    ("status", re.compile(r"tinh trang|hinh thuc")),
    ("expected_results", re.compile(r"du kien|ket qua can dat|ket qua")),
    ("location", re.compile(r"dia ban|pham vi")),
    ("reason", re.compile(r"su can thiet|ly do")),
    ("objectives", re.compile(r"muc tieu|tieu chi")),
    ("method", re.compile(r"noi dung|cach lam|giai phap")),
    ("timeline", re.compile(r"thoi gian")),
    ("resources", re.compile(r"nguon luc|kinh phi")),
    ("signer_name", re.compile(r"nguoi (dai dien|ky)|dai dien")),
    ("signer_title", re.compile(r"chuc vu")),
    ("note", re.compile(r"ghi chu")),
]

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


@dataclass
class SheetRow:
    """One data row: the raw values by field, and where it came from."""

    values: dict[str, Any]
    where: str
    columns: dict[str, str]  # field -> column letter, for messages


def _norm_header(value: Any) -> str:
    text = strip_accents(str(value or "")).lower()
    text = re.sub(r"\(.*?\)", " ", text)  # drop "(ghi địa chỉ, chức vụ ...)"
    return re.sub(r"\s+", " ", text).strip(" :")


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _read_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DatasetError(f"Không tìm thấy file danh sách đăng ký {path} (mục registrations.file "
                           "trong dataset.yaml; đường dẫn tính từ thư mục chứa dataset.yaml)")
    if suffix == ".csv":
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise DatasetError(f"Không đọc được {path}: {err.strerror}") from None
        text = _decode_csv(raw, path)
        delimiter = csv_delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for i, row in enumerate(reader, start=1):
                yield i, list(row)
        except csv.Error as err:
            problem = str(err)
            if "field larger than field limit" in problem:
                problem = (f"một ô dài hơn {csv.field_size_limit():,} ký tự".replace(",", ".")
                           + "; thường do thiếu dấu ngoặc kép đóng ô, hoặc dán nhầm cả văn bản "
                           "vào một ô")
            raise DatasetError(f"{path.name}, dòng {reader.line_num}: không đọc được CSV "
                               f"({problem})") from None
        return
    if suffix in {".xlsx", ".xlsm"}:
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
            raise DatasetError(
                f"{path}: không mở được file Excel ({err}). Hãy mở bằng Excel/LibreOffice và "
                "lưu lại dạng .xlsx"
            ) from None
        try:
            if sheet is not None:
                if sheet not in book.sheetnames:
                    raise DatasetError(
                        f"{path}: không có trang tính '{sheet}'; các trang có: "
                        + ", ".join(book.sheetnames)
                    )
                ws = book[sheet]
            else:
                ws = book.worksheets[0]
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                yield i, list(row)
        finally:
            book.close()
        return
    if suffix == ".xls":
        raise DatasetError(
            f"{path}: file .xls (Excel 97-2003) chưa được hỗ trợ; mở bằng Excel hoặc LibreOffice "
            "và chọn Lưu thành (Save As) .xlsx"
        )
    raise DatasetError(f"{path}: chỉ đọc được file .xlsx hoặc .csv")


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


def read_sheet(path: Path, sheet: str | None, linh_vuc_names: list[str]) -> list[SheetRow]:
    """Read registration rows; raises DatasetError naming the file, row and column."""
    label = path.name if sheet is None else f"{path.name} (trang '{sheet}')"
    rows = _read_rows(path, sheet)
    header: dict[int, str] | None = None
    header_row = 0
    raw_headers: list[Any] = []
    for i, row in rows:
        if i > 20:
            break
        found: dict[int, str] = {}
        used: set[str] = set()
        for col, cell in enumerate(row):
            text = _norm_header(cell)
            if not text:
                continue
            for field, test in _COLUMNS:
                if field not in used and test.search(text):
                    found[col] = field
                    used.add(field)
                    break
        if "model_name" in used and "registrant" in used:
            header, header_row, raw_headers = found, i, row
            break
    if header is None:
        raise DatasetError(
            f"{label}: không tìm thấy dòng tiêu đề cột trong 20 dòng đầu. Cần ít nhất các cột "
            "'Chủ thể thực hiện' và 'Tên mô hình' (xem mẫu trong samples/ hoặc docs/)"
        )
    fields = set(header.values())
    missing = [name for key, name in _REQUIRED.items() if key not in fields]
    if "kind" not in fields and not {"kind_tap_the", "kind_ca_nhan"} & fields:
        missing.append("Tập thể / Cá nhân (hoặc hai cột 'Mô hình tập thể', 'Mô hình cá nhân')")
    status_cols = {"status_moi", "status_co_tu_truoc", "status_nhan_rong"}
    if "status" not in fields and not status_cols & fields:
        missing.append("Tình trạng (hoặc các cột 'Mới', 'Có từ trước', 'Nhân rộng')")
    if missing:
        found_labels = ", ".join(
            f"{_col_letter(c)}='{str(raw_headers[c]).strip()}'" for c in sorted(header)
        )
        raise DatasetError(
            f"{label}, dòng {header_row}: thiếu cột",
            [f"thiếu cột '{m}'" for m in missing] + [f"các cột đã nhận ra: {found_labels}"],
        )
    columns = {field: _col_letter(col) for col, field in header.items()}
    out: list[SheetRow] = []
    current_linh_vuc: str | None = None
    norm_names = {_norm_header(n): n for n in linh_vuc_names}
    for i, row in rows:
        if _is_blank(row):
            continue
        values = {field: row[col] if col < len(row) else None for col, field in header.items()}
        texts = {k: ("" if v is None else str(v).strip()) for k, v in values.items()}
        filled = [t for t in texts.values() if t]
        # the "1 2 3 4 ..." column-number row under the header
        if filled and all(re.fullmatch(r"\(?\d+\)?", t) for t in filled):
            continue
        first = next((str(c).strip() for c in row if c is not None and str(c).strip()), "")
        group = _GROUP_ROW.match(first)
        if group and len(filled) <= 1:
            name = group.group(2).strip()
            current_linh_vuc = norm_names.get(_norm_header(name), name)
            continue
        lowered = strip_accents(first).lower()
        if not texts.get("model_name") and lowered.startswith(
                ("tong", "cong", "xac nhan", "nguoi lap", "ngay", "ky ten", "(ky")):
            continue
        if strip_accents(texts.get("registrant", "")).lower().startswith(("tong cong", "cong:",
                                                                          "tong so")):
            continue
        if texts.get("stt", "").rstrip(".").lower() in {"tổng", "tổng cộng", "cộng"}:
            continue
        if not texts.get("linh_vuc") and current_linh_vuc is not None:
            values["linh_vuc"] = current_linh_vuc
        out.append(SheetRow(values=values, where=f"{label}, dòng {i}", columns=columns))
    if not out:
        raise DatasetError(
            f"{label}: không có dòng đăng ký nào dưới dòng tiêu đề (dòng {header_row})"
        )
    return out


# Fields that are never a date: a date cell there is a typing accident in Excel.
_TEXT_ONLY = {"registrant", "model_name", "expected_results", "linh_vuc", "managing_body",
              "next_year"}


def _cell_date(value: dt.date | dt.time) -> str:
    """An Excel date cell as a clerk writes it: 15/01/2026 (time cells as 14:00)."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value.strftime("%d/%m/%Y")


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
    for field in ("registrant", "model_name", "expected_results", "managing_body", "location",
                  "reason", "objectives", "method", "timeline", "resources", "note", "linh_vuc",
                  "next_year"):
        value = v.get(field)
        if isinstance(value, dt.date | dt.time):  # Excel turned the typed text into a date
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
    name = v.get("signer_name")
    if name is not None and str(name).strip():
        data["signer"] = {"name": str(name).strip(),
                          "title": str(v.get("signer_title") or "Người đại diện").strip()}
    if "linh_vuc" not in data and "linh_vuc" not in dated:
        problems.append(
            f"{row.where}: chưa có lĩnh vực; thêm cột 'Lĩnh vực' hoặc dòng nhóm như "
            "'I. Lĩnh vực phát triển kinh tế' phía trên dòng này"
        )
    for field, label in _REQUIRED.items():
        if field not in data and field not in dated:
            problems.append(f"{row.where}, {col(field)} ({label}): ô trống")
    return data, problems
