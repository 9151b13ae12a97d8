"""Normalised text of every demo document, to compare the demo before and after a change.

    python tools/demo_text.py snapshot OUT.json      # build the demo, write its text
    python tools/demo_text.py compare BEFORE.json    # build again, compare, exit 1 on a difference

The text of a document is every paragraph of its body, headers and footers and every table cell
(row by row), NFC-normalised with runs of white space folded; a build's own date/time does not
appear in any document, so two builds of the same code give the same text.
"""

from __future__ import annotations

import json
import sys
import tempfile
import unicodedata
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _paragraph_text(p_el) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for node in p_el.iter():
        if node.tag == qn("w:t") and node.text:
            parts.append(node.text)
        elif node.tag in (qn("w:tab"),):
            parts.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


def _block_lines(element) -> list[str]:  # type: ignore[no-untyped-def]
    """Paragraphs in document order; a table row becomes one line 'cell | cell | ...'."""
    lines: list[str] = []
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            lines.append("P: " + _norm(_paragraph_text(child)))
        elif child.tag == qn("w:tbl"):
            for tr in child.iter(qn("w:tr")):
                cells = []
                for tc in tr.iterchildren(qn("w:tc")):
                    cells.append(" / ".join(_norm(_paragraph_text(p))
                                            for p in tc.iter(qn("w:p"))))
                lines.append("T: " + " | ".join(cells))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                lines += _block_lines(content)
    return lines


def docx_text(path: Path) -> list[str]:
    doc = Document(str(path))
    lines = _block_lines(doc.element.body)
    for i, section in enumerate(doc.sections):
        for part_name in ("header", "first_page_header", "footer", "first_page_footer"):
            part = getattr(section, part_name)
            if part.is_linked_to_previous:
                continue
            lines += [f"{part_name}[{i}] {line}" for line in _block_lines(part._element)]
    return lines


def demo_texts(out_dir: Path) -> dict[str, list[str]]:
    from dvk_docs import demo

    demo(out_dir, force=True)
    return {str(p.relative_to(out_dir)): docx_text(p) for p in sorted(out_dir.rglob("*.docx"))}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"snapshot", "compare"}:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        texts = demo_texts(Path(tmp) / "demo")
    if argv[0] == "snapshot":
        Path(argv[1]).write_text(json.dumps(texts, ensure_ascii=False, indent=1) + "\n",
                                 encoding="utf-8")
        print(f"{len(texts)} documents written to {argv[1]}")
        return 0
    before = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    diffs = []
    for name in sorted(set(before) | set(texts)):
        if before.get(name) != texts.get(name):
            diffs.append(name)
    for name in diffs:
        print(f"DIFFERENT: {name}")
    print(f"{len(texts)} documents, {len(diffs)} different")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
