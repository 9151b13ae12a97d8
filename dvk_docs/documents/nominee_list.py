"""Danh sách trích ngang thành tích (paperwork.md §6): one row per nominee, landscape A4.

The appendix of the Tờ trình: the models proposed for recognition (``facts.stages.proposed``),
split into ``A. Tập thể`` and ``B. Cá nhân``, each with a short summary of its achievements
and the awards it has already received.
"""

from __future__ import annotations

import re
from typing import Any

from docx.document import Document as DocxDocument
from docx.table import _Cell
from markdown_it import MarkdownIt

from ..conventions import cited_after_number, format_symbol
from ..dataset import LoadedDataset, RegistrantKind, Registration
from ..dataset.models import Body
from ..dataset.process import Achievement
from ..errors import DatasetError
from ..facts import Facts, kinds_sentence, linh_vuc_label
from ..profiles import STYLE_NAMES, Profile
from ..render.blueprints import (
    add_header_grid,
    add_signature_grid,
    new_document,
)
from ..render.grid import Column, add_loop_table
from ..render.primitives import (
    para,
)
from . import common
from .achievement import person_of
from .kind import Kind
from .plan import render_body_markdown

S = STYLE_NAMES

SUMMARY_LIMIT = 250  # characters of the achievements text in the summary column
FIGURES_SHOWN = 3  # key figures added below the summary

GROUPS: list[tuple[RegistrantKind, str]] = [(RegistrantKind.TAP_THE, "Tập thể"),
                                            (RegistrantKind.CA_NHAN, "Cá nhân")]

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


# -- context ---------------------------------------------------------------------------------
def nominees(loaded: LoadedDataset, facts: Facts) -> list[Registration]:
    """The models proposed in the Tờ trình; without one, those with a báo cáo thành tích."""
    if loaded.data.proposal is not None:
        assert facts.stages is not None
        return list(facts.stages.proposed)
    wanted = loaded.data.achievements
    return [reg for reg in loaded.registrations if reg.id in wanted]


def plain_paragraphs(markdown: str) -> list[str]:
    """The text of the Markdown's paragraphs and list items, without any Markdown marks
    (headings and tables are left out: they do not summarise)."""
    tokens = _MD.parse(markdown)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or i == 0 or tokens[i - 1].type != "paragraph_open":
            continue
        parts = []
        for child in tok.children or []:
            if child.type in {"text", "code_inline"}:
                parts.append(child.content)
            elif child.type in {"softbreak", "hardbreak"}:
                parts.append(" ")
        text = " ".join("".join(parts).split())
        if text:
            out.append(text)
    return out


