"""Markdown a document cannot show is reported with its line; strikethrough is printed as
Word's strikethrough (issue 10, point 7)."""

from __future__ import annotations

from pathlib import Path

from dvk_docs.api import build
from dvk_docs.render.md_lint import lint_markdown

from .docx_helpers import open_docx


def test_every_unshowable_construct_is_named_with_its_line() -> None:
    """This test ensures images, footnotes, task boxes, a fifth heading level, HTML, rules
    and extra table cells each give one warning on their own line."""
    md = ("# Mục đích\n##### Cấp năm\nĐoạn có ![sơ đồ](so-do.png).\n- [ ] việc\n- việc\n"
          "\nChữ <b>đậm</b>.\n\n---\n\n| A | B |\n|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 |\n"
          "\nTheo[^1].\n")
    warnings = lint_markdown(md, "ke_hoach.md")
    lines = [w.split(":")[0] for w in warnings]
    assert lines == ["ke_hoach.md, dòng 2", "ke_hoach.md, dòng 3", "ke_hoach.md, dòng 4",
                     "ke_hoach.md, dòng 7", "ke_hoach.md, dòng 9", "ke_hoach.md, dòng 13",
                     "ke_hoach.md, dòng 16"], warnings
    assert lint_markdown("# A\n## B\n- c **d** *e* ~~f~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
                         "x.md") == []


def test_strikethrough_is_printed_struck_through(party_min: Path, tmp_path: Path) -> None:
    """This test ensures '~~30/3~~' is printed as struck-through text, without the tildes."""
    ds = party_min / "dataset.yaml"
    ds.write_text(ds.read_text(encoding="utf-8").replace(
        "Đoạn văn thường. {{ ky_niem.truyen_thong_dan_van }} năm.", "Thời hạn ~~30/3~~ 31/3."),
        encoding="utf-8")
    build(party_min, tmp_path / "out", kinds=["ke_hoach"])
    doc = open_docx(tmp_path / "out" / "01-ke-hoach.docx")
    para = next(p for p in doc.paragraphs if p.text.startswith("Thời hạn"))
    assert para.text == "Thời hạn 30/3 31/3."
    assert [(r.text, bool(r.font.strike)) for r in para.runs] == [
        ("Thời hạn ", False), ("30/3", True), (" 31/3.", False)]
