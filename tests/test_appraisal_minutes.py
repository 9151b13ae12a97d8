"""Round trips of the Thông báo kết quả thẩm định and the Biên bản họp bình xét, both families:
build the full-year datasets, re-open the .docx and compare with the plan and the stage lists."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table

from dvk_docs import build
from dvk_docs.dataset import load_dataset
from dvk_docs.errors import DatasetError
from dvk_docs.facts import Facts, derive, fields_sentence, kinds_sentence
from dvk_docs.profiles import PARTY_HD36, STATE_ND30

from .conftest import DATA
from .docx_helpers import all_text, cell_lines, effective, find_paragraph, open_docx

NOTICE = "04-thong-bao-tham-dinh.docx"
MINUTES = "05-bien-ban-binh-xet.docx"
FAMILIES = ["party-full", "state-full"]


def _copy(name: str, tmp_path: Path) -> Path:
    dst = tmp_path / name
    shutil.copytree(DATA / name, dst)
    return dst


def _edit(ds: Path, *pairs: tuple[str, str]) -> None:
    """Replace text in the copy's dataset.yaml (each old text must be there)."""
    path = ds / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both full datasets built once for the read-only tests of this module."""
    out = {}
    for name in FAMILIES:
        out[name] = tmp_path_factory.mktemp(name) / "out"
        build(DATA / name, out[name])
    return out


def _facts(name: str) -> Facts:
    return derive(load_dataset(DATA / name))


def _doc(built: dict[str, Path], name: str, filename: str) -> DocxDocument:
    return open_docx(built[name] / filename)


def _rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _short(long_date: str) -> str:
    """'An Phú, ngày 15 tháng 01 năm 2026' -> '15/01/2026' (the cited form of the same date)."""
    m = re.search(r"ngày (\d{2}) tháng (\d{1,2}) năm (\d{4})", long_date)
    assert m, long_date
    return f"{m.group(1)}/{m.group(2)}/{m.group(3)}"


def _field_column(name: str) -> str:
    """'Lĩnh vực văn hóa - xã hội' as the narrow Lĩnh vực column prints it: 'Văn hóa - xã hội'."""
    rest = name.removeprefix("Lĩnh vực ")
    return rest[:1].upper() + rest[1:]


# -- Thông báo kết quả thẩm định ----------------------------------------------------------
def test_party_notice_header_grid(built: dict[str, Path]) -> None:
    """This test ensures the Party notice is headed by its issuing Ban with 'Số 05-TB/BXDĐ'."""
    header = _doc(built, "party-full", NOTICE).tables[0]
    assert cell_lines(header, 0, 0) == ["ĐẢNG ỦY XÃ AN PHÚ", "BAN XÂY DỰNG ĐẢNG", "*",
                                        "Số 05-TB/BXDĐ"]
    assert cell_lines(header, 0, 1) == ["ĐẢNG CỘNG SẢN VIỆT NAM",
                                        "An Phú, ngày 30 tháng 9 năm 2026"]


def test_state_notice_header_grid(built: dict[str, Path]) -> None:
    """This test ensures the State notice has Quốc hiệu + Tiêu ngữ and 'Số: 05/TB-VHXH'."""
    header = _doc(built, "state-full", NOTICE).tables[0]
    assert cell_lines(header, 0, 0) == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH",
                                        "PHÒNG VĂN HÓA - XÃ HỘI", "Số: 05/TB-VHXH"]
    assert cell_lines(header, 0, 1) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                        "Độc lập - Tự do - Hạnh phúc",
                                        "Hòa Bình, ngày 30 tháng 9 năm 2026"]


@pytest.mark.parametrize(("name", "who"), [
    ("party-full", "Ban Thường vụ Đảng ủy xã An Phú"),
    ("state-full", "Ủy ban nhân dân phường Hòa Bình"),
])
def test_notice_cites_the_plan_as_the_plan_is_headed(built: dict[str, Path], name: str,
                                                     who: str) -> None:
    """This test ensures the căn cứ gives the plan's own number and date, read from the plan."""
    plan_header = _doc(built, name, "01-ke-hoach.docx").tables[0]
    number_line = cell_lines(plan_header, 0, 0)[-1]
    symbol = re.sub(r"^Số:? ", "", number_line)
    date = _short(cell_lines(plan_header, 0, 1)[-1])
    text = all_text(_doc(built, name, NOTICE))
    comma = "," if name.startswith("party") else ""  # State: no comma before 'ngày'
    assert (f"Căn cứ Kế hoạch số {symbol}{comma} ngày {date} của {who} về thực hiện phong trào thi "
            "đua “Dân vận khéo” năm 2026") in text


