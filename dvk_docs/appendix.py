"""A document's last section (its landscape appendix) as a document of its own: the Mẫu 2
table of a result report as a .docx by itself, exactly as the report prints it (same
template, styles, title, '(Kèm theo Báo cáo số …)' note and table)."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from .errors import DvkError


def last_section(content: bytes) -> bytes:
    """``content`` (.docx bytes) without everything before its last section break."""
    doc = Document(io.BytesIO(content))
    body = doc.element.body
    children = list(body.iterchildren())
    breaks = [i for i, el in enumerate(children)
              if el.tag == qn("w:p") and el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    if not breaks:
        raise DvkError("Văn bản không có phụ lục (phần sau dấu ngắt trang, khổ ngang)")
    for el in children[:breaks[-1] + 1]:
        body.remove(el)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
