"""Defects a page-by-page review of both samples found after issue 13's first pass: personal
header of a person's báo cáo thành tích, complete Party phiếu, real superiors in headers,
quotes inside model names, one spelling of STT."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from dvk_docs import build
from dvk_docs.dataset import load_dataset
from dvk_docs.documents.registration_form import quoted

from .docx_helpers import all_text, cell_lines, open_docx

REPO = Path(__file__).resolve().parent.parent
KINDS = ["tong_hop_dang_ky", "phieu_dang_ky", "bao_cao_thanh_tich"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("issue13")
    for sample in ("xa-an-phu", "phuong-hoa-binh"):
        build(REPO / "samples" / sample, out / sample, kinds=KINDS)
    return {"party": out / "xa-an-phu", "state": out / "phuong-hoa-binh"}


def _one(folder: Path, prefix: str) -> Path:
    return next(folder.glob(f"{prefix}-*.docx"))


# -- 1. a person's báo cáo thành tích is their own report ------------------------------------
@pytest.mark.parametrize(("family", "report", "title"), [
    ("party", "002", ["ĐẢNG CỘNG SẢN VIỆT NAM"]),  # Phạm Thị Thu Trang
    ("party", "004", ["ĐẢNG CỘNG SẢN VIỆT NAM"]),  # Nguyễn Hữu Phước
    ("state", "002", ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]),
    ("state", "003", ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]),
])
def test_personal_report_has_no_organisation_header(built: dict[str, Path], family: str,
                                                     report: str, title: list[str]) -> None:
    """This test ensures an individual's report carries no organisation line, separator or
    number, only the motto and date, with the lý lịch lines and first-person text."""
    doc = open_docx(_one(built[family] / "07-bao-cao-thanh-tich", report))
    assert cell_lines(doc.tables[0], 0, 0) == []
    right = cell_lines(doc.tables[0], 0, 1)
    assert right[:len(title)] == title and ", ngày " in right[-1]
    text = all_text(doc)
    for label in ("- Ngày sinh: ", "- Quê quán: ", "- Dân tộc: ",
                  "- Trình độ chuyên môn, lý luận chính trị: ", "- Ngày vào Đảng: "):
        assert label in text, label
    assert "tôi " in text.lower()


def test_collective_report_keeps_its_header(built: dict[str, Path]) -> None:
    """This test ensures a tập thể report is headed by itself under the Party committee,
    not under the chi bộ that leads it (Công an xã under 'CHI BỘ CÔNG AN XÃ' was wrong)."""
    doc = open_docx(_one(built["party"] / "07-bao-cao-thanh-tich", "003"))
    assert cell_lines(doc.tables[0], 0, 0) == ["ĐẢNG ỦY XÃ AN PHÚ", "CÔNG AN XÃ AN PHÚ", "*"]


# -- 2. the Party phiếu prints every field, a date and the signer -----------------------------
def test_party_forms_are_complete(built: dict[str, Path]) -> None:
    """This test ensures each of the 30 commune phiếu has địa bàn, cách làm, thời gian,
    người phụ trách filled, a date and a signer's name."""
    forms = sorted((built["party"] / "03-phieu-dang-ky").glob("*.docx"))
    assert len(forms) == 30
    for form in forms:
        doc = open_docx(form)
        lines = all_text(doc).split("\n")
        for label in ("Địa bàn, phạm vi thực hiện", "Nội dung, cách làm",
                      "Thời gian thực hiện", "Người phụ trách"):
            line = next(x for x in lines if x.split(". ", 1)[-1].startswith(label + ":"))
            assert line.split(":", 1)[1].strip(), (form.name, label)
        date = cell_lines(doc.tables[0], 0, 1)[-1]
        assert "ngày  " not in date and "tháng 0" in date, (form.name, date)
        sig = cell_lines(doc.tables[-1], 0, 1)
        assert sig[-1].strip(), (form.name, sig)
    chi_bo = open_docx(_one(built["party"] / "03-phieu-dang-ky", "002"))
    assert cell_lines(chi_bo.tables[-1], 0, 1)[:2] == ["T/M CHI BỘ", "BÍ THƯ"]


