"""Write a profile into a rendered document: styles, fonts, page setup and drawn rules.

Templates name styles only (``DVK Tieu de``, ``DVK Noi dung`` ...). This module gives those
styles the sizes and weights of the family profile, sets margins and page size on every
section (keeping each section's orientation) and sizes the short rules of State documents
to a fraction of the text above them.
"""

from __future__ import annotations

import re
from copy import deepcopy
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.document import CT_Document
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from ..profiles import STYLE_NAMES, Profile, TextStyle
from .xmlutil import mm_to_twips, style_id

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# Elements set as running text (indent, spacing, line spacing from the profile).
_FLOWING = {"body", "basis", "heading1", "heading2", "heading3", "heading4", "field_label"}


def set_run_fonts(rpr_parent: object, font: str) -> None:
    """Set ascii/hAnsi/cs/eastAsia fonts so Vietnamese never falls back to another face."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)


def ensure_style(doc: DocxDocument, name: str) -> ParagraphStyle:
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.quick_style = True
    assert isinstance(style, ParagraphStyle)
    return style


def _apply_text_style(style: ParagraphStyle, ts: TextStyle, profile: Profile, key: str) -> None:
    font = style.font
    font.name = profile.font
    set_run_fonts(style.element, profile.font)
    font.size = Pt(ts.size)
    font.bold = ts.bold
    font.italic = ts.italic
    font.underline = ts.underline
    pf = style.paragraph_format
    pf.alignment = _ALIGN[ts.align]
    if key in _FLOWING:
        pf.first_line_indent = Mm(profile.first_line_indent_mm)
        pf.space_before = Pt(profile.space_before_pt)
        pf.space_after = Pt(profile.space_after_pt)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(profile.line_spacing_pt)
        pf.widow_control = True
        # a heading never ends a page: it stays with the first lines of its section
        pf.keep_with_next = key.startswith("heading")
    else:
        pf.first_line_indent = Mm(0)
        pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pf.space_before = Pt(ts.space_before)


def apply_profile(doc: DocxDocument, profile: Profile, *, rules: bool = True) -> None:
    """Give every DVK style, the Normal style and every section the profile's values."""
    normal = doc.styles["Normal"]
    normal.font.name = profile.font
    set_run_fonts(normal.element, profile.font)
    normal.font.size = Pt(profile.elements["body"].size)
    normal.paragraph_format.space_after = Pt(0)
    for key, name in STYLE_NAMES.items():
        ts = profile.elements.get(key)
        if ts is None:
            continue
        _apply_text_style(ensure_style(doc, name), ts, profile, key)
    for header_style in ("Header", "Footer"):
        try:
            st = doc.styles[header_style]
        except KeyError:
            continue
        st.font.name = profile.font
        set_run_fonts(st.element, profile.font)
        st.font.size = Pt(profile.page_number_size)
    top, bottom, left, right = profile.margins_mm
    width, height = profile.page_mm
    for section in doc.sections:
        landscape = section.orientation == WD_ORIENT.LANDSCAPE
        section.page_width = Mm(height if landscape else width)
        section.page_height = Mm(width if landscape else height)
        section.top_margin = Mm(top)
        section.bottom_margin = Mm(bottom)
        section.left_margin = Mm(left)
        section.right_margin = Mm(right)
        section.header_distance = Mm(profile.header_distance_mm)
    for index, section in enumerate(doc.sections):
        # no page number on page 1; a later section (a landscape appendix) is numbered
        # from its first page on, continuing the count
        section.different_first_page_header_footer = index == 0
    if rules:
        size_rules(doc, profile)


def estimate_width_mm(text: str, size_pt: float, bold: bool) -> float:
    """Rough printed width of Times New Roman text (upper case is wider)."""
    em = 0.0
    for ch in text:
        if ch == " ":
            em += 0.25
        elif ch.isupper():
            em += 0.72 if bold else 0.68
        else:
            em += 0.5
    return em * size_pt * 25.4 / 72


@lru_cache(maxsize=8192)
def measured_width_mm(text: str, size_pt: float, bold: bool) -> float:
    """Printed width of ``text`` in Times New Roman from the font's own advance widths
    (Liberation Serif, metric-compatible); a character outside the table counts as
    :func:`estimate_width_mm` counts it. Cached: header lines are measured word by word and
    the same words come back in thousands of phiếu."""
    from .font_widths import BOLD, REGULAR

    table = BOLD if bold else REGULAR
    known = [table.get(ch) for ch in text]
    unknown = "".join(ch for ch, w in zip(text, known, strict=True) if w is None)
    found = sum(w for w in known if w is not None)
    return found / 1000 * size_pt * 25.4 / 72 + \
        (estimate_width_mm(unknown, size_pt, bold) if unknown else 0.0)


