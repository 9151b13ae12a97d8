"""One type for everything wrong with a dataset: schema errors, cross-references that do not
resolve, contradictions between documents, warnings.

A :class:`Problem` carries what a front end needs to show it in the right place: a stable
``code`` (for programs and tests; never reworded), the Vietnamese ``message``, where it is
(``source`` file, ``line`` in a YAML/Markdown file or ``row`` in a sheet, the field ``path``
such as ``documents.ke_hoach.date`` or ``registrations[DK004].linh_vuc``), a ``hint`` (how to
fix it), a ``severity`` and the document ``kinds`` it affects. ``str(problem)`` is the line
the command line prints ("dataset.yaml, dòng 12: ..."), ``problem.to_dict()`` what
``dvk-docs validate --json`` prints.

This module imports nothing of dvk_docs: every layer may use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """An error stops a build; a warning is shown and the build goes on."""

    ERROR = "error"
    WARNING = "warning"


# The stable codes, with what they mean. Group prefixes: schema (a field of dataset.yaml),
# sheet (a cell of the registration sheet), dataset (a reference inside the dataset that does
# not resolve), consistency (two documents contradict each other), render (a document cannot
# be made from the data or the template).
CODES: dict[str, str] = {
    "dataset.invalid": "bộ dữ liệu không đọc được hoặc không hợp lệ (lỗi chung)",
    "dataset.warning": "lưu ý khi đọc dữ liệu (không chặn việc tạo văn bản)",
    "schema.unknown_field": "trường không có trong cấu trúc (thường do gõ sai tên)",
    "schema.missing_field": "thiếu trường bắt buộc",
    "schema.invalid_date": "giá trị phải là một ngày có thật",
    "schema.invalid_choice": "giá trị không nằm trong các giá trị được nhận",
    "schema.invalid_number": "giá trị phải là số",
    "schema.invalid_type": "giá trị sai kiểu (chữ, danh sách, các cặp 'tên: giá trị')",
    "schema.invalid_length": "giá trị quá dài, quá ngắn hoặc để trống",
    "schema.invalid_value": "giá trị không hợp lệ",
    "sheet.invalid_cell": "ô của danh sách đăng ký không hợp lệ",
    "dataset.unknown_signer": "người ký chưa khai trong signers",
    "dataset.unknown_body": "cơ quan chưa khai trong bodies",
    "dataset.unknown_reference": "văn bản căn cứ chưa khai trong references",
    "dataset.unknown_linh_vuc": "lĩnh vực không có trong danh sách linh_vuc",
    "dataset.duplicate_id": "mã đăng ký bị trùng",
    "dataset.duplicate_report": "hai báo cáo cùng một kỳ",
    "dataset.missing_plan": "tổng hợp đính kèm kế hoạch nhưng không có kế hoạch",
    "dataset.date_outside_year": "ngày văn bản không thuộc năm của bộ dữ liệu (hoặc date_window)",
    "consistency.unknown_id": "mã đăng ký không có trong danh sách đăng ký",
    "consistency.meeting_count": "số người họp bình xét không khớp",
    "consistency.quorum": "cuộc họp chưa đủ điều kiện hợp lệ",
    "consistency.ballots": "số phiếu phát ra, thu về, hợp lệ không khớp",
    "consistency.votes": "số phiếu hoặc điểm của một mô hình không hợp lệ",
    "consistency.not_candidate": "mô hình không được đưa ra bình xét",
    "consistency.missing_votes": "thiếu số phiếu của một mô hình được bình xét",
    "consistency.not_passed": "mô hình chưa qua bước trước (thẩm định, bình xét, tờ trình)",
    "consistency.rule": "quy tắc công nhận không hợp với cách bình xét",
    "consistency.unknown_unit": "đơn vị trong báo cáo không có trong danh sách đăng ký",
    "consistency.date_range": "ngày quá xa năm của bộ dữ liệu",
    "consistency.date_order": "các ngày không theo đúng thứ tự của quy trình",
    "consistency.citation": "trích dẫn văn bản của mình sai số hoặc ngày",
    "consistency.procedure": "văn bản trái quy trình (thứ tự, biên bản kèm theo, Mẫu 1)",
    "consistency.typical_not_recognised": "báo cáo ghi điển hình tiêu biểu chưa được công nhận",
    "consistency.minutes_follow_up": "biên bản giao tham mưu tờ trình nhưng tờ trình ghi ngày "
                                     "trước cuộc họp",
    "render.data": "một văn bản không dựng được từ dữ liệu (chỗ điền, thẩm quyền ký, ...)",
    "render.template": "mẫu .docx có thẻ sai hoặc biến không có",
}

# the hint of a problem made from a one-line message, when the caller gives none
DEFAULT_HINTS: dict[str, str] = {
    "dataset.invalid": "Sửa theo lời nhắn: đầu lời nhắn là file, dòng và trường cần sửa.",
    "dataset.warning": "Không bắt buộc sửa; kiểm tra lại cho chắc.",
    "sheet.invalid_cell": "Sửa ô này trong danh sách đăng ký.",
}

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, located and explained.

    ``location`` is the place as the command line shows it ("dataset.yaml, dòng 12",
    "dang_ky.xlsx, dòng 7, cột C (Lĩnh vực)"); the other location fields are the same place
    for programs: a web form puts the message beside the field ``path`` or the sheet ``row``.
    """

    code: str
    message: str
    path: str = ""
    source: str | None = None
    line: int | None = None
    row: int | None = None
    hint: str = ""
    severity: Severity = Severity.ERROR
    kinds: tuple[str, ...] = ()
    location: str = ""

    def __post_init__(self) -> None:
        # Problem(message, kinds) was the old contradiction type: fail loudly, not silently
        if self.code not in CODES:
            raise ValueError(f"Problem code {self.code!r} is not in dvk_docs.problems.CODES "
                             "(write Problem(code, message, ...); add a new code to CODES)")
        if not isinstance(self.message, str):
            raise TypeError("Problem(code, message, ...): message must be a str")

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    @property
    def documents(self) -> tuple[str, ...]:
        """The document kinds affected (the name the contradiction report uses)."""
        return self.kinds

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values; ``text`` is the line the command line prints."""
        out = asdict(self)
        out["severity"] = self.severity.value
        out["kinds"] = list(self.kinds)
        out["text"] = str(self)
        return out

    @classmethod
    def from_text(cls, text: str, code: str = "dataset.invalid", **fields: Any) -> Problem:
        """A problem from a message written as one line ("dang_ky.xlsx, dòng 7, cột C (Lĩnh
        vực): ..."): the place before the first ': ' becomes the location, file and line/row
        are read from it; ``str()`` gives ``text`` back unchanged."""
        fields.setdefault("hint", DEFAULT_HINTS.get(code, ""))
        m = _PLACE.match(text)
        if not m:
            return cls(code, text, **fields)
        location, message = m.group("loc"), m.group("msg")
        source = m.group("src").strip()
        number = int(m.group("num")) if m.group("num") else None
        place = where_fields(source, number)
        path = fields.pop("path", None) or (m.group("path") or "")
        return cls(code, message, path=path, location=location, **{**place, **fields})


# "file.ext[, trang 'Sheet'][, dòng N][, cột X][ (path)]: message"
_PLACE = re.compile(
    r"^(?P<loc>(?P<src>[^\s,:][^,:]*?\.(?:ya?ml|xlsx|xlsm|csv|md|docx))"
    r"(?:, trang '[^']*')?(?:, dòng (?P<num>\d+))?(?:, cột [^:]*?)?"
    r"(?: \((?P<path>[A-Za-z_][\w.\[\]]*)\))?)"
    r": (?P<msg>.+)$",
    re.S,
)


def where_fields(source: str | None, number: int | None) -> dict[str, Any]:
    """``source``/``line``/``row`` for a file and a line number: a number in a sheet is a row."""
    if source is None:
        return {"source": None, "line": None, "row": None}
    if source.lower().endswith(SHEET_SUFFIXES):
        return {"source": source, "line": None, "row": number}
    return {"source": source, "line": number, "row": None}


def split_source(text: str | None) -> tuple[str | None, int | None]:
    """'dang_ky.xlsx, dòng 7' -> ('dang_ky.xlsx', 7); also with the sheet named
    ('dang_ky.xlsx, trang 'Dang ky', dòng 7')."""
    if not text:
        return None, None
    m = re.match(r"^(.*?)(?:, trang '[^']*')?(?:, dòng (\d+))?(?:,.*)?$", text)
    assert m is not None
    return m.group(1), int(m.group(2)) if m.group(2) else None


def field_path(loc: Sequence[Any], ids: Sequence[str | None] | None = None) -> str:
    """('documents', 'ke_hoach', 'date') -> 'documents.ke_hoach.date'; list items as [i], and a
    registration as ``registrations[DK004]`` when ``ids`` gives its id."""
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            named = (ids is not None and i == 1 and loc[0] == "registrations"
                     and part < len(ids) and ids[part])
            out += f"[{ids[part] if named and ids is not None else part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def as_problems(items: Sequence[Problem | str], code: str = "dataset.invalid") -> list[Problem]:
    """Problems from problems or one-line messages (see :meth:`Problem.from_text`)."""
    return [p if isinstance(p, Problem) else Problem.from_text(str(p), code) for p in items]


__all__ = ["CODES", "DEFAULT_HINTS", "Problem", "Severity", "as_problems", "field_path",
           "split_source", "where_fields"]
