"""A printed page shown in the browser: the rendered .docx read back as simple blocks
(paragraph text with alignment, weight and size; tables as rows), for the preview panes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph

ALIGN = {WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right",
         WD_ALIGN_PARAGRAPH.JUSTIFY: "justify"}


@dataclass
class Block:
    text: str = ""
    align: str = "left"
    bold: bool = False
    italic: bool = False
    size: float = 14.0
    rows: list[list[str]] = field(default_factory=list)
    cells: list[list[tuple[str, str]]] = field(default_factory=list)  # (text, alignment)
    borders: bool = False  # a table drawn with lines in Word (the header table is not)

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


def _para(p: Paragraph) -> Block:
    runs = [r for r in p.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or (r.bold is None and p.style.font.bold) for r in runs)
    italic = bool(runs) and all(r.italic or (r.italic is None and p.style.font.italic)
                                for r in runs)
    size = next((r.font.size.pt for r in runs if r.font.size), None)
    if size is None and p.style.font.size is not None:
        size = p.style.font.size.pt
    align = p.alignment if p.alignment is not None else p.style.paragraph_format.alignment
    return Block(text=p.text, align=ALIGN.get(align, "left"), bold=bool(bold),
                 italic=bool(italic), size=size or 14.0)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NO_LINE = {"nil", "none"}


def has_borders(table: Table) -> bool:
    """Whether Word draws lines in the table: any table or cell border that is not 'nil' /
    'none' (the header table of a document has none; a table style without borders in the
    table itself counts as none, as the templates set borders on the table)."""
    for borders in table._tbl.iter(f"{_W}tblBorders", f"{_W}tcBorders"):
        for side in borders:
            if side.get(f"{_W}val", "nil") not in _NO_LINE:
                return True
    return False


def blocks(content: bytes, limit: int = 400) -> list[Block]:
    doc = Document(io.BytesIO(content))
    out: list[Block] = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(_para(Paragraph(child, doc)))
        elif tag == "tbl":
            table = Table(child, doc)
            rows, aligned = [], []
            for row in table.rows:
                cells: list[str] = []
                aligns: list[tuple[str, str]] = []
                for cell in row.cells:
                    text = "\n".join(p.text for p in cell.paragraphs).strip()
                    if not cells or cells[-1] != text:  # merged cells repeat
                        cells.append(text)
                        first = next((p for p in cell.paragraphs if p.text.strip()), None)
                        aligns.append((text, _para(first).align if first else "left"))
                rows.append(cells)
                aligned.append(aligns)
            out.append(Block(rows=rows, cells=aligned, borders=has_borders(table)))
        if len(out) >= limit:
            out.append(Block(text="… (xem tiếp trong file .docx)", italic=True))
            break
    return out
