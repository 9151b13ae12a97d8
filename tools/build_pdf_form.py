"""Make the fillable phiếu đăng ký: forms/party/phieu_dang_ky.pdf and forms/state/….

    python tools/build_pdf_form.py [--check]

The page is drawn here (labels, header, boxes) with the Liberation Serif shipped in
forms/fonts, and the fields come from dvk_docs.pdf.forms.FIELDS. The whole regular font is
embedded as the fields' font (so a viewer can draw any Vietnamese text typed in), bold and
italic as subsets. The output depends only on this repository: the same bytes on every
machine with the same pypdf and fontTools (no dates, a fixed file id). ``--check`` fails
when the committed forms differ in what they are (:func:`normalised`: drawing, fonts,
fields), not merely in how another pypdf / fontTools version serialises or subsets them.
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dvk_docs.conventions import Family  # noqa: E402
from dvk_docs.pdf.fonts import (  # noqa: E402
    A4,
    MM,
    Canvas,
    embed_font,
    load_font,
    pdf_stream,
)
from dvk_docs.pdf.forms import BY_NAME, FORM_NAME, acroform, make_widget  # noqa: E402

FONTS = REPO / "forms" / "fonts"
LEFT, RIGHT = 30 * MM, A4[0] - 15 * MM
TOP, BOTTOM = A4[1] - 20 * MM, 20 * MM
LABEL = 13.0
LINE = 15.0  # height of one line of a multi-line box
ROW = 22.0  # height of a one-line item

Rect = tuple[float, float, float, float]


class Page:
    """One page being laid out: static drawing plus the field rectangles."""

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self.fields: list[tuple[str, Rect]] = []
        self.y = TOP

    def field(self, name: str, x0: float, y0: float, x1: float, y1: float,
              dotted: bool = True) -> None:
        assert name in BY_NAME, name
        self.fields.append((name, (x0, y0, x1, y1)))
        if dotted and BY_NAME[name].kind != "multiline":
            self.c.line(x0, y0 + 1, x1, y0 + 1, 0.5, dash=True)
        elif dotted:
            self.c.rect(x0, y0, x1 - x0, y1 - y0, 0.4)

    def label(self, x: float, text: str, style: str = "bold", size: float = LABEL) -> float:
        """A label on the current row; returns where its text ends."""
        return x + self.c.text(x, self.y - size, text, style=style, size=size) + 4

    def inline(self, text: str, name: str, *, x: float = LEFT, width: float | None = None,
               lines: int = 1, newline: bool = True) -> float:
        """'label: [field]' on one row (a ``lines``-high box beside the label)."""
        start = self.label(x, text)
        end = RIGHT if width is None else start + width
        height = 17 if lines == 1 else lines * LINE + 3
        self.field(name, start, self.y - height + 1, end, self.y + 1)
        if newline:
            self.y -= max(ROW, height + 5)
        return end + 8

    def block(self, text: str, name: str, lines: int) -> None:
        """A label on its own row, then a box of ``lines`` lines across the page."""
        self.label(LEFT, text)
        self.y -= 18
        height = lines * LINE + 4
        self.field(name, LEFT, self.y - height, RIGHT, self.y)
        self.y -= height + 8


def _header(p: Page, family: Family) -> None:
    c = p.c
    tag_x = RIGHT - 30 * MM
    c.text(tag_x - 2, TOP + 9 * MM, "Mã đăng ký:", style="italic", size=9, align="right")
    p.field("ma_dang_ky", tag_x, TOP + 8 * MM, RIGHT, TOP + 8 * MM + 12)
    left_w = 72 * MM
    left_c, right_c = LEFT + left_w / 2, (LEFT + left_w + 2 * MM + RIGHT) / 2
    p.field("co_quan_cap_tren", LEFT, p.y - 20, LEFT + left_w, p.y, dotted=False)
    # the unit's name often takes two lines (Phòng Kinh tế, Hạ tầng và Đô thị phường)
    p.field("ten_don_vi", LEFT, p.y - 51, LEFT + left_w, p.y - 21, dotted=False)
    c.line(LEFT, p.y - 20, LEFT + left_w, p.y - 20, 0.5, dash=True)
    c.line(LEFT, p.y - 50, LEFT + left_w, p.y - 50, 0.5, dash=True)
    if family is Family.PARTY:
        c.text(left_c, p.y - 62, "*", size=LABEL, align="center")
        c.text(right_c, p.y - 14, "ĐẢNG CỘNG SẢN VIỆT NAM", style="bold", size=14,
               align="center", underline=True)
    else:
        c.line(left_c - 12 * MM, p.y - 56, left_c + 12 * MM, p.y - 56, 0.6)
        c.text(right_c, p.y - 13, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="bold", size=12,
               align="center")
        c.text(right_c, p.y - 29, "Độc lập - Tự do - Hạnh phúc", style="bold", size=13,
               align="center", underline=True)
    # place and date: [địa danh], ngày [..] tháng [..] năm [....]
    pieces: list[tuple[str, float]] = [("dia_danh", 30 * MM), (", ngày", 0), ("ngay", 8 * MM),
                                       ("tháng", 0), ("thang", 8 * MM), ("năm", 0),
                                       ("nam", 12 * MM)]
    italic = c.fonts["italic"]
    total = sum(w or italic.width(t, LABEL) + 6 for t, w in pieces)
    x, base = right_c - total / 2, p.y - 56
    for text, width in pieces:
        if width:
            p.field(text, x, base - 4, x + width, base + 12)
            x += width
        else:
            x += 3 + c.text(x + 3, base, text, style="italic", size=LABEL) + 3
    p.y -= 86


def _title(p: Page) -> None:
    c, centre = p.c, (LEFT + RIGHT) / 2
    c.text(centre, p.y - 14, "PHIẾU ĐĂNG KÝ", style="bold", size=14.5, align="center")
    p.y -= 19
    text = "xây dựng mô hình “Dân vận khéo” năm"
    width = c.fonts["bold"].width(text, LABEL) + 4 + 13 * MM
    x = centre - width / 2
    c.text(x, p.y - LABEL, text, style="bold", size=LABEL)
    p.field("nam_dang_ky", x + width - 13 * MM, p.y - 16, x + width, p.y)
    p.y -= 20
    c.line(centre - 8 * MM, p.y - 6, centre + 8 * MM, p.y - 6, 0.6)
    p.y -= 16
    start = p.label(LEFT + 12 * MM, "Kính gửi:", style="regular", size=LABEL)
    p.field("kinh_gui", start, p.y - 16, RIGHT, p.y)
    p.y -= ROW + 4


def _page1(p: Page, family: Family) -> None:
    _header(p, family)
    _title(p)
    p.inline("1. Chủ thể thực hiện:", "chu_the", lines=2)
    p.inline("2. Tập thể / Cá nhân:", "loai", width=35 * MM)
    p.label(LEFT + 5 * MM, "Thông tin cá nhân (chỉ điền khi đăng ký cá nhân):", style="italic",
            size=12)
    p.y -= 18
    x = p.inline("- Họ và tên:", "ho_ten", x=LEFT + 5 * MM, width=62 * MM, newline=False)
    x = p.inline("Năm sinh:", "nam_sinh", x=x, width=14 * MM, newline=False)
    p.inline("Giới tính:", "gioi_tinh", x=x)
    p.inline("- Chức vụ, nghề nghiệp:", "chuc_vu", x=LEFT + 5 * MM)
    p.inline("- Nơi công tác, nơi ở:", "noi_cong_tac", x=LEFT + 5 * MM)
    x = p.inline("- Đảng viên:", "dang_vien", x=LEFT + 5 * MM, width=22 * MM, newline=False)
    p.inline("Điện thoại:", "dien_thoai", x=x, width=45 * MM)
    p.y -= 2
    p.inline("3. Tên mô hình:", "ten_mo_hinh", lines=2)
    p.inline("4. Lĩnh vực:", "linh_vuc")
    p.inline("5. Hình thức:", "hinh_thuc", width=45 * MM)
    p.inline("6. Đơn vị quản lý:", "don_vi_quan_ly")
    p.block("7. Địa bàn, phạm vi thực hiện:", "dia_ban", 2)
    p.block("8. Sự cần thiết xây dựng mô hình:", "su_can_thiet", 6)
    p.block("9. Mục tiêu, tiêu chí:", "muc_tieu", 5)
    assert p.y > BOTTOM, p.y


def _signatures(p: Page) -> None:
    c = p.c
    half = (RIGHT - LEFT) / 2
    cols = [(LEFT, ("XÁC NHẬN CỦA CƠ QUAN,", "ĐƠN VỊ QUẢN LÝ"), "xac_nhan",
             "(Ký tên, đóng dấu)"),
            (LEFT + half, ("ĐẠI DIỆN TẬP THỂ /", "NGƯỜI ĐĂNG KÝ"), "ky", "(Ký, ghi rõ họ tên)")]
    top = p.y - 6
    for x, title, prefix, note in cols:
        centre = x + half / 2
        x0, x1 = x + 4 * MM, x + half - 4 * MM
        for i, line in enumerate(title):
            c.text(centre, top - 12 - i * 15, line, style="bold", size=12.5, align="center")
        y = top - 34
        if prefix == "xac_nhan":
            p.field("xac_nhan_co_quan", x0, y - 16, x1, y)
        y -= 18
        p.field(f"{prefix}_thay_mat", x0, y - 16, x1, y)
        y -= 18
        p.field(f"{prefix}_chuc_vu", x0, y - 16, x1, y)
        c.text(centre, y - 30, note, style="italic", size=12, align="center")
        p.field(f"{prefix}_ho_ten", x0, y - 100, x1, y - 84)
    p.y = top - 175


def _page2(p: Page) -> None:
    p.block("10. Nội dung, cách làm:", "noi_dung_cach_lam", 11)
    p.inline("11. Thời gian thực hiện:", "thoi_gian")
    p.block("12. Nguồn lực:", "nguon_luc", 4)
    p.block("13. Dự kiến kết quả cần đạt:", "du_kien_ket_qua", 6)
    p.block("14. Cam kết:", "cam_ket", 3)
    _signatures(p)
    assert p.y > BOTTOM, p.y


def build(family: Family) -> bytes:
    fonts = {style: load_font(FONTS / name) for style, name in (
        ("regular", "LiberationSerif-Regular.ttf"), ("bold", "LiberationSerif-Bold.ttf"),
        ("italic", "LiberationSerif-Italic.ttf"))}
    pages = [Page(Canvas(fonts)), Page(Canvas(fonts))]
    _page1(pages[0], family)
    _page2(pages[1])
    writer = PdfWriter()
    field_font = embed_font(writer, fonts["regular"])  # whole font: any text may be typed
    used: dict[str, set[int]] = {}
    for p in pages:
        for style, glyphs in p.c.used.items():
            used.setdefault(style, set()).update(glyphs)
    font_dict = DictionaryObject()
    for style in sorted(fonts):
        ref = field_font if style == "regular" else embed_font(writer, fonts[style],
                                                                used.get(style, set()))
        font_dict[NameObject(pages[0].c.resource(style))] = ref
    resources = writer._add_object(DictionaryObject({NameObject("/Font"): font_dict}))
    fields = []
    for p in pages:
        page = writer.add_blank_page(*A4)
        page[NameObject("/Resources")] = resources
        page[NameObject("/Contents")] = pdf_stream(writer, p.c.content())
        page_ref = page.indirect_reference
        assert page_ref is not None
        widgets = [make_widget(writer, page_ref, BY_NAME[name], rect, fonts["regular"],
                               field_font) for name, rect in p.fields]
        page[NameObject("/Annots")] = ArrayObject(widgets)
        fields += widgets
    acroform(writer, fields, field_font)
    title = "Phiếu đăng ký xây dựng mô hình “Dân vận khéo” (mẫu điền được)"
    writer.add_metadata({"/Title": title, "/Creator": "dvk-docs tools/build_pdf_form.py",
                         "/Producer": "pypdf"})
    digest = hashlib.sha1(f"{family.value}-{FORM_NAME}".encode()).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _widths_glyphs(font: Any) -> list[int]:
    """The glyph ids a Type0 font carries (from its /W array): what a subset holds."""
    cid = font["/DescendantFonts"][0].get_object()
    glyphs: list[int] = []
    items = list(cid["/W"])
    for first, widths in zip(items[::2], items[1::2], strict=True):
        glyphs += range(int(first), int(first) + len(widths))
    return glyphs


def _font(font: Any) -> dict[str, Any]:
    cid = font["/DescendantFonts"][0].get_object()
    program = cid["/FontDescriptor"]["/FontFile2"].get_object().get_data()
    name = str(font["/BaseFont"])
    subset = "+" in name
    return {
        "name": name.split("+")[-1], "subset": subset, "glyphs": _widths_glyphs(font),
        "widths": [int(w) for ws in list(cid["/W"])[1::2] for w in ws],
        # a subset's bytes depend on the fontTools version; the whole font is the shipped file
        "program": None if subset else hashlib.sha256(program).hexdigest(),
        "to_unicode": font["/ToUnicode"].get_object().get_data().decode("ascii"),
    }


def normalised(data: bytes) -> dict[str, Any]:
    """What a form is, independent of how pypdf serialises it and of the fontTools version
    that subset the label fonts: page drawing, fonts (glyphs, widths, ToUnicode; the whole
    field font byte for byte), every field with its rectangle, flags, DA and options."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        fields = []
        for annot in page["/Annots"]:
            obj = annot.get_object()
            fields.append({k: str(obj.get(k)) for k in ("/T", "/TU", "/FT", "/Ff", "/DA", "/Q",
                                                          "/Opt", "/V", "/F")}
                          | {"rect": [round(float(v), 2) for v in obj["/Rect"]],
                             "ap": obj["/AP"]["/N"].get_data().decode("ascii")})
        fonts = page["/Resources"]["/Font"]
        pages.append({"size": [float(v) for v in page.mediabox],
                      "content": page.get_contents().get_data().decode("ascii"),
                      "fonts": {str(k): _font(fonts[k].get_object()) for k in sorted(fonts)},
                      "fields": fields})
    form = reader.trailer["/Root"]["/AcroForm"]
    return {"pages": pages, "da": str(form["/DA"]), "need_appearances": bool(
        form["/NeedAppearances"]), "field_font": _font(form["/DR"]["/Font"]["/LibSerif"]),
            "title": reader.metadata.title if reader.metadata else None}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for family in (Family.PARTY, Family.STATE):
        target = REPO / "forms" / family.value / FORM_NAME
        data = build(family)
        if check:
            if not target.is_file() or (target.read_bytes() != data and normalised(
                    target.read_bytes()) != normalised(data)):
                stale.append(target)
            continue
        target.write_bytes(data)
        print(f"wrote {target.relative_to(REPO)} ({len(data) // 1024} KiB)")
    if stale:
        print("out of date (run python tools/build_pdf_form.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


