"""Thông báo kết quả thẩm định mô hình "Dân vận khéo" (paperwork.md §5).

The notice cites the year's plan by its own number and date, describes how the appraisal
was organised (period, method, the teams by lĩnh vực with their members' roles), lists the
result of every model appraised grouped by lĩnh vực, counts them and ends with the
recommendations, "Nơi nhận" and the signature. Pass/fail comes from ``facts.stages``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocxDocument

from ..conventions import Family, cited_after_number, format_symbol, short_date
from ..dataset import LoadedDataset
from ..dataset.models import Body, Signer
from ..dataset.process import Appraisal, Member, Team
from ..errors import DatasetError
from ..facts import Facts, fields_sentence, kinds_sentence, pad2
from ..facts import linh_vuc_label as facts_linh_vuc_label
from ..profiles import Profile
from ..render.blueprints import (
    S,
    add_header_grid,
    add_signature_grid,
    add_title,
    new_document,
)
from ..render.grid import Column, add_loop_table
from ..render.markdown import markdown_to_body
from ..stages import Stages
from . import common
from .kind import Kind
from .plan import format_reference, render_body_markdown

TYPE_CODE = "TB"

ROLE_LABELS = {
    "truong_doan": "Trưởng đoàn",
    "pho_doan": "Phó Trưởng đoàn",
    "thanh_vien": "Thành viên",
    "thu_ky": "Thư ký",
}
ROLE_ORDER = list(ROLE_LABELS)
# A 'Tổ thẩm định' has a Tổ trưởng and a Tổ phó, a 'Đoàn' a Trưởng đoàn and a Phó Trưởng đoàn.
TEAM_ROLE_LABELS = {
    "truong_doan": "Tổ trưởng",
    "pho_doan": "Tổ phó",
    "thanh_vien": "Thành viên",
    "thu_ky": "Thư ký",
}


def role_label(team_name: str, role: str) -> str:
    """The role as the team's own kind names it: 'Tổ trưởng' in a 'Tổ ...', 'Trưởng đoàn' in a
    'Đoàn ...'."""
    labels = TEAM_ROLE_LABELS if team_name.strip().lower().startswith("tổ") else ROLE_LABELS
    return labels[role]


# -- lookups that name the YAML line when a key is wrong ------------------------------------
def checked_body(loaded: LoadedDataset, key: str, *loc: object) -> Body:
    """The body ``key`` ('unit' or a key of 'bodies'), or a DatasetError naming the line."""
    if key == "unit" or key in loaded.data.bodies:
        return common.body(loaded, key)
    known = ", ".join(sorted({"unit", *loaded.data.bodies}))
    raise DatasetError(f"{loaded.where(*loc)}: cơ quan '{key}' không có trong 'bodies' "
                       f"(có: {known})")


def checked_signer(loaded: LoadedDataset, key: str, *loc: object) -> Signer:
    """The signer ``key`` of 'signers', or a DatasetError naming the line."""
    if key in loaded.data.signers:
        return common.signer(loaded, key)
    known = ", ".join(loaded.data.signers) or "chưa có ai"
    raise DatasetError(f"{loaded.where(*loc)}: người ký '{key}' chưa khai trong 'signers' "
                       f"(có: {known})")


def who(body: Body) -> str:
    """A body as named in a sentence: its short name, else its full name (one line)."""
    return body.short_name or body.name.replace("\n", " ")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def plan_citation(loaded: LoadedDataset, profile: Profile) -> str | None:
    """'Kế hoạch số 03-KH/ĐU, ngày 15/01/2026 của Ban Thường vụ ... về thực hiện ...'.

    Number and date are the plan's own (documents.ke_hoach), so the citation always
    matches the plan's header."""
    plan = loaded.data.documents.ke_hoach
    if plan is None:
        return None
    issuer = checked_body(loaded, plan.issuer, "documents", "ke_hoach", "issuer")
    symbol = format_symbol(plan.number, "KH", issuer.code, profile.family)
    date = cited_after_number(plan.date, profile.family)
    subject = plan.subject if plan.subject.startswith("về ") else f"về {plan.subject}"
    return f"Kế hoạch số {symbol}{date} của {who(issuer)} {subject}"


