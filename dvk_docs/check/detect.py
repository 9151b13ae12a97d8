"""Which family a document belongs to, read from its header (or its number and signature
when the header is missing)."""

from __future__ import annotations

import re

from ..conventions import Family
from .common import squash
from .grid import TITLE_PARTY, TITLE_STATE, norm_title
from .model import CheckError, Doc, Para


def _head(doc: Doc, limit: int = 40) -> list[Para]:
    out: list[Para] = []
    for p in doc.paragraphs():
        out.append(p)
        if len(out) >= limit:
            break
    return out


def detect_family(doc: Doc) -> tuple[Family, str]:
    """(family, how it was recognised). Raises CheckError when nothing tells."""
    for p in _head(doc):
        for part in re.split(r"\t+", p.shown):
            t = norm_title(part)
            if t == TITLE_PARTY:
                return Family.PARTY, f"tiêu đề «{TITLE_PARTY}»"
            if t == TITLE_STATE:
                return Family.STATE, "quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»"
    for p in _head(doc):
        t = norm_title(p.shown)
        if TITLE_PARTY in t:
            return Family.PARTY, f"tiêu đề «{TITLE_PARTY}»"
        if TITLE_STATE in t:
            return Family.STATE, "quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»"
    party = state = 0
    for p in doc.paragraphs():
        t = squash(p.shown)
        if re.match(r"^Số\s+\d+-[A-ZĐ]", t):
            party += 1
        elif re.match(r"^Số:\s*\d+/[A-ZĐ]", t):
            state += 1
        if re.match(r"^(T/M|K/T|T/L)\s", t):
            party += 1
        elif re.match(r"^(TM|KT|TL|TUQ)\.\s", t):
            state += 1
    if party > state:
        return Family.PARTY, "số ký hiệu / thể thức đề ký kiểu Đảng (không thấy tiêu đề)"
    if state > party:
        return Family.STATE, "số ký hiệu / thể thức đề ký kiểu Nhà nước (không thấy quốc hiệu)"
    raise CheckError(
        f"{doc.name}: không nhận ra văn bản Đảng hay Nhà nước (không thấy «{TITLE_PARTY}» hay "
        f"«{TITLE_STATE}» ở đầu văn bản); chỉ rõ bằng --family party hoặc --family state"
    )
