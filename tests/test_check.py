"""``dvk-docs check``: every document the project generates passes; every fault planted in a
generated document (mutated with python-docx) is caught by its rule, and only by it."""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from dvk_docs import build
from dvk_docs.check import RULES, check_docx
from dvk_docs.cli import cli

REPO = Path(__file__).resolve().parent.parent
DATASETS = {
    "xa-an-phu": REPO / "samples" / "xa-an-phu",
    "phuong-hoa-binh": REPO / "samples" / "phuong-hoa-binh",
    "party-full": REPO / "tests" / "data" / "party-full",
    "state-full": REPO / "tests" / "data" / "state-full",
    "party-min": REPO / "tests" / "data" / "party-min",
    "state-min": REPO / "tests" / "data" / "state-min",
}

# Generator problems found by the checker and reported (not rule problems): the confirming
# body's "T/M ..." line of a Party báo cáo thành tích is set in the position style (not
# bold), while 36-HD wants the quyền hạn line bold (format-standards §1.3, ô 7a).
# Remove an entry when the generator is fixed: the test fails while it is listed and gone.
KNOWN_GENERATOR_ISSUES: set[tuple[str, str, str]] = set()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("generated")
    return {name: build(path, root / name).files for name, path in DATASETS.items()}


def _doc(generated: dict[str, list[Path]], dataset: str, name: str) -> Path:
    return next(p for p in generated[dataset] if p.name == name or p.parent.name == name)


# -- generated documents --------------------------------------------------------------------
def test_every_generated_document_passes(generated: dict[str, list[Path]]) -> None:
    """This test ensures every .docx of the samples and the full test datasets has no
    finding, except the generator problems listed (which must still be present)."""
    seen_known = set()
    unexpected = []
    checked = 0
    for files in generated.values():
        for path in files:
            report = check_docx(path)
            checked += 1
            assert report.error is None, report.error
            for f in report.findings:
                key = (path.parent.name if path.parent.name.startswith("07-") else path.stem,
                       f.rule, report.family.value if report.family else "")
                if key in KNOWN_GENERATOR_ISSUES:
                    seen_known.add(key)
                else:
                    unexpected.append(f"{path.name}: {f.line()}")
    assert checked >= 90
    assert unexpected == []
    assert seen_known == KNOWN_GENERATOR_ISSUES, "a known generator issue is fixed: remove it"


def test_family_is_detected_from_the_header(generated: dict[str, list[Path]]) -> None:
    party = check_docx(_doc(generated, "xa-an-phu", "01-ke-hoach.docx"))
    state = check_docx(_doc(generated, "phuong-hoa-binh", "01-ke-hoach.docx"))
    assert party.family is not None and party.family.value == "party"
    assert state.family is not None and state.family.value == "state"
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in party.detected_by
    assert "CỘNG HÒA" in state.detected_by


# -- helpers to plant faults ---------------------------------------------------------------
def _paragraphs(doc: DocxDocument) -> list[Paragraph]:
    return [Paragraph(el, doc) for el in doc.element.body.iter(qn("w:p"))]


def _find(doc: DocxDocument, test: Callable[[str], bool]) -> Paragraph:
    for p in _paragraphs(doc):
        if test(p.text):
            return p
    raise AssertionError("paragraph not found")


def _text(doc: DocxDocument, old: str, new: str) -> None:
    p = _find(doc, lambda t: t == old)
    p.runs[0].text = new
    for r in p.runs[1:]:
        r.text = ""


def _fmt(doc: DocxDocument, text: str, **kw: object) -> None:
    p = _find(doc, lambda t: t == text)
    for r in p.runs:
        for k, v in kw.items():
            if k == "size":
                r.font.size = Pt(v)  # type: ignore[arg-type]
            elif k == "font":
                r.font.name = v  # type: ignore[assignment]
                r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hAnsi"), str(v))
            else:
                setattr(r.font, k, v)


def _starts(doc: DocxDocument, prefix: str) -> Paragraph:
    return _find(doc, lambda t: t.startswith(prefix))


def _delete(p: Paragraph) -> None:
    p._p.getparent().remove(p._p)


def _swap_header_cells(doc: DocxDocument) -> None:
    row = doc.tables[0].rows[0]._tr
    cells = row.findall(qn("w:tc"))
    row.remove(cells[0])
    cells[1].addnext(cells[0])


def _star_for_rule(doc: DocxDocument) -> None:
    cell = doc.tables[0].rows[0].cells[0]
    rule = next(p for p in cell.paragraphs if p.style.name == "DVK Phan cach")
    ppr = rule._p.get_or_add_pPr()
    for el in ppr.findall(qn("w:pBdr")):
        ppr.remove(el)
    rule.add_run("*")


