"""Minh chứng: a unit uploads evidence for its own models, the office for any model; both
list, download and delete what they may see. Another unit's model is a 404, like another
organisation's year."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ...pdf.evidence import EVIDENCE_KINDS
from .. import evidence_files, store
from ..models import Evidence, Membership, Organisation, Registration, Year
from ..models.evidence import KIND_CHOICES
from ..uploads import UploadError
from .base import org_view, year_of

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


def visible_registrations(member: Membership, y: Year) -> QuerySet[Registration]:
    rows = y.registrations.all()
    return rows if member.is_office else rows.filter(unit_key=member.unit)


def visible_evidence(member: Membership, y: Year) -> QuerySet[Evidence]:
    rows = Evidence.objects.filter(organisation=y.organisation, year=y)
    if not member.is_office:
        rows = rows.filter(reg_id__in=visible_registrations(member, y).values("reg_id"))
    return rows


class EvidenceForm(forms.Form):
    reg_id = forms.ChoiceField(label="Mô hình")
    kind = forms.ChoiceField(label="Loại minh chứng", choices=KIND_CHOICES)
    file = forms.FileField(label="File (PDF, JPEG hoặc PNG)")
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)

    def __init__(self, *args: Any, regs: QuerySet[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reg_id"].choices = [
            (r.reg_id, f"{r.reg_id} · {r.registrant} - {r.model_name}"[:160]) for r in regs]


def _back(request: HttpRequest, org: Organisation, y: Year) -> HttpResponse:
    if request.POST.get("back") == "ho-so":
        return redirect("dossier", slug=org.slug, year=y.year)
    return redirect("evidence", slug=org.slug, year=y.year)


@org_view()
def evidence(request: HttpRequest, member: Membership, org: Organisation, year: int
             ) -> HttpResponse:
    y = year_of(org, year)
    regs = visible_registrations(member, y)
    if request.method == "POST":
        if not regs.filter(reg_id=request.POST.get("reg_id", "")).exists():
            raise Http404("Không có mô hình này")
        form = EvidenceForm(request.POST, request.FILES, regs=regs)
        if form.is_valid():
            try:
                ev = upload(member, request.user, y, form.cleaned_data["reg_id"],
                            form.cleaned_data["kind"], request.FILES["file"],
                            form.cleaned_data["note"])
            except UploadError as err:
                form.add_error("file", str(err))
            else:
                messages.success(request, f"Đã tải lên “{ev.original_name}” cho {ev.reg_id} "
                                           f"({ev.kind_label})")
                return _back(request, org, y)
        if request.POST.get("back") == "ho-so":
            for field, errs in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errs)}")
            return _back(request, org, y)
    else:
        form = EvidenceForm(regs=regs, initial={"reg_id": request.GET.get("reg", ""),
                                                "kind": request.GET.get("kind", "")})
    by_reg: dict[str, list[Evidence]] = {}
    for ev in visible_evidence(member, y):
        by_reg.setdefault(ev.reg_id, []).append(ev)
    rows = [{"reg": r, "files": by_reg.get(r.reg_id, [])} for r in regs]
    return render(request, "dvk_web/evidence.html", {
        "y": y, "form": form, "rows": rows, "kinds": EVIDENCE_KINDS.values(),
        "tab": "minh_chung", "limit_mb": settings.MAX_EVIDENCE_BYTES // 2**20})


def upload(member: Membership, user: Any, y: Year, reg_id: str, kind: str, f: Any,
           note: str = "") -> Evidence:
    """Check the file and keep it for ``reg_id`` (which the member must be allowed to see)."""
    if not visible_registrations(member, y).filter(reg_id=reg_id).exists():
        raise Http404("Không có mô hình này")
    if kind not in EVIDENCE_KINDS:
        raise UploadError("Loại minh chứng không hợp lệ")
    checked = evidence_files.check_evidence(f)
    ev = Evidence(organisation=y.organisation, year=y, reg_id=reg_id, kind=kind,
                  file_type=checked.file_type, original_name=evidence_files.shown_name(f.name),
                  stored_name=evidence_files.new_stored_name(checked.file_type),
                  size=len(checked.data), pages=checked.pages, sha256=checked.sha256,
                  note=note, uploaded_by=user, uploaded_by_name=user.username,
                  unit=member.unit)
    evidence_files.save(ev.path(), checked.data)
    ev.save()
    store.audit(y.organisation, user, "tải lên minh chứng", f"năm {y.year} · {reg_id}",
                f"{ev.kind_label}: {ev.original_name}")
    return ev


def _one(member: Membership, org: Organisation, year: int, pk: str) -> tuple[Year, Evidence]:
    y = year_of(org, year)
    return y, get_object_or_404(visible_evidence(member, y), pk=pk)


@org_view()
def download(request: HttpRequest, member: Membership, org: Organisation, year: int, pk: str
             ) -> HttpResponse:
    _y, ev = _one(member, org, year, pk)
    path = ev.path()
    if not path.is_file():
        raise Http404("File không còn trên máy chủ; tải lên lại")
    return FileResponse(path.open("rb"), as_attachment=True, filename=ev.original_name,
                        content_type=CONTENT_TYPES[ev.file_type])


@org_view()
def delete(request: HttpRequest, member: Membership, org: Organisation, year: int, pk: str
           ) -> HttpResponse:
    """'Xóa': asked first. Without JavaScript the form (or a link) opens a confirm page whose
    form sends ``confirm=1``; with htmx the browser's dialog (``hx-confirm``) asks and the
    request carries ``confirm=1``. The row goes in this transaction, the file after it
    commits (:mod:`..file_cleanup`)."""
    y, ev = _one(member, org, year, pk)
    if request.method != "POST" or request.POST.get("confirm") != "1":
        return render(request, "dvk_web/evidence_delete.html", {
            "y": y, "ev": ev, "back": request.POST.get("back") or request.GET.get("back", ""),
            "tab": "minh_chung"})
    ev.delete()
    store.audit(org, request.user, "xóa minh chứng", f"năm {y.year} · {ev.reg_id}",
                f"{ev.kind_label}: {ev.original_name}")
    messages.success(request, f"Đã xóa “{ev.original_name}” của {ev.reg_id}")
    response = _back(request, org, y)
    if request.htmx:  # htmx follows a redirect itself; tell it to load the page instead
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _back(request, org, y)["Location"]
    return response
