"""Registrations read from the same sheet before come from the cache folder (issue 14,
target 1): the same registrations and warnings, other bytes or settings read again, a
damaged entry or DVK_DOCS_CACHE=off read again, a sheet with problems never kept."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from dvk_docs.dataset import load, load_dataset
from dvk_docs.errors import DatasetError

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "xa-an-phu"


def _no_read(*args: object, **kwargs: object) -> None:
    raise AssertionError("read again")


def _dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DVK_DOCS_CACHE", str(tmp_path / "cache"))
    ds = tmp_path / "ds"
    shutil.copytree(SAMPLE, ds)
    wb = openpyxl.load_workbook(ds / "dang_ky.xlsx")
    ws = wb.active
    assert ws is not None
    ws.cell(row=3, column=20, value="Cột riêng của xã")  # a column left aside: a warning
    wb.save(ds / "dang_ky.xlsx")
    return ds


def _entries(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "cache").glob("sheet-*.pickle"))


def test_read_once_then_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    ds = _dataset(tmp_path, monkeypatch)
    first = load_dataset(ds)
    assert len(_entries(tmp_path)) == 1
    assert any("bỏ qua các cột" in w for w in first.warnings)
    monkeypatch.setattr(load, "read_registrations", _no_read)
    again = load_dataset(ds)
    assert [r.model_dump() for r in again.registrations] == \
        [r.model_dump() for r in first.registrations]
    assert [r.source for r in again.registrations] == [r.source for r in first.registrations]
    assert again.registrations[0] is not first.registrations[0]
    assert again.warnings == first.warnings
    # another sheet (bytes) or other settings: read again
    wb = openpyxl.load_workbook(ds / "dang_ky.xlsx")
    ws = wb.active
    assert ws is not None
    ws.cell(row=6, column=5, value="Mô hình đổi tên")
    wb.save(ds / "dang_ky.xlsx")
    with pytest.raises(AssertionError, match="read again"):
        load_dataset(ds)


def test_damaged_entry_or_cache_off_read_again(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    ds = _dataset(tmp_path, monkeypatch)
    first = load_dataset(ds)
    entry = _entries(tmp_path)[0]
    entry.write_bytes(b"not a pickle")
    assert [r.model_name for r in load_dataset(ds).registrations] == \
        [r.model_name for r in first.registrations]
    monkeypatch.setenv("DVK_DOCS_CACHE", "off")
    shutil.rmtree(tmp_path / "cache")
    load_dataset(ds)
    assert not (tmp_path / "cache").exists()


def test_a_sheet_with_problems_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    ds = _dataset(tmp_path, monkeypatch)
    wb = openpyxl.load_workbook(ds / "dang_ky.xlsx")
    ws = wb.active
    assert ws is not None
    ws.cell(row=6, column=2, value="§¶ng ñy x· An Phó")  # TCVN3 text
    wb.save(ds / "dang_ky.xlsx")
    for _ in range(2):
        with pytest.raises(DatasetError) as err:
            load_dataset(ds)
        assert "TCVN3" in str(err.value.problems or err.value)
    assert not _entries(tmp_path)


def test_only_the_last_sheets_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    from dvk_docs.dataset import sheet_cache

    monkeypatch.setenv("DVK_DOCS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(sheet_cache, "KEEP", 2)
    names = []
    for n in range(4):
        sheet = tmp_path / f"dk{n}.csv"
        sheet.write_text(f"sheet {n}\n", encoding="utf-8")
        name = sheet_cache.name_for(sheet, None)
        assert name is not None
        sheet_cache.store(name, ([n], []))
        entry = tmp_path / "cache" / name
        os.utime(entry, (1000 + n, 1000 + n))  # stored in this order, whatever the clock
        names.append(name)
    kept = sorted(p.name for p in (tmp_path / "cache").glob("sheet-*.pickle"))
    assert kept == sorted(names[2:])
    assert sheet_cache.load(names[0]) is None and sheet_cache.load(names[3]) == ([3], [])
