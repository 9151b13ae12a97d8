"""Báo cáo kết quả thực hiện phong trào thi đua "Dân vận khéo" (6 tháng / năm), with the
Mẫu 2 per-unit statistics table (paperwork.md §7b) in a landscape appendix."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION

from ..conventions import cited_after_number, format_symbol
from ..dataset import LoadedDataset, RegistrantKind, Registration
from ..dataset.process import ResultReport
from ..errors import DatasetError
from ..facts import Counts, Facts, count_sentence, fields_sentence, kinds_sentence
from ..profiles import STYLE_NAMES, Profile
from ..render.blueprints import add_header_grid, add_signature_grid, add_title, new_document
from ..render.markdown import markdown_to_body
from ..render.tables import Cell, table_xml
from . import common
from .kind import Kind
from .plan import render_body_markdown
from .stats_form import STATS_SIZE, stats_header, stats_widths

S = STYLE_NAMES
PERIOD_TEXT = {"6_thang": "6 tháng đầu năm", "nam": "năm"}
STATS_KEEP_TAIL = 3  # unit rows kept on the page of the Mẫu 2 total (issue 13 review, 7)


def unit_of(reg: Registration) -> str:
    """The reporting unit of a registration in Mẫu 2."""
    if reg.unit:
        return reg.unit
    if reg.kind is RegistrantKind.TAP_THE:
        return reg.registrant
    if reg.managing_body:
        return reg.managing_body
    if reg.person and reg.person.workplace:
        return reg.person.workplace
    return "Cá nhân khác"


@dataclass(frozen=True)
class UnitRow:
    name: str
    regs: list[Registration]
    counts: Counts
    recognised: int


def recognised_by(loaded: LoadedDataset, facts: Facts, on: dt.date | None) -> set[str]:
    """Ids recognised by the decision, if the decision is dated on or before ``on``."""
    decision = loaded.data.decision
    if decision is None or facts.stages is None:
        return set()
    if on is not None and decision.date is not None and decision.date > on:
        return set()
    return {r.id for r in facts.stages.recognised if r.id}


def unit_rows(loaded: LoadedDataset, facts: Facts, report: ResultReport) -> list[UnitRow]:
    recognised = recognised_by(loaded, facts, report.date)
    order: dict[str, list[Registration]] = {}
    for reg in loaded.registrations:
        order.setdefault(unit_of(reg), []).append(reg)
    return [UnitRow(name, regs, Counts.of(regs), sum(1 for r in regs if r.id in recognised))
            for name, regs in order.items()]


def typical_models(loaded: LoadedDataset, regs: list[Registration], recognised: set[str],
                   named: str | None) -> list[Registration]:
    """Column 14 (điển hình tiêu biểu) of one unit: its models recognised by the report's
    date that are điển hình (a báo cáo thành tích in ``achievements``) or that the report
    names (``units.<đơn vị>.typical``). Nothing is typical before it is recognised, so a
    6-month report has the column empty (consistency.typical_not_recognised names a
    ``typical`` given too early)."""
    wanted = set(loaded.data.achievements) | ({named} if named else set())
    return [r for r in regs if r.id in recognised and r.id in wanted]


def stats_table(loaded: LoadedDataset, facts: Facts, report: ResultReport,
                text_width_mm: float) -> Any:
    """Mẫu 2: one row per unit; counts by kind, lĩnh vực and status; recognised; notes."""
    lvs = facts.linh_vuc
    rows = unit_rows(loaded, facts, report)
    recognised = recognised_by(loaded, facts, report.date)
    body: list[list[Cell]] = []
    total_recognised = 0
    for i, row in enumerate(rows, start=1):
        extra = report.units.get(row.name)
        c = row.counts
        total_recognised += row.recognised
        typical = "; ".join(r.model_name for r in typical_models(loaded, row.regs, recognised,
                                                                  extra.typical if extra
                                                                  else None))
        body.append([
            Cell(str(i)), Cell(row.name, align="left"), Cell(str(c.total)),
            Cell(str(c.tap_the)), Cell(str(c.ca_nhan)),
            *[Cell(str(sum(1 for r in row.regs if r.linh_vuc == lv.code))) for lv in lvs],
            Cell(str(c.moi)), Cell(str(c.co_tu_truoc)), Cell(str(c.nhan_rong)),
            Cell(str(row.recognised)), Cell(typical, align="left"),
            Cell(extra.difficulties or "" if extra else "", align="left"),
            Cell(extra.proposals or "" if extra else "", align="left"),
        ])
    c = facts.counts
    regs = loaded.registrations
    body.append([
        Cell("Tổng cộng", bold=True, span=2), Cell(str(c.total), bold=True),
        Cell(str(c.tap_the), bold=True), Cell(str(c.ca_nhan), bold=True),
        *[Cell(str(sum(1 for r in regs if r.linh_vuc == lv.code)), bold=True) for lv in lvs],
        Cell(str(c.moi), bold=True), Cell(str(c.co_tu_truoc), bold=True),
        Cell(str(c.nhan_rong), bold=True), Cell(str(total_recognised), bold=True),
        Cell(""), Cell(""), Cell(""),
    ])
    # the last units and the total row stay with the Ghi chú under the table: a page never
    # holds one unit row and the total under the repeated header
    return table_xml([*stats_header(lvs), *body], stats_widths(lvs, text_width_mm),
                     header_rows=3, size_pt=STATS_SIZE, keep_tail=STATS_KEEP_TAIL + 1)


def body_context(loaded: LoadedDataset, facts: Facts, report: ResultReport) -> dict[str, Any]:
    """Figures usable in the report's Markdown: {{ so_lieu.tong_so }}, {{ so_lieu.cau_dang_ky }}."""
    stages = facts.stages
    assert stages is not None
    data = loaded.data
    recognised = [r for r in stages.recognised if r.id in recognised_by(loaded, facts,
                                                                          report.date)]

    def by_then(doc: Any) -> bool:  # the document exists by the report's date
        return doc is not None and (report.date is None or doc.date is None
                                    or doc.date <= report.date)

    appraised = by_then(data.appraisal)
    proposed = stages.proposed if by_then(data.proposal) else []
    c = facts.counts
    return {
        "tong_so": c.total, "tap_the": c.tap_the, "ca_nhan": c.ca_nhan, "moi": c.moi,
        "co_tu_truoc": c.co_tu_truoc, "nhan_rong": c.nhan_rong,
        "cau_dang_ky": count_sentence(c),
        "tham_dinh": len(stages.appraised) if appraised else 0,
        "dat_tham_dinh": len(stages.passed_appraisal) if appraised else 0,
        "de_nghi": len(proposed), "cau_de_nghi": kinds_sentence(proposed),
        "cong_nhan": len(recognised), "cau_cong_nhan": kinds_sentence(recognised),
        "linh_vuc_cong_nhan": fields_sentence(recognised, facts.linh_vuc),
    }


