"""Templates: reproducible from the blueprint script, user copies, clear template errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from dvk_docs import build
from dvk_docs.api import copy_templates, resource_root
from dvk_docs.conventions import Family
from dvk_docs.documents import KINDS, template_relpath
from dvk_docs.documents.template_files import build_all
from dvk_docs.errors import DatasetError, TemplateError

from .docx_helpers import all_text, open_docx


def _shape(path: Path) -> list[tuple[str, str]]:
    doc = Document(str(path))
    out = []
    for el in doc.element.body.iter():
        if el.tag.endswith("}p"):
            from docx.text.paragraph import Paragraph

            p = Paragraph(el, doc)
            out.append((p.style.name if p.style is not None else "", p.text))
    return out


def test_committed_templates_match_the_blueprints(tmp_path: Path) -> None:
    """This test ensures letter_templates/ and forms/ are what tools/build_templates.py makes."""
    fresh = build_all(tmp_path)
    assert len(fresh) == sum(len(k.families) for k in KINDS.values())
    for path in fresh:
        rel = path.relative_to(tmp_path)
        committed = resource_root() / rel
        assert committed.is_file(), rel
        assert _shape(committed) == _shape(path), f"{rel}: run python tools/build_templates.py"


def test_every_template_renders_without_leftover_tags(party_min: Path, state_min: Path,
                                                     tmp_path: Path) -> None:
    for ds in (party_min, state_min):
        for path in build(ds, tmp_path / ds.name).files:
            text = all_text(open_docx(path))
            assert "{{" not in text and "{%" not in text and "}}" not in text, path


def _user_templates(tmp_path: Path) -> Path:
    mine = tmp_path / "mine"
    copy_templates(mine)
    return mine


def _append(template: Path, text: str) -> None:
    doc = Document(str(template))
    doc.add_paragraph(text)
    doc.save(str(template))


def test_user_template_is_used(party_min: Path, tmp_path: Path) -> None:
    mine = _user_templates(tmp_path)
    plan = mine / template_relpath("ke_hoach", Family.PARTY)
    _append(plan, "Dòng thêm của đơn vị năm {{ year }}")
    result = build(party_min, tmp_path / "out", templates=mine)
    assert "Dòng thêm của đơn vị năm 2026" in all_text(open_docx(result.files[0]))


@pytest.mark.parametrize(("tag", "expected"), [
    ("{{ khong_co_bien }}", "biến 'khong_co_bien' không có trong dữ liệu"),
    ("{{ hdr.so_hieu }}", "biến 'so_hieu' không có trong dữ liệu"),
    ("{{ year ", "thẻ sai cú pháp"),
    ("{% for x in %}", "thẻ sai cú pháp"),
    ("{{ ''.__class__.__mro__ }}", "không an toàn"),
    ("{{ year.__class__ }}", "không an toàn"),
])
def test_user_template_errors_name_template_and_tag(party_min: Path, tmp_path: Path, tag: str,
                                                   expected: str) -> None:
    mine = _user_templates(tmp_path)
    plan = mine / template_relpath("ke_hoach", Family.PARTY)
    _append(plan, tag)
    with pytest.raises(TemplateError) as info:
        build(party_min, tmp_path / "out", templates=mine)
    msg = str(info.value)
    assert str(plan) in msg and expected in msg
    assert not (tmp_path / "out").exists()  # nothing written


def test_corrupt_user_template(party_min: Path, tmp_path: Path) -> None:
    mine = _user_templates(tmp_path)
    (mine / template_relpath("ke_hoach", Family.PARTY)).write_bytes(b"not a docx")
    with pytest.raises(TemplateError, match=r"không phải file \.docx hợp lệ"):
        build(party_min, tmp_path / "out", templates=mine)


def test_hostile_markdown_placeholder_is_blocked(party_min: Path, tmp_path: Path) -> None:
    """This test ensures the Markdown body's placeholders run sandboxed and strict."""
    ds = party_min / "dataset.yaml"
    text = ds.read_text(encoding="utf-8")
    ds.write_text(text.replace("Đoạn văn thường.", "{{ nam.__class__.__base__ }}"),
                  encoding="utf-8")
    with pytest.raises(DatasetError, match="chỗ điền"):
        build(party_min, tmp_path / "out")
    ds.write_text(text.replace("Đoạn văn thường.", "{{ han.khong_co }}"), encoding="utf-8")
    with pytest.raises(DatasetError, match="khong_co"):
        build(party_min, tmp_path / "out")
