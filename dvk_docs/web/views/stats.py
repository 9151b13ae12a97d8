"""Thống kê of a commune's year: counts by lĩnh vực, unit, kind, tình trạng and stage,
recognised against registered, and this year against last year, as tables and bar charts.
Every figure comes from :mod:`dvk_docs.statistics` (through :mod:`dvk_docs.web.figures`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ...statistics import YearStats, compare
from ..charts import bars
from ..figures import previous, try_stats
from ..models import Membership, Organisation
from .base import org_view, year_of


def charts_of(stats: YearStats, last: YearStats | None) -> dict[str, Any]:
    """The charts of the Thống kê pages (a commune's year, or a district's communes)."""
    c = stats.counts
    recognised = stats.decided
    return {
        "fields": bars((f.name, f.registered, f.recognised if recognised else None)
                       for f in stats.by_field()),
        "units": bars((r.name, r.total, r.recognised if recognised else None)
                      for r in stats.by_unit()),
        "kinds": bars([("Tập thể", c.tap_the, None), ("Cá nhân", c.ca_nhan, None)]),
        "status": bars([("Đăng ký mới", c.moi, None), ("Có từ trước", c.co_tu_truoc, None),
                        ("Nhân rộng", c.nhan_rong, None)]),
        "stages": bars((label, n, None) for _key, label, n in stats.stage_list()),
        "year_bars": bars((ch.label, ch.this, ch.last) for ch in compare(stats, last))
        if last is not None else [],
        "changes": compare(stats, last),
        "legend_recognised": ("đăng ký", "được công nhận") if recognised else ("đăng ký", ""),
        "legend_years": (f"năm {stats.year}", f"năm {last.year}") if last else None,
    }


@org_view(office=True)
def stats(request: HttpRequest, member: Membership, org: Organisation, year: int
          ) -> HttpResponse:
    y = year_of(org, year)
    this, error = try_stats(y)
    before = previous(y)
    last, last_error = try_stats(before)
    context: dict[str, Any] = {"y": y, "stats": this, "error": error, "last": last,
                               "last_year": y.year - 1, "last_error": last_error,
                               "tab": "thong_ke"}
    if this is not None:
        context.update(charts_of(this, last))
    return render(request, "dvk_web/stats.html", context)
