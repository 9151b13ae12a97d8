"""Read a .docx typed by staff into paragraphs and tables of plain runs.

Everything Word can hide text in is walked in document order: runs inside hyperlinks,
fields, content controls and tracked insertions (deletions are skipped), text boxes (kept as
paragraphs of their own), tables (with nested tables flattened into their cell). Tabs and
manual line breaks stay as ``\\t`` and ``\\n``; Word's automatic numbering is written out
as text ("I.", "1.", "a)", "-"), as a reader sees it on the page.

Each run gets its effective bold/italic and font (run, character style, paragraph style
chain, document defaults); text in TCVN3 or VNI fonts, or that looks legacy-encoded where
no font says so, is converted to Unicode. All text ends NFC.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..legacy import Encoding, detect_encoding, font_encoding, is_capitals_font, to_unicode
from ..render.markdown import roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W}


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    font: str | None = None


@dataclass
class Para:
    runs: list[Run]
    style: str = ""
    align: str = ""
    source: str = ""
    numbered: str = ""  # the automatic number written in front, if any
    in_textbox: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def all_bold(self) -> bool:
        letters = [r for r in self.runs if r.text.strip()]
        return bool(letters) and all(r.bold for r in letters)


@dataclass
class Table:
    rows: list[list[list[Para]]]
    source: str = ""

    def cell_text(self, r: int, c: int) -> str:
        return "\n".join(p.text for p in self.rows[r][c])


Block = Para | Table


@dataclass
class Content:
    blocks: list[Block]
    encodings: dict[str, int] = field(default_factory=dict)  # encoding label -> runs converted
    fonts: set[str] = field(default_factory=set)
    auto_numbered: int = 0
    textboxes: int = 0


# --- styles ------------------------------------------------------------------------------

@dataclass
class _Style:
    based_on: str | None
    bold: bool | None
    italic: bool | None
    font: str | None
    num: tuple[str, int] | None
    name: str


def _on(el: Any) -> bool | None:
    if el is None:
        return None
    val = el.get(_q("val"))
    return val not in ("0", "false", "off", "none")


def _font_of(rpr: Any) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(_q("rFonts"))
    if fonts is None:
        return None
    for attr in ("hAnsi", "ascii", "cs", "eastAsia"):
        v = fonts.get(_q(attr))
        if v:
            return v
    return None


class _Styles:
    def __init__(self, xml: bytes | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_bold: bool | None = None
        self.default_font: str | None = None
        self.default_para = ""
        if not xml:
            return
        root = etree.fromstring(xml)
        rpr = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
        if rpr is not None:
            self.default_font = _font_of(rpr)
        for st in root.findall("w:style", NS):
            sid = st.get(_q("styleId")) or ""
            based = st.find("w:basedOn", NS)
            rpr = st.find("w:rPr", NS)
            ppr = st.find("w:pPr", NS)
            num = None
            if ppr is not None and ppr.find("w:numPr", NS) is not None:
                num = _num_pr(ppr.find("w:numPr", NS))
            name_el = st.find("w:name", NS)
            self.styles[sid] = _Style(
                based_on=based.get(_q("val")) if based is not None else None,
                bold=_on(rpr.find(_q("b"))) if rpr is not None else None,
                italic=_on(rpr.find(_q("i"))) if rpr is not None else None,
                font=_font_of(rpr),
                num=num,
                name=name_el.get(_q("val")) if name_el is not None else sid,
            )
            if st.get(_q("type")) == "paragraph" and st.get(_q("default")) in ("1", "true"):
                self.default_para = sid

    def chain(self, sid: str | None) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            out.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return out

    def get(self, sid: str | None, attr: str) -> Any:
        for st in self.chain(sid):
            value = getattr(st, attr)
            if value is not None:
                return value
        return None

    def name(self, sid: str | None) -> str:
        st = self.styles.get(sid or "")
        return st.name if st else (sid or "")


# --- numbering ---------------------------------------------------------------------------

def _num_pr(el: Any) -> tuple[str, int] | None:
    if el is None:
        return None
    num = el.find("w:numId", NS)
    lvl = el.find("w:ilvl", NS)
    if num is None:
        return None
    return num.get(_q("val")) or "", int(lvl.get(_q("val")) or 0) if lvl is not None else 0


def _fmt(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdđeghiklmnopqrstuvxy"
        ch = letters[(n - 1) % len(letters)]
        return ch.upper() if fmt == "upperLetter" else ch
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Turns w:numPr into the label Word shows ("II.", "2.1.", "a)", "-")."""

    def __init__(self, xml: bytes | None) -> None:
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        if not xml:
            return
        root = etree.fromstring(xml)
        for ab in root.findall("w:abstractNum", NS):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in ab.findall("w:lvl", NS):
                ilvl = int(lvl.get(_q("ilvl")) or 0)
                fmt_el = lvl.find("w:numFmt", NS)
                text_el = lvl.find("w:lvlText", NS)
                start_el = lvl.find("w:start", NS)
                levels[ilvl] = (
                    fmt_el.get(_q("val")) if fmt_el is not None else "decimal",
                    text_el.get(_q("val")) if text_el is not None else "",
                    int(start_el.get(_q("val")) or 1) if start_el is not None else 1,
                )
            self.abstract[ab.get(_q("abstractNumId")) or ""] = levels
        for num in root.findall("w:num", NS):
            ab_id = num.find("w:abstractNumId", NS)
            overrides = {}
            for ov in num.findall("w:lvlOverride", NS):
                so = ov.find("w:startOverride", NS)
                if so is not None:
                    overrides[int(ov.get(_q("ilvl")) or 0)] = int(so.get(_q("val")) or 1)
            self.nums[num.get(_q("numId")) or ""] = (
                ab_id.get(_q("val")) if ab_id is not None else "", overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        if num_id in ("", "0") or num_id not in self.nums:
            return ""
        ab_id, overrides = self.nums[num_id]
        levels = self.abstract.get(ab_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(ab_id, [0] * 9)
        fmt, text, start = levels[ilvl]
        first = overrides.get(ilvl, start)
        counters[ilvl] = first if counters[ilvl] == 0 else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt == "bullet":
            return "-" if ilvl == 0 else "+"
        if fmt == "none":
            return ""

        def value(m: re.Match[str]) -> str:
            lvl = int(m.group(1)) - 1
            lvl_fmt, _, lvl_start = levels.get(lvl, ("decimal", "", 1))
            n = counters[lvl] or overrides.get(lvl, lvl_start)
            return _fmt(n, lvl_fmt)

        return re.sub(r"%(\d)", value, text)


# --- reading -----------------------------------------------------------------------------

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SYMBOLS = {"F0B7": "•", "F02D": "-", "F0A7": "▪", "F076": "❖", "F0D8": "➢", "F0FC": "✓",
            "F02A": "*", "F0A8": "□"}


class _Reader:
    def __init__(self, zf: zipfile.ZipFile) -> None:
        names = set(zf.namelist())
        self.styles = _Styles(zf.read("word/styles.xml") if "word/styles.xml" in names else None)
        self.numbering = _Numbering(zf.read("word/numbering.xml")
                                    if "word/numbering.xml" in names else None)
        self.content = Content(blocks=[])
        self.n_para = 0
        self.n_table = 0

    # paragraphs ------------------------------------------------------------------------
    def paragraph(self, p: Any, source: str, out: list[Block], *, in_textbox: bool = False
                  ) -> None:
        ppr = p.find(_q("pPr"))
        sid = None
        align = ""
        num = None
        if ppr is not None:
            ps = ppr.find(_q("pStyle"))
            sid = ps.get(_q("val")) if ps is not None else None
            jc = ppr.find(_q("jc"))
            align = jc.get(_q("val")) or "" if jc is not None else ""
            num = _num_pr(ppr.find(_q("numPr")))
        sid = sid or self.styles.default_para
        if num is None:
            num = self.styles.get(sid, "num")
        runs: list[Run] = []
        boxes: list[Any] = []
        self._collect(p, sid, runs, boxes)
        label = ""
        if num is not None:
            label = self.numbering.label(*num)
            if label:
                self.content.auto_numbered += 1
                runs.insert(0, Run(label + " ", bold=runs[0].bold if runs else False))
        for box in boxes:
            self.content.textboxes += 1
            for inner in box.iter(_q("p")):
                if inner.getparent() is not None and inner.getparent().tag == _q("txbxContent"):
                    self.paragraph(inner, f"{source} (khung văn bản)", out, in_textbox=True)
        out.append(Para(runs=runs, style=self.styles.name(sid), align=align, source=source,
                        numbered=label, in_textbox=in_textbox))

    def _collect(self, el: Any, sid: str | None, runs: list[Run], boxes: list[Any]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == _q("r"):
                self._run(child, sid, runs, boxes)
            elif tag in (_q("del"), _q("moveFrom"), _q("pPr"), _q("rPr")):
                continue
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                self._collect(choice if choice is not None else child, sid, runs, boxes)
            elif tag in (_q("hyperlink"), _q("ins"), _q("moveTo"), _q("smartTag"),
                         _q("fldSimple"), _q("customXml"), _q("sdt"), _q("sdtContent"),
                         _q("bdo"), _q("dir")):
                self._collect(child, sid, runs, boxes)

    def _run(self, r: Any, sid: str | None, runs: list[Run], boxes: list[Any]) -> None:
        rpr = r.find(_q("rPr"))
        rstyle = None
        bold = italic = underline = None
        font = None
        if rpr is not None:
            rs = rpr.find(_q("rStyle"))
            rstyle = rs.get(_q("val")) if rs is not None else None
            bold = _on(rpr.find(_q("b")))
            italic = _on(rpr.find(_q("i")))
            u = rpr.find(_q("u"))
            underline = u is not None and u.get(_q("val")) not in ("none", None)
            font = _font_of(rpr)
        if bold is None:
            bold = self.styles.get(rstyle, "bold")
        if bold is None:
            bold = self.styles.get(sid, "bold")
        if italic is None:
            italic = self.styles.get(rstyle, "italic")
        if italic is None:
            italic = self.styles.get(sid, "italic")
        font = font or self.styles.get(rstyle, "font") or self.styles.get(sid, "font") or \
            self.styles.default_font
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _q("t"):
                parts.append(child.text or "")
            elif tag == _q("tab") or tag == _q("ptab"):
                parts.append("\t")
            elif tag == _q("br"):
                parts.append("\n")  # line, column or page break: a new line either way
            elif tag == _q("cr"):
                parts.append("\n")
            elif tag == _q("softHyphen"):
                parts.append("\xad")
            elif tag == _q("noBreakHyphen"):
                parts.append("-")
            elif tag == _q("sym"):
                code = (child.get(_q("char")) or "").upper()
                parts.append(_SYMBOLS.get(code, ""))
            elif tag in (_q("drawing"), _q("pict"), f"{{{MC}}}AlternateContent", _q("object")):
                for box in child.iter(_q("txbxContent")):
                    boxes.append(box)
                    break
        text = "".join(parts)
        if not text:
            return
        if font:
            self.content.fonts.add(font)
        runs.append(Run(text=text, bold=bool(bold), italic=bool(italic),
                        underline=bool(underline), font=font))

    # tables ----------------------------------------------------------------------------
    def table(self, tbl: Any, source: str) -> Table:
        rows: list[list[list[Para]]] = []
        for tr in tbl.findall(_q("tr")):
            cells: list[list[Para]] = []
            for tc in tr.findall(_q("tc")):
                paras: list[Block] = []
                self.blocks(tc, paras, f"{source}, ô ({len(rows) + 1},{len(cells) + 1})")
                flat: list[Para] = []
                for b in paras:
                    if isinstance(b, Para):
                        flat.append(b)
                    else:
                        for row in b.rows:
                            for cell in row:
                                flat.extend(cell)
                tcpr = tc.find(_q("tcPr"))
                span = 1
                if tcpr is not None and tcpr.find(_q("gridSpan")) is not None:
                    span = int(tcpr.find(_q("gridSpan")).get(_q("val")) or 1)
                cells.append(flat)
                cells.extend([] for _ in range(span - 1))
            rows.append(cells)
        return Table(rows=rows, source=source)

    def blocks(self, parent: Any, out: list[Block], source: str) -> None:
        for child in parent:
            tag = child.tag
            if tag == _q("p"):
                self.n_para += 1
                self.paragraph(child, source or f"đoạn {self.n_para}", out)
            elif tag == _q("tbl"):
                self.n_table += 1
                out.append(self.table(child, source or f"bảng {self.n_table}"))
            elif tag in (_q("sdt"), _q("sdtContent"), _q("customXml"), _q("ins")):
                self.blocks(child, out, source)


def read_docx(path: Path) -> Content:
    """Read ``path`` (a real .docx: the caller has checked it is a zip with a document)."""
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml")
        reader = _Reader(zf)
    root = etree.fromstring(xml)
    body = root.find(_q("body"))
    if body is None:
        return Content(blocks=[])
    reader.blocks(body, reader.content.blocks, "")
    _convert_legacy(reader.content)
    return reader.content


def iter_paras(blocks: list[Block]) -> list[Para]:
    out: list[Para] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(b)
        else:
            for row in b.rows:
                for cell in row:
                    out.extend(cell)
    return out


def _convert_legacy(content: Content) -> None:
    """Convert runs in legacy fonts; guess for the rest when the document says nothing."""
    paras = iter_paras(content.blocks)
    unknown: list[Run] = []
    for p in paras:
        for run in p.runs:
            enc = font_encoding(run.font)
            if enc in (Encoding.TCVN3, Encoding.VNI):
                new = to_unicode(run.text, enc, upper=is_capitals_font(run.font))
                if new != unicodedata.normalize("NFC", run.text):
                    content.encodings[enc.label] = content.encodings.get(enc.label, 0) + 1
                run.text = _ZERO_WIDTH.sub("", new)
            else:
                unknown.append(run)
    sample = "".join(r.text for r in unknown)
    guess = detect_encoding(sample)
    for run in unknown:
        text = run.text
        if guess is not Encoding.UNICODE and detect_encoding(text) in (guess, Encoding.UNICODE) \
                and not re.search(r"[\u0100-\u024f\u1ea0-\u1ef9]", text):
            new = to_unicode(text, guess)
            if new != unicodedata.normalize("NFC", text):
                content.encodings[guess.label] = content.encodings.get(guess.label, 0) + 1
            text = new
        else:
            text = text.replace("\xad", "")  # a soft hyphen in Unicode text is invisible
        run.text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
