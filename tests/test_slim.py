"""Slim templates: unused Word styles dropped, every style a document names still there."""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

from dvk_docs.api import resource_root
from dvk_docs.render.slim import W, referenced_styles, slim_docx


def _styles(data: bytes, part: str = "word/styles.xml") -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read(part))
    return {s.get(f"{{{W}}}styleId"): s for s in root.iter(f"{{{W}}}style")}


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_slim_keeps_what_is_used_and_its_chain() -> None:
    doc = docx.Document()
    doc.add_paragraph("Tiêu đề", style="Heading 2")  # based on Normal, linked, next
    doc.add_table(rows=1, cols=1).style = "Light Grid Accent 1"
    buf = io.BytesIO()
    doc.save(buf)
    fat = buf.getvalue()
    slim = slim_docx(fat)
    before, after = _styles(fat), _styles(slim)
    assert len(after) < len(before) / 4
    for sid in ("Heading2", "Heading2Char", "Normal", "LightGrid-Accent1", "TableNormal",
                "DefaultParagraphFont"):
        assert sid in after, sid
    assert "Heading7" not in after and "Title" not in after
    reread = docx.Document(io.BytesIO(slim))
    assert reread.paragraphs[0].style.name == "Heading 2"
    assert reread.paragraphs[0].style.base_style.name == "Normal"
    with zipfile.ZipFile(io.BytesIO(slim)) as z:
        root = etree.fromstring(z.read("word/styles.xml"))
    assert root.find(f"{{{W}}}latentStyles") is not None
    assert root.find(f"{{{W}}}docDefaults") is not None


def test_shipped_templates_are_slim_and_complete() -> None:
    """Every committed template is slim, and every style its parts name is defined."""
    files = sorted(p for d in ("letter_templates", "forms")
                   for p in (resource_root() / d).rglob("*.docx"))
    assert len(files) >= 20
    for path in files:
        data = path.read_bytes()
        parts = _parts(data)
        for part in ("word/styles.xml", "word/stylesWithEffects.xml"):
            assert len(parts[part]) < 60_000, f"{path}: run tools/build_templates.py"
        # python-docx writes its styles to styles.xml only (Word reads that one)
        defined = _styles(data)
        assert referenced_styles(parts) <= set(defined), path
        assert "DVKNoidung" in defined and "Normal" in defined
