"""Compile once, render many: a .docx template parsed and compiled a single time.

docxtpl opens the template with python-docx, cleans its XML (``patch_xml``), compiles it
with Jinja and saves every part again for each document. Here all of that is done once per
template and profile (:func:`compiled`), kept across builds in a long-running process
(keyed by path, modification time, size and profile), and each document only

1. renders the compiled body (and the headers or footers that hold tags),
2. applies docxtpl's own after-render fixes (``resolve_listing``, ``fix_tables``,
   renumbered ``docPr`` ids) and sizes the State rules,
3. appends the rendered parts and the document's core properties to a prebuilt zip of the
   unchanged parts (styles, numbering, settings ...), which is never recompressed.

The text of every part is what docxtpl would write; templates using what this path does not
handle (tags in footnotes or in core properties) are rendered by plain docxtpl instead.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment, Template

    from ..profiles import Profile

_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_TAGS = ("{{", "{%", "{#")
_PROPS_RENDERED_BY_DOCXTPL = ("identifier", "language", "subject")


class Unsupported(Exception):
    """The template uses something only plain docxtpl renders (footnote or property tags)."""


def _docxtpl() -> Any:
    """docxtpl's cleaning and fixing helpers; none of them uses the instance's state."""
    from docxtpl import DocxTemplate

    return DocxTemplate.__new__(DocxTemplate)


def _has_tags(text: str) -> bool:
    return any(t in text for t in _TAGS)


@dataclass
class _Part:
    """One XML part rendered per document (``template``) or fixed once (``static``)."""

    name: str  # zip member name
    source: str
    template: Template | None
    static: bytes | None
    code: CodeType | None = None


def _render_source(template: Template, source: str, context: dict[str, Any]) -> str:
    """docxtpl's ``render_xml_part`` with the compile step already done."""
    from jinja2 import TemplateError as JinjaTemplateError

    try:
        dst = template.render(context)
    except JinjaTemplateError as exc:
        _attach_context(exc, source)
        raise
    dst = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst)
    dst = (dst.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
           .replace("%_}", "%}"))
    if any(c in dst for c in "\t\a\n\f"):  # resolve_listing changes nothing otherwise
        dst = _docxtpl().resolve_listing(dst)
    return dst


def _attach_context(exc: Exception, source: str) -> None:
    """Lines around a template error, as docxtpl attaches them (``docx_context``)."""
    lineno = getattr(exc, "lineno", None)
    if lineno is not None:
        start = max(lineno - 4, 0)
        exc.docx_context = [re.sub(r"<[^>]+>", "", x)  # type: ignore[attr-defined]
                            for x in source.splitlines()[start:start + 7]]


def _compile(env: Environment, source: str) -> tuple[Template, CodeType]:
    """Jinja's ``from_string`` in its two steps, keeping the code object for the disk cache."""
    from jinja2 import TemplateError as JinjaTemplateError

    try:
        code = env.compile(source)
    except JinjaTemplateError as exc:
        _attach_context(exc, source)
        raise
    return _from_code(env, code, source), code


def _from_code(env: Environment, code: CodeType, source: str) -> Template:
    """What ``env.from_string(source)`` returns, from its compiled code; the source is kept
    on the template (``dvk_source``) for errors that name the tag, as the sandbox's own
    ``from_string`` keeps it."""
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    template.dvk_source = source  # type: ignore[attr-defined]
    return template


def _member(partname: str) -> str:
    return partname.lstrip("/")


