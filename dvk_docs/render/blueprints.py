"""Build the shipped .docx templates (letter_templates/, forms/) reproducibly.

Every template is made here from the same pieces: one header grid and one signature /
"Nơi nhận" grid per family, styled with the profile's named styles. Rebuild them with
``python tools/build_templates.py`` (``documents.template_files``); users may then edit
copies in Word, keeping the ``{{ ... }}`` tags and the style names. The table and paragraph
primitives are in ``primitives``.
"""

from __future__ import annotations

from collections.abc import Callable

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from ..conventions import Family
from ..profiles import STYLE_NAMES, Profile
from .layout import apply_profile, mark_tail
from .primitives import (
    all_borders,
    cant_split,
    cell_margins_zero,
    cell_text,
    fixed_widths,
    merge_row,
    no_borders,
    para,
    repeat_header,
    set_tblpr,
    vcenter,
)
from .xmlutil import mm_to_twips

S = STYLE_NAMES


def _page_number_header(doc: DocxDocument) -> None:
    """Page number centred in the top margin, not on page 1 (titlePg)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    p = header.paragraphs[0]
    p.alignment = 1
    run = p.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"),
                       ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def new_document(profile: Profile, *, landscape: bool = False) -> DocxDocument:
    doc = docx.Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    apply_profile(doc, profile)  # creates every DVK style with the family's values
    _page_number_header(doc)
    # python-docx's default document starts with no paragraphs; keep it that way
    return doc


def text_width_mm(profile: Profile, landscape: bool) -> float:
    _, _, left, right = profile.margins_mm
    page = profile.page_mm[1] if landscape else profile.page_mm[0]
    return page - left - right


# -- shared blocks -------------------------------------------------------------------------
def add_header_grid(doc: DocxDocument, profile: Profile, *, landscape: bool = False,
                    with_number: bool = True, var: str = "hdr") -> None:
    """ô 1-4: issuing body, separator, number (left); title/motto, place-date (right),
    filled from the context's ``var`` (``hdr``; an attached form has its own)."""
    width = text_width_mm(profile, landscape)
    left_w = width * profile.header_left_pct / 100
    if profile.family is Family.STATE:
        # the Quốc hiệu needs ~100 mm: let the grid reach 5 mm into each margin
        width += 10
        left_w = width * profile.header_left_pct / 100
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    cell_margins_zero(table)
    fixed_widths(table, [left_w, width - left_w])
    left, right = table.rows[0].cells
    para(left, f"{{%p for line in {var}.parent %}}", S["parent"], first=True)
    para(left, "{{ line }}", S["parent"])
    para(left, "{%p endfor %}", S["parent"])
    para(left, f"{{%p for line in {var}.issuer %}}", S["issuer"])
    para(left, "{{ line }}", S["issuer"])
    para(left, "{%p endfor %}", S["issuer"])
    # a person's own report has no organisation lines: no separator either, one empty line
    para(left, f"{{%p if {var}.issuer %}}", S["separator"])
    para(left, "*" if profile.org_separator == "asterisk" else "", S["separator"])
    para(left, "{%p else %}", S["parent"])
    para(left, "", S["parent"])
    para(left, "{%p endif %}", S["parent"])
    if with_number:
        para(left, f"{{{{ {var}.number }}}}", S["number"])
    if profile.family is Family.PARTY:
        para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", S["title"], first=True)
    else:
        para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", S["title"], first=True)
        para(right, "Độc lập - Tự do - Hạnh phúc", S["motto"])
    para(right, f"{{{{ {var}.place_date }}}}", S["place_date"])


def add_title(doc: DocxDocument, profile: Profile, doc_type: str | None = "{{ doc_type }}"
              ) -> None:
    """ô 5a: tên loại, trích yếu (one or more lines), separator."""
    doc.add_paragraph("", style=S["body"]).paragraph_format.first_line_indent = 0
    if doc_type is not None:
        doc.add_paragraph(doc_type, style=S["doc_type"])
    doc.add_paragraph("{%p for line in subject_lines %}", style=S["subject"])
    doc.add_paragraph("{{ line }}", style=S["subject"])
    doc.add_paragraph("{%p endfor %}", style=S["subject"])
    doc.add_paragraph("-----" if profile.subject_separator == "dashes" else "",
                      style=S["subject_rule"])


