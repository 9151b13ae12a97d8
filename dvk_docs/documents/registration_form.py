"""Phiếu đăng ký xây dựng mô hình "Dân vận khéo" (paperwork.md §2a), one per registration."""

from __future__ import annotations

from typing import Any

from ..conventions import Family, place_date_line, upper_vi
from ..dataset import LoadedDataset, RegistrantKind, Registration
from ..facts import Facts, linh_vuc_label
from ..profiles import Profile
from ..render.blueprints import build_registration_form
from . import common
from .kind import Kind

STATUS_TEXT = {
    "moi": "Mô hình đăng ký mới",
    "co_tu_truoc": "Mô hình có từ trước, tiếp tục duy trì với chỉ tiêu, mục tiêu cao hơn",
    "nhan_rong": "Mô hình nhân rộng",
}


def quoted(name: str) -> str:
    """Model names are printed in curly quotes: “Tuyến đường hoa”; quotes inside the name
    become single ones, “Lớp học ‘Bình dân học vụ số’”, never “ ” inside “ ”."""
    name = name.strip()
    if len(name) >= 2 and name[:1] in "“\"" and name[-1:] in "”\"":
        name = name[1:-1]
    return f"“{inner_quotes(name)}”"


def inner_quotes(text: str) -> str:
    """Double quotes of a text that will itself stand in double quotes, as single ones."""
    out: list[str] = []
    opening = True
    for ch in text:
        if ch == "“":
            out.append("‘")
            opening = False
        elif ch == "”":
            out.append("’")
            opening = True
        elif ch == '"':
            out.append("‘" if opening else "’")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def _field(number: int | None, label: str, value: str) -> dict[str, Any]:
    if "\n" in value:
        lines = [line.strip() for line in value.split("\n") if line.strip()] or [""]
    else:  # most cells are one line (25,000 phiếu: 250,000 fields checked by validate)
        lines = [value.strip()]
    prefix = f"{number}. " if number is not None else "- "
    return {"label": f"{prefix}{label}: ", "first": lines[0], "more": lines[1:]}


# Fields the Party phiếu always shows (seed 002 and the State phiếu): left blank to fill by
# hand when the dataset has no value.
PARTY_ALWAYS = {"Địa bàn, phạm vi thực hiện", "Nội dung, cách làm", "Thời gian thực hiện",
                "Người phụ trách"}


def fields(reg: Registration, facts: Facts, party: bool = False) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    items: list[tuple[str, str | None]] = [("Chủ thể thực hiện", reg.registrant)]
    person_items: list[tuple[str, str]] = []
    if reg.person is not None:
        p = reg.person
        person_items = [("Họ và tên", p.full_name)]
        if p.birth_year:
            person_items.append(("Năm sinh", str(p.birth_year)))
        if p.gender:
            person_items.append(("Giới tính", p.gender))
        if p.position:
            person_items.append(("Chức vụ, nghề nghiệp", p.position))
        if p.workplace:
            person_items.append(("Nơi công tác, nơi ở", p.workplace))
        if p.party_member is not None:
            person_items.append(("Đảng viên", "Có" if p.party_member else "Không"))
        if p.phone:
            person_items.append(("Điện thoại", p.phone))
    items += [
        ("Tên mô hình", quoted(reg.model_name)),
        ("Lĩnh vực", linh_vuc_label(facts.linh_vuc_names.get(reg.linh_vuc, reg.linh_vuc))),
        ("Hình thức", STATUS_TEXT[reg.status.value]),
        ("Đơn vị quản lý", reg.managing_body),
        ("Địa bàn, phạm vi thực hiện", reg.location),
        ("Sự cần thiết xây dựng mô hình", reg.reason),
        ("Mục tiêu, tiêu chí", reg.objectives),
        ("Nội dung, cách làm", reg.method),
        ("Thời gian thực hiện", reg.timeline),
        ("Người phụ trách", reg.in_charge),
        ("Nguồn lực", reg.resources),
        ("Dự kiến kết quả cần đạt", reg.expected_results),
        ("Cam kết", reg.commitment),
    ]
    n = 0
    for label, value in items:
        if not value and not (party and label in PARTY_ALWAYS):
            continue
        n += 1
        out.append(_field(n, label, value or ""))
        if label == "Chủ thể thực hiện":
            out.extend(_field(None, lbl, val) for lbl, val in person_items)
    return out


