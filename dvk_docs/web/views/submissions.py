"""Đăng ký trực tuyến: a unit submits its phiếu, follows its status, corrects a returned one
and later enters the actual results of its accepted models; the office sees every
submission with its history, accepts, returns with a reason, edits, and reopens the form for
one unit after the deadline. The rules are in :mod:`dvk_docs.web.submissions`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ...dataset.models import RegistrantKind, Status
from ...errors import DatasetError
from .. import meeting_guard
from .. import submissions as wf
from ..models import Membership, Organisation, Role, Submission, SubmissionStatus, Year
from ..problems import messages_of, place
from . import registrations
from .base import org_view, year_of
from .registrations import HINTS, LABELS, RegistrationForm, linh_vuc_choices

S = SubmissionStatus


def _scoped(member: Membership, y: Year) -> Any:
    rows = Submission.objects.filter(organisation=member.organisation, year=y)
    return rows if member.is_office else rows.filter(unit=member.unit)


def _get(member: Membership, y: Year, pk: int) -> Submission:
    sub = _scoped(member, y).filter(pk=pk).select_related("year").first()
    if sub is None:
        raise Http404("Không có phiếu này")
    return sub


def _place(form: forms.Form, y: Year, err: DatasetError) -> list[str]:
    placed = place(messages_of(err), wf.error_prefixes(y), form.fields, HINTS)
    for name, msgs in placed.by_field.items():
        for msg in msgs:
            form.add_error(name, msg)
    return placed.general


def _unit_forms(member: Membership) -> None:
    if member.is_office or member.role != Role.DON_VI or not member.unit:
        raise PermissionDenied("Chỉ tài khoản đơn vị (có ghi tên đơn vị) nộp phiếu ở đây")


@org_view()
def new_registration(request: HttpRequest, member: Membership, org: Organisation, year: int
                     ) -> HttpResponse:
    """``dang-ky/moi/``: the office adds a registration to the year (views.registrations);
    a unit's phiếu becomes a submission the office accepts or returns."""
    if member.is_office:
        return registrations.edit(request, slug=org.slug, year=year)
    return new_for_unit(request, member, org, year_of(org, year))


def new_for_unit(request: HttpRequest, member: Membership, org: Organisation, y: Year
                 ) -> HttpResponse:
    _unit_forms(member)
    win = wf.window(y, member.unit)
    if not win.open:
        return render(request, "dvk_web/submission_closed.html",
                      {"y": y, "window": win, "tab": "phieu"},
                      status=403 if request.method == "POST" else 200)
    general: list[str] = []
    initial = RegistrationForm.initial_from({"kind": "tap_the", "status": "moi"})
    if request.method == "POST":
        form = RegistrationForm(request.POST, year=y, unit=member.unit, initial=initial)
        if form.is_valid():
            try:
                sub = wf.submit(y, member.unit, request.user, form.apply_to({}))
            except DatasetError as err:
                general = _place(form, y, err)
            else:
                messages.success(request, "Đã gửi phiếu đăng ký; phiếu chờ văn phòng tiếp nhận")
                return redirect("submission", slug=org.slug, year=y.year, pk=sub.pk)
    else:
        form = RegistrationForm(year=y, unit=member.unit, initial=initial)
    return render(request, "dvk_web/registration_form.html", {
        "y": y, "form": form, "reg_id": None, "general": general, "tab": "phieu",
        "window": win, "submit_label": "Gửi phiếu"})


@org_view()
def submission_list(request: HttpRequest, member: Membership, org: Organisation, year: int
                    ) -> HttpResponse:
    y = year_of(org, year)
    rows = _scoped(member, y)
    status = request.GET.get("status", "")
    unit = request.GET.get("unit", "")
    if status in S.values:
        rows = rows.filter(status=status)
    if unit and member.is_office:
        rows = rows.filter(unit=unit)
    ctx: dict[str, Any] = {"y": y, "rows": list(rows), "statuses": S.choices,
                           "f": {"status": status, "unit": unit}, "tab": "phieu",
                           "deadline": wf.deadline_of(y), "key": wf.deadline_key()}
    if member.is_office:
        counts = {s: _scoped(member, y).filter(status=s).count() for s in S.values}
        ctx.update(counts=[(label, counts[v], v) for v, label in S.choices],
                   units=_units(org, y), reopenings=list(y.reopenings.order_by("unit")))
    else:
        ctx["window"] = wf.window(y, member.unit)
    return render(request, "dvk_web/submissions.html", ctx)