def add_signature_grid(
    doc: DocxDocument,
    profile: Profile,
    *,
    landscape: bool = False,
    left: Callable[[_Cell], None] | None = None,
    var: str = "sig",
) -> None:
    """ô 7-9: "Nơi nhận" (left) and the signature (right, from the context's ``var``),
    level with each other."""
    width = text_width_mm(profile, landscape)
    left_w = width * 0.45
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    cell_margins_zero(table)
    fixed_widths(table, [left_w, width - left_w])
    cant_split(table.rows[0]._tr)
    lcell, rcell = table.rows[0].cells
    if left is None:
        para(lcell, "Nơi nhận:", S["recipients_label"], first=True)
        para(lcell, "{%p for line in recipients %}", S["recipients"])
        para(lcell, "{{ line }}", S["recipients"])
        para(lcell, "{%p endfor %}", S["recipients"])
    else:
        left(lcell)
    add_signature_cell(rcell, var)


def add_signature_cell(cell: _Cell, var: str) -> None:
    """Authority, position, a note, space for signature and seal, the signer's name.

    The same block serves the signer (right) and the confirming body (left of a phiếu)."""
    para(cell, f"{{%p if {var}.authority %}}", S["authority"], first=True)
    para(cell, f"{{{{ {var}.authority }}}}", S["authority"])
    para(cell, "{%p endif %}", S["authority"])
    para(cell, f"{{%p for line in {var}.positions %}}", S["position"])
    para(cell, "{{ line }}", S["position"])
    para(cell, "{%p endfor %}", S["position"])
    para(cell, f"{{%p if {var}.note %}}", S["sign_note"])
    para(cell, f"{{{{ {var}.note }}}}", S["sign_note"])
    para(cell, "{%p endif %}", S["sign_note"])
    # blank lines that bring the name level with the other block's (documents.common
    # .level_signatures), when the context gives them
    para(cell, f"{{%p for line in {var}.pad %}}",
         S["signer_name"])
    para(cell, "", S["signer_name"])
    para(cell, "{%p endfor %}", S["signer_name"])
    for _ in range(4):
        para(cell, "", S["signer_name"])
    para(cell, f"{{{{ {var}.name }}}}", S["signer_name"])


# -- documents -----------------------------------------------------------------------------
def build_plan(profile: Profile) -> DocxDocument:
    doc = new_document(profile)
    add_header_grid(doc, profile)
    add_title(doc, profile)
    doc.add_paragraph("{%p for line in basis %}", style=S["basis"])
    doc.add_paragraph("{{ line }}", style=S["basis"])
    doc.add_paragraph("{%p endfor %}", style=S["basis"])
    doc.add_paragraph("{%p if preamble %}", style=S["body"])
    doc.add_paragraph("{{ preamble }}", style=S["body"])
    doc.add_paragraph("{%p endif %}", style=S["body"])
    doc.add_paragraph("{{p body }}", style=S["body"])
    doc.add_paragraph("", style=S["body"])
    add_signature_grid(doc, profile)
    add_plan_forms(doc, profile)
    return doc


def _form_label(doc: DocxDocument, var: str, *, new_page: bool = False) -> None:
    """'Mẫu 1' at the top right of a form sent with a plan."""
    p = doc.add_paragraph("", style=S["number"])
    p.add_run(f"{{{{ {var} }}}}").bold = True
    p.alignment = 2  # right
    p.paragraph_format.page_break_before = new_page


def _form_title(doc: DocxDocument, profile: Profile, var: str) -> None:
    doc.add_paragraph(f"{{%p for line in {var}.title_lines %}}", style=S["doc_type"])
    doc.add_paragraph("{{ line }}", style=S["doc_type"])
    doc.add_paragraph("{%p endfor %}", style=S["doc_type"])
    doc.add_paragraph(f"{{{{ {var}.attached }}}}", style=S["sign_note"])
    doc.add_paragraph("-----" if profile.subject_separator == "dashes" else "",
                      style=S["subject_rule"])
    doc.add_paragraph("", style=S["table"])


