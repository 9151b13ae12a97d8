"""Sổ văn bản đi: the organisation's register of outgoing numbers, per issuing body, type and
series (Party: per nhiệm kỳ; State: per year — :mod:`dvk_docs.numbering`), and taking the
next number for a document made outside the dataset (a công văn, a giấy mời...)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ... import numbering
from .. import register, store
from ..models import DocumentNumber, Membership, Organisation
from .base import org_view
from .council import date_field

SHOWN = 30  # numbers shown per series, the latest first

TYPES = [("KH", "Kế hoạch"), ("TB", "Thông báo"), ("BB", "Biên bản"), ("TTr", "Tờ trình"),
         ("QĐ", "Quyết định"), ("BC", "Báo cáo"), ("CV", "Công văn"), ("GM", "Giấy mời"),
         ("HD", "Hướng dẫn"), ("NQ", "Nghị quyết")]


def _issuers(document: dict[str, Any]) -> list[tuple[str, str]]:
    unit = document.get("unit") or {}
    found = [(str(unit.get("code", "")), " ".join(str(unit.get("name", "")).split()))]
    for body in (document.get("bodies") or {}).values():
        found.append((str(body.get("code", "")), " ".join(str(body.get("name", "")).split())))
    return [f for f in found if f[0]]


@org_view(office=True)
def number_register(request: HttpRequest, member: Membership, org: Organisation
                    ) -> HttpResponse:
    latest = org.years.order_by("-year").first()
    document = latest.document if latest else {}
    issuers = _issuers(document)
    if request.method == "POST" and latest is not None:
        p = request.POST
        issuer, type_code = p.get("issuer", ""), p.get("type_code", "")
        subject = p.get("subject", "").strip()
        date_text = p.get("date", "").strip()
        errors = []
        if issuer not in {c for c, _ in issuers}:
            errors.append("Chọn cơ quan ban hành")
        if type_code not in {c for c, _ in TYPES}:
            errors.append("Chọn loại văn bản")
        if not subject:
            errors.append("Ghi trích yếu của văn bản")
        date = None
        iso = date_field(date_text)
        try:
            date = dt.date.fromisoformat(iso) if iso else dt.date.today()
        except ValueError:
            errors.append(f"Ngày '{date_text}' không hợp lệ; viết dạng 05/10/2026")
        number_text = p.get("number", "").strip()
        if number_text and not number_text.isdigit():
            errors.append("Số phải là số nguyên dương, hoặc để trống để lấy số tiếp theo")
        if errors:
            for e in errors:
                messages.error(request, e)
        else:
            assert date is not None
            family = document.get("family", "party")
            series = register.Series(issuer, type_code, numbering.series_of(
                family, year=date.year, term=document.get("term"), rule=register.rule()),
                family)
            try:
                taken = register.take(org, series, user=request.user, subject=subject,
                                      date=date, number=int(number_text) if number_text
                                      else None)
            except register.DuplicateNumber as err:
                messages.error(request, str(err))
            else:
                store.audit(org, request.user, "lấy số văn bản đi", str(taken), subject)
                messages.success(request, f"Đã cấp số {series.symbol(taken.number)} "
                                          f"({series.series}) cho “{subject}”")
                return redirect("number_register", slug=org.slug)
    groups = []
    series_rows = (DocumentNumber.objects.filter(organisation=org)
                   .values("issuer", "type_code", "series")
                   .annotate(top=Max("number"), count=Count("id"))
                   .order_by("issuer", "type_code", "series"))
    for found in series_rows:
        s = register.Series(found["issuer"], found["type_code"], found["series"],
                            document.get("family", "party"))
        latest_rows = list(DocumentNumber.objects.filter(
            organisation=org, issuer=s.issuer, type_code=s.type_code, series=s.series)
            .select_related("year", "created_by").order_by("-number")[:SHOWN])
        # '01-QĐ/ĐU' -> 'QĐ/ĐU', '01/QĐ-UBND' -> 'QĐ-UBND'
        label = s.symbol(1).split("-" if s.family == "party" else "/", 1)[1]
        groups.append({"series": s, "rows": latest_rows, "label": label,
                       "next": numbering.next_number([found["top"]]),
                       "hidden": found["count"] - len(latest_rows)})
    return render(request, "dvk_web/council_numbers.html", {
        "groups": groups, "issuers": issuers, "types": TYPES, "latest": latest,
        "family_rule": numbering.default_rule(document.get("family", "party"))
        if document else None, "rule": register.rule()})