def references(loaded: LoadedDataset, keys: Sequence[str], *loc: object,
               family: Family = Family.PARTY) -> list[str]:
    out = []
    for i, key in enumerate(keys):
        ref = loaded.data.references.get(key)
        if ref is None:
            known = ", ".join(loaded.data.references) or "chưa có"
            raise DatasetError(f"{loaded.where(*loc, i)}: văn bản căn cứ '{key}' chưa khai "
                               f"trong 'references' (có: {known})")
        out.append(format_reference(ref, family))
    return out


def person_line(member: Member) -> str:
    """'Đồng chí Đỗ Thị Hạnh, Trưởng Ban Xây dựng Đảng' (position and body when given)."""
    parts = [f"Đồng chí {member.name}"]
    parts += [p for p in (member.position, member.body) if p]
    return ", ".join(parts)


linh_vuc_label = facts_linh_vuc_label


def score_text(score: float | None) -> str:
    return f"{score:g}".replace(".", ",") if score is not None else ""


def pass_mark_sentence(appraisal: Appraisal) -> str:
    """'Chấm điểm theo thang 100 điểm; mô hình đạt từ 75 điểm trở lên được xếp loại Đạt, dưới
    75 điểm xếp loại Không đạt.'"""
    mark = score_text(appraisal.pass_mark)
    return (f"Chấm điểm theo thang {appraisal.score_max} điểm; mô hình đạt từ {mark} điểm trở "
            f"lên được xếp loại Đạt, dưới {mark} điểm xếp loại Không đạt.")


def end_with(text: str, mark: str) -> str:
    text = text.strip().rstrip(".;,:")
    return f"{text}{mark}"


# -- template tables -----------------------------------------------------------------------
def add_items(doc: DocxDocument, var: str, *, keep_with_next: bool = False) -> None:
    """A loop of body paragraphs, each a bold ``label`` run followed by its ``text``, then
    the item's ``more`` lines (``keep_with_next``: when a table follows)."""
    doc.add_paragraph(f"{{%p for it in {var} %}}", style=S["body"])
    p = doc.add_paragraph("", style=S["body"])
    p.paragraph_format.keep_with_next = keep_with_next or None
    p.add_run("{{ it.label }}").bold = True
    p.add_run("{{ it.text }}")
    add_lines(doc, "it.more")
    doc.add_paragraph("{%p endfor %}", style=S["body"])


def add_lines(doc: DocxDocument, var: str, style: str = S["body"]) -> None:
    doc.add_paragraph(f"{{%p for line in {var} %}}", style=style)
    doc.add_paragraph("{{ line }}", style=style)
    doc.add_paragraph("{%p endfor %}", style=style)


# -- context -------------------------------------------------------------------------------
def numbered(items: Sequence[tuple[str, str, Sequence[str]]], start: int = 1
             ) -> list[dict[str, Any]]:
    """(label, text, more lines) items that have a text, numbered '1. ', '2. ' ..."""
    kept = [item for item in items if item[1]]
    return [{"label": f"{n}. {label}: ", "text": text, "more": list(more)}
            for n, (label, text, more) in enumerate(kept, start=start)]


def period_text(appraisal: Appraisal) -> str:
    start, end = appraisal.start, appraisal.end
    if start and end and start != end:
        return f"Từ ngày {short_date(start)} đến ngày {short_date(end)}."
    day = start or end
    return f"Ngày {short_date(day)}." if day else ""


def team_context(team: Team, facts: Facts) -> dict[str, Any]:
    fields = [lower_first(facts.linh_vuc_names.get(code, code)) for code in team.linh_vuc]
    title = team.name + (f" (phụ trách {'; '.join(fields)})" if fields else "") + ":"
    members = sorted(team.members, key=lambda m: ROLE_ORDER.index(m.role))
    lines = [f"- {person_line(m)}: {role_label(team.name, m.role)};" for m in members]
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return {"title": title, "members": lines}