def test_state_forms_are_dated(built: dict[str, Path]) -> None:
    """This test ensures every ward phiếu carries its date."""
    for form in sorted((built["state"] / "03-phieu-dang-ky").glob("*.docx")):
        date = cell_lines(open_docx(form).tables[0], 0, 1)[-1]
        assert "ngày  " not in date and "năm 2026" in date, (form.name, date)


# -- 3. each registrant's header is its real superior / itself --------------------------------
@pytest.mark.parametrize(("family", "form", "header"), [
    ("state", "005", ["CÔNG AN TỈNH LÂM ĐỒNG", "CÔNG AN", "PHƯỜNG HÒA BÌNH"]),
    ("state", "007", ["ỦY BAN MTTQ VIỆT NAM", "PHƯỜNG HÒA BÌNH", "HỘI LIÊN HIỆP",
                      "PHỤ NỮ PHƯỜNG"]),
    ("state", "009", ["ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH", "TỔ DÂN PHỐ 4"]),
    ("party", "030", ["ĐẢNG ỦY XÃ AN PHÚ", "CHI BỘ THÔN GÒ MÍT", "*"]),
])
def test_form_headers_name_the_real_superior(built: dict[str, Path], family: str, form: str,
                                             header: list[str]) -> None:
    """This test ensures no phiếu has a chi bộ above a State body, a chi bộ under the UBND,
    a truncated 'PHƯỜNG' or a lone Party committee line."""
    doc = open_docx(_one(built[family] / "03-phieu-dang-ky", form))
    assert [x for x in cell_lines(doc.tables[0], 0, 0) if x] == header


def test_superior_column_and_date_column_are_read(tmp_path: Path) -> None:
    """This test ensures the sheet's 'Cấp trên trực tiếp', 'Người phụ trách' and 'Ngày đăng
    ký' columns reach the registration."""
    loaded = load_dataset(REPO / "samples" / "xa-an-phu")
    reg = loaded.registrations[1]
    assert reg.in_charge and reg.in_charge.startswith("Đồng chí Trần Quang Vinh")
    assert reg.date is not None and reg.date.isoformat() == "2026-01-26"
    assert reg.signer is not None and reg.signer.on_behalf_of == "Chi bộ"


# -- 9. quotes inside a quoted name, one spelling of STT ---------------------------------------
def test_quotes_inside_model_names_are_single() -> None:
    """This test ensures a model name holding quotes is printed “… ‘…’ …”."""
    assert quoted("Lớp học “Bình dân học vụ số” cho người cao tuổi") == \
        "“Lớp học ‘Bình dân học vụ số’ cho người cao tuổi”"
    assert quoted('Tổ hòa giải "Ba không"') == "“Tổ hòa giải ‘Ba không’”"
    assert quoted("“Đường hoa”") == "“Đường hoa”"


def test_no_double_quotes_nested_in_any_document(built: dict[str, Path]) -> None:
    """This test ensures no built document prints “ inside “ ”."""
    import re
    for folder in built.values():
        for path in folder.rglob("*.docx"):
            for line in all_text(open_docx(path)).split("\n"):
                assert not re.search(r"“[^”]*“", line), (path.name, line)


def test_stt_spelled_the_same(built: dict[str, Path]) -> None:
    """This test ensures the number column reads 'STT' in Mẫu 1 as in every other table."""
    for folder in built.values():
        for path in folder.rglob("*.docx"):
            for table in open_docx(path).tables:
                for row in table.rows[:2]:
                    assert all(c.text.strip() != "Stt" for c in row.cells), path.name


# -- 8. the biên bản's follow-up is never a tờ trình dated before it --------------------------
def test_commune_minutes_do_not_ask_for_the_earlier_proposal(tmp_path: Path) -> None:
    """This test ensures the commune biên bản (06/10), held after the Ban Xây dựng Đảng's
    tờ trình (02/10), asks for the quyết định, not for a tờ trình already sent."""
    out = tmp_path / "out"
    build(REPO / "samples" / "xa-an-phu", out, kinds=["bien_ban_binh_xet"])
    text = all_text(open_docx(out / "05-bien-ban-binh-xet.docx"))
    assert "tham mưu Tờ trình" not in text
    assert "tham mưu ban hành Quyết định công nhận" in text


