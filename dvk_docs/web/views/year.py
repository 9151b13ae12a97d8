"""A year's page: where it stands, what is missing next, its documents and data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import jobs
from ..models import Membership, Organisation
from ..store import year_status
from .base import org_view, year_of


@org_view()
def year_page(request: HttpRequest, member: Membership, org: Organisation, year: int
              ) -> HttpResponse:
    y = year_of(org, year)
    status = year_status(y)
    regs = y.registrations.all()
    if not member.is_office:
        regs = regs.filter(unit_key=member.unit)
    return render(request, "dvk_web/year.html", {
        "y": y, "progress": status.progress, "problems": status.problems,
        "warnings": status.warnings, "error": status.error, "reg_count": regs.count(),
        "fresh": jobs.fresh_set(y),
        "running": y.jobs.filter(kind__in=["set", "set_pdf"]).first(), "tab": "nam"})
