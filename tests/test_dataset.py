"""Loading datasets: YAML, sheets, validation messages that name file, line/row and field."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest

from dvk_docs.dataset import load_dataset
from dvk_docs.errors import DatasetError

HEADER = ["Stt", "Chủ thể thực hiện (ghi địa chỉ, chức vụ, nơi công tác nếu là cá nhân)",
          "Mô hình tập thể", "Mô hình cá nhân", "Tên mô hình", "Mô hình đăng ký mới năm 2026",
          "Mô hình có từ trước", "Mô hình nhân rộng", "Dự kiến kết quả cần đạt"]


def _edit(ds: Path, old: str, new: str) -> None:
    path = ds / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _use_sheet(ds: Path, name: str) -> None:
    path = ds / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("registrations:")] + f"registrations: {{file: {name}}}\n"
    path.write_text(text, encoding="utf-8")


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)


def _error(ds: Path) -> str:
    with pytest.raises(DatasetError) as info:
        load_dataset(ds)
    return str(info.value)


def test_loads_minimal_dataset(party_min: Path) -> None:
    """This test ensures a valid dataset loads with ids, codes and dates resolved."""
    loaded = load_dataset(party_min)
    regs = loaded.registrations
    assert [r.id for r in regs] == ["DK001", "DK002"]
    assert [r.linh_vuc for r in regs] == ["VHXH", "KT"]  # 'Kinh tế' resolved to its code
    assert loaded.data.references["hd"].date.isoformat() == "2026-01-10"  # dd/mm/yyyy parsed
    assert loaded.warnings == []


def test_malformed_yaml_names_line_and_column(party_min: Path) -> None:
    """This test ensures a YAML syntax error gives line and column."""
    _edit(party_min, "place: An Phú", "place: [An Phú")
    msg = _error(party_min)
    assert "dataset.yaml, dòng" in msg and "cột" in msg and "YAML sai cú pháp" in msg


def test_unknown_field_suggests_close_match(party_min: Path) -> None:
    """This test ensures a typo in a field name is named, with the line and a suggestion."""
    _edit(party_min, "  short_name:", "  shortname:")
    msg = _error(party_min)
    assert "dòng 9" in msg
    assert "'unit.shortname' không có trong cấu trúc" in msg
    assert "Có phải ý bạn là 'short_name'?" in msg


def test_mangled_top_level_key_is_named_not_a_traceback(party_min: Path) -> None:
    """This test ensures a key typed with brackets (':[year') is reported as an unknown field
    with a suggestion, not dropped as a union tag and crashing (IndexError before)."""
    text = (party_min / "dataset.yaml").read_text(encoding="utf-8")
    assert text.startswith("year:")
    (party_min / "dataset.yaml").write_text(":[" + text, encoding="utf-8")
    msg = _error(party_min)
    assert "trường ':[year' không có trong cấu trúc" in msg
    assert "Có phải ý bạn là 'year'?" in msg
    assert "thiếu trường bắt buộc 'year'" in msg


def test_missing_required_field(party_min: Path) -> None:
    _edit(party_min, "place: An Phú\n", "")
    assert "thiếu trường bắt buộc 'place'" in _error(party_min)


def test_wrong_type_and_enum(party_min: Path) -> None:
    """This test ensures wrong types and values outside an enum are explained."""
    _edit(party_min, "year: 2026", "year: hai nghìn")
    _edit(party_min, "family: party", "family: dang")
    msg = _error(party_min)
    assert "trường 'year'" in msg and "trường 'family'" in msg
    assert "'party'" in msg and "'state'" in msg


def test_impossible_date(party_min: Path) -> None:
    """This test ensures 31/02/2026 is rejected as a date that does not exist."""
    _edit(party_min, "dang_ky: 31/03/2026", "dang_ky: 31/02/2026")
    msg = _error(party_min)
    assert "deadlines.dang_ky" in msg and "31/02/2026 không tồn tại" in msg
    # the reason in Vietnamese, not Python's "day is out of range for month"
    assert "tháng 2/2026 chỉ có 28 ngày" in msg and "out of range" not in msg


def test_impossible_month_is_explained_in_vietnamese(party_min: Path) -> None:
    """This test ensures a month 13 is named in Vietnamese, in both date spellings."""
    _edit(party_min, "dang_ky: 31/03/2026", "dang_ky: 15/13/2026")
    msg = _error(party_min)
    assert "không có tháng 13" in msg and "month must be" not in msg


def test_unknown_signer_reference(party_min: Path) -> None:
    _edit(party_min, "    signer: pbt", "    signer: pbtt")
    msg = _error(party_min)
    assert "người ký 'pbtt' chưa khai trong 'signers'" in msg and "Có phải 'pbt'?" in msg


def test_unknown_linh_vuc_lists_allowed(party_min: Path) -> None:
    _edit(party_min, "linh_vuc: VHXH", "linh_vuc: Thể thao")
    msg = _error(party_min)
    assert "lĩnh vực 'Thể thao' không có trong danh sách" in msg
    assert "KT (Lĩnh vực phát triển kinh tế)" in msg and "dataset.yaml, dòng" in msg


def test_control_characters_are_stripped_with_a_warning(party_min: Path) -> None:
    _edit(party_min, "model_name: Nuôi tép", 'model_name: "Nuôi\\x01 tép"')
    loaded = load_dataset(party_min)
    assert loaded.registrations[1].model_name == "Nuôi tép"
    assert any("U+0001" in w and "registrations[1].model_name" in w for w in loaded.warnings)


def test_nfd_is_normalised(party_min: Path) -> None:
    path = party_min / "dataset.yaml"
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    loaded = load_dataset(party_min)
    assert loaded.data.unit.name == "Đảng ủy xã An Phú"
    assert unicodedata.is_normalized("NFC", loaded.registrations[0].model_name)


def test_tcvn3_text_is_rejected(party_min: Path) -> None:
    """This test ensures legacy TCVN3 text (seen as Latin-1 symbols) is refused clearly."""
    _edit(party_min, "model_name: Nuôi tép", "model_name: §­êng hoa thay cá d¹i")
    msg = _error(party_min)
    assert "TCVN3" in msg and "Unikey" in msg


def test_not_utf8(party_min: Path) -> None:
    path = party_min / "dataset.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    assert "không phải UTF-8" in _error(party_min)


def test_empty_yaml(party_min: Path) -> None:
    (party_min / "dataset.yaml").write_text("", encoding="utf-8")
    assert "file rỗng" in _error(party_min)


def test_missing_dataset_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "dvk-docs new" in _error(tmp_path / "empty")


# -- sheets --------------------------------------------------------------------------------
def test_xlsx_like_units_send_it(party_min: Path) -> None:
    """This test ensures title rows, the column-number row, group rows and blank rows work."""
    _xlsx(party_min / "dk.xlsx", [
        ["TỔNG HỢP ĐĂNG KÝ MÔ HÌNH"],
        [],
        HEADER,
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
        ["I. Lĩnh vực phát triển kinh tế"],
        [1, "Hội Nông dân", "x", None, "Trồng ổi", "x", None, None, "70% hộ"],
        [None] * 9,
        [2, "Ông Lê Văn B - hội viên", None, "X", "Nuôi tép", None, None, "x", "50% hộ"],
        ["II. Lĩnh vực văn hóa - xã hội"],
        [1, "Chi hội phụ nữ", "x", None, "Dọn vệ sinh", None, "x", None, "100% hộ"],
        [],
    ])
    _use_sheet(party_min, "dk.xlsx")
    regs = load_dataset(party_min).registrations
    assert [(r.registrant, r.kind.value, r.status.value, r.linh_vuc) for r in regs] == [
        ("Hội Nông dân", "tap_the", "moi", "KT"),
        ("Ông Lê Văn B - hội viên", "ca_nhan", "nhan_rong", "KT"),
        ("Chi hội phụ nữ", "tap_the", "co_tu_truoc", "VHXH"),
    ]
    assert regs[1].source == "dk.xlsx, trang 'Sheet', dòng 8"


def test_csv_with_single_columns(party_min: Path) -> None:
    """This test ensures a CSV with 'Lĩnh vực', 'Tập thể/Cá nhân' and 'Tình trạng' columns."""
    (party_min / "dk.csv").write_text(
        "Chủ thể thực hiện;Tập thể/Cá nhân;Tên mô hình;Lĩnh vực;Tình trạng;Dự kiến kết quả\n"
        "Đoàn Thanh niên;Tập thể;Thắp sáng đường quê;Quốc phòng - an ninh;Nhân rộng;2 km\n"
        "Bà Hoa;Cá nhân;Bếp ấm;VH-XH;Duy trì;30 suất\n", encoding="utf-8-sig")
    _use_sheet(party_min, "dk.csv")
    regs = load_dataset(party_min).registrations
    assert [(r.kind.value, r.status.value, r.linh_vuc) for r in regs] == [
        ("tap_the", "nhan_rong", "QPAN"), ("ca_nhan", "co_tu_truoc", "VHXH")]


def test_xlsx_missing_columns(party_min: Path) -> None:
    """This test ensures a renamed or missing column is named with what was found."""
    header = list(HEADER)
    header[4] = "Mô hình"  # renamed: 'Tên mô hình' no longer found
    _xlsx(party_min / "dk.xlsx", [header, [1, "A", "x", None, "B", "x", None, None, "C"]])
    _use_sheet(party_min, "dk.xlsx")
    msg = _error(party_min)
    assert "không tìm thấy dòng tiêu đề" in msg and "Tên mô hình" in msg
    header = [h for h in HEADER if not h.startswith("Dự kiến")]
    _xlsx(party_min / "dk.xlsx", [header, [1, "A", "x", None, "B", "x", None, None]])
    msg = _error(party_min)
    assert "dòng 1: thiếu cột" in msg and "Dự kiến kết quả" in msg
    assert "B='Chủ thể thực hiện" in msg


def test_xlsx_row_errors_name_row_and_column(party_min: Path) -> None:
    _xlsx(party_min / "dk.xlsx", [
        HEADER,
        ["I. Kinh tế"],
        [1, "A", "x", "x", "Mô hình 1", "x", None, None, "KQ"],
        [2, "B", "x", None, None, "x", None, None, "KQ"],
        [3, "C", "x", None, "Mô hình 3", None, None, None, "KQ"],
        [4, "D", "x", None, "Mô hình 4", "x", None, None, "KQ"],
    ])
    _use_sheet(party_min, "dk.xlsx")
    msg = _error(party_min)
    assert "dk.xlsx, trang 'Sheet', dòng 3: đánh dấu cả 'tập thể' và 'cá nhân'" in msg
    assert "dk.xlsx, trang 'Sheet', dòng 4, cột E (Tên mô hình): ô trống" in msg
    assert "dk.xlsx, trang 'Sheet', dòng 5: chưa đánh dấu 'x'" in msg
    assert "dòng 6" not in msg
    assert "3 lỗi" in msg


def test_xlsx_row_without_linh_vuc(party_min: Path) -> None:
    _xlsx(party_min / "dk.xlsx", [HEADER, [1, "A", "x", None, "M", "x", None, None, "KQ"]])
    _use_sheet(party_min, "dk.xlsx")
    assert "dk.xlsx, trang 'Sheet', dòng 2: chưa có lĩnh vực" in _error(party_min)


def test_empty_sheet(party_min: Path) -> None:
    _xlsx(party_min / "dk.xlsx", [HEADER, [], []])
    _use_sheet(party_min, "dk.xlsx")
    assert "không có dòng đăng ký nào" in _error(party_min)


def test_corrupt_xlsx(party_min: Path) -> None:
    (party_min / "dk.xlsx").write_bytes(b"this is not a zip file")
    _use_sheet(party_min, "dk.xlsx")
    assert "không mở được file Excel" in _error(party_min)


def test_missing_sheet_file_and_xls(party_min: Path) -> None:
    _use_sheet(party_min, "nope.xls")
    (party_min / "nope.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "Save As) .xlsx" in _error(party_min)


def test_sheet_cell_with_control_character(party_min: Path) -> None:
    """This test ensures a soft break pasted from Word (VT) becomes a line break."""
    (party_min / "dk.csv").write_text(
        "Chủ thể thực hiện,Tập thể/Cá nhân,Tên mô hình,Lĩnh vực,Tình trạng,Dự kiến kết quả\n"
        "Hội\x0bNông dân,Tập thể,Trồng ổi\x02,Kinh tế,Mới,70%\n", encoding="utf-8")
    _use_sheet(party_min, "dk.csv")
    loaded = load_dataset(party_min)
    assert loaded.registrations[0].registrant == "Hội\nNông dân"
    assert loaded.registrations[0].model_name == "Trồng ổi"
    assert any("dk.csv, dòng 2, cột C" in w and "U+0002" in w for w in loaded.warnings)
