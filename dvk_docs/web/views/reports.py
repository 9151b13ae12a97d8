"""Báo cáo kết quả 6 tháng / năm: the report's fields (number, date, issuer, signer,
recipients, the Markdown body, each unit's difficulties / proposals / typical model) saved
into the dataset's ``reports`` through :func:`dvk_docs.web.store.change`; the Mẫu 2 table
as the report prints it (:func:`dvk_docs.statistics.mau2`), downloadable as .xlsx
(:func:`dvk_docs.sheets.mau2_xlsx`) and, with the report it is attached to, as .docx."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ...appendix import last_section
from ...dataset.process import ResultReport
from ...documents.result_report import PERIOD_TEXT
from ...errors import DatasetError, DvkError
from ...sheets import mau2_xlsx
from ...statistics import mau2
from .. import store
from ..models import Membership, Organisation, Year
from ..problems import message_of, messages_of
from ..renderer import render_docx
from .base import download, org_view, year_of

# URL part → the dataset's period code
PERIODS = {"6-thang": "6_thang", "nam": "nam"}
LABELS = {"number": "Số báo cáo", "date": "Ngày báo cáo", "issuer": "Cơ quan báo cáo",
          "signer": "Người ký", "recipients": "Nơi nhận (mỗi dòng một nơi)",
          "body": "Nội dung báo cáo (Markdown)"}
HELP = {
    "body": "Các phần: '# CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO', '# KẾT QUẢ', '# ĐÁNH GIÁ CHUNG', "
            "'# PHƯƠNG HƯỚNG, NHIỆM VỤ', '# ĐỀ XUẤT, KIẾN NGHỊ'. Số liệu tự điền: "
            "{{ so_lieu.tong_so }}, {{ so_lieu.cau_dang_ky }}, {{ so_lieu.cong_nhan }}, "
            "{{ so_lieu.linh_vuc_cong_nhan }}.",
    "date": "Ngày/tháng/năm, ví dụ 25/11/2026.",
}
UNIT_FIELDS = ("typical", "difficulties", "proposals")


def _period(period: str) -> str:
    if period not in PERIODS:
        raise Http404("Không có kỳ báo cáo này")
    return PERIODS[period]


def _reports(y: Year) -> list[dict[str, Any]]:
    return list(y.document.get("reports", []))


def _report(y: Year, code: str) -> dict[str, Any] | None:
    return next((r for r in _reports(y) if r.get("period") == code), None)


def body_label(key: str, body: dict[str, Any]) -> str:
    """An issuing body as the choice list shows it: 'Đảng ủy xã An Phú (ĐU)'."""
    return " ".join(str(body.get("name", key)).split()) + f" ({body.get('code', '')})"


class ReportForm(forms.Form):
    number = forms.IntegerField(required=False, min_value=1)
    date = forms.CharField(required=False, max_length=20,
                           widget=forms.TextInput(attrs={"placeholder": "25/11/2026"}))
    issuer = forms.ChoiceField()
    signer = forms.ChoiceField()
    recipients = forms.CharField(required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 22, "class": "md"}),
                           max_length=1_000_000, strip=False)

    def __init__(self, *args: Any, year: Year, units: list[tuple[str, list[tuple[str, str]]]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        doc = year.document
        self.fields["issuer"].choices = [("unit", body_label("unit", doc["unit"]))] + [
            (k, body_label(k, b)) for k, b in doc.get("bodies", {}).items()]
        self.fields["signer"].choices = [
            (k, f"{s.get('title', '')} - {s.get('name', '')}")
            for k, s in doc.get("signers", {}).items()]
        for name, field in self.fields.items():
            field.label = LABELS[name]
            field.help_text = HELP.get(name, "")
        self.units = units
        for i, (_unit, models) in enumerate(units):
            self.fields[f"u{i}_typical"] = forms.ChoiceField(
                required=False, label="Điển hình tiêu biểu",
                choices=[("", "—")] + [(rid, f"{rid} · {name}") for rid, name in models])
            self.fields[f"u{i}_difficulties"] = forms.CharField(
                required=False, label="Khó khăn, vướng mắc", max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"u{i}_proposals"] = forms.CharField(
                required=False, label="Đề xuất, kiến nghị", max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))

    def main_fields(self) -> list[Any]:
        return [self[name] for name in LABELS]

    def unit_rows(self) -> list[dict[str, Any]]:
        return [{"name": unit, "fields": [self[f"u{i}_{k}"] for k in UNIT_FIELDS]}
                for i, (unit, _models) in enumerate(self.units)]

    @staticmethod
    def initial_from(report: dict[str, Any] | None, units: list[tuple[str, Any]]
                     ) -> dict[str, Any]:
        report = dict(report or {})
        init: dict[str, Any] = {k: report.get(k) for k in ("number", "issuer", "signer")}
        if report.get("date"):
            y, m, d = str(report["date"]).split("-")
            init["date"] = f"{d}/{m}/{y}"
        init["recipients"] = "\n".join(report.get("recipients", []))
        init["body"] = report.get("body", "")
        per_unit = report.get("units", {})
        for i, (unit, _models) in enumerate(units):
            for k in UNIT_FIELDS:
                init[f"u{i}_{k}"] = (per_unit.get(unit) or {}).get(k, "")
        return init

    def report_dict(self, current: dict[str, Any] | None, code: str) -> dict[str, Any]:
        c = self.cleaned_data
        report = dict(current or {})
        report["period"] = code
        for name in ("number", "date", "issuer", "signer"):
            if c[name] in ("", None):
                report.pop(name, None)
            else:
                report[name] = c[name]
        report["body"] = c["body"].replace("\r\n", "\n")
        report.pop("body_file", None)
        report["recipients"] = [ln.strip() for ln in c["recipients"].splitlines()
                                if ln.strip()]
        per_unit = {}
        for i, (unit, _models) in enumerate(self.units):
            values = {k: c[f"u{i}_{k}"].strip() for k in UNIT_FIELDS if c[f"u{i}_{k}"].strip()}
            if values:
                per_unit[unit] = values
        # notes of units that no longer have a registration are kept as they were
        for unit, values in (report.get("units") or {}).items():
            if unit not in {u for u, _m in self.units}:
                per_unit[unit] = values
        report["units"] = per_unit
        return report


def units_of(loaded: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The Mẫu 2 units in the table's order, each with its registrations (id, name)."""
    from ...documents.result_report import unit_of

    units: dict[str, list[tuple[str, str]]] = {}
    for reg in loaded.registrations:
        units.setdefault(unit_of(reg), []).append((reg.id or "", reg.model_name))
    return list(units.items())


