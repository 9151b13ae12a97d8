"""Build .docx plans the way staff type them (python-docx), for the import/rollover tests.

Fictional units; wording modelled on the seed plans' structure. Each builder writes the same
plan as Unicode, TCVN3 (.VnTime/.VnTimeH runs) or VNI (VNI-Times), with the real-world mess
the importer must survive: header in a borderless table or in tab-separated lines, numbering
typed by hand, runs split in the middle of words, stray and non-breaking spaces, empty
paragraphs, manual line breaks, a signature block beside or after the Nơi nhận.

The Party plan also carries the year traps for rollover (see PARTY_TRAPS).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from dvk_docs.legacy import unicode_to_tcvn3, unicode_to_vni

NBSP = "\u00a0"

# (text, bold, italic) pieces of one paragraph; "|" inside a piece splits it into two runs
# in the middle of a word (Word does that after edits).
Piece = tuple[str, bool, bool]


class Writer:
    """Writes runs in one encoding."""

    def __init__(self, encoding: str = "unicode") -> None:
        self.encoding = encoding

    def runs(self, paragraph, text: str, *, bold: bool = False, italic: bool = False,
             size: float | None = None, underline: bool = False) -> None:
        pieces = []
        for k, segment in enumerate(text.split("**")):  # **...** is a bold run
            pieces += [(part, bold or k % 2 == 1) for part in segment.split("|")]
        for part, strong in pieces:
            if not part:
                continue
            for chunk, font in self._encode(part):
                run = paragraph.add_run(chunk)
                run.bold = strong or None
                run.italic = italic or None
                run.underline = underline or None
                if font:
                    run.font.name = font
                if size:
                    run.font.size = Pt(size)

    def _encode(self, text: str) -> list[tuple[str, str | None]]:
        if self.encoding == "vni":
            return [(unicode_to_vni(text), "VNI-Times")]
        if self.encoding != "tcvn3":
            return [(text, None)]
        # TCVN3 has no capitals with tone marks: typists switch to the capitals font
        # .VnTimeH for those letters (and for whole capital lines)
        if _is_upper_line(text):
            return [(unicode_to_tcvn3(text.lower()), ".VnTimeH")]
        out: list[tuple[str, str | None]] = []
        for ch in unicodedata.normalize("NFC", text):
            capital = ch.isupper() and ord(ch) > 0x7F and ch not in "ĂÂÊÔƠƯĐ"
            font = ".VnTimeH" if capital else ".VnTime"
            code = unicode_to_tcvn3(ch.lower() if capital else ch)
            if out and out[-1][1] == font:
                out[-1] = (out[-1][0] + code, font)
            else:
                out.append((code, font))
        return out


def _is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _para(doc_or_cell, w: Writer, text: str = "", *, bold: bool = False, italic: bool = False,
          align: str | None = None, breaks: list[str] | None = None):
    p = doc_or_cell.add_paragraph()
    if text:
        w.runs(p, text, bold=bold, italic=italic)
    for extra in breaks or []:
        p.runs[-1].add_break() if p.runs else p.add_run().add_break()
        w.runs(p, extra, bold=bold, italic=italic)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "justify":
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return p


def _cell_lines(cell, w: Writer, lines: list[tuple[str, bool, bool]]) -> None:
    first = True
    for text, bold, italic in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            w.runs(p, text, bold=bold, italic=italic)


# ---------------------------------------------------------------------------------------
# Party plan (Đảng ủy xã Tân Hiệp, 2026): header in a borderless table, signature in a table

PARTY_TRAPS = {
    "deadline": "trước ngày 13/3/2026",       # -> 13/3/2027, a Saturday
    "cited": "Kế hoạch số 07-KH/BTGDVTU, ngày 21/01/2026",  # stays
    "term_old": "nhiệm kỳ 2020 - 2025",        # stays
    "term_new": "nhiệm kỳ 2026 - 2031",        # starts this year: stays
    "target": "phấn đấu đến năm 2028",         # stays
    "founding": "(14/10/1930)",                # stays
    "anniversary": "96 năm Ngày truyền thống",  # -> 97
    "compare": "so với năm 2025",              # -> 2026
}


def party_plan(path: Path, encoding: str = "unicode") -> Path:
    w = Writer(encoding)
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    _para(doc, w)  # staff often start with an empty line
    table = doc.add_table(rows=1, cols=2)  # no style: borderless
    left, right = table.rows[0].cells
    _cell_lines(left, w, [("ĐẢNG BỘ TỈNH LÂM HÀ", False, False),
                          ("ĐẢNG ỦY XÃ TÂN HIỆP", True, False),
                          ("*", False, False),
                          (f"Số{NBSP}07-KH/ĐU", False, False)])
    _cell_lines(right, w, [("ĐẢNG CỘNG SẢN VIỆT NAM", True, False),
                           ("", False, False),
                           ("Tân Hiệp, ngày 26 tháng 01 năm 2026", False, True)])
    _para(doc, w)
    _para(doc, w)
    _para(doc, w, "KẾ HOẠCH", bold=True, align="center")
    _para(doc, w, "thực hiện phong trào thi đua “Dân v|ận khéo”", bold=True, align="center")
    _para(doc, w, "năm 2026", bold=True, align="center")
    _para(doc, w, "-----", align="center")
    _para(doc, w)
    _para(doc, w, "Thực hiện Kế hoạch số 07-KH/BTGDVTU, ngày 21/01/2026 của Ban Tuyên giáo và "
                  f"Dân vận Tỉnh ủy về thực hiện phong trào thi đua “Dân vận khéo” năm 2026;{NBSP}"
                  "Nghị quyết Đại hội đại biểu Đảng bộ xã Tân Hiệp lần thứ I, nhiệm kỳ 2025 - 2030,"
                  "  Ban Thường vụ Đảng ủy xã Tân Hiệp xây dựng Kế hoạch thực hiện phong trào thi "
                  "đua “Dân vận khéo” năm 2026 như sau:", align="justify")
    _para(doc, w, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    _para(doc, w, "1. Mục đích", bold=True)
    _para(doc, w, "-  Nâng cao nhận thức, trách nhiệm của cán bộ, đảng viên và Nhân dân về công "
                  "tác dân vận; phát huy kết quả đạt được trong nhiệm kỳ 2020 - 2025.")
    _para(doc, w, "- Góp phần thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ xã; chào mừng "
                  "bầu cử đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031.")
    _para(doc, w, "2. Yêu cầu", bold=True)
    _para(doc, w, "- Mô hình phải cụ thể, thiết thực, có **sức lan tỏa**:")
    _para(doc, w, "+ Tập thể: mỗi chi bộ, đoàn thể có ít nhất 01 mô hình;")
    _para(doc, w, "+ Cá nhân: mỗi cơ quan giới thiệu ít nhất 01 điển hình.")
    _para(doc, w)
    _para(doc, w, "II. NỘI DUNG", bold=True)
    _para(doc, w, "1. Chỉ tiêu", bold=True)
    _para(doc, w, "- Mỗi lĩnh vực có thêm ít nhất 02 mô hình mới so với năm 2025.")
    _para(doc, w, "- Phấn đấu đến năm 2028, 100% thôn có mô hình “Dân vận khéo” được công nhận.")
    _para(doc, w, "2. Nội dung xây dựng mô hình", bold=True)
    _para(doc, w, "Vận động hội viên Hội Nông dân Việt Nam (14/10/1930) và Nhân dân chuyển đổi "
                  "cây trồng, ứng dụng kỹ thuật mới;",
          breaks=["giữ gìn vệ sinh môi trường, xây dựng nếp sống văn minh."])
    _para(doc, w, "a) Đối với tập thể", italic=True)
    _para(doc, w, "Có kế hoạch, người phụ trách và kết quả đo đếm được.")
    _para(doc, w, "b) Đối với cá nhân", italic=True)
    _para(doc, w, "Gương mẫu, được Nhân dân nơi cư trú tin tưởng.")
    _para(doc, w, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    _para(doc, w, "1. Ban Xây dựng Đảng Đảng ủy xã", bold=True)
    _para(doc, w, "- Tổng hợp danh sách đăng ký, báo cáo Ban Thường vụ trước ngày 13/3/2026.")
    _para(doc, w, "- Tham mưu biểu dương mô hình tiêu biểu dịp kỷ niệm 96 năm Ngày truyền thống "
                  "công tác dân vận của Đảng (15/10/1930 - 15/10/2026).")
    _para(doc, w, "2. Các chi bộ trực thuộc", bold=True)
    _para(doc, w, f"Gửi phiếu đăng ký về Ban Xây dựng Đảng trước ngày 27/02/2026;{NBSP} báo cáo "
                  "kết quả 6 tháng trước ngày 05/6/2026.")
    body = doc.add_table(rows=3, cols=3)
    body.style = "Table Grid"
    rows = [("Nội dung", "Thời gian", "Đơn vị"),
            ("Đăng ký mô hình", "Tháng 02/2026", "Các chi bộ"),
            ("Tổng kết phong trào năm 2026", "Quý IV/2026", "Ban Xây dựng Đảng")]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = body.cell(r, c)
            w.runs(cell.paragraphs[0], value, bold=(r == 0))
    _para(doc, w, "Trên đây là Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” năm 2026 "
                  "của Ban Thường vụ Đảng ủy xã Tân Hiệp./.")
    _para(doc, w)
    sig = doc.add_table(rows=1, cols=2)
    left, right = sig.rows[0].cells
    _cell_lines(left, w, [("Nơi nhận:", True, True),
                          ("- Ban Tuyên giáo và Dân vận Tỉnh ủy (b/c),", False, False),
                          ("- Thường trực Đảng ủy xã,", False, False),
                          ("- Các chi bộ trực thuộc,", False, False),
                          ("- Lưu Văn phòng Đảng ủy.", False, False)])
    _cell_lines(right, w, [("T/M BAN THƯỜNG VỤ", True, False), ("PHÓ BÍ THƯ", True, False),
                           ("", False, False), ("(Đã ký)", False, True), ("", False, False),
                           ("Nguyễn Thị Thu Hà", True, False)])
    doc.save(str(path))
    return path


# ---------------------------------------------------------------------------------------
# State plan (UBND phường Bình Minh, 2026): header in tab-separated lines, signature in
# paragraphs after the Nơi nhận, tabs between the two columns


def state_plan(path: Path, encoding: str = "unicode") -> Path:
    w = Writer(encoding)
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    p = _para(doc, w, "ỦY BAN NHÂN DÂN", bold=True)
    w.runs(p, "\t\t")
    w.runs(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    p = _para(doc, w, "PHƯỜNG BÌNH MINH", bold=True)
    w.runs(p, "\t\t\t")
    w.runs(p, "Độc lập - Tự do - Hạnh phúc", bold=True)
    p = _para(doc, w, "Số: 15/KH-UBND")
    w.runs(p, "\t\t")
    w.runs(p, "Bình Minh, ngày 05 tháng 02 năm 2026", italic=True)
    _para(doc, w)
    p = _para(doc, w, "KẾ HOẠCH", bold=True, align="center")
    p.runs[-1].add_break()
    w.runs(p, "Triển khai phong trào thi đua “Dân vận khéo” năm 2026", bold=True)
    _para(doc, w)
    _para(doc, w, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
    _para(doc, w, "Căn cứ Kế hoạch số 11-KH/ĐU, ngày 20/01/2026 của Ban Thường vụ Đảng ủy "
                  "phường Bình Minh về thực hiện phong trào thi đua “Dân vận khéo” năm 2026;")
    _para(doc, w, "Ủy ban nhân dân phường Bình Minh ban hành Kế hoạch triển khai phong trào thi "
                  "đua “Dân vận khéo” năm 2026 như sau:")
    _para(doc, w, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    _para(doc, w, "- Xây dựng chính quyền gần dân, trọng dân, vì Nhân dân phục vụ.")
    _para(doc, w, "- 100% hồ sơ thủ tục hành chính giải quyết đúng hạn trong năm 2026.")
    _para(doc, w, "II. TỔ CHỨC THỰC HIỆN", bold=True)
    _para(doc, w, "1. Văn phòng HĐND và UBND phường", bold=True)
    _para(doc, w, "Tiếp nhận phiếu đăng ký trước ngày 31/3/2026; tổng hợp báo cáo năm trước "
                  "ngày 20/11/2026.")
    _para(doc, w, "2. Các tổ dân phố", bold=True)
    _para(doc, w, "Đăng ký mô hình tự quản; báo cáo kết quả quý I/2026 trước ngày 10/4/2026./.")
    p = _para(doc, w, "Nơi nhận:", bold=True, italic=True)
    w.runs(p, "\t\t\t\t")
    w.runs(p, "KT. CHỦ TỊCH", bold=True)
    p = _para(doc, w, "- Như trên;")
    w.runs(p, "\t\t\t\t\t")
    w.runs(p, "PHÓ CHỦ TỊCH", bold=True)
    _para(doc, w, "- Thường trực HĐND phường;")
    _para(doc, w, "- Ủy ban MTTQ Việt Nam phường;")
    _para(doc, w, "- Lưu: VT, VP.")
    _para(doc, w)
    p = _para(doc, w, "\t\t\t\t\t")
    w.runs(p, "Trần Văn Nam", bold=True)
    doc.save(str(path))
    return path


# ---------------------------------------------------------------------------------------


def not_a_plan(path: Path) -> Path:
    w = Writer()
    doc = Document()
    _para(doc, w, "ĐẢNG ỦY XÃ TÂN HIỆP\tĐẢNG CỘNG SẢN VIỆT NAM")
    _para(doc, w, "BÁO CÁO", bold=True, align="center")
    _para(doc, w, "kết quả thực hiện phong trào thi đua “Dân vận khéo” năm 2026", align="center")
    _para(doc, w, "I. KẾT QUẢ", bold=True)
    doc.save(str(path))
    return path


def empty_document(path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("")
    doc.add_paragraph("   ")
    doc.save(str(path))
    return path


def list_styles_plan(path: Path) -> Path:
    """A plan whose bullets are Word's automatic list (style 'List Bullet')."""
    w = Writer()
    doc = Document()
    _para(doc, w, "ĐẢNG ỦY XÃ TÂN HIỆP\t\tĐẢNG CỘNG SẢN VIỆT NAM")
    _para(doc, w, "Số 09-KH/ĐU\t\tTân Hiệp, ngày 02 tháng 3 năm 2026")
    _para(doc, w, "KẾ HOẠCH", bold=True, align="center")
    _para(doc, w, "tuyên truyền phong trào thi đua “Dân vận khéo” năm 2026", align="center")
    _para(doc, w, "I. NỘI DUNG", bold=True)
    for text in ("Tuyên truyền trên loa truyền thanh thôn.", "Biểu dương điển hình tiêu biểu."):
        p = doc.add_paragraph(style="List Bullet")
        w.runs(p, text)
    _para(doc, w, "Nơi nhận:\t\tT/M BAN THƯỜNG VỤ")
    _para(doc, w, "- Các chi bộ;\t\tBÍ THƯ")
    _para(doc, w, "- Lưu VPĐU.")
    _para(doc, w, "\t\tLê Văn Tâm")
    doc.save(str(path))
    return path


BUILDERS: dict[str, Callable[[Path, str], Path]] = {"party": party_plan, "state": state_plan}
