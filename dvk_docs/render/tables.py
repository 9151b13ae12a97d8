"""Tables whose columns depend on the data (e.g. one column per lĩnh vực), as raw
WordprocessingML inserted through a ``{{p var }}`` paragraph, styled by the profile."""

from __future__ import annotations

from dataclasses import dataclass

from ..profiles import STYLE_NAMES
from .layout import TAIL_MARK, estimate_width_mm
from .markdown import MarkdownBody
from .xmlutil import mm_to_twips, style_id, xml_text


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool = False
    bold: bool = False
    align: str = "center"  # left | center
    span: int = 1  # columns merged to the right
    vmerge: str | None = None  # "restart" | "continue" for cells merged downwards


def _paragraph(cell: Cell, size_pt: float | None = None) -> str:
    style = STYLE_NAMES["table_header" if cell.header else "table"]
    ppr = f'<w:pStyle w:val="{style_id(style)}"/><w:ind w:firstLine="0"/>'
    ppr += f'<w:jc w:val="{"center" if cell.align == "center" else "left"}"/>'
    runs = []
    for i, line in enumerate(cell.text.split("\n")):
        props = "<w:b/><w:bCs/>" if cell.bold else ""
        if size_pt is not None:
            half = round(size_pt * 2)
            props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        brk = "<w:br/>" if i else ""
        runs.append(f'<w:r>{rpr}{brk}<w:t xml:space="preserve">{xml_text(line)}</w:t></w:r>')
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"


CELL_MARGIN_MM = 1.0  # left and right, written into the table so Word and LibreOffice agree


def fit_width_mm(text: str, size_pt: float, *, bold: bool = True, least: float = 0.0) -> float:
    """A column width that holds the longest word of ``text`` on one line ("VHXH", "trước"
    never broken inside a word), with the cell margins and a little air."""
    longest = max((estimate_width_mm(w, size_pt, bold) for w in text.split()), default=0.0)
    return max(least, longest + 2 * CELL_MARGIN_MM + 1.0)


def table_xml(rows: list[list[Cell]], widths_mm: list[float], *, header_rows: int = 0,
              size_pt: float | None = None, keep_tail: int = 0,
              row_height_mm: float | None = None) -> MarkdownBody:
    """A bordered, fixed-layout table; the first ``header_rows`` repeat on every page.

    ``size_pt`` sets a smaller type for dense statistics tables (default: the table style);
    ``keep_tail`` keeps the last rows (totals) and the note under the table on one page
    (see :func:`dvk_docs.render.layout.keep_together`); ``row_height_mm`` gives the rows
    below the header room to write in (a blank form).
    """
    widths = [mm_to_twips(w) for w in widths_mm]
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(border.format(b) for b in
                      ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    side = mm_to_twips(CELL_MARGIN_MM)
    margins = (f'<w:tblCellMar><w:left w:w="{side}" w:type="dxa"/>'
               f'<w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>')
    caption = f'<w:tblCaption w:val="{TAIL_MARK}{keep_tail}"/>' if keep_tail else ""
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>{margins}'
           f"{caption}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
    texts: list[str] = []
    for r, row in enumerate(rows):
        height = ""
        if row_height_mm is not None and r >= header_rows:
            height = f'<w:trHeight w:val="{mm_to_twips(row_height_mm)}" w:hRule="atLeast"/>'
        trpr = "<w:trPr><w:cantSplit/>" + height + \
            ("<w:tblHeader/>" if r < header_rows else "") + "</w:trPr>"
        out.append(f"<w:tr>{trpr}")
        col = 0
        for cell in row:
            width = sum(widths[col:col + cell.span])
            tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if cell.span > 1:
                tcpr += f'<w:gridSpan w:val="{cell.span}"/>'
            if cell.vmerge == "restart":
                tcpr += '<w:vMerge w:val="restart"/>'
            elif cell.vmerge == "continue":
                tcpr += "<w:vMerge/>"
            tcpr += '<w:vAlign w:val="center"/>'
            out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{_paragraph(cell, size_pt)}</w:tc>")
            texts.append(cell.text)
            col += cell.span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return MarkdownBody("".join(out), texts)
