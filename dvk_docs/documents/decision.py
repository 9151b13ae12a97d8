"""Quyết định công nhận mô hình, điển hình "Dân vận khéo" (Đảng) / tặng Giấy khen (Nhà nước)
(paperwork.md §7a, format-standards §1.3 and §2.3).

Party: the Ban Thường vụ recognises the models; căn cứ lines upright, "- Căn cứ ...;",
ending with "- Xét đề nghị của ... tại Tờ trình số ...,", then the deciding body and
"QUYẾT ĐỊNH:". State: the Chủ tịch awards Giấy khen; the deciding authority stands above
the căn cứ lines, which are italic and end with "Theo đề nghị của ...". Both cite the plan
and the tờ trình by those documents' own numbers and dates and attach, on a new page, the
list of ``facts.stages.recognised``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.document import Document as DocxDocument
from docx.shared import Pt

from ..conventions import Family, format_symbol, upper_vi
from ..dataset import LoadedDataset, Registration
from ..dataset.models import Body
from ..dataset.process import Decision
from ..facts import Facts, kinds_sentence
from ..procedure import minutes_enclosed
from ..profiles import Profile
from ..render.blueprints import (
    S,
    add_header_grid,
    add_signature_grid,
    add_title,
    new_document,
)
from . import common
from .kind import Kind
from .plan import format_reference
from .proposal import (
    DEFAULT_REWARD,
    add_models_table,
    body_label,
    cite,
    cite_date,
    decider,
    holders,
    holders_count,
    lookup_body,
    lookup_references,
    lookup_signer,
    minutes_citation,
    model_groups,
    plan_citation,
    stages_of,
)

TYPE_CODE = "QĐ"


def _proposal_citation(loaded: LoadedDataset, family: Family) -> tuple[str, str] | None:
    """(who proposed, 'Tờ trình số 07-TTr/BXDĐ, ngày 08/10/2026') from the proposal's data."""
    data = loaded.data
    p = data.proposal
    if p is None:
        return None
    issuer = lookup_body(loaded, p.issuer, "proposal", "issuer")
    return body_label(issuer, data.unit), cite("Tờ trình", p.number, p.date, "TTr", issuer,
                                               loaded, family)


def precedes(earlier: dt.date | None, later: dt.date | None) -> bool | None:
    """None when a date is not fixed yet."""
    if earlier is None or later is None:
        return None
    return earlier <= later


def _basis(loaded: LoadedDataset, decision: Decision, family: Family) -> list[str]:
    refs = [format_reference(r, family) for r in
            lookup_references(loaded, decision.references, "decision", "references")]
    plan = plan_citation(loaded, family)
    if plan:
        refs.append(plan)
    data = loaded.data
    proposal = _proposal_citation(loaded, family)
    # only what really precedes the quyết định: a tờ trình or minutes dated after it are not
    # cited; minutes of a bình xét held after the tờ trình (the committee voted on the
    # proposal) are cited as the result the decision rests on
    if proposal and data.proposal is not None and precedes(data.proposal.date, decision.date) \
            is False:
        proposal = None
    m = data.meeting
    if m is not None and not minutes_enclosed(loaded) and data.proposal is not None and \
            precedes(m.date, decision.date) is not False:
        refs.append(f"kết quả bình xét tại {minutes_citation(loaded, family)}")
    if family is Family.PARTY:
        lines = [f"- Căn cứ {r};" for r in refs]
        if proposal:
            lines.append(f"- Xét đề nghị của {proposal[0]} tại {proposal[1]},")
        elif lines:
            lines[-1] = lines[-1][:-1] + ","
        return lines
    lines = [f"Căn cứ {r};" for r in refs]
    if proposal:
        lines.append(f"Theo đề nghị của {proposal[0]} tại {proposal[1]}.")
    elif lines:
        lines[-1] = lines[-1][:-1] + "."
    return lines


def _executors(decision: Decision, regs: list[Registration]) -> str:
    names = [e.strip().rstrip(";,.") for e in decision.executors if e.strip()]
    text = ", ".join(names) if names else \
        f"Các cơ quan, đơn vị liên quan và {holders(regs)} có tên tại Điều 1"
    return text[:1].upper() + text[1:]


def _articles(loaded: LoadedDataset, facts: Facts, decision: Decision, family: Family,
              who: str) -> list[dict[str, str]]:
    year = loaded.data.year
    regs = stages_of(facts).recognised
    named = f"{holders(regs)[:1].upper()}{holders(regs)[1:]} có tên tại Điều 1"
    if family is Family.PARTY:
        first = (f"Công nhận đạt mô hình, điển hình “Dân vận khéo” {decision.level} năm {year} "
                 f"đối với {kinds_sentence(regs)} (có danh sách kèm theo).")
        reward = f", tặng {decision.reward}" if decision.reward else ""
        bonus = f" {decision.bonus}" if decision.bonus else ""
        if not reward and not bonus:
            reward = ", khen thưởng theo quy định"
        second = (f"{named} được biểu dương{reward}{bonus}; có trách nhiệm tiếp tục duy trì, "
                  "phát huy hiệu quả và nhân rộng mô hình trong thời gian tới.")
    else:
        reward_name = decision.reward or DEFAULT_REWARD
        first = (f"Tặng {reward_name} của {who} cho {holders_count(regs)} đã có thành tích xuất "
                 f"sắc trong phong trào thi đua “Dân vận khéo” năm {year} (có danh sách kèm "
                 "theo).")
        if decision.bonus:
            second = f"{named} được tặng {reward_name} {decision.bonus}."
        else:
            second = (f"{named} được tặng {reward_name}; tiền thưởng thực hiện theo quy định "
                      "hiện hành.")
    third = (f"Quyết định này có hiệu lực kể từ ngày ký. {_executors(decision, regs)} chịu "
             "trách nhiệm thi hành Quyết định này./.")
    return [{"label": "Điều 1.", "text": first}, {"label": "Điều 2.", "text": second},
            {"label": "Điều 3.", "text": third}]