def _heading_gap(doc: DocxDocument) -> None:
    _text(doc, "IV. TỔ CHỨC THỰC HIỆN", "V. TỔ CHỨC THỰC HIỆN")


def _heading_repeat(doc: DocxDocument) -> None:
    _text(doc, "2. Yêu cầu", "1. Yêu cầu")


def _landscape_without_table(doc: DocxDocument) -> None:
    s = doc.sections[0]
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = s.page_height, s.page_width


def _body(doc: DocxDocument) -> Paragraph:
    """The first paragraph of running text."""
    return next(p for p in _paragraphs(doc)
                if p.style.name == "DVK Noi dung" and len(p.text) > 60)


def _nfd(doc: DocxDocument) -> None:
    p = _body(doc)
    p.runs[0].text = unicodedata.normalize("NFD", p.runs[0].text)


def _no_name(doc: DocxDocument) -> None:
    _text(doc, "Phan Thị Diệu Hiền", "")


def _no_archive(doc: DocxDocument) -> None:
    _delete(_find(doc, lambda t: t == "- Lưu Văn phòng Đảng ủy."))
    _text(doc, "- Các chi bộ trực thuộc Đảng ủy xã,", "- Các chi bộ trực thuộc Đảng ủy xã.")


def _state_no_rule_under_issuer(doc: DocxDocument) -> None:
    cell = doc.tables[0].rows[0].cells[0]
    _delete(next(p for p in cell.paragraphs if p.style.name == "DVK Phan cach"))


def _add_paragraph(text: str) -> Callable[[DocxDocument], None]:
    def add(doc: DocxDocument) -> None:
        p = _body(doc)
        p.runs[0].text = p.runs[0].text + text

    return add


def _line_spacing(doc: DocxDocument) -> None:
    pf = _body(doc).paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = 2.0


def _pf(**kw: object) -> Callable[[DocxDocument], None]:
    def change(doc: DocxDocument) -> None:
        pf = _body(doc).paragraph_format
        for k, v in kw.items():
            setattr(pf, k, v)

    return change


def _state_basis_upright(doc: DocxDocument) -> None:
    p = _starts(doc, "Căn cứ Luật Thi đua")
    for r in p.runs:
        r.font.italic = False


def _state_basis_semicolon(doc: DocxDocument) -> None:
    p = _starts(doc, "Căn cứ Luật Thi đua")
    p.runs[-1].text = p.runs[-1].text.rstrip(";") + "."


def _party_basis_italic(doc: DocxDocument) -> None:
    p = _starts(doc, "- Căn cứ Điều lệ Đảng")
    for r in p.runs:
        r.font.italic = True


def _margin(doc: DocxDocument) -> None:
    doc.sections[0].left_margin = Mm(20)


def _letter(doc: DocxDocument) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(215.9), Mm(279.4)


def _subject_separator(text: str) -> Callable[[DocxDocument], None]:
    def change(doc: DocxDocument) -> None:
        _text(doc, "-----", text)

    return change


def _state_subject_rule_dashes(doc: DocxDocument) -> None:
    rule = next(p for p in _paragraphs(doc) if p.style.name == "DVK Gach trich yeu")
    ppr = rule._p.get_or_add_pPr()
    for el in ppr.findall(qn("w:pBdr")):
        ppr.remove(el)
    rule.add_run("-----")


def _remove_underline_title(doc: DocxDocument) -> None:
    _fmt(doc, "ĐẢNG CỘNG SẢN VIỆT NAM", underline=False)


def _left_align_doc_type(doc: DocxDocument) -> None:
    _find(doc, lambda t: t == "KẾ HOẠCH").alignment = WD_ALIGN_PARAGRAPH.LEFT


def _add_table_small(doc: DocxDocument) -> None:
    t = doc.tables[1]
    for r in t.rows[1].cells[0].paragraphs[0].runs:
        r.font.size = Pt(9)


def _tag_in_cell(doc: DocxDocument) -> None:
    cell = doc.tables[1].rows[1].cells[1]
    cell.paragraphs[0].runs[0].text = "{{ han.dang_ky }}"


PARTY_PLAN = ("xa-an-phu", "01-ke-hoach.docx")
STATE_PLAN = ("phuong-hoa-binh", "01-ke-hoach.docx")
PARTY_DECISION = ("xa-an-phu", "09-quyet-dinh.docx")
STATE_DECISION = ("phuong-hoa-binh", "09-quyet-dinh.docx")
PARTY_FORM = ("party-full", "03-phieu-dang-ky")

