"""Write a profile into a rendered document: styles, fonts, page setup and drawn rules.

Templates name styles only (``DVK Tieu de``, ``DVK Noi dung`` ...). This module gives those
styles the sizes and weights of the family profile, sets margins and page size on every
section (keeping each section's orientation) and sizes the short rules of State documents
to a fraction of the text above them.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.document import CT_Document
from docx.oxml.ns import qn
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
        section.different_first_page_header_footer = True  # no page number on page 1
    if rules:
        size_rules(doc, profile)


def _estimate_width_mm(text: str, size_pt: float, bold: bool) -> float:
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


def _container_width_mm(paragraph: Paragraph, profile: Profile, document: CT_Document
                        ) -> float:
    tc = paragraph._p.getparent()
    if tc is not None and tc.tag == qn("w:tc"):
        tcw = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
        if tcw is not None and tcw.get(qn("w:type")) == "dxa":
            return int(tcw.get(qn("w:w"))) / 56.7
    section = document.sectPr_lst[-1]
    return (section.page_width - section.left_margin - section.right_margin) / 36000


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
        prev = p.getprevious()
        above = Paragraph(prev, None).text if prev is not None and prev.tag == qn("w:p") else ""
        container = _container_width_mm(para, profile, document)
        key = "issuer" if pstyle.get(qn("w:val")) == style_id(STYLE_NAMES["separator"]) \
            else "subject"
        ts = profile.elements[key]
        text_w = min(_estimate_width_mm(above, ts.size, ts.bold), container)
        rule_w = max(min(text_w * profile.rule_fraction, container * 0.6), 15.0)
        side = max((container - rule_w) / 2, 0)
        _draw_rule(para, side)


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