def checked(loaded: LoadedDataset, profile: Profile, reg: Registration
            ) -> tuple[str, dict[str, Any] | None, dict[str, Any] | None]:
    """What of a phiếu the data can get wrong: the place-date line (its date against the
    year), the signer's and the confirmer's signature (their titles). ``validate`` calls
    this alone for every phiếu past the first (the layout around them cannot fail);
    :func:`signed` builds the blocks from it."""
    data = loaded.data
    place_date = place_date_line(data.place, reg.date, year=None if reg.date else data.year)
    sig = None if reg.signer is None else common.signature(
        reg.signer, profile.family, where=f"{reg.source}: signer")
    by = None
    if reg.confirmer and reg.confirmer.signer:
        by = common.signature(reg.confirmer.signer, profile.family,
                              where=f"{reg.source}: confirmer.signer")
    return place_date, sig, by


def signed(loaded: LoadedDataset, profile: Profile, reg: Registration
           ) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The place-date line, the signature and the confirmation blocks of a phiếu."""
    place_date, sig, by = checked(loaded, profile, reg)
    if sig is None and reg.kind is RegistrantKind.CA_NHAN:
        name = reg.person.full_name if reg.person else ""
        sig = {"authority": "NGƯỜI ĐĂNG KÝ", "positions": [],
               "pad": [], "note": "(Ký, ghi rõ họ tên)",
               "name": name}
    elif sig is None:
        sig = {"authority": "ĐẠI DIỆN TẬP THỂ", "positions": [],
               "pad": [], "note": "(Ký, ghi rõ họ tên)",
               "name": ""}
    unit_name = loaded.data.unit.name.replace("\n", " ")
    confirmer_body = (reg.confirmer.body if reg.confirmer else None) or reg.managing_body \
        or unit_name
    confirm: dict[str, Any] = {"authority": f"XÁC NHẬN CỦA {upper_vi(confirmer_body)}",
                               "positions": [], "pad": [], "note": common.seal_note(confirmer_body),
                               "name": ""}
    if by is not None:
        lines = [by["authority"], *by["positions"]]
        confirm.update(positions=[x for x in lines if x], name=by["name"])
    return place_date, sig, confirm


def context(loaded: LoadedDataset, facts: Facts, profile: Profile, reg: Registration
            ) -> dict[str, Any]:
    data = loaded.data
    settings = data.documents.phieu_dang_ky
    staff = common.body(loaded, data.staff_body) if data.staff_body else data.unit
    addressee = settings.addressee if settings and settings.addressee else None
    if addressee is None:
        addressee = staff.short_name or staff.name.replace("\n", " ")
        if staff is not data.unit and staff.parent and not staff.short_name:
            addressee = f"{addressee} {staff.parent}"
    # ô 2: the managing body above, the registering collective (bold) below; a person's
    # form is headed by their managing body or workplace under the issuing unit
    # (Party: the registering unit under the Party committee it belongs to, e.g. 'ĐẢNG ỦY XÃ
    # AN PHÚ / HỘI NÔNG DÂN XÃ', as the seeds' Party forms are headed)
    party = profile.family is Family.PARTY
    # (a registration's own 'superior' names the body really above it: 'Công an tỉnh' above
    # 'Công an phường', never the chi bộ that leads it in the Party)
    # the unit keeps its own line breaks ('Ủy ban nhân dân\nphường Hòa Bình')
    unit_lines = data.unit.name
    if reg.kind is RegistrantKind.TAP_THE:
        parent_name = reg.superior or (unit_lines if party
                                       else (reg.managing_body or unit_lines))
        issuer_name = reg.registrant
    else:
        parent_name = reg.superior or unit_lines
        issuer_name = reg.managing_body or (reg.person.workplace if reg.person else None)
    parent = common.header_lines(parent_name, profile, "parent")
    issuer = common.header_lines(issuer_name, profile, "issuer") if issuer_name else []
    if not issuer or " ".join(issuer) == " ".join(parent):  # the unit heads the form alone
        parent, issuer = [], parent
    place_date, sig, confirm = signed(loaded, profile, reg)
    hdr = {
        "parent": parent,
        "issuer": issuer,
        "number": "",
        "place_date": place_date,
    }
    common.level_signatures(confirm, sig, profile)
    return {
        "year": data.year,
        "hdr": hdr,
        "doc_type": "PHIẾU ĐĂNG KÝ",
        "subject_lines": [f"xây dựng mô hình “Dân vận khéo” năm {data.year}"],
        "addressee": addressee,
        "fields": fields(reg, facts, party=party),
        "confirm": confirm,
        "sig": sig,
    }


KIND = Kind("phieu_dang_ky", "Phiếu đăng ký", 3, "forms",
            lambda ld: ld.data.documents.phieu_dang_ky is not None and bool(ld.registrations),
            context, build_registration_form,
            items=lambda ld, facts: list(ld.registrations),
            check_item=lambda ld, facts, profile, reg: checked(ld, profile, reg) and None,
            item_title=lambda reg: reg.model_name)
