"""Registrations in and out of the fillable phiếu đăng ký: ``fill_forms`` writes one filled
(or flattened) PDF per registration; ``read_forms`` turns the forms units send back into
registrations (.yaml for dataset.yaml, .xlsx in the layout of dang_ky.xlsx).

What the form carries: every field of a registration except ``unit`` and ``note`` (and the
id, which rides in the small "Mã đăng ký" field).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..conventions import Authority, authority_prefix, short_date
from ..dataset import LoadedDataset, RegistrantKind, Registration, load_dataset, match_linh_vuc
from ..dataset.models import DEFAULT_LINH_VUC, OTHER_LINH_VUC, LinhVuc, Signer, Status
from ..documents import registration_form
from ..documents.kind import registration_stem
from ..errors import DvkError, OutputError
from ..facts import derive
from ..output import check_free, write_atomic
from ..profiles import profile_for
from .forms import (
    BY_NAME,
    FIELDS,
    FormError,
    check_template,
    fill_pdf,
    form_path,
    read_fields,
)

STATUS_BY_LABEL = {s.label: s for s in Status}
KIND_BY_LABEL = {k.label: k for k in RegistrantKind}
# optional fields whose emptiness is worth a note (person and signature fields are not)
NOTED_IF_EMPTY = ("don_vi_quan_ly", "dia_ban", "su_can_thiet", "muc_tieu", "noi_dung_cach_lam",
                  "thoi_gian", "nguon_luc", "cam_ket", "ngay", "ky_ho_ten")
_AUTHORITY = re.compile(r"^(T/M|TM\.?|K/T|KT\.?|TL\.?|TUQ\.?|Q\.?)\s+(.+)$", re.IGNORECASE)


# -- registration -> values --------------------------------------------------------------------
def _signed(signer: Signer | None, family: Any, prefix: str) -> dict[str, str]:
    if signer is None:
        return {}
    on_behalf = ""
    if signer.authority is not Authority.NONE:
        on_behalf = f"{authority_prefix(signer.authority, family)} {signer.on_behalf_of or ''}"
    return {f"{prefix}_thay_mat": on_behalf.strip(), f"{prefix}_chuc_vu": signer.title,
            f"{prefix}_ho_ten": signer.name}


def common_values(loaded: LoadedDataset) -> dict[str, str]:
    """What every phiếu of the dataset shares: place, year, Kính gửi."""
    data = loaded.data
    staff = data.bodies.get(data.staff_body or "", data.unit)
    settings = data.documents.phieu_dang_ky
    addressee = settings.addressee if settings and settings.addressee else None
    if addressee is None:
        addressee = staff.short_name or " ".join(staff.name.split())
        if staff is not data.unit and staff.parent and not staff.short_name:
            addressee = f"{addressee} {' '.join(staff.parent.split())}"
    return {"dia_danh": data.place, "nam_dang_ky": str(data.year), "kinh_gui": addressee,
            "co_quan_cap_tren": " ".join(data.unit.name.split()).upper()}


def values_for(reg: Registration, loaded: LoadedDataset) -> dict[str, str]:
    """The form's field values for ``reg`` (header lines as on the .docx phiếu)."""
    data = loaded.data
    facts = derive(loaded)
    profile = profile_for(data.family, data.profile)
    ctx = registration_form.context(loaded, facts, profile, reg)
    values = common_values(loaded)
    values.update({
        "ma_dang_ky": reg.id or "",
        "co_quan_cap_tren": " ".join(ctx["hdr"]["parent"]),
        "ten_don_vi": " ".join(ctx["hdr"]["issuer"]),
        "kinh_gui": ctx["addressee"],
        "chu_the": reg.registrant,
        "loai": reg.kind.label,
        "ten_mo_hinh": reg.model_name,
        "linh_vuc": facts.linh_vuc_names.get(reg.linh_vuc, reg.linh_vuc),
        "hinh_thuc": reg.status.label,
        "don_vi_quan_ly": reg.managing_body or "",
        "dia_ban": reg.location or "",
        "su_can_thiet": reg.reason or "",
        "muc_tieu": reg.objectives or "",
        "noi_dung_cach_lam": reg.method or "",
        "thoi_gian": reg.timeline or "",
        "nguon_luc": reg.resources or "",
        "du_kien_ket_qua": reg.expected_results,
        "cam_ket": reg.commitment or "",
    })
    if reg.date is not None:
        values["ngay"], values["thang"], values["nam"] = short_date(reg.date).split("/")
    p = reg.person
    if p is not None:
        party = "" if p.party_member is None else ("Có" if p.party_member else "Không")
        values.update({"ho_ten": p.full_name, "nam_sinh": str(p.birth_year or ""),
                       "gioi_tinh": p.gender or "", "dang_vien": party,
                       "dien_thoai": p.phone or "", "chuc_vu": p.position or "",
                       "noi_cong_tac": p.workplace or ""})
    if reg.confirmer is not None:
        values["xac_nhan_co_quan"] = reg.confirmer.body
        values.update(_signed(reg.confirmer.signer, data.family, "xac_nhan"))
    values.update(_signed(reg.signer, data.family, "ky"))
    return values


