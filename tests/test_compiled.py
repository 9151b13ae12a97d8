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


_WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WPNS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_SKELETON = (f'<w:document xmlns:w="{_WNS}" xmlns:wp="{_WPNS}"><w:background/>'
             "</w:document>").encode()


def _table(cells: int, grid: int, span: int | None = None) -> str:
    spanned = (f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p/></w:tc>'
               if span else "")
    return ("<w:tbl><w:tblGrid>" + '<w:gridCol w:w="1000"/>' * grid + "</w:tblGrid>"
            "<w:tr>" + "<w:tc><w:p/></w:tc>" * cells + spanned + "</w:tr></w:tbl>")


def _body(inner: str) -> bytes:
    return (f'<w:body xmlns:w="{_WNS}" xmlns:wp="{_WPNS}">{inner}'
            '<w:p><wp:docPr id="7"/><wp:docPr id="7"/></w:p></w:body>').encode()


def _long_way(body: bytes) -> bytes:
    from docx.oxml.parser import parse_xml
    from lxml import etree

    return etree.tostring(parse_xml(compiled_mod._with_body(
        _SKELETON, compiled_mod._fix_body(body))))


@pytest.mark.parametrize(("inner", "as_is"), [
    (_table(3, 3), True),               # the grid fits every row
    (_table(1, 3, span=2), True),       # a gridSpan counts its columns
    (_table(4, 3), False),              # fix_tables adds a column
    (_table(2, 3), False),              # fix_tables removes one
    ("<w:tbl><w:tr><w:tc/></w:tr></w:tbl>", False),  # no grid: left to docxtpl
    ("<w:p><w:r></w:p>", False),        # broken XML: docxtpl's forgiving parser
])
def test_document_parsed_once_when_nothing_to_fix(inner: str, as_is: bool) -> None:
    """A rendered body is parsed once with the document when docxtpl's table fixing would
    change nothing, with the drawings numbered as the long way numbers them; otherwise
    the long way is taken (a Mẫu 1 of 25,000 rows: 0.8 GB at its peak on the long way)."""
    from lxml import etree

    body = _body(inner)
    root = compiled_mod._parsed_as_is(_SKELETON, body)
    assert (root is not None) == as_is
    if root is None:
        return
    assert etree.tostring(root) == _long_way(body)
    assert [e.get("id") for e in root.iter(f"{{{_WPNS}}}docPr")] == ["1001", "1002"]
