"""Đăng ký: the year's registrations grouped by lĩnh vực with filters, the phiếu đăng ký
form, Excel/CSV upload with a preview before anything is saved, and Mẫu 1 downloads."""

from __future__ import annotations

import secrets
import unicodedata
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.renderers import Jinja2
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ... import api
from ...dataset.models import Person, RegistrantKind, Status
from ...dataset.models import Registration as RegModel
from ...errors import DatasetError, DvkError
from .. import store
from ..models import Membership, Organisation, Year
from ..problems import line_of, messages_of, place
from ..renderer import render_docx
from ..uploads import read_upload
from .base import download, org_view, year_of

TEXT_FIELDS = ["registrant", "model_name", "expected_results", "managing_body", "unit",
               "location", "reason", "objectives", "method", "timeline", "resources",
               "commitment", "note"]
LONG = {"expected_results", "reason", "objectives", "method", "resources", "commitment"}
LABELS = {
    "registrant": "Chủ thể thực hiện", "kind": "Tập thể / cá nhân", "model_name": "Tên mô hình",
    "linh_vuc": "Lĩnh vực", "status": "Tình trạng", "expected_results": "Dự kiến kết quả",
    "managing_body": "Đơn vị quản lý", "unit": "Đơn vị (thống kê)", "location": "Địa bàn",
    "reason": "Sự cần thiết", "objectives": "Mục tiêu, tiêu chí", "method": "Nội dung, cách làm",
    "timeline": "Thời gian thực hiện", "resources": "Nguồn lực", "commitment": "Cam kết",
    "note": "Ghi chú", "date": "Ngày đăng ký",
    "person__full_name": "Họ và tên (cá nhân)", "person__birth_year": "Năm sinh",
    "person__gender": "Giới tính", "person__position": "Chức vụ, nghề nghiệp",
    "person__workplace": "Nơi công tác", "person__phone": "Số điện thoại",
}
PERSON = ["full_name", "birth_year", "gender", "position", "workplace", "phone"]
HINTS = {"lĩnh vực": "linh_vuc", "'person'": "person__full_name"}


def _help(name: str) -> str:
    if name.startswith("person__"):
        return Person.model_fields[name.split("__")[1]].description or ""
    return RegModel.model_fields[name].description or ""


def linh_vuc_choices(y: Year) -> list[tuple[str, str]]:
    return [(lv["code"], lv["name"]) for lv in y.document.get("linh_vuc", [])]


class FastFields(Jinja2):
    """The phiếu's ~23 fields render through Jinja2 templates (Django's widget templates and
    ``jinja2/dvk_web/field.html``, the markup of ``_field.html``): about half the time of
    the Django template language, on every unit's most used pages."""

    field_template_name = "dvk_web/field.html"