def _units(org: Organisation, y: Year) -> list[str]:
    names = set(Membership.objects.filter(organisation=org, role=Role.DON_VI)
                .exclude(unit="").values_list("unit", flat=True))
    names |= set(Submission.objects.filter(year=y).values_list("unit", flat=True))
    return sorted(names)


def _form_for(sub: Submission, data: Any = None) -> RegistrationForm:
    initial = RegistrationForm.initial_from(sub.data)
    return RegistrationForm(data, year=sub.year, unit=sub.unit, initial=initial)


@org_view()
@meeting_guard.reason_from_post
def submission(request: HttpRequest, member: Membership, org: Organisation, year: int,
               pk: int) -> HttpResponse:
    y = year_of(org, year)
    sub = _get(member, y, pk)
    general: list[str] = []
    form = None
    may_edit = _may_edit(member, sub)
    if request.method == "POST":
        action = request.POST.get("action", "")
        seen_text = request.POST.get("seen", "")
        seen = int(seen_text) if seen_text.isdigit() else None
        try:
            if action == "tra_lai":
                if not member.is_office:
                    raise PermissionDenied("Chỉ văn phòng trả lại phiếu")
                wf.return_(sub, request.user, request.POST.get("reason", ""), seen)
                messages.success(request, "Đã trả lại phiếu cho đơn vị")
                return redirect("submission", slug=org.slug, year=y.year, pk=sub.pk)
            if action not in {"luu", "tiep_nhan"}:
                raise PermissionDenied("Không rõ việc cần làm")
            if not may_edit and not (member.is_office and action == "tiep_nhan"):
                raise PermissionDenied(_why_not(member, sub))
            if action == "tiep_nhan" and not member.is_office:
                raise PermissionDenied("Chỉ văn phòng tiếp nhận phiếu")
            form = _form_for(sub, request.POST)
            if form.is_valid():
                new = form.apply_to(sub.data)
                try:
                    if action == "tiep_nhan":
                        done = wf.accept(sub, request.user, new, LABELS, seen)
                        messages.success(request, f"Đã tiếp nhận: mã {done.reg_id} trong "
                                         "danh sách đăng ký của năm")
                    elif member.is_office:
                        wf.office_edit(sub, request.user, new, LABELS, seen)
                        messages.success(request, "Đã lưu phần văn phòng sửa")
                    else:
                        done = wf.correct(sub, request.user, new, LABELS, seen)
                        messages.success(request, "Đã gửi lại phiếu; phiếu chờ văn phòng "
                                         "tiếp nhận")
                except DatasetError as err:
                    general = _place(form, y, err)
                else:
                    return redirect("submission", slug=org.slug, year=y.year, pk=sub.pk)
        except wf.WorkflowError as err:
            messages.error(request, str(err))
            return redirect("submission", slug=org.slug, year=y.year, pk=sub.pk)
    if form is None and not member.read_only and (
            may_edit or (member.is_office and sub.status == S.CHO)):
        form = _form_for(sub)
    now = wf.current_registration(sub) if sub.status == S.DA else None
    shown = _shown(y, now or sub.data)
    return render(request, "dvk_web/submission.html", {
        "y": y, "sub": sub, "form": form, "general": general, "tab": "phieu",
        "events": list(sub.events.all()), "shown": shown, "now": now,
        "gone": sub.status == S.DA and now is None, "why_not": _why_not(member, sub)})


def _shown(y: Year, reg: dict[str, Any]) -> list[tuple[str, str]]:
    """The phiếu's fields as label → text, codes (kind, status, lĩnh vực) by their names."""
    names = {"kind": {k.value: k.label for k in RegistrantKind},
             "status": {s.value: s.label for s in Status},
             "linh_vuc": dict(linh_vuc_choices(y))}
    out = []
    for key, value in reg.items():
        if key in LABELS and not isinstance(value, dict | list):
            out.append((LABELS[key], names.get(key, {}).get(value, value)))
    for key, value in (reg.get("person") or {}).items():
        if f"person__{key}" in LABELS:
            out.append((LABELS[f"person__{key}"], value))
    return out


def _may_edit(member: Membership, sub: Submission) -> bool:
    if member.read_only:  # a cap_tren account reads the phiếu, never changes it
        return False
    if member.is_office:
        return sub.status == S.CHO
    if sub.status == S.TRA_LAI:
        return True  # the office asked for the correction: open even after the deadline
    return sub.status == S.CHO and wf.window(sub.year, sub.unit).open


