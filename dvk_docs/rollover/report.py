"""The change report of a rollover: every change with before and after, what was kept and why,
what a person has to decide (``bao_cao_chuyen_nam.md``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DvkError

REPORT_NAME = "bao_cao_chuyen_nam.md"

# sections of the year's results: never carried into the next year
RESULT_SECTIONS = {
    "appraisal": "thẩm định (Thông báo kết quả thẩm định)",
    "meeting": "họp bình xét (biên bản, số phiếu)",
    "proposal": "tờ trình đề nghị công nhận",
    "decision": "quyết định công nhận",
    "achievements": "báo cáo thành tích",
    "reports": "báo cáo kết quả 6 tháng / năm",
}

REGISTRATION_POLICIES = ("recognised", "all", "none")


class RolloverError(DvkError):
    """Raised when a dataset cannot be rolled over (bad year, output in the way ...)."""


@dataclass
class Change:
    where: str
    before: str
    after: str
    reason: str


@dataclass
class Question:
    """Something a person has to decide; nothing was changed for it unless said."""

    where: str
    text: str
    question: str


@dataclass
class Kept:
    where: str
    text: str
    reason: str


@dataclass
class RolloverReport:
    old_year: int
    new_year: int
    source: Path
    target: Path | None  # None: next year's dataset is in memory only
    changes: list[Change] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def change(self, where: str, before: Any, after: Any, reason: str) -> None:
        self.changes.append(Change(where, show_value(before), show_value(after), reason))

    def ask(self, where: str, text: str, question: str) -> None:
        self.questions.append(Question(where, text, question))

    def keep(self, where: str, text: str, reason: str) -> None:
        self.kept.append(Kept(where, text, reason))

    def markdown(self) -> str:
        lines = [
            f"# Chuyển bộ dữ liệu từ năm {self.old_year} sang năm {self.new_year}",
            "",
            f"- Bộ dữ liệu gốc (không bị sửa): `{self.source}`",
            f"- Bộ dữ liệu mới: `{self.target}`" if self.target is not None else
            "- Bộ dữ liệu mới: trong bộ nhớ (chưa ghi file nào)",
            f"- {len(self.changes)} thay đổi, {len(self.questions)} việc cần người quyết định, "
            f"{len(self.kept)} chỗ có năm {self.old_year} được giữ nguyên.",
            "",
            "Kiểm tra bộ dữ liệu mới bằng `dvk-docs validate` rồi tạo văn bản bằng "
            "`dvk-docs build`.",
            "",
            f"## Cần quyết định ({len(self.questions)})",
            "",
        ]
        if not self.questions:
            lines.append("Không có.")
        for i, q in enumerate(self.questions, 1):
            lines.append(f"{i}. **{_md(q.where)}** — {_md(q.question)}")
            if q.text:
                lines.append(f"   > {_md(q.text)}")
        lines += ["", f"## Thay đổi ({len(self.changes)})", ""]
        if self.changes:
            lines += ["| # | Ở đâu | Trước | Sau | Lý do |", "|---|---|---|---|---|"]
            for i, c in enumerate(self.changes, 1):
                lines.append(f"| {i} | {_cell(c.where)} | {_cell(c.before)} | {_cell(c.after)} "
                             f"| {_cell(c.reason)} |")
        else:
            lines.append("Không có.")
        lines += ["", f"## Giữ nguyên ({len(self.kept)})", ""]
        if self.kept:
            lines += ["| # | Ở đâu | Nội dung | Vì sao giữ |", "|---|---|---|---|"]
            for i, k in enumerate(self.kept, 1):
                lines.append(f"| {i} | {_cell(k.where)} | {_cell(k.text)} | {_cell(k.reason)} |")
        else:
            lines.append("Không có.")
        lines += ["", "## Đăng ký mô hình", ""]
        lines += [f"- {_md(c)}" for c in self.carried] or ["Không có mô hình nào chuyển sang."]
        lines += ["", "## Không chuyển sang năm mới", ""]
        lines += [f"- {_md(d)}" for d in self.dropped] or ["Không có."]
        lines += ["", "## File đã ghi", ""]
        lines += [f"- `{f}`" for f in self.files]
        if self.notes:
            lines += ["", "## Ghi chú", ""]
            lines += [f"- {_md(n)}" for n in self.notes]
        return "\n".join(lines) + "\n"


def show_value(value: Any) -> str:
    """A value as the report shows it: dates dd/mm/yyyy, nothing as '(trống)'."""
    if value is None:
        return "(trống)"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _md(text: str) -> str:
    return text.replace("\n", " ")


def _cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|")


# =========================================================================================
# Years inside text
