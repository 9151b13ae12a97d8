"""One builder for the bordered tables of the templates: a repeated header row, an
optional column-number row, then one row per item of a Jinja loop, optionally inside
groups with a merged heading row, and an optional merged footer row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from ..profiles import STYLE_NAMES as S
from ..profiles import Profile
from .blueprints import (
    text_width_mm,
)
from .primitives import (
    all_borders,
    cant_split,
    cell_text,
    fixed_widths,
    merge_row,
    para,
    repeat_header,
    set_tblpr,
    vcenter,
)
from .xmlutil import mm_to_twips


@dataclass(frozen=True)
class Column:
    """One column: header text, relative width, the cell's tag, alignment.

    With ``lines`` the tag names a list in the context and the cell gets one paragraph
    per item (``{%p for line in value %}``)."""

    header: str
    weight: float
    value: str
    center: bool = False
    lines: bool = False


def cell_margins(table: Table, *, sides_mm: float | None = None,
                 top_bottom_twips: int | None = None) -> None:
    """Narrow side margins keep short columns (STT, Điểm) whole; a little air above and
    below keeps text off the borders."""
    mar = OxmlElement("w:tblCellMar")
    edges: list[tuple[str, int]] = []
    if top_bottom_twips is not None:
        edges += [("top", top_bottom_twips), ("bottom", top_bottom_twips)]
    if sides_mm is not None:
        edges += [("left", mm_to_twips(sides_mm)), ("right", mm_to_twips(sides_mm))]
    order = {"top": 0, "left": 1, "bottom": 2, "right": 3}
    for edge, twips in sorted(edges, key=lambda e: order[e[0]]):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    set_tblpr(table._tbl.tblPr, mar)


def keep_with_next(cells: Sequence[_Cell]) -> None:
    """Keep a header or group-heading row on the page of the row that follows it."""
    for cell in cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True


def _lines_cell(cell: _Cell, var: str) -> None:
    para(cell, f"{{%p for line in {var} %}}", S["table"], first=True)
    para(cell, "{{ line }}", S["table"])
    para(cell, "{%p endfor %}", S["table"])


def add_loop_table(doc: DocxDocument, profile: Profile, columns: Sequence[Column], *,
                   rows: str, groups: str | None = None, heading: str | None = None,
                   numbers: bool = False, footer: str | None = None,
                   landscape: bool = False, sides_mm: float | None = 1.0,
                   top_bottom_twips: int | None = None) -> Table:
    """A bordered table filling the text width (see the module docstring)."""
    width = text_width_mm(profile, landscape)
    total = sum(c.weight for c in columns)
    widths = [width * c.weight / total for c in columns]
    layout = ["header"] + (["numbers"] if numbers else [])
    if groups is not None:
        layout += ["group_for", "heading"]
    layout += ["row_for", "data", "row_end"]
    if groups is not None:
        layout.append("group_end")
    if footer is not None:
        layout.append("footer")
    table = doc.add_table(rows=len(layout), cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    all_borders(table)
    cell_margins(table, sides_mm=sides_mm, top_bottom_twips=top_bottom_twips)
    fixed_widths(table, widths)
    tags = {"group_for": f"{{%tr for {groups} %}}", "heading": heading or "",
            "row_for": f"{{%tr for {rows} %}}", "row_end": "{%tr endfor %}",
            "group_end": "{%tr endfor %}", "footer": footer or ""}
    for index, part in enumerate(layout):
        row = table.rows[index]
        if part in ("header", "numbers"):
            for i, (cell, col) in enumerate(zip(row.cells, columns, strict=True), start=1):
                cell_text(cell, col.header if part == "header" else f"({i})",
                           S["table_header"])
                vcenter(cell)
            repeat_header(row._tr)
            cant_split(row._tr)
            keep_with_next(row.cells)
        elif part == "data":
            for cell, col in zip(row.cells, columns, strict=True):
                if col.lines:
                    _lines_cell(cell, col.value)
                else:
                    cell_text(cell, col.value, S["table"])
                vcenter(cell)
                if col.center:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cant_split(row._tr)
        else:
            style = S["table_group"] if part in ("heading", "footer") else S["table"]
            merged = merge_row(table, index)
            cell_text(merged, tags[part], style)
            if part == "heading":
                keep_with_next([merged])
    return table
