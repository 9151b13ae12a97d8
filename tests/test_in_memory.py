"""Rollover and import on a dataset held in memory (the web application keeps years in a
database): same rules and same result as the file commands, nothing written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from dvk_docs import api
from dvk_docs.dataset import load_dataset
from dvk_docs.errors import DatasetError
from dvk_docs.rollover import RolloverError

SAMPLES = api.samples_dir()
DATA = Path(__file__).parent / "data"


def _paragraphs(content: bytes) -> list[str]:
    doc = Document(io.BytesIO(content))
    return [p.text for p in doc.paragraphs if p.text.strip()]


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("source", [SAMPLES / "xa-an-phu", SAMPLES / "phuong-hoa-binh",
                                    DATA / "party-full", DATA / "state-full"])
def test_rollover_in_memory_matches_the_file_rollover(source: Path, tmp_path: Path) -> None:
    """This test ensures the in-memory rollover applies the rules of the file rollover: the
    same plan, body, references, deadlines and carried models, without writing a file."""
    loaded = load_dataset(source)
    year = loaded.data.year + 1
    before = _files(tmp_path)
    nxt = api.rollover_model(api.prepare(loaded), year=year)
    assert _files(tmp_path) == before  # nothing written
    api.rollover(source, tmp_path / "next", year=year)
    filed = load_dataset(tmp_path / "next")
    mem = nxt.loaded
    assert mem.data.year == filed.data.year == year
    assert (mem.plan_body or "").strip() == (filed.plan_body or "").strip()
    plan_m, plan_f = mem.data.documents.ke_hoach, filed.data.documents.ke_hoach
    assert plan_m is not None and plan_f is not None
    assert plan_m.model_dump(exclude={"body", "body_file"}) == plan_f.model_dump(
        exclude={"body", "body_file"})
    assert mem.data.references == filed.data.references
    assert mem.data.deadlines == filed.data.deadlines
    assert mem.data.decision is None and mem.data.meeting is None
    # the same models carried with the same status (a sheet numbers its rows anew: ids differ)
    assert [(r.model_name, r.status) for r in mem.registrations] == [
        (r.model_name, r.status) for r in filed.registrations]
    assert nxt.report.changes and nxt.report.target is None
    assert "trong bộ nhớ" in nxt.report.markdown()
    # next year's plan renders from memory
    plan = api.render_document(api.prepare(mem), "ke_hoach")
    assert any(f"năm {year}" in p for p in _paragraphs(plan.content))


def test_rollover_in_memory_of_a_model_without_files(tmp_path: Path) -> None:
    """A Dataset kept as data (plan body inline) rolls over with no file anywhere."""
    loaded = load_dataset(DATA / "party-min")
    data = loaded.data.model_copy(deep=True)
    nxt = api.rollover_model(data, year=2027)
    assert nxt.dataset.year == 2027
    assert nxt.loaded.plan_body
    assert nxt.dataset.documents.ke_hoach is not None
    assert nxt.dataset.documents.ke_hoach.number is None  # not issued yet
    plan = api.render_document(api.prepare(nxt.loaded), "ke_hoach")
    assert any("năm 2027" in p for p in _paragraphs(plan.content))
    with pytest.raises(RolloverError, match="phải lớn hơn"):
        api.rollover_model(data, year=2026)


def test_load_model_reports_problems_with_paths() -> None:
    loaded = load_dataset(DATA / "party-min")
    raw = loaded.data.model_dump(mode="json", exclude_none=True)
    raw["family"] = "dang"
    raw["registrations"][0]["kind"] = "nhom"
    with pytest.raises(DatasetError) as info:
        api.load_model(raw)
    paths = {p.path for p in info.value.problems}
    assert paths == {"family", f"registrations[{raw['registrations'][0]['id']}].kind"}
    assert all(p.source == "dataset.yaml" and p.line is None for p in info.value.problems)


@pytest.mark.parametrize("sample", ["xa-an-phu", "phuong-hoa-binh"])
def test_import_in_memory_matches_the_file_import(sample: str, tmp_path: Path) -> None:
    """This test ensures importing a plan into memory gives the dataset the file import
    writes: the rebuilt plan has the same text."""
    docx = api.render_one("ke_hoach", SAMPLES / sample, tmp_path / "ke-hoach.docx")
    before = _files(tmp_path)
    imported = api.import_plan_model(docx)
    assert _files(tmp_path) == before
    api.import_plan(docx, tmp_path / "ds")
    from_files = api.render_document(api.prepare(tmp_path / "ds"), "ke_hoach")
    from_memory = api.render_document(api.prepare(imported.loaded), "ke_hoach")
    assert _paragraphs(from_memory.content) == _paragraphs(from_files.content)
    assert imported.report.startswith("# Nhập kế hoạch từ")
    assert imported.loaded.data.year == load_dataset(tmp_path / "ds").data.year