def result_groups(loaded: LoadedDataset, facts: Facts, stages: Stages) -> list[dict[str, Any]]:
    """Rows of the results table by lĩnh vực (the dataset's order), numbered continuously."""
    appraisal = loaded.data.appraisal
    assert appraisal is not None
    passed = {r.id for r in stages.passed_appraisal}
    out = []
    stt = 0
    for lv in facts.linh_vuc:
        regs = [r for r in stages.appraised if r.linh_vuc == lv.code]
        if not regs:
            continue
        rows = []
        for reg in regs:
            stt += 1
            result = appraisal.results[reg.id or ""]
            rows.append({
                "stt": str(stt),
                "registrant": reg.registrant,
                "model_name": reg.model_name,
                "kind": reg.kind.label,
                "score": score_text(result.score),
                "result": "Đạt" if reg.id in passed else "Không đạt",
                "note": result.note or "",
            })
        out.append({"heading": lv.name, "rows": rows})
    return out


def totals(stages: Stages, facts: Facts) -> list[str]:
    """'Tổng số 06 mô hình được thẩm định: 05 Đạt, 01 Không đạt.' and who passed."""
    appraised, passed = stages.appraised, stages.passed_appraisal
    failed = len(appraised) - len(passed)
    if not appraised:
        return ["Chưa có mô hình nào được thẩm định."]
    head = f"Tổng số {pad2(len(appraised))} mô hình được thẩm định: {pad2(len(passed))} Đạt"
    head += f", {pad2(failed)} Không đạt." if failed else "."
    if not passed:
        return [head, "Không có mô hình nào đạt yêu cầu thẩm định."]
    return [head, f"Số mô hình Đạt: {kinds_sentence(passed)} "
                  f"({fields_sentence(passed, facts.linh_vuc)})."]


def basis_and_lead(loaded: LoadedDataset, profile: Profile, issuer: Body
                   ) -> tuple[list[str], str]:
    """Căn cứ: the plan (its own number and date), then appraisal.references.

    Party: one running sentence ending in the lead; State: italic lines, then the lead."""
    appraisal = loaded.data.appraisal
    assert appraisal is not None
    cited = [c for c in [plan_citation(loaded, profile)] if c]
    cited += references(loaded, appraisal.references, "appraisal", "references",
                        family=profile.family)
    lead = (f"{who(issuer)} thông báo kết quả thẩm định mô hình, điển hình “Dân vận khéo” "
            f"năm {loaded.data.year} như sau:")
    if not cited:
        return [], lead
    if profile.family is Family.PARTY:
        return [], f"Căn cứ {'; căn cứ '.join(cited)}, {lead}"
    basis = [f"Căn cứ {c};" for c in cited]
    basis[-1] = basis[-1][:-1] + "."
    return basis, lead


