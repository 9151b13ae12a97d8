"""The order of the year's decision steps, as data (seed 001 §5.2.3-5.2.4), and what each
document may therefore cite or enclose.

Two flows occur in practice:

- ``tham_dinh → binh_xet → to_trinh → quyet_dinh``: a council votes (Hội đồng Thi đua -
  Khen thưởng), the staff office proposes with the council's minutes, the head decides;
- ``tham_dinh → to_trinh → binh_xet → quyet_dinh``: the staff board (Ban Xây dựng Đảng)
  proposes to the standing committee, which holds the bình xét and decides.

A tờ trình never encloses minutes of a meeting held after it, nor of the body it is addressed
to; the quyết định cites only documents that precede it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .dataset import LoadedDataset
from .dataset.process import Achievement

STEPS = ("tham_dinh", "binh_xet", "to_trinh", "quyet_dinh")
STEP_LABELS = {"tham_dinh": "thẩm định", "binh_xet": "họp bình xét", "to_trinh": "tờ trình",
               "quyet_dinh": "quyết định"}


def order(loaded: LoadedDataset) -> list[str]:
    """procedure.order when written; else by the dates (a tờ trình dated before the meeting
    comes before it), else the council flow (bình xét, then tờ trình)."""
    data = loaded.data
    if data.procedure is not None:
        return list(data.procedure.order)
    p, m = data.proposal, data.meeting
    if p is not None and m is not None and p.date and m.date and p.date < m.date:
        return ["tham_dinh", "to_trinh", "binh_xet", "quyet_dinh"]
    return list(STEPS)


def proposal_before_meeting(loaded: LoadedDataset) -> bool:
    """True when the tờ trình proposes to the body that then holds the bình xét."""
    data = loaded.data
    if data.proposal is None or data.meeting is None:
        return False
    steps = order(loaded)
    return "to_trinh" in steps and "binh_xet" in steps and \
        steps.index("to_trinh") < steps.index("binh_xet")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def meeting_of_addressee(loaded: LoadedDataset) -> bool:
    """The meeting's body is the body the tờ trình is addressed to."""
    data = loaded.data
    if data.proposal is None or data.meeting is None:
        return False
    body, addressee = _squash(data.meeting.body), _squash(data.proposal.addressee)
    return body == addressee or body.startswith(addressee) or addressee.startswith(body)


def minutes_enclosed(loaded: LoadedDataset) -> bool:
    """Whether the tờ trình may cite and enclose the minutes of the bình xét."""
    return (loaded.data.meeting is not None and loaded.data.proposal is not None
            and not proposal_before_meeting(loaded) and not meeting_of_addressee(loaded))


def check_procedure(loaded: LoadedDataset) -> list[tuple[tuple[object, ...], str]]:
    """(YAML path, message) where the data contradict the procedure; the message names the
    other place involved (file and line)."""
    data = loaded.data
    out: list[tuple[tuple[object, ...], str]] = []
    steps = order(loaded)
    dated = {"tham_dinh": data.appraisal.date if data.appraisal else None,
             "binh_xet": data.meeting.date if data.meeting else None,
             "to_trinh": data.proposal.date if data.proposal else None,
             "quyet_dinh": data.decision.date if data.decision else None}
    where = {"tham_dinh": ("appraisal", "date"), "binh_xet": ("meeting", "date"),
             "to_trinh": ("proposal", "date"), "quyet_dinh": ("decision", "date")}
    known = [(s, dated[s]) for s in steps if dated.get(s) is not None]
    for (a, da), (b, db) in pairwise(known):
        assert da is not None and db is not None
        if da > db:
            flow = " → ".join(STEP_LABELS[s] for s in steps)
            out.append((where[b], f"{STEP_LABELS[a]} ngày {da:%d/%m/%Y} "
                        f"({loaded.where(*where[a])}) sau {STEP_LABELS[b]} ngày "
                        f"{db:%d/%m/%Y}, trái thứ tự quy trình {flow}"))
    summary, plan = data.documents.tong_hop_dang_ky, data.documents.ke_hoach
    if summary is not None and summary.attached_to_plan and plan is not None and \
            not summary.attached_to:
        other_body = summary.issuer != plan.issuer
        later = summary.date is not None and plan.date is not None and summary.date > plan.date
        if other_body or later:
            why = "do cơ quan khác lập" if other_body else \
                f"lập ngày {summary.date:%d/%m/%Y}, sau kế hoạch"  # type: ignore[union-attr]
            out.append((("documents", "tong_hop_dang_ky", "attached_to_plan"),
                        f"bảng tổng hợp đăng ký {why} nên không thể “Kèm theo Kế hoạch” đã ban "
                        "hành; bỏ attached_to_plan, ghi attached_to: <khóa văn bản trong "
                        "references> (ví dụ báo cáo kết quả đăng ký) để bảng có trích dẫn "
                        "riêng"))
    p = data.proposal
    if p is not None and p.attachments is not None and not minutes_enclosed(loaded):
        why = ("cuộc họp bình xét diễn ra sau tờ trình" if proposal_before_meeting(loaded)
               else f"đó là biên bản của chính {p.addressee}, nơi nhận tờ trình")
        for i, item in enumerate(p.attachments):
            if "biên bản" in item.lower():
                out.append((("proposal", "attachments", i),
                            f"tờ trình kèm “{item}” nhưng {why}; bỏ dòng này"))
    return out


def confirmed_by_party(ach: Achievement) -> bool:
    """Both confirmations are there: a cấp ủy block, or a managing body that is itself a
    Party committee (a chi bộ's report confirmed by the Đảng ủy)."""
    if ach.party_confirmer is not None:
        return True
    body = (ach.confirmer.body if ach.confirmer is not None else "").strip().lower()
    return body.startswith(("đảng ủy", "đảng bộ", "chi bộ", "ban thường vụ", "chi ủy"))
