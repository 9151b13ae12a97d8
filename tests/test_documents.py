"""Round trips: build, re-open each .docx with python-docx, check what a reader sees."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dvk_docs import build
from dvk_docs.profiles import PARTY_HD36, STATE_ND30

from .docx_helpers import all_text, cell_lines, effective, find_paragraph, open_docx


@pytest.fixture
def party_out(party_min: Path, tmp_path: Path) -> Path:
    build(party_min, tmp_path / "out")
    return tmp_path / "out"


@pytest.fixture
def state_out(state_min: Path, tmp_path: Path) -> Path:
    build(state_min, tmp_path / "out-state")
    return tmp_path / "out-state"


def test_party_plan_header_grid(party_out: Path) -> None:
    """This test ensures that the Party header puts each element in its cell (ô 1-4)."""
    doc = open_docx(party_out / "01-ke-hoach.docx")
    header = doc.tables[0]
    assert cell_lines(header, 0, 0) == ["ĐẢNG BỘ TỈNH LÂM HÀ", "ĐẢNG ỦY XÃ AN PHÚ", "*",
                                        "Số 03-KH/ĐU"]
    assert cell_lines(header, 0, 1) == ["ĐẢNG CỘNG SẢN VIỆT NAM",
                                        "An Phú, ngày 15 tháng 01 năm 2026"]


def test_party_plan_element_formatting(party_out: Path) -> None:
    """This test ensures that sizes and weights match the HD 36 profile (format-standards §4.2)."""
    doc = open_docx(party_out / "01-ke-hoach.docx")
    e = PARTY_HD36.elements
    cases = {
        "ĐẢNG CỘNG SẢN VIỆT NAM": (e["title"].size, True, False, True),
        "ĐẢNG BỘ TỈNH LÂM HÀ": (14, False, False, False),
        "ĐẢNG ỦY XÃ AN PHÚ": (14, True, False, False),
        "Số 03-KH/ĐU": (14, False, False, False),
        "An Phú, ngày 15 tháng 01 năm 2026": (14, False, True, False),
        "KẾ HOẠCH": (16, True, False, False),
        "thực hiện phong trào thi đua “Dân vận khéo” năm 2026": (15, True, False, False),
        "T/M BAN THƯỜNG VỤ": (14, True, False, False),
        "PHÓ BÍ THƯ": (14, False, False, False),  # Party: chức vụ not bold
        "Trần Văn Bình": (14, True, False, False),
        "Nơi nhận:": (14, False, False, True),
        "- Lưu Văn phòng Đảng ủy.": (12, False, False, False),
    }
    for text, (size, bold, italic, underline) in cases.items():
        fmt = effective(find_paragraph(doc, text))
        assert (fmt.size, fmt.bold, fmt.italic, fmt.underline) == (size, bold, italic,
                                                                    underline), text
        assert fmt.font == "Times New Roman", text
    assert find_paragraph(doc, "-----").alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)


def test_party_plan_page_setup_and_body(party_out: Path) -> None:
    """This test ensures margins, A4 portrait, justified body with first-line indent."""
    doc = open_docx(party_out / "01-ke-hoach.docx")
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin,
                                  s.right_margin)] == [20, 20, 30, 15]
    assert s.different_first_page_header_footer  # no page number on page 1
    body = doc.styles["DVK Noi dung"].paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(body.first_line_indent.mm) == 10
    assert body.space_before.pt == 6
    assert body.line_spacing.pt == 18


def test_party_plan_preamble_body_and_signature(party_out: Path) -> None:
    """This test ensures the căn cứ chain, numbered Markdown headings and recipients."""
    doc = open_docx(party_out / "01-ke-hoach.docx")
    text = all_text(doc)
    assert ("Thực hiện Hướng dẫn số 12-HD/BTGDVTU, ngày 10/01/2026 của Ban Tuyên giáo và Dân "
            "vận Tỉnh ủy về thực hiện phong trào thi đua “Dân vận khéo” năm 2026, Ban Thường "
            "vụ Đảng ủy xã An Phú xây dựng Kế hoạch như sau") in text
    for line in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu", "2.1. Cấp 3",
                 "a) Điểm a", "b) Điểm b", "II. TỔ CHỨC THỰC HIỆN"):
        assert line in text.split("\n"), line
    assert "- Nâng cao nhận thức & trách nhiệm <của> cấp ủy; hạn 31/3/2026." in text
    assert "+ nhánh con nghiêng" in text
    assert "96 năm" in text  # anniversary computed from the year
    for ch in ("**", "##", "|---"):
        assert ch not in text
    sig = doc.tables[-1]
    assert cell_lines(sig, 0, 0) == [
        "Nơi nhận:",
        "- Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo),",
        "- Các chi bộ trực thuộc,",
        "- Lưu Văn phòng Đảng ủy.",
    ]
    assert cell_lines(sig, 0, 1) == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Văn Bình"]


def test_markdown_table_and_bold_runs(party_out: Path) -> None:
    """This test ensures a Markdown table becomes a Word table and **bold** a bold run."""
    doc = open_docx(party_out / "01-ke-hoach.docx")
    md_table = doc.tables[1]
    assert [c.text for c in md_table.rows[0].cells] == ["Nội dung", "Thời gian"]
    assert [c.text for c in md_table.rows[1].cells] == ["Đăng ký", "31/3/2026"]
    para = find_paragraph(doc, "- Nâng cao nhận thức & trách nhiệm <của> cấp ủy; hạn 31/3/2026.")
    bold = [r.text for r in para.runs if r.bold]
    assert bold == ["nhận thức"]


def test_state_plan_header_and_signature(state_out: Path) -> None:
    """This test ensures the State family: Quốc hiệu + Tiêu ngữ, 'Số:' slash, TM./KT."""
    doc = open_docx(state_out / "01-ke-hoach.docx")
    header = doc.tables[0]
    assert cell_lines(header, 0, 0) == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH", "Số: 07/KH-UBND"]
    assert cell_lines(header, 0, 1) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                        "Độc lập - Tự do - Hạnh phúc",
                                        "Hòa Bình, ngày 12 tháng 3 năm 2026"]
    e = STATE_ND30.elements
    assert effective(find_paragraph(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).size == \
        e["title"].size == 13
    motto = effective(find_paragraph(doc, "Độc lập - Tự do - Hạnh phúc"))
    assert (motto.size, motto.bold) == (14, True)
    label = effective(find_paragraph(doc, "Nơi nhận:"))
    assert (label.size, label.bold, label.italic) == (12, True, True)
    assert effective(find_paragraph(doc, "- Lưu: VT, VP.")).size == 11
    sig = doc.tables[-1]
    assert cell_lines(sig, 0, 1) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Cúc"]
    assert effective(find_paragraph(doc, "PHÓ CHỦ TỊCH")).bold  # State: chức vụ bold
    assert cell_lines(sig, 0, 0)[1:] == ["- Như trên;", "- Thường trực Đảng ủy phường;",
                                         "- Lưu: VT, VP."]
    # the short rule under the issuing body is a border on an empty paragraph, centred
    rule = header.cell(0, 0).paragraphs[2]
    assert rule.text == "" and rule._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None


def test_state_basis_lines_are_italic(state_out: Path) -> None:
    """This test ensures State căn cứ are one per line, italic, ";" then "." at the end, and
    a Party document is cited the State way (no comma before "ngày")."""
    doc = open_docx(state_out / "01-ke-hoach.docx")
    first = find_paragraph(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
    assert effective(first).italic
    text = all_text(doc)
    assert ("Căn cứ Kế hoạch số 05-KH/ĐU ngày 20/01/2026 của Đảng ủy phường Hòa Bình về thực "
            "hiện phong trào thi đua “Dân vận khéo” năm 2026.") in text


def test_summary_counts_add_up(state_out: Path) -> None:
    """This test ensures Mẫu 1 groups rows by lĩnh vực and every count adds up."""
    doc = open_docx(state_out / "02-tong-hop-dang-ky.docx")
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.LANDSCAPE and round(s.page_width.mm) == 297
    table = doc.tables[1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0][0] == "STT" and rows[0][4] == "Tên mô hình"
    assert rows[1] == [f"({i})" for i in range(1, 10)]
    headings = [r[0] for r in rows if r[0] == r[-1] and r[0].split(".")[0] in
                {"I", "II", "III", "IV", "V"}]
    assert headings == ["I. Lĩnh vực phát triển kinh tế", "II. Lĩnh vực văn hóa - xã hội",
                        "III. Lĩnh vực quốc phòng - an ninh",
                        "IV. Lĩnh vực xây dựng hệ thống chính trị", "V. Các lĩnh vực khác"]
    data = [r for r in rows[2:] if r[0].isdigit()]
    assert [r[0] for r in data] == ["1", "2", "3"]  # numbering: continuous
    totals = [r for r in rows if r[0] == "Cộng"]
    grand = next(r for r in rows if r[0] == "Tổng cộng")
    for col in (2, 3, 5, 6, 7):
        marks = sum(1 for r in data if r[col] == "x")
        assert sum(int(r[col]) for r in totals) == marks == int(grand[col])
    assert int(grand[2]) + int(grand[3]) == len(data)
    assert int(grand[5]) + int(grand[6]) + int(grand[7]) == len(data)
    text = all_text(doc)
    assert ("Tổng số 03 mô hình, trong đó: 02 tập thể, 01 cá nhân; 01 đăng ký mới, 01 có từ "
            "trước, 01 nhân rộng.") in text


def test_party_summary_attached_line_and_per_group_numbering(party_out: Path) -> None:
    """This test ensures '(Kèm theo Kế hoạch số ...)' cites the plan's own number and date."""
    doc = open_docx(party_out / "02-tong-hop-dang-ky.docx")
    text = all_text(doc)
    assert ("(Kèm theo Kế hoạch số 03-KH/ĐU, ngày 15/01/2026 của Ban Thường vụ Đảng ủy xã An "
            "Phú)") in text
    assert "An Phú, ngày      tháng      năm 2026" in text  # date left for the clerk


