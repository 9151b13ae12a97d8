"""Báo cáo thành tích (one per điển hình) and the danh sách trích ngang, both families."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.table import Table
from ruamel.yaml import YAML

from dvk_docs import build
from dvk_docs.conventions import format_number_line
from dvk_docs.dataset import load_dataset
from dvk_docs.documents import KINDS
from dvk_docs.documents.nominee_list import plain_paragraphs, shorten
from dvk_docs.facts import derive, linh_vuc_label

from .docx_helpers import all_text, cell_lines, open_docx

DATA = Path(__file__).parent / "data"
MY_KINDS = ["bao_cao_thanh_tich", "trich_ngang"]
FAMILIES = ["party", "state"]
FamilyOut = tuple[str, Path, Path]  # family, dataset copy, output folder

# what differs between the two test datasets
EXPECTED = {
    "party": {
        "title": ["ĐẢNG CỘNG SẢN VIỆT NAM"],
        "dk01_header": ["ĐẢNG ỦY XÃ AN PHÚ", "CHI BỘ THÔN PHÚ LỢI", "*"],
        "dk01_reporter": ["T/M CHI BỘ", "BÍ THƯ", "(Ký, ghi rõ họ tên)", "Nguyễn Văn Hùng"],
        # a chi bộ has no seal (format-standards §1.3)
        "dk03_confirm": ["XÁC NHẬN CỦA CHI BỘ THÔN 2", "T/M CHI BỘ", "BÍ THƯ",
                         "(Ký, ghi rõ họ tên)", "Phạm Văn Hòa"],
        "dk01_confirm": ["XÁC NHẬN CỦA ĐẢNG ỦY XÃ AN PHÚ", "(Ký tên, đóng dấu)"],
        "attached": "(Kèm theo Tờ trình số 07-TTr/BXDĐ, ngày 08/10/2026 của Ban Xây dựng Đảng "
                    "Đảng ủy xã An Phú)",
        "list_sig": ["TRƯỞNG BAN", "Đỗ Thị Hạnh"],
    },
    "state": {
        "title": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        "dk01_header": ["ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH", "CHI BỘ THÔN PHÚ LỢI"],
        "dk01_reporter": ["TRƯỞNG THÔN", "(Ký, ghi rõ họ tên)", "Nguyễn Văn Hùng"],
        "dk03_confirm": ["XÁC NHẬN CỦA HỘI LIÊN HIỆP PHỤ NỮ PHƯỜNG", "TM. BAN CHẤP HÀNH",
                         "CHỦ TỊCH", "(Ký tên, đóng dấu)", "Phạm Thị Hòa"],
        "dk01_confirm": ["XÁC NHẬN CỦA ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH", "(Ký tên, đóng dấu)"],
        "attached": "(Kèm theo Tờ trình số 07/TTr-VHXH ngày 08/10/2026 của Phòng Văn hóa - Xã "
                    "hội phường)",
        "list_sig": ["TRƯỞNG PHÒNG", "Đỗ Thị Hạnh"],
    },
}


def _copy(family: str, tmp_path: Path) -> Path:
    dst = tmp_path / f"{family}-full"
    shutil.copytree(DATA / f"{family}-full", dst)
    return dst


def _edit(dataset_dir: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Change the dataset YAML in place (round trip keeps the rest as written)."""
    yaml = YAML()
    path = dataset_dir / "dataset.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)


def _build(dataset: Path, out: Path) -> list[Path]:
    return build(dataset, out, kinds=MY_KINDS).files


def _table_with(doc: DocxDocument, text: str) -> Table:
    for table in doc.tables:
        if any(text in cell.text for row in table.rows for cell in row.cells):
            return table
    raise AssertionError(f"no table with {text!r}")


def _rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(params=FAMILIES)
def family_out(request: pytest.FixtureRequest, tmp_path: Path) -> FamilyOut:
    family = request.param
    dataset = _copy(family, tmp_path)
    out = tmp_path / "out"
    _build(dataset, out)
    return family, dataset, out


# -- báo cáo thành tích ----------------------------------------------------------------------
def test_one_report_per_achievement_in_registration_order(family_out: FamilyOut) -> None:
    """This test ensures one report per achievements entry, in registration order."""
    _, _, out = family_out
    files = sorted(p.name for p in (out / "07-bao-cao-thanh-tich").glob("*.docx"))
    assert files == ["001-chi-bo-thon-phu-loi-duong-noi-dong-mo-rong.docx",
                     "002-ba-le-thi-mai-chi-hoi-truong-p-bep-an-nghia-tinh.docx"]


