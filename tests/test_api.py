"""The public API the web application builds on: structured problems, validate --json,
facts derived once per build, a prepared dataset rendering one document at a time."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

import dvk_docs.stages
from dvk_docs import api
from dvk_docs.cli import cli
from dvk_docs.errors import DatasetError
from dvk_docs.problems import CODES, Problem, Severity


def _count_derive(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the facts derivations: facts.derive calls stages.derive_stages exactly once, and
    looks it up at call time, so wrapping it counts every derive() wherever it is called."""
    calls = [0]
    original = dvk_docs.stages.derive_stages

    def counting(loaded):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return original(loaded)

    monkeypatch.setattr(dvk_docs.stages, "derive_stages", counting)
    return calls


def test_one_cli_build_derives_the_facts_once(party_full: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures one `build` (progress count, checks, rendering) derives once (it was
    four times: the count, check_dataset, refuse_inconsistent's caller, rendering)."""
    calls = _count_derive(monkeypatch)
    result = CliRunner().invoke(cli, ["build", str(party_full), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.docx"))) > 5
    assert calls[0] == 1


def test_library_build_derives_once(party_full: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_derive(monkeypatch)
    api.build(party_full, tmp_path / "out")
    assert calls[0] == 1


def test_a_prepared_dataset_renders_documents_without_deriving_again(
        party_full: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures the web app can keep a dataset and its facts and re-render one
    document (to bytes) without loading or deriving again."""
    calls = _count_derive(monkeypatch)
    prepared = api.prepare(party_full)
    assert calls[0] == 1
    assert prepared.problems == []
    ids = prepared.items("phieu_dang_ky")
    assert len(ids) > 1
    one = api.render_document(prepared, "phieu_dang_ky", ids[1])
    plan = api.render_document(prepared, "ke_hoach")
    assert calls[0] == 1
    text = "\n".join(p.text for p in Document(io.BytesIO(plan.content)).paragraphs)
    assert "KẾ HOẠCH" in text
    reg = next(r for r in prepared.loaded.registrations if r.id == ids[1])
    form = Document(io.BytesIO(one.content))
    form_text = "\n".join(p.text for p in form.paragraphs)
    assert reg.model_name in form_text
    with pytest.raises(DatasetError, match="chọn một bằng --id"):
        api.render_document(prepared, "phieu_dang_ky")


def _plant_five(ds: Path) -> None:
    path = ds / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in [("year: 2026\n", "year: 1999\n"),
                     ("family: party\n", "family: dang\n"),
                     ("    date: 2026-01-15\n", "    date: 31/02/2026\n    ghi_chu_khac: abc\n"),
                     ("  - {registrant: Chi bộ thôn 3, kind: tap_the,",
                      "  - {id: DK004, registrant: Chi bộ thôn 3, kind: nhom,")]:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def test_validate_json_lists_five_planted_mistakes(party_min: Path) -> None:
    """This test ensures `validate --json` gives each mistake its code, field path, line and
    hint, so a web form can put it beside the right field."""
    _plant_five(party_min)
    result = CliRunner().invoke(cli, ["validate", str(party_min), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    problems = data["problems"]
    assert len(problems) == 5
    for p in problems:
        assert p["code"] in CODES
        assert p["path"] and p["hint"] and p["message"]
        assert p["source"] == "dataset.yaml" and isinstance(p["line"], int)
        assert p["severity"] == "error"
    by_path = {p["path"]: p["code"] for p in problems}
    assert by_path == {
        "year": "schema.invalid_number",
        "family": "schema.invalid_choice",
        "documents.ke_hoach.date": "schema.invalid_date",
        "documents.ke_hoach.ghi_chu_khac": "schema.unknown_field",
        "registrations[DK004].kind": "schema.invalid_choice",
    }
    # the text form is the line the plain command prints
    plain = CliRunner().invoke(cli, ["validate", str(party_min)])
    assert plain.exit_code == 1
    for p in problems:
        assert p["text"] in plain.output


def test_validate_json_on_a_valid_dataset(party_full: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(party_full), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["errors"] == 0
    assert data["documents"] > 5 and data["counts"]["total"] > 0


def test_validate_json_when_the_dataset_cannot_be_read_or_rendered(party_min: Path,
                                                                  tmp_path: Path) -> None:
    """A missing folder and a document that cannot be rendered are problems in the JSON too
    (code, hint), and the plain command prints the same error as before."""
    missing = CliRunner().invoke(cli, ["validate", str(tmp_path / "khong-co"), "--json"])
    assert missing.exit_code == 1
    (problem,) = json.loads(missing.stdout)["problems"]
    assert problem["code"] == "dataset.invalid" and problem["hint"]
    assert "không tìm thấy" in problem["message"]

    path = party_min / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    old = "{{ ky_niem.truyen_thong_dan_van }}"
    assert old in text
    path.write_text(text.replace(old, "{{ han.dangky }}", 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(party_min), "--json"])
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["code"] == "render.data" and problem["hint"]
    assert problem["source"] == "dataset.yaml" and isinstance(problem["line"], int)
    plain = CliRunner().invoke(cli, ["validate", str(party_min)])
    assert plain.exit_code == 1
    assert f"Lỗi: {problem['text']}" in plain.output


def test_contradictions_are_problems_with_kinds_and_path(party_full: Path) -> None:
    path = party_full / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    assert "DK01: 11," in text
    path.write_text(text.replace("DK01: 11,", "DK01: 12,", 1), encoding="utf-8")
    validation = api.validate(party_full)
    assert not validation.ok
    (problem,) = validation.errors
    assert problem.code == "consistency.votes"
    assert problem.path == "meeting.votes.DK01"
    assert problem.line is not None and problem.hint
    assert "bien_ban_binh_xet" in problem.kinds
    assert str(problem).startswith(f"dataset.yaml, dòng {problem.line}: DK01 có 12 phiếu")


def test_sheet_problems_carry_the_row_and_registration(tmp_path: Path) -> None:
    """A mistake in the registration sheet names the sheet, its row and the field."""
    from openpyxl import load_workbook

    ds = tmp_path / "ds"
    shutil.copytree(api.samples_dir() / "xa-an-phu", ds)
    book = load_workbook(ds / "dang_ky.xlsx")
    ws = book.worksheets[0]
    group_row = next(r for r in range(1, ws.max_row + 1)
                     if str(ws[f"A{r}"].value or "").startswith("I. Lĩnh vực"))
    ws[f"A{group_row}"] = "I. Lĩnh vực thể thao dưới nước"
    book.save(ds / "dang_ky.xlsx")
    validation = api.validate(ds)
    assert validation.errors
    first = validation.errors[0]
    assert first.code == "dataset.unknown_linh_vuc"
    assert first.source == "dang_ky.xlsx" and first.row == group_row + 1 and first.line is None
    assert first.path == "registrations[DK001].linh_vuc"
    assert first.hint
    assert str(first).startswith(f"dang_ky.xlsx, trang 'Dang ky', dòng {group_row + 1}: lĩnh vực")


def test_a_bad_sheet_cell_names_its_row_and_registration(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ds = tmp_path / "ds"
    shutil.copytree(api.samples_dir() / "xa-an-phu", ds)
    book = load_workbook(ds / "dang_ky.xlsx")
    ws = book.worksheets[0]
    first = next(r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value == 1
                 and ws[f"B{r}"].value not in (None, 2))  # the first data row
    ws[f"C{first}"] = None  # neither tập thể nor cá nhân marked
    ws[f"D{first}"] = None
    book.save(ds / "dang_ky.xlsx")
    (problem,) = api.validate(ds).errors
    assert problem.code == "sheet.invalid_cell"
    assert (problem.source, problem.row, problem.path) == ("dang_ky.xlsx", first,
                                                           "registrations[DK001]")
    assert problem.hint


def test_problem_from_text_keeps_the_printed_line() -> None:
    line = "dang_ky.xlsx, dòng 7, cột C (Lĩnh vực): không có lĩnh vực 'X'"
    p = Problem.from_text(line, "sheet.invalid_cell")
    assert str(p) == line
    assert (p.source, p.row, p.line, p.message) == ("dang_ky.xlsx", 7, None,
                                                     "không có lĩnh vực 'X'")
    assert p.severity is Severity.ERROR
    assert Problem.from_text("không có dấu hai chấm").location == ""


def test_a_problem_needs_a_known_code() -> None:
    """The old contradiction type was Problem(message, kinds): that call now fails loudly."""
    with pytest.raises(ValueError, match=r"not in dvk_docs\.problems\.CODES"):
        Problem("dataset.yaml: mâu thuẫn", ("ke_hoach",))  # type: ignore[arg-type]
    assert Problem("consistency.votes", "x").kinds == ()


def test_dataset_error_problems_are_problem_objects(party_min: Path) -> None:
    _plant_five(party_min)
    with pytest.raises(DatasetError) as info:
        api.load(party_min)
    assert len(info.value.problems) == 5
    assert all(isinstance(p, Problem) for p in info.value.problems)
    assert all(f"  - {p}" in str(info.value) for p in info.value.problems)