def _subject(loaded: LoadedDataset, decision: Decision, regs: list[Registration],
             family: Family) -> list[str]:
    year = loaded.data.year
    if family is Family.PARTY:
        return [f"công nhận mô hình, điển hình “Dân vận khéo” năm {year}"]
    reward = decision.reward or DEFAULT_REWARD
    return [f"Về việc tặng {reward} cho {holders(regs)} có thành tích xuất sắc",
            f"trong phong trào thi đua “Dân vận khéo” năm {year}"]


def _appendix(loaded: LoadedDataset, decision: Decision, issuer: Body, who: str,
              regs: list[Registration], family: Family) -> dict[str, Any]:
    year = loaded.data.year
    symbol = format_symbol(decision.number, TYPE_CODE, issuer.code, family)
    if family is Family.PARTY:
        subtitle = [f"mô hình, điển hình “Dân vận khéo” được công nhận năm {year}"]
    else:
        reward = decision.reward or DEFAULT_REWARD
        subtitle = [f"{holders(regs)} được tặng {reward}",
                    f"trong phong trào thi đua “Dân vận khéo” năm {year}"]
    return {
        "title": "DANH SÁCH",
        "subtitle_lines": subtitle,
        "attached": f"(Kèm theo Quyết định số {symbol}{',' if family is Family.PARTY else ''} "
                    f"{cite_date(decision.date, year)} "
                    f"của {who})",
    }


def context(loaded: LoadedDataset, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = loaded.data
    decision = data.decision
    assert decision is not None
    family = profile.family
    issuer = lookup_body(loaded, decision.issuer, "decision", "issuer")
    signer = lookup_signer(loaded, decision.signer, "decision", "signer")
    who = decider(issuer, signer, family)
    regs = stages_of(facts).recognised
    recipients = decision.recipients or ["Như Điều 3"]
    return {
        "year": data.year,
        "hdr": common.header(loaded, profile, issuer=issuer, type_code=TYPE_CODE,
                             number=decision.number, date=decision.date),
        "doc_type": "QUYẾT ĐỊNH",
        "subject_lines": _subject(loaded, decision, regs, family),
        "decider": upper_vi(who),
        "basis": _basis(loaded, decision, family),
        "articles": _articles(loaded, facts, decision, family, who),
        "recipients": common.recipients(recipients, loaded, issuer, profile),
        "sig": common.signature(signer, family, where=loaded.where("decision", "signer")),
        "appendix": _appendix(loaded, decision, issuer, who, regs, family),
        "groups": model_groups(regs, facts),
    }


def _centred_bold(doc: DocxDocument, text: str) -> None:
    p = doc.add_paragraph(text, style=S["authority"])
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(6)


def build_decision(profile: Profile) -> DocxDocument:
    """Header, QUYẾT ĐỊNH + trích yếu, deciding authority and căn cứ (in the family's order),
    "QUYẾT ĐỊNH:", Điều 1-3, Nơi nhận and signature; then, on a new page, the list."""
    doc = new_document(profile)
    add_header_grid(doc, profile)
    add_title(doc, profile)
    if profile.family is Family.STATE:
        _centred_bold(doc, "{{ decider }}")
    doc.add_paragraph("{%p for line in basis %}", style=S["basis"])
    doc.add_paragraph("{{ line }}", style=S["basis"])
    doc.add_paragraph("{%p endfor %}", style=S["basis"])
    if profile.family is Family.PARTY:
        _centred_bold(doc, "{{ decider }}")
    _centred_bold(doc, "QUYẾT ĐỊNH:")
    doc.add_paragraph("{%p for a in articles %}", style=S["body"])
    p = doc.add_paragraph("", style=S["body"])
    p.add_run("{{ a.label }}").bold = True
    p.add_run(" {{ a.text }}")
    doc.add_paragraph("{%p endfor %}", style=S["body"])
    doc.add_paragraph("", style=S["body"])
    add_signature_grid(doc, profile)
    # the appendix starts a new page
    title = doc.add_paragraph("{{ appendix.title }}", style=S["doc_type"])
    title.paragraph_format.page_break_before = True
    doc.add_paragraph("{%p for line in appendix.subtitle_lines %}", style=S["subject"])
    doc.add_paragraph("{{ line }}", style=S["subject"])
    doc.add_paragraph("{%p endfor %}", style=S["subject"])
    doc.add_paragraph("{{ appendix.attached }}", style=S["sign_note"])
    doc.add_paragraph("-----" if profile.subject_separator == "dashes" else "",
                      style=S["subject_rule"])
    doc.add_paragraph("", style=S["table"])
    add_models_table(doc, profile)
    return doc


KIND = Kind("quyet_dinh", "Quyết định công nhận", 9, "letter_templates",
            applies=lambda ld: ld.data.decision is not None, context=context,
            blueprint=build_decision)