def test_collective_report(family_out: FamilyOut) -> None:
    """This test ensures the tập thể variant: header, title, sections I-III, signatures."""
    family, _, out = family_out
    exp = EXPECTED[family]
    doc = open_docx(next((out / "07-bao-cao-thanh-tich").glob("001-*.docx")))
    header = doc.tables[0]
    assert cell_lines(header, 0, 0) == exp["dk01_header"]  # no number line
    place = "An Phú" if family == "party" else "Hòa Bình"
    assert cell_lines(header, 0, 1) == [*exp["title"],
                                        f"{place}, ngày      tháng      năm 2026"]
    lines = all_text(doc).split("\n")
    subject = "đề nghị công nhận điển hình “Dân vận khéo” năm 2026"
    for line in ("BÁO CÁO THÀNH TÍCH",
                 subject if family == "party" else subject[:1].upper() + subject[1:],
                 "Mô hình: “Đường nội đồng mở rộng”",
                 "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "- Tên tập thể: Chi bộ thôn Phú Lợi",
                 "- Năm thành lập: 1976", "- Số thành viên: 42 đảng viên",
                 "- Người đứng đầu: Bí thư chi bộ Nguyễn Văn Hùng",
                 "II. THÀNH TÍCH ĐẠT ĐƯỢC", "- Tên mô hình: “Đường nội đồng mở rộng”",
                 "- Lĩnh vực: Phát triển kinh tế",
                 "Chi bộ vận động 86 hộ hiến đất mở rộng 2,5 km đường nội đồng.",
                 "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", "Chưa có."):
        assert line in lines, line
    text = "\n".join(lines)
    assert "SƠ LƯỢC LÝ LỊCH" not in text and "Năm sinh" not in text
    assert "{{" not in text and "{%" not in text
    sig = _table_with(doc, "XÁC NHẬN CỦA")
    assert cell_lines(sig, 0, 0) == exp["dk01_confirm"]  # no signer: left for hand signing
    assert cell_lines(sig, 0, 1) == exp["dk01_reporter"]
    # no figures, no awards: only the header grid and the signatures are tables; a report
    # confirmed by a State body also carries a cấp ủy block to sign by hand (issue 13, 4)
    if family == "party":  # confirmed by the Đảng ủy: that is the cấp ủy's confirmation
        assert len(doc.tables) == 2
    else:
        assert len(doc.tables) == 3
        assert cell_lines(doc.tables[2], 0, 0) == ["XÁC NHẬN CỦA CẤP ỦY", "(Ký tên, đóng dấu)"]


def test_individual_report(family_out: FamilyOut) -> None:
    """This test ensures the cá nhân variant with the figures and awards tables."""
    family, _, out = family_out
    exp = EXPECTED[family]
    doc = open_docx(next((out / "07-bao-cao-thanh-tich").glob("002-*.docx")))
    # the person's own report: no organisation lines, no separator, only the motto + date
    assert cell_lines(doc.tables[0], 0, 0) == []
    assert cell_lines(doc.tables[0], 0, 1)[:len(exp["title"])] == exp["title"]
    lines = all_text(doc).split("\n")
    for line in ("Mô hình: “Bếp ăn nghĩa tình”", "I. SƠ LƯỢC LÝ LỊCH",
                 "- Họ và tên: Lê Thị Mai", "- Năm sinh: 1972", "- Giới tính: Nữ",
                 "- Chức vụ: Chi hội trưởng", "- Nơi công tác: Chi hội Phụ nữ thôn 2",
                 "- Đảng viên: Có", "- Địa chỉ: Thôn 2, xã An Phú",
                 "II. THÀNH TÍCH ĐẠT ĐƯỢC", "- Lĩnh vực: Văn hóa - xã hội",
                 "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"):
        assert line in lines, line
    assert "SƠ LƯỢC ĐẶC ĐIỂM" not in "\n".join(lines) and "Chưa có." not in lines
    assert _rows(_table_with(doc, "Chỉ tiêu")) == [["STT", "Chỉ tiêu", "Kết quả"],
                                                   ["1", "Suất ăn đã phục vụ", "2.150 suất"]]
    assert _rows(_table_with(doc, "Hình thức khen thưởng")) == [
        ["Năm", "Hình thức khen thưởng", "Số, ngày quyết định", "Cơ quan ban hành"],
        ["2025", "Giấy khen", "Quyết định số 12-QĐ/ĐU ngày 10/10/2025",
         "Ban Thường vụ Đảng ủy xã"],
    ]
    sig = _table_with(doc, "XÁC NHẬN CỦA")
    assert cell_lines(sig, 0, 0) == exp["dk03_confirm"]
    assert cell_lines(sig, 0, 1) == ["NGƯỜI BÁO CÁO", "(Ký, ghi rõ họ tên)", "Lê Thị Mai"]