def add_plan_forms(doc: DocxDocument, profile: Profile) -> None:
    """The blank Mẫu 1 (đăng ký) and Mẫu 2 (kết quả) a plan sends to the units, each on its
    own landscape page with "Xác nhận của cơ quan, đơn vị" (context ``forms``; without it
    the empty landscape section is dropped after rendering)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width

    def empty_left(cell: _Cell) -> None:
        para(cell, "", S["recipients"], first=True)

    doc.add_paragraph("{%p if forms %}", style=S["body"])
    _form_label(doc, "forms.summary.label")
    add_header_grid(doc, profile, landscape=True, with_number=False, var="forms.hdr")
    _form_title(doc, profile, "forms.summary")
    add_summary_table(doc, groups="forms.summary.groups", total="forms.summary.total")
    doc.add_paragraph("", style=S["table"])
    add_signature_grid(doc, profile, landscape=True, left=empty_left, var="forms.confirm")
    _form_label(doc, "forms.report.label", new_page=True)
    add_header_grid(doc, profile, landscape=True, with_number=False, var="forms.hdr")
    _form_title(doc, profile, "forms.report")
    doc.add_paragraph("{{p forms.report.table }}", style=S["table"])
    doc.add_paragraph("{{ forms.report.note }}", style=S["sign_note"]).alignment = 0
    doc.add_paragraph("", style=S["body"])
    add_signature_grid(doc, profile, landscape=True, left=empty_left, var="forms.confirm")
    doc.add_paragraph("{%p endif %}", style=S["body"])


def build_registration_form(profile: Profile) -> DocxDocument:
    doc = new_document(profile)
    add_header_grid(doc, profile, with_number=False)
    add_title(doc, profile)
    doc.add_paragraph("Kính gửi: {{ addressee }}", style=S["addressee"])
    doc.add_paragraph("{%p for f in fields %}", style=S["body"])
    p = doc.add_paragraph("", style=S["body"])
    p.add_run("{{ f.label }}").bold = True
    p.add_run("{{ f.first }}")
    doc.add_paragraph("{%p for line in f.more %}", style=S["body"])
    doc.add_paragraph("{{ line }}", style=S["body"])
    doc.add_paragraph("{%p endfor %}", style=S["body"])
    doc.add_paragraph("{%p endfor %}", style=S["body"])
    doc.add_paragraph("", style=S["body"])

    add_signature_grid(doc, profile, left=lambda cell: add_signature_cell(cell, "confirm"))
    return doc


SUMMARY_COLUMNS: list[tuple[str, float]] = [
    ("STT", 11),
    ("Chủ thể thực hiện\n(ghi địa chỉ, chức vụ, nơi công tác nếu là cá nhân)", 48),
    ("Mô hình tập thể", 15),
    ("Mô hình cá nhân", 15),
    ("Tên mô hình", 52),
    ("Mô hình đăng ký mới năm {{ year }}", 17),
    ("Mô hình có từ trước", 17),
    ("Mô hình nhân rộng", 17),
    ("Dự kiến kết quả cần đạt", 60),
]





def add_summary_table(doc: DocxDocument, *, groups: str = "groups", total: str = "total"
                      ) -> Table:
    """The Mẫu 1 table: repeated header and column numbers, one heading row per lĩnh vực,
    a row per registration, a "Cộng" row per group (when the group has a ``total``) and the
    grand total (context ``groups`` and ``total``; the plan's blank Mẫu 1 fills it with
    empty rows)."""
    widths = [w for _, w in SUMMARY_COLUMNS]
    ncol = len(widths)
    # rows: 0 header, 1 column numbers, 2 {%tr for g%}, 3 group heading, 4 {%tr for r%},
    # 5 data, 6 {%tr endfor%}, 7 {%tr if g.total%}, 8 group total, 9 {%tr endif%},
    # 10 {%tr endfor%}, 11 grand total
    table = doc.add_table(rows=12, cols=ncol)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    all_borders(table)
    fixed_widths(table, widths)
    # 1 mm side margins, written out so that Word and LibreOffice wrap the narrow headers alike
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(mm_to_twips(1.0)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    set_tblpr(table._tbl.tblPr, mar)
    for cell, (label, _) in zip(table.rows[0].cells, SUMMARY_COLUMNS, strict=True):
        cell_text(cell, label, S["table_header"])
        vcenter(cell)
    for i, cell in enumerate(table.rows[1].cells, start=1):
        cell_text(cell, f"({i})", S["table_header"])
    repeat_header(table.rows[0]._tr)
    repeat_header(table.rows[1]._tr)
    cell_text(merge_row(table, 2), f"{{%tr for g in {groups} %}}", S["table"])
    cell_text(merge_row(table, 3), "{{ g.heading }}", S["table_group"])
    cell_text(merge_row(table, 4), "{%tr for r in g.rows %}", S["table"])
    data = ["{{ r.stt }}", "{{ r.registrant }}", "{{ r.tap_the }}", "{{ r.ca_nhan }}",
            "{{ r.model_name }}", "{{ r.moi }}", "{{ r.co_tu_truoc }}", "{{ r.nhan_rong }}",
            "{{ r.expected }}"]
    centered = {0, 2, 3, 5, 6, 7}
    for i, (cell, text) in enumerate(zip(table.rows[5].cells, data, strict=True)):
        cell_text(cell, text, S["table_header"] if i in centered else S["table"])
        if i in centered:
            cell.paragraphs[0].runs[0].bold = False
    cant_split(table.rows[5]._tr)
    cell_text(merge_row(table, 6), "{%tr endfor %}", S["table"])
    cell_text(merge_row(table, 7), "{%tr if g.total %}", S["table"])
    cell_text(merge_row(table, 9), "{%tr endif %}", S["table"])
    for key, row_index in (("g.total", 8), (total, 11)):
        cells = table.rows[row_index].cells
        merged = cells[0].merge(cells[1])
        cell_text(merged, f"{{{{ {key}.label }}}}", S["table_group"])
        for col, field in ((2, "tap_the"), (3, "ca_nhan"), (5, "moi"), (6, "co_tu_truoc"),
                           (7, "nhan_rong")):
            cell_text(cells[col], f"{{{{ {key}.{field} }}}}", S["table_header"])
        cell_text(cells[4], f"{{{{ {key}.models }}}}", S["table_group"])
        cell_text(cells[8], "", S["table"])
    cell_text(merge_row(table, 10), "{%tr endfor %}", S["table"])
    # the last row, the group's and the grand total stay with what follows
    mark_tail(table._tbl.tblPr, 3)
    return table


def build_summary(profile: Profile) -> DocxDocument:
    """Mẫu 1: landscape A4, rows grouped by lĩnh vực, "x" marks, counts that add up."""
    doc = new_document(profile, landscape=True)
    add_header_grid(doc, profile, landscape=True, with_number=False)
    doc.add_paragraph("", style=S["body"])
    doc.add_paragraph("{%p for line in subject_lines %}", style=S["doc_type"])
    doc.add_paragraph("{{ line }}", style=S["doc_type"])
    doc.add_paragraph("{%p endfor %}", style=S["doc_type"])
    doc.add_paragraph("{%p if attached %}", style=S["sign_note"])
    doc.add_paragraph("{{ attached }}", style=S["sign_note"])
    doc.add_paragraph("{%p endif %}", style=S["sign_note"])
    doc.add_paragraph("-----" if profile.subject_separator == "dashes" else "",
                      style=S["subject_rule"])
    doc.add_paragraph("", style=S["table"])
    add_summary_table(doc)
    doc.add_paragraph("", style=S["body"])
    doc.add_paragraph("{{ count_sentence }}", style=S["body"])
    doc.add_paragraph("", style=S["body"])

    def empty_left(cell: _Cell) -> None:
        para(cell, "", S["recipients"], first=True)

    add_signature_grid(doc, profile, landscape=True, left=empty_left)
    return doc