class CompiledTemplate:
    """A styled template parsed and compiled once; :meth:`render` makes one document."""

    styled: bytes
    body_source: str
    body: Template
    body_code: CodeType
    skeleton: bytes
    document_name: str
    core_name: str
    core: bytes
    parts: list[_Part]
    static_zip: bytes

    def __init__(self, styled: bytes, env: Environment, profile: Profile) -> None:
        self.profile = profile
        self._env = env
        self._fields: frozenset[str] | None = None
        self.styled = styled
        self._build(styled, env)

    def _build(self, styled: bytes, env: Environment) -> None:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.oxml import parse_xml as opc_parse_xml
        from lxml import etree

        tpl = _docxtpl()
        doc = docx.Document(io.BytesIO(styled))
        package = doc.part.package
        core_part = package._core_properties_part  # created with defaults when missing
        for prop in _PROPS_RENDERED_BY_DOCXTPL:
            if _has_tags(getattr(doc.core_properties, prop) or ""):
                raise Unsupported(f"core property {prop} holds a tag")
        for part in package.iter_parts():
            if part.content_type == _FOOTNOTES and b"{" in part.blob:
                raise Unsupported("footnotes")
        body = doc.element.body
        source = tpl.patch_xml(tpl.xml_to_string(body))
        self.body_source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
        self.body, self.body_code = _compile(env, self.body_source)
        root = doc.element
        root.remove(body)
        self.skeleton = etree.tostring(root)
        self.document_name = _member(doc.part.partname)
        self.core_name = _member(core_part.partname)
        props = doc.core_properties
        for prop in _PROPS_RENDERED_BY_DOCXTPL:  # docxtpl writes them back, even empty
            setattr(props, prop, getattr(props, prop))
        self.core = core_part.blob
        self.parts: list[_Part] = []
        for rel in doc.part.rels.values():
            if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER, _HEADER, _FOOTER):
                continue
            part = rel.target_part
            if not part.blob:
                continue
            src = tpl.patch_xml(tpl.xml_to_string(opc_parse_xml(part.blob)))
            src = re.sub(r"<w:p([ >])", r"\n<w:p\1", src)
            compiled, code = _compile(env, src)
            if _has_tags(src):
                self.parts.append(_Part(_member(part.partname), src, compiled, None, code))
            else:
                self.parts.append(_Part(_member(part.partname), src, None,
                                        _reserialize(_render_source(compiled, src, {}))))
        dynamic = {self.document_name, self.core_name, *(p.name for p in self.parts)}
        whole = io.BytesIO()
        doc.save(whole)
        static = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(whole.getvalue())) as zin, \
                zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                if info.filename not in dynamic:
                    zout.writestr(info, zin.read(info.filename))
        self.static_zip = static.getvalue()

    _STATE = ("styled", "body_source", "body_code", "skeleton", "document_name", "core_name",
              "core", "static_zip")

    def state(self) -> dict[str, Any]:
        """Everything but the profile and environment, as marshal can store it."""
        state = {name: getattr(self, name) for name in self._STATE}
        state["parts"] = [(p.name, p.source, p.code, p.static) for p in self.parts]
        state["fields"] = sorted(self.fields)  # Jinja's analysis: 0.1 s of a validate
        return state

    @classmethod
    def from_state(cls, state: dict[str, Any], env: Environment, profile: Profile
                   ) -> CompiledTemplate:
        self = cls.__new__(cls)
        self.profile = profile
        self._env = env
        self._fields = frozenset(state["fields"]) if "fields" in state else None
        for name in cls._STATE:
            setattr(self, name, state[name])
        self.body = _from_code(env, self.body_code, self.body_source)
        self.parts = [_Part(name, source, _from_code(env, code, source) if code else None,
                            static, code) for name, source, code, static in state["parts"]]
        return self

    @property
    def fields(self) -> frozenset[str]:
        """The top-level names the template's tags read (Jinja's own analysis)."""
        if self._fields is None:
            from jinja2 import meta

            sources = [self.body_source, *(p.source for p in self.parts if p.template)]
            self._fields = frozenset().union(*(
                meta.find_undeclared_variables(self._env.parse(src)) for src in sources))
        return self._fields

    def render(self, context: dict[str, Any], *, title: str, author: str) -> bytes:
        """One document: the rendered parts added to the prebuilt zip of the others."""
        from docx.opc.coreprops import CoreProperties
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.parser import parse_xml

        from .layout import paginate, size_rules_in

        # a Mẫu 1 of 25,000 rows is ~100 MB of XML: each form is dropped once the next exists
        body = _render_source(self.body, self.body_source, context).encode("utf-8")
        root = _parsed_as_is(self.skeleton, body)
        if root is None:
            root = parse_xml(_with_body(self.skeleton, _fix_body(body)))
        del body
        size_rules_in(root, self.profile)
        paginate(_Document(root))
        parts = {self.document_name: serialize_part_xml(root)}
        del root
        for part in self.parts:
            if part.static is not None:
                parts[part.name] = part.static
            else:
                assert part.template is not None
                parts[part.name] = _reserialize(_render_source(part.template, part.source,
                                                               context))
        core = parse_xml(self.core)
        props = CoreProperties(core)
        props.title = title
        props.author = author
        props.comments = "dvk-docs"
        parts[self.core_name] = serialize_part_xml(core)
        out = io.BytesIO(self.static_zip)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        return out.getvalue()


@dataclass
class _Document:
    """What layout.paginate reads of a python-docx Document: its ``element``."""

    element: Any


