"""Next year's dataset from this year's (``dvk-docs rollover``).

The original is never touched: the YAML is loaded round-trip (comments, quotes and layout
kept), edited value by value, and written with the Markdown body and the registration sheet
into a new folder, with a change report (Markdown) that lists every change with before and
after and every item that needs a human decision.

What changes and what stays:

* a year that means "this year" moves (title, subject, "năm 2026" in the text, deadlines,
  months and quarters); so does "so với năm 2025" (the year before) and a date early in the
  following year (a deadline of this year's cycle);
* terms of office and other year ranges, dates and years of cited documents, target years
  ("phấn đấu đến năm 2028"), founding years stay; anniversary numbers ("96 năm Ngày truyền
  thống") and the end of an anniversary range ("15/10/1930 - 15/10/2026") are recomputed;
* anything unclear (a bare 2026, "năm 2025" that is not a comparison, "đến năm 2026", a
  one-off event of this year) is reported, not guessed;
* a moved deadline that falls on a weekend or a fixed public holiday is reported with the
  previous working day;
* numbers and dates of documents not yet issued are cleared (Party numbering continues the
  term's series, State numbering restarts each year: both are said in the report);
* this year's results (appraisal, meeting, proposal, decision, achievements, reports) are
  not carried over; continuing models are carried as registrations "có từ trước";
* cited documents of this year (the higher-level guidance above all) are flagged "must
  update", unless ``guidance`` gives next year's.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from .dataset import LoadedDataset, load_dataset
from .dataset.models import Family, Status
from .dataset.scratch import load_in_scratch
from .errors import DvkError
from .output import write_folder

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


# =========================================================================================
# The report
# =========================================================================================


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
    target: Path
    changes: list[Change] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def change(self, where: str, before: Any, after: Any, reason: str) -> None:
        self.changes.append(Change(where, _show(before), _show(after), reason))

    def ask(self, where: str, text: str, question: str) -> None:
        self.questions.append(Question(where, text, question))

    def keep(self, where: str, text: str, reason: str) -> None:
        self.kept.append(Kept(where, text, reason))

    def markdown(self) -> str:
        lines = [
            f"# Chuyển bộ dữ liệu từ năm {self.old_year} sang năm {self.new_year}",
            "",
            f"- Bộ dữ liệu gốc (không bị sửa): `{self.source}`",
            f"- Bộ dữ liệu mới: `{self.target}`",
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


def _show(value: Any) -> str:
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
# =========================================================================================

_YEAR = r"(?:19|20)\d{2}"
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DOCNUM_YEAR = re.compile(rf"\b\d{{1,4}}/({_YEAR})/[A-ZĐ][A-ZĐa-z0-9-]*")
_DATE = rf"(\d{{1,2}})\s?([/.-])\s?(\d{{1,2}})\s?\2\s?({_YEAR})(?![\d/])"
_DATE_RANGE = re.compile(rf"(?<![\d/]){_DATE}\s*[-–—]\s*(\d{{1,2}})\s?([/.-])\s?(\d{{1,2}})"
                         rf"\s?\6\s?({_YEAR})(?![\d/])")
_DATE_RE = re.compile(rf"(?<![\d/]){_DATE}")
_LONG_DATE = re.compile(rf"ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+({_YEAR})(?!\d)",
                        re.I)
_QUARTER = re.compile(rf"quý\s+(?:I{{1,3}}|IV|[1-4])\s*(?:/|năm)\s*({_YEAR})(?!\d)", re.I)
_MONTH_YEAR_WORDS = re.compile(rf"tháng\s+\d{{1,2}}\s+năm\s+({_YEAR})(?!\d)", re.I)
_MONTH_YEAR = re.compile(rf"(?<![\d/.-])(\d{{1,2}})\s?/\s?({_YEAR})(?![\d/])")
_YEAR_RANGE = re.compile(rf"(?<![\d/.-])({_YEAR})\s*[-–—]\s*({_YEAR})(?![\d/])")
_NAM_YEAR = re.compile(rf"\bnăm\s+({_YEAR})(?!\d)", re.I)
_BARE_YEAR = re.compile(rf"(?<![\d/.,-])({_YEAR})(?![\d/])")
_ANNIVERSARY = re.compile(
    r"(kỷ niệm\s+(?:lần thứ\s+)?)?\b(\d{1,3})\s+năm\s+(?=(?:Ngày|ngày|thành lập|Thành lập|"
    r"truyền thống|Truyền thống|phong trào|Phong trào|tác phẩm|Tác phẩm|Cách mạng|Quốc khánh|"
    r"sinh nhật|Sinh nhật)\b)", re.I)
# founding years of the anniversaries these plans celebrate (paperwork.md §0.1)
FOUNDING_YEARS = {1930, 1931, 1944, 1945, 1949, 1890, 1989, 1999, 2009}

_KINDS = (r"Hướng dẫn|Kế hoạch|Nghị quyết|Chỉ thị|Quyết định|Chương trình(?: công tác)?|"
          r"Công văn|Thông báo|Kết luận|Nghị định|Thông tư|Luật|Quy chế|Quy định|Điều lệ|Đề án|"
          r"Thông tri|Báo cáo|Tờ trình|Văn bản|Công điện")
_DOCNUM = (r"\d{1,4}\s?(?:-[A-ZĐ][A-ZĐa-z]*/[A-ZĐ][A-ZĐa-z0-9-]*|/[A-ZĐ][A-ZĐa-z]*-[A-ZĐ]"
           r"[A-ZĐa-z0-9-]*|/\d{4}/[A-ZĐ][A-ZĐa-z0-9-]*)")
_CITATION_START = re.compile(
    rf"\b(?:{_KINDS})\s+(?:số\b|{_DOCNUM}|(?:\S+\s+){{0,2}}?của\b|ngày\s+\d)|{_DOCNUM}")
# where a citation stops: end of clause, or the clause where the unit itself acts
_CITATION_END = re.compile(
    r";|\.(?:\s|$)|\n|:|,\s+[^,;]{0,150}?\b(?:xây dựng|ban hành|triển khai)\s+[Kk]ế hoạch|"
    r"\b(?:trước ngày|đến ngày|chậm nhất|hạn chót)\b")
_TERM_BEFORE = re.compile(r"nhiệm\s+kỳ\s*(?:\(|:)?\s*$|khóa\s+[IVXLC]+\s*\(?\s*$", re.I)
_SCHOOL_YEAR_BEFORE = re.compile(r"năm\s+học\s*$", re.I)
_COMPARE_BEFORE = re.compile(r"so\s+với\s+(?:cùng\s+kỳ\s+)?$", re.I)
_TARGET_BEFORE = re.compile(r"(?:đến|tới)\s+(hết\s+|cuối\s+)?$", re.I)
_WITHIN_BEFORE = re.compile(r"(?:trong|cả)\s+$", re.I)
_NEXT_PLAN_BEFORE = re.compile(
    r"(?:kế hoạch|dự toán|chương trình(?: công tác)?|phương hướng,? nhiệm vụ|nhiệm vụ)\s+$",
    re.I)
# a one-off event of the year right before "năm 2026", in the same clause
_EVENT_BEFORE = re.compile(r"(?:Đại hội|đại hội|bầu cử|Bầu cử|lần thứ)[^,;.:]*$")
_ANNIV_CONTEXT = re.compile(r"kỷ niệm|truyền thống|thành lập|Ngày|năm", re.I)

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
# fixed-date public holidays (Bộ luật Lao động 2019, Điều 112); Tết and 10/3 âm lịch move
HOLIDAYS = {(1, 1): "Tết Dương lịch", (30, 4): "Ngày Chiến thắng", (1, 5): "Quốc tế Lao động",
            (2, 9): "Quốc khánh"}
# Mùng 1 Tết Nguyên đán (dương lịch); the holiday runs about 5 days around it
TET = {2025: dt.date(2025, 1, 29), 2026: dt.date(2026, 2, 17), 2027: dt.date(2027, 2, 6),
       2028: dt.date(2028, 1, 26), 2029: dt.date(2029, 2, 13), 2030: dt.date(2030, 2, 3),
       2031: dt.date(2031, 1, 23), 2032: dt.date(2032, 2, 11), 2033: dt.date(2033, 1, 31),
       2034: dt.date(2034, 2, 19), 2035: dt.date(2035, 2, 8)}


def day_off(d: dt.date) -> str | None:
    """Why ``d`` is not a working day ('Chủ nhật', 'Quốc khánh', 'nghỉ Tết'), or None."""
    if d.weekday() >= 5:
        return WEEKDAYS[d.weekday()]
    if (d.day, d.month) in HOLIDAYS:
        return HOLIDAYS[(d.day, d.month)]
    if d.month == 9 and d.day in (1, 3) and d.weekday() in (0, 4):
        return "nghỉ Quốc khánh"
    tet = TET.get(d.year)
    if tet is not None and tet - dt.timedelta(days=1) <= d <= tet + dt.timedelta(days=3):
        return "nghỉ Tết Nguyên đán"
    return None


def previous_working_day(d: dt.date) -> dt.date:
    d -= dt.timedelta(days=1)
    while day_off(d):
        d -= dt.timedelta(days=1)
    return d


def move_date(d: dt.date, years: int) -> tuple[dt.date, bool]:
    """Same day and month ``years`` later; 29/02 becomes 28/02 (second value True)."""
    try:
        return d.replace(year=d.year + years), False
    except ValueError:
        return d.replace(year=d.year + years, day=28), True


def _snippet(text: str, start: int, end: int, width: int = 45) -> str:
    a = max(0, start - width)
    b = min(len(text), end + width)
    out = text[a:b].replace("\n", " ")
    return ("…" if a > 0 else "") + out.strip() + ("…" if b < len(text) else "")


@dataclass
class _Token:
    start: int
    end: int
    kind: str
    m: re.Match[str]


Where = Callable[[int], str]


class YearShifter:
    """Classifies and moves the years inside one piece of text, writing to a report."""

    def __init__(self, old: int, new: int, report: RolloverReport) -> None:
        self.old = old
        self.new = new
        self.delta = new - old
        self.report = report

    # -- public ---------------------------------------------------------------------------
    def text(self, s: str, where: Where | str) -> str:
        if not isinstance(s, str) or not re.search(r"\d", s):
            return s
        loc: Where = where if callable(where) else (lambda _o, w=where: w)  # type: ignore[misc]
        citations = self._citations(s)
        edits: list[tuple[int, int, str]] = []
        asked_citations: set[int] = set()
        for tok in self._tokens(s):
            self._decide(s, tok, citations, loc, edits, asked_citations)
        if not edits:
            return s
        out, pos = [], 0
        for a, b, rep in sorted(edits):
            out.append(s[pos:a])
            out.append(rep)
            pos = b
        out.append(s[pos:])
        return "".join(out)

    def date(self, d: dt.date, where: str, reason: str) -> dt.date:
        """Move a date value (a deadline) and check that it is a working day."""
        moved, leap = move_date(d, self.delta)
        self.report.change(where, d, moved, reason)
        if leap:
            self.report.ask(where, f"{d:%d/%m/%Y}", f"năm {moved.year} không có ngày 29/02: đã "
                            f"đặt {moved:%d/%m/%Y}; kiểm tra lại")
        self._check_working_day(moved, where)
        return moved

    # -- scanning -------------------------------------------------------------------------
    def _tokens(self, s: str) -> list[_Token]:
        taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(s)]
        found: list[_Token] = []

        def add(kind: str, pattern: re.Pattern[str]) -> None:
            for m in pattern.finditer(s):
                a, b = m.start(), m.end()
                if any(a < y and x < b for x, y in taken):
                    continue
                taken.append((a, b))
                found.append(_Token(a, b, kind, m))

        add("docnum", _DOCNUM_YEAR)
        add("date_range", _DATE_RANGE)
        add("long_date", _LONG_DATE)
        add("date", _DATE_RE)
        add("quarter", _QUARTER)
        add("month_year_words", _MONTH_YEAR_WORDS)
        add("month_year", _MONTH_YEAR)
        add("year_range", _YEAR_RANGE)
        add("anniversary", _ANNIVERSARY)
        add("nam_year", _NAM_YEAR)
        add("bare", _BARE_YEAR)
        return sorted(found, key=lambda t: t.start)

    def _citations(self, s: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for m in _CITATION_START.finditer(s):
            start = m.start()
            if spans and start < spans[-1][1]:
                continue
            end_m = _CITATION_END.search(s, m.end())
            end = end_m.start() if end_m else len(s)
            spans.append((start, end))
        return spans

    @staticmethod
    def _in(pos: int, spans: list[tuple[int, int]]) -> int | None:
        for i, (a, b) in enumerate(spans):
            if a <= pos < b:
                return i
        return None

    # -- decisions ------------------------------------------------------------------------
    def _decide(self, s: str, tok: _Token, citations: list[tuple[int, int]], loc: Where,
                edits: list[tuple[int, int, str]], asked: set[int]) -> None:
        y0, y1 = self.old, self.new
        m = tok.m
        where = loc(tok.start)
        shown = m.group(0)
        ctx = _snippet(s, tok.start, tok.end)
        cite = self._in(tok.start, citations)

        def this_cycle(year: int) -> bool:
            return year in (y0, y0 + 1)

        def shift_year(group: int, reason: str) -> None:
            year = int(m.group(group))
            a, b = m.span(group)
            new_year = str(year + self.delta)
            edits.append((a, b, new_year))
            after = s[tok.start:a] + new_year + s[b:tok.end]
            self.report.change(where, shown, after, f"{reason} — “{ctx}”")

        def citation_keep(year: int) -> bool:
            if cite is None:
                return False
            if year == y0:
                self.report.keep(where, shown, "ngày/năm của văn bản được dẫn")
                if cite not in asked:
                    asked.add(cite)
                    a, b = citations[cite]
                    self.report.ask(where, s[a:b].strip(),
                                    f"văn bản được dẫn là của năm {y0}: giữ nguyên số, ngày; nếu "
                                    f"năm {y1} có văn bản mới thay thế thì sửa lại trích dẫn")
            return True

        if tok.kind == "docnum":
            if int(m.group(1)) == y0:
                self.report.keep(where, shown, "số văn bản có năm ban hành")
            return
        if tok.kind == "date_range":
            d1 = (int(m.group(1)), int(m.group(3)), int(m.group(4)))
            d2 = (int(m.group(5)), int(m.group(7)), int(m.group(8)))
            if d2[2] == y0 and d1[2] < y0 - 1 and d1[:2] == d2[:2] and cite is None:
                shift_year(8, f"mốc kỷ niệm: từ năm {d1[2]} đến năm nay")
                return
            # two separate dates
            for grp_d, grp_mo, grp_y in ((1, 3, 4), (5, 7, 8)):
                self._one_date(s, m, grp_d, grp_mo, grp_y, tok, cite, citations, loc, edits,
                               asked)
            return
        if tok.kind in ("date", "long_date"):
            groups = (1, 3, 4) if tok.kind == "date" else (1, 2, 3)
            self._one_date(s, m, *groups, tok, cite, citations, loc, edits, asked)
            return
        if tok.kind in ("quarter", "month_year_words", "month_year"):
            grp = 2 if tok.kind == "month_year" else 1
            year = int(m.group(grp))
            if tok.kind == "month_year" and not 1 <= int(m.group(1)) <= 12:
                return
            if citation_keep(year):
                return
            if this_cycle(year):
                shift_year(grp, "tháng/quý của năm kế hoạch")
            elif year == y0 - 1:
                self.report.ask(where, ctx, f"“{shown}” là thời gian của năm trước ({y0 - 1}): "
                                "giữ nguyên nếu là sự việc đã qua; sửa nếu là mốc lặp lại hằng "
                                "năm")
            return
        if tok.kind == "year_range":
            a, b = int(m.group(1)), int(m.group(2))
            if not (a <= y0 <= b or a <= y0 + 1 <= b or y0 - 1 in (a, b)):
                return
            before = s[max(0, tok.start - 30):tok.start]
            if _TERM_BEFORE.search(before):
                self.report.keep(where, shown, "nhiệm kỳ")
                return
            if _SCHOOL_YEAR_BEFORE.search(before):
                self.report.ask(where, ctx, f"năm học “{shown}”: năm học của năm {y1} là "
                                f"{a + self.delta} - {b + self.delta}? Chưa sửa")
                return
            wide = s[max(0, tok.start - 90):tok.start]
            if b == y0 and a < y0 - 5 and _ANNIV_CONTEXT.search(wide) and cite is None:
                shift_year(2, f"mốc kỷ niệm: từ năm {a} đến năm nay")
                return
            if cite is not None:
                self.report.keep(where, shown, "khoảng năm trong văn bản được dẫn")
                return
            self.report.keep(where, shown, "khoảng năm (giai đoạn, nhiệm kỳ)")
            return
        if tok.kind == "anniversary":
            n = int(m.group(2))
            founded = y0 - n
            if cite is not None:
                return
            if founded in FOUNDING_YEARS or m.group(1):
                a, b = m.span(2)
                width = len(m.group(2))
                new_n = str(n + self.delta).zfill(width)
                edits.append((a, b, new_n))
                self.report.change(where, m.group(2) + " năm", new_n + " năm",
                                   f"số năm kỷ niệm (từ năm {founded}) — “{ctx}”")
            return
        if tok.kind == "nam_year":
            year = int(m.group(1))
            if year not in (y0 - 1, y0, y0 + 1):
                if year > y0 + 1 and _TARGET_BEFORE.search(s[max(0, tok.start - 30):tok.start]):
                    self.report.keep(where, shown, "năm mục tiêu")
                return
            if citation_keep(year):
                return
            before = s[max(0, tok.start - 40):tok.start]
            if _COMPARE_BEFORE.search(before):
                shift_year(1, "so sánh với năm trước")
                return
            target = _TARGET_BEFORE.search(before)
            if target:
                if target.group(1) and year == y0:
                    shift_year(1, "hết năm / cuối năm kế hoạch")
                elif year > y0:
                    self.report.keep(where, shown, "năm mục tiêu")
                else:
                    self.report.ask(where, ctx, f"“{shown}”: mục tiêu của nhiều năm (giữ) hay "
                                    f"của năm nay (đổi thành năm {year + self.delta})? Chưa sửa")
                return
            if year == y0:
                if _EVENT_BEFORE.search(s[max(0, tok.start - 70):tok.start]):
                    self.report.ask(where, ctx, f"“{shown}” đi cùng một sự kiện (đại hội, bầu "
                                    f"cử...): nếu là sự kiện riêng của năm {y0} thì giữ; nếu là "
                                    "năm kế hoạch thì đổi. Chưa sửa")
                    return
                shift_year(1, "năm của kế hoạch")
                return
            if year == y0 + 1:
                if _NEXT_PLAN_BEFORE.search(before):
                    shift_year(1, "năm sau của năm kế hoạch")
                else:
                    self.report.ask(where, ctx, f"“{shown}” (năm sau): giữ hay đổi thành năm "
                                    f"{year + self.delta}? Chưa sửa")
                return
            # the year before
            if _WITHIN_BEFORE.search(before):
                self.report.ask(where, ctx, f"“{shown}” là năm trước: kết quả đã qua (giữ) "
                                f"hay so sánh với năm trước (đổi thành {year + self.delta})? "
                                "Chưa sửa")
                return
            self.report.ask(where, ctx, f"“{shown}” là năm trước: sự việc đã qua thì giữ; "
                            f"nếu ý là “năm trước” thì đổi thành năm {year + self.delta}. Chưa "
                            "sửa")
            return
        if tok.kind == "bare":
            year = int(m.group(1))
            if year == y0 and cite is None:
                self.report.ask(where, ctx, f"số {year} đứng riêng (không có chữ “năm”): là năm "
                                f"kế hoạch thì đổi thành {y1}. Chưa sửa")
            elif year == y0:
                self.report.keep(where, shown, "trong văn bản được dẫn")
            return

    def _one_date(self, s: str, m: re.Match[str], gd: int, gm: int, gy: int, tok: _Token,
                  cite: int | None, citations: list[tuple[int, int]], loc: Where,
                  edits: list[tuple[int, int, str]], asked: set[int]) -> None:
        y0 = self.old
        where = loc(tok.start)
        day, month, year = int(m.group(gd)), int(m.group(gm)), int(m.group(gy))
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return
        text = s[m.start(gd):m.end(gy)]
        ctx = _snippet(s, tok.start, tok.end)
        after_text = s[m.end(gy):m.end(gy) + 6]
        cited = cite is not None or after_text.startswith(" của")
        if cited:
            if year == y0:
                self.report.keep(where, text, "ngày ban hành của văn bản được dẫn")
                if cite is not None and cite not in asked:
                    asked.add(cite)
                    a, b = citations[cite]
                    self.report.ask(where, s[a:b].strip(),
                                    f"văn bản được dẫn là của năm {y0}: giữ nguyên số, ngày; nếu "
                                    f"năm {self.new} có văn bản mới thay thế thì sửa lại trích dẫn")
            return
        if year in (y0, y0 + 1):
            moved, leap = move_date(d, self.delta)
            a, b = m.span(gy)
            edits.append((a, b, str(moved.year)))
            if leap:
                da, db = m.span(gd)
                edits.append((da, db, "28"))
            new_text = text[:m.start(gy) - m.start(gd)] + str(moved.year)
            if leap:
                new_text = "28" + new_text[len(m.group(gd)):]
            self.report.change(where, text, new_text, f"thời hạn / mốc thời gian — “{ctx}”")
            if leap:
                self.report.ask(where, ctx, f"năm {moved.year} không có ngày 29/02: đã đặt "
                                f"28/02/{moved.year}")
            self._check_working_day(moved, where, ctx)
        elif year == y0 - 1:
            self.report.ask(where, ctx, f"ngày {text} thuộc năm trước: giữ nguyên nếu là sự việc "
                            "đã qua; sửa nếu là mốc lặp lại hằng năm. Chưa sửa")

    def _check_working_day(self, d: dt.date, where: str, ctx: str = "") -> None:
        why = day_off(d)
        if why:
            prev = previous_working_day(d)
            self.report.ask(where, ctx, f"ngày {d:%d/%m/%Y} rơi vào {why}: đề nghị đổi sang "
                            f"ngày làm việc liền trước, {WEEKDAYS[prev.weekday()]} "
                            f"{prev:%d/%m/%Y}")


# =========================================================================================
# The dataset
# =========================================================================================


@dataclass
class RolloverResult:
    target: Path
    files: list[Path]
    report: RolloverReport
    report_path: Path


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _same_style(old: Any, new: str) -> Any:
    """A new string value quoted the way the old one was."""
    if isinstance(old, ScalarString):
        return type(old)(new)
    return new


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
        if m:
            with contextlib.suppress(ValueError):
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)
        if m:
            with contextlib.suppress(ValueError):
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _date_like(old: Any, new: dt.date) -> Any:
    """Write ``new`` the way ``old`` was written (date value, '15/03/2026', '2026-03-15')."""
    if isinstance(old, str):
        if re.fullmatch(r"\s*\d{4}-", old[:6]):
            return _same_style(old, new.isoformat())
        m = re.fullmatch(r"\s*(\d{1,2})([/.-])(\d{1,2})[/.-]\d{4}\s*", old)
        if m:
            day = f"{new.day:02d}" if len(m.group(1)) == 2 else str(new.day)
            month = f"{new.month:02d}" if len(m.group(3)) == 2 else str(new.month)
            sep = m.group(2)
            return _same_style(old, f"{day}{sep}{month}{sep}{new.year}")
    return new


def _deep_end(node: Any) -> tuple[Any, Any] | None:
    """The container and key of the last scalar inside ``node`` (where ruamel keeps the
    comment lines that follow ``node``)."""
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = list(node.keys())[-1]
        elif isinstance(node, CommentedSeq) and len(node):
            key = len(node) - 1
        else:
            return None
        child = node[key]
        if isinstance(child, CommentedMap | CommentedSeq) and len(child):
            node = child
            continue
        return node, key


def _trailing_comment(node: Any) -> Any:
    end = _deep_end(node)
    if end is None:
        return None
    container, key = end
    slot = 2 if isinstance(container, CommentedMap) else 0
    items = container.ca.items.get(key)
    return items[slot] if items and len(items) > slot else None


def _attach_trailing(node: Any, token: Any) -> None:
    end = _deep_end(node)
    if end is None or token is None:
        return
    container, key = end
    slot = 2 if isinstance(container, CommentedMap) else 0
    items = container.ca.items.setdefault(key, [None, None, None, None])
    if items[slot] is None:
        items[slot] = token
    else:
        items[slot].value = items[slot].value.rstrip("\n") + "\n\n" + token.value.lstrip("\n")


def delete_keys(mapping: CommentedMap, keys: set[Any]) -> None:
    """Delete ``keys`` from ``mapping``, keeping the comment lines that describe the entries
    that stay: ruamel hangs the comment written above an entry on the entry before it."""
    order = list(mapping.keys())
    i = 0
    while i < len(order):
        if order[i] not in keys:
            i += 1
            continue
        j = i
        while j + 1 < len(order) and order[j + 1] in keys:
            j += 1
        after = order[j + 1] if j + 1 < len(order) else None
        token = _trailing_comment(mapping[order[j]])
        if token is None and isinstance(mapping.ca.items.get(order[j]), list):
            token = mapping.ca.items[order[j]][2]
        if i > 0 and token is not None and (after is not None or j == len(order) - 1):
            before = mapping[order[i - 1]]
            if isinstance(before, CommentedMap | CommentedSeq) and len(before):
                _attach_trailing(before, token)
            else:
                mapping.ca.items.setdefault(order[i - 1], [None, None, None, None])[2] = token
        i = j + 1
    for key in keys:
        if key in mapping:
            del mapping[key]


class _Yaml:
    """Line numbers for report locations."""

    def __init__(self, name: str) -> None:
        self.name = name

    @staticmethod
    def _line(node: Any, key: Any, *, of_value: bool) -> int | None:
        """1-based line of a mapping key (or its value) or of a sequence item, if known."""
        with contextlib.suppress(Exception):
            if isinstance(node, CommentedMap):
                return (node.lc.value(key) if of_value else node.lc.key(key))[0] + 1
            if isinstance(node, CommentedSeq):
                return node.lc.item(key)[0] + 1
        return None

    def where(self, node: Any, key: Any, path: str) -> str:
        line = self._line(node, key, of_value=False)
        return f"{self.name}, dòng {line} ({path})" if line else f"{self.name} ({path})"

    def text_where(self, node: Any, key: Any, path: str, value: str) -> Where:
        """For block scalars (|) the text starts on the line after the key."""
        base = self._line(node, key, of_value=True)
        block = "\n" in value

        def where(offset: int) -> str:
            if base is None:
                return f"{self.name} ({path})"
            line = base + (1 if block else 0) + value.count("\n", 0, offset)
            return f"{self.name}, dòng {line} ({path})"

        return where


def rollover(
    dataset: Path | str,
    out_dir: Path | str,
    *,
    year: int,
    guidance: Iterable[str] = (),
    number: int | None = None,
    registrations: str = "recognised",
    force: bool = False,
) -> RolloverResult:
    """Write next year's dataset from ``dataset`` into ``out_dir`` with a change report.

    ``guidance``: next year's higher-level guidance as a citation ("Hướng dẫn số
    02-HD/BTGDVTU, ngày 08/01/2027 của ... về ..."), optionally "key=..." to name the
    reference it replaces. ``number``: the new plan's number if already allocated.
    ``registrations``: which models are carried as next year's registrations:
    ``recognised`` (default; all when the year has no decision yet), ``all`` or ``none``.
    """
    if registrations not in REGISTRATION_POLICIES:
        raise RolloverError(f"registrations chỉ nhận: {', '.join(REGISTRATION_POLICIES)}")
    loaded = load_dataset(dataset)
    old = loaded.data.year
    if year <= old:
        raise RolloverError(
            f"{loaded.path}: bộ dữ liệu là năm {old}; năm mới ({year}) phải lớn hơn {old}. "
            f"Ví dụ: dvk-docs rollover {dataset} --year {old + 1} -o du-lieu-{old + 1}")
    if year > 2100:
        raise RolloverError(f"năm {year} không hợp lệ")
    src_dir = loaded.base_dir.resolve()
    target = Path(out_dir)
    if target.resolve() == src_dir:
        raise RolloverError(f"{target}: là thư mục của bộ dữ liệu gốc; chọn thư mục khác (-o) — "
                            "bộ dữ liệu gốc không bao giờ bị sửa")
    if target.exists() and not target.is_dir():
        raise RolloverError(f"{target} đã có và không phải thư mục")
    report = RolloverReport(old, year, loaded.path, target)
    shifter = YearShifter(old, year, report)
    if year - old > 1:
        report.notes.append(f"Chuyển {year - old} năm một lần: mọi năm “năm nay” cộng thêm "
                            f"{year - old}.")

    files = _Roller(loaded, shifter, report, list(guidance), number, registrations).run()
    report.files = sorted([*files, REPORT_NAME])
    files[REPORT_NAME] = report.markdown().encode("utf-8")

    # validate in a scratch folder before anything reaches out_dir
    try:
        load_in_scratch(files, loaded.path.name)
    except DvkError as err:  # a bug here: say so, write nothing
        raise RolloverError(f"Bộ dữ liệu năm {year} tạo ra chưa hợp lệ, không ghi gì: {err}"
                            ) from None
    written = write_folder(target, files, force)
    return RolloverResult(target, written, report, target / REPORT_NAME)


class _Roller:
    def __init__(self, loaded: LoadedDataset, shifter: YearShifter, report: RolloverReport,
                 guidance: list[str], number: int | None, policy: str) -> None:
        self.loaded = loaded
        self.s = shifter
        self.report = report
        self.guidance = guidance
        self.number = number
        self.policy = policy
        self.old = loaded.data.year
        self.new = shifter.new
        self.y = _Yaml(loaded.path.name)
        self.files: dict[str, bytes] = {}

    # -------------------------------------------------------------------------------------
    def run(self) -> dict[str, bytes]:
        text = self.loaded.path.read_text(encoding="utf-8-sig")
        yaml = _yaml()
        root = yaml.load(text)
        handled: set[str] = set()
        root["year"] = self.new
        self.report.change(self.y.where(root, "year", "year"), self.old, self.new, "năm mới")
        handled.add("year")
        self._term(root)
        handled.add("term")
        dropped_refs = self._drop_results(root)
        handled |= set(RESULT_SECTIONS)
        self._references(root, dropped_refs)
        handled.add("references")
        self._deadlines(root)
        handled.add("deadlines")
        self._documents(root)
        handled.add("documents")
        self._registrations(root)
        handled.add("registrations")
        for key in list(root.keys()):
            if key not in handled:
                self._walk(root, key, str(key))
        self._other_files()
        out = io.StringIO()
        yaml.dump(root, out)
        header = (f"# Năm {self.new}: chuyển từ bộ dữ liệu năm {self.old} "
                  f"({self.loaded.path.name}) bằng dvk-docs rollover.\n"
                  f"# Xem {REPORT_NAME}: mọi thay đổi và các việc cần quyết định.\n")
        self.files[self.loaded.path.name] = (header + out.getvalue()).encode("utf-8")
        comments = [line for line in text.splitlines() if re.search(
            rf"(^\s*#|\s#\s).*\b{self.old}\b", line)]
        if comments:
            self.report.notes.append(
                f"{len(comments)} dòng chú thích (#) trong {self.loaded.path.name} có năm "
                f"{self.old}: chú thích của người dùng được giữ nguyên, sửa tay nếu cần")
        return self.files

    # -- generic walk over remaining values -----------------------------------------------
    def _walk(self, node: Any, key: Any, path: str) -> None:
        value = node[key]
        if isinstance(value, CommentedMap):
            for k in list(value.keys()):
                self._walk(value, k, f"{path}.{k}")
        elif isinstance(value, CommentedSeq):
            for i in range(len(value)):
                self._walk(value, i, f"{path}[{i}]")
        elif isinstance(value, str):
            new = self.s.text(value, self.y.text_where(node, key, path, value))
            if new != value:
                node[key] = _same_style(value, new)
        elif isinstance(value, dt.date) and value.year in (self.old, self.old + 1):
            self.report.ask(self.y.where(node, key, path), _show(value),
                                f"ngày của năm {value.year}: chưa rõ là gì nên chưa sửa")

    # -- term -----------------------------------------------------------------------------
    def _term(self, root: CommentedMap) -> None:
        term = root.get("term")
        if not isinstance(term, str):
            return
        where = self.y.where(root, "term", "term")
        years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", term)]
        self.report.keep(where, term, "nhiệm kỳ")
        if len(years) == 2 and self.new > years[1]:
            self.report.ask(where, term, f"nhiệm kỳ {term} đã kết thúc trước năm {self.new}: "
                            "ghi nhiệm kỳ mới (term) và kiểm tra người ký, cơ quan")

    # -- results --------------------------------------------------------------------------
    def _drop_results(self, root: CommentedMap) -> set[str]:
        """Remove this year's results; returns the reference keys only they used."""
        used_by_results: set[str] = set()
        to_delete: set[str] = set()
        for key, label in RESULT_SECTIONS.items():
            if key not in root or root[key] in (None, [], {}):
                if key in root:
                    to_delete.add(key)
                continue
            value = root[key]
            for section in value if isinstance(value, list) else [value]:
                if isinstance(section, dict):
                    used_by_results |= {str(r) for r in section.get("references") or []}
                    body_file = section.get("body_file")
                    if body_file:
                        self.report.dropped.append(f"file `{body_file}` (nội dung báo cáo năm "
                                                   f"{self.old}) không chép sang")
            detail = ""
            if key in ("achievements", "reports") and isinstance(value, dict | list):
                detail = f": {len(value)} báo cáo"
            elif isinstance(value, dict) and value.get("number"):
                detail = f": số {value.get('number')}"
            self.report.dropped.append(f"`{key}` — {label} năm {self.old}{detail} (kết quả của "
                                       "năm cũ)")
            to_delete.add(key)
        delete_keys(root, to_delete)
        plan = root.get("documents", {}) or {}
        plan_refs: set[str] = set()
        if isinstance(plan, dict) and isinstance(plan.get("ke_hoach"), dict):
            plan_refs = {str(r) for r in plan["ke_hoach"].get("references") or []}
        return used_by_results - plan_refs

    # -- references -----------------------------------------------------------------------
    def _this_year_ref(self, ref: Any) -> bool:
        if not isinstance(ref, dict):
            return False
        d = _as_date(ref.get("date"))
        if d is not None and d.year == self.old:
            return True
        texts = " ".join(str(ref.get(k) or "") for k in ("subject", "text", "number"))
        if re.search(rf"\bnăm\s+{self.old}\b|/{self.old}\b", texts):
            # "nhiệm kỳ 2025 - 2030" is not a this-year document
            return not re.search(rf"{self.old}\s*[-–]\s*\d{{4}}|\d{{4}}\s*[-–]\s*{self.old}",
                                 texts) or bool(d)
        return False

    def _references(self, root: CommentedMap, dropped_refs: set[str]) -> None:
        refs = root.get("references")
        if not isinstance(refs, CommentedMap):
            self._guidance_in_text(root)
            return
        gone = set()
        for key in list(refs.keys()):
            if key in dropped_refs and self._this_year_ref(refs[key]):
                self.report.dropped.append(
                    f"văn bản căn cứ `{key}` — chỉ dùng cho kết quả năm {self.old}: "
                    f"{_ref_text(refs[key])}")
                gone.add(key)
        delete_keys(refs, gone)
        plan_refs: list[str] = []
        docs = root.get("documents")
        if isinstance(docs, dict) and isinstance(docs.get("ke_hoach"), dict):
            plan_refs = [str(r) for r in docs["ke_hoach"].get("references") or []]
        this_year = [k for k in refs if self._this_year_ref(refs[k])]
        explicit: dict[str, str] = {}
        loose: list[str] = []
        for g in self.guidance:
            m = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$", g, re.S)
            if m and m.group(1) in refs:
                explicit[m.group(1)] = m.group(2).strip()
            elif m and m.group(1) not in refs and not re.search(r"\s", m.group(1)):
                raise RolloverError(f"--guidance {m.group(1)}=...: không có văn bản căn cứ "
                                    f"'{m.group(1)}' (có: {', '.join(refs)})")
            else:
                loose.append(g.strip())
        if loose:
            # the main guidance: this year's "Hướng dẫn"/"Kế hoạch" of another body cited first
            ordered = [k for k in plan_refs if k in this_year] + [
                k for k in this_year if k not in plan_refs]
            guidance_keys = sorted(ordered, key=lambda k: 0 if str(
                refs[k].get("kind", "")).startswith("Hướng dẫn") else 1)
            for text in loose:
                free = [k for k in guidance_keys if k not in explicit]
                if not free and self._guidance_in_text(root, text):
                    continue
                if not free:
                    raise RolloverError(
                        "--guidance: không tìm thấy văn bản căn cứ của năm "
                        f"{self.old} để thay (các văn bản: {', '.join(refs) or 'không có'}); "
                        "dùng dạng --guidance 'khóa=Hướng dẫn số ...'")
                explicit[free[0]] = text
        for key in list(refs.keys()):
            ref = refs[key]
            where = self.y.where(refs, key, f"references.{key}")
            if key in explicit:
                new_ref = _parse_guidance(explicit[key])
                before = _ref_text(ref)
                refs[key] = new_ref
                self.report.change(where, before, _ref_text(new_ref),
                                   f"văn bản hướng dẫn của năm {self.new} (--guidance)")
                d = _as_date(new_ref.get("date"))
                if d is not None and d.year > self.new:
                    self.report.ask(where, _ref_text(new_ref), f"ngày {d:%d/%m/%Y} sau năm "
                                    f"{self.new}: kiểm tra lại")
                continue
            if key in this_year:
                used = key in plan_refs
                self.report.keep(where, _ref_text(ref), "văn bản được dẫn (giữ nguyên số, ngày)")
                self.report.ask(
                    where, _ref_text(ref),
                    f"CẦN CẬP NHẬT: văn bản căn cứ `{key}` là của năm {self.old}"
                    + (" (kế hoạch đang dẫn)" if used else "")
                    + f"; thay bằng văn bản năm {self.new} (sửa mục references.{key} hoặc chạy "
                    f"lại với --guidance \"{key}=…\")")
                with contextlib.suppress(Exception):
                    refs.yaml_add_eol_comment(f"CẦN CẬP NHẬT: văn bản năm {self.old}", key)

    def _guidance_in_text(self, root: CommentedMap, text: str | None = None) -> bool:
        """Put next year's guidance in place of this year's citation inside the preamble
        (plans imported with a preamble that could not be split into references)."""
        guidance = [text] if text is not None else list(self.guidance)
        if not guidance:
            return False
        docs = root.get("documents")
        plan = docs.get("ke_hoach") if isinstance(docs, dict) else None
        preamble = plan.get("preamble") if isinstance(plan, dict) else None
        if isinstance(preamble, str):
            for a, b in self.s._citations(preamble):
                span = preamble[a:b]
                if re.search(rf"(?<!\d){self.old}(?!\d)", span):
                    new = preamble[:a] + guidance[0].strip().rstrip(";.") + preamble[b:]
                    plan["preamble"] = _same_style(preamble, new)
                    self.report.change(
                        self.y.where(plan, "preamble", "documents.ke_hoach.preamble"), span,
                        guidance[0], f"văn bản hướng dẫn của năm {self.new} (--guidance)")
                    return True
        if text is None:
            raise RolloverError("--guidance: bộ dữ liệu không có văn bản căn cứ của năm "
                                f"{self.old} để thay (mục references hoặc lời dẫn của kế hoạch)")
        return False

    # -- deadlines ------------------------------------------------------------------------
    def _deadlines(self, root: CommentedMap) -> None:
        deadlines = root.get("deadlines")
        if not isinstance(deadlines, CommentedMap):
            return
        for key in list(deadlines.keys()):
            value = deadlines[key]
            d = _as_date(value)
            where = self.y.where(deadlines, key, f"deadlines.{key}")
            if d is None:
                continue
            moved = self.s.date(d, where, "thời hạn dời sang năm mới")
            deadlines[key] = _date_like(value, moved)

    # -- documents ------------------------------------------------------------------------
    def _documents(self, root: CommentedMap) -> None:
        docs = root.get("documents")
        if not isinstance(docs, CommentedMap):
            return
        plan = docs.get("ke_hoach")
        if isinstance(plan, CommentedMap):
            self._plan(plan, docs)
        summary = docs.get("tong_hop_dang_ky")
        if isinstance(summary, CommentedMap) and summary.get("date") is not None:
            where = self.y.where(summary, "date", "documents.tong_hop_dang_ky.date")
            self.report.change(where, summary["date"], None, "văn bản chưa ban hành: xóa ngày")
            summary["date"] = None
        for key in list(docs.keys()):
            if key != "ke_hoach":
                self._walk(docs, key, f"documents.{key}")

    def _plan(self, plan: CommentedMap, docs: CommentedMap) -> None:
        family = self.loaded.data.family
        old_number = plan.get("number")
        term = self.loaded.data.term or ""
        where = self.y.where(plan, "number", "documents.ke_hoach.number")
        if family is Family.PARTY:
            years = [int(y) for y in re.findall(r"\d{4}", term)]
            new_term = len(years) == 2 and self.new > years[1]
            rule = (f"văn bản Đảng đánh số liên tục theo từng loại trong cả nhiệm kỳ: số KH năm "
                    f"{self.new} tiếp theo dãy số KH của nhiệm kỳ {term or '(chưa ghi term)'}"
                    + (f" (năm {self.old} là số {old_number:02d})" if isinstance(
                        old_number, int) else "")
                    + ", không bắt đầu lại từ 01")
            if new_term:
                rule = ("năm mới thuộc nhiệm kỳ mới: dãy số văn bản Đảng bắt đầu lại từ 01 "
                        "trong nhiệm kỳ mới")
        else:
            rule = (f"văn bản Nhà nước đánh số theo năm: dãy số KH năm {self.new} bắt đầu lại "
                    "từ 01 vào đầu năm (ngày 01/01)")
        if self.number is not None:
            if (family is Family.PARTY and isinstance(old_number, int)
                    and self.number <= old_number and "nhiệm kỳ mới" not in rule):
                self.report.ask(where, f"số {self.number}", f"số {self.number} không lớn hơn số "
                                f"năm {self.old} ({old_number}) dù cùng nhiệm kỳ: kiểm tra "
                                "với văn thư")
            plan["number"] = self.number
            self.report.change(where, old_number, self.number, f"số kế hoạch mới — {rule}")
        else:
            if "number" in plan:
                plan["number"] = None
                with contextlib.suppress(Exception):
                    plan.yaml_add_eol_comment("điền khi văn thư cấp số", "number")
            self.report.change(where, old_number, None, "kế hoạch mới chưa có số")
            self.report.ask(where, "", f"số kế hoạch năm {self.new}: {rule}. Điền "
                            "documents.ke_hoach.number khi văn thư cấp số (hoặc dùng --number)")
        if plan.get("date") is not None:
            where = self.y.where(plan, "date", "documents.ke_hoach.date")
            self.report.change(where, plan["date"], None, "kế hoạch chưa ban hành: xóa ngày")
            plan["date"] = None
            with contextlib.suppress(Exception):
                plan.yaml_add_eol_comment("ngày ban hành: điền khi ký", "date")
        for key in list(plan.keys()):
            if key in ("number", "date", "body_file"):
                continue
            self._walk(plan, key, f"documents.ke_hoach.{key}")
        body_file = plan.get("body_file")
        if body_file:
            self._body_file(str(body_file))

    def _body_file(self, rel: str) -> None:
        src = self.loaded.base_dir / rel
        text = src.read_text(encoding="utf-8-sig")

        def where(offset: int) -> str:
            return f"{rel}, dòng {text.count(chr(10), 0, offset) + 1}"

        new = self.s.text(text, where)
        self.files[rel] = new.encode("utf-8")

    # -- registrations --------------------------------------------------------------------
    def _continuing(self) -> tuple[list[str], str]:
        """Ids of the models carried over, and why."""
        regs = self.loaded.registrations
        if self.policy == "none" or not regs:
            return [], "không chuyển mô hình nào (--registrations none)" if regs else ""
        if self.policy == "all":
            return [r.id or "" for r in regs], "chuyển mọi mô hình đã đăng ký (--registrations all)"
        if self.loaded.data.decision is None:
            return ([r.id or "" for r in regs],
                    f"năm {self.old} chưa có quyết định công nhận: chuyển mọi mô hình đã đăng ký "
                    "làm ứng viên")
        from .stages import derive_stages

        recognised = derive_stages(self.loaded).recognised
        return ([r.id or "" for r in recognised],
                f"chuyển {len(recognised)} mô hình được công nhận năm {self.old} (quyết định công "
                "nhận)")

    def _new_status(self, reg_id: str | None) -> str:
        """The status a carried model gets: its ``next_year`` if set, else "có từ trước"."""
        reg = next((r for r in self.loaded.registrations if r.id == reg_id), None)
        if reg is not None and reg.next_year is not None and reg.next_year.value != "dung":
            return reg.next_year.value
        return "co_tu_truoc"

    def _registrations(self, root: CommentedMap) -> None:
        regs_node = root.get("registrations")
        keep_ids, why = self._continuing()
        regs = self.loaded.registrations
        stopping = {r.id for r in regs if r.next_year is not None and r.next_year.value == "dung"}
        keep = set(keep_ids) - stopping
        if why:
            self.report.carried.append(why + ".")
        if regs:
            self.report.carried.append(
                f"Mô hình chuyển tiếp được ghi tình trạng theo cột/trường “năm sau” (next_year) "
                f"của nó; không ghi thì là “có từ trước” (đã có, tiếp tục duy trì với chỉ tiêu, "
                f"mục tiêu cao hơn — Mẫu 2); ngày đăng ký để trống; các đơn vị cần "
                f"xác nhận, cập nhật dự kiến kết quả năm {self.new}. Mô hình mới đăng ký năm "
                f"{self.new} thêm vào cuối danh sách với tình trạng “mới” hoặc “nhân rộng”.")
        for reg in regs:
            label = f"{reg.id} {reg.model_name} ({reg.registrant})"
            if reg.id in keep:
                new = Status(self._new_status(reg.id)).label
                self.report.carried.append(f"chuyển: {label} — {reg.status.label} → {new}")
            elif reg.id in stopping:
                self.report.dropped.append(f"mô hình {label}: không chuyển (năm sau: dừng)")
            else:
                self.report.dropped.append(f"mô hình {label}: không chuyển (chưa được công nhận "
                                           f"năm {self.old}); nếu tiếp tục thì đăng ký lại")
        if isinstance(regs_node, CommentedSeq):
            reg_of = {id(item): reg for item, reg in zip(regs_node, regs, strict=False)}
            for i in reversed(range(len(regs_node))):
                reg = regs[i] if i < len(regs) else None
                if reg is None or reg.id not in keep:
                    del regs_node[i]
            for i, item in enumerate(regs_node):
                if not isinstance(item, CommentedMap):
                    continue
                path = f"registrations[{i}]"
                if "status" in item:
                    where = self.y.where(item, "status", f"{path}.status")
                    old_status = item["status"]
                    reg = reg_of.get(id(item))
                    new_status = self._new_status(reg.id if reg is not None else None)
                    item["status"] = _same_style(old_status, new_status)
                    if str(old_status) != item["status"]:
                        self.report.change(where, old_status, item["status"],
                                           "mô hình tiếp tục từ năm trước")
                if "next_year" in item:
                    where = self.y.where(item, "next_year", f"{path}.next_year")
                    self.report.change(where, item["next_year"], None,
                                       "đã dùng để chọn tình trạng năm mới; năm sau quyết lại")
                    del item["next_year"]
                if item.get("date") is not None:
                    where = self.y.where(item, "date", f"{path}.date")
                    self.report.change(where, item["date"], None, "đăng ký năm mới chưa có ngày")
                    del item["date"]
                for key in list(item.keys()):
                    self._walk(item, key, f"{path}.{key}")
        elif isinstance(regs_node, CommentedMap) and regs_node.get("file"):
            rel = str(regs_node["file"])
            rows = [_row_number(r.source) for r in regs if r.id in keep]
            kept_rows = {n for n in rows if n is not None}
            if not kept_rows:
                root["registrations"] = CommentedSeq()
                self.report.ask(self.y.where(root, "registrations", "registrations"), "",
                                f"chưa có mô hình nào cho năm {self.new}: đã để registrations: "
                                f"[] ; khi các đơn vị gửi đăng ký, điền vào {rel} rồi đổi lại "
                                f"thành registrations: {{file: {rel}}}")
            self.files[rel] = self._sheet(rel, regs_node.get("sheet"), kept_rows)

    def _sheet(self, rel: str, sheet_name: Any, kept_rows: set[int]) -> bytes:
        path = self.loaded.base_dir / rel
        all_rows = {n for n in (_row_number(r.source) for r in self.loaded.registrations)
                    if n is not None}
        drop = sorted(all_rows - kept_rows)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return self._csv(path, rel, drop, kept_rows)
        import openpyxl

        book = openpyxl.load_workbook(path)
        ws = book[str(sheet_name)] if sheet_name else book.worksheets[0]
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
                    self.report.change(f"{rel}, ô {cell.coordinate}", _as_date(cell.value), None,
                                       "đăng ký năm mới chưa có ngày")
                    cell.value = None
        status_of = self._status_by_row()
        for r in sorted(kept_rows):
            self._set_status(ws, r, columns, rel, status_of.get(r, "co_tu_truoc"))
        _delete_rows(ws, drop)
        _renumber(ws, columns.get("stt"), header_row, len(drop))
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()

    def _sheet_columns(self, path: Path, sheet: Any) -> dict[str, str]:
        from .dataset.sheet import read_sheet

        names = [lv.name for lv in self.loaded.data.linh_vuc]
        rows = read_sheet(path, str(sheet) if sheet else None, names)
        return rows[0].columns if rows else {}

    def _status_by_row(self) -> dict[int, str]:
        """Sheet row -> the status its model gets next year."""
        out: dict[int, str] = {}
        for reg in self.loaded.registrations:
            row = _row_number(reg.source)
            if row is not None:
                out[row] = self._new_status(reg.id)
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
        from .dataset.sheet import _csv_delimiter

        text = path.read_bytes().decode("utf-8-sig")
        delimiter = _csv_delimiter(text)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        columns = self._sheet_columns(path, None)
        index = {f: _col_index(c) for f, c in columns.items()}
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
    def _other_files(self) -> None:
        base = self.loaded.base_dir
        known = {self.loaded.path.name, *self.files}
        for p in sorted(base.rglob("*")):
            if not p.is_file() or p.name.startswith("."):
                continue
            rel = p.relative_to(base).as_posix()
            if rel in known or rel == REPORT_NAME:
                continue
            self.report.dropped.append(f"file `{rel}` không được bộ dữ liệu dùng: không chép")


def _row_number(source: str | None) -> int | None:
    m = re.search(r"dòng (\d+)", source or "")
    return int(m.group(1)) if m else None


def _col_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _delete_rows(ws: Any, rows: list[int]) -> None:
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


def _renumber(ws: Any, stt_col: str | None, header_row: int, dropped: int) -> None:
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


def _ref_text(ref: Any) -> str:
    if not isinstance(ref, dict):
        return str(ref)
    from .dataset.models import Reference
    from .documents.plan import format_reference

    try:
        return format_reference(Reference.model_validate(
            {k: (v if not isinstance(v, dt.date) else v.isoformat()) for k, v in ref.items()}))
    except Exception:
        return ", ".join(f"{k}: {v}" for k, v in ref.items())


def _parse_guidance(text: str) -> CommentedMap:
    from .importer.references import parse_reference

    ref = parse_reference(text.strip().rstrip(";."))
    out = CommentedMap()
    for key in ("kind", "number", "date", "issuer", "subject", "text"):
        value = ref.get(key)
        if value is not None:
            out[key] = value
    return out


__all__ = ["RolloverError", "RolloverReport", "RolloverResult", "YearShifter", "day_off",
           "previous_working_day", "rollover"]
