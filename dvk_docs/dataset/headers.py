"""Which column of a registration sheet holds which field.

A header names a field only when the **whole** header (lower-cased, without diacritics,
spaces collapsed, text in parentheses dropped) is one of the field's known names: an extra
column "Họ tên người đại diện" is never taken for the registrant, nor "Kết quả năm 2025"
for the expected results. A header that is not a known name but contains a field's key words
("kết quả", "chủ thể" ...) is refused, naming it and the column that has the field, unless
the dataset lists it in ``registrations.ignore_columns``; other unknown headers are reported
as ignored. Two-row headers (``Loại`` merged above ``Tập thể | Cá nhân``) are read as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .clean import strip_accents

# field -> whole normalised header names (regular expressions matched in full)
_NAMES: list[tuple[str, str]] = [
    ("stt", r"stt|so tt|so thu tu|tt"),
    ("registrant", r"chu the|chu the thuc hien|chu the dang ky|ten chu the|don vi dang ky"
                   r"|don vi thuc hien|ten don vi|don vi|ten tap the|ten tap the/ho ten"
                   r"|ten tap the/ho va ten|ten tap the/ca nhan|tap the/ca nhan dang ky|ho ten"
                   r"|ho va ten|ho ten/ten tap the|ho va ten/ten tap the"),
    ("managing_body", r"don vi quan ly|co quan quan ly|chi bo quan ly|thuoc|don vi chu quan"),
    ("superior", r"cap tren|cap tren truc tiep|co quan cap tren|co quan, to chuc cap tren"),
    ("in_charge", r"nguoi phu trach|nguoi phu trach mo hinh|phu trach"),
    ("date", r"ngay dang ky|ngay lap phieu|ngay ky phieu"),
    ("kind_tap_the", r"(mo hinh )?tap the|loai tap the|loai/tap the|loai mo hinh/tap the"),
    ("kind_ca_nhan", r"(mo hinh )?ca nhan|loai ca nhan|loai/ca nhan|loai mo hinh/ca nhan"),
    ("kind", r"tap the/ca nhan|loai chu the|loai|loai mo hinh|mo hinh tap the/ca nhan"),
    ("model_name", r"ten mo hinh|ten dien hinh|ten mo hinh/dien hinh|ten mo hinh dan van kheo"
                   r"|mo hinh dan van kheo|ten mo hinh, dien hinh"),
    ("linh_vuc", r"linh vuc|ten linh vuc|linh vuc thuc hien"),
    ("next_year", r"(tinh trang )?nam (sau|toi)|chuyen nam"),
    ("status_moi", r"(mo hinh )?(dang ky )?moi( nam \d{4})?|(tinh trang|hinh thuc)/moi"),
    ("status_co_tu_truoc", r"(mo hinh )?(da )?co tu (nam )?truoc|(mo hinh )?duy tri"
                           r"|(tinh trang|hinh thuc)/(co tu truoc|duy tri)"),
    ("status_nhan_rong", r"(mo hinh )?nhan rong|(tinh trang|hinh thuc)/nhan rong"),
    ("status", r"tinh trang|hinh thuc|tinh trang mo hinh|moi/co tu truoc/nhan rong"),
    ("expected_results", r"du kien ket qua|du kien ket qua can dat|ket qua can dat"
                         r"|ket qua du kien|du kien ket qua dat duoc|ket qua|muc tieu/ket qua"
                         r"|du kien ket qua can dat duoc"),
    ("location", r"dia ban|pham vi|dia ban thuc hien|pham vi thuc hien|dia ban/pham vi"),
    ("reason", r"su can thiet|ly do|ly do chon mo hinh|su can thiet xay dung mo hinh"),
    ("objectives", r"muc tieu|tieu chi|muc tieu/tieu chi|muc tieu, tieu chi"),
    ("method", r"noi dung|cach lam|giai phap|noi dung/cach lam|noi dung, cach lam"
               r"|noi dung thuc hien|cach thuc thuc hien|giai phap thuc hien"),
    ("timeline", r"thoi gian|thoi gian thuc hien"),
    ("resources", r"nguon luc|kinh phi|nguon luc/kinh phi|nguon luc, kinh phi"),
    ("signer_name", r"nguoi dai dien|nguoi ky|dai dien|ho ten nguoi dai dien"
                    r"|ho va ten nguoi dai dien|nguoi dai dien ky"),
    ("signer_title", r"chuc vu|chuc vu nguoi dai dien|chuc vu nguoi ky"),
    ("note", r"ghi chu"),
]
NAMES = [(f, re.compile(rf"(?:{pattern})")) for f, pattern in _NAMES]

# Key words: a header holding one of them without being a known name could mean the field.
_HINTS: list[tuple[str, str]] = [
    ("registrant", r"chu the|don vi dang ky|ten tap the|ho ten|ho va ten"),
    ("managing_body", r"quan ly"),
    ("kind", r"tap the|ca nhan"),
    ("model_name", r"ten mo hinh|ten dien hinh"),
    ("linh_vuc", r"linh vuc"),
    ("status", r"tinh trang|nhan rong|co tu truoc|dang ky moi"),
    ("expected_results", r"du kien|ket qua"),
    ("reason", r"su can thiet"),
    ("method", r"cach lam|giai phap"),
    ("resources", r"nguon luc|kinh phi"),
    ("signer_name", r"dai dien|nguoi ky"),
]
HINTS = [(f, re.compile(rf"\b(?:{pattern})\b")) for f, pattern in _HINTS]

LABELS = {
    "stt": "Stt", "registrant": "Chủ thể thực hiện", "managing_body": "Đơn vị quản lý",
    "kind_tap_the": "Mô hình tập thể", "kind_ca_nhan": "Mô hình cá nhân",
    "kind": "Tập thể/Cá nhân", "model_name": "Tên mô hình", "linh_vuc": "Lĩnh vực",
    "next_year": "Năm sau", "status_moi": "Mới", "status_co_tu_truoc": "Có từ trước",
    "status_nhan_rong": "Nhân rộng", "status": "Tình trạng",
    "expected_results": "Dự kiến kết quả", "location": "Địa bàn", "reason": "Sự cần thiết",
    "objectives": "Mục tiêu", "method": "Cách làm", "timeline": "Thời gian",
    "resources": "Nguồn lực", "signer_name": "Người đại diện", "signer_title": "Chức vụ",
    "note": "Ghi chú", "superior": "Cấp trên trực tiếp", "in_charge": "Người phụ trách",
    "date": "Ngày đăng ký",
}
# A hint for a group field is satisfied by any of its columns.
_GROUPS = {"kind": ("kind", "kind_tap_the", "kind_ca_nhan"),
           "status": ("status", "status_moi", "status_co_tu_truoc", "status_nhan_rong"),
           "signer_name": ("signer_name", "signer_title")}


def norm_header(value: Any) -> str:
    """Lower case, no diacritics, no '(...)', no quotes, single spaces, '/' without spaces."""
    text = strip_accents(str(value or "")).lower()
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[\"“”'‘’*]", " ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"\s+", " ", text).strip(" :.,;-")


def col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def exact_field(text: str) -> str | None:
    """The field whose known names include the normalised header ``text``."""
    for name, pattern in NAMES:
        if pattern.fullmatch(text):
            return name
    return None


def hinted_field(text: str) -> str | None:
    for name, pattern in HINTS:
        if pattern.search(text):
            return name
    return None


@dataclass
class Header:
    """The header found: row number(s), field by column index, the labels as written."""

    row: int
    rows: int  # 1, or 2 for a two-row header
    fields: dict[int, str]
    labels: dict[int, str]
    ignored: list[str] = field(default_factory=list)

    def shown(self, col: int) -> str:
        return f"cột {col_letter(col)} '{self.labels.get(col, '')}'"


def _text(row: Sequence[Any], col: int) -> str:
    return "" if col >= len(row) or row[col] is None else str(row[col]).strip()


def single_row(row: Sequence[Any]) -> tuple[dict[int, str], dict[int, str]]:
    """Fields and labels of a one-row header."""
    fields, labels = {}, {}
    for col in range(len(row)):
        label = _text(row, col)
        if not label:
            continue
        labels[col] = " ".join(label.split())
        name = exact_field(norm_header(label))
        if name is not None:
            fields[col] = name
    return fields, labels


def two_rows(top: Sequence[Any], sub: Sequence[Any]
             ) -> tuple[dict[int, str], dict[int, str]] | None:
    """Fields and labels when ``sub`` continues ``top`` (cells merged across columns in the
    top row, their parts below); None when ``sub`` is not such a row."""
    width = max(len(top), len(sub))
    fields, labels = {}, {}
    parent = ""
    parts = 0
    for col in range(width):
        above, below = _text(top, col), _text(sub, col)
        if above:
            parent = above
        if not below:
            if above:
                labels[col] = " ".join(above.split())
                name = exact_field(norm_header(above))
                if name is not None:
                    fields[col] = name
            continue
        if not parent:
            return None
        joined = f"{parent}/{below}"
        name = exact_field(norm_header(joined)) or exact_field(norm_header(below))
        if name is None:
            return None  # a cell below the header that is not part of it: a data row
        fields[col] = name
        labels[col] = " ".join(f"{parent} / {below}".split())
        parts += 1
    return (fields, labels) if parts else None


def ignored_by_setting(label: str, col: int, ignore: Sequence[str]) -> bool:
    wanted = {norm_header(i) for i in ignore} | {str(i).strip().upper() for i in ignore}
    return norm_header(label) in wanted or col_letter(col) in wanted


def resolve(header: Header, ignore: Sequence[str]) -> list[str]:
    """Problems of a header (a field in two columns; an unknown header that could mean a
    field); fills ``header.ignored`` with the unknown headers left aside."""
    problems: list[str] = []
    by_field: dict[str, list[int]] = {}
    for col, name in sorted(header.fields.items()):
        if ignored_by_setting(header.labels.get(col, ""), col, ignore):
            continue
        by_field.setdefault(name, []).append(col)
    for name, cols in by_field.items():
        if len(cols) > 1 and name != "stt":
            shown = " và ".join(header.shown(c) for c in cols)
            problems.append(f"{shown} cùng là cột '{LABELS[name]}': không biết lấy cột nào; "
                            "đổi tên hoặc xóa một cột, hoặc ghi cột không dùng vào "
                            "registrations.ignore_columns")
    for col, label in sorted(header.labels.items()):
        if col in header.fields:
            continue
        if ignored_by_setting(label, col, ignore):
            header.ignored.append(f"{col_letter(col)} '{label}'")
            continue
        hint = hinted_field(norm_header(label))
        if hint is None:
            header.ignored.append(f"{col_letter(col)} '{label}'")
            continue
        taken = [c for g in _GROUPS.get(hint, (hint,)) for c in by_field.get(g, [])]
        if taken:
            problems.append(
                f"{header.shown(col)} có thể là cột '{LABELS[hint]}' như "
                f"{header.shown(taken[0])}: không biết cột nào đúng; đổi tên cột "
                f"{col_letter(col)}, xóa nó, hoặc ghi nó vào registrations.ignore_columns "
                f"(ví dụ ignore_columns: [\"{label}\"])")
        else:
            problems.append(
                f"{header.shown(col)} không phải tên cột đã biết nhưng có thể là "
                f"'{LABELS[hint]}': đổi tên cột thành '{LABELS[hint]}' nếu đúng, hoặc ghi nó "
                f"vào registrations.ignore_columns (ví dụ ignore_columns: [\"{label}\"])")
    for col in list(header.fields):
        if ignored_by_setting(header.labels.get(col, ""), col, ignore):
            del header.fields[col]
    return problems