# -- values -> registration --------------------------------------------------------------------
def _signer(values: dict[str, str], prefix: str, label: str, notes: list[str]
            ) -> dict[str, Any] | None:
    name = values.get(f"{prefix}_ho_ten", "")
    title = values.get(f"{prefix}_chuc_vu", "")
    on_behalf = values.get(f"{prefix}_thay_mat", "")
    if not name:
        if title or on_behalf:
            notes.append(f"{label}: có chức vụ nhưng chưa có họ tên người ký, đã bỏ qua")
        return None
    signer: dict[str, Any] = {"name": name, "title": title or "Người đại diện"}
    if not title:
        notes.append(f"{label}: chưa có chức vụ người ký, ghi 'Người đại diện'")
    if on_behalf:
        m = _AUTHORITY.match(on_behalf)
        if m:
            signer.update(authority=m.group(1), on_behalf_of=m.group(2).strip())
        else:
            signer["on_behalf_of"] = on_behalf
            notes.append(f"{label}: '{on_behalf}' không bắt đầu bằng T/M, K/T, TL, TUQ, Q; "
                         "coi là người đứng đầu ký")
    return signer


def _date(values: dict[str, str], problems: list[str]) -> dt.date | None:
    parts = [values.get(k, "") for k in ("ngay", "thang", "nam")]
    if not any(parts):
        return None
    if not all(p.isdigit() for p in parts):
        problems.append(f"ngày ký '{'/'.join(parts)}' chưa đủ hoặc không phải số "
                        "(trường ngay, thang, nam)")
        return None
    try:
        return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        problems.append(f"ngày ký {'/'.join(parts)} không tồn tại (trường ngay, thang, nam)")
        return None


def to_registration(values: dict[str, str], linh_vuc: list[LinhVuc]
                    ) -> tuple[dict[str, Any] | None, list[str], list[str]]:
    """(registration data, problems, notes) from a form's values."""
    problems: list[str] = []
    notes: list[str] = []
    for spec in FIELDS:
        if spec.required and spec.name in values and not values[spec.name]:
            problems.append(f"trường '{spec.name}' ({spec.label}) để trống")
    empty = [BY_NAME[n].label for n in NOTED_IF_EMPTY if n in values and not values[n]]
    if empty:
        notes.append(f"để trống: {', '.join(empty)}")
    for name in ("loai", "hinh_thuc", "gioi_tinh", "dang_vien"):
        value = values.get(name, "")
        if value and value not in BY_NAME[name].options:
            choices = " / ".join(o for o in BY_NAME[name].options if o)
            problems.append(f"trường '{name}' ({BY_NAME[name].label}): '{value}' không hợp lệ; "
                            f"chọn {choices}")
    data: dict[str, Any] = {}
    text_fields = {"chu_the": "registrant", "ten_mo_hinh": "model_name",
                   "du_kien_ket_qua": "expected_results", "don_vi_quan_ly": "managing_body",
                   "dia_ban": "location", "su_can_thiet": "reason", "muc_tieu": "objectives",
                   "noi_dung_cach_lam": "method", "thoi_gian": "timeline",
                   "nguon_luc": "resources", "cam_ket": "commitment", "ma_dang_ky": "id"}
    for name, attr in text_fields.items():
        if values.get(name):
            data[attr] = values[name]
    if values.get("loai") in KIND_BY_LABEL:
        data["kind"] = KIND_BY_LABEL[values["loai"]].value
    if values.get("hinh_thuc") in STATUS_BY_LABEL:
        data["status"] = STATUS_BY_LABEL[values["hinh_thuc"]].value
    if values.get("linh_vuc"):
        lv = match_linh_vuc(values["linh_vuc"], linh_vuc)
        if lv is None:
            names = "; ".join(x.name for x in linh_vuc)
            problems.append(f"trường 'linh_vuc' (Lĩnh vực): '{values['linh_vuc']}' không có "
                            f"trong danh sách ({names})")
        else:
            data["linh_vuc"] = lv.code
    person_keys = ("ho_ten", "nam_sinh", "gioi_tinh", "dang_vien", "dien_thoai", "chuc_vu",
                   "noi_cong_tac")
    birth = values.get("nam_sinh", "")
    if birth and not (birth.isdigit() and 1900 <= int(birth) <= 2100):
        problems.append(f"trường 'nam_sinh' (Năm sinh): '{birth}' không phải năm")
    if any(values.get(k) for k in person_keys):
        if data.get("kind") == RegistrantKind.TAP_THE.value:
            problems.append("đăng ký tập thể nhưng có điền thông tin cá nhân (họ tên, năm "
                            "sinh ...); xóa các ô đó hoặc chọn 'Cá nhân'")
        elif not values.get("ho_ten"):
            problems.append("trường 'ho_ten' (Họ và tên) để trống trong khi có thông tin cá nhân")
        else:
            person: dict[str, Any] = {"full_name": values["ho_ten"]}
            if birth.isdigit():
                person["birth_year"] = int(birth)
            for key, attr in (("gioi_tinh", "gender"), ("dien_thoai", "phone"),
                              ("chuc_vu", "position"), ("noi_cong_tac", "workplace")):
                if values.get(key):
                    person[attr] = values[key]
            if values.get("dang_vien") in {"Có", "Không"}:
                person["party_member"] = values["dang_vien"] == "Có"
            data["person"] = person
    date = _date(values, problems)
    if date is not None:
        data["date"] = date
    signer = _signer(values, "ky", "Người ký phiếu", notes)
    if signer:
        data["signer"] = signer
    if values.get("xac_nhan_co_quan"):
        data["confirmer"] = {"body": values["xac_nhan_co_quan"]}
        confirm = _signer(values, "xac_nhan", "Người ký xác nhận", notes)
        if confirm:
            data["confirmer"]["signer"] = confirm
    elif values.get("xac_nhan_ho_ten"):
        problems.append("có người ký xác nhận nhưng trường 'xac_nhan_co_quan' (Cơ quan xác "
                        "nhận) để trống")
    if problems:
        return None, problems, notes
    try:
        Registration.model_validate(data)
    except ValidationError as err:
        for e in err.errors():
            loc = ".".join(str(x) for x in e["loc"])
            problems.append(f"{loc}: {e['msg']}")
        return None, problems, notes
    return data, problems, notes