def context(loaded: LoadedDataset, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = loaded.data
    appraisal = data.appraisal
    assert appraisal is not None and facts.stages is not None
    stages = facts.stages
    issuer = checked_body(loaded, appraisal.issuer, "appraisal", "issuer")
    signer = checked_signer(loaded, appraisal.signer, "appraisal", "signer")
    basis, lead = basis_and_lead(loaded, profile, issuer)
    organisation = numbered([
        ("Thời gian thẩm định", period_text(appraisal), ()),
        ("Phương pháp thẩm định", end_with(appraisal.method, "."), ()),
        *([("Cách xếp loại", pass_mark_sentence(appraisal), ())]
          if appraisal.pass_mark is not None else []),
        ("Thành phần", f"{pad2(len(appraisal.teams))} tổ thẩm định, gồm:", ()),
    ])
    recommendations = ""
    if appraisal.recommendations:
        md = render_body_markdown(appraisal.recommendations, loaded, facts,
                                  f"{loaded.path.name}: appraisal.recommendations")
        recommendations = markdown_to_body(md, profile)
    groups = result_groups(loaded, facts, stages)
    return {
        "sep": profile.heading_roman_separator,  # after I, II, III
        "year": data.year,
        "hdr": common.header(loaded, profile, issuer=issuer, type_code=TYPE_CODE,
                             number=appraisal.number, date=appraisal.date),
        "doc_type": "THÔNG BÁO",
        "subject_lines": [f"kết quả thẩm định mô hình, điển hình “Dân vận khéo” năm {data.year}"],
        "basis": basis,
        "lead": lead,
        "organisation": organisation,
        "teams": [team_context(t, facts) for t in appraisal.teams],
        "groups": groups,
        "has_score": any(r["score"] for g in groups for r in g["rows"]),
        "totals": totals(stages, facts),
        "has_recommendations": bool(recommendations),
        "recommendations": recommendations,
        "recipients": common.recipients(appraisal.recipients, loaded, issuer, profile),
        "sig": common.signature(signer, profile.family,
                                where=f"{loaded.path.name}: appraisal.signer"),
    }


# -- blueprint -----------------------------------------------------------------------------
def _result_columns(with_score: bool) -> list[Column]:
    cols = [
        Column("STT", 11, "{{ r.stt }}", center=True),
        Column("Chủ thể thực hiện", 35, "{{ r.registrant }}"),
        Column("Tên mô hình", 35, "{{ r.model_name }}"),
        Column("Tập thể/\nCá nhân", 19, "{{ r.kind }}", center=True),
        Column("Điểm", 13, "{{ r.score }}", center=True),
        Column("Kết quả", 22, "{{ r.result }}", center=True),
        Column("Ghi chú", 30, "{{ r.note }}"),
    ]
    return cols if with_score else [c for c in cols if c.header != "Điểm"]


def build_appraisal_notice(profile: Profile) -> DocxDocument:
    doc = new_document(profile)
    add_header_grid(doc, profile)
    add_title(doc, profile)
    add_lines(doc, "basis", S["basis"])
    doc.add_paragraph("{{ lead }}", style=S["body"])
    doc.add_paragraph("I{{ sep }} TỔ CHỨC THẨM ĐỊNH", style=S["heading1"])
    add_items(doc, "organisation")
    doc.add_paragraph("{%p for t in teams %}", style=S["body"])
    doc.add_paragraph("", style=S["body"]).add_run("{{ t.title }}").italic = True
    doc.add_paragraph("{%p for line in t.members %}", style=S["body"])
    doc.add_paragraph("{{ line }}", style=S["body"])
    doc.add_paragraph("{%p endfor %}", style=S["body"])
    doc.add_paragraph("{%p endfor %}", style=S["body"])
    doc.add_paragraph("II{{ sep }} KẾT QUẢ THẨM ĐỊNH", style=S["heading1"])
    add_lines(doc, "totals")
    intro = doc.add_paragraph("Kết quả thẩm định từng mô hình như sau:", style=S["body"])
    intro.paragraph_format.keep_with_next = True
    doc.add_paragraph("", style=S["table"]).paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p if has_score %}", style=S["table"])
    add_loop_table(doc, profile, _result_columns(True), rows="r in g.rows",
                   groups="g in groups", heading="{{ g.heading }}")
    doc.add_paragraph("{%p else %}", style=S["table"])
    add_loop_table(doc, profile, _result_columns(False), rows="r in g.rows",
                   groups="g in groups", heading="{{ g.heading }}")
    doc.add_paragraph("{%p endif %}", style=S["table"])
    doc.add_paragraph("{%p if has_recommendations %}", style=S["body"])
    doc.add_paragraph("III{{ sep }} KIẾN NGHỊ, ĐỀ XUẤT", style=S["heading1"])
    doc.add_paragraph("{{p recommendations }}", style=S["body"])
    doc.add_paragraph("{%p endif %}", style=S["body"])
    doc.add_paragraph("", style=S["body"])
    add_signature_grid(doc, profile)
    return doc


def _applies(loaded: LoadedDataset) -> bool:
    return loaded.data.appraisal is not None


KIND = Kind("thong_bao_tham_dinh", "Thông báo kết quả thẩm định", 4, "letter_templates",
            _applies, context, build_appraisal_notice)
