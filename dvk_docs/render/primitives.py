"""The table and paragraph primitives every .docx blueprint is built from: borders, fixed
column widths, merged rows, repeated header rows, rows that do not split across pages, cell
text in named styles.

The lowest layer of the rendering side: it imports python-docx and nothing of dvk_docs but
``xmlutil``, so both ``render/`` (blueprints, grid) and ``documents/`` build on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell

from .xmlutil import mm_to_twips

# the children of w:tblPr in the order the schema requires
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]


def set_tblpr(tblpr: object, el: object) -> None:
    """Put ``el`` into w:tblPr in schema order, replacing an element of the same kind."""
    name = el.tag.split("}")[1]  # type: ignore[attr-defined]
    rank = TBLPR_ORDER.index(name)
    for child in list(tblpr):  # type: ignore[call-overload]
        child_name = child.tag.split("}")[1]
        if child_name == name:
            tblpr.remove(child)  # type: ignore[attr-defined]
    for child in tblpr:  # type: ignore[attr-defined]
        child_name = child.tag.split("}")[1]
        if child_name in TBLPR_ORDER and TBLPR_ORDER.index(child_name) > rank:
            child.addprevious(el)
            return
    tblpr.append(el)  # type: ignore[attr-defined]


def no_borders(table: Table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    set_tblpr(tblpr, borders)


def all_borders(table: Table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    set_tblpr(tblpr, borders)


def fixed_widths(table: Table, widths_mm: Sequence[float]) -> None:
    table.autofit = False  # w:tblLayout type=fixed
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(sum(mm_to_twips(w) for w in widths_mm)))
    tblw.set(qn("w:type"), "dxa")
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(mm_to_twips(w)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def cell_margins_zero(table: Table) -> None:
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    set_tblpr(tblpr, mar)


def para(target: DocxDocument | _Cell, text: str, style: str, *, first: bool = False) -> None:
    """Add a paragraph (or fill the first, empty one of a new cell)."""
    if first and isinstance(target, _Cell):
        p = target.paragraphs[0]
        p.text = text
        p.style = target.part.document.styles[style]
    else:
        target.add_paragraph(text, style=style)


def repeat_header(row_tr: object) -> None:
    trpr = row_tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


def cant_split(row_tr: object) -> None:
    trpr = row_tr.get_or_add_trPr()  # type: ignore[attr-defined]
    trpr.append(OxmlElement("w:cantSplit"))


def cell_text(cell: _Cell, text: str, style: str) -> None:
    lines = text.split("\n")
    para(cell, lines[0], style, first=True)
    for line in lines[1:]:
        para(cell, line, style)


def merge_row(table: Table, row_index: int) -> _Cell:
    row = table.rows[row_index]
    return row.cells[0].merge(row.cells[-1])


def vcenter(cell: _Cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    v = OxmlElement("w:vAlign")
    v.set(qn("w:val"), "center")
    tcpr.append(v)
