"""Thống kê in the core (dvk_docs.statistics) and the .xlsx writers (dvk_docs.sheets).

The expected numbers are counted by hand from the two sample datasets: xa-an-phu has 30
registrations (22 tập thể, 8 cá nhân; 12 mới, 12 có từ trước, 6 nhân rộng; KT 8, VHXH 8,
QPAN 7, XDHTCT 7), 26 pass the appraisal, 24 are recognised (KT 5, VHXH 7, QPAN 6, XDHTCT
6, as its annual report says); phuong-hoa-binh has 10 (7 tập thể, 3 cá nhân; 4/4/2; KT 2,
VHXH 3, QPAN 2, XDHTCT 3), 9 pass, 8 are recognised (all but DK004, VHXH, and DK010, KT).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from dvk_docs import api
from dvk_docs.sheets import mau1_aggregate_xlsx, mau2_xlsx
from dvk_docs.statistics import (
    Field,
    Mau2,
    Row,
    YearStats,
    aggregate,
    compare,
    mau2,
    total_row,
    year_stats,
)


@pytest.fixture(scope="module")
def an_phu() -> Any:
    return api.load(api.samples_dir() / "xa-an-phu")


@pytest.fixture(scope="module")
def hoa_binh() -> Any:
    return api.load(api.samples_dir() / "phuong-hoa-binh")


def _report(loaded: Any, period: str) -> Any:
    return next(r for r in loaded.data.reports if r.period == period)


def test_year_stats_of_an_phu(an_phu: Any) -> None:
    s = year_stats(an_phu)
    c = s.counts
    assert (c.total, c.tap_the, c.ca_nhan, c.moi, c.co_tu_truoc, c.nhan_rong) == \
        (30, 22, 8, 12, 12, 6)
    assert [(f.code, f.registered, f.recognised) for f in s.by_field()] == [
        ("KT", 8, 5), ("VHXH", 8, 7), ("QPAN", 7, 6), ("XDHTCT", 7, 6)]
    assert s.registered == 30 and s.recognised == 24 and s.rate == pytest.approx(80.0)
    # the staff board proposes before the committee votes: đề nghị comes before bình xét
    assert s.stage_list() == [
        ("dang_ky", "Đăng ký", 30), ("tham_dinh", "Được thẩm định", 30),
        ("dat_tham_dinh", "Đạt thẩm định", 26), ("de_nghi", "Được đề nghị", 26),
        ("binh_xet", "Qua bình xét", 24), ("cong_nhan", "Được công nhận", 24)]


def test_year_stats_of_hoa_binh_by_unit(hoa_binh: Any) -> None:
    s = year_stats(hoa_binh)
    assert [(f.code, f.registered, f.recognised) for f in s.by_field()] == [
        ("KT", 2, 1), ("VHXH", 3, 2), ("QPAN", 2, 2), ("XDHTCT", 3, 3)]
    assert [key for key, _l, _n in s.stage_list()] == [
        "dang_ky", "tham_dinh", "dat_tham_dinh", "binh_xet", "de_nghi", "cong_nhan"]
    assert [n for _k, _l, n in s.stage_list()] == [10, 10, 9, 8, 8, 8]
    units = {r.name: (r.total, r.recognised) for r in s.by_unit()}
    assert units["Văn phòng HĐND và UBND phường"] == (2, 2)
    assert units["Phòng Văn hóa - Xã hội phường"] == (1, 0)  # the plastic-waste model failed
    assert units["Tổ dân phố 2"] == (1, 0)
    assert sum(t for t, _r in units.values()) == 10 and sum(r for _t, r in units.values()) == 8


def test_before_the_decision_recognised_is_unknown(an_phu: Any) -> None:
    data = an_phu.data.model_copy(update={"decision": None})
    loaded = type(an_phu)(**{**an_phu.__dict__, "data": data})
    s = year_stats(loaded)
    assert not s.decided and s.rate is None and s.recognised == 0
    assert {k: n for k, _l, n in s.stage_list()}["cong_nhan"] is None
    assert compare(s, None)[-1].this is None


def test_mau2_follows_the_report_date_and_notes(an_phu: Any) -> None:
    half = mau2(an_phu, report=_report(an_phu, "6_thang"))
    assert half.total.total == 30 and half.total.recognised == 0  # decision in October
    rows = {r.name: r for r in half.rows}
    assert rows["Hội Liên hiệp Phụ nữ xã"].difficulties.startswith("Quà đổi rác")
    year = mau2(an_phu, report=_report(an_phu, "nam"))
    assert year.total.recognised == 24
    rows = {r.name: r for r in year.rows}
    # 'typical' is a registration id in the data; the table prints the model's name
    assert rows["Chi bộ thôn Phú Lợi"].typical == "Dân vận khéo trong mở rộng đường nội đồng"
    assert rows["Hội Cựu chiến binh xã"].difficulties.startswith("Hội viên tuổi cao")
    assert year.total == total_row(year.rows, year.fields)
    assert sum(r.total for r in year.rows) == 30


def test_aggregate_two_communes(an_phu: Any, hoa_binh: Any) -> None:
    a, b = year_stats(an_phu), year_stats(hoa_binh)
    g = aggregate([("Xã An Phú", a), ("Phường Hòa Bình", b)])
    assert g.communes == 2 and g.year == 2026
    assert [r.name for r in g.mau2.rows] == ["Xã An Phú", "Phường Hòa Bình"]
    assert g.mau2.rows[0].numbers() == [30, 22, 8, 8, 8, 7, 7, 12, 12, 6, 24]
    assert g.mau2.rows[1].numbers() == [10, 7, 3, 2, 3, 2, 3, 4, 4, 2, 8]
    assert g.mau2.total.numbers() == [40, 29, 11, 10, 11, 9, 10, 16, 16, 8, 32]
    assert [(f.code, f.registered, f.recognised) for f in g.by_field()] == [
        ("KT", 10, 6), ("VHXH", 11, 9), ("QPAN", 9, 8), ("XDHTCT", 10, 9)]
    assert g.stages["dat_tham_dinh"] == 35 and g.stages["cong_nhan"] == 32
    assert g.rate == pytest.approx(80.0)
    with pytest.raises(ValueError):
        aggregate([])


def _stats(fields: list[Field], counts: list[int], recognised: int) -> YearStats:
    row = Row("x", sum(counts), sum(counts), 0, tuple(counts), sum(counts), 0, 0, recognised)
    table = Mau2(fields, [row], total_row([row], fields))
    return YearStats(2026, fields, table, {"dang_ky": sum(counts), "cong_nhan": recognised},
                     (recognised,) + (0,) * (len(fields) - 1))


def test_aggregate_aligns_different_linh_vuc_lists() -> None:
    kt, khac, vh = Field("KT", "Kinh tế"), Field("KHAC", "Khác"), Field("VHXH", "Văn hóa")
    g = aggregate([("A", _stats([kt, khac], [2, 1], 1)), ("B", _stats([vh, kt], [4, 3], 2))])
    assert [f.code for f in g.fields] == ["KT", "KHAC", "VHXH"]
    assert [r.by_field for r in g.mau2.rows] == [(2, 1, 0), (3, 0, 4)]
    assert g.mau2.total.by_field == (5, 1, 4) and g.mau2.total.total == 10
    assert [(f.code, f.recognised) for f in g.by_field()] == [("KT", 1), ("KHAC", 0),
                                                               ("VHXH", 2)]


def test_this_year_against_last_year(an_phu: Any) -> None:
    nxt = api.rollover_model(an_phu, year=2027).loaded  # the 24 recognised carry over
    changes = {c.label: c for c in compare(year_stats(nxt), year_stats(an_phu))}
    assert (changes["Tổng số mô hình đăng ký"].this, changes["Tổng số mô hình đăng ký"].last,
            changes["Tổng số mô hình đăng ký"].delta) == (24, 30, -6)
    assert changes["Đăng ký mới"].delta == -12 and changes["Có từ trước"].delta == 12
    assert changes["Lĩnh vực phát triển kinh tế"].delta == -3
    assert changes["Được công nhận"].this is None and changes["Được công nhận"].delta is None
    alone = compare(year_stats(an_phu), None)
    assert alone[0].this == 30 and alone[0].last is None and alone[0].delta is None


def _sheet(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_mau2_xlsx_header_rows_and_total(an_phu: Any) -> None:
    table = mau2(an_phu, report=_report(an_phu, "nam"))
    ws = _sheet(mau2_xlsx(table, "THỐNG KÊ KẾT QUẢ", "(Kèm theo Báo cáo số 85)"))
    assert ws["A1"].value == "THỐNG KÊ KẾT QUẢ" and ws["A2"].value == "(Kèm theo Báo cáo số 85)"
    assert [ws.cell(4, c).value for c in (1, 2, 3, 4, 6, 10, 13, 14, 15, 16)] == [
        "STT", "Đơn vị", "Tổng số mô hình", "Chia theo chủ thể", "Chia theo lĩnh vực",
        "Chia theo tình trạng", "Được công nhận", "Điển hình tiêu biểu", "Khó khăn, vướng mắc",
        "Đề xuất, kiến nghị"]
    assert [ws.cell(5, c).value for c in range(4, 13)] == [
        "Tập thể", "Cá nhân", "KT", "VHXH", "QPAN", "XDHTCT", "Mới", "Có từ trước", "Nhân rộng"]
    assert ws.cell(6, 16).value == "(16)"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:A5", "B4:B5", "D4:E4", "F4:I4", "J4:L4", "M4:M5", "P4:P5"} <= merged
    last = 7 + len(table.rows)
    assert ws.cell(last, 1).value == "Tổng cộng" and f"A{last}:B{last}" in merged
    assert [ws.cell(last, c).value for c in range(3, 14)] == [30, 22, 8, 8, 8, 7, 7, 12, 12, 6,
                                                               24]
    assert ws.cell(last + 1, 1).value.startswith("Ghi chú: KT - Lĩnh vực phát triển kinh tế")
    first = [ws.cell(7, c).value for c in range(1, 14)]
    assert first == [1, table.rows[0].name, *table.rows[0].numbers()]


def test_mau2_xlsx_matches_the_report_docx_table(an_phu: Any, tmp_path: Path) -> None:
    """The .xlsx and the report's .docx appendix print the same rows and numbers."""
    target = tmp_path / "bc.docx"
    api.render_one("bao_cao_ket_qua", api.samples_dir() / "xa-an-phu", target,
                   registration_id="nam")
    doc = Document(str(target))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "STT")
    docx_rows = []
    for row in table.rows[3:]:
        seen, texts = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                texts.append(cell.text.strip())
        docx_rows.append(texts)
    ws = _sheet(mau2_xlsx(mau2(an_phu, report=_report(an_phu, "nam")), "T"))
    xlsx_rows = []
    for r in range(7, 7 + len(docx_rows)):
        values = ["" if v is None else str(v) for v in
                  (ws.cell(r, c).value for c in range(1, 17))]
        if values[0] == "Tổng cộng":
            values = [values[0], *values[2:]]  # merged A:B, as the .docx's spanned cell
        xlsx_rows.append(values)
    assert xlsx_rows == docx_rows