def test_party_notice_basis_runs_into_the_lead(built: dict[str, Path]) -> None:
    """This test ensures the Party căn cứ is one upright sentence leading into the notice."""
    doc = _doc(built, "party-full", NOTICE)
    lead = ("Căn cứ Kế hoạch số 03-KH/ĐU, ngày 15/01/2026 của Ban Thường vụ Đảng ủy xã An Phú "
            "về thực hiện phong trào thi đua “Dân vận khéo” năm 2026, Ban Xây dựng Đảng thông "
            "báo kết quả thẩm định mô hình, điển hình “Dân vận khéo” năm 2026 như sau:")
    assert not effective(find_paragraph(doc, lead)).italic
    title = effective(find_paragraph(doc, "THÔNG BÁO"))
    assert (title.size, title.bold) == (PARTY_HD36.elements["doc_type"].size, True)


def test_state_notice_basis_is_italic_then_lead(built: dict[str, Path]) -> None:
    doc = _doc(built, "state-full", NOTICE)
    basis = find_paragraph(doc, "Căn cứ Kế hoạch số 03/KH-UBND ngày 15/01/2026 của Ủy ban "
                                "nhân dân phường Hòa Bình về thực hiện phong trào thi đua “Dân "
                                "vận khéo” năm 2026.")
    assert effective(basis).italic
    assert effective(find_paragraph(doc, "THÔNG BÁO")).size == STATE_ND30.elements["doc_type"].size
    find_paragraph(doc, "Phòng Văn hóa - Xã hội phường thông báo kết quả thẩm định mô hình, "
                        "điển hình “Dân vận khéo” năm 2026 như sau:")


@pytest.mark.parametrize("name", FAMILIES)
def test_notice_organisation_and_teams(built: dict[str, Path], name: str) -> None:
    """This test ensures period, method and each team with its lĩnh vực and member roles."""
    lines = all_text(_doc(built, name, NOTICE)).split("\n")
    expected = [
        "1. Thời gian thẩm định: Từ ngày 20/9/2026 đến ngày 28/9/2026.",
        "2. Phương pháp thẩm định: Kiểm tra thực tế tại cơ sở, nghe báo cáo, đối chiếu hồ sơ "
        "và lấy ý kiến Nhân dân.",
        "3. Thành phần: 02 tổ thẩm định, gồm:",
        "Tổ thẩm định số 1 (phụ trách lĩnh vực phát triển kinh tế; lĩnh vực văn hóa - xã hội):",
        "- Đồng chí Đỗ Thị Hạnh, Trưởng Ban Xây dựng Đảng: Tổ trưởng;",
        "- Đồng chí Vũ Văn Khoa, Phó Chủ tịch Ủy ban MTTQ xã: Thành viên;",
        "- Đồng chí Ngô Thị Lan, Chuyên viên Ban Xây dựng Đảng: Thư ký.",
        "Tổ thẩm định số 2 (phụ trách lĩnh vực quốc phòng - an ninh; lĩnh vực xây dựng hệ "
        "thống chính trị):",
        "- Đồng chí Trần Văn Bình, Phó Bí thư Đảng ủy: Tổ trưởng;",
        "- Đồng chí Lý Văn Tư, Trưởng Công an xã: Thành viên.",
    ]
    start = lines.index(expected[0])
    assert lines[start:start + len(expected)] == expected