def test_registration_forms(party_out: Path, state_out: Path) -> None:
    """This test ensures one phiếu per registration with the right fields and blocks."""
    party_forms = sorted((party_out / "03-phieu-dang-ky").glob("*.docx"))
    assert len(party_forms) == 2
    doc = open_docx(party_forms[1])
    text = all_text(doc)
    assert "Kính gửi: Ban Xây dựng Đảng Đảng ủy xã An Phú" in text
    assert "2. Tên mô hình: “Nuôi tép”" in text
    assert "- Năm sinh: 1970" in text
    assert "NGƯỜI ĐĂNG KÝ" in text and "Nguyễn Văn A" in text
    assert "XÁC NHẬN CỦA ĐẢNG ỦY XÃ AN PHÚ" in text
    header = doc.tables[0]
    assert cell_lines(header, 0, 0) == ["ĐẢNG ỦY XÃ AN PHÚ", "*"]  # person: unit heads form
    assert "Số" not in " ".join(cell_lines(header, 0, 0))
    state_forms = sorted((state_out / "03-phieu-dang-ky").glob("*.docx"))
    doc = open_docx(state_forms[0])
    # the unit's own line break is kept: 'HÒA BÌNH' never wraps alone
    assert cell_lines(doc.tables[0], 0, 0) == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH",
                                               "TỔ DÂN PHỐ 4"]
    assert "Hòa Bình, ngày 03 tháng 3 năm 2026" in all_text(doc)