# (id, document, change, expected rule, other rules the change may also trigger)
FAULTS: list[tuple[str, tuple[str, str], Callable[[DocxDocument], None], str, set[str]]] = [
    ("letter-paper", PARTY_PLAN, _letter, "page.size", set()),
    ("landscape-no-table", PARTY_FORM, _landscape_without_table, "page.orientation",
     {"page.margins"}),
    ("left-margin-20", PARTY_PLAN, _margin, "page.margins", set()),
    ("arial", PARTY_PLAN, lambda d: _fmt(d, "KẾ HOẠCH", font="Arial"), "font.family", set()),
    ("vntime", STATE_PLAN, lambda d: _fmt(d, "KẾ HOẠCH", font=".VnTime"), "font.family", set()),
    ("nfd", PARTY_PLAN, _nfd, "text.nfc", set()),
    ("header-swapped", PARTY_PLAN, _swap_header_cells, "header.layout", set()),
    ("party-title-14pt", PARTY_PLAN, lambda d: _fmt(d, "ĐẢNG CỘNG SẢN VIỆT NAM", size=14),
     "header.title", set()),
    ("party-title-text", PARTY_PLAN,
     lambda d: _text(d, "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG CỘNG SẢN"), "header.title",
     {"header.title_rule"}),
    ("state-header-in-party", PARTY_PLAN,
     lambda d: _text(d, "ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
     "header.title", set()),
    ("quoc-hieu-14pt", STATE_PLAN,
     lambda d: _fmt(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=14), "header.national", set()),
    ("quoc-hieu-not-bold", STATE_PLAN,
     lambda d: _fmt(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=False), "header.national",
     set()),
    ("motto-en-dash", STATE_PLAN,
     lambda d: _text(d, "Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"),
     "header.motto", set()),
    ("party-title-no-rule", PARTY_PLAN, _remove_underline_title, "header.title_rule", set()),
    ("state-motto-no-rule", STATE_PLAN,
     lambda d: _fmt(d, "Độc lập - Tự do - Hạnh phúc", underline=False), "header.title_rule",
     set()),
    ("parent-bold", PARTY_PLAN, lambda d: _fmt(d, "ĐẢNG BỘ TỈNH LÂM ĐỒNG", bold=True),
     "header.parent", set()),
    ("issuer-not-bold", PARTY_PLAN, lambda d: _fmt(d, "ĐẢNG ỦY XÃ AN PHÚ", bold=False),
     "header.issuer", set()),
    ("issuer-lower-case", STATE_PLAN,
     lambda d: _text(d, "PHƯỜNG HÒA BÌNH", "Phường Hòa Bình"), "header.issuer", set()),
    ("missing-star", PARTY_PLAN, lambda d: _text(d, "*", ""), "header.separator", set()),
    ("state-star", STATE_PLAN, _star_for_rule, "header.separator", set()),
    ("state-no-rule", STATE_PLAN, _state_no_rule_under_issuer, "header.separator", set()),
    ("so-colon-in-party", PARTY_PLAN, lambda d: _text(d, "Số 03-KH/ĐU", "Số: 03-KH/ĐU"),
     "header.number", set()),
    ("unpadded-number", PARTY_PLAN, lambda d: _text(d, "Số 03-KH/ĐU", "Số 3-KH/ĐU"),
     "header.number", set()),
    ("state-number-party-style", STATE_PLAN,
     lambda d: _text(d, "Số: 12/KH-UBND", "Số 12-KH/UBND"), "header.number", set()),
    ("unpadded-date", PARTY_PLAN,
     lambda d: _text(d, "An Phú, ngày 15 tháng 01 năm 2026", "An Phú, ngày 15 tháng 1 năm 2026"),
     "header.place_date", set()),
    ("padded-march", STATE_PLAN,
     lambda d: _text(d, "Hòa Bình, ngày 26 tháng 01 năm 2026",
                     "Hòa Bình, ngày 06 tháng 03 năm 2026"), "header.place_date", set()),
    ("date-not-italic", PARTY_PLAN,
     lambda d: _fmt(d, "An Phú, ngày 15 tháng 01 năm 2026", italic=False), "header.place_date",
     set()),
    ("impossible-date", PARTY_PLAN,
     lambda d: _text(d, "An Phú, ngày 15 tháng 01 năm 2026", "An Phú, ngày 30 tháng 02 năm 2026"),
     "header.place_date", set()),
    ("doc-type-not-bold", PARTY_PLAN, lambda d: _fmt(d, "KẾ HOẠCH", bold=False),
     "title.doc_type", set()),
    ("doc-type-left", PARTY_PLAN, _left_align_doc_type, "title.doc_type", set()),
    ("subject-not-bold", PARTY_PLAN,
     lambda d: _fmt(d, "thực hiện phong trào thi đua “Dân vận khéo” năm 2026", bold=False),
     "title.subject", set()),
    ("party-subject-capital", PARTY_PLAN,
     lambda d: _text(d, "thực hiện phong trào thi đua “Dân vận khéo” năm 2026",
                     "Thực hiện phong trào thi đua “Dân vận khéo” năm 2026"), "title.subject",
     set()),
    ("subject-rule-missing", PARTY_PLAN, _subject_separator(""), "title.separator", set()),
    ("subject-rule-three", PARTY_PLAN, _subject_separator("---"), "title.separator", set()),
    ("state-subject-dashes", STATE_PLAN, _state_subject_rule_dashes, "title.separator", set()),
    ("state-basis-upright", STATE_PLAN, _state_basis_upright, "basis.style", set()),
    ("party-basis-italic", PARTY_DECISION, _party_basis_italic, "basis.style", set()),
    ("basis-period-midway", STATE_PLAN, _state_basis_semicolon, "basis.punctuation", set()),
    ("body-left", PARTY_PLAN, _pf(alignment=WD_ALIGN_PARAGRAPH.LEFT), "body.align", set()),
    ("body-no-indent", PARTY_PLAN, _pf(first_line_indent=Mm(0)), "body.indent", set()),
    ("body-hanging", STATE_PLAN, _pf(first_line_indent=Mm(-5)), "body.indent", set()),
    ("body-no-spacing", PARTY_PLAN, _pf(space_before=Pt(0), space_after=Pt(0)), "body.spacing",
     set()),
    ("body-double-spaced", PARTY_PLAN, _line_spacing, "body.line_spacing", set()),
    ("body-exact-30", STATE_PLAN,
     _pf(line_spacing_rule=WD_LINE_SPACING.EXACTLY, line_spacing=Pt(30)), "body.line_spacing",
     set()),
    ("body-12pt", PARTY_PLAN, lambda d: [setattr(r.font, "size", Pt(12)) for r in
                                         _body(d).runs] and None, "body.size", set()),
    ("table-9pt", PARTY_PLAN, _add_table_small, "body.size", set()),
    ("heading-gap", PARTY_PLAN, _heading_gap, "heading.numbering", set()),
    ("heading-repeat", PARTY_PLAN, _heading_repeat, "heading.numbering", set()),
    ("tm-dot-in-party", PARTY_PLAN,
     lambda d: _text(d, "T/M BAN THƯỜNG VỤ", "TM. BAN THƯỜNG VỤ"), "sign.prefix", set()),
    ("t-slash-m-in-state", STATE_PLAN,
     lambda d: _text(d, "TM. ỦY BAN NHÂN DÂN", "T/M ỦY BAN NHÂN DÂN"), "sign.prefix", set()),
    ("authority-not-bold", PARTY_PLAN, lambda d: _fmt(d, "T/M BAN THƯỜNG VỤ", bold=False),
     "sign.authority", set()),
    ("party-position-bold", PARTY_PLAN, lambda d: _fmt(d, "PHÓ BÍ THƯ", bold=True),
     "sign.position", set()),
    ("state-position-not-bold", STATE_PLAN,
     lambda d: _fmt(d, "CHỦ TỊCH", bold=False), "sign.position", set()),
    ("no-signer-name", PARTY_PLAN, _no_name, "sign.name", set()),
    ("academic-title", PARTY_PLAN,
     lambda d: _text(d, "Phan Thị Diệu Hiền", "TS. Phan Thị Diệu Hiền"), "sign.name", set()),
    ("name-caps", STATE_DECISION,
     lambda d: _text(d, "Lương Quốc Bảo", "LƯƠNG QUỐC BẢO"), "sign.name", set()),
    ("recipients-no-colon", PARTY_PLAN, lambda d: _text(d, "Nơi nhận:", "Nơi nhận"),
     "recipients.label", set()),
    ("party-label-not-underlined", PARTY_PLAN, lambda d: _fmt(d, "Nơi nhận:", underline=False),
     "recipients.label", set()),
    ("state-label-upright", STATE_PLAN, lambda d: _fmt(d, "Nơi nhận:", italic=False),
     "recipients.label", set()),
    ("item-no-comma", PARTY_PLAN,
     lambda d: _text(d, "- Thường trực Đảng ủy xã,", "- Thường trực Đảng ủy xã"),
     "recipients.item", set()),
    ("party-item-semicolon", PARTY_PLAN,
     lambda d: _text(d, "- Thường trực Đảng ủy xã,", "- Thường trực Đảng ủy xã;"),
     "recipients.item", set()),
    ("state-item-comma", STATE_PLAN,
     lambda d: _text(d, "- Các tổ dân phố;", "- Các tổ dân phố,"), "recipients.item", set()),
    ("item-no-dash", STATE_PLAN,
     lambda d: _text(d, "- Các tổ dân phố;", "Các tổ dân phố;"), "recipients.item", set()),
    ("missing-luu", PARTY_PLAN, _no_archive, "recipients.archive", set()),
    ("state-luu-in-party", PARTY_PLAN,
     lambda d: _text(d, "- Lưu Văn phòng Đảng ủy.", "- Lưu: VT, VP."), "recipients.archive",
     set()),
    ("party-luu-in-state", STATE_PLAN,
     lambda d: _text(d, "- Lưu: VT, VP.", "- Lưu Văn phòng."), "recipients.archive", set()),
    ("leftover-tag", PARTY_PLAN, _add_paragraph(" {{ han.dang_ky }}"), "leftover.template",
     set()),
    ("leftover-tag-in-cell", PARTY_PLAN, _tag_in_cell, "leftover.template", set()),
    ("dots", PARTY_PLAN, _add_paragraph(" Thời gian: ……"), "leftover.dots", set()),
]


_CLEAN_BASES: set[tuple[str, str]] = set()

# Faults that make the document look like the other family: checked with --family.
FORCED_FAMILY = {"state-header-in-party": "party"}


def _mutated(generated: dict[str, list[Path]], where: tuple[str, str],
             change: Callable[[DocxDocument], None]) -> bytes:
    path = _doc(generated, *where)
    if path.is_dir():
        path = sorted(path.glob("*.docx"))[0]
    doc = docx.Document(str(path))
    change(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("case", "where", "change", "rule", "also"), FAULTS,
                         ids=[f[0] for f in FAULTS])
def test_planted_fault_is_caught(generated: dict[str, list[Path]], case: str,
                                 where: tuple[str, str], change: Callable[[DocxDocument], None],
                                 rule: str, also: set[str]) -> None:
    """This test ensures each planted fault fires its rule (and no unrelated rule)."""
    if where not in _CLEAN_BASES:
        before = check_docx(_mutated(generated, where, lambda d: None))
        assert before.findings == [], [f.line() for f in before.findings]
        _CLEAN_BASES.add(where)
    report = check_docx(_mutated(generated, where, change), name=case,
                        family=FORCED_FAMILY.get(case))
    rules = report.rules()
    FIRED.update(rules)
    assert rule in rules, [f.line() for f in report.findings]
    assert rules <= {rule} | also, [f.line() for f in report.findings]
    finding = next(f for f in report.findings if f.rule == rule)
    assert finding.where and finding.found and finding.expected
    assert finding.spec.startswith(("format-standards.md §", "pitfalls.md"))


# rules that fired in test_planted_fault_is_caught (this session)
FIRED: set[str] = set()


def test_every_rule_fires_in_the_broken_corpus(generated: dict[str, list[Path]]) -> None:
    """This test ensures the rule registry and the rules that actually fired on the broken
    corpus are the same set: no rule without a planted fault it catches, no finding under an
    unregistered rule id. Faults not run in this session (-k) are checked here."""
    assert {f[3] for f in FAULTS} == set(RULES)
    for case, where, change, rule, _also in FAULTS:
        if rule not in FIRED:
            FIRED.update(check_docx(_mutated(generated, where, change), name=case,
                                    family=FORCED_FAMILY.get(case)).rules())
    assert set(RULES) == FIRED, (sorted(set(RULES) - FIRED), sorted(FIRED - set(RULES)))


def test_allowed_ranges_are_respected(generated: dict[str, list[Path]]) -> None:
    """This test ensures the profile's ranges decide: a 12 or 13 pt Quốc hiệu (12–13) and a
    15 pt body (13–15) pass, 1.27 cm indent and margins inside 20–25/30–35/15–20 mm pass; a
    14 pt Quốc hiệu does not."""
    for size in (12, 13):
        report = check_docx(_mutated(generated, STATE_PLAN, _in_ranges(size)))
        assert report.findings == [], (size, [f.line() for f in report.findings])
    too_big = check_docx(_mutated(generated, STATE_PLAN, lambda d: _fmt(
        d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=14)))
    assert too_big.rules() == {"header.national"}, [f.line() for f in too_big.findings]


def _in_ranges(national_pt: int) -> Callable[[DocxDocument], None]:
    def change(doc: DocxDocument) -> None:
        _fmt(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=national_pt)
        _fmt(doc, "Độc lập - Tự do - Hạnh phúc", size=13)
        for para in _paragraphs(doc):
            if para.style.name == "DVK Noi dung" and para.text.strip():
                para.paragraph_format.first_line_indent = Mm(12.7)
                for r in para.runs:
                    r.font.size = Pt(15)
        s = doc.sections[0]
        s.top_margin, s.left_margin, s.right_margin = Mm(25), Mm(35), Mm(20)

    return change


# -- documents typed by hand -----------------------------------------------------------------
def _hand_typed(family: str, *, tabs: bool = False, number: str | None = None,
                date: str = "Yên Bình, ngày 04 tháng 3 năm 2026",
                item_end: str | None = None) -> bytes:
    """A document a clerk might type in Word: direct formatting only, no DVK styles."""
    doc = docx.Document()
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hAnsi"), "Times New Roman")
    normal.font.size = Pt(14)
    party = family == "party"

    def line(target: object, text: str, size: float = 14, *, bold: bool = False,
             italic: bool = False, underline: bool = False, align: str = "center") -> Paragraph:
        p = target.add_paragraph() if not isinstance(target, Paragraph) else target
        run = p.add_run(text)
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        run.font.underline = underline
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                       "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        p.paragraph_format.space_after = Pt(0)
        return p

    def rule_under(cell: object) -> None:
        p = cell.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bdr.append(bottom)
        ppr.append(bdr)

    if tabs and party:
        first = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
        p = line(first, "ĐẢNG BỘ TỈNH HÀ GIANG", align="left")
        p.add_run("\t\t")
        r = p.add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
        r.font.bold = r.font.underline = True
        r.font.size = Pt(15)
        p = line(doc, "ĐẢNG ỦY XÃ YÊN BÌNH", bold=True, align="left")
        line(doc, "*", align="left")
        p = line(doc, number or "Số 07-KH/ĐU", align="left")
        p.add_run("\t\t")
        r = p.add_run(date)
        r.font.italic = True
    else:
        table = doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        line(left.paragraphs[0], "ĐẢNG BỘ TỈNH HÀ GIANG" if party else "ỦY BAN NHÂN DÂN", 14
             if party else 13)
        line(left, "ĐẢNG ỦY XÃ YÊN BÌNH" if party else "XÃ YÊN BÌNH", 14 if party else 13,
             bold=True)
        if party:
            line(left, "*")
        else:
            rule_under(left)
        line(left, number or ("Số 07-KH/ĐU" if party else "Số: 07/KH-UBND"), 14 if party else 13)
        if party:
            line(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True, underline=True)
        else:
            line(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
            line(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
        line(right, date, 14, italic=True)
    doc.add_paragraph()
    line(doc, "KẾ HOẠCH", 16 if party else 14, bold=True)
    line(doc, "tổ chức phong trào “Dân vận khéo” năm 2026", 15 if party else 14, bold=True)
    if party:
        line(doc, "-----")
    else:
        p = doc.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        top.set(qn("w:val"), "single")
        bdr.append(top)
        ppr.append(bdr)
    for text, bold in (("I. MỤC ĐÍCH, YÊU CẦU", True), ("1. Mục đích", True),
                       ("Phát huy vai trò của Nhân dân trong xây dựng nông thôn mới.", False),
                       ("2. Yêu cầu", True), ("Thiết thực, hiệu quả, không hình thức.", False),
                       ("II. TỔ CHỨC THỰC HIỆN", True), ("Các chi bộ triển khai thực hiện.",
                                                        False)):
        p = line(doc, text, 14, bold=bold, align="justify")
        pf = p.paragraph_format
        pf.first_line_indent = Mm(10)
        pf.space_before = Pt(6)
        pf.line_spacing = 1.3
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    line(left.paragraphs[0], "Nơi nhận:", 14 if party else 12, underline=party, bold=not party,
         italic=not party, align="left")
    end = item_end if item_end is not None else ("," if party else ";")
    line(left, f"- Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo){end}", 12 if party else 11,
         align="left")
    line(left, f"- Các chi bộ{end}", 12 if party else 11, align="left")
    line(left, "- Lưu Văn phòng Đảng ủy." if party else "- Lưu: VT, VP.", 12 if party else 11,
         align="left")
    line(right.paragraphs[0], "T/M BAN THƯỜNG VỤ" if party else "TM. ỦY BAN NHÂN DÂN", 14,
         bold=True)
    line(right, "BÍ THƯ" if party else "CHỦ TỊCH", 14, bold=not party)
    for _ in range(3):
        right.add_paragraph()
    line(right, "Hoàng Văn Sơn", 14, bold=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("family", "tabs"), [("party", False), ("state", False),
                                              ("party", True)])
def test_hand_typed_documents_are_read_without_our_styles(family: str, tabs: bool) -> None:
    """This test ensures a document typed with direct formatting (tables or tabs for the
    header, no DVK style) is recognised element by element and passes."""
    report = check_docx(_hand_typed(family, tabs=tabs))
    assert report.family is not None and report.family.value == family
    assert report.findings == [], [f.line() for f in report.findings]


@pytest.mark.parametrize("tabs", [False, True])
def test_hand_typed_faults_are_found(tabs: bool) -> None:
    """This test ensures the same faults are caught without our styles to lean on."""
    data = _hand_typed("party", tabs=tabs, number="Số: 7-KH/ĐU",
                       date="Yên Bình, ngày 4 tháng 03 năm 2026")
    report = check_docx(data)
    assert report.rules() == {"header.number", "header.place_date"}, \
        [f.line() for f in report.findings]
    assert len([f for f in report.findings if f.rule == "header.number"]) == 2  # ':' and 7


@pytest.mark.parametrize(("family", "wrong"), [("party", ";"), ("state", ",")])
def test_hand_typed_recipients_of_the_other_family_are_flagged(family: str, wrong: str) -> None:
    """This test ensures a Party letter whose Nơi nhận lines end with ';' and a State letter
    whose lines end with ',' are flagged (Party ',' and State ';' pass, see above)."""
    report = check_docx(_hand_typed(family, item_end=wrong))
    items = [f for f in report.findings if f.rule == "recipients.item"]
    assert report.rules() == {"recipients.item"}, [f.line() for f in report.findings]
    assert len(items) == 2
    assert ("dấu phẩy «,»" if family == "party" else "dấu chấm phẩy «;»") in items[0].line()


# -- reading any file, and the command line --------------------------------------------------
def test_unreadable_files_are_reported_not_raised(tmp_path: Path) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip at all")
    old = tmp_path / "cu.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    plain = tmp_path / "trang.docx"
    docx.Document().save(str(plain))
    assert "không phải file .docx hợp lệ" in (check_docx(bad).error or "")
    assert ".doc" in (check_docx(old).error or "")
    assert "--family" in (check_docx(plain).error or "")
    assert check_docx(plain, family="state").error is None


def test_cli_text_json_and_exit_codes(generated: dict[str, list[Path]], tmp_path: Path) -> None:
    """This test ensures the command prints findings with rule ids and places, exits 1 on
    a fault and 0 on a clean file, and --json is parseable."""
    clean = _doc(generated, "phuong-hoa-binh", "01-ke-hoach.docx")
    broken = tmp_path / "hong.docx"
    broken.write_bytes(_mutated(generated, PARTY_PLAN, lambda d: _text(d, "Số 03-KH/ĐU",
                                                                         "Số: 03-KH/ĐU")))
    runner = CliRunner()
    ok = runner.invoke(cli, ["check", str(clean)])
    assert ok.exit_code == 0, ok.output
    assert "đạt" in ok.output
    bad = runner.invoke(cli, ["check", str(broken), str(clean)])
    assert bad.exit_code == 1
    assert "[header.number]" in bad.output and "bảng 1, dòng 1, cột 1" in bad.output
    assert "Đã kiểm tra 2 file: 1 đạt, 1 có lỗi." in bad.output
    js = runner.invoke(cli, ["check", "--json", str(broken)])
    data = json.loads(js.output)
    assert js.exit_code == 1 and data["ok"] is False
    finding = data["files"][0]["findings"][0]
    assert finding["rule"] == "header.number" and finding["spec"].startswith("format-standards")
    assert set(finding) >= {"where", "found", "expected", "severity", "title"}
    folder = runner.invoke(cli, ["check", str(clean.parent / "03-phieu-dang-ky")])
    assert folder.exit_code == 0, folder.output
    missing = runner.invoke(cli, ["check", str(tmp_path / "khong-co.docx")])
    assert missing.exit_code == 1 and missing.output.startswith("Lỗi:")
    usage = runner.invoke(cli, ["check"])
    assert usage.exit_code == 2
    forced = runner.invoke(cli, ["check", "--family", "state", str(clean)])
    assert forced.exit_code == 0


# -- templates check --------------------------------------------------------------------------
def _edit_template(path: Path, edits: dict[str, Callable[[Paragraph], None]]) -> None:
    """Apply each edit to the paragraph whose text is the key (each must exist)."""
    d = docx.Document(str(path))
    paras = {Paragraph(el, d).text: Paragraph(el, d) for el in d.element.body.iter(qn("w:p"))}
    for text, edit in edits.items():
        assert text in paras, text
        edit(paras[text])
    d.save(str(path))


def _retype(new: str) -> Callable[[Paragraph], None]:
    def edit(p: Paragraph) -> None:
        p.runs[0].text = new
        for r in p.runs[1:]:
            r.text = ""
    return edit


def _split(p: Paragraph) -> None:
    """What Word does when a tag is edited in the middle: two runs, different formatting."""
    p.runs[0].text = "{{ hdr."
    p.add_run("number }}").bold = True


@pytest.fixture(scope="module")
def broken_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped templates with faults in the two plans: the Party one parses
    (so its variables are checked), the State one does not (syntax errors)."""
    from dvk_docs.api import copy_templates

    root = tmp_path_factory.mktemp("templates")
    copy_templates(root)
    _edit_template(root / "letter_templates" / "party" / "ke_hoach.docx", {
        "{{ hdr.number }}": _split,
        "{{ doc_type }}": _retype("{{ doc_type|replace(“A”, ”B”) }}"),
        "{{ sig.name }}": _retype("{{ sig.nam.first }}"),
    })
    _edit_template(root / "letter_templates" / "state" / "ke_hoach.docx", {
        "{{ preamble }}": _retype("{{ preamble | }}"),
        "{{ hdr.place_date }}": _retype("{{ hdr.place_date }"),
    })
    return root


def test_shipped_templates_pass_templates_check(tmp_path: Path) -> None:
    """This test ensures every template the project ships has no template finding."""
    from dvk_docs.api import copy_templates
    from dvk_docs.check.templates import lint_templates

    copy_templates(tmp_path / "tpl")
    reports = lint_templates(tmp_path / "tpl")
    assert len(reports) >= 20
    assert [(r.file, f.line()) for r in reports for f in r.findings] == []


def test_templates_check_finds_each_fault_with_place_and_hint(broken_templates: Path) -> None:
    """This test ensures split tags, smart quotes, an unknown nested variable, a Jinja syntax
    error and an unclosed tag are each reported with the paragraph / table cell and a hint."""
    from dvk_docs.check.templates import lint_templates

    reports = {Path(r.file).relative_to(broken_templates).as_posix(): r
               for r in lint_templates(broken_templates)}
    party = reports.pop("letter_templates/party/ke_hoach.docx")
    state = reports.pop("letter_templates/state/ke_hoach.docx")
    assert all(r.ok and not r.findings for r in reports.values())  # only the edited ones
    by_rule = {f.rule: f for f in party.findings + state.findings}
    assert {f.rule for f in party.findings} == {"tag.split", "tag.quotes", "var.unknown"}, [
        f.line() for f in party.findings]
    assert {f.rule for f in state.findings} == {"tag.syntax", "tag.unclosed"}, [
        f.line() for f in state.findings]
    for f in party.findings + state.findings:
        assert "đoạn" in f.where and f.hint and f.message, f.line()
    assert by_rule["tag.split"].where.startswith("bảng 1, dòng 1, cột 1")  # the header grid
    assert "sig.nam" in by_rule["var.unknown"].message
    assert "'sig.name'" in by_rule["var.unknown"].hint
    assert "nháy thẳng" in by_rule["tag.quotes"].hint
    assert "{{ preamble | }}" in by_rule["tag.syntax"].message
    assert not party.ok and not state.ok


def test_templates_check_cli(broken_templates: Path, tmp_path: Path) -> None:
    """This test ensures 'dvk-docs templates check' prints findings, exits 1 on a broken
    template and 0 on clean ones, and --json is parseable."""
    from dvk_docs.api import copy_templates

    runner = CliRunner()
    bad = runner.invoke(cli, ["templates", "check", str(broken_templates)])
    assert bad.exit_code == 1, bad.output
    assert "[var.unknown]" in bad.output and "Cách sửa:" in bad.output
    assert "Đã kiểm tra 20 mẫu: 18 đạt, 2 có lỗi." in bad.output
    js = runner.invoke(cli, ["templates", "check", "--json", str(broken_templates)])
    data = json.loads(js.output)
    assert js.exit_code == 1 and data["ok"] is False
    copy_templates(tmp_path / "ok")
    good = runner.invoke(cli, ["templates", "check", str(tmp_path / "ok"),
                               "--dataset", str(DATASETS["party-min"])])
    assert good.exit_code == 0, good.output
    missing = runner.invoke(cli, ["templates", "check", str(tmp_path / "khong-co")])
    assert missing.exit_code == 1 and "Lỗi:" in missing.output


def test_party_archive_line_may_name_vt(generated: dict[str, list[Path]]) -> None:
    """This test ensures '- Lưu VT.' (seed 003) passes in a Party document, while the State
    form '- Lưu: VT.' does not."""
    ok = check_docx(_mutated(generated, PARTY_PLAN,
                             lambda d: _text(d, "- Lưu Văn phòng Đảng ủy.", "- Lưu VT.")))
    assert ok.findings == [], [f.line() for f in ok.findings]
    bad = check_docx(_mutated(generated, PARTY_PLAN,
                              lambda d: _text(d, "- Lưu Văn phòng Đảng ủy.", "- Lưu: VT.")))
    assert bad.rules() == {"recipients.archive"}