@pytest.mark.parametrize("name", FAMILIES)
def test_notice_results_table_equals_the_stage_lists(built: dict[str, Path], name: str) -> None:
    """This test ensures one row per appraised model, grouped by lĩnh vực, numbered 1..n, with
    Đạt exactly for the models that passed, and totals that equal the rows."""
    facts = _facts(name)
    stages = facts.stages
    assert stages is not None
    doc = _doc(built, name, NOTICE)
    rows = _rows(doc.tables[1])
    assert rows[0] == ["STT", "Chủ thể thực hiện", "Tên mô hình", "Tập thể/\nCá nhân", "Điểm",
                       "Kết quả", "Ghi chú"]
    headings = [r[0] for r in rows[1:] if len(set(r)) == 1]
    data = [r for r in rows[1:] if r[0].isdigit()]
    order = [lv.code for lv in facts.linh_vuc]
    appraised = sorted(stages.appraised, key=lambda reg: order.index(reg.linh_vuc))
    assert headings == [lv.name for lv in facts.linh_vuc
                        if any(r.linh_vuc == lv.code for r in appraised)]
    assert [r[0] for r in data] == [str(i) for i in range(1, len(appraised) + 1)]
    assert [(r[1], r[2], r[3]) for r in data] == [(reg.registrant, reg.model_name,
                                                   reg.kind.label) for reg in appraised]
    passed = {reg.model_name for reg in stages.passed_appraisal}
    assert {r[2] for r in data if r[5] == "Đạt"} == passed
    assert {r[5] for r in data} == {"Đạt", "Không đạt"}
    failed = next(r for r in data if r[5] == "Không đạt")
    assert failed[2:] == ["Thắp sáng đường quê", "Tập thể", "60", "Không đạt",
                          "Chưa có kết quả đo đếm được"]
    assert data[0][4] == "88"
    text = all_text(doc)
    assert "Tổng số 06 mô hình được thẩm định: 05 Đạt, 01 Không đạt." in text
    assert (f"Số mô hình Đạt: {kinds_sentence(stages.passed_appraisal)} "
            f"({fields_sentence(stages.passed_appraisal, facts.linh_vuc)}).") in text
    assert "05 mô hình, trong đó 03 tập thể, 02 cá nhân" in text


@pytest.mark.parametrize(("name", "recipients", "signature"), [
    ("party-full", ["Nơi nhận:", "- Thường trực Đảng ủy (để báo cáo),",
                    "- Các chi bộ có mô hình,", "- Lưu Ban Xây dựng Đảng."],
     ["TRƯỞNG BAN", "Đỗ Thị Hạnh"]),
    ("state-full", ["Nơi nhận:", "- Thường trực Đảng ủy (để báo cáo);",
                    "- Các chi bộ có mô hình;", "- Lưu: VT, VHXH."],
     ["TRƯỞNG PHÒNG", "Đỗ Thị Hạnh"]),
])
def test_notice_recommendations_recipients_and_signature(built: dict[str, Path], name: str,
                                                         recipients: list[str],
                                                         signature: list[str]) -> None:
    doc = _doc(built, name, NOTICE)
    lines = all_text(doc).split("\n")
    i = lines.index("III. KIẾN NGHỊ, ĐỀ XUẤT")
    assert lines[i + 1] == "- Đề nghị Ban Thường vụ xem xét đưa 05 mô hình Đạt ra bình xét."
    sig = doc.tables[-1]
    assert cell_lines(sig, 0, 0) == recipients
    assert cell_lines(sig, 0, 1) == signature


def test_notice_without_scores_has_no_score_column(tmp_path: Path) -> None:
    """This test ensures the Điểm column appears only when some model has a score."""
    ds = _copy("party-full", tmp_path)
    text = (ds / "dataset.yaml").read_text(encoding="utf-8")
    (ds / "dataset.yaml").write_text(re.sub(r", score: \d+", "", text), encoding="utf-8")
    _edit(ds, ("  recommendations: |\n    - Đề nghị Ban Thường vụ xem xét đưa 05 mô hình Đạt ra "
               "bình xét.\n", ""))
    build(ds, tmp_path / "out", kinds=["thong_bao_tham_dinh"])
    doc = open_docx(tmp_path / "out" / NOTICE)
    assert _rows(doc.tables[1])[0] == ["STT", "Chủ thể thực hiện", "Tên mô hình",
                                       "Tập thể/\nCá nhân", "Kết quả", "Ghi chú"]
    assert len(doc.tables) == 3  # header, results, signature
    assert "KIẾN NGHỊ" not in all_text(doc)


