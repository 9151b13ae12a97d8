"""Kế hoạch: the plan's header fields with the schema's help texts, the Markdown body, a
preview of the printed page, and each problem beside the field it concerns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ...dataset.models import PlanDoc
from ...errors import DatasetError, DvkError
from .. import store
from ..models import Membership, Organisation, Year
from ..preview import blocks
from ..problems import message_of, messages_of, place
from ..renderer import render_docx
from .base import org_view, year_of

LABELS = {"issuer": "Cơ quan ban hành", "number": "Số", "date": "Ngày ban hành",
          "subject": "Trích yếu", "signer": "Người ký", "references": "Văn bản căn cứ",
          "preamble": "Câu dẫn", "recipients": "Nơi nhận (mỗi dòng một nơi)",
          "body": "Nội dung kế hoạch (Markdown)"}
HINTS = {"người ký": "signer", "văn bản căn cứ": "references", "ngày kế hoạch": "date",
         "cơ quan '": "issuer", "body_file": "body"}


def _help(name: str) -> str:
    if name == "body":
        return ("Viết như trong Word, theo quy ước Markdown: '# I. MỤC ĐÍCH' cho đề mục lớn, "
                "'## 1. ...' cho mục nhỏ, '- ' đầu dòng cho ý gạch đầu dòng.")
    return PlanDoc.model_fields[name].description or ""


def _body_label(key: str, body: dict[str, Any]) -> str:
    return " ".join(str(body.get("name", key)).split()) + f" ({body.get('code', '')})"


class PlanForm(forms.Form):
    issuer = forms.ChoiceField()
    number = forms.IntegerField(required=False, min_value=1)
    date = forms.CharField(required=False, max_length=20,
                           widget=forms.TextInput(attrs={"placeholder": "15/01/2026"}))
    subject = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    signer = forms.ChoiceField()
    references = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    preamble = forms.CharField(required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    recipients = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 24, "class": "md"}),
                           max_length=1_000_000, strip=False)

    def __init__(self, *args: Any, year: Year, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        doc = year.document
        self.fields["issuer"].choices = [("unit", _body_label("unit", doc["unit"]))] + [
            (k, _body_label(k, b)) for k, b in doc.get("bodies", {}).items()]
        self.fields["signer"].choices = [
            (k, f"{s.get('title', '')} - {s.get('name', '')}")
            for k, s in doc.get("signers", {}).items()]
        self.fields["references"].choices = [
            (k, r.get("text") or " ".join(str(r.get(x, "")) for x in ("kind", "number"))
             .strip()) for k, r in doc.get("references", {}).items()]
        for name, field in self.fields.items():
            field.label = LABELS[name]
            # the schema's text for a choice names YAML keys ('unit', 'signers'): none there
            field.help_text = "" if name in {"issuer", "signer", "references"} else _help(name)

    @staticmethod
    def initial_from(year: Year) -> dict[str, Any]:
        plan = dict(year.document.get("documents", {}).get("ke_hoach") or {})
        if plan.get("date"):
            y, m, d = plan["date"].split("-")
            plan["date"] = f"{d}/{m}/{y}"
        plan["recipients"] = "\n".join(plan.get("recipients", []))
        plan["body"] = year.plan_body
        return plan

    def plan_dict(self, current: dict[str, Any]) -> tuple[dict[str, Any], str]:
        c = self.cleaned_data
        plan = dict(current)
        for name in ("issuer", "number", "date", "subject", "signer", "preamble"):
            if c[name] in ("", None):
                plan.pop(name, None)
            else:
                plan[name] = c[name]
        plan["references"] = list(c["references"])
        plan["recipients"] = [ln.strip() for ln in c["recipients"].splitlines() if ln.strip()]
        return plan, c["body"].replace("\r\n", "\n")


@org_view(office=True)
@require_POST
def plan_preview(request: HttpRequest, member: Membership, org: Organisation, year: int
                 ) -> HttpResponse:
    """The printed page of the plan as typed, before it is saved (htmx, on change)."""
    y = year_of(org, year)
    form = PlanForm(request.POST, year=y)
    page, errors = [], []
    if not form.is_valid():
        errors = [f"{form.fields[k].label}: {m}" for k, ms in form.errors.items()
                  if k in form.fields for m in ms]
    else:
        current = y.document.get("documents", {}).get("ke_hoach") or {}
        new_plan, body = form.plan_dict(current)
        snap = store.snapshot_of(y)
        snap.document.setdefault("documents", {})["ke_hoach"] = new_plan
        snap.plan_body = body
        try:
            with store.folder_of(snap) as folder:
                store.validate(snap)  # problems with their fields, before rendering
                page = blocks(render_docx(folder, "ke_hoach"))
        except DatasetError as err:
            errors = [message_of(m) for m in messages_of(err)]
        except DvkError as err:
            errors = [str(err)]
    return render(request, "dvk_web/_page.html", {"page": page, "errors": errors})


@org_view(office=True)
def plan(request: HttpRequest, member: Membership, org: Organisation, year: int
         ) -> HttpResponse:
    y = year_of(org, year)
    general: list[str] = []
    if request.method == "POST":
        form = PlanForm(request.POST, year=y)
        if form.is_valid():
            current = y.document.get("documents", {}).get("ke_hoach") or {}
            new_plan, body = form.plan_dict(current)

            def edit(snap: store.Snapshot) -> None:
                snap.document.setdefault("documents", {})["ke_hoach"] = new_plan
                snap.plan_body = body

            try:
                store.change(y, request.user, "sửa kế hoạch", f"năm {y.year}", edit)
            except DatasetError as err:
                placed = place(messages_of(err), "documents.ke_hoach", form.fields, HINTS)
                for name, msgs in placed.by_field.items():
                    for msg in msgs:
                        form.add_error(name, msg)
                general = placed.general
            else:
                messages.success(request, "Đã lưu kế hoạch")
                return redirect("plan", slug=org.slug, year=y.year)
    else:
        form = PlanForm(year=y, initial=PlanForm.initial_from(y))
    has_plan = bool(y.document.get("documents", {}).get("ke_hoach"))
    return render(request, "dvk_web/plan.html", {"y": y, "form": form, "general": general,
                                                 "has_plan": has_plan, "tab": "ke_hoach"})
