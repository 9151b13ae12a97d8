"""Read any .docx into what the format rules look at: page setup, and every paragraph with
its text, its place (``đoạn 12`` / ``bảng 1, dòng 2, cột 1``) and the formatting Word would
show — run properties resolved through direct formatting, character style, paragraph style
(``basedOn`` chain), table style and document defaults; theme fonts resolved.

Works on documents typed by hand as well as on ours: nothing here depends on the DVK style
names, which are kept only as a hint (``Para.style_name``).

Why one module (~640 lines): the ``Reader`` resolves every property through one chain
(direct formatting, character style, paragraph style, table style, defaults, theme) and the
data classes it fills are read by every rule; the chain is only right as a whole.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..errors import DvkError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
TWIPS_PER_MM = 1440 / 25.4

# Elements of a paragraph whose runs are shown (containers we descend into).
_RUN_CONTAINERS = {qn(t) for t in ("w:hyperlink", "w:ins", "w:smartTag", "w:sdt",
                                   "w:sdtContent", "w:fldSimple", "w:customXml", "w:moveTo",
                                   "w:dir", "w:bdo")}


class CheckError(DvkError):
    """Raised when a file cannot be checked (not a .docx, unreadable, family unknown)."""


@dataclass(frozen=True)
class Run:
    """A piece of text with the formatting Word shows for it."""

    text: str
    fonts: tuple[str | None, str | None]  # ascii, hAnsi
    size: float | None  # pt
    bold: bool
    italic: bool
    underline: bool
    caps: bool


@dataclass
class Para:
    """One paragraph: text, place and effective formatting."""

    where: str
    text: str
    runs: list[Run]
    style_name: str
    align: str  # left, center, right, justify
    first_line_mm: float  # negative for a hanging indent
    left_mm: float
    space_before: float  # pt
    space_after: float  # pt
    line_rule: str  # auto (multiple), exact, atLeast
    line_value: float  # multiple for auto, pt otherwise
    border_top: bool = False
    border_bottom: bool = False
    line_shape: bool = False  # a drawn line/shape anchored here
    page_break_before: bool = False
    section: int = 0
    table: int | None = None  # index into Doc.tables (top-level blocks only)
    cell: tuple[int, int] | None = None  # (row, column), 0-based grid column
    top_level: bool = True

    @property
    def shown(self) -> str:
        """The text as printed (runs formatted as capitals are shown upper-case)."""
        if not any(r.caps for r in self.runs):
            return self.text
        return "".join(r.text.upper() if r.caps else r.text for r in self.runs)

    @property
    def clean(self) -> str:
        """Shown text, NFC, whitespace collapsed."""
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", self.shown)).strip()

    def letter_runs(self) -> list[Run]:
        """Runs that carry letters or digits (formatting of spaces does not matter)."""
        return [r for r in self.runs if any(ch.isalnum() for ch in r.text)]


@dataclass
class Cell:
    row: int
    col: int
    span: int
    paras: list[Para]

    def lines(self) -> list[Para]:
        return [p for p in self.paras if p.clean]


@dataclass
class Table:
    index: int  # 1-based among top-level tables, as in the locations
    where: str
    rows: int
    cols: int
    cells: list[Cell]
    section: int = 0
    page_break_before: bool = False

    def column(self, col: int) -> list[Para]:
        return [p for c in self.cells if c.col == col for p in c.paras]


@dataclass
class Section:
    index: int
    width_mm: float
    height_mm: float
    orient: str  # portrait / landscape as declared by w:orient
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right
    has_table: bool = False  # holds a data table (3+ columns or rows)


@dataclass
class Doc:
    """A whole document in reading order."""

    name: str
    blocks: list[Para | Table]
    sections: list[Section]
    extra: list[Para] = field(default_factory=list)  # headers, footers, text boxes

    def paragraphs(self) -> Iterator[Para]:
        """Every paragraph of the body, table cells included, in reading order."""
        for block in self.blocks:
            if isinstance(block, Para):
                yield block
            else:
                for cell in block.cells:
                    yield from cell.paras

    def all_paragraphs(self) -> Iterator[Para]:
        yield from self.paragraphs()
        yield from self.extra


# -- styles ---------------------------------------------------------------------------------
def _on(el: Any) -> bool:
    val = el.get(qn("w:val"))
    return val is None or val.lower() not in {"0", "false", "off", "none"}


def _twips(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _read_rpr(rpr: Any, theme: dict[str, str]) -> dict[str, Any]:
    """The run properties the rules use, from one w:rPr (missing keys: not set here)."""
    out: dict[str, Any] = {}
    if rpr is None:
        return out
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for key in ("ascii", "hAnsi"):
            themed = fonts.get(qn(f"w:{key}Theme"))
            if themed:
                out[key] = theme.get("major" if themed.startswith("major") else "minor")
            elif fonts.get(qn(f"w:{key}")):
                out[key] = fonts.get(qn(f"w:{key}"))
    sz = rpr.find(qn("w:sz"))
    if sz is not None and _twips(sz.get(qn("w:val"))) is not None:
        out["size"] = float(sz.get(qn("w:val"))) / 2
    for tag, key in (("w:b", "bold"), ("w:i", "italic"), ("w:caps", "caps")):
        el = rpr.find(qn(tag))
        if el is not None:
            out[key] = _on(el)
    u = rpr.find(qn("w:u"))
    if u is not None:
        out["underline"] = _on(u)
    return out


def _read_ppr(ppr: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if ppr is None:
        return out
    jc = ppr.find(qn("w:jc"))
    if jc is not None and jc.get(qn("w:val")):
        out["jc"] = jc.get(qn("w:val"))
    ind = ppr.find(qn("w:ind"))
    if ind is not None:
        first = _twips(ind.get(qn("w:firstLine")))
        hanging = _twips(ind.get(qn("w:hanging")))
        if hanging is not None:
            out["first"] = -hanging
        elif first is not None:
            out["first"] = first
        left = _twips(ind.get(qn("w:left")) or ind.get(qn("w:start")))
        if left is not None:
            out["left"] = left
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        for attr in ("before", "after", "line"):
            value = _twips(spacing.get(qn(f"w:{attr}")))
            if value is not None:
                out[attr] = value
        if spacing.get(qn("w:lineRule")):
            out["lineRule"] = spacing.get(qn("w:lineRule"))
        elif "line" in out:
            out["lineRule"] = "auto"
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is not None:
        for edge in ("top", "bottom"):
            el = bdr.find(qn(f"w:{edge}"))
            if el is not None:
                out[f"border_{edge}"] = el.get(qn("w:val")) not in (None, "nil", "none")
    pbb = ppr.find(qn("w:pageBreakBefore"))
    if pbb is not None:
        out["pageBreakBefore"] = _on(pbb)
    return out


@dataclass
class _Style:
    kind: str
    name: str
    based_on: str | None
    rpr: dict[str, Any]
    ppr: dict[str, Any]


class Styles:
    """styles.xml and the theme fonts, with Word's order of precedence."""

    def __init__(self, styles_el: Any, theme_xml: bytes | None) -> None:
        theme: dict[str, str] = {}
        if theme_xml:
            try:
                root = etree.fromstring(theme_xml)
                for which in ("major", "minor"):
                    latin = root.find(f".//{{{A_NS}}}{which}Font/{{{A_NS}}}latin")
                    if latin is not None and latin.get("typeface"):
                        theme[which] = latin.get("typeface")
            except etree.XMLSyntaxError:
                pass
        self.theme = theme
        self.by_id: dict[str, _Style] = {}
        self.default: dict[str, str] = {}
        self.doc_rpr: dict[str, Any] = {}
        self.doc_ppr: dict[str, Any] = {}
        if styles_el is None:
            return
        defaults = styles_el.find(qn("w:docDefaults"))
        if defaults is not None:
            self.doc_rpr = _read_rpr(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"), theme)
            self.doc_ppr = _read_ppr(defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}"))
        for st in styles_el.findall(qn("w:style")):
            sid = st.get(qn("w:styleId"))
            if not sid:
                continue
            kind = st.get(qn("w:type")) or "paragraph"
            name_el = st.find(qn("w:name"))
            based = st.find(qn("w:basedOn"))
            self.by_id[sid] = _Style(
                kind=kind,
                name=name_el.get(qn("w:val")) if name_el is not None else sid,
                based_on=based.get(qn("w:val")) if based is not None else None,
                rpr=_read_rpr(st.find(qn("w:rPr")), theme),
                ppr=_read_ppr(st.find(qn("w:pPr"))),
            )
            if _on_attr(st.get(qn("w:default"))):
                self.default.setdefault(kind, sid)

    def chain(self, sid: str | None, kind: str) -> list[_Style]:
        """The style and its ancestors, most general first."""
        if sid is None or sid not in self.by_id:
            sid = self.default.get(kind)
        out: list[_Style] = []
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            out.append(st)
            sid = st.based_on
        return list(reversed(out))

    def name(self, sid: str | None) -> str:
        chain = self.chain(sid, "paragraph")
        return chain[-1].name if chain else ""


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in {"1", "true", "on"}


# -- reading --------------------------------------------------------------------------------
def _shown_text(r: Any) -> str:
    parts: list[str] = []
    for child in r:
        tag = child.tag
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag == qn("w:tab") or tag == qn("w:ptab"):
            parts.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            if child.get(qn("w:type")) not in ("page", "column"):
                parts.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif tag == qn("w:sym"):
            code = child.get(qn("w:char")) or ""
            with contextlib.suppress(ValueError):
                parts.append(chr(int(code, 16)))
    return "".join(parts)


def _iter_runs(p: Any) -> Iterator[Any]:
    """w:r elements shown in a paragraph, in order (deleted text skipped)."""
    for child in p:
        if child.tag == qn("w:r"):
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from _iter_runs(child)


class Reader:
    """Builds a :class:`Doc` from python-docx's parsed package."""

    def __init__(self, document: Any, name: str) -> None:
        self.document = document
        self.name = name
        styles_el = None
        try:
            styles_el = document.styles.element
        except (KeyError, AttributeError):  # pragma: no cover - python-docx adds defaults
            styles_el = None
        theme_xml = None
        try:
            theme_xml = document.part.part_related_by(RT.THEME).blob
        except KeyError:
            theme_xml = None
        self.styles = Styles(styles_el, theme_xml)
        self.section = 0
        self.pending_break = False

    # formatting ---------------------------------------------------------------------------
    def _para_props(self, p: Any, table_style: str | None) -> tuple[dict[str, Any],
                                                                    list[dict[str, Any]], str]:
        ppr = p.find(qn("w:pPr"))
        sid = None
        if ppr is not None:
            ps = ppr.find(qn("w:pStyle"))
            sid = ps.get(qn("w:val")) if ps is not None else None
        chain = self.styles.chain(sid, "paragraph")
        merged: dict[str, Any] = dict(self.styles.doc_ppr)
        rlayers: list[dict[str, Any]] = [self.styles.doc_rpr]
        if table_style:
            for st in self.styles.chain(table_style, "table"):
                merged.update(st.ppr)
                rlayers.append(st.rpr)
        for st in chain:
            merged.update(st.ppr)
            rlayers.append(st.rpr)
        merged.update(_read_ppr(ppr))
        return merged, rlayers, chain[-1].name if chain else ""

    def _run(self, r: Any, rlayers: list[dict[str, Any]]) -> Run:
        merged: dict[str, Any] = {}
        for layer in rlayers:
            merged.update(layer)
        rpr = r.find(qn("w:rPr"))
        if rpr is not None:
            rs = rpr.find(qn("w:rStyle"))
            if rs is not None:
                for st in self.styles.chain(rs.get(qn("w:val")), "character"):
                    merged.update(st.rpr)
            merged.update(_read_rpr(rpr, self.styles.theme))
        return Run(
            text=_shown_text(r),
            fonts=(merged.get("ascii"), merged.get("hAnsi")),
            size=merged.get("size", 10.0),
            bold=bool(merged.get("bold", False)),
            italic=bool(merged.get("italic", False)),
            underline=bool(merged.get("underline", False)),
            caps=bool(merged.get("caps", False)),
        )

    def para(self, p: Any, where: str, *, table_style: str | None = None,
             table: int | None = None, cell: tuple[int, int] | None = None,
             top_level: bool = True) -> Para:
        props, rlayers, style_name = self._para_props(p, table_style)
        runs: list[Run] = []
        shape = False
        brk = self.pending_break or bool(props.get("pageBreakBefore"))
        self.pending_break = False
        for r in _iter_runs(p):
            run = self._run(r, rlayers)
            if run.text:
                runs.append(run)
            for br in r.findall(qn("w:br")):
                if br.get(qn("w:type")) == "page":
                    if runs:
                        self.pending_break = True
                    else:
                        brk = True
            if r.find(qn("w:drawing")) is not None or r.find(qn("w:pict")) is not None:
                shape = True
            if r.find("{http://schemas.openxmlformats.org/markup-compatibility/2006}"
                      "AlternateContent") is not None:
                shape = True
        line_rule = props.get("lineRule", "auto")
        line = props.get("line", 240.0)
        jc = props.get("jc", "left")
        align = {"both": "justify", "distribute": "justify", "start": "left", "end": "right",
                 "center": "center", "right": "right", "left": "left"}.get(jc, jc)
        para = Para(
            where=where,
            text="".join(r.text for r in runs),
            runs=runs,
            style_name=style_name,
            align=align,
            first_line_mm=props.get("first", 0.0) / TWIPS_PER_MM,
            left_mm=props.get("left", 0.0) / TWIPS_PER_MM,
            space_before=props.get("before", 0.0) / 20,
            space_after=props.get("after", 0.0) / 20,
            line_rule=line_rule if line_rule in ("exact", "atLeast") else "auto",
            line_value=line / 240 if line_rule not in ("exact", "atLeast") else line / 20,
            border_top=bool(props.get("border_top")),
            border_bottom=bool(props.get("border_bottom")),
            line_shape=shape,
            page_break_before=brk,
            section=self.section,
            table=table,
            cell=cell,
            top_level=top_level,
        )
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            self.section += 1
        return para

    def text_boxes(self, p: Any, where: str) -> list[Para]:
        out = []
        for n, box in enumerate(p.iter(qn("w:txbxContent")), start=1):
            if any(a.tag == MC_FALLBACK for a in box.iterancestors()):
                continue
            for k, inner in enumerate(box.findall(qn("w:p")), start=1):
                saved = (self.section, self.pending_break)
                out.append(self.para(inner, f"{where}, khung chữ {n}, dòng {k}", top_level=False))
                self.section, self.pending_break = saved
        return out

    def table(self, tbl: Any, index: int, where: str, extra: list[Para]) -> Table:
        tblpr = tbl.find(qn("w:tblPr"))
        style = None
        if tblpr is not None and tblpr.find(qn("w:tblStyle")) is not None:
            style = tblpr.find(qn("w:tblStyle")).get(qn("w:val"))
        cells: list[Cell] = []
        nrows = 0
        ncols = 0
        brk = self.pending_break
        self.pending_break = False
        for r, tr in enumerate(tbl.findall(qn("w:tr"))):
            nrows += 1
            col = 0
            for tc in tr.findall(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                span = 1
                continued = False
                if tcpr is not None:
                    gs = tcpr.find(qn("w:gridSpan"))
                    if gs is not None and (gs.get(qn("w:val")) or "").isdigit():
                        span = max(1, int(gs.get(qn("w:val"))))
                    vm = tcpr.find(qn("w:vMerge"))
                    continued = vm is not None and vm.get(qn("w:val")) in (None, "continue")
                base = f"{where}, dòng {r + 1}, cột {col + 1}"
                paras_el = [c for c in tc if c.tag == qn("w:p")]
                paras: list[Para] = []
                for k, p in enumerate(paras_el, start=1):
                    pw = f"{base}, đoạn {k}" if len(paras_el) > 1 else base
                    saved = self.section
                    paras.append(self.para(p, pw, table_style=style, table=index - 1,
                                           cell=(r, col), top_level=False))
                    self.section = saved
                    extra.extend(self.text_boxes(p, pw))
                for k, inner in enumerate(tc.findall(qn("w:tbl")), start=1):
                    nested = self.table(inner, k, f"{base} › bảng {k}", extra)
                    for c in nested.cells:
                        for para in c.paras:
                            para.table = index - 1
                            para.cell = (r, col)
                            paras.append(para)
                if not (continued and not any(p.text.strip() for p in paras)):
                    cells.append(Cell(r, col, span, paras))
                col += span
            ncols = max(ncols, col)
        return Table(index=index, where=where, rows=nrows, cols=ncols, cells=cells,
                     section=self.section, page_break_before=brk)

    def read(self) -> Doc:
        body = self.document.element.body
        blocks: list[Para | Table] = []
        extra: list[Para] = []
        n_par = 0
        n_tbl = 0

        def walk(container: Any) -> None:
            nonlocal n_par, n_tbl
            for child in container:
                if child.tag == qn("w:p"):
                    n_par += 1
                    where = f"đoạn {n_par}"
                    blocks.append(self.para(child, where))
                    extra.extend(self.text_boxes(child, where))
                elif child.tag == qn("w:tbl"):
                    n_tbl += 1
                    blocks.append(self.table(child, n_tbl, f"bảng {n_tbl}", extra))
                elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                    walk(child)

        walk(body)
        sections = self._sections(blocks)
        extra.extend(self._headers_footers())
        return Doc(name=self.name, blocks=blocks, sections=sections, extra=extra)

    def _sections(self, blocks: list[Para | Table]) -> list[Section]:
        out = []
        for i, sect in enumerate(self.document.sections):
            el = sect._sectPr
            pgsz = el.find(qn("w:pgSz"))
            pgmar = el.find(qn("w:pgMar"))
            w = _twips(pgsz.get(qn("w:w"))) if pgsz is not None else None
            h = _twips(pgsz.get(qn("w:h"))) if pgsz is not None else None
            orient = (pgsz.get(qn("w:orient")) if pgsz is not None else None) or "portrait"

            def mar(attr: str, m: Any = pgmar) -> float:
                v = _twips(m.get(qn(f"w:{attr}"))) if m is not None else None
                return abs(v) / TWIPS_PER_MM if v is not None else 25.4

            out.append(Section(
                index=i,
                width_mm=(w or 12240) / TWIPS_PER_MM,
                height_mm=(h or 15840) / TWIPS_PER_MM,
                orient=orient,
                margins_mm=(mar("top"), mar("bottom"), mar("left"), mar("right")),
                # a data table (the header and signature grids are 2-column layout tables)
                has_table=any(isinstance(b, Table) and b.section == i
                              and (b.cols >= 3 or b.rows >= 3) for b in blocks),
            ))
        return out

    def _headers_footers(self) -> list[Para]:
        out: list[Para] = []
        seen: set[int] = set()
        for i, sect in enumerate(self.document.sections, start=1):
            for label, part in (("đầu trang", sect.header), ("chân trang", sect.footer),
                                ("đầu trang đầu", sect.first_page_header),
                                ("chân trang đầu", sect.first_page_footer)):
                try:
                    if part.is_linked_to_previous:
                        continue
                    el = part._element
                except (KeyError, ValueError, AttributeError):
                    continue
                if id(el) in seen:
                    continue
                seen.add(id(el))
                for k, p in enumerate(el.iter(qn("w:p")), start=1):
                    saved = (self.section, self.pending_break)
                    out.append(self.para(p, f"{label} (phần {i}), đoạn {k}", top_level=False))
                    self.section, self.pending_break = saved
        return out


MAX_PART_BYTES = 64 * 1024 * 1024  # one XML part, unpacked
MAX_TOTAL_BYTES = 256 * 1024 * 1024


def _refuse_bombs(data: bytes, label: str) -> None:
    """Refuse a package whose parts unpack to more than any real document needs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # python-docx says what is wrong below
    if len(infos) > 5000:
        raise CheckError(f"{label}: file có {len(infos)} phần, không giống văn bản Word")
    xml = [i for i in infos if i.filename.endswith((".xml", ".rels"))]
    if any(i.file_size > MAX_PART_BYTES for i in xml) or \
            sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise CheckError(f"{label}: nội dung giải nén quá lớn (trên "
                         f"{MAX_TOTAL_BYTES // 2**20} MB), không kiểm tra")


def open_docx(source: Path | bytes, name: str | None = None) -> Doc:
    """Read ``source`` (a path or the bytes of a .docx) into a :class:`Doc`."""
    label = name or (source.name if isinstance(source, Path) else "văn bản")
    if isinstance(source, Path):
        if source.is_dir():
            raise CheckError(f"{source}: là thư mục, không phải file .docx")
        try:
            data = source.read_bytes()
        except OSError as err:
            raise CheckError(f"{source}: không đọc được ({err.strerror})") from None
        if source.suffix.lower() == ".doc":
            raise CheckError(f"{source}: file Word 97-2003 (.doc); mở bằng Word và lưu thành "
                             ".docx rồi kiểm tra lại")
    else:
        data = source
    _refuse_bombs(data, label)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise CheckError(f"{label}: file Word cũ (.doc) hoặc có mật khẩu; lưu lại thành .docx "
                         "không đặt mật khẩu")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as err:
        raise CheckError(f"{label}: không phải file .docx hợp lệ ({err}); mở bằng Word và lưu "
                         "lại dạng .docx") from None
    except Exception as err:  # python-docx raises many types for broken packages
        raise CheckError(f"{label}: không mở được file .docx ({type(err).__name__}: {err})"
                         ) from None
    return Reader(document, label).read()
