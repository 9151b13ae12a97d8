"""Health check, the landing redirect and Tổng quan (the organisation's years)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ..models import Membership, Organisation, Role
from ..store import year_status
from .base import membership_of, org_view


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
        cur.fetchone()
    vendor = "postgresql" if connection.vendor == "postgresql" else connection.vendor
    return JsonResponse({"status": "ok", "database": vendor})


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    m = membership_of(request)
    if m is None:
        if request.user.is_staff:  # type: ignore[union-attr]
            return redirect("admin:index")
        return render(request, "dvk_web/no_org.html", status=403)
    return redirect("overview", slug=m.organisation.slug)


@org_view()
def overview(request: HttpRequest, member: Membership, org: Organisation) -> HttpResponse:
    if member.role == Role.CAP_TREN and not member.visiting:  # a district: its communes
        return redirect("district", slug=org.slug)
    years = []
    # the years' documents are not read here (their stage is in the cache): not loaded
    for y in org.years.defer("document", "plan_body").annotate(count=Count("registrations")):
        status = year_status(y)
        years.append({"year": y, "progress": status.progress, "error": status.error,
                      "count": y.count})
    return render(request, "dvk_web/overview.html", {"years": years})
