"""Biên bản họp bình xét mô hình "Dân vận khéo" (paperwork.md §4).

Time and place, who attended (chair, secretary, attendance, absentees, guests), the rule
and quorum, the report of registrations and appraisal, the voting method, one row per
model put to the vote with its votes, percentage and result, the conclusion and the
closing; the secretary signs on the left, the chair on the right. Every count, percentage
and pass/fail comes from ``facts.stages``.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.table import _Cell

from ..conventions import long_date
from ..conventions.dates import HANDWRITTEN_GAP
from ..conventions.family import Family
from ..dataset import LoadedDataset
from ..dataset.process import Meeting, Rule
from ..facts import Facts, fields_sentence, kinds_sentence, pad2
from ..procedure import proposal_before_meeting
from ..profiles import Profile
from ..render.blueprints import (
    S,
    add_header_grid,
    add_signature_cell,
    add_signature_grid,
    add_title,
    new_document,
)
from ..render.grid import Column, add_loop_table
from ..render.markdown import markdown_to_body
from ..stages import (
    Outcome,
    Stages,
    attendance_sentence,
    quorum_met,
    quorum_sentence,
    rule_sentence,
)
from . import common
from .appraisal_notice import (
    add_items,
    add_lines,
    checked_body,
    linh_vuc_label,
    numbered,
    person_line,
)
from .kind import Kind
from .plan import render_body_markdown
from .registration_form import quoted

TYPE_CODE = "BB"


def clock(time: str) -> str:
    """'14:00' -> '14 giờ 00 phút' (the schema stores times as HH:MM)."""
    hours, minutes = time.split(":")
    return f"{int(hours)} giờ {minutes} phút"


def opening(meeting: Meeting, year: int) -> str:
    """'Vào lúc 14 giờ 00 phút, ngày 06 tháng 10 năm 2026, tại ..., <body> họp ...'."""
    day = long_date(meeting.date) if meeting.date else \
        f"ngày{HANDWRITTEN_GAP}tháng{HANDWRITTEN_GAP}năm {year}"
    return (f"Vào lúc {clock(meeting.start)}, {day}, tại {meeting.place}, {meeting.body} "
            f"họp bình xét, đề nghị công nhận mô hình, điển hình “Dân vận khéo” năm {year}.")


def absentees(meeting: Meeting) -> list[str]:
    """'- Vắng: đồng chí Lý Văn Tư (đi công tác); đồng chí ... (không có lý do).'"""
    if not meeting.absent:
        return []
    names = [f"đồng chí {a.name} ({a.reason or 'không có lý do'})" for a in meeting.absent]
    return [f"- Vắng: {'; '.join(names)}."]


def composition(meeting: Meeting) -> list[dict[str, Any]]:
    guests = "; ".join(g.strip().rstrip(".;,") for g in meeting.guests if g.strip())
    return numbered([
        ("Chủ trì", f"{person_line(meeting.chair)}.", ()),
        ("Thư ký", f"{person_line(meeting.secretary)}.", ()),
        ("Thành viên dự họp", f"{attendance_sentence(meeting)}.", absentees(meeting)),
        ("Khách mời", f"{guests}." if guests else "", ()),
    ])


def rule_text(meeting: Meeting, rule: Rule, party: bool = False) -> str:
    present, total = meeting.present_count, meeting.members_total
    met = present <= total and quorum_met(present, total, rule)
    status = "đủ điều kiện tiến hành" if met else "chưa đủ điều kiện hợp lệ theo quy định"
    return (f"{rule_sentence(rule, meeting.method, party)} {quorum_sentence(rule)} Hội nghị có "
            f"{pad2(present)}/{pad2(total)} thành viên có mặt, {status}.")


def report_text(loaded: LoadedDataset, stages: Stages) -> str:
    """Registrations, appraisal result and models put to the vote, from the stage lists."""
    parts = [f"tổng số mô hình đăng ký: {kinds_sentence(stages.registered)}"]
    if loaded.data.appraisal is not None:
        parts.append(f"kết quả thẩm định: {pad2(len(stages.passed_appraisal))}/"
                     f"{pad2(len(stages.appraised))} mô hình Đạt")
    parts.append(f"đưa ra bình xét: {kinds_sentence(stages.candidates)}")
    text = "; ".join(parts) + "."
    return text[:1].upper() + text[1:]


def counting_board_text(meeting: Meeting) -> str:
    """'Hội nghị biểu quyết bầu Ban kiểm phiếu gồm 03 đồng chí: đồng chí A (Trưởng ban), ...'."""
    board = meeting.counting_board
    assert board is not None
    names = [f"đồng chí {board.head} (Trưởng ban)",
             *(f"đồng chí {n}" for n in board.members if n.strip())]
    return (f"Hội nghị biểu quyết thống nhất bầu Ban kiểm phiếu gồm {pad2(len(names))} đồng chí: "
            f"{', '.join(names)}.")


def votes_header(method: str) -> str:
    """The column of the results table: points, ballots, or hands raised ('biểu quyết')."""
    return {"scoring": "Điểm bình quân", "secret_ballot": "Số phiếu đồng ý"}.get(
        method, "Số biểu quyết đồng ý")


def method_text(meeting: Meeting, rule: Rule) -> str:
    if meeting.method == "secret_ballot":
        b = meeting.ballots
        assert b is not None
        return (f"Bỏ phiếu kín; số phiếu phát ra {pad2(b.issued)}, thu về {pad2(b.returned)}, "
                f"hợp lệ {pad2(b.valid)}.")
    if meeting.method == "scoring":
        return (f"Các thành viên chấm điểm từng mô hình theo thang điểm {rule.score_max}; điểm "
                "của mô hình là điểm bình quân của các thành viên.")
    return "Biểu quyết bằng hình thức giơ tay đối với từng mô hình."


def rows(outcomes: list[Outcome], facts: Facts) -> list[dict[str, str]]:
    """One row per model put to the vote, ordered by lĩnh vực (stable within one)."""
    order = {lv.code: i for i, lv in enumerate(facts.linh_vuc)}
    outcomes = sorted(outcomes, key=lambda o: order.get(o.reg.linh_vuc, len(order)))
    return [{
        "stt": str(i),
        "model_name": o.reg.model_name,
        "registrant": o.reg.registrant,
        "linh_vuc": linh_vuc_label(facts.linh_vuc_names.get(o.reg.linh_vuc, o.reg.linh_vuc)),
        "votes": o.votes_text,
        "percent": o.percent_text,
        "result": o.result_text,
    } for i, o in enumerate(outcomes, start=1)]


def conclusion(loaded: LoadedDataset, facts: Facts, stages: Stages) -> list[str]:
    """Models proposed (kinds and lĩnh vực), the ones that failed, the secretary's task."""
    year = loaded.data.year
    passed = stages.passed_meeting
    failed = [o.reg for o in stages.outcomes if not o.passed]
    lines = []
    if passed:
        lines.append(f"Hội nghị thống nhất đề nghị công nhận {kinds_sentence(passed)} là mô "
                     f"hình, điển hình “Dân vận khéo” năm {year} "
                     f"({fields_sentence(passed, facts.linh_vuc)}).")
    else:
        lines.append("Hội nghị không có mô hình nào đủ điều kiện đề nghị công nhận.")
    if failed:
        names = "; ".join(f"{quoted(r.model_name)} ({r.registrant})" for r in failed)
        lines.append(f"{pad2(len(failed))} mô hình không đủ điều kiện đề nghị công nhận: "
                     f"{names}.")
    if passed:
        lines.append(follow_up(loaded))
    return lines