@org_view(office=True)
def reports(request: HttpRequest, member: Membership, org: Organisation, year: int
            ) -> HttpResponse:
    """The year's report page: the annual one if it exists, else the 6-month one."""
    y = year_of(org, year)
    period = "nam" if _report(y, "nam") else "6-thang"
    return redirect("report", slug=org.slug, year=y.year, period=period)


@org_view(office=True)
def report(request: HttpRequest, member: Membership, org: Organisation, year: int, period: str
           ) -> HttpResponse:
    y = year_of(org, year)
    code = _period(period)
    current = _report(y, code)
    general: list[str] = []
    try:
        loaded = store.load_year(y)
    except DvkError as err:
        return render(request, "dvk_web/report.html", {"y": y, "error": str(err),
                                                       "tab": "bao_cao", "period": period})
    units = units_of(loaded)
    if request.method == "POST":
        form = ReportForm(request.POST, year=y, units=units)
        if form.is_valid():
            new = form.report_dict(current, code)

            def edit(snap: store.Snapshot) -> None:
                rest = [r for r in snap.document.get("reports", []) if r.get("period") != code]
                snap.document["reports"] = sorted([*rest, new],
                                                  key=lambda r: r.get("period") != "6_thang")

            try:
                store.change(y, request.user, "sửa báo cáo kết quả",
                             f"{PERIOD_TEXT[code]} {y.year}", edit)
            except DatasetError as err:
                general = [message_of(m) for m in messages_of(err)]
            else:
                messages.success(request, f"Đã lưu báo cáo {PERIOD_TEXT[code]} {y.year}")
                return redirect("report", slug=org.slug, year=y.year, period=period)
    else:
        form = ReportForm(year=y, units=units, initial=ReportForm.initial_from(current, units))
    if member.read_only:  # a district / province account reads the fields
        for field in form.fields.values():
            field.disabled = True
    table = None
    if current is not None:
        table = mau2(loaded, report=_model(loaded, code))
    return render(request, "dvk_web/report.html", {
        "y": y, "form": form, "general": general, "period": period, "code": code,
        "period_text": PERIOD_TEXT[code], "exists": current is not None, "table": table,
        "periods": [(p, PERIOD_TEXT[c], _report(y, c) is not None) for p, c in PERIODS.items()],
        "tab": "bao_cao"})


def _model(loaded: Any, code: str) -> ResultReport:
    found = next((r for r in loaded.data.reports if r.period == code), None)
    if found is None:
        raise Http404("Chưa có báo cáo kỳ này: điền và lưu trước")
    return found


def _title(loaded: Any, report: ResultReport) -> tuple[str, str]:
    """The appendix title and note, as the report's .docx prints them."""
    from ...documents.result_report import context
    from ...facts import derive
    from ...profiles import profile_for

    ctx = context(loaded, derive(loaded), profile_for(loaded.data.family, loaded.data.profile),
                  report)
    return ctx["appendix_title"], ctx["appendix_note"]


@org_view(office=True)
def report_xlsx(request: HttpRequest, member: Membership, org: Organisation, year: int,
                period: str) -> HttpResponse:
    y = year_of(org, year)
    code = _period(period)
    try:
        loaded = store.load_year(y)
        report = _model(loaded, code)
        title, note = _title(loaded, report)
        content = mau2_xlsx(mau2(loaded, report=report), title, note)
    except DvkError as err:
        messages.error(request, str(err))
        return redirect("report", slug=org.slug, year=y.year, period=period)
    return download(content, f"mau-2-{period}-{y.year}.xlsx")


@org_view(office=True)
def report_docx(request: HttpRequest, member: Membership, org: Organisation, year: int,
                period: str) -> HttpResponse:
    """The report with its Mẫu 2 appendix (.docx), or (``?mau=2``) the appendix alone."""
    y = year_of(org, year)
    code = _period(period)
    if _report(y, code) is None:
        raise Http404("Chưa có báo cáo kỳ này")
    alone = request.GET.get("mau") == "2"
    try:
        with store.open_year(y) as (folder, _loaded):
            content = render_docx(folder, "bao_cao_ket_qua", code)
        if alone:
            content = last_section(content)
    except DvkError as err:
        messages.error(request, str(err))
        return redirect("report", slug=org.slug, year=y.year, period=period)
    name = f"mau-2-{period}-{y.year}.docx" if alone else f"bao-cao-{period}-{y.year}.docx"
    return download(content, name)