@pytest.mark.parametrize("family", FAMILIES)
def test_heading_separator_setting_reaches_every_report_heading(family: str, tmp_path: Path
                                                                ) -> None:
    """This test ensures the dataset's heading_roman_separator ("I-" in some Party units)
    numbers the report's fixed headings I, II, III the same way as its Markdown headings."""
    dataset = _copy(family, tmp_path)

    def change(data) -> None:  # type: ignore[no-untyped-def]
        data["profile"] = {"heading_roman_separator": "-"}
        data["achievements"]["DK01"]["achievements"] = "# Kết quả nổi bật\nĐã làm 2 km.\n"

    _edit(dataset, change)
    out = tmp_path / "out"
    _build(dataset, out)
    doc = open_docx(next((out / "07-bao-cao-thanh-tich").glob("001-*.docx")))
    lines = all_text(doc).split("\n")
    for heading in ("I- SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "II- THÀNH TÍCH ĐẠT ĐƯỢC",
                    "III- CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"):
        assert heading in lines, heading
    assert not any(line.startswith(("I. ", "II. ", "III. ")) for line in lines)


@pytest.mark.parametrize("family", FAMILIES)
def test_report_defaults_and_party_confirmer(family: str, tmp_path: Path) -> None:
    """This test ensures a missing confirmer/reporter still leaves blocks to sign by hand,
    a cấp ủy confirmation is added below when given, and Markdown is rendered."""
    dataset = _copy(family, tmp_path)

    def change(data) -> None:  # type: ignore[no-untyped-def]
        dk01 = data["achievements"]["DK01"]
        del dk01["confirmer"], dk01["reporter"]
        dk01["background"] = "Chi bộ có **42** đảng viên.\n\n- Thuận lợi: đoàn kết\n"
        dk01["achievements"] = "## Quá trình xây dựng\nVận động *86 hộ* hiến đất.\n"
        dk01["date"] = "2026-10-01"
        dk01["awards"] = []
        data["achievements"]["DK03"]["party_confirmer"] = {
            "body": "Đảng ủy xã An Phú",
            "signer": {"authority": "TM", "on_behalf_of": "Ban Thường vụ", "title": "Bí thư",
                       "name": "Hoàng Minh Tâm"}}
        # DK01's collective has no managing body: the unit confirms
        del data["registrations"][0]["managing_body"]

    _edit(dataset, change)
    out = tmp_path / "out"
    _build(dataset, out)
    doc = open_docx(next((out / "07-bao-cao-thanh-tich").glob("001-*.docx")))
    unit = "ĐẢNG ỦY XÃ AN PHÚ" if family == "party" else "ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH"
    # the unit keeps its own line breaks ('ỦY BAN NHÂN DÂN' / 'PHƯỜNG HÒA BÌNH')
    assert " ".join(cell_lines(doc.tables[0], 0, 0)).startswith(f"{unit} CHI BỘ THÔN PHÚ LỢI")
    assert "ngày 01 tháng 10 năm 2026" in " ".join(cell_lines(doc.tables[0], 0, 1))
    lines = all_text(doc).split("\n")
    for line in ("Chi bộ có 42 đảng viên.", "- Thuận lợi: đoàn kết", "1. Quá trình xây dựng",
                 "Vận động 86 hộ hiến đất.", "Chưa có."):
        assert line in lines, line
    sig = _table_with(doc, "XÁC NHẬN CỦA")
    assert cell_lines(sig, 0, 0) == [f"XÁC NHẬN CỦA {unit}", "(Ký tên, đóng dấu)"]
    assert cell_lines(sig, 0, 1) == ["NGƯỜI BÁO CÁO THÀNH TÍCH", "(Ký, ghi rõ họ tên)"]
    # confirmed by the Đảng ủy (Party): that is the cấp ủy; by the UBND (State): a cấp ủy
    # block is left to sign by hand
    assert len([t for t in doc.tables if "XÁC NHẬN CỦA" in t._tbl.xml]) == (
        1 if family == "party" else 2)

    doc = open_docx(next((out / "07-bao-cao-thanh-tich").glob("002-*.docx")))
    blocks = [t for t in doc.tables if "XÁC NHẬN CỦA" in t._tbl.xml]
    assert len(blocks) == 2 and blocks[-1]._tbl is doc.tables[-1]._tbl  # below the two signatures
    tm = "T/M BAN THƯỜNG VỤ"  # a Party committee signs in Party form, in either family
    assert cell_lines(doc.tables[-1], 0, 0) == ["XÁC NHẬN CỦA ĐẢNG ỦY XÃ AN PHÚ", tm, "BÍ THƯ",
                                                "(Ký tên, đóng dấu)", "Hoàng Minh Tâm"]
    # the signer's authority line is bold like the "XÁC NHẬN CỦA" line above it (HD 36, NĐ 30)
    tm_runs = [r for p in doc.tables[-1].cell(0, 0).paragraphs if tm in p.text for r in p.runs]
    assert tm_runs and all(r.bold or r.style.font.bold or
                           (r._parent.style.font.bold) for r in tm_runs if r.text.strip())