def test_mau1_aggregate_xlsx(an_phu: Any, hoa_binh: Any) -> None:
    ws = _sheet(mau1_aggregate_xlsx([("Xã An Phú", an_phu), ("Phường Hòa Bình", hoa_binh)],
                                    "TỔNG HỢP"))
    assert [ws.cell(3, c).value for c in (1, 2, 3, 6, 7)] == [
        "Stt", "Xã, phường", "Chủ thể thực hiện", "Tên mô hình", "Mô hình đăng ký mới năm 2026"]
    rows = [[ws.cell(r, c).value for c in range(1, 11)] for r in range(5, ws.max_row + 1)]
    headings = [r[0] for r in rows if isinstance(r[0], str) and r[0][:2] in {"I.", "II", "IV"}]
    assert headings == ["I. Lĩnh vực phát triển kinh tế", "II. Lĩnh vực văn hóa - xã hội",
                        "III. Lĩnh vực quốc phòng - an ninh",
                        "IV. Lĩnh vực xây dựng hệ thống chính trị"]
    data = [r for r in rows if isinstance(r[0], int)]
    assert [r[0] for r in data] == list(range(1, 41))  # continuous numbering
    assert sum(1 for r in data if r[1] == "Phường Hòa Bình") == 10
    assert sum(1 for r in data if r[3] == "x") == 29 and sum(1 for r in data if r[4] == "x") == 11
    subtotals = [r for r in rows if r[0] == "Cộng"]
    assert [r[2] for r in subtotals] == ["10 mô hình", "11 mô hình", "9 mô hình", "10 mô hình"]
    assert rows[-1][:9] == ["Tổng cộng", None, "40 mô hình", 29, 11, None, 16, 16, 8]
