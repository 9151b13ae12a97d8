"""Find where a tag sits in a .docx template, for error messages users can act on."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from jinja2 import TemplateSyntaxError

from .engine_env import make_env

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{.*|\{%.*")
_STATEMENT = re.compile(
    r"^\{%-?\s*(?:p|tr|tc|r)?\s*(for\s+\w+(?:\s*,\s*\w+)*\s+in\s+.+|if\s+.+|elif\s+.+|else|"
    r"endfor|endif|set\s+\w+\s*=.+|vm|hm)\s*-?%\}$"
)


def places(data: bytes) -> Iterator[tuple[str, str]]:
    """(where, text) for every paragraph of the body, table cells included."""
    doc = Document(io.BytesIO(data))
    body = doc.element.body
    n = 0
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            n += 1
            yield f"đoạn {n}", Paragraph(child, doc).text
        elif child.tag.endswith("}tbl"):
            table = Table(child, doc)
            t = sum(1 for c in body.iterchildren() if c.tag.endswith("}tbl")
                    and c is not child and body.index(c) < body.index(child)) + 1
            for r, row in enumerate(table.rows, start=1):
                for c, cell in enumerate(row.cells, start=1):
                    for p in cell.paragraphs:
                        yield f"bảng {t}, dòng {r}, cột {c}", p.text


def find_bad_tag(data: bytes) -> str | None:
    """The first tag that does not compile on its own, with its place."""
    env = make_env()
    for where, text in places(data):
        for tag in TAG.findall(text):
            if tag.startswith("{{"):
                inner = tag[2:-2] if tag.endswith("}}") else None
                if inner is not None and inner.strip().startswith(("p ", "r ", "tr ", "tc ")):
                    inner = inner.strip()[2:]
                try:
                    if inner is None:
                        raise TemplateSyntaxError("thiếu '}}'", 1)
                    env.compile_expression(inner.strip())
                except TemplateSyntaxError:
                    return f"{where}: «{tag}»"
            elif not _STATEMENT.match(tag):
                return f"{where}: «{tag}»"
    return None


def find_name(data: bytes, name: str) -> str | None:
    """The first tag that mentions ``name``, with its place."""
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    for where, text in places(data):
        for tag in TAG.findall(text):
            if pattern.search(tag):
                return f"{where}: «{tag}»"
    return None
