"""Rules on the page and the running text: page size and margins, fonts, Unicode form,
body paragraphs, căn cứ lines, heading numbers, template and draft leftovers."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from .common import Ctx, fmt_pt, fmt_range, is_caps, quote, squash
from .grid import Layout
from .model import Para, Table

_A4 = (210.0, 297.0)
_A5 = (148.0, 210.0)
_TOL_MM = 1.0
# format-standards §4.1: both families, top/bottom 20–25, left 30–35, right 15–20 mm
MARGINS_MM = {"trên": (20.0, 25.0), "dưới": (20.0, 25.0), "trái": (30.0, 35.0),
              "phải": (15.0, 20.0)}
# §4.3: first-line indent 1–1.27 cm; spacing ≥ 6 pt; line spacing single … 1.5 lines, or
# exactly 15–22 pt (State: exactly ≥ 15 pt allowed by TT 01; Party: exactly 18–22 pt)
INDENT_MM = (10.0, 12.7)
MIN_SPACING_PT = 6.0
LINE_MULTIPLE = (1.0, 1.5)
LINE_EXACT_PT = (15.0, 22.0)

_TAGS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_DOTS = re.compile(r"…{2,}|\.{4,}|…\.+|\.+…")
_VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _mm(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def check_page(ctx: Ctx) -> None:
    for s in ctx.doc.sections:
        where = f"trang, phần {s.index + 1}"
        short, long_ = sorted((s.width_mm, s.height_mm))
        paper = next((name for name, (w, h) in (("A4", _A4), ("A5", _A5))
                      if abs(short - w) <= _TOL_MM and abs(long_ - h) <= _TOL_MM), None)
        if paper is None:
            ctx.add("page.size", where, f"khổ {short:.0f} × {long_:.0f} mm",
                    "khổ A4 (210 × 297 mm)")
        landscape = s.width_mm > s.height_mm + 0.5
        if landscape and not s.has_table:
            ctx.add("page.orientation", where, "trang ngang không có bảng",
                    "trang dọc (chỉ để khổ ngang cho bảng rộng)")
        declared = s.orient == "landscape"
        if declared != landscape and abs(s.width_mm - s.height_mm) > 0.5:
            ctx.add("page.orientation", where,
                    f"khai báo {'ngang' if declared else 'dọc'} nhưng kích thước "
                    f"{s.width_mm:.0f} × {s.height_mm:.0f} mm",
                    "hướng trang khớp với kích thước (Word và LibreOffice đọc khác nhau)")
        for (side, (lo, hi)), value in zip(MARGINS_MM.items(), s.margins_mm, strict=True):
            if not lo - 0.3 <= value <= hi + 0.3:
                ctx.add("page.margins", where, f"lề {side} {_mm(value)} mm",
                        f"lề {side} {fmt_range(lo, hi, 'mm')}")


def check_fonts(ctx: Ctx) -> None:
    want = ctx.profile.font.lower()
    bad: dict[str, list[str]] = defaultdict(list)
    for p in ctx.doc.all_paragraphs():
        names = {f for r in p.letter_runs() for f in r.fonts
                 if f is not None and f.lower() != want}
        for name in names:
            bad[name].append(p.where)
    for name, places in bad.items():
        more = f" và {len(places) - 1} đoạn khác" if len(places) > 1 else ""
        legacy = " (phông TCVN3/VNI cũ, không phải Unicode)" if re.match(
            r"^\.?Vn|^VNI", name) else ""
        ctx.add("font.family", places[0], f"phông «{name}»{legacy} ở {places[0]}{more}",
                f"phông {ctx.profile.font} (Unicode, TCVN 6909:2001)")


def check_text(ctx: Ctx) -> None:
    decomposed: list[str] = []
    for p in ctx.doc.all_paragraphs():
        if p.text != unicodedata.normalize("NFC", p.text):
            decomposed.append(p.where)
        if _TAGS.search(p.text):
            ctx.add("leftover.template", p.where, quote(p.text), "nội dung đã điền, không còn "
                    "thẻ {{ }} / {% %} của mẫu")
        m = _DOTS.search(p.text)
        if m:
            ctx.add("leftover.dots", p.where, quote(p.text),
                    "điền nội dung thay cho dấu chấm chờ điền")
    if decomposed:
        more = f" và {len(decomposed) - 1} đoạn khác" if len(decomposed) > 1 else ""
        ctx.add("text.nfc", decomposed[0], f"chữ tổ hợp (NFD) ở {decomposed[0]}{more}",
                "chữ dựng sẵn (NFC); gõ lại bằng Unikey bảng mã Unicode dựng sẵn")


def _running(p: Para) -> bool:
    """A paragraph of running text (not a caps line, a note, a centred part heading)."""
    t = p.clean
    if not t or is_caps(p.shown):
        return False
    if t.startswith("(") and t.endswith(")"):
        return False
    if re.match(r"^(Phần|Chương|Mục)\s+\S+$", t):
        return False
    return not t.startswith(("Kính gửi", "Kính trình", "Ghi chú"))


def body_paragraphs(ctx: Ctx, layout: Layout) -> list[Para]:
    out = []
    for block in ctx.doc.blocks[layout.body_start:]:
        if isinstance(block, Para) and id(block) not in layout.fixed:
            out.append(block)
    return out


def check_body(ctx: Ctx, layout: Layout) -> None:
    lo_size, hi_size = ctx.size_range("body")
    for p in body_paragraphs(ctx, layout):
        if not _running(p):
            continue
        if p.align != "justify":
            names = {"left": "trái", "right": "phải", "center": "giữa"}
            ctx.add("body.align", p.where, f"{quote(p.text, 40)} căn {names.get(p.align, p.align)}",
                    "căn đều hai bên (justify)")
        lo, hi = INDENT_MM
        if not lo - 0.3 <= p.first_line_mm <= hi + 0.3:
            found = (f"thụt treo {_mm(-p.first_line_mm)} mm" if p.first_line_mm < 0 else
                     f"thụt đầu dòng {_mm(p.first_line_mm)} mm")
            ctx.add("body.indent", p.where, f"{quote(p.text, 40)} {found}",
                    f"thụt đầu dòng {fmt_range(lo / 10, hi / 10, 'cm').replace('.', ',')}")
        if max(p.space_before, p.space_after) < MIN_SPACING_PT - 0.05:
            ctx.add("body.spacing", p.where,
                    f"{quote(p.text, 40)} cách đoạn {fmt_pt(p.space_before)} pt",
                    f"cách đoạn ít nhất {fmt_pt(MIN_SPACING_PT)} pt")
        if p.line_rule == "auto":
            lo_m, hi_m = LINE_MULTIPLE
            if not lo_m - 0.01 <= p.line_value <= hi_m + 0.01:
                ctx.add("body.line_spacing", p.where,
                        f"{quote(p.text, 40)} giãn dòng {p.line_value:.2f} lần",
                        "giãn dòng từ 1 đến 1,5 lần, hoặc chính xác 15–22 pt")
        else:
            lo_p, hi_p = LINE_EXACT_PT
            if not lo_p - 0.05 <= p.line_value <= hi_p + 0.05:
                ctx.add("body.line_spacing", p.where,
                        f"{quote(p.text, 40)} giãn dòng {fmt_pt(p.line_value)} pt",
                        "giãn dòng chính xác 15–22 pt, hoặc từ 1 đến 1,5 lần")
        bad = [r.size for r in p.letter_runs()
               if r.size is None or not lo_size - 0.01 <= r.size <= hi_size + 0.01]
        if bad:
            ctx.add("body.size", p.where, f"{quote(p.text, 40)} cỡ {fmt_pt(bad[0] or 0)} pt",
                    f"cỡ chữ nội dung {fmt_range(lo_size, hi_size)}")


def check_tables(ctx: Ctx, layout: Layout) -> None:
    lo, hi = ctx.size_range("table")
    for bi, block in enumerate(ctx.doc.blocks):
        if not isinstance(block, Table) or bi < layout.header_end or \
                bi in layout.signature_tables or bi in layout.form_tables:
            continue
        for cell in block.cells:
            bad = next((p for p in cell.paras for r in p.letter_runs()
                        if r.size is None or not lo - 0.01 <= r.size <= hi + 0.01), None)
            if bad is not None:
                size = next(r.size for r in bad.letter_runs()
                            if r.size is None or not lo - 0.01 <= r.size <= hi + 0.01)
                ctx.add("body.size", bad.where, f"chữ trong bảng cỡ {fmt_pt(size or 0)} pt",
                        f"cỡ chữ trong bảng {fmt_range(lo, hi)}")
                break


_BASIS = re.compile(r"^(?:-\s*)?(Căn cứ|Theo đề nghị|Xét đề nghị)\b")


def check_basis(ctx: Ctx, layout: Layout) -> None:
    """The căn cứ ban hành block: the 'Căn cứ ...' lines that open the body, right under
    the title (a tờ trình's căn cứ after 'Kính gửi' are running text, not this block)."""
    block: list[Para] = []
    for p in body_paragraphs(ctx, layout):
        t = squash(p.clean)
        if not t or (is_caps(p.shown) and not block):
            continue
        if t.startswith(("Kính gửi", "Kính trình")):
            return
        if not _BASIS.match(t) or (not block and not re.match(r"^(?:-\s*)?Căn cứ", t)):
            break
        block.append(p)
    if len(block) == 1 and squash(block[0].clean).endswith(":"):
        return  # a lead sentence ("Căn cứ ..., Ban Thường vụ thông báo như sau:")
    for k, p in enumerate(block):
        runs = p.letter_runs()
        italic = bool(runs) and all(r.italic for r in runs)
        t = squash(p.clean)
        if ctx.party and italic:
            ctx.add("basis.style", p.where, f"{quote(p.text, 40)} in nghiêng",
                    "căn cứ văn bản Đảng in đứng, mỗi dòng bắt đầu «- »")
        elif not ctx.party and not italic:
            ctx.add("basis.style", p.where, f"{quote(p.text, 40)} in đứng",
                    "căn cứ văn bản Nhà nước in nghiêng")
        if ctx.party and not t.startswith("- "):
            ctx.add("basis.style", p.where, quote(p.text, 40),
                    "căn cứ văn bản Đảng: mỗi dòng bắt đầu «- »")
        if k < len(block) - 1:
            ok, want = t.endswith(";"), "kết thúc bằng «;»"
        elif ctx.party:
            ok, want = t.endswith((",", ".")), "dòng cuối kết thúc «,» hoặc «.»"
        else:
            ok, want = t.endswith("."), "dòng cuối kết thúc «.»"
        if not ok:
            ctx.add("basis.punctuation", p.where, quote(t[-40:]), want)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_L1 = re.compile(r"^(?P<n>[IVXL]+)\s*(?P<sep>[.\-–])\s*\S")
_L2 = re.compile(r"^(?P<n>\d{1,2})\.\s+\S")
_L3 = re.compile(r"^(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.?\s+\S")
_L4 = re.compile(r"^(?P<n>[a-zđ])\)\s+\S")
_ARTICLE = re.compile(r"^Điều\s+(?P<n>\d+)\s*[.:]")


def _roman_value(text: str) -> int | None:
    total = 0
    prev = 0
    for ch in reversed(text):
        v = _ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    from ..render.markdown import roman

    return total if roman(total) == text else None


def _starts_bold(p: Para) -> bool:
    runs = p.letter_runs()
    return (bool(runs) and bool(runs[0].bold)) or p.style_name.startswith("DVK De muc")


def check_headings(ctx: Ctx, layout: Layout) -> None:
    from ..render.markdown import roman

    counters = {"l1": 0, "l2": 0, "l3": (0, 0), "l4": 0, "art": 0}
    seps: set[str] = set()

    def reset(*keys: str) -> None:
        for k in keys:
            counters[k] = (0, 0) if k == "l3" else 0

    for bi in range(layout.body_start, len(ctx.doc.blocks)):
        block = ctx.doc.blocks[bi]
        if isinstance(block, Table):
            if bi in layout.signature_tables or block.page_break_before:
                reset("l1", "l2", "l3", "l4", "art")
            continue
        p = block
        if p.page_break_before:
            reset("l1", "l2", "l3", "l4", "art")
        t = squash(p.clean)
        if not t or id(p) in layout.fixed:
            continue
        m = _L1.match(t)
        if m and _roman_value(m.group("n")) is not None:
            n = _roman_value(m.group("n"))
            assert n is not None
            seps.add(m.group("sep"))
            want = counters["l1"] + 1  # type: ignore[operator]
            if n != want:
                ctx.add("heading.numbering", p.where, f"đề mục {quote(t, 40)}",
                        f"đề mục {roman(want)}{m.group('sep')} (liên tục, không nhảy, "
                        "không lặp)")
            counters["l1"] = n
            reset("l2", "l3", "l4")
            if len(seps) > 1:
                ctx.add("heading.numbering", p.where, f"đề mục {quote(t, 40)}",
                        "cùng một kiểu dấu sau số La Mã trong cả văn bản (I. hoặc I-)")
                seps = {m.group("sep")}
            continue
        m3 = _L3.match(t)
        if m3 and _starts_bold(p):
            a, b = int(m3.group("a")), int(m3.group("b"))
            cur_a, cur_b = counters["l3"]  # type: ignore[misc]
            want_a = counters["l2"]
            want_b = cur_b + 1 if cur_a == a else 1
            if a != want_a or b != want_b:
                ctx.add("heading.numbering", p.where, f"đề mục {quote(t, 40)}",
                        f"đề mục {want_a}.{want_b}. (liên tục, theo mục {want_a}.)")
            counters["l3"] = (a, b)
            reset("l4")
            continue
        m2 = _L2.match(t)
        if m2 and _starts_bold(p):
            n = int(m2.group("n"))
            want = counters["l2"] + 1  # type: ignore[operator]
            if n != want:
                ctx.add("heading.numbering", p.where, f"đề mục {quote(t, 40)}",
                        f"đề mục {want}. (liên tục, không nhảy, không lặp)")
            counters["l2"] = n
            reset("l3", "l4")
            continue
        m4 = _L4.match(t)
        if m4:
            letter = m4.group("n")
            index = _VIETNAMESE_LETTERS.find(letter) + 1
            want = counters["l4"] + 1  # type: ignore[operator]
            if index != want and want <= len(_VIETNAMESE_LETTERS):
                ctx.add("heading.numbering", p.where, f"điểm {quote(t, 40)}",
                        f"điểm {_VIETNAMESE_LETTERS[want - 1]}) (theo bảng chữ cái tiếng Việt, "
                        "không có f, j, w, z)")
            counters["l4"] = max(index, 1)
            continue
        ma = _ARTICLE.match(t)
        if ma:
            n = int(ma.group("n"))
            want = counters["art"] + 1  # type: ignore[operator]
            if n != want:
                ctx.add("heading.numbering", p.where, f"{quote(t, 40)}",
                        f"Điều {want}. (liên tục)")
            counters["art"] = n