def test_heading_separator_setting_reaches_notice_and_minutes(tmp_path: Path) -> None:
    """This test ensures the dataset's heading_roman_separator ("I-") numbers the fixed
    headings I, II, III of the notice and the minutes, not only Markdown headings."""
    ds = _copy("party-full", tmp_path)
    _edit(ds, ("year: 2026\n", "year: 2026\nprofile: {heading_roman_separator: \"-\"}\n"))
    build(ds, tmp_path / "out", kinds=["thong_bao_tham_dinh", "bien_ban_binh_xet"])
    notice = all_text(open_docx(tmp_path / "out" / NOTICE)).split("\n")
    minutes = all_text(open_docx(tmp_path / "out" / MINUTES)).split("\n")
    for heading in ("I- TỔ CHỨC THẨM ĐỊNH", "II- KẾT QUẢ THẨM ĐỊNH", "III- KIẾN NGHỊ, ĐỀ XUẤT"):
        assert heading in notice, heading
    for heading in ("I- THÀNH PHẦN", "II- NỘI DUNG", "III- KẾT LUẬN"):
        assert heading in minutes, heading


def test_notice_unknown_signer_names_the_line(tmp_path: Path) -> None:
    ds = _copy("party-full", tmp_path)
    _edit(ds, ("  signer: truong_ban\n  start:", "  signer: khong_co\n  start:"))
    with pytest.raises(DatasetError, match=r"dataset.yaml, dòng \d+: người ký 'khong_co'"):
        build(ds, tmp_path / "out", kinds=["thong_bao_tham_dinh"])


# -- Biên bản họp bình xét ----------------------------------------------------------------
def test_party_minutes_header_and_title(built: dict[str, Path]) -> None:
    doc = _doc(built, "party-full", MINUTES)
    header = doc.tables[0]
    assert cell_lines(header, 0, 0) == ["ĐẢNG BỘ TỈNH LÂM HÀ", "ĐẢNG ỦY XÃ AN PHÚ", "*",
                                        "Số 02-BB/ĐU"]
    assert cell_lines(header, 0, 1) == ["ĐẢNG CỘNG SẢN VIỆT NAM",
                                        "An Phú, ngày 06 tháng 10 năm 2026"]
    find_paragraph(doc, "BIÊN BẢN")
    # 166 mm on one line of 165 mm: set as two balanced lines, not '… năm / 2026'
    first = find_paragraph(doc, "họp bình xét, đề nghị công nhận mô hình,")
    second = first._p.getnext()
    assert "".join(t.text or "" for t in second.iter(qn("w:t"))) == \
        "điển hình “Dân vận khéo” năm 2026"
    assert second.pPr.pStyle.val == first._p.pPr.pStyle.val  # both trích yếu lines


def test_state_minutes_header(built: dict[str, Path]) -> None:
    header = _doc(built, "state-full", MINUTES).tables[0]
    assert cell_lines(header, 0, 0) == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH", "Số: 02/BB-UBND"]
    assert cell_lines(header, 0, 1) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                        "Độc lập - Tự do - Hạnh phúc",
                                        "Hòa Bình, ngày 06 tháng 10 năm 2026"]


@pytest.mark.parametrize(("name", "place"), [
    ("party-full", "Hội trường Đảng ủy xã An Phú, Ban Thường vụ Đảng ủy xã An Phú"),
    ("state-full", "Phòng họp Ủy ban nhân dân phường, Hội đồng Thi đua - Khen thưởng phường "
                   "Hòa Bình"),
])
def test_minutes_time_place_and_attendance(built: dict[str, Path], name: str,
                                           place: str) -> None:
    lines = all_text(_doc(built, name, MINUTES)).split("\n")
    assert (f"Vào lúc 14 giờ 00 phút, ngày 06 tháng 10 năm 2026, tại {place} họp bình xét, đề "
            "nghị công nhận mô hình, điển hình “Dân vận khéo” năm 2026.") in lines
    i = lines.index("I. THÀNH PHẦN")
    assert lines[i + 1:i + 6] == [
        "1. Chủ trì: Đồng chí Hoàng Minh Tâm, Bí thư Đảng ủy xã.",
        "2. Thư ký: Đồng chí Ngô Thị Lan, Chuyên viên Ban Xây dựng Đảng.",
        "3. Thành viên dự họp: có mặt 11/13 đồng chí, vắng 02 đồng chí (có lý do).",
        "- Vắng: đồng chí Lý Văn Tư (đi công tác); đồng chí Mai Văn Sơn (ốm).",
        "4. Khách mời: Đại diện Ủy ban MTTQ xã.",
    ]


