"""The district / province page of a ``cap_tren`` account: its communes' figures side by side
(one row per commune and the totals, each commune's own Mẫu 2 below), charts, this year
against last year, and the aggregated Mẫu 1 / Mẫu 2 as .xlsx. The aggregation is the
library's (:func:`dvk_docs.statistics.aggregate`, :mod:`dvk_docs.sheets`); reading a commune's
own pages goes through :mod:`dvk_docs.web.oversight` (read-only)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ...conventions import upper_vi
from ...errors import DvkError
from ...sheets import mau1_aggregate_xlsx, mau2_xlsx
from ...statistics import YearStats, aggregate
from ..figures import try_stats
from ..models import Membership, Organisation, Role, Year
from ..models.oversight import below
from ..store import load_year
from .base import download, org_view
from .stats import charts_of

CAP_TREN = {Role.CAP_TREN}


def _years(communes: list[Organisation]) -> Counter[int]:
    """Each year held by the communes → how many of them hold it."""
    return Counter(Year.objects.filter(organisation__in=communes).values_list("year", flat=True))


def _year_param(request: HttpRequest, years: Counter[int]) -> int | None:
    """The year asked for, else the latest year that most communes have."""
    raw = request.GET.get("nam", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return max(years, key=lambda y: (years[y], y)) if years else None


def _parts(communes: list[Organisation], year: int
           ) -> tuple[list[dict[str, Any]], list[tuple[str, YearStats]]]:
    """Each commune's year and figures (or why they are missing), and the ones to add up."""
    rows = []
    parts = []
    found = {y.organisation_id: y for y in Year.objects.filter(organisation__in=communes,
                                                               year=year)}
    for commune in communes:
        y = found.get(commune.pk)
        stats, error = try_stats(y)
        rows.append({"org": commune, "y": y, "stats": stats, "error": error})
        if stats is not None:
            parts.append((commune.name, stats))
    return rows, parts


@org_view(roles=CAP_TREN)
def district(request: HttpRequest, member: Membership, org: Organisation) -> HttpResponse:
    communes = below(org)
    years = _years(communes)
    year = _year_param(request, years)
    context: dict[str, Any] = {"communes": communes, "years": sorted(years, reverse=True),
                               "year": year, "tab": "cap_tren"}
    if year is not None:
        rows, parts = _parts(communes, year)
        # last year of the same communes, so that the comparison is like for like
        same = [r["org"] for r in rows if r["stats"] is not None]
        _last_rows, last_parts = _parts(same, year - 1)
        context.update({"rows": rows, "last_year": year - 1,
                        "missing": [r for r in rows if r["stats"] is None]})
        if parts:
            stats = aggregate(parts)
            last = aggregate(last_parts) if last_parts else None
            context.update({"stats": stats, "last": last, **charts_of(stats, last),
                            "unit_heading": "Theo xã, phường: đăng ký / được công nhận",
                            "compare_note": f"Năm {year - 1} của cùng các xã, phường có số "
                                            f"liệu năm {year}."})
    return render(request, "dvk_web/district.html", context)


def _loaded_parts(org: Organisation, year: int) -> list[tuple[str, Any]]:
    out = []
    for commune in below(org):
        y = Year.objects.filter(organisation=commune, year=year).first()
        if y is not None:
            out.append((commune.name, load_year(y)))
    return out


@org_view(roles=CAP_TREN)
def district_mau1(request: HttpRequest, member: Membership, org: Organisation, year: int
                  ) -> HttpResponse:
    try:
        parts = _loaded_parts(org, year)
        if not parts:
            raise DvkError(f"Chưa xã, phường nào có năm {year}")
        title = (f"TỔNG HỢP ĐĂNG KÝ MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO” NĂM {year} "
                 f"- {upper_vi(org.name)}")
        content = mau1_aggregate_xlsx(parts, title)
    except DvkError as err:
        messages.error(request, str(err))
        return redirect("district", slug=org.slug)
    return download(content, f"mau-1-tong-hop-{org.slug}-{year}.xlsx")


@org_view(roles=CAP_TREN)
def district_mau2(request: HttpRequest, member: Membership, org: Organisation, year: int
                  ) -> HttpResponse:
    communes = below(org)
    _rows, parts = _parts(communes, year)
    if not parts:
        messages.error(request, f"Chưa xã, phường nào có năm {year} đọc được")
        return redirect("district", slug=org.slug)
    stats = aggregate(parts)
    title = (f"THỐNG KÊ KẾT QUẢ PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO” NĂM {year} "
             f"- {upper_vi(org.name)}")
    note = f"(Tổng hợp từ {len(parts)} xã, phường; số liệu theo dữ liệu hiện có)"
    content = mau2_xlsx(stats.mau2, title, note)
    return download(content, f"mau-2-tong-hop-{org.slug}-{year}.xlsx")
