"""``dvk-docs rollover``: next year's dataset, the year traps, the change report."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dvk_docs import api
from dvk_docs.cli import cli
from dvk_docs.dataset import load_dataset
from dvk_docs.dataset.models import Status
from dvk_docs.errors import OutputError
from dvk_docs.importer import import_plan
from dvk_docs.rollover import (
    RolloverError,
    RolloverReport,
    YearShifter,
    day_off,
    previous_working_day,
    rollover,
)
from dvk_docs.stages import derive_stages

from . import import_fixtures as fx
from .docx_helpers import all_text, open_docx

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
DATA = Path(__file__).parent / "data"


def shift(text: str, old: int = 2026, new: int = 2027) -> tuple[str, RolloverReport]:
    report = RolloverReport(old, new, Path("a"), Path("b"))
    return YearShifter(old, new, report).text(text, "x"), report


# ---------------------------------------------------------------------------------------
# years inside text

MOVES = [
    ("thực hiện phong trào thi đua “Dân vận khéo” năm 2026",
     "thực hiện phong trào thi đua “Dân vận khéo” năm 2027"),
    ("KẾ HOẠCH NĂM 2026", "KẾ HOẠCH NĂM 2027"),
    ("gửi về trước ngày 15/3/2026.", "gửi về trước ngày 15/3/2027."),
    ("trước ngày 05/02/2026", "trước ngày 05/02/2027"),
    ("An Phú, ngày 15 tháng 01 năm 2026", "An Phú, ngày 15 tháng 01 năm 2027"),
    ("Thời gian: Tháng 3 - 12/2026", "Thời gian: Tháng 3 - 12/2027"),
    ("báo cáo quý I/2026 và tháng 6 năm 2026", "báo cáo quý I/2027 và tháng 6 năm 2027"),
    ("tăng 10% so với năm 2025", "tăng 10% so với năm 2026"),
    ("hoàn thành đến hết năm 2026", "hoàn thành đến hết năm 2027"),
    ("bố trí trong dự toán năm 2027", "bố trí trong dự toán năm 2028"),
    ("tổng kết trước ngày 15/01/2027", "tổng kết trước ngày 15/01/2028"),
    ("kỷ niệm 96 năm Ngày truyền thống công tác dân vận của Đảng (15/10/1930 - 15/10/2026)",
     "kỷ niệm 97 năm Ngày truyền thống công tác dân vận của Đảng (15/10/1930 - 15/10/2027)"),
    ("27 năm Ngày Dân vận của cả nước", "28 năm Ngày Dân vận của cả nước"),
    ("17 năm phong trào thi đua", "18 năm phong trào thi đua"),
]

STAYS = [
    "Nghị quyết Đại hội đại biểu Đảng bộ xã lần thứ I, nhiệm kỳ 2020 - 2025",
    "bầu cử đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031",
    "Thực hiện Kế hoạch số 07-KH/BTGDVTU, ngày 21/01/2026 của Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ",
    "Phấn đấu đến năm 2028, 100% thôn có mô hình được công nhận",
    "Hội Nông dân Việt Nam (14/10/1930) và Đoàn Thanh niên (26/3/1931)",
    "giai đoạn 2021 - 2025 và định hướng đến năm 2030",
    "năm {{ nam }}, hạn {{ han.dang_ky }} (15/10/1999 - 15/10/{{ nam }})",
]


@pytest.mark.parametrize(("before", "after"), MOVES)
def test_this_years_dates_and_years_move(before: str, after: str) -> None:
    out, report = shift(before)
    assert out == after
    assert report.changes, "every change is reported"


@pytest.mark.parametrize("text", STAYS)
def test_terms_citations_targets_and_foundings_stay(text: str) -> None:
    out, report = shift(text)
    assert out == text
    assert not report.changes


def test_a_cited_document_of_this_year_is_flagged() -> None:
    text = ("Thực hiện Kế hoạch số 07-KH/BTGDVTU, ngày 21/01/2026 của Ban Tuyên giáo và Dân vận "
            "Tỉnh ủy về thực hiện phong trào thi đua “Dân vận khéo” năm 2026, Ban Thường vụ Đảng "
            "ủy xã xây dựng Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” năm 2026 như sau:")
    out, report = shift(text)
    # the cited document keeps its date and title; the plan's own year moves
    assert out.startswith("Thực hiện Kế hoạch số 07-KH/BTGDVTU, ngày 21/01/2026 của")
    assert "“Dân vận khéo” năm 2026, Ban Thường vụ" in out
    assert out.endswith("“Dân vận khéo” năm 2027 như sau:")
    assert len(report.changes) == 1
    assert any("văn bản được dẫn" in q.question for q in report.questions)


@pytest.mark.parametrize("text", [
    "Năm 2025 còn 27 hồ sơ trễ hạn.",            # last year: a past fact, or 'last year'?
    "phấn đấu đến năm 2026 hoàn thành",           # a multi-year target, or this year?
    "số 2026 đứng riêng",                          # a bare number
    "chào mừng Đại hội Đảng toàn quốc lần thứ XIV năm 2026",  # a one-off event
    "năm học 2025 - 2026",
    "mô hình sẽ đăng ký lại năm 2027",            # next year: keep or move?
])
def test_ambiguous_years_are_reported_not_guessed(text: str) -> None:
    out, report = shift(text)
    assert out == text
    assert report.questions and not report.changes


def test_weekend_deadline_is_reported_with_the_previous_working_day() -> None:
    out, report = shift("báo cáo trước ngày 13/3/2026.")
    assert out == "báo cáo trước ngày 13/3/2027."
    [q] = report.questions
    assert "13/03/2027 rơi vào Thứ Bảy" in q.question and "Thứ Sáu 12/03/2027" in q.question


def test_29_february_and_bigger_jumps() -> None:
    out, report = shift("hạn 29/02/2028", 2028, 2029)
    assert out == "hạn 28/02/2029"
    assert any("29/02" in q.question for q in report.questions)
    out, _ = shift("năm 2026, so với năm 2025, kỷ niệm 96 năm Ngày truyền thống", 2026, 2028)
    assert out == "năm 2028, so với năm 2027, kỷ niệm 98 năm Ngày truyền thống"


def test_working_days() -> None:
    assert day_off(dt.date(2027, 3, 13)) == "Thứ Bảy"
    assert day_off(dt.date(2027, 3, 14)) == "Chủ nhật"
    assert day_off(dt.date(2027, 9, 2)) == "Quốc khánh"
    assert day_off(dt.date(2027, 4, 30)) == "Ngày Chiến thắng"
    assert day_off(dt.date(2027, 2, 8)) == "nghỉ Tết Nguyên đán"
    assert day_off(dt.date(2027, 3, 15)) is None
    assert previous_working_day(dt.date(2027, 11, 20)) == dt.date(2027, 11, 19)
    assert previous_working_day(dt.date(2027, 5, 2)) == dt.date(2027, 4, 29)


# ---------------------------------------------------------------------------------------
# the samples


@pytest.fixture(scope="module")
def an_phu(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("an-phu")
    src = root / "2026"
    shutil.copytree(SAMPLES / "xa-an-phu", src)
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    rollover(src, root / "2027", year=2027)
    return src, root / "2027", before


def test_the_original_is_never_touched(an_phu: tuple[Path, Path, dict[str, bytes]]) -> None:
    src, _, before = an_phu
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before


def test_next_year_dataset_of_the_party_sample(an_phu: tuple[Path, Path, dict[str, bytes]]
                                               ) -> None:
    src, new, _ = an_phu
    old = load_dataset(src).data
    data = load_dataset(new).data
    assert data.year == 2027 and data.term == old.term
    assert {k: v.replace(year=2027) for k, v in old.deadlines.items()} == data.deadlines
    for section in ("appraisal", "meeting", "proposal", "decision", "reports"):
        assert getattr(data, section) in (None, [])
    assert data.achievements == {}
    plan = data.documents.ke_hoach
    assert plan is not None and plan.number is None and plan.date is None
    assert plan.subject.endswith("năm 2027") and "năm 2027 như sau" in (plan.preamble or "")
    assert "qd_to_tham_dinh" not in data.references
    # the cited guidance and work programme stay as they were, flagged
    assert data.references["hd_tinh"] == old.references["hd_tinh"]
    assert "so với năm 2026" in data.targets[2]


def test_comments_and_layout_are_kept(an_phu: tuple[Path, Path, dict[str, bytes]]) -> None:
    src, new, _ = an_phu
    text = (new / "dataset.yaml").read_text(encoding="utf-8")
    for comment in ("# Bộ dữ liệu mẫu (hư cấu): Đảng ủy xã An Phú",
                    "dang_ky: 2027-02-10             # các đơn vị gửi phiếu đăng ký",
                    "# Các mốc thời hạn, dùng trong ke_hoach.md dạng {{ han.dang_ky }}.",
                    "# Ban Thường vụ biểu quyết giơ tay"):
        assert comment in text
    assert "hd_tinh:  # CẦN CẬP NHẬT: văn bản năm 2026" in text
    old = (src / "dataset.yaml").read_text(encoding="utf-8")
    # unchanged lines stay byte for byte (quotes, flow style, indentation)
    assert '    references: [hd_tinh, nq_dai_hoi, ctr_cong_tac]\n' in text
    added = [line for line in text.splitlines() if line not in set(old.splitlines())]
    assert len(added) < 25, added


def test_continuing_models_are_carried_as_co_tu_truoc(
        an_phu: tuple[Path, Path, dict[str, bytes]]) -> None:
    src, new, _ = an_phu
    recognised = derive_stages(load_dataset(src)).recognised
    regs = load_dataset(new).registrations
    assert [r.model_name for r in regs] == [r.model_name for r in recognised]
    assert {r.status for r in regs} == {Status.CO_TU_TRUOC}
    ws = openpyxl.load_workbook(new / "dang_ky.xlsx").worksheets[0]
    assert ws["A1"].value.endswith("NĂM 2027")
    assert ws["F3"].value == "Mô hình đăng ký mới năm 2027"
    report = (new / "bao_cao_chuyen_nam.md").read_text(encoding="utf-8")
    assert "Phụ nữ An Phú khởi nghiệp" in report.split("## Không chuyển sang năm mới")[1]


def test_the_report_asks_what_needs_a_person(an_phu: tuple[Path, Path, dict[str, bytes]]
                                            ) -> None:
    _, new, _ = an_phu
    report = (new / "bao_cao_chuyen_nam.md").read_text(encoding="utf-8")
    asks = report.split("## Cần quyết định")[1].split("## Thay đổi")[0]
    assert "CẦN CẬP NHẬT: văn bản căn cứ `hd_tinh`" in asks
    assert "20/11/2027 rơi vào Thứ Bảy" in asks and "19/11/2027" in asks
    assert "liên tục theo từng loại trong cả nhiệm kỳ" in asks  # Party numbering
    assert "| 10/02/2026 | 10/02/2027 |" in report


def test_the_new_year_builds(an_phu: tuple[Path, Path, dict[str, bytes]],
                             tmp_path: Path) -> None:
    _, new, _ = an_phu
    result = api.build(new, tmp_path / "out")
    plan = next(f for f in result.files if f.name.startswith("01-"))
    text = all_text(open_docx(plan))
    assert "“Dân vận khéo” năm 2027" in text
    assert "97 năm Ngày truyền thống" in text and "96 năm" not in text
    assert "Trước 10/02/2027" in text
    assert "năm 2027" in text and "ngày 09/01/2026" in text  # the cited guidance stays


def test_state_sample_with_inline_registrations(tmp_path: Path) -> None:
    result = rollover(SAMPLES / "phuong-hoa-binh", tmp_path / "new", year=2027)
    data = load_dataset(tmp_path / "new").data
    recognised = derive_stages(load_dataset(SAMPLES / "phuong-hoa-binh")).recognised
    regs = data.registrations
    # DK002 is recognised but its record says it stops (next_year: dung); DK001 goes on to be
    # replicated (next_year: nhan_rong); the others default to "có từ trước"
    assert isinstance(regs, list)
    assert [r.model_name for r in regs] == [r.model_name for r in recognised if r.id != "DK002"]
    assert regs[0].status is Status.NHAN_RONG
    assert all(r.status is Status.CO_TU_TRUOC for r in regs[1:])
    assert all(r.date is None and r.next_year is None for r in regs)
    report = result.report_path.read_text(encoding="utf-8")
    assert "Hẹn đúng ngày, trả đúng hẹn" in report and "Mới → Nhân rộng" in report
    assert "Ngày thứ Năm lắng nghe dân nói" in report and "năm sau: dừng" in report
    assert "bắt đầu lại từ 01" in report  # State numbering restarts each year
    assert "28/02/2027 rơi vào Chủ nhật" in report and "26/02/2027" in report
    assert re.search(r"Tháng 3 - 12/2026 \| Tháng 3 - 12/2027", report.replace("\\|", "|")) or (
        "12/2027" in report)


@pytest.mark.parametrize(("policy", "count"), [("all", 30), ("none", 0)])
def test_registration_policies(tmp_path: Path, policy: str, count: int) -> None:
    rollover(SAMPLES / "xa-an-phu", tmp_path / "n", year=2027, registrations=policy)
    assert len(load_dataset(tmp_path / "n").registrations) == count
    assert (tmp_path / "n" / "dang_ky.xlsx").is_file()


def test_csv_registrations(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(DATA / "party-min", src)
    text = (src / "dataset.yaml").read_text(encoding="utf-8")
    text = text[:text.index("registrations:")] + "registrations: {file: dang_ky.csv}\n"
    (src / "dataset.yaml").write_text(text, encoding="utf-8")
    (src / "dang_ky.csv").write_text(
        "Stt;Chủ thể thực hiện;Tập thể/Cá nhân;Tên mô hình;Lĩnh vực;Tình trạng;Dự kiến kết quả\n"
        "1;Chi bộ thôn 3;Tập thể;Tuyến đường hoa;VHXH;Mới;2 km so với năm 2025\n"
        "2;Hội Phụ nữ;Tập thể;Bếp ăn;VHXH;Nhân rộng;200 suất\n", encoding="utf-8")
    rollover(src, tmp_path / "new", year=2027)
    regs = load_dataset(tmp_path / "new").registrations
    assert [r.status for r in regs] == [Status.CO_TU_TRUOC, Status.CO_TU_TRUOC]
    assert regs[0].expected_results == "2 km so với năm 2026"


def test_next_year_column_of_a_sheet_decides_the_status(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(DATA / "party-min", src)
    text = (src / "dataset.yaml").read_text(encoding="utf-8")
    text = text[:text.index("registrations:")] + "registrations: {file: dang_ky.xlsx}\n"
    (src / "dataset.yaml").write_text(text, encoding="utf-8")
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Stt", "Chủ thể thực hiện", "Tập thể", "Cá nhân", "Tên mô hình", "Lĩnh vực",
               "Mới", "Có từ trước", "Nhân rộng", "Dự kiến kết quả", "Năm sau"])
    ws.append([1, "Chi bộ thôn 3", "x", None, "Tuyến đường hoa", "VHXH", "x", None, None,
               "2 km", "Nhân rộng"])
    ws.append([2, "Hội Phụ nữ", "x", None, "Bếp ăn", "VHXH", None, "x", None, "200 suất",
               "Dừng"])
    ws.append([3, "Đoàn Thanh niên", "x", None, "Thắp sáng đường quê", "VHXH", "x", None, None,
               "3 km", None])
    book.save(src / "dang_ky.xlsx")
    result = rollover(src, tmp_path / "new", year=2027)
    regs = load_dataset(tmp_path / "new").registrations
    assert [(r.model_name, r.status, r.next_year) for r in regs] == [
        ("Tuyến đường hoa", Status.NHAN_RONG, None),
        ("Thắp sáng đường quê", Status.CO_TU_TRUOC, None)]
    sheet = openpyxl.load_workbook(tmp_path / "new" / "dang_ky.xlsx").active
    assert [sheet.cell(2, c).value for c in (7, 8, 9, 11)] == [None, None, "x", None]
    report = result.report_path.read_text(encoding="utf-8")
    assert "Bếp ăn" in report and "năm sau: dừng" in report
    assert "đánh dấu “Nhân rộng”" in report


def test_guidance_replaces_this_years_reference(tmp_path: Path) -> None:
    guidance = ("Hướng dẫn số 02-HD/BTGDVTU, ngày 08/01/2027 của Ban Tuyên giáo và Dân vận Tỉnh "
                "ủy về thực hiện phong trào thi đua “Dân vận khéo” năm 2027")
    ctr = ("ctr_cong_tac=Chương trình công tác số 01-CTr/ĐU, ngày 05/01/2027 của Ban Chấp hành "
           "Đảng bộ xã An Phú năm 2027")
    report_ref = ("bc_dang_ky=Báo cáo số 02-BC/BXDĐ, ngày 22/02/2027 của Ban Xây dựng Đảng "
                  "Đảng ủy xã An Phú")
    result = rollover(SAMPLES / "xa-an-phu", tmp_path / "n", year=2027,
                      guidance=[guidance, ctr, report_ref], number=9)
    data = load_dataset(tmp_path / "n").data
    hd = data.references["hd_tinh"]
    assert (hd.number, hd.date) == ("02-HD/BTGDVTU", dt.date(2027, 1, 8))
    assert data.references["ctr_cong_tac"].number == "01-CTr/ĐU"
    assert data.documents.ke_hoach.number == 9  # type: ignore[union-attr]
    report = result.report_path.read_text(encoding="utf-8")
    assert "CẦN CẬP NHẬT" not in report
    with pytest.raises(RolloverError, match="khong_co"):
        rollover(SAMPLES / "xa-an-phu", tmp_path / "m", year=2027,
                 guidance=["khong_co=Hướng dẫn số 1-HD/X, ngày 01/01/2027 của Y"])


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_year_that_does_not_go_forward_is_refused(tmp_path: Path, year: int) -> None:
    with pytest.raises(RolloverError, match="phải lớn hơn 2026"):
        rollover(SAMPLES / "xa-an-phu", tmp_path / "n", year=year)
    assert not (tmp_path / "n").exists()


def test_output_rules(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(DATA / "party-full", src)
    with pytest.raises(RolloverError, match="gốc"):
        rollover(src, src, year=2027)
    rollover(src, tmp_path / "n", year=2027)
    before = (tmp_path / "n" / "dataset.yaml").read_bytes()
    with pytest.raises(OutputError, match="không ghi đè"):
        rollover(src, tmp_path / "n", year=2028)
    assert (tmp_path / "n" / "dataset.yaml").read_bytes() == before
    rollover(src, tmp_path / "n", year=2028, force=True)
    assert load_dataset(tmp_path / "n").data.year == 2028


def test_inline_body_and_results_of_party_full(tmp_path: Path) -> None:
    result = rollover(DATA / "party-full", tmp_path / "n", year=2027)
    data = load_dataset(tmp_path / "n").data
    assert data.decision is None and data.reports == []
    assert data.deadlines["dang_ky"] == dt.date(2027, 3, 31)
    text = (tmp_path / "n" / "dataset.yaml").read_text(encoding="utf-8")
    assert "dang_ky: 31/03/2027" in text  # written the way it was
    assert result.report.carried


# ---------------------------------------------------------------------------------------
# a staff-typed 2026 plan: import, rebuild, roll over to 2027


@pytest.fixture(scope="module")
def typed_2027(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("typed")
    src = fx.party_plan(root / "ke-hoach-2026.docx")
    import_plan(src, root / "2026")
    rollover(root / "2026", root / "2027", year=2027)
    return root / "2026", root / "2027"


def test_staff_plan_rolls_over_with_every_trap_handled(typed_2027: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    _, new = typed_2027
    docx = api.render_one("ke_hoach", new, tmp_path / "2027.docx")
    text = re.sub(r"\s+", " ", all_text(open_docx(docx)))
    assert "thực hiện phong trào thi đua “Dân vận khéo” năm 2027" in text
    assert "Tân Hiệp, ngày tháng năm 2027" in text  # date cleared, written by hand
    # stays: cited document, terms, target year, founding date
    assert "Kế hoạch số 07-KH/BTGDVTU, ngày 21/01/2026" in text
    assert "nhiệm kỳ 2020 - 2025" in text and "nhiệm kỳ 2026 - 2031" in text
    assert "nhiệm kỳ 2025 - 2030" in text
    assert "Phấn đấu đến năm 2028" in text and "(14/10/1930)" in text
    # moves: deadlines, relative year, anniversary, table cells, closing line
    assert "trước ngày 13/3/2027" in text and "trước ngày 27/02/2027" in text
    assert "so với năm 2026" in text
    assert "97 năm Ngày truyền thống" in text and "(15/10/1930 - 15/10/2027)" in text
    assert "Tháng 02/2027" in text and "Quý IV/2027" in text
    assert "“Dân vận khéo” năm 2027 của Ban Thường vụ" in text
    cited = ("Kế hoạch số 07-KH/BTGDVTU, ngày 21/01/2026 của Ban Tuyên giáo và Dân vận Tỉnh ủy "
             "về thực hiện phong trào thi đua “Dân vận khéo” năm 2026")
    assert cited in text
    rest = text.replace(cited, "").replace("2026 - 2031", "").replace("so với năm 2026", "")
    assert "2026" not in rest


def test_staff_plan_report_lists_every_change(typed_2027: tuple[Path, Path]) -> None:
    old, new = typed_2027
    report = (new / "bao_cao_chuyen_nam.md").read_text(encoding="utf-8")
    asks = report.split("## Cần quyết định")[1].split("## Thay đổi")[0]
    assert "13/03/2027 rơi vào Thứ Bảy" in asks and "12/03/2027" in asks
    assert "CẦN CẬP NHẬT: văn bản căn cứ `kh`" in asks
    a = (old / "ke_hoach.md").read_text(encoding="utf-8").splitlines()
    b = (new / "ke_hoach.md").read_text(encoding="utf-8").splitlines()
    changed_lines = {i + 1 for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y}
    changes = report.split("## Thay đổi")[1].split("## Giữ nguyên")[0]
    reported = {int(m) for m in re.findall(r"\| ke_hoach\.md, dòng (\d+) \|", changes)}
    assert changed_lines and changed_lines == reported
    kept = report.split("## Giữ nguyên")[1]
    for item in ("2020 - 2025", "2026 - 2031", "năm 2028"):
        assert item in kept


def test_legacy_encoded_plan_rolls_over_the_same(typed_2027: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    _, new = typed_2027
    src = fx.party_plan(tmp_path / "tcvn3.docx", "tcvn3")
    import_plan(src, tmp_path / "2026")
    rollover(tmp_path / "2026", tmp_path / "2027", year=2027)
    assert (tmp_path / "2027" / "ke_hoach.md").read_text(encoding="utf-8") == (
        new / "ke_hoach.md").read_text(encoding="utf-8")


def test_cli_rollover(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["rollover", str(SAMPLES / "phuong-hoa-binh"), "--year", "2027",
                              "-o", str(tmp_path / "n")])
    assert res.exit_code == 0, res.output
    assert "Đã ghi bộ dữ liệu năm 2027" in res.output and "bao_cao_chuyen_nam.md" in res.output
    bad = runner.invoke(cli, ["rollover", str(SAMPLES / "phuong-hoa-binh"), "--year", "2020",
                              "-o", str(tmp_path / "m")])
    assert bad.exit_code == 1 and "Lỗi:" in bad.output and not (tmp_path / "m").exists()
    assert runner.invoke(cli, ["rollover", str(SAMPLES / "phuong-hoa-binh"), "-o", "x"]
                         ).exit_code == 2
    diff = list(difflib.unified_diff(
        (SAMPLES / "phuong-hoa-binh" / "dataset.yaml").read_text(encoding="utf-8").splitlines(),
        (tmp_path / "n" / "dataset.yaml").read_text(encoding="utf-8").splitlines()))
    assert any(line.startswith("+year: 2027") for line in diff)


def test_rollover_edits_the_sheet_the_registrations_came_from(tmp_path: Path) -> None:
    """This test ensures rollover reads and rewrites the active visible sheet (the one the
    loader reads), not a hidden first sheet holding last year's list."""
    src = tmp_path / "src"
    shutil.copytree(SAMPLES / "xa-an-phu", src)
    book = openpyxl.load_workbook(src / "dang_ky.xlsx")
    old = book.create_sheet("Năm cũ", 0)
    old.append(["ghi chép năm trước, không phải danh sách"])
    old.sheet_state = "hidden"
    book.active = 1
    book.save(src / "dang_ky.xlsx")
    before = load_dataset(src).registrations
    rollover(src, tmp_path / "new", year=2027, registrations="all")
    new_book = openpyxl.load_workbook(tmp_path / "new" / "dang_ky.xlsx")
    assert [c.value for c in new_book["Năm cũ"]["A"]] == [
        "ghi chép năm trước, không phải danh sách"]
    after = load_dataset(tmp_path / "new").registrations
    assert [r.model_name for r in after] == [r.model_name for r in before]
    assert all(r.status is not Status.MOI for r in after)
