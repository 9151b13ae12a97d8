"""validate checks the data and every template without rendering every document."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from dvk_docs import api
from dvk_docs.api import copy_templates
from dvk_docs.cli import cli
from dvk_docs.conventions import Family
from dvk_docs.documents import template_relpath
from dvk_docs.render import compiled as compiled_mod
from dvk_docs.render import engine

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "xa-an-phu"


def test_validate_renders_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each template is compiled and its fields checked; no document is rendered."""
    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("validate rendered a document")

    monkeypatch.setattr(compiled_mod.CompiledTemplate, "render", refuse)
    monkeypatch.setattr(engine, "render_docx_docxtpl", refuse)
    result = api.validate(SAMPLE)
    assert result.ok and result.error is None and result.documents == 43
    assert result.prepared is not None and result.prepared.facts.counts.total == 30


def test_full_validate_renders_every_document(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = compiled_mod.CompiledTemplate.render

    def counting(self: compiled_mod.CompiledTemplate, *args: object, **kwargs: object) -> bytes:
        calls.append(1)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compiled_mod.CompiledTemplate, "render", counting)
    assert api.validate(SAMPLE, full=True).documents == 43
    assert len(calls) == 43


def _append(template: Path, text: str) -> None:
    doc = Document(str(template))
    doc.add_paragraph(text)
    doc.save(str(template))


@pytest.mark.parametrize(("kind", "tag", "expected"), [
    ("ke_hoach", "{{ khong_co_bien }}", "biến 'khong_co_bien' không có trong dữ liệu"),
    ("phieu_dang_ky", "{{ khong_co_bien }}", "biến 'khong_co_bien' không có trong dữ liệu"),
    ("ke_hoach", "{{ hdr.so_hieu }}", "biến 'so_hieu' không có trong dữ liệu"),
    ("phieu_dang_ky", "{{ year ", "thẻ sai cú pháp"),
    ("ke_hoach", "{% for x in %}", "thẻ sai cú pháp"),
    ("ke_hoach", "{{ year.__class__ }}", "không an toàn"),
])
def test_validate_finds_what_build_would(party_min: Path, tmp_path: Path, kind: str, tag: str,
                                         expected: str) -> None:
    """A user's template error is found by validate with the message build gives."""
    mine = tmp_path / "mine"
    copy_templates(mine)
    template = mine / template_relpath(kind, Family.PARTY)
    _append(template, tag)
    result = api.validate(party_min, templates=mine)
    assert not result.ok and result.error is not None
    assert str(template) in result.error and expected in result.error
    assert [p.code for p in result.errors] == ["render.template"]


def test_validate_full_option(party_min: Path) -> None:
    for args in (["validate", str(party_min)], ["validate", "--full", str(party_min)]):
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == 0, res.output
        assert "hợp lệ" in res.output and "văn bản sẽ được tạo" in res.output


def test_field_check_names_a_missing_context_field(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without rendering: a context lacking a name its (shipped) template reads is found."""
    import dataclasses

    from dvk_docs import documents

    kind = documents.KINDS["phieu_dang_ky"]

    def lacking(*args: object) -> dict[str, object]:
        ctx = dict(kind.context(*args))
        ctx.pop(sorted(ctx)[0])
        return ctx

    kinds = dict(documents.KINDS)
    kinds["phieu_dang_ky"] = dataclasses.replace(kind, context=lacking)
    monkeypatch.setattr(api, "KINDS", kinds)
    result = api.validate(SAMPLE)
    assert result.error is not None and "không có trong dữ liệu" in result.error


_THIRD = ("  - {registrant: Chi đoàn thôn 4, kind: tap_the, model_name: Thắp sáng đường quê, "
          "linh_vuc: VHXH, status: moi, expected_results: 3 km đèn, %s}\n")


@pytest.mark.parametrize(("extra", "expected"), [
    ("signer: {authority: TM, title: Bí thư, name: Lê Văn C}", "cần on_behalf_of"),
    ("confirmer: {body: Đảng ủy xã, signer: {authority: KT, title: Phó Bí thư, name: Lê C}}",
     "confirmer.signer"),
    ("date: 2025-12-30", "không thuộc năm 2026"),
])
def test_validate_finds_a_later_phieu_data_error(party_min: Path, extra: str,
                                                 expected: str) -> None:
    """Only the first phiếu's whole context is built; the data of the others (the third
    here) is still checked, with the message a build or validate --full gives."""
    with (party_min / "dataset.yaml").open("a", encoding="utf-8") as f:
        f.write(_THIRD % extra)
    quick, full = api.validate(party_min), api.validate(party_min, full=True)
    assert quick.error is not None and expected in quick.error
    assert quick.error == full.error
    assert [p.code for p in quick.errors] == [p.code for p in full.errors]
    assert quick.errors[-1].code in ("render.data", "dataset.date_outside_year")


def test_validate_builds_one_phieu_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """30 registrations: the phiếu template's fields are checked against one context (the
    names do not depend on the registration), not 30."""
    from dvk_docs import documents

    kind = documents.KINDS["phieu_dang_ky"]
    calls: list[int] = []

    def counting(*args: object) -> dict[str, object]:
        calls.append(1)
        return kind.context(*args)

    import dataclasses

    kinds = dict(documents.KINDS)
    kinds["phieu_dang_ky"] = dataclasses.replace(kind, context=counting)
    monkeypatch.setattr(api, "KINDS", kinds)
    result = api.validate(SAMPLE)
    assert result.ok and result.documents == 43
    assert len(calls) == 1


def test_quick_validate_pauses_the_garbage_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """The collector is paused while a quick validate loads and checks (its full passes
    walked the whole loaded dataset again and again) and on again afterwards; --full
    renders with it on; a caller's own gc.disable() is left as it was."""
    import gc

    seen: list[bool] = []
    original = api.check_kind

    def watching(*args: object) -> int:
        seen.append(gc.isenabled())
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "check_kind", watching)
    assert gc.isenabled()
    assert api.validate(SAMPLE).ok
    assert seen and not any(seen) and gc.isenabled()
    gc.disable()
    try:
        api.validate(SAMPLE)
        assert not gc.isenabled()
    finally:
        gc.enable()