class RegistrationForm(forms.Form):
    default_renderer = FastFields()  # no file inputs here (field.html has no file picker)

    def __init__(self, *args: Any, year: Year, unit: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        order = ["registrant", "kind", "model_name", "linh_vuc", "status", *TEXT_FIELDS[2:],
                 "date", *(f"person__{p}" for p in PERSON)]
        for name in order:
            if name == "kind":
                field: forms.Field = forms.ChoiceField(choices=[(k.value, k.label)
                                                                for k in RegistrantKind])
            elif name == "status":
                field = forms.ChoiceField(choices=[(s.value, s.label) for s in Status])
            elif name == "linh_vuc":
                field = forms.ChoiceField(choices=linh_vuc_choices(year))
            else:
                required = name in {"registrant", "model_name", "expected_results"}
                widget = forms.Textarea(attrs={"rows": 3}) if name in LONG else None
                field = forms.CharField(required=required, widget=widget, max_length=32767,
                                        strip=True)
            field.label = LABELS[name]
            # the schema's text for a choice names the YAML codes: no help for a list
            field.help_text = "" if isinstance(field, forms.ChoiceField) else _help(name)
            f[name] = field
        if unit is not None:  # a unit account registers for its own unit
            f["unit"].initial = unit
            f["unit"].disabled = True

    @staticmethod
    def initial_from(reg: dict[str, Any]) -> dict[str, Any]:
        init = {k: v for k, v in reg.items() if not isinstance(v, dict | list)}
        for p in PERSON:
            if reg.get("person") and reg["person"].get(p) is not None:
                init[f"person__{p}"] = reg["person"][p]
        if init.get("date"):
            y, m, d = str(init["date"]).split("-")
            init["date"] = f"{d}/{m}/{y}"
        return init

    def apply_to(self, reg: dict[str, Any]) -> dict[str, Any]:
        out = dict(reg)
        person = dict(out.get("person") or {})
        for name, value in self.cleaned_data.items():
            target, key = (person, name.split("__")[1]) if name.startswith("person__") \
                else (out, name)
            if value in ("", None):
                target.pop(key, None)
            else:
                target[key] = value
        if person and out.get("kind") == RegistrantKind.CA_NHAN.value:
            out["person"] = person
        else:
            out.pop("person", None)
        return out


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def duplicate_keys(regs: list[dict[str, Any]]) -> set[tuple[str, str]]:
    seen: dict[tuple[str, str], int] = {}
    for r in regs:
        k = (_key(str(r.get("registrant", ""))), _key(str(r.get("model_name", ""))))
        seen[k] = seen.get(k, 0) + 1
    return {k for k, n in seen.items() if n > 1}


def _visible(member: Membership, y: Year) -> Any:
    rows = y.registrations.all()
    if not member.is_office:
        rows = rows.filter(unit_key=member.unit)
    return rows


@org_view()
def registrations(request: HttpRequest, member: Membership, org: Organisation, year: int
                  ) -> HttpResponse:
    y = year_of(org, year)
    rows = _visible(member, y)
    q = request.GET.get("q", "").strip()
    lv = request.GET.get("linh_vuc", "")
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    unit = request.GET.get("unit", "")
    if q:
        rows = rows.filter(registrant__icontains=q) | rows.filter(model_name__icontains=q) \
            | rows.filter(reg_id__icontains=q)
    if lv:
        rows = rows.filter(linh_vuc=lv)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if unit and member.is_office:
        rows = rows.filter(unit_key=unit)
    fields = ("reg_id", "registrant", "model_name", "linh_vuc", "kind", "status", "unit_key")
    rows = list(rows.order_by("position").values(*fields))
    names = dict(linh_vuc_choices(y))
    dupes = duplicate_keys([{"registrant": a, "model_name": b} for a, b in
                            _visible(member, y).values_list("registrant", "model_name")])
    groups: dict[str, dict[str, Any]] = {}
    kinds = {k.value: k.label for k in RegistrantKind}
    statuses = {s.value: s.label for s in Status}
    for r in rows:
        g = groups.setdefault(r["linh_vuc"], {"code": r["linh_vuc"],
                                              "name": names.get(r["linh_vuc"], r["linh_vuc"]),
                                              "rows": []})
        g["rows"].append({"r": r, "kind": kinds.get(r["kind"], r["kind"]),
                          "status": statuses.get(r["status"], r["status"]),
                          "dupe": (_key(r["registrant"]), _key(r["model_name"])) in dupes})
    order = list(names)
    ordered = sorted(groups.values(), key=lambda g: order.index(g["code"])
                     if g["code"] in order else len(order))
    units = (sorted(set(y.registrations.values_list("unit_key", flat=True).distinct()))
             if member.is_office else [])
    return render(request, "dvk_web/registrations.html", {
        "y": y, "groups": ordered, "count": len(rows), "linh_vuc": names.items(),
        "kinds": kinds.items(), "statuses": statuses.items(), "units": units,
        "f": {"q": q, "linh_vuc": lv, "kind": kind, "status": status, "unit": unit},
        "edit_base": reverse("registrations", kwargs={"slug": org.slug, "year": y.year}),
        "tab": "dang_ky"})


def _find(y: Year, member: Membership, reg_id: str) -> tuple[int, dict[str, Any]]:
    row = _visible(member, y).filter(reg_id=reg_id).first()
    if row is None:
        raise Http404("Không có đăng ký này")
    return row.position, row.data


@org_view()
def edit(request: HttpRequest, member: Membership, org: Organisation, year: int,
         reg_id: str | None = None) -> HttpResponse:
    y = year_of(org, year)
    unit = None if member.is_office else member.unit
    if unit is not None:  # a unit submits a phiếu (views.submissions); it never edits the year
        if reg_id is not None:
            _find(y, member, reg_id)  # 404 unless it is this unit's
        raise PermissionDenied("Đăng ký đã vào danh sách của năm; đơn vị không sửa được. "
                               "Cần sửa, đề nghị văn phòng.")
    if reg_id is None:
        position, current = None, {"kind": "tap_the", "status": "moi"}
    else:
        position, current = _find(y, member, reg_id)
    general: list[str] = []
    if request.method == "POST":
        form = RegistrationForm(request.POST, year=y, unit=unit,
                                initial=RegistrationForm.initial_from(current))
        if form.is_valid():
            new = form.apply_to(current)
            if unit is not None:
                new["unit"] = unit

            def edit_snapshot(snap: store.Snapshot) -> None:
                if reg_id is None:
                    snap.registrations.append(new)
                else:
                    snap.registrations[_index(snap, reg_id)] = new

            index = position if position is not None else y.registrations.count()
            try:
                store.change(y, request.user, "sửa đăng ký" if reg_id else "thêm đăng ký",
                             f"{reg_id or new.get('model_name', '')}", edit_snapshot,
                             reason=request.POST.get("lock_reason", ""))
            except DatasetError as err:
                prefixes = [f"registrations[{index}]", f"registrations[{reg_id or ''}]"]
                placed = place(messages_of(err), prefixes, form.fields, HINTS)
                for name, msgs in placed.by_field.items():
                    for msg in msgs:
                        form.add_error(name, msg)
                general = placed.general
            else:
                messages.success(request, "Đã lưu phiếu đăng ký")
                same = [r for r in y.registrations.values_list("reg_id", "registrant",
                                                                "model_name")
                        if (_key(r[1]), _key(r[2])) == (_key(str(new.get("registrant", ""))),
                                                        _key(str(new.get("model_name", ""))))]
                if len(same) > 1:
                    messages.warning(request, "Có thể trùng: " + ", ".join(r[0] for r in same)
                                     + " cùng chủ thể và tên mô hình")
                return redirect("registrations", slug=org.slug, year=y.year)
    else:
        form = RegistrationForm(year=y, unit=unit, initial=RegistrationForm.initial_from(current))
    return render(request, "dvk_web/registration_form.html", {
        "y": y, "form": form, "reg_id": reg_id, "general": general, "tab": "dang_ky"})


def _index(snap: store.Snapshot, reg_id: str) -> int:
    for i, reg in enumerate(snap.registrations):
        if reg.get("id") == reg_id:
            return i
    raise DatasetError(f"Đăng ký {reg_id} vừa bị người khác xóa")


@org_view()
@require_POST
def delete(request: HttpRequest, member: Membership, org: Organisation, year: int,
           reg_id: str) -> HttpResponse:
    y = year_of(org, year)
    _find(y, member, reg_id)  # 404 unless this user may see it
    if not member.is_office:
        raise PermissionDenied("Chỉ văn phòng xóa được đăng ký đã vào danh sách của năm")

    def drop(snap: store.Snapshot) -> None:
        del snap.registrations[_index(snap, reg_id)]

    try:
        store.change(y, request.user, "xóa đăng ký", reg_id, drop,
                     reason=request.POST.get("lock_reason", ""))
        messages.success(request, f"Đã xóa đăng ký {reg_id}")
    except DatasetError as err:
        messages.error(request, str(err))
    return redirect("registrations", slug=org.slug, year=y.year)


# ---- upload: preview first, save only on confirm ------------------------------------------

def _upload_dir() -> Path:
    d = Path(settings.DATA_DIR) / "uploads"
    d.mkdir(parents=True, exist_ok=True)
    return d


UPLOAD_NAME = "dang_ky_tai_len"


def _shown_name(request: HttpRequest) -> str:
    """The uploaded file's name, for messages only (never used as a path)."""
    f = request.FILES.get("file")
    name = Path(f.name or "").name if f is not None else ""
    return "".join(ch for ch in name if ch.isprintable())[:120] or "file tải lên"


def parse_sheet(y: Year, content: bytes, ext: str) -> list[dict[str, Any]]:
    """The uploaded list read by the library against this year's lĩnh vực (raises
    DatasetError naming each bad row and column)."""
    snap = store.snapshot_of(y)
    snap.registrations = []
    with store.folder_of(snap) as folder:
        sheet = folder / f"{UPLOAD_NAME}.{ext}"  # the uploaded name is never a path
        sheet.write_bytes(content)
        text = (folder / store.DATASET_FILE).read_text(encoding="utf-8")
        text = text.replace("registrations: []", f"registrations:\n  file: {sheet.name}")
        (folder / store.DATASET_FILE).write_text(text, encoding="utf-8")
        loaded = api.load(folder)
    return [r.model_dump(mode="json", exclude_none=True) for r in loaded.registrations]


def merge(existing: list[dict[str, Any]], new: list[dict[str, Any]]
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """New rows to append (fresh ids where taken) and the rows left out as duplicates of a
    registration already there (same chủ thể and tên mô hình)."""
    have = {(_key(str(r.get("registrant", ""))), _key(str(r.get("model_name", ""))))
            for r in existing}
    ids = {str(r.get("id")) for r in existing}
    added, dupes = [], []
    n = len(existing)
    for r in new:
        k = (_key(str(r.get("registrant", ""))), _key(str(r.get("model_name", ""))))
        if k in have:
            dupes.append(r)
            continue
        have.add(k)
        r = dict(r)
        if str(r.get("id")) in ids:
            while f"DK{n + 1:03d}" in ids:
                n += 1
            r["id"] = f"DK{n + 1:03d}"
        ids.add(str(r["id"]))
        added.append(r)
    return added, dupes


@org_view(office=True)
def upload(request: HttpRequest, member: Membership, org: Organisation, year: int
           ) -> HttpResponse:
    y = year_of(org, year)
    ctx: dict[str, Any] = {"y": y, "tab": "dang_ky"}
    if request.method == "POST":
        try:
            content, ext = read_upload(request.FILES.get("file"), {"xlsx", "csv"})
            rows = parse_sheet(y, content, ext)
        except DatasetError as err:
            shown = _shown_name(request)
            ctx["errors"] = [line_of(m).replace(f"{UPLOAD_NAME}.xlsx", shown)
                             .replace(f"{UPLOAD_NAME}.csv", shown) for m in messages_of(err)]
            ctx["filename"] = shown
        except DvkError as err:
            ctx["errors"] = [str(err)]
        else:
            token = secrets.token_hex(16)
            (_upload_dir() / f"{org.slug}-{token}.{ext}").write_bytes(content)
            request.session[f"upload-{token}"] = {"year": y.pk, "ext": ext}
            added, dupes = merge(list(y.registrations.values_list("data", flat=True)), rows)
            names = dict(linh_vuc_choices(y))
            ctx.update(token=token, added=added, dupes=dupes, names=names,
                       filename=_shown_name(request))
    return render(request, "dvk_web/upload.html", ctx)


@org_view(office=True)
@require_POST
def upload_confirm(request: HttpRequest, member: Membership, org: Organisation, year: int
                   ) -> HttpResponse:
    y = year_of(org, year)
    token = request.POST.get("token", "")
    info = request.session.pop(f"upload-{token}", None)
    if not info or info["year"] != y.pk or not token.isalnum():
        raise PermissionDenied("Phiên tải lên đã hết hạn; tải file lên lại")
    path = _upload_dir() / f"{org.slug}-{token}.{info['ext']}"
    try:
        rows = parse_sheet(y, path.read_bytes(), info["ext"])
    finally:
        path.unlink(missing_ok=True)
    count = {"n": 0}

    def add(snap: store.Snapshot) -> None:
        added, _dupes = merge(snap.registrations, rows)
        snap.registrations.extend(added)
        count["n"] = len(added)

    try:
        store.change(y, request.user, "tải lên danh sách đăng ký", f"năm {y.year}", add,
                     reason=request.POST.get("lock_reason", ""))
    except DatasetError as err:
        messages.error(request, str(err))
        return redirect("upload", slug=org.slug, year=y.year)
    messages.success(request, f"Đã thêm {count['n']} đăng ký từ file")
    return redirect("registrations", slug=org.slug, year=y.year)


@org_view(office=True)
def mau1_docx(request: HttpRequest, member: Membership, org: Organisation, year: int
              ) -> HttpResponse:
    y = year_of(org, year)
    try:
        with store.open_year(y) as (folder, _l):
            content = render_docx(folder, "tong_hop_dang_ky")
    except DvkError as err:
        messages.error(request, str(err))
        return redirect("registrations", slug=org.slug, year=y.year)
    return download(content, f"mau-1-dang-ky-{y.year}.docx")


@org_view(office=True)
def mau1_xlsx(request: HttpRequest, member: Membership, org: Organisation, year: int
              ) -> HttpResponse:
    y = year_of(org, year)
    from ...pdf.formdata import registrations_xlsx as sheet_of  # the dang_ky.xlsx layout
    with store.open_year(y) as (_f, loaded):
        regs = [r.model_dump(mode="json") for r in loaded.registrations]
        content = sheet_of(regs, list(loaded.data.linh_vuc))
    return download(content, f"mau-1-dang-ky-{y.year}.xlsx")
