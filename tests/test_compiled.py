"""Compile once, render many: the same documents as docxtpl, one compile per template."""

from __future__ import annotations

import io
import os
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from dvk_docs.api import template_roots
from dvk_docs.dataset import load_dataset
from dvk_docs.documents import KINDS, items_of, template_for
from dvk_docs.facts import derive
from dvk_docs.profiles import profile_for
from dvk_docs.render import compiled as compiled_mod
from dvk_docs.render import engine
from dvk_docs.render.engine import render_docx, render_docx_docxtpl

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (REPO / "samples").iterdir() if (p / "dataset.yaml").is_file())


def _text(data: bytes) -> list[str]:
    """Paragraph and table text of body, headers and footers (NFC), marking table rows."""
    doc = Document(io.BytesIO(data))
    out: list[str] = []
    for el in doc.element.body.iter():
        tag = etree.QName(el).localname
        if tag in {"p", "tr", "tbl"}:
            out.append(f"<{tag}>")
        elif tag == "t":
            out.append(el.text or "")
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.footer):
            if not part.is_linked_to_previous:
                out += [p.text for p in part.paragraphs]
    props = doc.core_properties
    out += [props.title, props.author, props.comments, props.subject]
    return [unicodedata.normalize("NFC", s) for s in out]


def _xml_parts(data: bytes) -> dict[str, str]:
    """The rendered XML parts (body, headers, footers), canonical (namespace declarations
    tidied); the others are copied from the same styled template either way."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.startswith(("word/document", "word/header", "word/footer")):
                continue
            el = etree.fromstring(z.read(name))
            etree.cleanup_namespaces(el)
            parts[name] = etree.canonicalize(etree.tostring(el).decode())
    return parts


def _documents(sample: Path) -> list[tuple[str, Path, dict[str, object], object, str]]:
    loaded = load_dataset(sample)
    facts = derive(loaded)
    profile = profile_for(loaded.data.family, loaded.data.profile)
    roots = template_roots(None)
    docs = []
    for key, kind in KINDS.items():
        if not kind.applies(loaded):
            continue
        template = template_for(key, profile, roots)
        if kind.per_item:
            for item in items_of(kind, loaded, facts):
                docs.append((key, template, kind.context(loaded, facts, profile, item),
                             profile, kind.title(item)))
        else:
            docs.append((key, template, kind.context(loaded, facts, profile), profile,
                         kind.label))
    return docs


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_whole_demo_set_matches_docxtpl(sample: Path) -> None:
    """Every document of every sample: the same text and the same XML parts as docxtpl's
    own open/render/save of the same styled template."""
    docs = _documents(sample)
    assert len(docs) > 20
    for key, template, ctx, profile, title in docs:
        fast = render_docx(template, ctx, profile, title=title, author="Đơn vị")
        slow = render_docx_docxtpl(template, ctx, profile, title=title, author="Đơn vị")
        assert _text(fast) == _text(slow), key
        assert _xml_parts(fast) == _xml_parts(slow), key
        assert Document(io.BytesIO(fast)).core_properties.title == title[:255].rstrip() \
            or len(title) > 255


def test_each_template_is_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thirty phiếu compile the phiếu template once, not thirty times."""
    compiled_mod.clear_cache()
    calls: list[int] = []
    env = engine.shared_env()
    original = env.compile

    def counting(source: str, *args: object, **kwargs: object) -> object:
        calls.append(len(source))
        return original(source, *args, **kwargs)

    monkeypatch.setattr(env, "compile", counting)
    _key, template, ctx, profile, title = next(d for d in _documents(SAMPLES[-1])
                                              if d[0] == "phieu_dang_ky")
    for _ in range(30):
        render_docx(template, ctx, profile, title=title)
    parts = len(calls)
    assert 1 <= parts <= 4  # body and headers/footers, once
    for _ in range(5):
        render_docx(template, ctx, profile, title=title)
    assert len(calls) == parts


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    """The cache follows the file: an edited template (new size or time) is read again."""
    _key, template, ctx, profile, title = _documents(SAMPLES[0])[0]
    copy = tmp_path / template.name
    shutil.copy(template, copy)
    first = _text(render_docx(copy, ctx, profile, title=title))
    doc = Document(str(copy))
    doc.add_paragraph("Dòng mới thêm vào mẫu")
    doc.save(str(copy))
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    second = _text(render_docx(copy, ctx, profile, title=title))
    assert "Dòng mới thêm vào mẫu" not in first
    assert "Dòng mới thêm vào mẫu" in second


def test_a_tag_in_core_properties_falls_back_to_docxtpl(tmp_path: Path) -> None:
    """What the compiled path does not handle is still rendered, by plain docxtpl."""
    _key, template, ctx, profile, title = _documents(SAMPLES[0])[0]
    copy = tmp_path / template.name
    doc = Document(str(template))
    doc.core_properties.subject = "{{ 'Chủ đề' }}"
    doc.save(str(copy))
    out = Document(io.BytesIO(render_docx(copy, ctx, profile, title=title)))
    assert out.core_properties.subject == "Chủ đề"


def test_compiled_templates_are_kept_on_disk(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A new process loads the compiled template from disk instead of compiling it; a
    damaged cache file only means compiling again."""
    monkeypatch.setenv("DVK_DOCS_CACHE", str(tmp_path / "cache"))
    _key, template, ctx, profile, title = next(d for d in _documents(SAMPLES[-1])
                                               if d[0] == "phieu_dang_ky")
    compiled_mod.clear_cache()
    first = render_docx(template, ctx, profile, title=title)
    files = list((tmp_path / "cache").glob("*.bin"))
    assert len(files) == 1
    compiled_mod.clear_cache()  # as in a new process

    def no_compile(*args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(compiled_mod.CompiledTemplate, "_build", no_compile)
    again = render_docx(template, ctx, profile, title=title)
    assert _text(again) == _text(first) and _xml_parts(again) == _xml_parts(first)
    monkeypatch.undo()
    monkeypatch.setenv("DVK_DOCS_CACHE", str(tmp_path / "cache"))
    files[0].write_bytes(b"\x00garbage")
    compiled_mod.clear_cache()
    assert _text(render_docx(template, ctx, profile, title=title)) == _text(first)
    monkeypatch.setenv("DVK_DOCS_CACHE", "off")
    compiled_mod.clear_cache()
    assert _text(render_docx(template, ctx, profile, title=title)) == _text(first)