def shorten(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """Whole sentences up to ``limit`` characters; a first sentence longer than that is cut
    at a word and ends with '…'."""
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    if not sentences:
        return ""
    out = sentences[0]
    for sentence in sentences[1:]:
        if len(out) + 1 + len(sentence) > limit:
            break
        out = f"{out} {sentence}"
    if len(out) > limit:
        cut = out[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
        out = f"{cut}…"
    return out


RESULTS_PLACEHOLDER = "[Ghi kết quả thực tế đã đạt]"


def actual_results(reg: Registration, loaded: LoadedDataset) -> str | None:
    """What the appraisal team recorded as achieved (never the registration's targets)."""
    appraisal = loaded.data.appraisal
    result = appraisal.results.get(reg.id or "") if appraisal is not None else None
    return result.achieved.strip() if result is not None and result.achieved else None


_FIRST_PERSON = re.compile(r"\b(tôi|chúng tôi|chúng em|em|mình)\b", re.IGNORECASE)


def summary_lines(reg: Registration, ach: Achievement | None, loaded: LoadedDataset,
                  facts: Facts) -> list[str]:
    """Tóm tắt thành tích, in the third person and from recorded results only: the report's
    own ``summary`` when written; else the start of the báo cáo thành tích's narrative when
    it is not written in the first person (a person's report says 'tôi': never copied into a
    list the council reads), or else what the appraisal recorded as achieved, then the key
    figures of the report; else (with proposal.results_placeholder) a visible gap to fill by
    hand. The registration's expected results ('dự kiến') are targets, not achievements, and
    are never copied here."""
    if ach is not None and ach.summary and ach.summary.strip():
        return [" ".join(ach.summary.split())]
    lines: list[str] = []
    if ach is not None:
        where = f"{loaded.where('achievements', reg.id or '')}: achievements"
        text = " ".join(plain_paragraphs(render_body_markdown(ach.achievements, loaded, facts,
                                                              where)))
        if text and not _FIRST_PERSON.search(text):
            lines.append(shorten(text))
    achieved = actual_results(reg, loaded)
    if not lines and achieved:
        lines.append(achieved)
    if ach is not None:
        lines += [f"- {f.label}: {f.value}" for f in ach.figures[:FIGURES_SHOWN]]
    return lines or [RESULTS_PLACEHOLDER]


NO_AWARDS = "Chưa có"


def missing_results(regs: list[Registration], loaded: LoadedDataset) -> list[Registration]:
    """Nominees with neither a báo cáo thành tích nor results recorded at the appraisal."""
    return [r for r in regs if (r.id or "") not in loaded.data.achievements
            and actual_results(r, loaded) is None]


def require_results(regs: list[Registration], loaded: LoadedDataset) -> None:
    """A nominee without recorded results is an error, unless the dataset asks for a
    placeholder (proposal.results_placeholder: true)."""
    proposal = loaded.data.proposal
    if proposal is not None and proposal.results_placeholder:
        return
    missing = missing_results(regs, loaded)
    if not missing:
        return
    names = "; ".join(f"{r.id} “{r.model_name}”" for r in missing[:8])
    more = f" và {len(missing) - 8} mô hình khác" if len(missing) > 8 else ""
    raise DatasetError(
        f"{loaded.path.name}: danh sách trích ngang: {len(missing):02d} mô hình đề nghị chưa "
        f"có kết quả thực tế đã đạt: {names}{more}. Không lấy “dự kiến kết quả” của phiếu đăng "
        "ký (đó là chỉ tiêu). Ghi kết quả vào appraisal.results.<mã>.achieved (tổ thẩm định "
        "ghi nhận) hoặc achievements.<mã> (báo cáo thành tích); hoặc đặt "
        "proposal.results_placeholder: true để in chỗ trống ghi tay.")


def award_lines(ach: Achievement | None) -> list[str]:
    """Awards already received, one a line; 'Chưa có' when none is recorded (the column is
    never left blank)."""
    if ach is None or not ach.awards:
        return [NO_AWARDS]
    return [f"{a.year}: {a.form}" for a in ach.awards]


def name_and_position(reg: Registration, ach: Achievement | None) -> tuple[str, str]:
    """(Tên tập thể / Họ và tên, Chức vụ, đơn vị): a collective by its registered name and
    managing body; a person by full name, position and workplace."""
    if reg.kind is RegistrantKind.TAP_THE:
        where = reg.managing_body or (ach.address if ach else None) or ""
        return reg.registrant, where
    p = person_of(reg, ach)
    if p is None:
        return reg.registrant, reg.managing_body or ""
    parts = [x for x in (p.position, p.workplace or reg.managing_body) if x]
    return p.full_name, ", ".join(parts)


def row(stt: int, reg: Registration, loaded: LoadedDataset, facts: Facts) -> dict[str, Any]:
    ach = loaded.data.achievements.get(reg.id or "")
    name, position = name_and_position(reg, ach)
    return {
        "stt": str(stt),
        "name": name,
        "position": position,
        "model_name": reg.model_name,
        "linh_vuc": linh_vuc_label(facts.linh_vuc_names.get(reg.linh_vuc, reg.linh_vuc)),
        "summary": summary_lines(reg, ach, loaded, facts),
        "awards": award_lines(ach),
    }


def groups(regs: list[Registration], loaded: LoadedDataset, facts: Facts
           ) -> list[dict[str, Any]]:
    """'A. Tập thể' then 'B. Cá nhân' (only the kinds present), numbered within each group."""
    out = []
    for kind, label in GROUPS:
        members = [r for r in regs if r.kind is kind]
        if not members:
            continue
        letter = "AB"[len(out)]
        out.append({"heading": f"{letter}. {label}",
                    "rows": [row(i, r, loaded, facts) for i, r in enumerate(members, start=1)]})
    return out


def _issuer(loaded: LoadedDataset) -> Body:
    data = loaded.data
    if data.proposal is not None:
        return common.body(loaded, data.proposal.issuer)
    return common.body(loaded, data.staff_body) if data.staff_body else data.unit


def _body_in_sentence(loaded: LoadedDataset, body: Body) -> str:
    """'Ban Thường vụ Đảng ủy xã An Phú', 'Ban Xây dựng Đảng Đảng ủy xã An Phú'."""
    if body.short_name:
        return body.short_name
    name = body.name.replace("\n", " ")
    if body is not loaded.data.unit and body.parent:
        name = f"{name} {body.parent.replace(chr(10), ' ')}"
    return name


def attached_line(loaded: LoadedDataset, profile: Profile) -> str:
    """'(Kèm theo Tờ trình số 07-TTr/BXDĐ, ngày 08/10/2026 của ...)' from the proposal's own
    number, issuer and date; empty without a proposal."""
    proposal = loaded.data.proposal
    if proposal is None:
        return ""
    issuer = common.body(loaded, proposal.issuer)
    symbol = format_symbol(proposal.number, "TTr", issuer.code, profile.family)
    date = cited_after_number(proposal.date, profile.family)
    return f"(Kèm theo Tờ trình số {symbol}{date} của {_body_in_sentence(loaded, issuer)})"


def signature(loaded: LoadedDataset, profile: Profile) -> dict[str, Any]:
    proposal = loaded.data.proposal
    if proposal is not None:
        return common.signature(common.signer(loaded, proposal.signer), profile.family,
                                where=f"{loaded.where('proposal', 'signer')}")
    return {"authority": "NGƯỜI LẬP BIỂU", "positions": [],
            "pad": [], "note": "(Ký, ghi rõ họ tên)",
            "name": ""}


def context(loaded: LoadedDataset, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = loaded.data
    regs = nominees(loaded, facts)
    require_results(regs, loaded)
    date = data.proposal.date if data.proposal is not None else None
    return {
        "year": data.year,
        "hdr": common.header(loaded, profile, issuer=_issuer(loaded), type_code=None,
                             number=None, date=date),
        "doc_type": "DANH SÁCH TRÍCH NGANG THÀNH TÍCH",
        "subject_lines": ["các tập thể, cá nhân đề nghị công nhận điển hình "
                          f"“Dân vận khéo” năm {data.year}"],
        "attached": attached_line(loaded, profile),
        "groups": groups(regs, loaded, facts),
        "total": f"Tổng cộng: {kinds_sentence(regs)}",
        "sig": signature(loaded, profile),
    }


# -- blueprint -------------------------------------------------------------------------------
COLUMNS = [
    Column("STT", 14, "{{ r.stt }}", center=True),
    Column("Tên tập thể /\nHọ và tên", 40, "{{ r.name }}"),
    Column("Chức vụ, đơn vị", 38, "{{ r.position }}"),
    Column("Tên mô hình", 40, "{{ r.model_name }}"),
    Column("Lĩnh vực", 28, "{{ r.linh_vuc }}"),
    Column("Tóm tắt thành tích", 57, "r.summary", lines=True),
    Column("Hình thức khen thưởng đã nhận", 35, "r.awards", lines=True),
]


def _table(doc: DocxDocument, profile: Profile) -> None:
    add_loop_table(doc, profile, COLUMNS, rows="r in g.rows", groups="g in groups",
                   heading="{{ g.heading }}", numbers=True, footer="{{ total }}",
                   landscape=True, sides_mm=None)


def build_nominee_list(profile: Profile) -> DocxDocument:
    """Landscape A4: header without number, title, '(Kèm theo Tờ trình ...)', the table,
    the signature of the proposal's signer."""
    doc = new_document(profile, landscape=True)
    add_header_grid(doc, profile, landscape=True, with_number=False)
    doc.add_paragraph("", style=S["body"])
    doc.add_paragraph("{{ doc_type }}", style=S["doc_type"])
    doc.add_paragraph("{%p for line in subject_lines %}", style=S["subject"])
    doc.add_paragraph("{{ line }}", style=S["subject"])
    doc.add_paragraph("{%p endfor %}", style=S["subject"])
    doc.add_paragraph("{%p if attached %}", style=S["sign_note"])
    doc.add_paragraph("{{ attached }}", style=S["sign_note"])
    doc.add_paragraph("{%p endif %}", style=S["sign_note"])
    doc.add_paragraph("-----" if profile.subject_separator == "dashes" else "",
                      style=S["subject_rule"])
    doc.add_paragraph("", style=S["table"])
    _table(doc, profile)
    doc.add_paragraph("", style=S["body"])

    def empty_left(cell: _Cell) -> None:
        para(cell, "", S["recipients"], first=True)

    add_signature_grid(doc, profile, landscape=True, left=empty_left)
    return doc


KIND = Kind("trich_ngang", "Danh sách trích ngang thành tích", 8, "forms",
            lambda ld: ld.data.proposal is not None or bool(ld.data.achievements),
            context, build_nominee_list, landscape=True)