# -- library entry points ----------------------------------------------------------------------
def _template(loaded: LoadedDataset, template: Path | str | None) -> bytes:
    path = Path(template) if template else form_path(loaded.data.family)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FormError(f"Không đọc được mẫu phiếu {path}: {err.strerror}") from None
    check_template(data, str(path))
    return data


@dataclass
class FillResult:
    files: list[Path]
    cut: dict[Path, list[str]] = field(default_factory=dict)  # file -> fields cut to fit


def fill_forms(dataset: Path | str, out: Path | str, *, ids: Sequence[str] | None = None,
               flatten: bool = False, blank: bool = False, force: bool = False,
               template: Path | str | None = None) -> FillResult:
    """One filled phiếu per registration (``ids``: only those) into the folder ``out``, or
    into the file ``out`` (.pdf) for one registration or ``blank``."""
    loaded = load_dataset(dataset)
    target = Path(out)
    regs = list(loaded.registrations)
    if ids:
        known = {r.id for r in regs}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise DvkError(f"Không có mã đăng ký {', '.join(unknown)} trong "
                           f"{loaded.path.name}; các mã: {', '.join(str(r.id) for r in regs[:20])}")
        regs = [r for r in regs if r.id in set(ids)]
    single = target.suffix.lower() == ".pdf"
    if single and not blank and len(regs) != 1:
        raise OutputError(f"{target}: {len(regs)} phiếu cần một thư mục (-o thu-muc), hoặc "
                          "chọn một phiếu bằng --id")
    if blank:
        jobs = [(target if single else target / "phieu-dang-ky-trong.pdf",
                 common_values(loaded))]
    else:
        jobs = [(target if single else target / f"{registration_stem(reg, i)}.pdf",
                 values_for(reg, loaded)) for i, reg in enumerate(regs, start=1)]
    check_free([p for p, _ in jobs], force)
    template_bytes = _template(loaded, template)
    made = [(path, *fill_pdf(template_bytes, values, flatten=flatten)) for path, values in jobs]
    result = FillResult([])
    for path, pdf, cut in made:
        write_atomic(path, pdf)
        result.files.append(path)
        if cut:
            result.cut[path] = cut
    return result


@dataclass
class FileReport:
    path: Path
    problems: list[str]
    notes: list[str]
    registration: dict[str, Any] | None = None


@dataclass
class ReadResult:
    reports: list[FileReport]
    out: Path | None = None

    @property
    def registrations(self) -> list[dict[str, Any]]:
        return [r.registration for r in self.reports if r.registration is not None]


