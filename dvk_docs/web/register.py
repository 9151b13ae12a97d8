"""Sổ văn bản đi in the database: the numbers an organisation has used, per issuing body,
type and series (the series rule comes from :mod:`dvk_docs.numbering`).

- Every save of a year puts the numbers its documents carry (plan, thông báo, biên bản, tờ
  trình, quyết định, reports) into the register, in the same transaction: a number another
  document of the organisation already holds makes the whole save fail with a message that
  names both and proposes the next free number (:func:`sync_year`, run on ``post_save``).
- :func:`propose` gives the next number of a series for an empty number field;
  :func:`take` takes one atomically (the database's unique constraint decides between two
  people asking at once, on SQLite and on PostgreSQL alike).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.signals import post_save

from .. import numbering
from ..conventions.family import coerce_family
from ..conventions.numbering import format_symbol
from ..errors import DatasetError
from .models import DocumentNumber, Organisation, Year

ATTEMPTS = 200


class DuplicateNumber(DatasetError):
    """A number already used in its series."""


def rule() -> numbering.SeriesRule | None:
    """The series rule set for this server (setting or environment variable
    ``DVK_NUMBER_SERIES``: term/year), else None: the family's rule."""
    value = getattr(settings, "DVK_NUMBER_SERIES", None) or os.environ.get("DVK_NUMBER_SERIES")
    return value if value in ("term", "year") else None


@dataclass(frozen=True)
class Series:
    issuer: str
    type_code: str
    series: str
    family: str = "party"

    def symbol(self, number: int) -> str:
        """'05-QĐ/ĐU' (Party) or '05/QĐ-UBND' (State)."""
        return format_symbol(number, self.type_code, self.issuer, coerce_family(self.family))


def series_for(year: Year, section: str, doc: dict[str, Any] | None = None) -> Series:
    """The series a document of ``section`` (a key of numbering.SECTIONS) would take in
    ``year``, with ``doc`` as typed (issuer, date) or as saved."""
    document = dict(year.document)
    doc = dict(doc or _section(document, section) or {})
    doc["number"] = 1
    _put(document, section, doc)
    found = [e for e in numbering.entries_of(document, rule()) if e.section == section]
    e = found[0]
    return Series(e.issuer, e.type_code, e.series, document.get("family", "party"))


def _section(document: dict[str, Any], section: str) -> dict[str, Any] | None:
    if section == "documents.ke_hoach":
        return (document.get("documents") or {}).get("ke_hoach")
    if section.startswith("reports."):
        period = section.split(".", 1)[1]
        return next((r for r in document.get("reports") or [] if r.get("period") == period),
                    None)
    return document.get(section)


def _put(document: dict[str, Any], section: str, doc: dict[str, Any]) -> None:
    if section == "documents.ke_hoach":
        document["documents"] = {**(document.get("documents") or {}), "ke_hoach": doc}
    elif section.startswith("reports."):
        doc.setdefault("period", section.split(".", 1)[1])
        document["reports"] = [r for r in document.get("reports") or []
                               if r.get("period") != doc["period"]] + [doc]
    else:
        document[section] = doc


def used(org: Organisation, s: Series) -> list[int]:
    return list(DocumentNumber.objects.filter(
        organisation=org, issuer=s.issuer, type_code=s.type_code, series=s.series)
        .values_list("number", flat=True))


def propose(org: Organisation, s: Series) -> int:
    """The next number of the series (one after the highest used)."""
    top = DocumentNumber.objects.filter(
        organisation=org, issuer=s.issuer, type_code=s.type_code, series=s.series
    ).aggregate(top=Max("number"))["top"]
    return numbering.next_number([top] if top else [])


def _holder(found: DocumentNumber) -> str:
    if found.year_id and found.section:
        return (f"{numbering.SECTION_NAMES.get(found.section, found.section)} năm "
                f"{found.year.year}" if found.year else found.section)
    return f"“{found.subject}”" if found.subject else "một văn bản đã vào sổ"


def _refuse(org: Organisation, s: Series, number: int, what: str) -> DuplicateNumber:
    found = DocumentNumber.objects.filter(organisation=org, issuer=s.issuer,
                                          type_code=s.type_code, series=s.series,
                                          number=number).select_related("year").first()
    holder = _holder(found) if found else "một văn bản khác"
    return DuplicateNumber(
        f"{what}: số {s.symbol(number)} ({s.series}) đã cấp cho {holder} trong sổ văn bản đi; "
        f"số tiếp theo còn trống là {propose(org, s):02d}")


def take(org: Organisation, s: Series, *, user: Any = None, number: int | None = None,
         subject: str = "", date: Any = None, year: Year | None = None, section: str = ""
         ) -> DocumentNumber:
    """Take ``number`` (refused when used) or, without one, the next free number of the
    series. People asking at once queue on the organisation's row (a short lock: read the
    highest number, insert the next), so they get consecutive numbers instead of colliding
    and retrying; the unique constraint still decides against a number saved with a year
    meanwhile (then the next one is tried)."""
    for _ in range(ATTEMPTS):
        try:
            with transaction.atomic():
                Organisation.objects.select_for_update().only("pk").get(pk=org.pk)
                n = number if number is not None else propose(org, s)
                with transaction.atomic():
                    return DocumentNumber.objects.create(
                        organisation=org, issuer=s.issuer, type_code=s.type_code,
                        series=s.series, number=n, subject=subject[:500], date=date,
                        year=year, section=section,
                        created_by=user if getattr(user, "is_authenticated", False) else None)
        except IntegrityError:
            if number is not None:
                raise _refuse(org, s, number, "Không lấy được số") from None
    raise DuplicateNumber("Sổ văn bản đi đang bận; thử lại sau giây lát")


def sync_year(year: Year) -> None:
    """The register holds exactly the numbers the year's documents carry (in the caller's
    transaction: a duplicate undoes the whole save)."""
    if not year.document or "year" not in year.document:
        return
    entries = numbering.entries_of(year.document, rule())
    numbering.check_unique(entries)
    org = year.organisation
    mine = {(d.section, d.issuer, d.type_code, d.series, d.number): d
            for d in DocumentNumber.objects.filter(year=year).exclude(section="")}
    wanted = {(e.section, *e.key): e for e in entries}
    stale = [d.pk for key, d in mine.items() if key not in wanted]
    if stale:
        DocumentNumber.objects.filter(pk__in=stale).delete()
    for key, e in wanted.items():
        if key in mine:
            if mine[key].date != e.date:
                DocumentNumber.objects.filter(pk=mine[key].pk).update(date=e.date)
            continue
        s = Series(e.issuer, e.type_code, e.series, year.document.get("family", "party"))
        try:
            with transaction.atomic():
                DocumentNumber.objects.create(
                    organisation=org, issuer=e.issuer, type_code=e.type_code, series=e.series,
                    number=e.number, year=year, section=e.section, date=e.date,
                    subject=numbering.SECTION_NAMES[e.section])
        except IntegrityError:
            raise _refuse(org, s, e.number, numbering.SECTION_NAMES[e.section]) from None


def _register_numbers(sender: type[Year], instance: Year, **kwargs: object) -> None:
    sync_year(instance)


def connect() -> None:
    """Every save of a year puts its documents' numbers in the register (called once from
    the app's ``ready``)."""
    post_save.connect(_register_numbers, sender=Year, dispatch_uid="dvk_register_numbers")