def _why_not(member: Membership, sub: Submission) -> str:
    if member.read_only:
        return ""
    if sub.status == S.DA:
        return ("Phiếu đã được tiếp nhận, đơn vị không sửa được nữa; cần sửa, đề nghị văn "
                "phòng." if not member.is_office else
                "Phiếu đã tiếp nhận: sửa trong danh sách đăng ký của năm.")
    if not member.is_office and sub.status == S.CHO:
        return wf.window(sub.year, sub.unit).message
    return ""


class ReopenForm(forms.Form):
    unit = forms.CharField(label="Đơn vị", max_length=200)
    until = forms.DateField(label="Mở đến hết ngày", input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                            widget=forms.DateInput(attrs={"type": "date"}))


@org_view(office=True)
@require_POST
def reopen(request: HttpRequest, member: Membership, org: Organisation, year: int
           ) -> HttpResponse:
    y = year_of(org, year)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chọn đơn vị và ghi ngày mở đến (ngày/tháng/năm)")
    else:
        unit, until = form.cleaned_data["unit"], form.cleaned_data["until"]
        wf.reopen(y, request.user, unit, until)
        messages.success(request, f"Đã mở lại việc đăng ký cho {unit} đến hết ngày "
                         f"{until:%d/%m/%Y}")
    return redirect("submissions", slug=org.slug, year=y.year)


# ---- actual results of an accepted model ------------------------------------------------

class ResultsForm(forms.Form):
    achievements = forms.CharField(
        label="Kết quả thực tế đã đạt", widget=forms.Textarea(attrs={"rows": 8}),
        max_length=32767, help_text="Những gì mô hình đã làm được trong năm (số liệu thật, "
        "không phải chỉ tiêu dự kiến). Dùng cho báo cáo thành tích và hồ sơ đề nghị.")
    figures = forms.CharField(
        label="Số liệu nổi bật", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        max_length=32767, help_text="Mỗi dòng một chỉ tiêu: 'Tên chỉ tiêu: kết quả', ví dụ "
        "'Số hộ tham gia: 320 hộ (100%)'.")
    date = forms.CharField(label="Ngày báo cáo", required=False, max_length=20,
                           help_text="Ngày/tháng/năm, ví dụ 15/10/2026.")

    def clean_figures(self) -> list[dict[str, str]]:
        out = []
        for n, line in enumerate(self.cleaned_data["figures"].splitlines(), 1):
            if not line.strip():
                continue
            label, sep, value = line.partition(":")
            if not sep or not label.strip() or not value.strip():
                raise forms.ValidationError(f"Dòng {n} ('{line.strip()}') thiếu dấu ':' giữa "
                                            "tên chỉ tiêu và kết quả")
            out.append({"label": label.strip(), "value": value.strip()})
        return out

    @staticmethod
    def initial_from(entry: dict[str, Any]) -> dict[str, Any]:
        init: dict[str, Any] = {"achievements": entry.get("achievements", "")}
        init["figures"] = "\n".join(f"{f['label']}: {f['value']}"
                                    for f in entry.get("figures", []))
        if entry.get("date"):
            d = dt.date.fromisoformat(str(entry["date"])[:10])
            init["date"] = f"{d:%d/%m/%Y}"
        return init


@org_view()
def results(request: HttpRequest, member: Membership, org: Organisation, year: int,
            reg_id: str) -> HttpResponse:
    y = year_of(org, year)
    row = y.registrations.filter(reg_id=reg_id).first()
    if row is None or (not member.is_office and row.unit_key != member.unit):
        raise Http404("Không có đăng ký này")
    entry = (y.document.get("achievements") or {}).get(reg_id) or {}
    general: list[str] = []
    if request.method == "POST":
        form = ResultsForm(request.POST)
        if form.is_valid():
            try:
                wf.save_results(y, request.user, reg_id, form.cleaned_data)
            except DatasetError as err:
                placed = place(messages_of(err), [f"achievements.{reg_id}"], form.fields)
                for name, msgs in placed.by_field.items():
                    for msg in msgs:
                        form.add_error(name, msg)
                general = placed.general
            else:
                messages.success(request, f"Đã lưu kết quả thực tế của {reg_id}")
                return redirect("submissions", slug=org.slug, year=y.year)
    else:
        form = ResultsForm(initial=ResultsForm.initial_from(entry))
    return render(request, "dvk_web/results_entry.html", {
        "y": y, "form": form, "reg": row.data, "general": general, "tab": "phieu"})