def follow_up(loaded: LoadedDataset) -> str:
    """The task the minutes close with. A tờ trình written after the meeting when the body
    proposes to a higher one; when the tờ trình came first (the staff board proposed to this
    body, seed 001 §5.2.4), the next document is this body's own quyết định, never a tờ
    trình already sent."""
    data = loaded.data
    if not proposal_before_meeting(loaded):
        return ("Giao Thư ký hoàn thiện biên bản, hồ sơ và tham mưu Tờ trình đề nghị công "
                "nhận các mô hình nêu trên theo quy định.")
    proposal = data.proposal
    staff = common.body(loaded, proposal.issuer) if proposal is not None else data.unit
    who = staff.short_name or " ".join(staff.name.split())
    return (f"Giao Thư ký hoàn thiện biên bản; {who} hoàn thiện hồ sơ, tham mưu ban hành "
            "Quyết định công nhận các mô hình nêu trên theo quy định.")


def person_sig(label: str, name: str) -> dict[str, Any]:
    return {"authority": label, "positions": [], "pad": [], "note": "", "name": name}


def context(loaded: LoadedDataset, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = loaded.data
    meeting = data.meeting
    assert meeting is not None and facts.stages is not None
    stages = facts.stages
    issuer = checked_body(loaded, meeting.issuer, "meeting", "issuer")
    party = data.family is Family.PARTY
    before = [("Tiêu chuẩn bình xét", rule_text(meeting, data.rule, party), ()),
              ("Báo cáo tổng hợp", report_text(loaded, stages), ())]
    opinions = ""
    if meeting.opinions:
        md = render_body_markdown(meeting.opinions, loaded, facts,
                                  f"{loaded.path.name}: meeting.opinions")
        opinions = markdown_to_body(md, profile)
    board = ([("Bầu Ban kiểm phiếu", counting_board_text(meeting), ())]
             if meeting.counting_board is not None else [])
    after = [*board,
             ("Hình thức bình xét", method_text(meeting, data.rule), ()),
             ("Kết quả bình xét", f"{pad2(len(stages.candidates))} mô hình được đưa ra "
                                  "bình xét, kết quả cụ thể như sau:", ())]
    return {
        "sep": profile.heading_roman_separator,  # after I, II, III
        "year": data.year,
        "hdr": common.header(loaded, profile, issuer=issuer, type_code=TYPE_CODE,
                             number=meeting.number, date=meeting.date),
        "doc_type": "BIÊN BẢN",
        "subject_lines": [f"họp bình xét, đề nghị công nhận mô hình, điển hình “Dân vận khéo” "
                          f"năm {data.year}"],
        "opening": opening(meeting, data.year),
        "composition": composition(meeting),
        "content_before": numbered(before),
        "has_opinions": bool(opinions),
        "opinions_label": f"{len(before) + 1}. Ý kiến thảo luận:",
        "opinions": opinions,
        "content_after": numbered(after, start=len(before) + 1 + bool(opinions)),
        "scoring": meeting.method == "scoring",
        "votes_header": votes_header(meeting.method),
        "rows": rows(stages.outcomes, facts),
        "conclusion": conclusion(loaded, facts, stages),
        "closing": [f"Cuộc họp kết thúc vào lúc {clock(meeting.end)} cùng ngày.",
                    "Biên bản được đọc lại cho mọi người cùng nghe và nhất trí thông qua."],
        "secretary_sig": person_sig("THƯ KÝ", meeting.secretary.name),
        "sig": person_sig("CHỦ TRÌ", meeting.chair.name),
    }


# -- blueprint -----------------------------------------------------------------------------
def _result_columns(scoring: bool) -> list[Column]:
    cols = [
        Column("STT", 11, "{{ r.stt }}", center=True),
        Column("Tên mô hình", 35, "{{ r.model_name }}"),
        Column("Chủ thể thực hiện", 33, "{{ r.registrant }}"),
        Column("Lĩnh vực", 27, "{{ r.linh_vuc }}"),
        Column("Điểm bình quân" if scoring else "{{ votes_header }}", 20, "{{ r.votes }}",
               center=True),
        Column("Tỷ lệ", 17, "{{ r.percent }}", center=True),
        Column("Kết quả", 22, "{{ r.result }}", center=True),
    ]
    return [c for c in cols if c.header != "Tỷ lệ"] if scoring else cols


def _secretary(cell: _Cell) -> None:
    add_signature_cell(cell, "secretary_sig")


def build_minutes(profile: Profile) -> DocxDocument:
    doc = new_document(profile)
    add_header_grid(doc, profile)
    add_title(doc, profile)
    doc.add_paragraph("{{ opening }}", style=S["body"])
    doc.add_paragraph("I{{ sep }} THÀNH PHẦN", style=S["heading1"])
    add_items(doc, "composition")
    doc.add_paragraph("II{{ sep }} NỘI DUNG", style=S["heading1"])
    add_items(doc, "content_before")
    doc.add_paragraph("{%p if has_opinions %}", style=S["body"])
    doc.add_paragraph("", style=S["body"]).add_run("{{ opinions_label }}").bold = True
    doc.add_paragraph("{{p opinions }}", style=S["body"])
    doc.add_paragraph("{%p endif %}", style=S["body"])
    add_items(doc, "content_after", keep_with_next=True)
    doc.add_paragraph("", style=S["table"]).paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p if scoring %}", style=S["table"])
    add_loop_table(doc, profile, _result_columns(True), rows="r in rows")
    doc.add_paragraph("{%p else %}", style=S["table"])
    add_loop_table(doc, profile, _result_columns(False), rows="r in rows")
    doc.add_paragraph("{%p endif %}", style=S["table"])
    doc.add_paragraph("III{{ sep }} KẾT LUẬN", style=S["heading1"])
    add_lines(doc, "conclusion")
    add_lines(doc, "closing")
    doc.add_paragraph("", style=S["body"])
    add_signature_grid(doc, profile, left=_secretary)
    return doc


KIND = Kind("bien_ban_binh_xet", "Biên bản họp bình xét", 5, "letter_templates",
            lambda ld: ld.data.meeting is not None, context, build_minutes)
