"""Tờ trình đề nghị công nhận mô hình, điển hình "Dân vận khéo" (paperwork.md §3).

Cites the unit's plan, the appraisal notice and the minutes of the review meeting by their own
numbers and dates (computed here from those documents' data, so a citation always equals the
cited header), then asks the deciding body to recognise exactly ``facts.stages.proposed``.

The helpers for citing the year's own documents and the bordered list of models are shared
with :mod:`dvk_docs.documents.decision`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.document import Document as DocxDocument
from docx.shared import Pt

from ..conventions import Authority, Family, cited_date, format_symbol
from ..conventions.dates import HANDWRITTEN_GAP
from ..dataset import LoadedDataset, RegistrantKind, Registration
from ..dataset.models import Body, Reference, Signer
from ..errors import DatasetError
from ..facts import (
    Counts,
    Facts,
    count_sentence,
    fields_sentence,
    kinds_sentence,
    linh_vuc_label,
    pad2,
)
from ..procedure import confirmed_by_party, minutes_enclosed, proposal_before_meeting
from ..profiles import Profile
from ..render.blueprints import (
    S,
    add_header_grid,
    add_signature_grid,
    add_title,
    new_document,
)
from ..render.grid import Column, add_loop_table
from ..stages import Stages, pass_phrase
from . import common
from .kind import Kind
from .plan import format_reference

TYPE_CODE = "TTr"
DEFAULT_REWARD = "Giấy khen"


# -- looking things up, with errors that say where -----------------------------------------
def lookup_body(loaded: LoadedDataset, key: str, *loc: object) -> Body:
    """The issuing body ``key`` ('unit' or a key of 'bodies'), or a DatasetError at ``loc``."""
    data = loaded.data
    if key == "unit":
        return data.unit
    if key not in data.bodies:
        known = ", ".join(["unit", *sorted(data.bodies)])
        raise DatasetError(f"{loaded.where(*loc)}: cơ quan '{key}' không có trong 'bodies' "
                           f"(có: {known})")
    return data.bodies[key]


def lookup_signer(loaded: LoadedDataset, key: str, *loc: object) -> Signer:
    signers = loaded.data.signers
    if key not in signers:
        raise DatasetError(f"{loaded.where(*loc)}: người ký '{key}' chưa khai trong 'signers' "
                           f"(có: {', '.join(signers) or 'chưa có ai'})")
    return signers[key]


def lookup_references(loaded: LoadedDataset, keys: list[str], *loc: object) -> list[Reference]:
    refs = loaded.data.references
    out = []
    for i, key in enumerate(keys):
        if key not in refs:
            raise DatasetError(f"{loaded.where(*loc, i)}: văn bản căn cứ '{key}' chưa khai "
                               f"trong 'references' (có: {', '.join(refs) or 'chưa có'})")
        out.append(refs[key])
    return out


# -- citing the year's own documents ---------------------------------------------------------
def one_line(text: str) -> str:
    return " ".join(line.strip() for line in text.split("\n") if line.strip())


def body_label(body: Body, unit: Body) -> str:
    """How a body is named in running text: its short name, else its name, followed by its
    parent when that is another organisation than the unit ('Ban X Huyện ủy Y')."""
    if body.short_name:
        return body.short_name
    name = one_line(body.name)
    parent = one_line(body.parent or "")
    if body is not unit and parent and parent != one_line(unit.name):
        return f"{name} {parent}"
    return name


def cite_date(date: dt.date | None, year: int) -> str:
    """'ngày 08/10/2026'; a date not yet fixed leaves gaps, as the cited header does."""
    if date is None:
        return f"ngày{HANDWRITTEN_GAP}/{HANDWRITTEN_GAP}/{year}"
    return cited_date(date)


def cite(kind: str, number: int | None, date: dt.date | None, type_code: str, issuer: Body,
         loaded: LoadedDataset, family: Family) -> str:
    """'Kế hoạch số 03-KH/ĐU, ngày 15/01/2026' — number and date exactly as in that header."""
    symbol = format_symbol(number, type_code, issuer.code, family)
    sep = "," if family is Family.PARTY else ""
    return f"{kind} số {symbol}{sep} {cite_date(date, loaded.data.year)}"


def plan_citation(loaded: LoadedDataset, family: Family) -> str | None:
    """The unit's plan of the year, cited by its own number and date."""
    plan = loaded.data.documents.ke_hoach
    if plan is None:
        return None
    issuer = lookup_body(loaded, plan.issuer, "documents", "ke_hoach", "issuer")
    text = cite("Kế hoạch", plan.number, plan.date, "KH", issuer, loaded, family)
    subject = plan.subject if plan.subject.startswith("về ") else f"về {plan.subject}"
    return f"{text} của {body_label(issuer, loaded.data.unit)} {subject}"