# -- trích ngang -----------------------------------------------------------------------------
def test_nominee_list(family_out: FamilyOut) -> None:
    """This test ensures the trích ngang: landscape, A./B. groups, one row per proposed
    model with the registrations' names, the Tờ trình cited as its own header shows it."""
    family, dataset, out = family_out
    exp = EXPECTED[family]
    loaded = load_dataset(dataset)
    facts = derive(loaded)
    assert facts.stages is not None
    proposed = facts.stages.proposed
    assert [r.id for r in proposed] == ["DK01", "DK02", "DK03", "DK05"]

    doc = open_docx(out / "08-trich-ngang.docx")
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.LANDSCAPE and round(s.page_width.mm) == 297
    assert not any(line.startswith("Số") for line in cell_lines(doc.tables[0], 0, 0))
    text = all_text(doc)
    lines = text.split("\n")
    assert "DANH SÁCH TRÍCH NGANG THÀNH TÍCH" in lines
    subject = "các tập thể, cá nhân đề nghị công nhận điển hình “Dân vận khéo” năm 2026"
    assert (subject if family == "party" else subject[:1].upper() + subject[1:]) in lines
    assert exp["attached"] in lines

    # the citation equals the proposal's own header data
    proposal = loaded.data.proposal
    assert proposal is not None and proposal.date is not None
    issuer = loaded.data.bodies[proposal.issuer]
    number_line = format_number_line(proposal.number, "TTr", issuer.code, loaded.data.family)
    symbol = number_line.split(" ", 1)[1]
    comma = "," if family == "party" else ""  # State citations: no comma before 'ngày'
    assert f"Tờ trình số {symbol}{comma} ngày {proposal.date:%d/%m/%Y}" in exp["attached"]
    proposal_kind = next((k for k in KINDS.values() if k.key in {"to_trinh", "proposal"}), None)
    if proposal_kind is not None and proposal_kind.applies(loaded):
        own = build(dataset, out.parent / "own", kinds=[proposal_kind.key]).files
        header = open_docx(own[0]).tables[0]
        assert number_line in cell_lines(header, 0, 0)
        assert "ngày 08 tháng 10 năm 2026" in " ".join(cell_lines(header, 0, 1))

    table = _table_with(doc, "Tóm tắt thành tích")
    rows = _rows(table)
    assert rows[0] == ["STT", "Tên tập thể /\nHọ và tên", "Chức vụ, đơn vị", "Tên mô hình",
                       "Lĩnh vực", "Tóm tắt thành tích", "Hình thức khen thưởng đã nhận"]
    assert rows[1] == [f"({i})" for i in range(1, 8)]
    groups = [r[0] for r in rows if len(set(r)) == 1 and r[0][:2] in {"A.", "B."}]
    assert groups == ["A. Tập thể", "B. Cá nhân"]
    data = [r for r in rows[2:] if r[0].isdigit()]
    assert len(data) == len(proposed)
    assert [r[0] for r in data] == ["1", "2", "1", "2"]  # numbered within each group
    names = []
    for reg in proposed:
        names.append(reg.registrant if reg.kind.value == "tap_the" else
                     reg.person.full_name if reg.person else reg.registrant)
    assert [r[1] for r in data] == names
    assert [r[3] for r in data] == [reg.model_name for reg in proposed]
    assert [r[4] for r in data] == [linh_vuc_label(facts.linh_vuc_names[reg.linh_vuc])
                                    for reg in proposed]
    mai = data[2]
    assert mai[2] == "Chi hội trưởng, Chi hội Phụ nữ thôn 2"
    assert mai[5].split("\n") == [
        "Bà Mai vận động 25 hộ góp gạo, rau, mở bếp ăn 2 buổi mỗi tuần cho người bệnh.",
        "- Suất ăn đã phục vụ: 2.150 suất"]
    assert mai[6] == "2025: Giấy khen"
    # no report: what the appraisal recorded as achieved, never the registration's targets
    assert data[1][5] == "Trồng 2,1 km đường hoa, 100% hộ ven đường tham gia chăm sóc"
    assert "3 km đường hoa" not in all_text(doc)
    assert data[0][5] == "Chi bộ vận động 86 hộ hiến đất mở rộng 2,5 km đường nội đồng."
    assert data[0][2] == loaded.registrations[0].managing_body
    total = rows[-1]
    assert total == ["Tổng cộng: 04 mô hình, trong đó 02 tập thể, 02 cá nhân"] * 7
    assert "{{" not in text and "{%" not in text
    sig = doc.tables[-1]
    assert cell_lines(sig, 0, 1) == exp["list_sig"]