def test_follow_up_proposal_dated_before_minutes_is_flagged(tmp_path: Path) -> None:
    """This test ensures a tờ trình that the minutes ask for, dated before the meeting, is a
    consistency problem naming both dates."""
    import shutil

    from ruamel.yaml import YAML

    from dvk_docs import api

    dst = tmp_path / "xa"
    shutil.copytree(REPO / "samples" / "xa-an-phu", dst)
    yaml = YAML()
    path = dst / "dataset.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    assert not api.validate(dst).problems
    data["procedure"]["order"] = ["tham_dinh", "binh_xet", "to_trinh", "quyet_dinh"]
    data["proposal"]["addressee"] = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    problems = [p for p in api.validate(dst).problems
                if p.code == "consistency.minutes_follow_up"]
    assert len(problems) == 1
    assert "06/10/2026" in problems[0].message and "02/10/2026" in problems[0].message


# -- 6. header lines break at word groups -------------------------------------------------------
def test_header_lines_break_at_word_groups() -> None:
    """This test ensures long unit names break before the place name or between words,
    never 'HÒA BÌNH', 'KHEN THƯỞNG' or 'HÀNH CHÍNH' torn apart."""
    from dvk_docs.documents.common import header_lines
    from dvk_docs.profiles import STATE_ND30

    def lines(text: str) -> list[str]:
        return header_lines(text, STATE_ND30, "issuer")

    assert lines("Ủy ban nhân dân phường Hòa Bình") == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH"]
    assert lines("Hội đồng Thi đua - Khen thưởng") == ["HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG"]
    # 'HÀNH CHÍNH CÔNG PHƯỜNG' is 67.0 mm in the font: over the 66.5 mm column, where
    # LibreOffice left 'PHƯỜNG' alone on a line
    assert lines("Trung tâm Phục vụ hành chính công phường Hòa Bình") == \
        ["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG", "PHƯỜNG HÒA BÌNH"]
    assert lines("Công an phường Hòa Bình") == ["CÔNG AN", "PHƯỜNG HÒA BÌNH"]
    assert lines("Ủy ban MTTQ Việt Nam\nphường Hòa Bình") == ["ỦY BAN MTTQ VIỆT NAM",
                                                            "PHƯỜNG HÒA BÌNH"]
    # a name too wide on two lines: a dash may end a line, a word is never torn apart
    # (was 'BAN THI ĐUA - KHEN / THƯỞNG TỈNH LÂM ĐỒNG', 'SỞ LAO ĐỘNG - THƯƠNG / BINH ...')
    assert lines("Ban Thi đua - Khen thưởng tỉnh Lâm Đồng") == \
        ["BAN THI ĐUA -", "KHEN THƯỞNG", "TỈNH LÂM ĐỒNG"]
    assert lines("Sở Lao động - Thương binh và Xã hội") == \
        ["SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI"]


@pytest.mark.parametrize("name", [
    "Hội đồng Thi đua - Khen thưởng phường Hòa Bình", "Ban Thi đua - Khen thưởng",
    "Phòng Văn hóa - Xã hội phường Hòa Bình", "Phòng Kinh tế - Hạ tầng và Đô thị",
    "Ủy ban Mặt trận Tổ quốc Việt Nam xã An Phú", "Ban Tuyên giáo và Dân vận",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã An Phú", "Đảng ủy Cơ quan Đảng, Đoàn thể xã An Phú",
    "Phòng Tài nguyên và Môi trường", "Phòng Giáo dục và Đào tạo", "Hội Cựu chiến binh xã An Phú",
])
@pytest.mark.parametrize("element", ["parent", "issuer"])
def test_no_header_line_tears_a_word_apart(name: str, element: str) -> None:
    from dvk_docs.documents.common import _WORDS, header_lines
    from dvk_docs.profiles import PARTY_HD36, STATE_ND30

    for profile in (STATE_ND30, PARTY_HD36):
        lines = header_lines(name, profile, element)
        for first, second in itertools.pairwise(lines):
            assert f"{first.split()[-1]} {second.split()[0]}" not in _WORDS, lines
        assert all(len(line.split()) > 1 for line in lines), lines  # no word alone