# -- the list of models ----------------------------------------------------------------------
def model_groups(regs: list[Registration], facts: Facts) -> list[dict[str, Any]]:
    """Rows grouped 'A. Tập thể' / 'B. Cá nhân' (only the groups present), numbered per group."""
    groups = []
    for kind in (RegistrantKind.TAP_THE, RegistrantKind.CA_NHAN):
        members = [r for r in regs if r.kind is kind]
        if not members:
            continue
        rows = [{
            "stt": str(i),
            "registrant": r.registrant,
            "model_name": r.model_name,
            "linh_vuc": linh_vuc_label(facts.linh_vuc_names.get(r.linh_vuc, r.linh_vuc)),
            "kind": r.kind.label,
        } for i, r in enumerate(members, start=1)]
        groups.append({"heading": f"{chr(ord('A') + len(groups))}. {kind.label}",
                       "rows": rows})
    return groups


def holders(regs: list[Registration]) -> str:
    """'các tập thể, cá nhân' / 'các tập thể' / 'các cá nhân' — who the models belong to."""
    kinds = {r.kind for r in regs}
    names = [k.label.lower() for k in (RegistrantKind.TAP_THE, RegistrantKind.CA_NHAN)
             if k in kinds]
    return "các " + ", ".join(names or ["tập thể", "cá nhân"])


def stages_of(facts: Facts) -> Stages:
    assert facts.stages is not None
    return facts.stages


LIST_COLUMNS = [
    Column("STT", 12, "{{ r.stt }}", center=True),
    Column("Chủ thể thực hiện", 50, "{{ r.registrant }}"),
    Column("Tên mô hình", 50, "{{ r.model_name }}"),
    Column("Lĩnh vực", 33, "{{ r.linh_vuc }}"),
    Column("Tập thể/\nCá nhân", 20, "{{ r.kind }}", center=True),
]


def add_models_table(doc: DocxDocument, profile: Profile, var: str = "groups") -> None:
    """Bordered list of models, grouped, wrapped in ``{%p if var %}`` so no rows means no
    table."""
    doc.add_paragraph(f"{{%p if {var} %}}", style=S["table"])
    add_loop_table(doc, profile, LIST_COLUMNS, rows="r in g.rows", groups=f"g in {var}",
                   heading="{{ g.heading }}", sides_mm=None, top_bottom_twips=30)
    doc.add_paragraph("{%p endif %}", style=S["table"])


def _basis(loaded: LoadedDataset, family: Family) -> list[str]:
    data = loaded.data
    proposal = data.proposal
    assert proposal is not None
    lines = [format_reference(r, family) for r in
             lookup_references(loaded, proposal.references, "proposal", "references")]
    plan = plan_citation(loaded, family)
    if plan:
        lines.append(plan)
    if data.appraisal is not None:
        a = data.appraisal
        issuer = lookup_body(loaded, a.issuer, "appraisal", "issuer")
        lines.append(f"{cite('Thông báo', a.number, a.date, 'TB', issuer, loaded, family)} của "
                     f"{body_label(issuer, data.unit)} về kết quả thẩm định mô hình, điển hình "
                     f"“Dân vận khéo” năm {data.year}")
    if data.meeting is not None and minutes_enclosed(loaded):
        lines.append(minutes_citation(loaded, family))
    out = [f"Căn cứ {line};" for line in lines]
    if out:
        out[-1] = out[-1][:-1] + "."
    return out


def _assessment(loaded: LoadedDataset, facts: Facts) -> list[str]:
    data = loaded.data
    stages = stages_of(facts)
    out = [f"Năm {data.year}, các tập thể, cá nhân trên địa bàn đã đăng ký xây dựng mô hình, "
           f"điển hình “Dân vận khéo”. {count_sentence(facts.counts)}"]
    if data.appraisal is not None and stages.appraised:
        out.append(f"Qua thẩm định thực tế, có {pad2(len(stages.passed_appraisal))}/"
                   f"{pad2(len(stages.appraised))} mô hình đạt yêu cầu.")
    if data.meeting is not None and stages.candidates and not proposal_before_meeting(loaded):
        m = data.meeting
        when = f" {cite_date(m.date, data.year)}" if m.date else ""
        party = data.family is Family.PARTY
        out.append(f"Tại cuộc họp bình xét{when}, {m.body} đã xem xét "
                   f"{pad2(len(stages.candidates))} mô hình; có "
                   f"{pad2(len(stages.passed_meeting))} mô hình "
                   f"{pass_phrase(data.rule, m.method, party)}.")
    return out