def _fix_body(body_xml: bytes) -> bytes:
    """docxtpl's ``fix_tables`` and ``fix_docpr_ids`` on the rendered body, serialised again.

    The body is then parsed once with the rest of the document (``_with_body``) instead of
    being appended to the parsed skeleton: lxml's append of a tree from another document
    reconciles namespaces node by node and grew with the square of the size (a Mẫu 1 of
    15,000 rows: 16 s in the append, 5,000 rows: 1.1 s)."""
    import docx.oxml.ns
    from lxml import etree

    tree = _docxtpl().fix_tables(body_xml)
    for index, elt in enumerate(tree.xpath("//wp:docPr", namespaces=docx.oxml.ns.nsmap),
                                start=1001):
        elt.attrib["id"] = str(index)
    return etree.tostring(tree, encoding="utf-8", xml_declaration=False)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _parsed_as_is(skeleton: bytes, body_xml: bytes) -> Any | None:
    """The document parsed once with its rendered body, when :func:`_fix_body` would change
    nothing but the drawings' ids: well-formed XML (its parser forgives broken XML) and no
    table whose grid docxtpl's ``fix_tables`` would widen or narrow. None otherwise: the
    caller takes the long way. A Mẫu 1 of 25,000 rows was parsed twice and serialised once
    more on the long way (0.8 GB at its peak)."""
    from docx.oxml.parser import parse_xml
    from lxml import etree

    try:
        root = parse_xml(_with_body(skeleton, body_xml))
    except etree.XMLSyntaxError:
        return None
    body = root.find(_W + "body")
    if body is None or _grid_to_fix(body):
        return None
    for index, elt in enumerate(body.iter(_DOCPR), start=1001):
        elt.attrib["id"] = str(index)
    return root


def _grid_to_fix(body: Any) -> bool:
    """Whether docxtpl's ``fix_tables`` would change a table of ``body``: a row with more
    cells than the grid has columns (it adds columns), or a grid wider than its widest row
    counted with gridSpan (it removes columns). Its own walk, read only; anything it could
    not read is left to it."""
    try:
        for table in body.iter(_W + "tbl"):
            columns = len(table.find(_W + "tblGrid").findall(_W + "gridCol"))
            widest = 0
            for row in table.iter(_W + "tr"):
                cells = row.findall(_W + "tc")
                if len(cells) > columns:
                    return True
                width = 0
                for cell in cells:
                    props = cell.find(_W + "tcPr")
                    span = None if props is None else props.find(_W + "gridSpan")
                    width += 1 if span is None else int(span.get(_W + "val"))
                widest = max(widest, width)
            if columns > widest:
                return True
    except (AttributeError, TypeError, ValueError):
        return True
    return False


def _with_body(skeleton: bytes, body: bytes) -> bytes:
    """The document's XML with ``body`` as the root element's last child (the skeleton is
    the root serialised without its body: ``<w:document ...>...</w:document>`` or, with no
    other child, ``<w:document .../>``)."""
    if skeleton.rstrip().endswith(b"/>") and b"</" not in skeleton:
        tag = re.match(rb"\s*(?:<\?[^>]*\?>\s*)?<([\w:.-]+)", skeleton)
        assert tag is not None
        return (skeleton.rstrip()[:-2] + b">" + _without_declared(body, skeleton) + b"</"
                + tag.group(1) + b">")
    end = skeleton.rindex(b"</")
    return skeleton[:end] + _without_declared(body, skeleton) + skeleton[end:]


_XMLNS = re.compile(rb'\s+xmlns(?::[\w.-]+)?="[^"]*"')


def _without_declared(body: bytes, skeleton: bytes) -> bytes:
    """``body`` without the namespace declarations of its first tag that the skeleton's root
    already makes (as lxml's append dropped them: the document's XML stays as before)."""
    first = body.index(b">") + 1
    root_tag = skeleton[: skeleton.index(b">", skeleton.index(b"<") + 1) + 1]
    declared = set(_XMLNS.findall(root_tag))
    tag = _XMLNS.sub(lambda m: b"" if m.group(0) in declared else m.group(0), body[:first])
    return tag + body[first:]


def _reserialize(xml: str) -> bytes:
    """A header's rendered XML as python-docx writes a part (parsed, declaration added)."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    return serialize_part_xml(parse_xml(xml.encode("utf-8")))


_CACHE: OrderedDict[tuple[Any, ...], CompiledTemplate | Unsupported] = OrderedDict()
_LOCK = threading.Lock()
CACHE_SIZE = 64


def compiled(path: Path, profile: Profile, styled: Callable[[], bytes], env: Environment
             ) -> CompiledTemplate | None:
    """The compiled template for ``path`` styled with ``profile`` (None: use plain docxtpl);
    ``styled`` makes the styled template's bytes when it has to be compiled.

    Kept in memory across builds while the file's modification time and size do not change,
    and on disk across processes (:mod:`.diskcache`, keyed by the template's bytes); a
    template that fails to compile raises each time (Jinja's error, with docxtpl's context).
    """
    from . import diskcache

    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size, repr(profile), id(env))
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
    if hit is None:
        disk_key = diskcache.key_for(path, profile, env)
        state = diskcache.load(disk_key) if disk_key else None
        if state is not None:
            hit = CompiledTemplate.from_state(state, env, profile)
        else:
            try:
                hit = CompiledTemplate(styled(), env, profile)
            except Unsupported as why:
                hit = why
            else:
                if disk_key:
                    diskcache.store(disk_key, hit.state())
        with _LOCK:
            _CACHE[key] = hit
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
    return hit if isinstance(hit, CompiledTemplate) else None


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