def read_forms(files: Sequence[Path | str], out: Path | str | None = None, *,
               dataset: Path | str | None = None, force: bool = False) -> ReadResult:
    """Read returned phiếu into registrations; writes ``out`` (.yaml or .xlsx) with the
    forms that read cleanly. Every file gets a report; none stops the others."""
    target = Path(out) if out is not None else None
    if target is not None:
        if target.suffix.lower() not in {".yaml", ".yml", ".xlsx"}:
            raise OutputError(f"{target}: chỉ ghi được .yaml hoặc .xlsx")
        check_free([target], force)
    linh_vuc = [LinhVuc(**d) for d in (*DEFAULT_LINH_VUC, OTHER_LINH_VUC)]
    year = None
    if dataset is not None:
        loaded = load_dataset(dataset)
        linh_vuc, year = loaded.data.linh_vuc, loaded.data.year
    reports: list[FileReport] = []
    for name in files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as err:
            reports.append(FileReport(path, [f"không đọc được file ({err.strerror})"], []))
            continue
        try:
            read = read_fields(data, str(path))
        except FormError as err:
            reports.append(FileReport(path, [str(err).removeprefix(f"{path}: ")], []))
            continue
        reg, problems, notes = to_registration(read.values, linh_vuc)
        if year is not None and read.values.get("nam_dang_ky", str(year)) not in {"", str(year)}:
            notes.append(f"phiếu ghi năm {read.values['nam_dang_ky']}, bộ dữ liệu năm {year}")
        problems = read.problems + problems
        reports.append(FileReport(path, problems, read.notes + notes,
                                  None if problems else reg))
    result = ReadResult(reports, target)
    if target is not None and result.registrations:
        content = (_xlsx(result.registrations, linh_vuc) if target.suffix.lower() == ".xlsx"
                   else _yaml(result.reports))
        write_atomic(target, content)
    elif target is not None:
        result.out = None
    return result


def _yaml(reports: list[FileReport]) -> bytes:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096  # long values stay on one line
    yaml.allow_unicode = True
    chunks = ["# Đăng ký đọc từ phiếu PDF (dvk-docs forms read); chép vào mục registrations",
              "registrations:"]
    for report in reports:
        if report.registration is None:
            continue
        order = list(Registration.model_fields)
        item = dict(sorted(report.registration.items(),
                           key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))
        buffer = io.StringIO()
        yaml.dump([item], buffer)
        body = "".join(f"  {line}\n" if line else "\n" for line in buffer.getvalue().splitlines())
        chunks.append(f"  # từ {report.path.name}\n{body.rstrip()}")
    return ("\n".join(chunks) + "\n").encode("utf-8")


SHEET_COLUMNS = [
    ("STT", None), ("Chủ thể thực hiện", "registrant"), ("Tập thể/Cá nhân", "kind"),
    ("Tên mô hình", "model_name"), ("Lĩnh vực", "linh_vuc"), ("Tình trạng", "status"),
    ("Dự kiến kết quả", "expected_results"), ("Đơn vị quản lý", "managing_body"),
    ("Địa bàn, phạm vi", "location"), ("Sự cần thiết", "reason"),
    ("Mục tiêu, tiêu chí", "objectives"), ("Nội dung, cách làm", "method"),
    ("Thời gian thực hiện", "timeline"), ("Nguồn lực", "resources"),
    ("Người đại diện", "signer.name"), ("Chức vụ", "signer.title"),
]


def _xlsx(registrations: list[dict[str, Any]], linh_vuc: list[LinhVuc]) -> bytes:
    """The Mẫu 1 layout that ``registrations: {file: ...}`` reads (person details, dates and
    confirmations have no column there: use .yaml to keep them)."""
    import openpyxl

    names = {lv.code: lv.name for lv in linh_vuc}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Đăng ký"
    sheet.append([label for label, _ in SHEET_COLUMNS])
    for i, reg in enumerate(registrations, start=1):
        row: list[Any] = []
        for _, attr in SHEET_COLUMNS:
            if attr is None:
                row.append(i)
            elif attr == "kind":
                row.append(RegistrantKind(reg["kind"]).label)
            elif attr == "status":
                row.append(Status(reg["status"]).label)
            elif attr == "linh_vuc":
                row.append(names.get(reg["linh_vuc"], reg["linh_vuc"]))
            elif attr.startswith("signer."):
                row.append((reg.get("signer") or {}).get(attr.split(".")[1]))
            else:
                row.append(reg.get(attr))
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def registrations_xlsx(registrations: list[dict[str, Any]], linh_vuc: list[LinhVuc]) -> bytes:
    """The registrations as a Mẫu 1 sheet (.xlsx) in the layout ``registrations: {file: ...}``
    reads (used by the web application's 'Mẫu 1 (.xlsx)' download)."""
    return _xlsx(registrations, linh_vuc)