def _request(loaded: LoadedDataset, facts: Facts, issuer: Body) -> str:
    data = loaded.data
    proposal = data.proposal
    assert proposal is not None
    proposed = stages_of(facts).proposed
    who = body_label(issuer, data.unit)
    if not proposed:
        return (f"Từ kết quả trên, {who} báo cáo {proposal.addressee}: năm {data.year} chưa có "
                "mô hình nào đủ điều kiện để đề nghị công nhận.")
    kinds = kinds_sentence(proposed)
    fields = fields_sentence(proposed, facts.linh_vuc)
    detail = f"{kinds}, gồm {fields}" if kinds.endswith(")") else f"{kinds} ({fields})"
    consider = "xem xét, bình xét và" if proposal_before_meeting(loaded) else "xem xét,"
    grant = state_grant(loaded, proposed) if data.family is Family.STATE else None
    if grant is not None:
        # the same words as Điều 1 of the quyết định (what is asked is what is granted)
        return (f"Từ kết quả trên, {who} kính đề nghị {proposal.addressee} {consider} {grant} "
                f"({fields}), cụ thể như sau:")
    return (f"Từ kết quả trên, {who} kính đề nghị {proposal.addressee} {consider} công nhận "
            f"đạt mô hình, điển hình “Dân vận khéo” {proposal.level} năm {data.year} đối với "
            f"{detail}, cụ thể như sau:")


def decider(issuer: Body, signer: Signer, family: Family) -> str:
    """Who decides, in running text.

    Party: the collective body ('Ban Thường vụ Đảng ủy xã An Phú'). State: the head the
    signer signs as or for ('Chủ tịch Ủy ban nhân dân phường Hòa Bình'), or the body
    itself when a collective decides (TM.)."""
    name = one_line(issuer.name)
    if family is Family.PARTY:
        if issuer.short_name:
            return issuer.short_name
        who = signer.on_behalf_of or ""
        if signer.authority is Authority.TM and who and who.lower() not in name.lower():
            return f"{who} {name}"
        return name
    if signer.authority is Authority.TM:
        return name
    head = signer.title if signer.authority is Authority.NONE else \
        (signer.on_behalf_of or signer.title)
    return f"{head[:1].upper()}{head[1:]} {name}"


def holders_count(regs: list[Registration]) -> str:
    """'02 tập thể, 02 cá nhân' (only the kinds present), from the shared Counts."""
    c = Counts.of(regs)
    parts = [f"{pad2(n)} {label}" for n, label in ((c.tap_the, "tập thể"),
                                                   (c.ca_nhan, "cá nhân")) if n]
    return ", ".join(parts) or "00 tập thể, cá nhân"


def minutes_citation(loaded: LoadedDataset, family: Family) -> str:
    """'Biên bản họp bình xét số 19-BB/ĐU, ngày 06/10/2026 của Ban Thường vụ ...'."""
    m = loaded.data.meeting
    assert m is not None
    issuer = lookup_body(loaded, m.issuer, "meeting", "issuer")
    minutes = cite("Biên bản họp bình xét", m.number, m.date, "BB", issuer, loaded, family)
    return f"{minutes} của {m.body}"


def state_grant(loaded: LoadedDataset, regs: list[Registration]) -> str | None:
    """'tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường ... cho 06 tập thể, 02 cá nhân đã
    có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm 2026': Điều 1 of the
    State quyết định, so the tờ trình asks for exactly that; None without a decision."""
    data = loaded.data
    decision = data.decision
    if decision is None:
        return None
    issuer = lookup_body(loaded, decision.issuer, "decision", "issuer")
    signer = lookup_signer(loaded, decision.signer, "decision", "signer")
    who = decider(issuer, signer, Family.STATE)
    return (f"tặng {decision.reward or DEFAULT_REWARD} của {who} cho {holders_count(regs)} đã "
            f"có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm {data.year}")


def _name_of(reg: Registration, loaded: LoadedDataset) -> str:
    """A report's owner as the list names it: the collective, or 'ông/bà' + full name."""
    ach = loaded.data.achievements.get(reg.id or "")
    if reg.kind is RegistrantKind.CA_NHAN:
        person = (ach.person if ach is not None and ach.person else reg.person)
        if person is not None:
            title = {"nam": "ông", "nữ": "bà"}.get((person.gender or "").strip().lower(), "")
            return f"{title} {person.full_name}".strip()
    return reg.registrant


