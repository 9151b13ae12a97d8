"""Sổ văn bản đi: which series a document number belongs to, and the numbers a year uses.

A number is unique within one *series*: the same issuing body, the same kind of document
(its type code: KH, TB, BB, TTr, QĐ, BC) and the same period. The period follows the family
(format-standards.md, "Số và ký hiệu" and the cheat-sheet 4.4):

- Party documents: numbers run from 01 per type per **nhiệm kỳ cấp ủy** (the term, e.g.
  ``2025 - 2030``), not per calendar year;
- State documents: numbers run from 01 per type per **calendar year** (01/01-31/12).

Which period applies is a setting (:class:`SeriesRule`) whose default is the family's rule,
so an office whose practice differs (a Party body numbering per year) can say so without a
code change. Formatting the number (``05-KH/ĐU``, ``05/KH-UBND``) stays in
:mod:`dvk_docs.conventions.numbering`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .conventions.family import Family, coerce_family
from .errors import DatasetError

SeriesRule = Literal["term", "year"]

# dataset section -> type code printed in the number (the documents' TYPE_CODE)
SECTIONS: dict[str, str] = {
    "documents.ke_hoach": "KH",
    "appraisal": "TB",
    "meeting": "BB",
    "proposal": "TTr",
    "decision": "QĐ",
    "reports.6_thang": "BC",
    "reports.nam": "BC",
}

SECTION_NAMES: dict[str, str] = {
    "documents.ke_hoach": "Kế hoạch",
    "appraisal": "Thông báo kết quả thẩm định",
    "meeting": "Biên bản họp bình xét",
    "proposal": "Tờ trình",
    "decision": "Quyết định",
    "reports.6_thang": "Báo cáo 6 tháng",
    "reports.nam": "Báo cáo năm",
}


def default_rule(family: Family | str) -> SeriesRule:
    """The family's rule: Party per term (nhiệm kỳ), State per calendar year."""
    return "term" if coerce_family(family) is Family.PARTY else "year"


def series_of(family: Family | str, *, year: int, term: str | None,
              rule: SeriesRule | None = None) -> str:
    """The period a number belongs to: ``'nhiệm kỳ 2025 - 2030'`` or ``'năm 2026'``.

    ``year`` is the year of the document's date (the dataset's year when it has no date);
    a Party dataset without a term falls back to the year, said in the label."""
    chosen = rule or default_rule(family)
    if chosen == "term" and term and term.strip():
        return f"nhiệm kỳ {' '.join(term.split())}"
    return f"năm {year}"


@dataclass(frozen=True)
class Entry:
    """One number a dataset uses: where it is (``section``), in which series."""

    section: str
    issuer: str  # the issuing body's code (ĐU, BXDĐ, UBND...)
    type_code: str
    series: str
    number: int
    date: dt.date | None

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.issuer, self.type_code, self.series, self.number)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def entries_of(document: dict[str, Any], rule: SeriesRule | None = None) -> list[Entry]:
    """Every numbered document of a dataset (the mapping dataset.yaml holds, as the model
    dumps it): the plan, the thông báo, the biên bản, the tờ trình, the quyết định, the
    reports. Documents without a number are left out."""
    family = document.get("family", "party")
    year = int(document["year"])
    term = document.get("term")
    unit = document.get("unit") or {}
    bodies = document.get("bodies") or {}

    def issuer_code(key: Any) -> str:
        body = unit if key in (None, "", "unit") else bodies.get(key, unit)
        return str(body.get("code", ""))

    sections: list[tuple[str, Any]] = [
        ("documents.ke_hoach", (document.get("documents") or {}).get("ke_hoach")),
        ("appraisal", document.get("appraisal")), ("meeting", document.get("meeting")),
        ("proposal", document.get("proposal")), ("decision", document.get("decision"))]
    sections += [(f"reports.{r.get('period')}", r) for r in document.get("reports") or []]
    out: list[Entry] = []
    for section, doc in sections:
        if not isinstance(doc, dict) or not doc.get("number") or section not in SECTIONS:
            continue
        date = _date(doc.get("date"))
        out.append(Entry(section, issuer_code(doc.get("issuer")), SECTIONS[section],
                         series_of(family, year=date.year if date else year, term=term,
                                   rule=rule), int(doc["number"]), date))
    return out


def check_unique(entries: Iterable[Entry]) -> None:
    """Two documents of one dataset with the same number in the same series are refused."""
    seen: dict[tuple[str, str, str, int], Entry] = {}
    for e in entries:
        other = seen.get(e.key)
        if other is not None:
            raise DatasetError(
                f"{SECTION_NAMES[e.section]} và {SECTION_NAMES[other.section]} cùng mang số "
                f"{e.number:02d}-{e.type_code}/{e.issuer} ({e.series}); mỗi số chỉ dùng một lần")
        seen[e.key] = e


def next_number(used: Iterable[int]) -> int:
    """The next number of a series: one after the highest used (01 for a new series)."""
    return max(used, default=0) + 1
