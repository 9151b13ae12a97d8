"""Cited documents ("Hướng dẫn số 04-HD/BTGDVTU, ngày 09/01/2026 của ... về ...").

A citation is split into kind, number, date, issuer and subject only when the dataset's
own formatting gives exactly the same sentence back; otherwise it is kept whole as
``text`` so that a rebuilt document says what the original said.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

KINDS = (
    "Chương trình công tác", "Chương trình hành động", "Chương trình", "Hướng dẫn", "Kế hoạch",
    "Nghị quyết", "Chỉ thị", "Quyết định", "Công văn", "Thông báo kết luận", "Thông báo",
    "Kết luận", "Nghị định", "Thông tư", "Luật", "Quy chế", "Quy định", "Điều lệ", "Đề án",
    "Thông tri", "Báo cáo", "Tờ trình", "Văn bản", "Công điện", "Hiến pháp", "Bộ luật",
)
_KIND_RE = "|".join(re.escape(k) for k in KINDS)
_STRUCTURED = re.compile(
    rf"^(?P<kind>{_KIND_RE})\s+số\s+(?P<number>[^\s,]+),?\s+ngày\s+"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:\s+của\s+(?P<rest>.+))?$", re.S)
# where the issuer ends and the subject begins
_SUBJECT_START = re.compile(
    r"\s+(?=(?:về|năm\s+\d{4}|thực hiện|triển khai|hướng dẫn|ban hành|quy định|tổ chức)\b)")


def kind_of(text: str) -> str:
    m = re.match(rf"^\s*({_KIND_RE})\b", text)
    return m.group(1) if m else "Văn bản"


def parse_reference(text: str) -> dict[str, Any]:
    """A dict for the dataset's ``references`` entry (kind + structured fields or text)."""
    from ..conventions.family import Family
    from ..dataset.models import Reference
    from ..documents.plan import format_reference

    text = re.sub(r"\s+", " ", text).strip()
    m = _STRUCTURED.match(text)
    if m:
        try:
            date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            date = None
        if date is not None:
            rest = m.group("rest")
            issuer, subject = rest, None
            if rest:
                split = _SUBJECT_START.search(rest)
                if split:
                    issuer, subject = rest[:split.start()], rest[split.end():]
            fields: dict[str, Any] = {"kind": m.group("kind"), "number": m.group("number"),
                                      "date": date}
            if issuer:
                fields["issuer"] = issuer
            if subject:
                fields["subject"] = subject
            # Party writes 'số 04-HD/BTGDVTU, ngày ...', State 'số 12/KH-UBND ngày ...'
            ref = Reference(**fields)
            if text in (format_reference(ref, Family.PARTY), format_reference(ref, Family.STATE)):
                return fields
    return {"kind": kind_of(text), "text": text}