def default_attachments(loaded: LoadedDataset, facts: Facts) -> list[str]:
    """What the dossier really holds (seed 001 §5.2.4): the minutes only when they precede the
    tờ trình and are not the addressee's own; one báo cáo thành tích per điển hình, named,
    in 02 copies with both confirmations; the trích ngang of every model proposed."""
    data = loaded.data
    proposed = stages_of(facts).proposed
    out: list[str] = []
    if data.meeting is not None and minutes_enclosed(loaded):
        out.append(minutes_citation(loaded, data.family))
    reports = [r for r in proposed if (r.id or "") in data.achievements]
    if reports:
        names = "; ".join(_name_of(r, loaded) for r in reports)
        confirm = ("có xác nhận của cơ quan quản lý và cấp ủy"
                   if all(data.achievements[r.id or ""].confirmer is not None and
                          confirmed_by_party(data.achievements[r.id or ""])
                          for r in reports) else "có xác nhận của cơ quan quản lý")
        out.append(f"Báo cáo thành tích của {pad2(len(reports))} điển hình "
                   f"({holders_count(reports)}): {names} (mỗi báo cáo 02 bản, {confirm})")
    if proposed:
        out.append(f"Danh sách trích ngang thành tích của {pad2(len(proposed))} mô hình đề "
                   "nghị")
    return out


def _attachments(items: list[str]) -> list[str]:
    lines = [f"- {item.strip().rstrip(';.,')};" for item in items if item.strip()]
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return lines


def context(loaded: LoadedDataset, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = loaded.data
    proposal = data.proposal
    assert proposal is not None
    issuer = lookup_body(loaded, proposal.issuer, "proposal", "issuer")
    signer = lookup_signer(loaded, proposal.signer, "proposal", "signer")
    addressee = proposal.addressee
    if proposal.routing:
        addressee += f" (qua {proposal.routing})"
    attachments = proposal.attachments if proposal.attachments is not None \
        else default_attachments(loaded, facts)
    proposed = stages_of(facts).proposed
    return {
        "year": data.year,
        "hdr": common.header(loaded, profile, issuer=issuer, type_code=TYPE_CODE,
                             number=proposal.number, date=proposal.date),
        "doc_type": "TỜ TRÌNH",
        "subject_lines": [f"{'về' if profile.family is Family.PARTY else 'Về'} việc đề nghị "
                          f"công nhận mô hình, điển hình “Dân vận khéo” năm {data.year}"],
        "addressee": addressee,
        "basis": _basis(loaded, profile.family),
        "assessment": _assessment(loaded, facts),
        "request": _request(loaded, facts, issuer),
        "groups": model_groups(proposed, facts),
        "attachments": _attachments(attachments),
        "closing": f"Kính đề nghị {proposal.addressee} xem xét, quyết định./.",
        "recipients": common.recipients(["Như trên", *proposal.recipients], loaded, issuer,
                                        profile),
        "sig": common.signature(signer, profile.family,
                                where=loaded.where("proposal", "signer")),
    }


def build_proposal(profile: Profile) -> DocxDocument:
    """Header, TỜ TRÌNH + trích yếu, Kính gửi, căn cứ, assessment, request, the list,
    hồ sơ kèm theo, closing, Nơi nhận and signature."""
    doc = new_document(profile)
    add_header_grid(doc, profile)
    add_title(doc, profile)
    kinh_gui = doc.add_paragraph("Kính gửi: {{ addressee }}", style=S["addressee"])
    kinh_gui.paragraph_format.space_before = Pt(6)
    kinh_gui.paragraph_format.space_after = Pt(6)
    for var in ("basis", "assessment"):
        doc.add_paragraph(f"{{%p for line in {var} %}}", style=S["body"])
        doc.add_paragraph("{{ line }}", style=S["body"])
        doc.add_paragraph("{%p endfor %}", style=S["body"])
    doc.add_paragraph("{{ request }}", style=S["body"])
    add_models_table(doc, profile)
    doc.add_paragraph("{%p if attachments %}", style=S["body"])
    doc.add_paragraph("", style=S["body"]).add_run("Hồ sơ kèm theo:").bold = True
    doc.add_paragraph("{%p for line in attachments %}", style=S["body"])
    doc.add_paragraph("{{ line }}", style=S["body"])
    doc.add_paragraph("{%p endfor %}", style=S["body"])
    doc.add_paragraph("{%p endif %}", style=S["body"])
    doc.add_paragraph("{{ closing }}", style=S["body"])
    doc.add_paragraph("", style=S["body"])
    add_signature_grid(doc, profile)
    return doc


KIND = Kind("to_trinh", "Tờ trình đề nghị công nhận", 6, "letter_templates",
            applies=lambda ld: ld.data.proposal is not None, context=context,
            blueprint=build_proposal)