def _container_width_mm(paragraph: Paragraph, profile: Profile, document: CT_Document
                        ) -> float:
    tc = paragraph._p.getparent()
    if tc is not None and tc.tag == qn("w:tc"):
        tcw = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
        if tcw is not None and tcw.get(qn("w:type")) == "dxa":
            return int(tcw.get(qn("w:w"))) / 56.7
    section = _section_of(paragraph._p, document)
    return (section.page_width - section.left_margin - section.right_margin) / 36000


def _section_of(p: Any, document: CT_Document) -> Any:
    """The section a paragraph lies in: the first section break after it in the body (a
    ``w:sectPr`` in a later paragraph's properties), else the body's last section. A plan
    or report with a landscape appendix has portrait pages before it."""
    node = p
    while node.getparent() is not None and node.getparent() is not document.body:
        node = node.getparent()  # a paragraph in a table cell: its table in the body
    here = node.find(qn("w:pPr") + "/" + qn("w:sectPr"))
    if here is not None:
        return here
    for sibling in node.itersiblings():
        found = sibling.find(qn("w:pPr") + "/" + qn("w:sectPr"))
        if found is not None:
            return found
    return document.sectPr_lst[-1]


def size_rules(doc: DocxDocument, profile: Profile) -> None:
    """Draw the State rules of a python-docx document (see :func:`size_rules_in`)."""
    size_rules_in(doc.element, profile)


def size_rules_in(document: CT_Document, profile: Profile) -> None:
    """Draw the State rules: a top border on the (empty) rule paragraph, centred, sized to
    ``profile.rule_fraction`` of the text just above it (format-standards §2.3, 1/3-1/2)."""
    ids = (style_id(STYLE_NAMES["separator"]), style_id(STYLE_NAMES["subject_rule"]))
    body = document.body
    query = " or ".join(f"@w:val='{i}'" for i in ids)
    for pstyle in body.xpath(f".//w:p/w:pPr/w:pStyle[{query}]"):
        p = pstyle.getparent().getparent()
        para = Paragraph(p, None)
        if para.text.strip():
            continue  # Party: '*' or '-----' written as text
        container = _container_width_mm(para, profile, document)
        key = "issuer" if pstyle.get(qn("w:val")) == style_id(STYLE_NAMES["separator"]) \
            else "subject"
        ts = profile.elements[key]
        text_w = min(max((estimate_width_mm(line, ts.size, ts.bold) for line in _lines_above(p)),
                         default=0.0), container)
        rule_w = max(min(text_w * profile.rule_fraction, container * 0.6), 15.0)
        side = max((container - rule_w) / 2, 0)
        _draw_rule(para, side)


def _lines_above(p: CT_P) -> list[str]:
    """The texts of the paragraphs right above ``p`` that share the style of the nearest
    one: a trích yếu set on two lines (documents/titles.py) is as wide as its widest."""
    prev = p.getprevious()
    if prev is None or prev.tag != qn("w:p"):
        return []
    style = prev.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    name = style.get(qn("w:val")) if style is not None else None
    lines = []
    while prev is not None and prev.tag == qn("w:p"):
        here = prev.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        if (here.get(qn("w:val")) if here is not None else None) != name:
            break
        lines.append(Paragraph(prev, None).text)
        prev = prev.getprevious()
    return lines


def _draw_rule(para: Paragraph, side_mm: float) -> None:
    """Rebuild the paragraph properties: style, bottom border, 5 pt exact height, indents.

    A bottom border on a short empty paragraph draws the rule a few points below the
    text above, never touching it (schema order: pStyle, pBdr, spacing, ind, jc)."""
    ppr = para._p.get_or_add_pPr()
    style = ppr.find(qn("w:pStyle"))
    for child in list(ppr):
        if child is not style and child.tag != qn("w:rPr"):
            ppr.remove(child)
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"),
                        ("w:color", "000000")):
        bottom.set(qn(attr), value)
    bdr.append(bottom)
    spacing = OxmlElement("w:spacing")
    for attr, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "100"),
                        ("w:lineRule", "exact")):
        spacing.set(qn(attr), value)
    ind = OxmlElement("w:ind")
    for attr, value in (("w:left", str(mm_to_twips(side_mm))),
                        ("w:right", str(mm_to_twips(side_mm))), ("w:firstLine", "0")):
        ind.set(qn(attr), value)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    anchor = style
    for el in (bdr, spacing, ind, jc):
        if anchor is None:
            ppr.insert(0, el)
        else:
            anchor.addnext(el)
        anchor = el


