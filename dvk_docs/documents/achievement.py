"""Báo cáo thành tích of each điển hình "Dân vận khéo" (paperwork.md §6, format-standards §3.2).

One report per registration that has an entry in ``achievements``: a tập thể variant
(I. Sơ lược đặc điểm, tình hình) and a cá nhân variant (I. Sơ lược lý lịch), then the
achievements with their key figures and the awards already received; the managing body
confirms on the left, the reporter signs on the right. The report is not numbered.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.table import _Cell

from ..conventions import Family, place_date_line, upper_vi
from ..dataset import LoadedDataset, RegistrantKind, Registration
from ..dataset.models import Body, Confirmer, Person
from ..dataset.process import Achievement
from ..facts import Facts, linh_vuc_label
from ..procedure import confirmed_by_party
from ..profiles import STYLE_NAMES, Profile
from ..render.blueprints import (
    add_header_grid,
    add_signature_cell,
    add_signature_grid,
    add_title,
    new_document,
    text_width_mm,
)
from ..render.markdown import markdown_to_body
from ..render.primitives import (
    all_borders,
    cell_text,
    fixed_widths,
    merge_row,
    no_borders,
    repeat_header,
)
from . import common
from .kind import Kind
from .plan import render_body_markdown
from .registration_form import quoted

S = STYLE_NAMES

SIGN_NOTE = "(Ký, ghi rõ họ tên)"
SEAL_NOTE = common.SEAL_NOTE


# -- context ---------------------------------------------------------------------------------
def items(loaded: LoadedDataset, facts: Facts) -> list[Registration]:
    """Registrations with a báo cáo thành tích, in registration order."""
    wanted = loaded.data.achievements
    return [reg for reg in loaded.registrations if reg.id in wanted]


def person_of(reg: Registration, ach: Achievement | None) -> Person | None:
    """The person of a cá nhân report: the report's own facts, else the registration's."""
    if ach is not None and ach.person is not None:
        return ach.person
    return reg.person


def _line(label: str, value: object) -> dict[str, str] | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return {"label": f"- {label}: ", "value": text} if text else None


def _lines(pairs: list[tuple[str, object]]) -> list[dict[str, str]]:
    return [line for label, value in pairs if (line := _line(label, value)) is not None]


def collective_lines(reg: Registration, ach: Achievement) -> list[dict[str, str]]:
    """I. Sơ lược đặc điểm, tình hình of a tập thể."""
    return _lines([
        ("Tên tập thể", reg.registrant),
        ("Đơn vị quản lý trực tiếp", reg.managing_body),
        ("Địa chỉ", ach.address),
        ("Điện thoại", ach.phone),
        ("Năm thành lập", ach.founded),
        ("Số thành viên", ach.members_count),
        ("Người đứng đầu", ach.leader),
    ])


def personal_lines(reg: Registration, ach: Achievement) -> list[dict[str, str]]:
    """I. Sơ lược lý lịch of a cá nhân."""
    p = person_of(reg, ach)
    if p is None:
        return _lines([("Họ và tên", reg.registrant), ("Địa chỉ", ach.address),
                       ("Điện thoại", ach.phone)])
    party = None if p.party_member is None else ("Có" if p.party_member else "Không")
    joined = p.party_join_date.strftime("%d/%m/%Y") if p.party_join_date else None
    return _lines([
        ("Họ và tên", p.full_name),
        ("Ngày sinh", p.birth_date.strftime("%d/%m/%Y")) if p.birth_date else
        ("Năm sinh", p.birth_year),
        ("Giới tính", p.gender),
        ("Quê quán", p.hometown),
        ("Dân tộc", p.ethnicity),
        ("Trình độ chuyên môn, lý luận chính trị", p.education),
        ("Chức vụ", p.position),
        ("Nơi công tác", p.workplace or reg.managing_body),
        ("Ngày vào Đảng", joined) if joined else ("Đảng viên", party),
        ("Điện thoại", ach.phone or p.phone),
        ("Địa chỉ", ach.address),
    ])


def model_lines(reg: Registration, facts: Facts) -> list[dict[str, str]]:
    """The model the achievements belong to (head of section II)."""
    return _lines([
        ("Tên mô hình", quoted(reg.model_name)),
        ("Lĩnh vực", linh_vuc_label(facts.linh_vuc_names.get(reg.linh_vuc, reg.linh_vuc))),
        ("Địa bàn, phạm vi thực hiện", reg.location),
        ("Thời gian thực hiện", reg.timeline),
    ])


def header_lines(loaded: LoadedDataset, profile: Profile, reg: Registration,
                 ach: Achievement) -> dict[str, Any]:
    """ô 2: a tập thể reports as itself under the body above it, as on the phiếu đăng ký; a
    cá nhân reports in their own name (paperwork.md §6: 'for an individual only the motto'):
    no organisation lines, no separator, no number, only the family's motto and the date."""
    data = loaded.data
    if reg.kind is not RegistrantKind.TAP_THE:
        return {"parent": [], "issuer": [], "number": "",
                "place_date": place_date_line(data.place, ach.date,
                                              year=None if ach.date else data.year)}
    # as on the phiếu: Party documents put the collective under the Party committee, State
    # documents under its managing body; 'superior' names the real body above when neither is
    party = profile.family is Family.PARTY
    parent_name = reg.superior or (data.unit.name if party
                                   else (reg.managing_body or data.unit.name))
    issuer_name = reg.registrant
    if upper_vi(issuer_name) == upper_vi(" ".join(parent_name.split())):
        issuer = Body(name=parent_name, code=data.unit.code)  # the unit itself reports
    else:
        issuer = Body(parent=parent_name, name=issuer_name, code=data.unit.code)
    return common.header(loaded, profile, issuer=issuer, type_code=None, number=None,
                         date=ach.date)