def context(loaded: LoadedDataset, facts: Facts, profile: Profile, report: ResultReport
            ) -> dict[str, Any]:
    data = loaded.data
    issuer = common.body(loaded, report.issuer)
    period = f"{PERIOD_TEXT[report.period]} {data.year}"
    number_symbol = format_symbol(report.number, "BC", issuer.code, profile.family)
    who = issuer.short_name or issuer.name.replace("\n", " ")
    preamble = ""
    plan = data.documents.ke_hoach
    if plan is not None:
        plan_issuer = common.body(loaded, plan.issuer)
        plan_who = plan_issuer.short_name or plan_issuer.name.replace("\n", " ")
        date = cited_after_number(plan.date, profile.family)
        plan_symbol = format_symbol(plan.number, "KH", plan_issuer.code, profile.family)
        about = plan.subject if plan.subject.startswith("về ") else f"về {plan.subject}"
        preamble = (f"Thực hiện Kế hoạch số {plan_symbol}{date} của "
                    f"{plan_who} {about}, {who} báo cáo kết quả thực hiện phong "
                    f"trào thi đua “Dân vận khéo” {period} như sau:")
    text = report.body or ""
    source = f"{loaded.path.name}: reports ({report.period})"
    if report.body_file:
        path = loaded.base_dir / report.body_file
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise DatasetError(f"{report.body_file}: file không phải UTF-8; lưu lại với bảng mã "
                               "UTF-8") from None
        except OSError as err:
            raise DatasetError(f"{source}: không đọc được body_file '{report.body_file}' "
                               f"({err.strerror})") from None
        source = report.body_file
        # the same hygiene as every other text: NFC, control characters, TCVN3/VNI, and
        # what the document cannot show
        from ..dataset.clean import clean_text
        from ..render.md_lint import lint_markdown

        try:
            text = clean_text(text, source, loaded.warnings.append)
        except ValueError as err:
            raise DatasetError(str(err)) from None
        for note in lint_markdown(text, source):
            if note not in loaded.warnings:
                loaded.warnings.append(note)
    md = render_body_markdown(text, loaded, facts, source,
                              extra={"so_lieu": body_context(loaded, facts, report)})
    sig = common.signature(common.signer(loaded, report.signer), profile.family,
                           where=f"{loaded.path.name}: reports.signer")
    landscape_width = profile.page_mm[1] - profile.margins_mm[2] - profile.margins_mm[3]
    date = cited_after_number(report.date, profile.family)
    return {
        "year": data.year,
        "hdr": common.header(loaded, profile, issuer=issuer, type_code="BC",
                             number=report.number, date=report.date),
        "doc_type": "BÁO CÁO",
        "subject_lines": [f"kết quả thực hiện phong trào thi đua “Dân vận khéo” {period}"],
        "preamble": preamble,
        "body": markdown_to_body(md, profile),
        "recipients": common.recipients(report.recipients, loaded, issuer, profile),
        "sig": sig,
        "appendix_title": f"THỐNG KÊ KẾT QUẢ PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO” "
                          f"{period.upper()}",
        "appendix_note": f"(Kèm theo Báo cáo số {number_symbol}{date} của {who})",
        "stats": stats_table(loaded, facts, report, landscape_width),
        "stats_note": "Ghi chú: " + "; ".join(f"{lv.code} - {lv.name}" for lv in facts.linh_vuc)
        + ".",
    }


