"""Tạo năm mới: from last year (rollover, its change report as a checklist), from a plan
typed in Word (import, what was not recognised shown), or from the blank scaffold."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ... import api
from ...errors import DatasetError, DvkError
from .. import store
from ..models import Membership, Organisation, RolloverItem
from ..problems import message_of, messages_of
from ..uploads import extract_dataset, read_upload
from .base import org_view


def _years(org: Organisation) -> list[int]:
    return list(org.years.values_list("year", flat=True))


@org_view(office=True)
def new_year(request: HttpRequest, member: Membership, org: Organisation) -> HttpResponse:
    years = _years(org)
    suggested = (max(years) + 1) if years else dt.date.today().year
    ctx: dict[str, Any] = {"years": years, "suggested": suggested, "errors": []}
    if request.method == "POST":
        how = request.POST.get("how")
        try:
            if how == "rollover":
                return _rollover(request, org)
            if how == "import":
                return _import(request, org)
            if how == "blank":
                return _blank(request, org)
            if how == "dataset":
                return _dataset(request, org)
            ctx["errors"] = ["Chọn một cách tạo năm mới"]
        except DvkError as err:
            ctx["errors"] = ([message_of(m) for m in messages_of(err)]
                             if isinstance(err, DatasetError) else [str(err)])
            ctx["how"] = how
    return render(request, "dvk_web/new_year.html", ctx)


def _int(value: Any, what: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise DvkError(f"{what}: cần một số năm, ví dụ 2027") from None


def _rollover(request: HttpRequest, org: Organisation) -> HttpResponse:
    source = org.years.filter(year=_int(request.POST.get("from_year"), "Năm gốc")).first()
    if source is None:
        raise DvkError("Chưa chọn năm gốc")
    target_year = _int(request.POST.get("year"), "Năm mới")
    nxt = api.rollover_model(store.load_year(source), year=target_year)
    year = store.create_year(org, store.snapshot_of_loaded(nxt.loaded), request.user,
                             "tạo năm (chuyển năm)", f"từ năm {source.year}")
    report = nxt.report
    items = RolloverItem.objects.bulk_create(  # answered on the next page, kept with the year
        [RolloverItem(year=year, position=i, where=str(q.where)[:300], question=q.question,
                      text=q.text or "") for i, q in enumerate(report.questions)])
    store.audit(org, request.user, "chuyển năm", f"{source.year} → {target_year}",
                f"{len(report.changes)} thay đổi, {len(report.questions)} cần quyết định")
    return render(request, "dvk_web/new_year_done.html", {
        "y": year, "how": "rollover", "items": items, "questions": report.questions,
        "changes": report.changes, "kept": report.kept, "carried": report.carried,
        "dropped": report.dropped, "notes": report.notes})


def _import(request: HttpRequest, org: Organisation) -> HttpResponse:
    content, _kind = read_upload(request.FILES.get("plan"), {"docx"})
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "ke-hoach.docx"  # the uploaded name is never used as a path
        src.write_bytes(content)
        result = api.import_plan_model(src)
    report_text = result.report
    year = store.create_year(org, store.snapshot_of_loaded(result.loaded), request.user,
                             "tạo năm (nhập kế hoạch Word)", "")
    plan = result.plan
    return render(request, "dvk_web/new_year_done.html", {
        "y": year, "how": "import", "report": report_text, "notes": result.warnings,
        "converted": result.converted,
        "recognised": [("Năm", plan.year), ("Cơ quan", " ".join(plan.name.split())),
                       ("Số", plan.number or "(chưa có)"),
                       ("Ngày", plan.date.strftime("%d/%m/%Y") if plan.date else "(chưa có)"),
                       ("Trích yếu", plan.subject), ("Người ký", plan.signer.get("name", "")),
                       ("Căn cứ", len(plan.references)), ("Nơi nhận", len(plan.recipients))]})


def _dataset(request: HttpRequest, org: Organisation) -> HttpResponse:
    content, _kind = read_upload(request.FILES.get("dataset"), {"zip"})
    with tempfile.TemporaryDirectory() as tmp:
        folder = extract_dataset(content, Path(tmp))
        year = store.import_folder(org, folder, request.user)
    return redirect("year", slug=org.slug, year=year.year)


def _blank(request: HttpRequest, org: Organisation) -> HttpResponse:
    year_num = _int(request.POST.get("year"), "Năm")
    family = request.POST.get("family", "party")
    if family not in {"party", "state"}:
        raise DvkError("Chọn văn bản Đảng hoặc Nhà nước")
    with tempfile.TemporaryDirectory() as tmp:
        api.new_dataset(Path(tmp) / "moi", family=family)
        loaded = api.load(Path(tmp) / "moi")
    if year_num != loaded.data.year:  # the scaffold's dates move with the year (rollover rules)
        if year_num < loaded.data.year:
            raise DvkError(f"Năm trống bắt đầu từ năm {loaded.data.year} trở đi")
        loaded = api.rollover_model(loaded, year=year_num, registrations="none").loaded
    snap = store.snapshot_of_loaded(loaded)
    year = store.create_year(org, snap, request.user, "tạo năm trống", f"năm {year_num}")
    return redirect("year", slug=org.slug, year=year.year)