def test_every_text_is_nfc(party_min: Path, tmp_path: Path) -> None:
    """This test ensures NFD input comes out NFC in every paragraph."""
    ds = party_min / "dataset.yaml"
    text = ds.read_text(encoding="utf-8")
    ds.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    result = build(party_min, tmp_path / "nfd")
    for path in result.files:
        body = all_text(open_docx(path))
        assert unicodedata.is_normalized("NFC", body), path.name
    assert "ĐẢNG ỦY XÃ AN PHÚ" in all_text(open_docx(result.files[0]))


def test_escaping_of_xml_characters(party_min: Path, tmp_path: Path) -> None:
    """This test ensures '<', '>' and '&' in data reach the page literally."""
    ds = party_min / "dataset.yaml"
    text = ds.read_text(encoding="utf-8").replace("model_name: Tuyến đường hoa",
                                                  'model_name: "Hoa <đẹp> & sạch"')
    ds.write_text(text, encoding="utf-8")
    result = build(party_min, tmp_path / "esc")
    summary = next(p for p in result.files if p.name.startswith("02-"))
    assert "Hoa <đẹp> & sạch" in all_text(open_docx(summary))


def test_margin_override_from_dataset(party_min: Path, tmp_path: Path) -> None:
    """This test ensures a dataset 'profile:' override reaches every document's sections."""
    ds = party_min / "dataset.yaml"
    ds.write_text(ds.read_text(encoding="utf-8") +
                  "profile:\n  margins_mm: {top: 25, left: 35}\n  line_spacing_pt: 20\n",
                  encoding="utf-8")
    result = build(party_min, tmp_path / "m")
    for path in result.files:
        doc = open_docx(path)
        s = doc.sections[0]
        assert (round(s.top_margin.mm), round(s.left_margin.mm),
                round(s.right_margin.mm)) == (25, 35, 15)
        assert doc.styles["DVK Noi dung"].paragraph_format.line_spacing.pt == 20
