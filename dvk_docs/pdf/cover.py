"""The dossier's cover: the proposing body's header, the title, what is proposed, the gaps
of an incomplete dossier and the table of contents with the page each document starts on.

Drawn straight into PDF (:mod:`dvk_docs.pdf.fonts`) so the page numbers are known exactly:
the layout of the table depends on the titles only, so the cover's own length is known
before the page numbers are filled in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..conventions import Family
from .fonts import A4, MM, Canvas, TrueTypeFont, shipped_font, wrap

LEFT, RIGHT = 30 * MM, A4[0] - 15 * MM
TOP, BOTTOM = A4[1] - 20 * MM, 20 * MM
# table columns: STT | Tài liệu | Số trang | Trang
COLS = (LEFT, LEFT + 14 * MM, RIGHT - 40 * MM, RIGHT - 20 * MM, RIGHT)
ROW_SIZE, ROW_LEADING, ROW_PAD = 12.0, 14.5, 4.0
INDENT = 5 * MM


@dataclass
class CoverInfo:
    """What the cover says, already worded (NFC strings)."""

    family: Family
    parent: list[str]  # ô 2, line(s) above the issuer, upper case
    issuer: list[str]  # ô 2, the issuing body, upper case, bold
    place_date: str
    title_lines: list[str]
    addressee: str | None = None
    summary: str | None = None
    gaps: list[str] = field(default_factory=list)


@dataclass
class TocRow:
    """One line of the table of contents; ``start`` is the dossier page number."""

    number: str
    title: str
    level: int
    pages: int
    start: int | None = None


def _fonts() -> dict[str, TrueTypeFont]:
    return {style: shipped_font(style) for style in ("regular", "bold", "italic")}


Block = tuple[float, Callable[[Canvas, float], None]]


def _centered_lines(lines: list[str], style: str, size: float, leading: float,
                    width: float, fonts: dict[str, TrueTypeFont]) -> Block:
    wrapped = [piece for line in lines for piece in wrap(line, fonts[style], size, width)]
    centre = (LEFT + RIGHT) / 2

    def draw(c: Canvas, y: float) -> None:
        for i, line in enumerate(wrapped):
            c.text(centre, y - size - i * leading, line, style=style, size=size, align="center")

    return len(wrapped) * leading + 4, draw


def _header(info: CoverInfo, fonts: dict[str, TrueTypeFont]) -> Block:
    size, leading = 13.0, 15.5
    left_w = 72 * MM
    left_c, right_c = LEFT + left_w / 2, (LEFT + left_w + 2 * MM + RIGHT) / 2
    right_w = RIGHT - LEFT - left_w - 2 * MM
    left: list[tuple[str, str]] = [(line, "regular") for p in info.parent
                                   for line in wrap(p, fonts["regular"], size, left_w)]
    left += [(line, "bold") for p in info.issuer for line in wrap(p, fonts["bold"], size, left_w)]
    if info.family is Family.PARTY:
        right = [("ĐẢNG CỘNG SẢN VIỆT NAM", "bold", 14.0)]
    else:
        right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "bold", 12.0),
                 ("Độc lập - Tự do - Hạnh phúc", "bold", 13.5)]
    place = wrap(info.place_date, fonts["italic"], size, right_w)
    rows_left = len(left) + 1
    rows_right = len(right) + 1 + len(place)
    height = max(rows_left, rows_right) * leading + 6

    def draw(c: Canvas, y: float) -> None:
        for i, (line, style) in enumerate(left):
            c.text(left_c, y - size - i * leading, line, style=style, size=size, align="center")
        below = y - size - len(left) * leading
        if info.family is Family.PARTY:
            c.text(left_c, below, "*", size=size, align="center")
        else:
            bold_w = max((fonts["bold"].width(t, size) for t, s in left if s == "bold"),
                         default=40)
            c.line(left_c - bold_w / 6, below + size * 0.55, left_c + bold_w / 6,
                   below + size * 0.55, 0.6)
        for i, (line, style, sz) in enumerate(right):
            underline = info.family is Family.PARTY or i == len(right) - 1
            c.text(right_c, y - size - i * leading, line, style=style, size=sz, align="center",
                   underline=underline)
        for i, line in enumerate(place):
            c.text(right_c, y - size - (len(right) + 1 + i) * leading + 4, line,
                   style="italic", size=size, align="center")

    return height, draw


def _gaps(gaps: list[str], fonts: dict[str, TrueTypeFont]) -> list[Block]:
    width = RIGHT - LEFT - 8 * MM
    head = "HỒ SƠ CHƯA ĐẦY ĐỦ, còn thiếu:"
    blocks: list[Block] = []
    for index, text in enumerate([head, *gaps]):
        style = "bold" if index == 0 else "regular"
        lines = wrap(text if index == 0 else f"- {text}", fonts[style], 11.5, width)
        height = len(lines) * 13.5 + (4 if index in (0, len(gaps)) else 0)

        def draw(c: Canvas, y: float, lines: list[str] = lines, style: str = style,
                 height: float = height, first: bool = index == 0,
                 last: bool = index == len(gaps)) -> None:
            x0, x1 = LEFT + 2 * MM, RIGHT - 2 * MM
            c.line(x0, y, x0, y - height, 1.0)
            c.line(x1, y, x1, y - height, 1.0)
            if first:
                c.line(x0, y, x1, y, 1.0)
            if last:
                c.line(x0, y - height, x1, y - height, 1.0)
            top = y - (4 if first else 0)
            for i, line in enumerate(lines):
                c.text(LEFT + 4 * MM, top - 11.5 - i * 13.5, line, style=style, size=11.5)

        blocks.append((height, draw))
    return blocks


def _cells(c: Canvas, y: float, height: float, texts: list[list[str]], styles: list[str],
           aligns: list[str], indent: float = 0) -> None:
    for i in range(4):
        x0, x1 = COLS[i], COLS[i + 1]
        c.rect(x0, y - height, x1 - x0, height, 0.5)
        for j, line in enumerate(texts[i]):
            base = y - ROW_PAD - ROW_SIZE + 2 - j * ROW_LEADING
            if aligns[i] == "center":
                c.text((x0 + x1) / 2, base, line, style=styles[i], size=ROW_SIZE, align="center")
            else:
                c.text(x0 + 1.5 * MM + (indent if i == 1 else 0), base, line, style=styles[i],
                       size=ROW_SIZE)


def _table_header() -> Block:
    height = ROW_LEADING + 2 * ROW_PAD

    def draw(c: Canvas, y: float) -> None:
        _cells(c, y, height, [["STT"], ["Tài liệu"], ["Số trang"], ["Trang"]], ["bold"] * 4,
               ["center"] * 4)

    return height, draw


def _row(row: TocRow, fonts: dict[str, TrueTypeFont]) -> Block:
    style = "bold" if row.level == 0 else "regular"
    indent = row.level * INDENT
    width = COLS[2] - COLS[1] - 3 * MM - indent
    lines = wrap(row.title, fonts[style], ROW_SIZE, width)
    height = len(lines) * ROW_LEADING + 2 * ROW_PAD
    start = "" if row.start is None else str(row.start)

    def draw(c: Canvas, y: float) -> None:
        _cells(c, y, height, [[row.number], lines, [str(row.pages)], [start]],
               [style, style, "regular", "regular"], ["center", "left", "center", "center"],
               indent)

    return height, draw


def draw_cover(info: CoverInfo, rows: list[TocRow]) -> list[Canvas]:
    """The cover pages: page 1 holds the header, title and the start of the contents; the
    table continues on further pages with its header repeated."""
    fonts = _fonts()
    width = RIGHT - LEFT
    intro: list[Block] = [_header(info, fonts), (22, lambda c, y: None)]
    intro.append(_centered_lines(info.title_lines, "bold", 15, 19, width, fonts))
    if info.addressee:
        intro.append((6, lambda c, y: None))
        intro.append(_centered_lines([f"Kính gửi: {info.addressee}"], "regular", 13.5, 16,
                                     width, fonts))
    if info.summary:
        intro.append(_centered_lines([info.summary], "italic", 13, 15.5, width - 10 * MM,
                                     fonts))
    intro.append((10, lambda c, y: None))
    if info.gaps:
        intro += [*_gaps(info.gaps, fonts), (10, lambda c, y: None)]
    intro.append(_centered_lines(["MỤC LỤC"], "bold", 14, 17, width, fonts))

    pages = [Canvas(fonts)]
    y = TOP
    for height, draw in intro:
        if y - height < BOTTOM:
            pages.append(Canvas(fonts))
            y = TOP
        draw(pages[-1], y)
        y -= height
    head_h, head_draw = _table_header()
    head_draw(pages[-1], y)
    y -= head_h
    for row in rows:
        height, draw = _row(row, fonts)
        if y - height < BOTTOM:
            pages.append(Canvas(fonts))
            y = TOP
            cont_h, cont = _centered_lines(["MỤC LỤC (tiếp theo)"], "bold", 13, 16, width,
                                           fonts)
            cont(pages[-1], y)
            y -= cont_h + 4
            head_draw(pages[-1], y)
            y -= head_h
        draw(pages[-1], y)
        y -= height
    return pages