def build_result_report(profile: Profile) -> DocxDocument:
    doc = new_document(profile)
    add_header_grid(doc, profile)
    add_title(doc, profile)
    doc.add_paragraph("{%p if preamble %}", style=S["body"])
    doc.add_paragraph("{{ preamble }}", style=S["body"])
    doc.add_paragraph("{%p endif %}", style=S["body"])
    doc.add_paragraph("{{p body }}", style=S["body"])
    doc.add_paragraph("", style=S["body"])
    add_signature_grid(doc, profile)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_paragraph("{{ appendix_title }}", style=S["doc_type"])
    doc.add_paragraph("{{ appendix_note }}", style=S["sign_note"])
    doc.add_paragraph("", style=S["table"])
    doc.add_paragraph("{{p stats }}", style=S["table"])
    doc.add_paragraph("{{ stats_note }}", style=S["sign_note"]).alignment = 0
    return doc


KIND = Kind(
    "bao_cao_ket_qua", "Báo cáo kết quả", 10, "letter_templates",
    lambda ld: bool(ld.data.reports), context, build_result_report,
    items=lambda ld, facts: sorted(ld.data.reports, key=lambda r: r.period != "6_thang"),
    item_stem=lambda report, index: report.period.replace("_", "-"),
    item_title=lambda report: PERIOD_TEXT[report.period],
    flat=True,
)
