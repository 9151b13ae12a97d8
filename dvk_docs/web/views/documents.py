"""Văn bản: every kind the year can make, its preview, .docx and .pdf; the whole set."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ... import api
from ...errors import DvkError
from .. import jobs, store
from ..models import Job, Membership, Organisation
from ..preview import blocks
from ..renderer import render_docx
from .base import download, org_view, year_of


def kinds_of(prepared: api.Prepared, titles: dict[str, str]) -> list[dict[str, Any]]:
    """The kinds the year can make, per-item kinds with their items (id and a title)."""
    out = []
    for key in prepared.kinds():
        kind = api.KINDS[key]
        items = ([{"id": i, "title": titles.get(i, "")} for i in prepared.items(key)]
                 if kind.per_item else [])
        out.append({"key": key, "label": kind.label, "items": items})
    return out


@org_view(office=True)
def documents(request: HttpRequest, member: Membership, org: Organisation, year: int
              ) -> HttpResponse:
    y = year_of(org, year)
    problems: list[str] = []
    titles = {r: f"{m}" for r, m in y.registrations.values_list("reg_id", "model_name")}
    try:
        prepared = api.prepare(store.load_year(y))
        kinds = kinds_of(prepared, titles)
        problems = [p.message for p in prepared.problems]
    except DvkError as err:
        kinds, problems = [], [str(err)]
    recent = y.jobs.filter(kind="pdf")[:10]
    return render(request, "dvk_web/documents.html", {
        "y": y, "kinds": kinds, "problems": problems, "fresh": jobs.fresh_set(y),
        "recent": recent, "tab": "van_ban"})


def _render(y, kind: str, item: str | None) -> bytes:  # type: ignore[no-untyped-def]
    if kind not in api.KINDS:
        raise Http404("Không có loại văn bản này")
    with store.open_year(y) as (folder, _loaded):
        return render_docx(folder, kind, item or None)


def _filename(y, kind: str, item: str | None, ext: str) -> str:  # type: ignore[no-untyped-def]
    base = f"{api.KINDS[kind].order:02d}-{kind.replace('_', '-')}"
    return f"{base}-{item}.{ext}" if item else f"{base}.{ext}"


@org_view(office=True)
def preview(request: HttpRequest, member: Membership, org: Organisation, year: int, kind: str
            ) -> HttpResponse:
    y = year_of(org, year)
    item = request.GET.get("id") or None
    try:
        content = _render(y, kind, item)
        error = None
        page = blocks(content)
    except DvkError as err:
        page, error = [], str(err)
    template = "dvk_web/_page.html" if request.htmx else "dvk_web/preview.html"
    return render(request, template, {"y": y, "kind": kind, "label": api.KINDS[kind].label,
                                      "item": item, "page": page, "error": error,
                                      "tab": "van_ban"})


@org_view(office=True)
def docx(request: HttpRequest, member: Membership, org: Organisation, year: int, kind: str
         ) -> HttpResponse:
    y = year_of(org, year)
    item = request.GET.get("id") or None
    try:
        content = _render(y, kind, item)
    except DvkError as err:
        messages.error(request, str(err))
        return redirect("documents", slug=org.slug, year=y.year)
    return download(content, _filename(y, kind, item, "docx"))


@org_view(office=True)
@require_POST
def pdf(request: HttpRequest, member: Membership, org: Organisation, year: int, kind: str
        ) -> HttpResponse:
    y = year_of(org, year)
    if kind not in api.KINDS:
        raise Http404
    job = jobs.start(y, "pdf", request.user, {"kind": kind, "id": request.POST.get("id") or ""})
    return _job_response(request, org, job)


@org_view(office=True)
@require_POST
def build_set(request: HttpRequest, member: Membership, org: Organisation, year: int
              ) -> HttpResponse:
    y = year_of(org, year)
    kind = "set_pdf" if request.POST.get("pdf") else "set"
    job = jobs.start(y, kind, request.user,
                     {"allow_inconsistent": bool(request.POST.get("allow_inconsistent"))})
    store.audit(org, request.user, "tạo bộ văn bản", f"năm {y.year}",
                "có PDF" if kind == "set_pdf" else "")
    return _job_response(request, org, job)


def _job_response(request: HttpRequest, org: Organisation, job: Job) -> HttpResponse:
    if request.htmx:
        return render(request, "dvk_web/_job.html", {"job": job, "org": org})
    return redirect("job", slug=org.slug, job=job.pk)


@org_view(office=True)
def job_status(request: HttpRequest, member: Membership, org: Organisation, job: str
               ) -> HttpResponse:
    j = get_object_or_404(Job, pk=job, organisation=org)
    template = "dvk_web/_job.html" if request.htmx else "dvk_web/job.html"
    return render(request, template, {"job": j, "y": j.year, "tab": "van_ban"})


@org_view(office=True)
def job_download(request: HttpRequest, member: Membership, org: Organisation, job: str
                 ) -> HttpResponse:
    j = get_object_or_404(Job, pk=job, organisation=org, status=Job.Status.DONE)
    return _serve(j, org)


def _serve(j: Job, org: Organisation) -> HttpResponse:
    path = jobs.job_file(j)
    if not path.is_file():
        raise Http404("File đã bị xóa; tạo lại")
    if j.kind == "pdf":
        name = _filename(j.year, j.params["kind"], j.params.get("id") or None, "pdf")
    else:
        name = f"van-ban-{org.slug}-{j.year.year}.zip"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@org_view(office=True)
def set_zip(request: HttpRequest, member: Membership, org: Organisation, year: int
            ) -> HttpResponse:
    """'Tải bộ văn bản (.zip)': the set built for the year's current data; when none is
    ready it is built now (documents only, no PDF: a few seconds for a commune's year), or
    for a very big year in the background with the job page to wait on. A GET: repeated
    opens reuse the revision's one job (:func:`jobs.once`, the rule in :mod:`..jobs`)."""
    y = year_of(org, year)
    job = jobs.fresh_set(y)
    if job is None:
        big = y.registrations.count() > settings.SYNC_SET_MAX_REGISTRATIONS
        # the set the office's form started (any options) is as good as the link's own
        job, new = jobs.once(y, "set", request.user, kinds=("set",), enqueue=big,
                             any_params=True)
        if new and not big:  # a commune's year: built in this request
            jobs.run_job.call(str(job.pk))
            job.refresh_from_db()
        if job.status == Job.Status.FAILED:
            messages.error(request, job.message)
            return redirect("year", slug=org.slug, year=y.year)
        if job.status != Job.Status.DONE or (new and big):  # being built: its page waits
            return redirect("job", slug=org.slug, job=job.pk)
    return _serve(job, org)


@org_view(office=True)
def dataset_zip(request: HttpRequest, member: Membership, org: Organisation, year: int
                ) -> HttpResponse:
    y = year_of(org, year)
    return download(store.export_zip(y), f"du-lieu-{org.slug}-{y.year}.zip")