# -- keeping blocks together across page breaks -----------------------------------------------
# Word honours keep-with-next on every paragraph of a table row (the row stays with the next
# one). LibreOffice, which makes the PDFs, honours it on a paragraph before a table but not
# on table rows (measured with LibreOffice 7.4: a "Ghi chú" line was left alone on the last
# page), and keeps a long table with the next paragraph only by moving the whole table to a
# new page. So the .docx keeps Word's plain structure with keep-with-next, and the copy given
# to LibreOffice (:func:`libreoffice_copy`) has the marked tails - the last rows, the totals
# and the note under the table - moved into one unsplittable last row (a nested table): it
# moves as one block, and the repeated header rows stay above it on the new page.
TAIL_MARK = "dvk:tail="  # w:tblCaption of a data table: "dvk:tail=3" keeps the last 3 rows


def _w(tag: str, **attrs: str) -> OxmlElement:
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(name), value)
    return el


def _text(el: object) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))  # type: ignore[attr-defined]


def _keep_next(p: object) -> None:
    ppr = p.get_or_add_pPr()  # type: ignore[attr-defined]
    if ppr.find(qn("w:keepNext")) is None:
        # schema order: pStyle, keepNext, ...
        style = ppr.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(_w("w:keepNext"))
        else:
            ppr.insert(0, _w("w:keepNext"))


def _is_signature_grid(tbl: object) -> bool:
    sid = style_id(STYLE_NAMES["signer_name"])
    return any(s.get(qn("w:val")) == sid
               for s in tbl.iter(qn("w:pStyle")))  # type: ignore[attr-defined]


def _ends_section(p: object) -> bool:
    ppr = p.find(qn("w:pPr"))  # type: ignore[attr-defined]
    return ppr is not None and ppr.find(qn("w:sectPr")) is not None


def tail_rows(tbl: object) -> int:
    """How many last rows of a data table its blueprint asked to keep together (0: none)."""
    cap = tbl.find(qn("w:tblPr") + "/" + qn("w:tblCaption"))  # type: ignore[attr-defined]
    value = cap.get(qn("w:val"), "") if cap is not None else ""
    return int(value[len(TAIL_MARK):]) if value.startswith(TAIL_MARK) else 0


def mark_tail(tblpr: object, rows: int) -> None:
    """Ask :func:`keep_together` to keep the last ``rows`` rows with the note below."""
    cap = _w("w:tblCaption", **{"w:val": f"{TAIL_MARK}{rows}"})
    order = ("tblLayout", "tblCellMar", "tblLook")
    for child in list(tblpr):  # type: ignore[call-overload]
        if child.tag == qn("w:tblCaption"):
            tblpr.remove(child)  # type: ignore[attr-defined]
    anchor = None
    for child in tblpr:  # type: ignore[attr-defined]
        if child.tag.split("}")[1] in order or child.tag.split("}")[1] in (
                "tblW", "jc", "tblInd", "tblBorders", "shd"):
            anchor = child
    if anchor is None:
        tblpr.insert(0, cap)  # type: ignore[attr-defined]
    else:
        anchor.addnext(cap)


def _cell_borders_from_table(tbl: object) -> None:
    """Write the table's borders into every cell (LibreOffice drops a table's own borders
    once it holds a nested table)."""
    borders = tbl.find(qn("w:tblPr") + "/" + qn("w:tblBorders"))  # type: ignore[attr-defined]
    if borders is None:
        return
    edge = {e: borders.find(qn(f"w:{e}")) for e in ("top", "left", "bottom", "right",
                                                     "insideH", "insideV")}
    rows = tbl.findall(qn("w:tr"))  # type: ignore[attr-defined]
    for r, tr in enumerate(rows):
        cells = tr.findall(qn("w:tc"))
        for c, tc in enumerate(cells):
            tcpr = tc.find(qn("w:tcPr"))
            if tcpr is None:
                tcpr = _w("w:tcPr")
                tc.insert(0, tcpr)
            if tcpr.find(qn("w:tcBorders")) is not None:
                continue
            box = _w("w:tcBorders")
            for side, outer, inner, first, last in (
                    ("top", "top", "insideH", r == 0, False),
                    ("left", "left", "insideV", c == 0, False),
                    ("bottom", "bottom", "insideH", False, r == len(rows) - 1),
                    ("right", "right", "insideV", False, c == len(cells) - 1)):
                src = edge[outer] if (first or last) else edge[inner]
                if src is not None:
                    el = _w(f"w:{side}")
                    for k, v in src.attrib.items():
                        el.set(k, v)
                    box.append(el)
            anchor = None
            for child in tcpr:
                if child.tag in (qn("w:tcW"), qn("w:gridSpan"), qn("w:hMerge"),
                                 qn("w:vMerge")):
                    anchor = child
            if anchor is None:
                tcpr.insert(0, box)
            else:
                anchor.addnext(box)