@pytest.mark.parametrize(("name", "how", "method"), [
    ("party-full", "được trên 50% số thành viên có mặt biểu quyết đồng ý",
     "3. Hình thức bình xét: Biểu quyết bằng hình thức giơ tay đối với từng mô hình."),
    ("state-full", "có trên 50% phiếu đồng ý so với số thành viên có mặt",
     "3. Hình thức bình xét: Bỏ phiếu kín; số phiếu phát ra 11, thu về 11, hợp lệ 10."),
])
def test_minutes_rule_report_and_method(built: dict[str, Path], name: str, how: str,
                                        method: str) -> None:
    lines = all_text(_doc(built, name, MINUTES)).split("\n")
    assert (f"1. Tiêu chuẩn bình xét: Mô hình được đề nghị công nhận khi {how}. Hội nghị hợp "
            "lệ khi có từ 2/3 trở lên tổng số thành viên tham dự. Hội nghị có 11/13 thành viên "
            "có mặt, đủ điều kiện tiến hành.") in lines
    assert ("2. Báo cáo tổng hợp: Tổng số mô hình đăng ký: 06 mô hình, trong đó 04 tập thể, 02 "
            "cá nhân; kết quả thẩm định: 05/06 mô hình Đạt; đưa ra bình xét: 05 mô hình, trong "
            "đó 03 tập thể, 02 cá nhân.") in lines
    assert method in lines
    assert "4. Kết quả bình xét: 05 mô hình được đưa ra bình xét, kết quả cụ thể như sau:" in lines


@pytest.mark.parametrize(("name", "votes"), [
    ("party-full", ["11/11", "10/11", "9/11", "5/11", "8/11"]),
    ("state-full", ["10/11", "9/11", "9/11", "5/11", "8/11"]),
])
def test_minutes_results_table_equals_the_outcomes(built: dict[str, Path], name: str,
                                                   votes: list[str]) -> None:
    """This test ensures one row per model put to the vote (by lĩnh vực), votes,
    decimal-comma percentages and results exactly as computed once in the stages."""
    facts = _facts(name)
    stages = facts.stages
    assert stages is not None
    rows = _rows(_doc(built, name, MINUTES).tables[1])
    assert rows[0] == ["STT", "Tên mô hình", "Chủ thể thực hiện", "Lĩnh vực",
                       "Số biểu quyết đồng ý" if name == "party-full" else "Số phiếu đồng ý",
                       "Tỷ lệ", "Kết quả"]
    data = rows[1:]
    order = [lv.code for lv in facts.linh_vuc]
    outcomes = sorted(stages.outcomes, key=lambda o: order.index(o.reg.linh_vuc))
    assert [r[0] for r in data] == [str(i) for i in range(1, len(outcomes) + 1)]
    assert [(r[1], r[2], r[3], r[4], r[5], r[6]) for r in data] == [
        (o.reg.model_name, o.reg.registrant, _field_column(facts.linh_vuc_names[o.reg.linh_vuc]),
         o.votes_text, o.percent_text, o.result_text)
        for o in outcomes]
    assert [r[4] for r in data] == votes
    assert data[3][1:] == ["Camera an ninh khu dân cư", "Công an xã", "Quốc phòng - an ninh",
                           "5/11", "45,5%", "Không đạt"]
    assert data[0][3] == "Phát triển kinh tế"
    assert {r[6] for r in data} == {"Đạt", "Không đạt"}


@pytest.mark.parametrize("name", FAMILIES)
def test_minutes_conclusion_and_closing(built: dict[str, Path], name: str) -> None:
    facts = _facts(name)
    stages = facts.stages
    assert stages is not None
    lines = all_text(_doc(built, name, MINUTES)).split("\n")
    i = lines.index("III. KẾT LUẬN")
    passed = stages.passed_meeting
    assert len(passed) == 4
    assert lines[i + 1:i + 6] == [
        f"Hội nghị thống nhất đề nghị công nhận {kinds_sentence(passed)} là mô hình, điển hình "
        f"“Dân vận khéo” năm 2026 ({fields_sentence(passed, facts.linh_vuc)}).",
        "01 mô hình không đủ điều kiện đề nghị công nhận: “Camera an ninh khu dân cư” (Công an "
        "xã).",
        "Giao Thư ký hoàn thiện biên bản, hồ sơ và tham mưu Tờ trình đề nghị công nhận các mô "
        "hình nêu trên theo quy định.",
        "Cuộc họp kết thúc vào lúc 16 giờ 30 phút cùng ngày.",
        "Biên bản được đọc lại cho mọi người cùng nghe và nhất trí thông qua.",
    ]
    assert "04 mô hình, trong đó 02 tập thể, 02 cá nhân" in lines[i + 1]