def party_confirm_block(ach: Achievement, where: str, fallback_body: str = ""
                        ) -> dict[str, Any] | None:
    """The cấp ủy's confirmation, in Party form (T/M, no dấu for a chi bộ) whatever the
    report's family; a blank block to sign by hand when the dataset names none and the
    managing body is not itself a Party committee (both confirmations on every report)."""
    if ach.party_confirmer is not None:
        return confirm_block(ach.party_confirmer, "", Family.PARTY, where=where)
    if confirmed_by_party(ach) or (ach.confirmer is None and fallback_body.strip().lower()
                                   .startswith(("đảng ủy", "đảng bộ", "chi bộ"))):
        return None
    return {"authority": "XÁC NHẬN CỦA CẤP ỦY", "positions": [],
            "pad": [], "note": SEAL_NOTE, "name": ""}


def confirm_block(confirmer: Confirmer | None, fallback_body: str, family: Family,
                  where: str) -> dict[str, Any]:
    """'XÁC NHẬN CỦA …' + the signer's lines when given, '(Ký tên, đóng dấu)', name.

    Without a confirmer the block is still printed for signing by hand."""
    body = confirmer.body if confirmer is not None else fallback_body
    block: dict[str, Any] = {"authority": f"XÁC NHẬN CỦA {upper_vi(body)}", "positions": [],
                             "pad": [],
                             "note": common.seal_note(body), "name": ""}
    if confirmer is not None and confirmer.signer is not None:
        signed = common.signature(confirmer.signer, family, where=where)
        if signed["authority"]:  # "T/M BAN THƯỜNG VỤ" is an authority line: bold, like above
            block["authority"] += "\n" + signed["authority"]
        block.update(positions=[x for x in signed["positions"] if x], name=signed["name"])
    return block