# -- 4. trích ngang: third-person summaries, no blank award cell --------------------------------
@pytest.mark.parametrize("sample", ["xa-an-phu", "phuong-hoa-binh"])
def test_nominee_list_is_third_person_and_complete(tmp_path: Path, sample: str) -> None:
    """This test ensures no summary of the trích ngang copies a first-person narrative
    ('tôi'), the report's own summary is used when written, and column 7 is never blank."""
    import re
    out = tmp_path / "out"
    build(REPO / "samples" / sample, out, kinds=["trich_ngang"])
    table = next(t for t in open_docx(out / "08-trich-ngang.docx").tables
                 if any("Tóm tắt thành tích" in c.text for c in t.rows[0].cells))
    rows = [[c.text for c in r.cells] for r in table.rows
            if len(r.cells) == 7 and r.cells[0].text.strip().isdigit()]
    assert rows
    for r in rows:
        assert not re.search(r"\btôi\b", r[5], re.IGNORECASE), r
        assert r[5].strip() and r[6].strip(), r
    if sample == "xa-an-phu":
        trang = next(r for r in rows if r[1] == "Phạm Thị Thu Trang")
        assert trang[5].startswith("Mở 05 lớp “Bình dân học vụ số”")


# -- 5. Mẫu 2 column 14: the recognised điển hình, none before the quyết định -----------------
def _typical_column(path: Path) -> list[str]:
    table = next(t for t in open_docx(path).tables if "Điển hình tiêu biểu" in
                 " ".join(c.text for c in t.rows[0].cells))
    width = len(table.rows[2].cells)
    return [r.cells[13].text.strip() for r in table.rows[3:]
            if len(r.cells) == width and r.cells[0].text.strip().isdigit()
            and r.cells[13].text.strip()]


@pytest.mark.parametrize("sample", ["xa-an-phu", "phuong-hoa-binh"])
def test_stats_typical_column_follows_recognition(tmp_path: Path, sample: str) -> None:
    """This test ensures the annual Mẫu 2 names every recognised điển hình (4 in the commune,
    3 in the ward: those with a báo cáo thành tích) and the 6-month one names none."""
    out = tmp_path / "out"
    build(REPO / "samples" / sample, out, kinds=["bao_cao_ket_qua"])
    loaded = load_dataset(REPO / "samples" / sample)
    expected = sorted(r.model_name for r in loaded.registrations
                      if r.id in loaded.data.achievements)
    assert len(expected) == (4 if sample == "xa-an-phu" else 3)
    names = sorted(x for cell in _typical_column(out / "10-bao-cao-ket-qua-nam.docx")
                   for x in cell.split("; "))
    assert names == expected
    assert _typical_column(out / "10-bao-cao-ket-qua-6-thang.docx") == []


def test_typical_before_recognition_is_flagged(tmp_path: Path) -> None:
    """This test ensures a 6-month report naming a điển hình tiêu biểu not yet recognised is
    a consistency problem."""
    import shutil

    from ruamel.yaml import YAML

    from dvk_docs import api

    dst = tmp_path / "xa"
    shutil.copytree(REPO / "samples" / "xa-an-phu", dst)
    yaml = YAML()
    path = dst / "dataset.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    half = next(r for r in data["reports"] if r["period"] == "6_thang")
    half["units"]["Công an xã An Phú"] = {"typical": "DK017"}
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    codes = [p.code for p in api.validate(dst).problems]
    assert codes == ["consistency.typical_not_recognised"]


def test_header_line_breaking_takes_any_registrant_name() -> None:
    """This test ensures a header line of any length is broken without failing: one word
    wider than the column stays whole (it was an AssertionError), and a line of thousands of
    words (a pasted paragraph) comes back as lines that fit, in one pass per line (the old
    search measured every split again at every level: minutes for the fuzz test's names)."""
    from dvk_docs.documents.common import _fit
    from dvk_docs.render.layout import estimate_width_mm

    assert _fit("A" * 200, 66, 13, True) == ["A" * 200]
    words = ["ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH"] * 400
    line = " ".join(words)
    lines = _fit(line, 66, 13, True)
    assert " ".join(lines) == line
    assert all(estimate_width_mm(x, 13, True) <= 66 or " " not in x for x in lines)
    assert len(lines) > 400
