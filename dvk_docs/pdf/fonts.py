"""Vietnamese text drawn straight into PDF pages: an embedded TrueType font and a canvas.

The cover page of the dossier and the fillable phiếu đăng ký are drawn here rather than by a
PDF viewer or a core font: core fonts have no Vietnamese code page (pitfalls.md #17), so every
string is written as glyph ids of an embedded Liberation Serif (a Type0 / CIDFontType2 font,
Identity-H, with a ToUnicode map so the text extracts and searches as typed).

The fonts ship with dvk-docs (``forms/fonts``, SIL OFL 1.1), so what a PDF looks like never
depends on the fonts of the machine that made it. A font is embedded whole where a PDF viewer
may have to draw new text with it later (form fields), and as a subset that keeps the glyph
ids otherwise.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from ..errors import DvkError

FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
}

MM = 72 / 25.4  # points per millimetre
A4 = (595.28, 841.89)


class FontError(DvkError):
    """Raised when a shipped font is missing or unreadable, or text has no glyph in it."""


def fonts_dir() -> Path:
    from ..resources import resource_root

    return resource_root() / "forms" / "fonts"


@dataclass(frozen=True)
class TrueTypeFont:
    """What drawing needs from a .ttf: glyph ids, advance widths and the descriptor."""

    name: str  # PostScript name
    data: bytes
    cmap: dict[int, int]  # code point -> glyph id
    widths: tuple[int, ...]  # advance per glyph id, in 1/1000 em
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]
    italic_angle: float
    flags: int

    def glyphs(self, text: str) -> list[int]:
        """Glyph ids of ``text`` (NFC); raises FontError naming characters without a glyph."""
        text = unicodedata.normalize("NFC", text)
        missing = sorted({c for c in text if ord(c) not in self.cmap})
        if missing:
            shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
            raise FontError(f"Phông {self.name} không có chữ {shown}; bỏ ký tự này khỏi dữ liệu")
        return [self.cmap[ord(c)] for c in text]

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size``."""
        text = unicodedata.normalize("NFC", text)
        total = sum(self.widths[self.cmap.get(ord(c), 0)] for c in text)
        return total * size / 1000

    def hex(self, text: str) -> str:
        return "<" + "".join(f"{g:04X}" for g in self.glyphs(text)) + ">"


@lru_cache(maxsize=8)
def load_font(path: Path) -> TrueTypeFont:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FontError(f"Không đọc được phông {path}: {err.strerror}. Cài lại dvk-docs") from None
    return font_from_bytes(data, str(path))


@lru_cache(maxsize=8)
def font_from_bytes(data: bytes, where: str = "phông nhúng") -> TrueTypeFont:
    """Metrics of a TrueType program (a .ttf file, or the /FontFile2 of a PDF form)."""
    from fontTools.ttLib import TTFont

    try:
        tt = TTFont(io.BytesIO(data))
    except Exception as err:  # fontTools raises assorted errors on bad files
        raise FontError(f"Không đọc được phông {where}: {err}") from None
    scale = 1000 / tt["head"].unitsPerEm
    order = tt.getGlyphOrder()
    ids = {name: i for i, name in enumerate(order)}
    cmap = {cp: ids[name] for cp, name in tt.getBestCmap().items()}
    hmtx = tt["hmtx"].metrics
    widths = tuple(round(hmtx[name][0] * scale) for name in order)
    head, hhea, os2, post = tt["head"], tt["hhea"], tt["OS/2"], tt["post"]
    italic = float(post.italicAngle)
    flags = 2 | 32  # serif, non-symbolic
    if italic:
        flags |= 64
    name = tt["name"].getDebugName(6) or "Font"
    return TrueTypeFont(
        name=name, data=data, cmap=cmap, widths=widths,
        ascent=round(hhea.ascent * scale), descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", hhea.ascent) * scale),
        bbox=(round(head.xMin * scale), round(head.yMin * scale), round(head.xMax * scale),
              round(head.yMax * scale)),
        italic_angle=italic, flags=flags,
    )


