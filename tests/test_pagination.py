"""What keeps blocks together across page breaks, read from the generated .docx (fast; the
rendered result is checked on PDFs in test_pagination_pdf.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from dvk_docs import build
from dvk_docs.profiles import STYLE_NAMES
from dvk_docs.render.layout import estimate_width_mm, libreoffice_copy, tail_rows
from dvk_docs.render.tables import CELL_MARGIN_MM
from dvk_docs.render.xmlutil import style_id

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAME_STYLE = style_id(STYLE_NAMES["signer_name"])


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("docs")
    for name in ("xa-an-phu", "phuong-hoa-binh"):
        build(SAMPLES / name, root / name)
    return {"party": root / "xa-an-phu", "state": root / "phuong-hoa-binh"}


def _keeps(p: object) -> bool:
    return p.find(qn("w:pPr") + "/" + qn("w:keepNext")) is not None  # type: ignore[attr-defined]


def _is_grid(tbl: object) -> bool:
    return any(s.get(qn("w:val")) == NAME_STYLE
               for s in tbl.iter(qn("w:pStyle")))  # type: ignore[attr-defined]


def _text(el: object) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))  # type: ignore[attr-defined]


def test_last_body_paragraph_keeps_with_the_signature(out: dict[str, Path]) -> None:
    """This test ensures the blank lines and the last body paragraph above every signature
    grid are kept with it, in every document of both samples."""
    checked = 0
    for path in sorted(p for d in out.values() for p in d.rglob("*.docx")):
        body = Document(str(path)).element.body
        for tbl in body.findall(qn("w:tbl")):
            if not _is_grid(tbl):
                continue
            prev = tbl.getprevious()
            while prev is not None and prev.tag == qn("w:p") and not _text(prev).strip():
                assert _keeps(prev), path.name
                prev = prev.getprevious()
            if prev is not None and prev.tag == qn("w:p"):
                assert _keeps(prev), f"{path.name}: «{_text(prev)[:50]}»"
                checked += 1
    assert checked >= 40


def test_summary_keeps_its_last_rows_totals_and_sentence_together(out: dict[str, Path]
                                                                  ) -> None:
    doc = Document(str(out["state"] / "02-tong-hop-dang-ky.docx"))
    table = doc.tables[1]
    assert tail_rows(table._tbl) == 3
    rows = table.rows
    assert rows[-1].cells[0].text == "Tổng cộng" and rows[-2].cells[0].text == "Cộng"
    for row in rows[-3:]:
        assert all(_keeps(p._p) for c in row.cells for p in c.paragraphs)
    sentence = next(p for p in doc.paragraphs if p.text.startswith("Tổng số 10 mô hình"))
    assert _keeps(sentence._p)
    # the .docx itself stays one plain table for Word (rows a clerk can add to)
    assert not table._tbl.findall(".//" + qn("w:tc") + "/" + qn("w:tbl"))


def test_libreoffice_copy_binds_the_tail_into_one_row(out: dict[str, Path],
                                                      tmp_path: Path) -> None:
    """This test ensures the copy given to LibreOffice holds the last three units, the total
    and the Ghi chú in one unsplittable last row, under the same repeated header, with every
    cell bordered (LibreOffice drops a table's own borders once it holds a nested table)."""
    src = out["party"] / "10-bao-cao-ket-qua-6-thang.docx"
    copy = libreoffice_copy(src, tmp_path / "lo")
    assert copy != src and copy.name == src.name
    before = Document(str(src)).tables[-1]
    table = Document(str(copy)).tables[-1]
    last = table._tbl.findall(qn("w:tr"))[-1]
    assert last.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None
    nested = last.find(qn("w:tc") + "/" + qn("w:tbl"))
    inner_rows = nested.findall(qn("w:tr"))
    assert [_text(r.findall(qn("w:tc"))[0]) for r in inner_rows] == [
        *(_text(before.rows[i]._tr.findall(qn("w:tc"))[0]) for i in (-4, -3, -2)),
        "Tổng cộng"]
    assert _text(last).endswith("XDHTCT - Lĩnh vực xây dựng hệ thống chính trị.")
    assert len(table.rows) == len(before.rows) - 3
    heads = [tr for tr in table._tbl.findall(qn("w:tr"))
             if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None]
    assert len(heads) == 3
    for tc in table._tbl.findall(qn("w:tr") + "/" + qn("w:tc"))[:-1]:
        assert tc.find(qn("w:tcPr") + "/" + qn("w:tcBorders")) is not None
    # a document without data tables goes to LibreOffice as it is
    form = sorted((out["party"] / "03-phieu-dang-ky").glob("*.docx"))[0]
    assert libreoffice_copy(form, tmp_path / "lo") == form


def test_statistics_headers_never_break_inside_a_word(out: dict[str, Path]) -> None:
    """This test ensures every Mẫu 2 header column is wide enough for its longest word at
    the table's 11 pt bold (it printed 'VHX/H', 'XDH/TCT', 'trướ/c')."""
    for family in ("party", "state"):
        table = Document(str(out[family] / "10-bao-cao-ket-qua-nam.docx")).tables[-1]
        for row in table.rows[:2]:
            for tc in row._tr.findall(qn("w:tc")):
                span = tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
                if span is not None or not _text(tc).strip():
                    continue
                width = int(tc.find(qn("w:tcPr") + "/" + qn("w:tcW")).get(qn("w:w"))) / 56.7
                longest = max(estimate_width_mm(w, 11, True) for w in _text(tc).split())
                assert width >= longest + 2 * CELL_MARGIN_MM, _text(tc)


def test_markdown_table_header_repeats_and_rows_do_not_split(out: dict[str, Path]) -> None:
    doc = Document(str(out["party"] / "01-ke-hoach.docx"))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Nội dung")
    trs = table._tbl.findall(qn("w:tr"))
    assert trs[0].find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
    assert all(tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None for tr in trs)
    assert all(tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is None for tr in trs[1:])


def test_landscape_appendix_is_numbered_from_its_first_page(out: dict[str, Path]) -> None:
    doc = Document(str(out["state"] / "10-bao-cao-ket-qua-6-thang.docx"))
    first, appendix = doc.sections[0], doc.sections[-1]
    assert first.different_first_page_header_footer
    assert not appendix.different_first_page_header_footer
    assert appendix.page_width > appendix.page_height


def test_plan_attaches_blank_forms_on_landscape_pages(out: dict[str, Path]) -> None:
    """This test ensures a plan with attach_forms carries, after its signature, a blank
    Mẫu 1 and a blank Mẫu 2 (same tables as the generated ones, empty), each headed
    'ĐƠN VỊ……' under the unit, cited as attached to this plan, with the confirmation."""
    for family, cite, unit in (
            ("party", "(Kèm theo Kế hoạch số 03-KH/ĐU, ngày 15/01/2026 của Ban Thường vụ Đảng "
                      "ủy xã An Phú)", "ĐẢNG ỦY XÃ AN PHÚ"),
            ("state", "(Kèm theo Kế hoạch số 12/KH-UBND ngày 26/01/2026 của Ủy ban nhân dân "
                      "phường Hòa Bình)", "PHƯỜNG HÒA BÌNH")):
        doc = Document(str(out[family] / "01-ke-hoach.docx"))
        assert len(doc.sections) == 2
        assert doc.sections[0].page_width < doc.sections[0].page_height
        assert doc.sections[1].page_width > doc.sections[1].page_height
        texts = [p.text for p in doc.paragraphs]
        start = texts.index("Mẫu 1")
        assert texts.index("Mẫu 2") > start
        forms = doc.tables[-6:]  # header, Mẫu 1, confirmation; header, Mẫu 2, confirmation
        assert forms[0].cell(0, 0).paragraphs[-2].text == "ĐƠN VỊ……………"
        assert unit in forms[0].cell(0, 0).text
        assert texts.count(cite) == 2
        summary = [[c.text for c in r.cells] for r in forms[1].rows]
        assert summary[0][4] == "Tên mô hình"
        assert [r[0] for r in summary if r[0] == r[-1]][:2] == [
            "I. Lĩnh vực phát triển kinh tế", "II. Lĩnh vực văn hóa - xã hội"]
        assert summary[-1][0] == "Tổng cộng" and not any(summary[-1][2:])
        assert not any(c for r in summary[2:] for c in r[1:] if c not in r[0])
        report = [[c.text for c in r.cells] for r in forms[4].rows]
        assert report[1][5:9] == ["KT", "VHXH", "QPAN", "XDHTCT"]
        assert report[-1][0] == "Tổng số" and not any(report[-1][2:])
        for confirm in (forms[2], forms[5]):
            assert confirm.cell(0, 1).paragraphs[0].text == "XÁC NHẬN CỦA CƠ QUAN, ĐƠN VỊ"
        assert doc.paragraphs[start].paragraph_format.page_break_before is not True
        assert doc.paragraphs[texts.index("Mẫu 2")].paragraph_format.page_break_before


def test_plan_without_forms_has_no_landscape_page(tmp_path: Path) -> None:
    data = Path(__file__).parent / "data" / "party-min"
    path = build(data, tmp_path / "o", kinds=["ke_hoach"]).files[0]
    doc = Document(str(path))
    assert len(doc.sections) == 1
    assert doc.sections[0].page_width < doc.sections[0].page_height
    assert "Mẫu 1" not in [p.text for p in doc.paragraphs]


def test_import_of_a_plan_with_forms_sets_attach_forms(out: dict[str, Path],
                                                       tmp_path: Path) -> None:
    from dvk_docs import load_dataset
    from dvk_docs.importer import import_plan

    import_plan(out["party"] / "01-ke-hoach.docx", tmp_path / "imported")
    plan = load_dataset(tmp_path / "imported").data.documents.ke_hoach
    assert plan is not None and plan.attach_forms
    body = (tmp_path / "imported" / "ke_hoach.md").read_text(encoding="utf-8")
    assert "XÁC NHẬN CỦA CƠ QUAN" not in body and "Mẫu 1" not in body.splitlines()


@pytest.mark.parametrize("name", ["01-ke-hoach.docx", "10-bao-cao-ket-qua-nam.docx",
                                  "10-bao-cao-ket-qua-6-thang.docx"])
def test_state_subject_rule_is_sized_on_its_own_portrait_page(out: dict[str, Path],
                                                              name: str) -> None:
    """This test ensures the rule under a State title is 1/3-1/2 of the title's width on the
    portrait page it stands on, even when the document ends with a landscape appendix (the
    blank Mẫu 1/Mẫu 2, the Mẫu 2 table): sized on the last section's width it shrank to a dot."""
    doc = Document(str(out["state"] / name))
    rule_id = style_id(STYLE_NAMES["subject_rule"])
    rules = [p for p in doc.paragraphs
             if p._p.pPr is not None and p._p.pPr.pStyle is not None
             and p._p.pPr.pStyle.val == rule_id]
    assert rules, "no rule under the title"
    ind = rules[0]._p.pPr.find(qn("w:ind"))
    first = doc.sections[0]
    text_w_mm = (first.page_width - first.left_margin - first.right_margin) / 36000
    rule_mm = text_w_mm - (int(ind.get(qn("w:left"))) + int(ind.get(qn("w:right")))) / 56.7
    assert len(doc.sections) > 1  # the document does have a later (landscape) section
    assert 30 <= rule_mm <= text_w_mm * 0.6, f"rule {rule_mm:.1f} mm of {text_w_mm:.1f} mm"


def test_headings_keep_with_their_section(out: dict[str, Path]) -> None:
    """This test ensures a heading (I., 1., a) ...) is kept with the next lines in every
    document, so 'III. KẾT LUẬN' never stands alone at the foot of a page (State biên bản)."""
    for family in ("party", "state"):
        doc = Document(str(out[family] / "05-bien-ban-binh-xet.docx"))
        for key in ("heading1", "heading2", "heading3", "heading4"):
            assert doc.styles[STYLE_NAMES[key]].paragraph_format.keep_with_next is True, key
        assert doc.styles[STYLE_NAMES["body"]].paragraph_format.keep_with_next is not True