@pytest.mark.parametrize("name", FAMILIES)
def test_minutes_signatures_side_by_side(built: dict[str, Path], name: str) -> None:
    """This test ensures THƯ KÝ signs in the left cell and CHỦ TRÌ in the right one of the
    same row, each with the person's name, and no Nơi nhận."""
    doc = _doc(built, name, MINUTES)
    sig = doc.tables[-1]
    assert len(sig.rows) == 1 and len(sig.columns) == 2
    assert cell_lines(sig, 0, 0) == ["THƯ KÝ", "Ngô Thị Lan"]
    assert cell_lines(sig, 0, 1) == ["CHỦ TRÌ", "Hoàng Minh Tâm"]
    for text in ("THƯ KÝ", "CHỦ TRÌ", "Ngô Thị Lan", "Hoàng Minh Tâm"):
        assert effective(find_paragraph(doc, text)).bold, text
    assert "Nơi nhận" not in all_text(doc)


def test_minutes_scoring_and_opinions(tmp_path: Path) -> None:
    """This test ensures a scoring meeting shows average points without a Tỷ lệ column and
    that discussion (Markdown) shifts the numbering of the later items."""
    ds = _copy("state-full", tmp_path)
    _edit(ds,
          ('rule: {threshold: ">50%"', 'rule: {threshold: ">=75"'),
          ("  method: secret_ballot\n  ballots: {issued: 11, returned: 11, valid: 10}\n",
           "  method: scoring\n  opinions: |\n    - Các ý kiến **thống nhất** cao.\n"),
          ("votes: {DK01: 10, DK02: 9, DK03: 9, DK04: 5, DK05: 8}",
           "votes: {DK01: 90, DK02: 85.5, DK03: 80, DK04: 70, DK05: 76}"))
    build(ds, tmp_path / "out", kinds=["bien_ban_binh_xet"])
    doc = open_docx(tmp_path / "out" / MINUTES)
    rows = _rows(doc.tables[1])
    assert rows[0] == ["STT", "Tên mô hình", "Chủ thể thực hiện", "Lĩnh vực", "Điểm bình quân",
                       "Kết quả"]
    assert [(r[4], r[5]) for r in rows[1:]] == [("90 điểm", "Đạt"), ("85,5 điểm", "Đạt"),
                                                ("80 điểm", "Đạt"), ("70 điểm", "Không đạt"),
                                                ("76 điểm", "Đạt")]
    lines = all_text(doc).split("\n")
    assert "3. Ý kiến thảo luận:" in lines
    assert "- Các ý kiến thống nhất cao." in lines
    assert ("4. Hình thức bình xét: Các thành viên chấm điểm từng mô hình theo thang điểm 100; "
            "điểm của mô hình là điểm bình quân của các thành viên.") in lines
    assert any(line.startswith("5. Kết quả bình xét:") for line in lines)
    assert any("điểm bình quân từ 75 điểm trở lên" in line for line in lines)
    para = find_paragraph(doc, "- Các ý kiến thống nhất cao.")
    assert [r.text for r in para.runs if r.bold] == ["thống nhất"]


@pytest.mark.parametrize("name", FAMILIES)
def test_no_leftover_tags_and_nfc(built: dict[str, Path], name: str) -> None:
    for filename in (NOTICE, MINUTES):
        text = all_text(_doc(built, name, filename))
        assert "{{" not in text and "{%" not in text and "}}" not in text, filename
        assert unicodedata.normalize("NFC", text) == text, filename


def test_kinds_need_their_data(party_min: Path, tmp_path: Path) -> None:
    """This test ensures no notice or minutes without appraisal / meeting data."""
    result = build(party_min, tmp_path / "out")
    names = {p.name for p in result.files}
    assert NOTICE not in names and MINUTES not in names
