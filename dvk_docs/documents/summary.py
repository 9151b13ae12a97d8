"""Tổng hợp đăng ký mô hình "Dân vận khéo" (Mẫu 1): grouped by lĩnh vực, with counts."""

from __future__ import annotations

from typing import Any

from ..conventions import (
    Family,
    cited_after_number,
    format_symbol,
    place_date_line,
    upper_vi,
)
from ..dataset import LoadedDataset, RegistrantKind, Status
from ..errors import DatasetError
from ..facts import Counts, Facts, count_sentence
from ..profiles import Profile
from ..render.blueprints import build_summary
from ..render.markdown import roman
from . import common
from .kind import Kind
from .plan import format_reference


def _totals(label: str, c: Counts) -> dict[str, Any]:
    return {
        "label": label,
        "models": f"{c.total} mô hình",
        "tap_the": str(c.tap_the),
        "ca_nhan": str(c.ca_nhan),
        "moi": str(c.moi),
        "co_tu_truoc": str(c.co_tu_truoc),
        "nhan_rong": str(c.nhan_rong),
    }


def groups(facts: Facts, continuous: bool) -> list[dict[str, Any]]:
    out = []
    stt = 0
    for index, group in enumerate(facts.groups, start=1):
        if not continuous:
            stt = 0
        rows = []
        for reg in group.regs:
            stt += 1
            rows.append({
                "stt": str(stt),
                "registrant": reg.registrant,
                "tap_the": "x" if reg.kind is RegistrantKind.TAP_THE else "",
                "ca_nhan": "x" if reg.kind is RegistrantKind.CA_NHAN else "",
                "model_name": reg.model_name,
                "moi": "x" if reg.status is Status.MOI else "",
                "co_tu_truoc": "x" if reg.status is Status.CO_TU_TRUOC else "",
                "nhan_rong": "x" if reg.status is Status.NHAN_RONG else "",
                "expected": reg.expected_results,
            })
        out.append({
            "heading": f"{roman(index)}. {group.linh_vuc.name}",
            "rows": rows,
            "total": _totals("Cộng", group.counts),
        })
    return out


def context(loaded: LoadedDataset, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = loaded.data
    settings = data.documents.tong_hop_dang_ky
    assert settings is not None
    issuer = common.body(loaded, settings.issuer)
    attached = ""
    plan = data.documents.ke_hoach
    if settings.attached_to:
        ref = data.references.get(settings.attached_to)
        if ref is None:
            raise DatasetError(
                f"{loaded.where('documents', 'tong_hop_dang_ky', 'attached_to')}: văn bản "
                f"'{settings.attached_to}' chưa khai trong 'references' "
                f"(có: {', '.join(data.references) or 'chưa có'})")
        own = ref.model_copy(update={"subject": None})
        attached = f"(Kèm theo {format_reference(own, profile.family)})"
    elif settings.attached_to_plan and plan is not None:
        plan_issuer = common.body(loaded, plan.issuer)
        symbol = format_symbol(plan.number, "KH", plan_issuer.code, profile.family)
        date = cited_after_number(plan.date, profile.family)
        who = plan_issuer.short_name or plan_issuer.name.replace("\n", " ")
        attached = f"(Kèm theo Kế hoạch số {symbol}{date} của {who})"
    if settings.signer:
        sig = common.signature(common.signer(loaded, settings.signer), profile.family,
                               where=f"{loaded.path.name}: documents.tong_hop_dang_ky.signer")
    else:
        sig = {"authority": "XÁC NHẬN CỦA CƠ QUAN, ĐƠN VỊ", "positions": [], "pad": [],
               "note": "(Ký tên, đóng dấu)", "name": ""}
    hdr = common.header(loaded, profile, issuer=issuer, type_code=None, number=None,
                        date=settings.date)
    hdr["place_date"] = place_date_line(data.place, settings.date,
                                        year=None if settings.date else data.year)
    title = f"TỔNG HỢP ĐĂNG KÝ MÔ HÌNH “DÂN VẬN KHÉO” NĂM {data.year}"
    return {
        "year": data.year,
        "hdr": hdr,
        "subject_lines": [upper_vi(title)],
        "attached": attached,
        "groups": groups(facts, settings.numbering == "continuous"),
        "total": _totals("Tổng cộng", facts.counts),
        "count_sentence": count_sentence(facts.counts),
        "sig": sig,
        "family": profile.family.value if isinstance(profile.family, Family) else "",
    }


KIND = Kind("tong_hop_dang_ky", "Tổng hợp đăng ký (Mẫu 1)", 2, "forms",
            lambda ld: ld.data.documents.tong_hop_dang_ky is not None and bool(ld.registrations),
            context, build_summary, landscape=True)