@pytest.mark.parametrize("family", FAMILIES)
def test_nominee_list_without_proposal(family: str, tmp_path: Path) -> None:
    """This test ensures that without a Tờ trình the list holds the models with a report,
    cites nothing and leaves a blank 'NGƯỜI LẬP BIỂU' block."""
    dataset = _copy(family, tmp_path)

    def change(data) -> None:  # type: ignore[no-untyped-def]
        del data["proposal"], data["decision"]

    _edit(dataset, change)
    out = tmp_path / "out"
    _build(dataset, out)
    doc = open_docx(out / "08-trich-ngang.docx")
    text = all_text(doc)
    assert "Kèm theo" not in text
    rows = _rows(_table_with(doc, "Tóm tắt thành tích"))
    data = [r for r in rows[2:] if r[0].isdigit()]
    assert [r[1] for r in data] == ["Chi bộ thôn Phú Lợi", "Lê Thị Mai"]
    assert rows[-1][0] == "Tổng cộng: 02 mô hình, trong đó 01 tập thể, 01 cá nhân"
    assert cell_lines(doc.tables[-1], 0, 1) == ["NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"]
    assert "ngày      tháng      năm 2026" in " ".join(cell_lines(doc.tables[0], 0, 1))


def test_summary_text_is_plain_and_short() -> None:
    """This test ensures the summary drops Markdown marks and headings and stays short."""
    md = "# Kết quả\n**Chi bộ** vận động *86 hộ*.\n\n- Làm 2,5 km đường; thu 1.200 ngày công.\n"
    assert plain_paragraphs(md) == ["Chi bộ vận động 86 hộ.",
                                    "Làm 2,5 km đường; thu 1.200 ngày công."]
    long = "Câu đầu rất dài " + "chữ " * 100 + "hết. Câu hai."
    short = shorten(long)
    assert len(short) <= 251 and short.endswith("…") and "Câu hai" not in short
    assert shorten("Một. Hai. Ba.") == "Một. Hai. Ba."
    assert shorten("A" * 10 + ". " + "B" * 245 + ".") == "A" * 10 + "."


@pytest.mark.parametrize("placeholder", [False, True])
def test_nominee_without_actual_results_is_an_error_or_a_visible_gap(
        party_full: Path, tmp_path: Path, placeholder: bool) -> None:
    """This test ensures a nominee with neither a báo cáo thành tích nor results recorded at
    the appraisal stops the build with its code named; with proposal.results_placeholder the
    trích ngang prints a visible gap instead, and never the registration's targets."""
    from dvk_docs.errors import DatasetError

    path = party_full / "dataset.yaml"
    text = path.read_text(encoding="utf-8").replace(
        ', achieved: "Trồng 2,1 km đường hoa, 100% hộ ven đường tham gia chăm sóc"', "")
    if placeholder:
        text = text.replace("proposal:\n", "proposal:\n  results_placeholder: true\n", 1)
    path.write_text(text, encoding="utf-8")
    if not placeholder:
        with pytest.raises(DatasetError, match=r"DK02 “Tuyến đường hoa”.*achieved"):
            build(party_full, tmp_path / "out")
        return
    build(party_full, tmp_path / "out")
    doc = open_docx(tmp_path / "out" / "08-trich-ngang.docx")
    text = all_text(doc)
    assert "[Ghi kết quả thực tế đã đạt]" in text
    assert "3 km đường hoa" not in text
