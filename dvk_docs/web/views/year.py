"""A year's page: where it stands, what is missing next, its documents and data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ... import api
from ...errors import DvkError
from ...progress import year_progress
from .. import jobs, store
from ..models import Membership, Organisation
from .base import org_view, year_of


@org_view()
def year_page(request: HttpRequest, member: Membership, org: Organisation, year: int
              ) -> HttpResponse:
    y = year_of(org, year)
    progress, problems, error = None, [], None
    try:
        with store.open_year(y) as (_folder, loaded):
            progress = year_progress(loaded)
            problems = [p.message for p in api.check_dataset(loaded)]
            warnings = list(loaded.warnings)
    except DvkError as err:
        error, warnings = str(err), []
    regs = y.registrations.all()
    if not member.is_office:
        regs = regs.filter(unit_key=member.unit)
    return render(request, "dvk_web/year.html", {
        "y": y, "progress": progress, "problems": problems, "warnings": warnings,
        "error": error, "reg_count": regs.count(), "fresh": jobs.fresh_set(y),
        "running": y.jobs.filter(kind__in=["set", "set_pdf"]).first(), "tab": "nam"})
