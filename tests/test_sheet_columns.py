"""Fuzzing the column mapping of registration sheets: random header orders, header spellings
(case, diacritics, notes in parentheses), one- or two-row headers and extra columns whose
names resemble real ones.

A load either refuses with a DatasetError, or every field comes from the column with that
exact meaning: each cell holds a token naming its column, so a field read from the wrong
column shows the wrong token.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvk_docs.dataset import load_dataset
from dvk_docs.dataset.clean import strip_accents
from dvk_docs.errors import DatasetError

DATA = Path(__file__).parent / "data"
_PARTY_MIN = (DATA / "party-min" / "dataset.yaml").read_text(encoding="utf-8")

# field -> header spellings with that exact meaning
TEXT_FIELDS: dict[str, list[str]] = {
    "registrant": ["Chủ thể thực hiện", "Chủ thể thực hiện (ghi địa chỉ, chức vụ)",
                   "Đơn vị đăng ký", "Tên đơn vị", "Họ và tên"],
    "model_name": ["Tên mô hình", "Tên mô hình, điển hình", "Tên điển hình"],
    "expected_results": ["Dự kiến kết quả cần đạt", "Dự kiến kết quả", "Kết quả cần đạt"],
    "managing_body": ["Đơn vị quản lý", "Chi bộ quản lý", "Cơ quan quản lý"],
    "location": ["Địa bàn", "Phạm vi thực hiện"],
    "reason": ["Sự cần thiết", "Lý do chọn mô hình"],
    "objectives": ["Mục tiêu", "Tiêu chí"],
    "method": ["Cách làm", "Nội dung, cách làm", "Giải pháp thực hiện"],
    "timeline": ["Thời gian thực hiện", "Thời gian"],
    "resources": ["Nguồn lực", "Kinh phí"],
    "note": ["Ghi chú"],
    "signer_name": ["Người đại diện", "Họ tên người đại diện"],
    "signer_title": ["Chức vụ", "Chức vụ người đại diện"],
}
REQUIRED = ("registrant", "model_name", "expected_results")
# Extra columns staff add: none of them means a field
DISTRACTORS = ["Kết quả năm 2025", "Số điện thoại", "Địa chỉ", "Ghi chú thêm của xã",
               "Tên mô hình năm trước", "Chủ thể cũ", "Dự kiến kinh phí năm sau", "Năm 2025",
               "Điểm", "Xếp loại", "Kết quả thẩm định", "Người lập biểu", "Email"]


def _spell(label: str, style: int) -> str:
    if style == 1:
        return label.upper()
    if style == 2:
        return strip_accents(label).lower()
    if style == 3:
        return f"  {label.replace(' ', '  ')} :"
    return label


@st.composite
def sheets(draw: st.DrawFn) -> dict[str, Any]:
    """Columns in random order, as units that stay together (the marked kind and status
    columns), optionally under a two-row header ('Loại' above 'Tập thể | Cá nhân')."""
    two_rows = draw(st.booleans())
    optional = draw(st.lists(st.sampled_from([f for f in TEXT_FIELDS if f not in REQUIRED]),
                             unique=True, max_size=5))
    units: list[tuple[str | None, list[tuple[str, str]]]] = []  # (parent, [(header, meaning)])
    for f in [*REQUIRED, *optional]:
        label = draw(st.sampled_from(TEXT_FIELDS[f]))
        units.append((None, [(_spell(label, draw(st.integers(0, 3))), f)]))
    if draw(st.booleans()):
        kind = [("Tập thể" if two_rows else "Mô hình tập thể", "kind_tap_the"),
                ("Cá nhân" if two_rows else "Mô hình cá nhân", "kind_ca_nhan")]
        units.append(("Loại" if two_rows else None, kind))
    else:
        units.append((None, [("Tập thể/Cá nhân", "kind")]))
    if draw(st.booleans()):
        units.append(("Tình trạng" if two_rows else None,
                      [("Mới", "status_moi"), ("Có từ trước", "status_co_tu_truoc"),
                       ("Nhân rộng", "status_nhan_rong")]))
    else:
        units.append((None, [("Tình trạng", "status")]))
    units.append((None, [("Lĩnh vực", "linh_vuc")]))
    extra = draw(st.lists(st.sampled_from(DISTRACTORS), unique=True, max_size=3))
    units += [(None, [(_spell(d, draw(st.integers(0, 3))), "extra")]) for d in extra]
    order = draw(st.permutations(range(len(units))))
    units = [units[i] for i in order]
    top: list[str | None] = []
    below: list[str | None] = []
    columns: list[tuple[str, str]] = []
    for parent, cols in units:
        for i, (header, meaning) in enumerate(cols):
            columns.append((header, meaning))
            if parent is None:
                top.append(header)
                below.append(None)
            else:
                top.append(parent if i == 0 else None)
                below.append(header)
    header_rows = [top, below] if any(b is not None for b in below) else [top]
    return {"columns": columns, "header_rows": header_rows,
            "rows": draw(st.integers(1, 3)),
            "kinds": draw(st.lists(st.booleans(), min_size=3, max_size=3))}


def _cell(meaning: str, n: int, tap_the: bool) -> Any:
    if meaning == "kind":
        return "Tập thể" if tap_the else "Cá nhân"
    if meaning == "kind_tap_the":
        return "x" if tap_the else None
    if meaning == "kind_ca_nhan":
        return None if tap_the else "x"
    if meaning == "status":
        return "Mới"
    if meaning == "status_moi":
        return "x"
    if meaning.startswith("status_"):
        return None
    if meaning == "linh_vuc":
        return "KT"
    if meaning == "extra":
        return f"SAI {n}"
    return f"{meaning} {n}"


FUZZ = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(sheets())
def test_fuzz_columns_refuse_or_map_exactly(sheet: dict[str, Any]) -> None:
    """This test ensures a sheet with any header order and extra columns is either refused
    with a DatasetError or every field is read from the column meaning that field."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for header_row in sheet["header_rows"]:
        ws.append(header_row)
    for n in range(1, sheet["rows"] + 1):
        ws.append([_cell(m, n, sheet["kinds"][n - 1]) for _, m in sheet["columns"]])
    with tempfile.TemporaryDirectory(prefix="fuzz-cols-") as tmp:
        ds = Path(tmp) / "ds"
        shutil.copytree(DATA / "party-min", ds)
        text = _PARTY_MIN[: _PARTY_MIN.index("registrations:")] + "registrations: {file: dk.xlsx}\n"
        (ds / "dataset.yaml").write_text(text, encoding="utf-8")
        wb.save(ds / "dk.xlsx")
        try:
            loaded = load_dataset(ds)
        except DatasetError as err:
            assert "dk.xlsx" in str(err)
            assert not any(m == "extra" for _, m in sheet["columns"]) or "cột" in str(err)
            return
    meanings = {m for _, m in sheet["columns"]}
    regs = loaded.registrations
    assert len(regs) == sheet["rows"]
    for n, reg in enumerate(regs, start=1):
        for field in TEXT_FIELDS:
            if field.startswith("signer"):
                continue
            expected = f"{field} {n}" if field in meanings else None
            assert getattr(reg, field) == expected, (field, sheet["columns"])
        if "signer_name" in meanings:
            assert reg.signer is not None and reg.signer.name == f"signer_name {n}"
            if "signer_title" in meanings:
                assert reg.signer.title == f"signer_title {n}"
        assert reg.kind.value == ("tap_the" if sheet["kinds"][n - 1] else "ca_nhan")
        assert reg.status.value == "moi"
        assert "SAI" not in repr(reg.model_dump())


def test_distractors_next_to_their_look_alikes_are_refused_naming_both(tmp_path: Path) -> None:
    """This test ensures 'Kết quả năm 2025' beside 'Dự kiến kết quả' is refused with both
    columns named (before, the first of them silently became the expected results)."""
    wb = openpyxl.Workbook()
    wb.active.append(["Chủ thể thực hiện", "Tên mô hình", "Tập thể/Cá nhân", "Tình trạng",
                      "Kết quả năm 2025", "Dự kiến kết quả", "Lĩnh vực"])
    wb.active.append(["Chi bộ thôn 1", "Đường hoa", "Tập thể", "Mới", "1 km", "2 km", "KT"])
    ds = tmp_path / "ds"
    shutil.copytree(DATA / "party-min", ds)
    text = _PARTY_MIN[: _PARTY_MIN.index("registrations:")] + "registrations: {file: dk.xlsx}\n"
    (ds / "dataset.yaml").write_text(text, encoding="utf-8")
    wb.save(ds / "dk.xlsx")
    try:
        load_dataset(ds)
    except DatasetError as err:
        message = str(err)
    else:
        raise AssertionError("loaded")
    assert "cột E 'Kết quả năm 2025'" in message and "cột F 'Dự kiến kết quả'" in message