def _closing(tbl: object, *, notes: bool) -> list[object]:
    """The blocks after a data table that must stay with its last rows: the note lines under
    it (``notes``), then, if the signature grid comes next, the blank lines and the grid."""
    out: list[object] = []
    blanks: list[object] = []
    nxt = tbl.getnext()  # type: ignore[attr-defined]
    while nxt is not None and nxt.tag == qn("w:p") and not _ends_section(nxt):
        if _text(nxt).strip():
            if not notes:
                return out
            out += [*blanks, nxt]
            blanks = []
        else:
            blanks.append(nxt)
        nxt = nxt.getnext()
    if nxt is not None and nxt.tag == qn("w:tbl") and _is_signature_grid(nxt):
        out += [*blanks, nxt]
    return out


def _bind_tail(tbl: object, count: int, closing: list[object]) -> None:
    """Move the last ``count`` rows and the ``closing`` blocks (note lines, the signature
    grid) into one last row that cannot split; the blocks keep their places under the
    table, the grid nested in that row (LibreOffice copy only: the .docx keeps it apart)."""
    rows = tbl.findall(qn("w:tr"))  # type: ignore[attr-defined]
    heads = sum(1 for tr in rows if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None)
    count = min(count, len(rows) - heads)
    if count < 1:
        return
    _cell_borders_from_table(tbl)
    tblpr = tbl.find(qn("w:tblPr"))  # type: ignore[attr-defined]
    if tblpr.find(qn("w:tblCellMar")) is None:
        # both programs must use the same side margins in the outer and the nested table
        mar = _w("w:tblCellMar")
        for side in ("left", "right"):
            mar.append(_w(f"w:{side}", **{"w:w": "108", "w:type": "dxa"}))
        look = tblpr.find(qn("w:tblLook"))
        if look is not None:
            look.addprevious(mar)
        else:
            tblpr.append(mar)
    grid = tbl.find(qn("w:tblGrid"))  # type: ignore[attr-defined]
    widths = [int(g.get(qn("w:w"))) for g in grid.findall(qn("w:gridCol"))]
    nested = _w("w:tbl")
    inner_pr = deepcopy(tblpr)
    for child in list(inner_pr):
        if child.tag in (qn("w:jc"), qn("w:tblInd"), qn("w:tblCaption"), qn("w:tblBorders")):
            inner_pr.remove(child)
    nested.append(inner_pr)
    nested.append(deepcopy(grid))
    for tr in rows[-count:]:
        tbl.remove(tr)  # type: ignore[attr-defined]
        for mark in tr.iter(qn("w:tblHeader")):
            mark.getparent().remove(mark)
        nested.append(tr)
    for top in rows[-count].findall(qn("w:tc") + "/" + qn("w:tcPr") + "/" + qn("w:tcBorders")
                                    + "/" + qn("w:top")):
        top.attrib.clear()  # the row above draws that line; two would print thicker
        top.set(qn("w:val"), "nil")
    outer_row = _w("w:tr")
    trpr = _w("w:trPr")
    trpr.append(_w("w:cantSplit"))
    outer_row.append(trpr)
    cell = _w("w:tc")
    tcpr = _w("w:tcPr")
    tcpr.append(_w("w:tcW", **{"w:w": str(sum(widths)), "w:type": "dxa"}))
    tcpr.append(_w("w:gridSpan", **{"w:val": str(len(widths))}))
    box = _w("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        box.append(_w(f"w:{side}", **{"w:val": "nil"}))
    tcpr.append(box)
    mar = _w("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        mar.append(_w(f"w:{side}", **{"w:w": "0", "w:type": "dxa"}))
    tcpr.append(mar)
    cell.append(tcpr)
    cell.append(nested)
    for block in closing:
        cell.append(block)  # moves it
    if not closing or closing[-1].tag != qn("w:p"):  # type: ignore[attr-defined]
        cell.append(_w("w:p"))  # a cell ends with a paragraph
    outer_row.append(cell)
    tbl.append(outer_row)  # type: ignore[attr-defined]


def keep_together(doc: DocxDocument) -> None:
    """Keep the end of the body with the signature grid and table tails with their totals
    (Word's own way; :func:`bind_tails` does the same for LibreOffice).

    - the paragraphs between the body and a signature grid, and the last body paragraph
      above them, keep with the grid: never a page with only Nơi nhận and the signature;
      a data table just above keeps its last two rows with what follows;
    - a table marked with :func:`mark_tail` keeps its last rows, its totals and the note
      under it together, and the note with the signature grid after it.
    """
    body = doc.element.body
    for tbl in body.findall(qn("w:tbl")):
        count = tail_rows(tbl)
        if not count:
            continue
        for tr in tbl.findall(qn("w:tr"))[-count:]:
            for p in tr.iter(qn("w:p")):
                _keep_next(p)
        for p in _notes_after(tbl):
            _keep_next(p)
    for tbl in body.findall(qn("w:tbl")):
        if not _is_signature_grid(tbl):
            continue
        prev = tbl.getprevious()
        while prev is not None and prev.tag == qn("w:p") and not _ends_section(prev):
            _keep_next(prev)
            if _text(prev).strip():
                break
            prev = prev.getprevious()
        if prev is not None and prev.tag == qn("w:tbl") and not _is_signature_grid(prev):
            for tr in prev.findall(qn("w:tr"))[-2:]:
                for p in tr.iter(qn("w:p")):
                    _keep_next(p)


def _notes_after(tbl: object) -> list[object]:
    """The paragraphs right under a table, up to the next table or section end, without
    the trailing blank ones."""
    notes = []
    nxt = tbl.getnext()  # type: ignore[attr-defined]
    while nxt is not None and nxt.tag == qn("w:p") and not _ends_section(nxt):
        notes.append(nxt)
        nxt = nxt.getnext()
    while notes and not _text(notes[-1]).strip():
        notes.pop()
    return notes


def bind_tails(doc: DocxDocument) -> bool:
    """LibreOffice only: bind the marked tails with the note under them, and the last row of
    any data table with a signature grid right after it (see :func:`_bind_tail`); True if
    anything was bound."""
    bound = False
    for tbl in doc.element.body.findall(qn("w:tbl")):
        if tail_rows(tbl):
            _bind_tail(tbl, tail_rows(tbl), _closing(tbl, notes=True))
            bound = True
        elif not _is_signature_grid(tbl) and len(tbl.findall(qn("w:tr"))) >= 3:
            closing = _closing(tbl, notes=False)
            if closing:
                _bind_tail(tbl, 1, closing)
                bound = True
    return bound


# a table, blank paragraphs only (no text run), another table: maybe a grid under a table
_TABLE_THEN_TABLE = re.compile(r"</w:tbl>(?:<w:p[ >](?:(?!<w:t[ >])(?!</w:p>).)*</w:p>)*<w:tbl>",
                               re.S)


def libreoffice_copy(path: Path, folder: Path) -> Path:
    """The file to give LibreOffice: ``path`` itself, or, when it has tables whose tails must
    stay together, a copy in ``folder`` (same name) with those tails bound."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode("utf-8", "replace")
    if TAIL_MARK not in xml and not _TABLE_THEN_TABLE.search(xml):
        return path
    doc = docx.Document(str(path))
    bind_tails(doc)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    doc.save(str(target))
    return target


def drop_empty_last_section(doc: DocxDocument) -> None:
    """A last section left empty by its template (a plan without the attached forms) would
    print a blank landscape page: the section before it becomes the last one."""
    body = doc.element.body
    breaks = [p for p in body.findall(qn("w:p")) if _ends_section(p)]
    if not breaks:
        return
    last = breaks[-1]
    after = [el for el in last.itersiblings() if el.tag in (qn("w:p"), qn("w:tbl"))]
    if any(el.tag == qn("w:tbl") or _text(el).strip() for el in after):
        return
    for el in after:
        body.remove(el)
    sect = last.find(qn("w:pPr") + "/" + qn("w:sectPr"))
    final = body.find(qn("w:sectPr"))
    last.find(qn("w:pPr")).remove(sect)
    if final is not None:
        final.addprevious(sect)
        body.remove(final)
    else:
        body.append(sect)


def paginate(doc: DocxDocument) -> None:
    """After rendering: drop an empty last section, then keep blocks together."""
    drop_empty_last_section(doc)
    keep_together(doc)