def reporter_block(reg: Registration, ach: Achievement, family: Family, where: str
                   ) -> dict[str, Any]:
    """The reporter: their authority/title lines, or 'NGƯỜI BÁO CÁO THÀNH TÍCH'."""
    if ach.reporter is not None:
        sig = common.signature(ach.reporter, family, where=where)
        sig["note"] = SIGN_NOTE
        return sig
    p = person_of(reg, ach)
    name = p.full_name if reg.kind is RegistrantKind.CA_NHAN and p is not None else ""
    return {"authority": "NGƯỜI BÁO CÁO THÀNH TÍCH", "positions": [], "pad": [], "note": SIGN_NOTE,
            "name": name}


def _confirmer_fallback(loaded: LoadedDataset, reg: Registration) -> str:
    if reg.confirmer is not None:
        return reg.confirmer.body
    return reg.managing_body or loaded.data.unit.name.replace("\n", " ")


def _markdown(text: str | None, loaded: LoadedDataset, facts: Facts, profile: Profile,
              source: str) -> Any:
    if not text or not text.strip():
        return None
    return markdown_to_body(render_body_markdown(text, loaded, facts, source), profile)


def context(loaded: LoadedDataset, facts: Facts, profile: Profile, reg: Registration
            ) -> dict[str, Any]:
    data = loaded.data
    ach = data.achievements[reg.id or ""]
    where = loaded.where("achievements", reg.id or "")
    collective = reg.kind is RegistrantKind.TAP_THE
    subject = ach.title or f"đề nghị công nhận điển hình “Dân vận khéo” năm {data.year}"
    party_confirm = party_confirm_block(ach, where=f"{where}: party_confirmer.signer",
                                        fallback_body=_confirmer_fallback(loaded, reg))
    confirm = confirm_block(ach.confirmer, _confirmer_fallback(loaded, reg), profile.family,
                            where=f"{where}: confirmer.signer")
    sig = reporter_block(reg, ach, profile.family, where=f"{where}: reporter")
    common.level_signatures(confirm, sig, profile)
    return {
        "year": data.year,
        "hdr": header_lines(loaded, profile, reg, ach),
        "doc_type": "BÁO CÁO THÀNH TÍCH",
        "subject_lines": [subject, f"Mô hình: {quoted(reg.model_name)}"],
        # the dataset's profile may change "I." to "I-": every heading follows it
        "section1": (f"I{profile.heading_roman_separator} "
                     + ("SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" if collective else "SƠ LƯỢC LÝ LỊCH")),
        "section2": f"II{profile.heading_roman_separator} THÀNH TÍCH ĐẠT ĐƯỢC",
        "section3": f"III{profile.heading_roman_separator} CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "info": collective_lines(reg, ach) if collective else personal_lines(reg, ach),
        "background": _markdown(ach.background, loaded, facts, profile,
                                f"{where}: background"),
        "model": model_lines(reg, facts),
        "achievements": _markdown(ach.achievements, loaded, facts, profile,
                                  f"{where}: achievements"),
        "figures": [{"stt": str(i), "label": f.label, "value": f.value}
                    for i, f in enumerate(ach.figures, start=1)],
        "awards": [{"year": str(a.year), "form": a.form, "decision": a.decision or "",
                    "issuer": a.issuer or ""} for a in ach.awards],
        "confirm": confirm,
        "sig": sig,
        "party_confirm": party_confirm,
    }


# -- blueprint -------------------------------------------------------------------------------
FIGURE_COLUMNS: list[tuple[str, float]] = [("STT", 14), ("Chỉ tiêu", 85), ("Kết quả", 66)]
AWARD_COLUMNS: list[tuple[str, float]] = [
    ("Năm", 18), ("Hình thức khen thưởng", 45), ("Số, ngày quyết định", 55),
    ("Cơ quan ban hành", 47),
]


def _label_lines(doc: DocxDocument, var: str) -> None:
    """'- Label: value' lines from a context list of {label, value}."""
    doc.add_paragraph(f"{{%p for f in {var} %}}", style=S["body"])
    p = doc.add_paragraph("", style=S["body"])
    p.add_run("{{ f.label }}")
    p.add_run("{{ f.value }}")
    doc.add_paragraph("{%p endfor %}", style=S["body"])


