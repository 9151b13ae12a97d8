"""Markdown body text -> Word paragraphs."""

from __future__ import annotations

import re

import pytest
from docx import Document

from dvk_docs.profiles import PARTY_HD36, STATE_ND30
from dvk_docs.render.markdown import letter, markdown_to_body, roman

CASES = [
    ("levels", "# Mục đích\n## Một\n### Con\n#### Điểm\n#### Điểm hai\n## Hai\n# Tổ chức",
     ["I. MỤC ĐÍCH", "1. Một", "1.1. Con", "a) Điểm", "b) Điểm hai", "2. Hai",
      "II. TỔ CHỨC"]),
    ("own numbers kept", "# I. Đã đánh số\n## 3. Cũng vậy", ["I. ĐÃ ĐÁNH SỐ", "3. Cũng vậy"]),
    ("counting on from own numbers", "# II. Hai\n# Ba\n## 2. Con\n## Con tiếp",
     ["II. HAI", "III. BA", "2. Con", "3. Con tiếp"]),
    ("dash style restarts level 2", "# I- Một\n## A\n# II- Hai\n## B",
     ["I- MỘT", "1. A", "II- HAI", "1. B"]),
    ("skipped level", "# Một\n### Sâu", ["I. MỘT", "1. Sâu"]),
    ("lists", "- một\n- hai\n  + con\n\n1. thứ nhất\n2. thứ hai",
     ["- một", "- hai", "+ con", "1. thứ nhất", "2. thứ hai"]),
    ("inline", "Chữ **đậm** và *nghiêng* và `mã`, [liên kết](http://x)",
     ["Chữ đậm và nghiêng và mã, liên kết"]),
    ("hard break", "dòng một  \ndòng hai", ["dòng một\ndòng hai"]),
    ("escaping", "A < B & C > D", ["A < B & C > D"]),
    ("html dropped", "<b>in đậm</b> thường", ["in đậm thường"]),
    ("empty", "", [""]),
]


@pytest.mark.parametrize(("name", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_markdown_paragraph_texts(name: str, source: str, expected: list[str]) -> None:
    body = markdown_to_body(source, PARTY_HD36)
    assert body.paragraphs == expected
    for marker in ("**", "##", "`", "](", "<b>"):
        assert marker not in body.xml


def _as_document(xml: str) -> Document:
    doc = Document()
    from docx.oxml import parse_xml

    wrapper = parse_xml(
        '<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"{xml}</w:body>")
    body = doc.element.body
    for child in list(wrapper):
        body.insert(len(body) - 1, child)
    return doc


def test_runs_and_styles_are_real_word_formatting() -> None:
    """This test ensures bold/italic are run properties and headings use the level styles."""
    body = markdown_to_body("# Tiêu đề\n\nChữ **đậm** và *nghiêng*.", PARTY_HD36)
    doc = _as_document(body.xml)
    paragraphs = doc.paragraphs
    assert paragraphs[0]._p.pPr.pStyle.val == "DVKDemuc1"
    runs = paragraphs[1].runs
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in runs] == [
        ("Chữ ", False, False), ("đậm", True, False), (" và ", False, False),
        ("nghiêng", False, True), (".", False, False)]


def test_table_becomes_word_table() -> None:
    body = markdown_to_body("| A | B |\n|---|---|\n| 1 | **2** |\n| 3 |  |", STATE_ND30)
    doc = _as_document(body.xml)
    table = doc.tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [["A", "B"], ["1", "2"],
                                                                ["3", ""]]


def test_party_dash_heading_setting() -> None:
    """This test ensures the 'I-' heading style (36-HD itself) is a profile setting."""
    from dataclasses import replace

    profile = replace(PARTY_HD36, heading_roman_separator="-")
    assert markdown_to_body("# Hướng dẫn chung", profile).paragraphs == ["I- HƯỚNG DẪN CHUNG"]


def test_roman_and_letters() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1994)] == [
        "I", "IV", "IX", "XIV", "XL", "XC", "CD", "MCMXCIV"]
    assert [letter(n) for n in range(1, 7)] == ["a", "b", "c", "d", "đ", "e"]


def test_many_headings_count_on() -> None:
    src = "\n".join(f"# Phần {i}" for i in range(1, 13))
    texts = markdown_to_body(src, PARTY_HD36).paragraphs
    assert texts[-1] == "XII. PHẦN 12"
    assert all(re.match(r"^[IVX]+\. PHẦN \d+$", t) for t in texts)