def shipped_font(style: str = "regular") -> TrueTypeFont:
    path = fonts_dir() / FONT_FILES[style]
    if not path.is_file():
        raise FontError(f"Thiếu phông {path} (đi kèm dvk-docs); cài lại dvk-docs")
    return load_font(path)


# -- embedding ---------------------------------------------------------------------------------
def _subset_program(font: TrueTypeFont, glyph_ids: set[int]) -> bytes:
    """The font program with only ``glyph_ids`` (ids kept, so the content needs no change)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    options.hinting = False
    options.drop_tables = [*options.drop_tables, "FFTM"]
    tt = TTFont(io.BytesIO(font.data), recalcTimestamp=False)  # same bytes on every run
    sub = subset.Subsetter(options)
    sub.populate(gids=sorted(glyph_ids | {0}))
    sub.subset(tt)
    out = io.BytesIO()
    tt.save(out, reorderTables=True)
    return out.getvalue()


def _to_unicode(pairs: Iterable[tuple[int, int]]) -> bytes:
    entries = sorted(pairs)
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for gid, cp in chunk:
            utf16 = chr(cp).encode("utf-16-be").hex().upper()
            lines.append(f"<{gid:04X}> <{utf16}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def pdf_stream(writer: PdfWriter, data: bytes, extra: dict[str, object] | None = None
            ) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in (extra or {}).items():
        stream[NameObject(key)] = value  # type: ignore[assignment]
    encoded: StreamObject = stream.flate_encode(level=9)
    return writer._add_object(encoded)


def embed_font(writer: PdfWriter, font: TrueTypeFont, used: set[int] | None = None
               ) -> IndirectObject:
    """Add ``font`` to ``writer`` as a Type0 font; the whole program when ``used`` is None
    (a viewer may draw any text with it), else a subset with those glyph ids."""
    reverse: dict[int, int] = {}
    for cp, gid in font.cmap.items():
        if gid not in reverse or cp < reverse[gid]:
            reverse[gid] = cp
    if used is None:
        program, glyphs, base = font.data, set(range(len(font.widths))), font.name
    else:
        glyphs = set(used) | {0}
        program = _subset_program(font, glyphs)
        tag = hashlib.sha1(repr(sorted(glyphs)).encode()).digest()
        prefix = "".join(chr(ord("A") + b % 26) for b in tag[:6])
        base = f"{prefix}+{font.name}"
    font_file = pdf_stream(writer, program, {"/Length1": NumberObject(len(program))})
    descriptor = DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): NameObject(f"/{base}"),
        NameObject("/Flags"): NumberObject(font.flags),
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in font.bbox),
        NameObject("/ItalicAngle"): FloatObject(font.italic_angle),
        NameObject("/Ascent"): NumberObject(font.ascent),
        NameObject("/Descent"): NumberObject(font.descent),
        NameObject("/CapHeight"): NumberObject(font.cap_height),
        NameObject("/StemV"): NumberObject(80),
        NameObject("/FontFile2"): font_file,
    })
    ordered = sorted(glyphs)
    widths = ArrayObject()
    run: list[int] = []
    for gid in ordered:  # [first [w w w] first [w ...]] over runs of consecutive ids
        if run and gid != run[-1] + 1:
            widths += [NumberObject(run[0]),
                       ArrayObject(NumberObject(font.widths[g]) for g in run)]
            run = []
        run.append(gid)
    if run:
        widths += [NumberObject(run[0]), ArrayObject(NumberObject(font.widths[g]) for g in run)]
    cid_font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): NameObject(f"/{base}"),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0),
        }),
        NameObject("/FontDescriptor"): writer._add_object(descriptor),
        NameObject("/W"): widths,
        NameObject("/CIDToGIDMap"): NameObject("/Identity"),
    })
    to_unicode = _to_unicode((g, reverse[g]) for g in ordered if g in reverse)
    type0 = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject(f"/{base}"),
        NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
        NameObject("/ToUnicode"): pdf_stream(writer, to_unicode),
    })
    return writer._add_object(type0)


# -- drawing -----------------------------------------------------------------------------------
def wrap(text: str, font: TrueTypeFont, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (explicit line breaks kept; a word longer
    than a line is cut between letters)."""
    out: list[str] = []
    for paragraph in unicodedata.normalize("NFC", text).split("\n"):
        words = paragraph.split()
        if not words:
            out.append("")
            continue
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if font.width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            while font.width(word, size) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and font.width(word[:cut], size) > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
            line = word
        out.append(line)
    return out


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


