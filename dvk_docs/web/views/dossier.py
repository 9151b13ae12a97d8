"""Hồ sơ đề nghị công nhận (office): the checklist from the core per nominee, the evidence
attached to each, and the dossier PDF built as a background job."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ...errors import DvkError
from ...pdf.evidence import EVIDENCE_KINDS, kind_label
from .. import dossier_job, jobs, store
from ..models import Evidence, Job, Membership, Organisation, Year
from ..models.evidence import KIND_CHOICES
from .base import org_view, year_of


def _context(y: Year) -> dict[str, object]:
    try:
        check = dossier_job.year_checklist(y)
        error = None
    except DvkError as err:
        check, error = None, str(err)
    files: dict[str, list[Evidence]] = {}
    for ev in Evidence.objects.filter(organisation=y.organisation, year=y):
        files.setdefault(ev.reg_id, []).append(ev)
    rows = [{"n": n, "files": files.get(n.reg_id, []),
             "missing": [k for k in (check.required if check else ()) if k not in n.kinds]}
            for n in (check.nominees if check else [])]
    return {"y": y, "check": check, "error": error,
            "rows": [r for r in rows if r["n"].in_dossier],
            "others": [r for r in rows if not r["n"].in_dossier],
            "required": [kind_label(k) for k in (check.required if check else ())],
            "kind_choices": KIND_CHOICES, "kinds": EVIDENCE_KINDS,
            "recent": y.jobs.filter(kind="dossier")[:5], "tab": "ho_so"}


@org_view(office=True)
def dossier(request: HttpRequest, member: Membership, org: Organisation, year: int
            ) -> HttpResponse:
    y = year_of(org, year)
    template = ("dvk_web/_dossier_checklist.html" if request.htmx
                and request.GET.get("part") == "checklist" else "dvk_web/dossier.html")
    return render(request, template, _context(y))


@org_view(office=True)
@require_POST
def build(request: HttpRequest, member: Membership, org: Organisation, year: int
          ) -> HttpResponse:
    y = year_of(org, year)
    try:
        copies = min(max(int(request.POST.get("copies", "2")), 1), 5)
    except ValueError:
        copies = 2
    job = dossier_job.start(y, request.user, {
        "copies": copies, "allow_incomplete": bool(request.POST.get("allow_incomplete")),
        "allow_inconsistent": bool(request.POST.get("allow_inconsistent"))})
    store.audit(org, request.user, "tạo hồ sơ đề nghị", f"năm {y.year}")
    if request.htmx:
        return render(request, "dvk_web/_dossier_job.html", {"job": job, "org": org})
    return redirect("dossier", slug=org.slug, year=y.year)


def _job(org: Organisation, year: int, job: str) -> Job:
    y = year_of(org, year)
    return get_object_or_404(Job, pk=job, organisation=org, year=y, kind="dossier")


@org_view(office=True)
def job_status(request: HttpRequest, member: Membership, org: Organisation, year: int,
               job: str) -> HttpResponse:
    j = _job(org, year, job)
    if not request.htmx:
        return redirect("dossier", slug=org.slug, year=year)
    return render(request, "dvk_web/_dossier_job.html", {"job": j, "org": org})


@org_view(office=True)
def download(request: HttpRequest, member: Membership, org: Organisation, year: int, job: str
             ) -> HttpResponse:
    j = _job(org, year, job)
    path = jobs.job_file(j)
    if j.status != Job.Status.DONE or not path.is_file():
        raise Http404("Hồ sơ chưa tạo xong hoặc đã bị xóa; tạo lại")
    return FileResponse(path.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=f"ho-so-de-nghi-{org.slug}-{j.year.year}.pdf")
