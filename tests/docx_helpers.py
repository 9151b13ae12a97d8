"""Read generated .docx files back: text, which cell holds what, effective formatting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph


def open_docx(path: Path) -> DocxDocument:
    return Document(str(path))


def all_text(doc: DocxDocument) -> str:
    """Every paragraph of the body and of every table cell, one per line."""
    lines: list[str] = []
    body = doc.element.body
    for el in body.iter():
        if el.tag.endswith("}p"):
            lines.append(Paragraph(el, doc).text)
    return "\n".join(lines)


def cell_lines(table: Table, row: int, col: int) -> list[str]:
    """The printed lines of a cell: paragraphs, split at manual line breaks."""
    return [line for p in table.cell(row, col).paragraphs for line in p.text.split("\n")
            if line.strip()]


@dataclass
class Fmt:
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    font: str | None


def effective(p: Paragraph) -> Fmt:
    """Formatting of the paragraph's first run as Word would apply it (run over style chain)."""
    run = p.runs[0] if p.runs else None

    def pick(attr: str):  # type: ignore[no-untyped-def]
        if run is not None and getattr(run.font, attr) is not None:
            return getattr(run.font, attr)
        style = p.style
        while style is not None:
            value = getattr(style.font, attr)
            if value is not None:
                return value
            style = style.base_style
        return None

    size = pick("size")
    return Fmt(size=size.pt if size is not None else None, bold=bool(pick("bold")),
               italic=bool(pick("italic")), underline=bool(pick("underline")),
               font=pick("name"))


def find_paragraph(doc: DocxDocument, text: str) -> Paragraph:
    for el in doc.element.body.iter():
        if el.tag.endswith("}p"):
            p = Paragraph(el, doc)
            if p.text.strip() == text:
                return p
    raise AssertionError(f"no paragraph {text!r} in document")
