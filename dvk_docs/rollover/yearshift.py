"""The year-shifting rules for text: which "2026" in a sentence means "this year" and moves,
which stays (terms of office, cited documents, targets, founding years), which anniversaries
are recomputed and which cases are only reported. Also the working-day rules for moved dates.

Used by the YAML-preserving file rollover (``files``) and the in-memory one (``model``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .report import RolloverReport

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
        citations = self.citations(s)
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

    def citations(self, s: str) -> list[tuple[int, int]]:
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