def _loop_table(doc: DocxDocument, columns: list[tuple[str, float]], loop: str,
                cells: list[str], centered: set[int]) -> None:
    """A bordered table: header row (repeated), one row per item of ``loop``."""
    widths = [w for _, w in columns]
    table = doc.add_table(rows=4, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    all_borders(table)
    fixed_widths(table, widths)
    for cell, (label, _) in zip(table.rows[0].cells, columns, strict=True):
        cell_text(cell, label, S["table_header"])
    repeat_header(table.rows[0]._tr)
    cell_text(merge_row(table, 1), f"{{%tr for r in {loop} %}}", S["table"])
    for i, (cell, text) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        cell_text(cell, text, S["table_header"] if i in centered else S["table"])
        if i in centered:
            cell.paragraphs[0].runs[0].bold = False
    cell_text(merge_row(table, 3), "{%tr endfor %}", S["table"])


def _party_confirm_block(doc: DocxDocument, profile: Profile) -> None:
    """The cấp ủy's confirmation, centred below the two signatures (only when given)."""
    doc.add_paragraph("{%p if party_confirm %}", style=S["body"])
    doc.add_paragraph("", style=S["body"])  # keeps the two tables apart once rendered
    width = text_width_mm(profile, False) * 0.7
    table = doc.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    fixed_widths(table, [width])
    add_signature_cell(table.rows[0].cells[0], "party_confirm")
    doc.add_paragraph("{%p endif %}", style=S["body"])


def build_achievement(profile: Profile) -> DocxDocument:
    """Báo cáo thành tích: header without number, title, sections I–III, signatures."""
    doc = new_document(profile)
    add_header_grid(doc, profile, with_number=False)
    add_title(doc, profile)
    doc.add_paragraph("{{ section1 }}", style=S["heading1"])
    _label_lines(doc, "info")
    doc.add_paragraph("{%p if background %}", style=S["body"])
    doc.add_paragraph("{{p background }}", style=S["body"])
    doc.add_paragraph("{%p endif %}", style=S["body"])

    doc.add_paragraph("{{ section2 }}", style=S["heading1"])
    _label_lines(doc, "model")
    doc.add_paragraph("{%p if achievements %}", style=S["body"])
    doc.add_paragraph("{{p achievements }}", style=S["body"])
    doc.add_paragraph("{%p endif %}", style=S["body"])
    doc.add_paragraph("{%p if figures %}", style=S["body"])
    doc.add_paragraph("Một số chỉ tiêu, kết quả nổi bật:", style=S["body"])
    _loop_table(doc, FIGURE_COLUMNS, "figures", ["{{ r.stt }}", "{{ r.label }}",
                                                 "{{ r.value }}"], {0})
    doc.add_paragraph("", style=S["table"])
    doc.add_paragraph("{%p endif %}", style=S["body"])

    doc.add_paragraph("{{ section3 }}", style=S["heading1"])
    doc.add_paragraph("{%p if awards %}", style=S["body"])
    doc.add_paragraph("", style=S["table"])
    _loop_table(doc, AWARD_COLUMNS, "awards", ["{{ r.year }}", "{{ r.form }}",
                                               "{{ r.decision }}", "{{ r.issuer }}"], {0})
    doc.add_paragraph("{%p else %}", style=S["body"])
    doc.add_paragraph("Chưa có.", style=S["body"])
    doc.add_paragraph("{%p endif %}", style=S["body"])
    doc.add_paragraph("", style=S["body"])

    def confirm(cell: _Cell) -> None:
        add_signature_cell(cell, "confirm")

    add_signature_grid(doc, profile, left=confirm)
    _party_confirm_block(doc, profile)
    return doc


KIND = Kind("bao_cao_thanh_tich", "Báo cáo thành tích", 7, "letter_templates",
            lambda ld: bool(ld.data.achievements), context, build_achievement,
            items=items, item_title=lambda reg: reg.model_name)