@dataclass
class Canvas:
    """Page-content operators with fonts by style; remembers the glyphs each style used."""

    fonts: dict[str, TrueTypeFont]
    ops: list[str] = field(default_factory=list)
    used: dict[str, set[int]] = field(default_factory=dict)

    def resource(self, style: str) -> str:
        return f"/F{sorted(self.fonts).index(style) + 1}"

    def text(self, x: float, y: float, text: str, *, style: str = "regular", size: float = 13,
             align: str = "left", underline: bool = False) -> float:
        """Draw one line with its baseline at ``y``; ``x`` is the left edge, the centre or
        the right edge by ``align``. Returns the width drawn."""
        font = self.fonts[style]
        width = font.width(text, size)
        left = x - width / 2 if align == "center" else x - width if align == "right" else x
        if text:
            self.used.setdefault(style, set()).update(font.glyphs(text))
            self.ops.append(f"BT {self.resource(style)} {_num(size)} Tf {_num(left)} {_num(y)} "
                            f"Td {font.hex(text)} Tj ET")
        if underline and text:
            self.line(left, y - size * 0.12, left + width, y - size * 0.12, 0.6)
        return width

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5,
             dash: bool = False) -> None:
        pattern = "[1.5 1.5] 0 d " if dash else ""
        self.ops.append(f"q {pattern}{_num(width)} w {_num(x1)} {_num(y1)} m {_num(x2)} "
                        f"{_num(y2)} l S Q")

    def rect(self, x: float, y: float, w: float, h: float, width: float = 0.5,
             gray: float | None = None) -> None:
        fill = f"{_num(gray)} g {_num(x)} {_num(y)} {_num(w)} {_num(h)} re f " \
            if gray is not None else ""
        self.ops.append(f"q {fill}{_num(width)} w {_num(x)} {_num(y)} {_num(w)} {_num(h)} re S Q")

    def content(self) -> bytes:
        return ("\n".join(self.ops) + "\n").encode("ascii")

    def font_resources(self, writer: PdfWriter, *, full: set[str] | None = None
                       ) -> DictionaryObject:
        """/Font resources for the styles used: subsets, or whole fonts for ``full`` styles."""
        out = DictionaryObject()
        for style in sorted(self.fonts):
            if style not in self.used and style not in (full or set()):
                continue
            used = None if style in (full or set()) else self.used.get(style, set())
            out[NameObject(self.resource(style))] = embed_font(writer, self.fonts[style], used)
        return out


def draw_over(writer: PdfWriter, page: PageObject, ops: str) -> None:
    """Draw ``ops`` over a page's own content: the old content is wrapped in q ... Q so its
    graphics state cannot leak, and every content stream stays an indirect object (a
    stream inside an array must be a reference, ISO 32000-1 7.3.8)."""
    raw = page.raw_get("/Contents") if "/Contents" in page else None
    items: list[PdfObject] = []
    if raw is not None:
        obj = raw.get_object()
        if isinstance(obj, ArrayObject):
            items = list(obj)
        elif isinstance(raw, IndirectObject):
            items = [raw]
        else:  # a direct stream: give it a reference
            items = [writer._add_object(obj)]
    page[NameObject("/Contents")] = ArrayObject(
        [pdf_stream(writer, b"q\n"), *items, pdf_stream(writer, f"Q\n{ops}\n".encode("ascii"))])


def add_canvas_page(writer: PdfWriter, canvas: Canvas, *, size: tuple[float, float] = A4
                    ) -> None:
    """Append a page drawn by ``canvas`` (fonts subset to what the page uses)."""
    page = writer.add_blank_page(*size)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): canvas.font_resources(writer),
    })
    page[NameObject("/Contents")] = pdf_stream(writer, canvas.content())
