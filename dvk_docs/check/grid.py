"""The fixed parts of a document: header grid (ô 1–4), title block (ô 5a), signature
(ô 7) and "Nơi nhận" (ô 9b). Elements are recognised by their text and place, so a
document typed by hand is read like one of ours.

Why one module (~700 lines): the four parts are found from one ``Layout`` (where the header
grid ends is where the title starts, the signature is found after the body) and share the
recognisers of a line (caps, rules, prefixes); split, each piece would import the others.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .common import (
    PARTY_PREFIXES,
    PREFIX_ANY,
    STATE_PREFIXES,
    Ctx,
    check_style,
    is_caps,
    is_dash_line,
    is_rule_line,
    quote,
    squash,
)
from .model import Doc, Para, Run, Table

TITLE_PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
TITLE_STATE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACE_DATE = re.compile(
    r"^(?P<place>.*?)\s*(?P<comma>,?)\s*ngày\s*(?P<d>\S*?)\s*tháng\s*(?P<m>\S*?)\s*năm\s*"
    r"(?P<y>\S*?)\s*$"
)
_BLANK = re.compile(r"^[\s._…]*$")
_NUMBER_START = re.compile(r"^Số\b")
_NOTE = re.compile(r"^\(.*\)$")


def norm_title(text: str) -> str:
    return squash(text).upper().replace("HOÀ", "HÒA")


@dataclass
class Layout:
    """Where the fixed parts are, for the rules that look at the rest."""

    header_end: int = 0  # index in Doc.blocks of the first block after the header
    body_start: int = 0  # first block after the title block
    signature_tables: set[int] = field(default_factory=set)  # indexes in Doc.blocks
    fixed: set[int] = field(default_factory=set)  # id() of paragraphs already checked
    has_title: bool = False
    form_tables: set[int] = field(default_factory=set)  # tables of attached blank forms


# -- header ------------------------------------------------------------------------------------
def _segments(p: Para) -> list[Para]:
    """Split a paragraph typed as 'left<TAB>right' into its parts (runs kept)."""
    if "\t" not in p.text:
        return [p]
    parts: list[list[Run]] = [[]]
    for run in p.runs:
        pieces = re.split(r"(\t+)", run.text)
        for piece in pieces:
            if not piece:
                continue
            if piece.startswith("\t"):
                parts.append([])
            else:
                parts[-1].append(replace(run, text=piece))
    out = []
    for runs in parts:
        text = "".join(r.text for r in runs)
        if text.strip():
            out.append(replace(p, text=text, runs=runs))
    return out or [p]


def _is_right_item(p: Para) -> bool:
    t = norm_title(p.clean)
    return (t in (TITLE_PARTY, TITLE_STATE) or squash(p.clean).lower() == MOTTO.lower()
            or bool(PLACE_DATE.match(squash(p.clean))))


@dataclass
class _Header:
    left: list[Para]
    right: list[Para]
    end: int
    table: Table | None = None
    swapped: bool = False


def _title_like(p: Para) -> bool:
    t = norm_title(p.clean)
    return t in (TITLE_PARTY, TITLE_STATE) or (
        is_caps(p.shown) and any(w in t for w in ("CỘNG SẢN", "CỘNG HÒA", "XÃ HỘI CHỦ NGHĨA")))


def _find_header(doc: Doc) -> _Header | None:
    for bi, block in enumerate(doc.blocks[:10]):
        if isinstance(block, Table):
            if not any(c.lines() for c in block.cells):
                continue
            anchor = None
            for test in (lambda p: norm_title(p.clean) in (TITLE_PARTY, TITLE_STATE),
                         _title_like, lambda p: bool(PLACE_DATE.match(squash(p.clean)))):
                anchor = next((c for c in block.cells if any(test(p) for p in c.paras)), None)
                if anchor is not None:
                    break
            if anchor is None and block.cols >= 2 and block.rows <= 3:
                anchor = max((c for c in block.cells if c.row == 0), key=lambda c: c.col)
            if anchor is None:
                return None  # a table before any title: no header grid here
            left = [p for c in block.cells if c.col < anchor.col and c.row == anchor.row
                    for p in c.paras]
            right = list(anchor.paras)
            swapped = False
            if not left:
                left = [p for c in block.cells if c.col > anchor.col and c.row == anchor.row
                        for p in c.paras]
                swapped = bool(left)
            # number / place-date may sit in a second row
            for c in block.cells:
                if c.row != anchor.row:
                    (right if c.col >= anchor.col else left).extend(c.paras)
            return _Header(left, right, bi + 1, block, swapped)
        p = block
        if _title_like(p) or any(_title_like(s) for s in _segments(p)):
            return _header_from_paragraphs(doc)
        if p.clean and bi > 3:
            return None
    return None


def _header_from_paragraphs(doc: Doc) -> _Header:
    left: list[Para] = []
    right: list[Para] = []
    last = 0
    side = left
    for bi, block in enumerate(doc.blocks[:14]):
        if isinstance(block, Table):
            break
        segs = _segments(block)
        if len(segs) >= 2:
            left.append(segs[0])
            right.append(segs[-1])
            side = right
            last = bi
        elif not block.clean:
            side.append(block)
        elif _is_right_item(segs[0]) or _title_like(segs[0]):
            right.append(segs[0])
            side = right
            last = bi
        elif (_NUMBER_START.match(block.clean) or block.clean in ("*", "***")
              or (is_caps(block.shown) and bi <= last + 1
                  and not any(PLACE_DATE.match(squash(p.clean)) for p in right))):
            # the number line, the '*' under the body's name, or a caps line of that name
            left.append(block)
            side = left
            last = bi
        else:
            break
        if any(PLACE_DATE.match(squash(p.clean)) for p in right) and any(
                _NUMBER_START.match(p.clean) for p in left):
            break
    return _Header(left, right, last + 1)


def _rule_after(lines: list[Para], i: int) -> bool:
    """Is the element at ``i`` followed (or drawn) with a rule?"""
    p = lines[i]
    if p.border_bottom or p.line_shape:
        return True
    runs = p.letter_runs()
    if runs and all(r.underline for r in runs):
        return True
    for nxt in lines[i + 1:i + 3]:
        if nxt.border_top or is_rule_line(nxt):
            return True
        if nxt.clean:
            return False
    return False


def _check_parent_issuer(ctx: Ctx, orgs: list[Para]) -> None:
    if not orgs:
        return
    styled = [p for p in orgs if p.style_name in ("DVK Co quan cap tren", "DVK Co quan ban hanh")]
    if len(styled) == len(orgs):
        parents = [p for p in orgs if p.style_name == "DVK Co quan cap tren"]
        issuers = [p for p in orgs if p.style_name == "DVK Co quan ban hanh"]
    elif len(orgs) == 1:
        parents, issuers = [], orgs
    else:
        def bold(p: Para) -> bool:
            runs = p.letter_runs()
            return bool(runs) and all(r.bold for r in runs)

        lead = 0
        while lead < len(orgs) - 1 and not bold(orgs[lead]):
            lead += 1
        parents, issuers = orgs[:lead], orgs[lead:]
    for p in parents:
        check_style(ctx, p, "header.parent", "tên cơ quan cấp trên", key="parent", bold=False,
                    caps=True)
    for p in issuers:
        check_style(ctx, p, "header.issuer", "tên cơ quan ban hành", key="issuer", bold=True,
                    caps=True)
    if not issuers:
        ctx.add("header.issuer", orgs[0].where, "không có tên cơ quan ban hành",
                "tên cơ quan ban hành in hoa, đậm")


def _check_left(ctx: Ctx, left: list[Para], where: str) -> None:
    sep_i = None
    stop = len(left)
    for i, p in enumerate(left):
        t = p.clean
        if t in ("*", "***", "* * *") or is_rule_line(p) or is_dash_line(p):
            sep_i = i
            break
        if _NUMBER_START.match(t) or t.lower().startswith("v/v"):
            stop = i
            break
    end = sep_i if sep_i is not None else stop
    orgs = [p for p in left[:end] if p.clean]
    if not orgs:
        ctx.add("header.issuer", left[0].where if left else where,
                "không có tên cơ quan ban hành (ô 2)", "tên cơ quan ban hành ở cột trái")
    _check_parent_issuer(ctx, orgs)
    anchor = orgs[-1] if orgs else (left[0] if left else None)
    at = anchor.where if anchor else where
    drawn_on_issuer = bool(orgs) and (orgs[-1].border_bottom or orgs[-1].line_shape)
    if ctx.party:
        if sep_i is None:
            ctx.add("header.separator", at, "không có dấu * dưới tên cơ quan",
                    "dấu * ở dòng riêng, giữa cột, ngay dưới tên cơ quan ban hành")
        elif left[sep_i].clean not in ("*",):
            found = "đường kẻ" if not left[sep_i].clean else quote(left[sep_i].clean)
            ctx.add("header.separator", left[sep_i].where, found, "dấu * (không phải đường kẻ)")
    else:
        if sep_i is None and not drawn_on_issuer:
            ctx.add("header.separator", at, "không có đường kẻ dưới tên cơ quan",
                    "đường kẻ liền dài 1/3–1/2 tên cơ quan, ngay dưới tên cơ quan ban hành")
        elif sep_i is not None and not is_rule_line(left[sep_i]):
            ctx.add("header.separator", left[sep_i].where, quote(left[sep_i].clean),
                    "đường kẻ liền (không dùng dấu * hay gạch nối)")
    after = left[(sep_i + 1) if sep_i is not None else stop:]
    number = next((p for p in after if _NUMBER_START.match(p.clean)), None)
    if number is None:
        number = next((p for p in left if _NUMBER_START.match(p.clean)), None)
    if number is not None:
        _check_number(ctx, number)


def _check_number(ctx: Ctx, p: Para) -> None:
    text = re.sub(r"\s+", " ", p.shown).strip()
    m = re.match(r"^Số\s*(?P<colon>:?)\s*(?P<rest>.*)$", text)
    assert m is not None
    colon, rest = m.group("colon"), m.group("rest").strip()
    if ctx.party:
        example = "Số 03-KH/ĐU"
        if colon:
            ctx.add("header.number", p.where, quote(text),
                    f"không có dấu hai chấm sau 'Số' ({example})")
        sm = re.fullmatch(r"(?P<num>\d*)\s*-(?P<type>[A-Za-zĐđ]+)/(?P<org>[A-Za-zĐđ0-9]+"
                          r"(?:-[A-Za-zĐđ0-9]+)*)", rest)
    else:
        example = "Số: 03/KH-UBND"
        if not colon:
            ctx.add("header.number", p.where, quote(text),
                    f"dấu hai chấm sau 'Số' ({example})")
        sm = re.fullmatch(
            r"(?P<num>\d*)\s*(?:/\d{4})?/(?P<type>[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+)", rest)
    if sm is None:
        order = ("số, gạch nối '-', ký hiệu loại, gạch chéo '/', ký hiệu cơ quan"
                 if ctx.party else
                 "số, gạch chéo '/', ký hiệu loại, gạch nối '-', ký hiệu cơ quan")
        ctx.add("header.number", p.where, quote(text), f"{order}, ví dụ {example}")
    else:
        num = sm.group("num")
        if num and (len(num) < 2 or int(num) == 0):
            ctx.add("header.number", p.where, quote(text),
                    "số nhỏ hơn 10 viết thêm số 0 ở đầu (01, 02 ... 09)")
    check_style(ctx, p, "header.number", "số, ký hiệu", key="number", bold=False, italic=False)


def _check_place_date(ctx: Ctx, p: Para) -> None:
    text = squash(p.shown)
    m = PLACE_DATE.match(text)
    assert m is not None
    if not m.group("place").strip():
        ctx.add("header.place_date", p.where, quote(text), "tên địa danh trước chữ 'ngày'")
    elif not m.group("comma"):
        ctx.add("header.place_date", p.where, quote(text),
                "dấu phẩy sau địa danh (ví dụ «An Phú, ngày 05 tháng 02 năm 2026»)")
    d, mo, y = m.group("d"), m.group("m"), m.group("y")
    problems = []
    if d and not _BLANK.match(d):
        if not d.isdigit() or not 1 <= int(d) <= 31:
            problems.append(f"ngày '{d}' không hợp lệ")
        elif int(d) < 10 and len(d) != 2:
            problems.append(f"ngày nhỏ hơn 10 viết 0{int(d)} (có '{d}')")
        elif int(d) >= 10 and len(d) != 2:
            problems.append(f"ngày '{d}' thừa số 0")
    if mo and not _BLANK.match(mo):
        if not mo.isdigit() or not 1 <= int(mo) <= 12:
            problems.append(f"tháng '{mo}' không hợp lệ")
        elif int(mo) <= 2 and mo != f"{int(mo):02d}":
            problems.append(f"tháng 1, 2 viết 01, 02 (có '{mo}')")
        elif int(mo) >= 3 and mo != str(int(mo)):
            problems.append(f"tháng 3–12 không có số 0 ở đầu (có '{mo}')")
    if y and not _BLANK.match(y) and not re.fullmatch(r"\d{4}", y):
        problems.append(f"năm '{y}' phải đủ 4 chữ số")
    if not problems and d.isdigit() and mo.isdigit() and re.fullmatch(r"\d{4}", y or ""):
        try:
            dt.date(int(y), int(mo), int(d))
        except ValueError:
            problems.append(f"ngày {d}/{mo}/{y} không có thật")
    if problems:
        ctx.add("header.place_date", p.where, f"{quote(text)}: {'; '.join(problems)}",
                "ngày dưới 10 và tháng 1, 2 có số 0 ở đầu: «ngày 05 tháng 02 năm 2026», "
                "«ngày 12 tháng 3 năm 2026»")
    check_style(ctx, p, "header.place_date", "dòng địa danh, ngày tháng", key="place_date",
                italic=True, bold=False)


def _check_right(ctx: Ctx, right: list[Para], where: str) -> None:
    titles = [i for i, p in enumerate(right) if norm_title(p.clean) in (TITLE_PARTY, TITLE_STATE)]
    want = TITLE_PARTY if ctx.party else TITLE_STATE
    rule = "header.title" if ctx.party else "header.national"
    idx = next((i for i in titles if norm_title(right[i].clean) == want), None)
    if idx is None:
        first = next((p for p in right if p.clean), None)
        if titles:
            found = (quote(right[titles[0]].clean) + " (tiêu đề của văn bản "
                     + ("Nhà nước" if ctx.party else "Đảng") + ")")
        elif first is not None and not PLACE_DATE.match(squash(first.clean)):
            found = quote(first.clean)
        else:
            found = "không có"
        ctx.add(rule, first.where if first else where, found, want)
    else:
        p = right[idx]
        if squash(p.shown) != want and squash(p.shown).upper() == want:
            pass
        check_style(ctx, p, rule, "tiêu đề" if ctx.party else "quốc hiệu", key="title",
                    bold=True, caps=True)
        if ctx.party:
            if not _rule_after(right, idx):
                ctx.add("header.title_rule", p.where, "không có đường kẻ dưới tiêu đề",
                        "đường kẻ liền dài bằng dòng ĐẢNG CỘNG SẢN VIỆT NAM")
        else:
            motto_i = next((i for i in range(idx + 1, len(right)) if right[i].clean), None)
            motto = right[motto_i] if motto_i is not None else None
            if motto is None or PLACE_DATE.match(squash(motto.clean)):
                ctx.add("header.motto", p.where, "không có tiêu ngữ dưới quốc hiệu", MOTTO)
            else:
                text = squash(motto.shown)
                if text != MOTTO:
                    ctx.add("header.motto", motto.where, quote(text),
                            f"«{MOTTO}» (gạch nối có dấu cách hai bên, mỗi cụm viết hoa "
                            "chữ đầu)")
                check_style(ctx, motto, "header.motto", "tiêu ngữ", key="motto", bold=True,
                            caps=False)
                assert motto_i is not None
                if not _rule_after(right, motto_i):
                    ctx.add("header.title_rule", motto.where, "không có đường kẻ dưới tiêu ngữ",
                            "đường kẻ liền dài bằng dòng tiêu ngữ")
    dates = [p for p in right if PLACE_DATE.match(squash(p.clean))]
    if not dates:
        ctx.add("header.place_date", right[-1].where if right else where,
                "không có dòng địa danh, ngày tháng năm",
                "«Địa danh, ngày … tháng … năm …» dưới tiêu đề, in nghiêng")
    else:
        _check_place_date(ctx, dates[0])


def check_header(ctx: Ctx, layout: Layout) -> None:
    header = _find_header(ctx.doc)
    if header is None:
        want = TITLE_PARTY if ctx.party else TITLE_STATE
        ctx.add("header.title" if ctx.party else "header.national", "đầu văn bản",
                "không có phần đầu (ô 1–4)", f"{want} ở cột phải, tên cơ quan ở cột trái")
        return
    layout.header_end = header.end
    where = header.table.where if header.table else "đầu văn bản"
    if header.swapped:
        ctx.add("header.layout", where, "tiêu đề ở cột trái, tên cơ quan ở cột phải",
                "tên cơ quan (ô 2) bên trái, tiêu đề (ô 1) bên phải")
    for p in header.left + header.right:
        layout.fixed.add(id(p))
    if not (_personal_report(ctx) and not any(p.clean for p in header.left)):
        _check_left(ctx, header.left, where)
    _check_right(ctx, header.right, where)


def _personal_report(ctx: Ctx) -> bool:
    """A person's own báo cáo thành tích: no organisation in ô 2, only the motto and date
    (paperwork.md §6: 'for an individual usually only the motto')."""
    for i, p in enumerate(ctx.doc.paragraphs()):
        if i > 40:
            break
        if p.clean.upper() == "BÁO CÁO THÀNH TÍCH":
            return any(q.clean.startswith("I") and "SƠ LƯỢC LÝ LỊCH" in q.clean.upper()
                       for q in ctx.doc.paragraphs())
    return False


# -- title block -------------------------------------------------------------------------------
def _body_like(p: Para) -> bool:
    """Running text after a title block whose separator is missing (a centred line is
    still taken for a trích yếu line)."""
    t = p.clean
    if p.align == "center":
        return False
    return bool(re.match(r"^(Kính gửi|Kính trình|Căn cứ|- |\+ |[IVX]+[.\-] |\d+[.)] )", t)) \
        or p.align == "justify" or len(t) > 120


def check_title(ctx: Ctx, layout: Layout) -> None:
    """The main title block (ô 5a) right after the header."""
    blocks = ctx.doc.blocks
    i = layout.header_end
    while i < len(blocks) and isinstance(blocks[i], Para) and not blocks[i].clean:
        i += 1
    layout.body_start = i
    if i >= len(blocks) or isinstance(blocks[i], Table):
        return
    first = blocks[i]
    assert isinstance(first, Para)
    if not is_caps(first.shown) or PREFIX_ANY.match(first.clean):
        if not first.clean.startswith(("Kính gửi", "V/v")):
            ctx.add("title.doc_type", first.where, f"không có tên loại (gặp {quote(first.clean)})",
                    "tên loại văn bản in hoa, đậm, giữa trang (KẾ HOẠCH, BÁO CÁO ...)")
        return
    layout.has_title = True
    layout.body_start = _title_block(ctx, layout, i, main=True)


def check_appendix_titles(ctx: Ctx, layout: Layout) -> None:
    """Titles of parts after the signature (danh sách kèm theo, phụ lục): a centred capital
    line on a new page or right after a signature block."""
    blocks = ctx.doc.blocks
    after_break = False
    i = layout.body_start
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Table):
            after_break = i in layout.signature_tables or after_break
            i += 1
            continue
        if block.page_break_before:
            after_break = True
        if not block.clean or id(block) in layout.fixed:
            i += 1
            continue
        if after_break and is_caps(block.shown) and block.align == "center" \
                and not PREFIX_ANY.match(block.clean):
            i = _title_block(ctx, layout, i, main=False)
        else:
            i += 1
        after_break = False


def _title_block(ctx: Ctx, layout: Layout, i: int, *, main: bool) -> int:
    """Check tên loại, trích yếu and the separator from block ``i``; return the next block."""
    blocks = ctx.doc.blocks
    first = blocks[i]
    assert isinstance(first, Para)
    layout.fixed.add(id(first))
    check_style(ctx, first, "title.doc_type", "tên loại", key="doc_type", bold=True, caps=True)
    if first.align != "center":
        ctx.add("title.doc_type", first.where, f"tên loại căn {_align_vi(first.align)}",
                "căn giữa")
    j = i + 1
    subjects: list[Para] = []
    last = first
    separator: Para | None = None
    while j < len(blocks) and isinstance(blocks[j], Para):
        p = blocks[j]
        assert isinstance(p, Para)
        t = p.clean
        if is_dash_line(p) or is_rule_line(p) or t == "*":
            separator = p
            j += 1
            break
        if not t:
            j += 1
            continue
        if _NOTE.match(t):
            layout.fixed.add(id(p))
            last = p
            j += 1
            continue
        if len(subjects) >= 4 or _body_like(p) or (is_caps(p.shown) and subjects):
            break
        subjects.append(p)
        layout.fixed.add(id(p))
        last = p
        j += 1
    for k, p in enumerate(subjects):
        check_style(ctx, p, "title.subject", "trích yếu", key="subject", bold=True)
        if p.align != "center":
            ctx.add("title.subject", p.where, f"trích yếu căn {_align_vi(p.align)}", "căn giữa")
        if k == 0 and main and ctx.party and p.clean[:1].isalpha() and p.clean[:1].isupper() \
                and not is_caps(p.shown):
            ctx.add("title.subject", p.where, quote(p.clean, 40),
                    "trích yếu văn bản Đảng viết thường chữ đầu (ví dụ «thực hiện ...»)")
    if separator is None:
        if main:
            ctx.add("title.separator", last.where, "không có gạch dưới trích yếu",
                    "dòng «-----» (năm gạch nối)" if ctx.party else
                    "đường kẻ liền dài 1/3–1/2 trích yếu")
        return _after(blocks, last)
    layout.fixed.add(id(separator))
    if ctx.party and separator.clean != "-----":
        found = quote(separator.clean) if separator.clean else "đường kẻ"
        ctx.add("title.separator", separator.where, found, "«-----» (năm gạch nối)")
    elif not ctx.party and not is_rule_line(separator):
        ctx.add("title.separator", separator.where, quote(separator.clean),
                "đường kẻ liền (không dùng gạch nối hay dấu *)")
    return j


def _after(blocks: list[Para | Table], p: Para) -> int:
    return next(k for k, b in enumerate(blocks) if b is p) + 1


def _align_vi(align: str) -> str:
    return {"left": "trái", "right": "phải", "center": "giữa", "justify": "đều"}.get(align,
                                                                                       align)


# -- signature and Nơi nhận ------------------------------------------------------------------
def _is_note(p: Para) -> bool:
    return bool(_NOTE.match(p.clean))


def _signature_shape(paras: list[Para]) -> bool:
    lines = [p for p in paras if p.clean]
    if not lines or len(lines) > 12:
        return False
    if PREFIX_ANY.match(lines[0].clean):
        return True
    if not is_caps(lines[0].shown):
        return False
    start = paras.index(lines[0])
    return sum(1 for p in paras[start:] if not p.clean) >= 2


def _is_recipients(paras: list[Para]) -> bool:
    lines = [p for p in paras if p.clean]
    return bool(lines) and squash(lines[0].clean).lower().startswith("nơi nhận")


def check_signatures(ctx: Ctx, layout: Layout) -> None:
    blocks = ctx.doc.blocks
    for bi in range(layout.body_start, len(blocks)):
        block = blocks[bi]
        if isinstance(block, Table):
            if block.rows > 2 or block.cols > 3:
                continue
            hit = False
            for cell in block.cells:
                if _is_recipients(cell.paras):
                    _check_recipients(ctx, [p for p in cell.paras if p.clean])
                    hit = True
                elif _signature_shape(cell.paras):
                    _check_signature(ctx, cell.paras)
                    hit = True
            if hit:
                layout.signature_tables.add(bi)
                for cell in block.cells:
                    for p in cell.paras:
                        layout.fixed.add(id(p))
        elif id(block) not in layout.fixed and block.clean:
            if _is_recipients([block]):
                group = _following(blocks, bi, recipients=True)
                _check_recipients(ctx, [p for p in group if p.clean])
            elif PREFIX_ANY.match(block.clean):
                group = _following(blocks, bi, recipients=False)
                _check_signature(ctx, group)
            else:
                continue
            for p in group:
                layout.fixed.add(id(p))


def _following(blocks: list[Para | Table], start: int, *, recipients: bool) -> list[Para]:
    """A signature or Nơi nhận block typed as plain paragraphs, from ``start`` on."""
    first = blocks[start]
    assert isinstance(first, Para)
    group = [first]
    for block in blocks[start + 1:start + 16]:
        if not isinstance(block, Para):
            break
        if recipients:
            if block.clean and not block.clean.startswith(("-", "–", "+")):
                break
            group.append(block)
            continue
        group.append(block)
        if block.clean and not is_caps(block.shown) and not _is_note(block) \
                and not group[-2].clean:
            break
    while group and not group[-1].clean:
        group.pop()
    return group


def _check_prefix(ctx: Ctx, p: Para) -> None:
    m = PREFIX_ANY.match(p.clean)
    assert m is not None
    token = re.sub(r"\s+", "", m.group(1))
    valid = PARTY_PREFIXES if ctx.party else STATE_PREFIXES
    if token not in valid:
        family = "Đảng" if ctx.party else "Nhà nước"
        ctx.add("sign.prefix", p.where, quote(p.clean),
                f"văn bản {family} dùng {', '.join(valid)}")


def _check_signature(ctx: Ctx, paras: list[Para]) -> None:
    lines = [p for p in paras if p.clean]
    if not lines:
        return
    prefix_i = next((i for i, p in enumerate(lines) if PREFIX_ANY.match(p.clean)), None)
    last = lines[-1]
    gap_before_last = False
    if len(lines) > 1:
        pos = paras.index(last)
        prev = paras.index(lines[-2])
        gap_before_last = pos - prev > 1
    # the name stands under the signature space (after empty lines), even if typed in caps
    name = last if not _is_note(last) and gap_before_last and (
        not is_caps(last.shown) or not PREFIX_ANY.match(last.clean)) else None
    caps_lines = [p for p in lines if p is not name and not _is_note(p)]
    if prefix_i is not None:
        auth = lines[prefix_i]
        _check_prefix(ctx, auth)
        check_style(ctx, auth, "sign.authority", "quyền hạn người ký", key="authority",
                    bold=True, caps=True)
        for p in caps_lines:
            if lines.index(p) > prefix_i:
                check_style(ctx, p, "sign.position", "chức vụ người ký", key="position",
                            bold=not ctx.party, caps=True)
    elif not ctx.party:
        for p in caps_lines:
            if is_caps(p.shown):
                check_style(ctx, p, "sign.position", "chức vụ người ký", key="position",
                            bold=True)
    if name is not None:
        check_style(ctx, name, "sign.name", "họ tên người ký", key="signer_name", bold=True,
                    caps=False)
        if re.match(r"^(GS|PGS|TS|TSKH|ThS|Th\.S|KS|BS|CN|Ths)\.?\s", name.clean):
            ctx.add("sign.name", name.where, quote(name.clean),
                    "không ghi học hàm, học vị trước họ tên người ký")
    elif prefix_i is not None and not any(_is_note(p) for p in lines):
        ctx.add("sign.name", lines[-1].where, "không có họ tên người ký",
                "họ tên người ký dưới khoảng trống ký, in thường, đậm")


def _check_recipients(ctx: Ctx, lines: list[Para]) -> None:
    label = lines[0]
    text = squash(label.clean)
    if text != "Nơi nhận:":
        ctx.add("recipients.label", label.where, quote(text), "«Nơi nhận:» (có dấu hai chấm)")
    if ctx.party:
        check_style(ctx, label, "recipients.label", "chữ Nơi nhận", key="recipients_label",
                    bold=False, italic=False, underline=True)
    else:
        check_style(ctx, label, "recipients.label", "chữ Nơi nhận", key="recipients_label",
                    bold=True, italic=True, underline=False)
    items = lines[1:]
    if not items:
        ctx.add("recipients.item", label.where, "danh sách nơi nhận trống",
                "mỗi nơi nhận một dòng «- ...,» (Đảng) / «- ...;» (Nhà nước), "
                "dòng cuối là dòng Lưu")
        return
    for k, p in enumerate(items):
        t = squash(p.clean)
        is_last = k == len(items) - 1
        if not re.match(r"^- \S", t):
            ctx.add("recipients.item", p.where, quote(t), "dòng bắt đầu bằng «- »")
        end = "." if is_last else ("," if ctx.party else ";")
        if not t.endswith(end):
            ctx.add("recipients.item", p.where, quote(t),
                    "dòng cuối kết thúc bằng dấu chấm «.»" if is_last else
                    "văn bản Đảng: kết thúc bằng dấu phẩy «,»" if ctx.party else
                    "văn bản Nhà nước: kết thúc bằng dấu chấm phẩy «;»")
        check_style(ctx, p, "recipients.item", "dòng nơi nhận", key="recipients")
    archive = re.compile(r"^-?\s*Lưu\b(?!\s*trữ)")
    lưu = [p for p in items if archive.match(squash(p.clean))]
    if not lưu:
        ctx.add("recipients.archive", items[-1].where, "không có dòng Lưu",
                "dòng cuối «- Lưu Văn phòng Đảng ủy.»" if ctx.party else
                "dòng cuối «- Lưu: VT, VP.»")
        return
    p = lưu[-1]
    t = squash(p.clean)
    if p is not items[-1]:
        ctx.add("recipients.archive", p.where, quote(t), "dòng Lưu đứng cuối danh sách")
    if ctx.party:
        if re.match(r"^-?\s*Lưu\s*:", t):
            ctx.add("recipients.archive", p.where, quote(t),
                    "văn bản Đảng: «- Lưu Văn phòng ...» hoặc «- Lưu VT.» (không dấu hai chấm)")
    elif not re.match(r"^-?\s*Lưu:\s*VT\b", t):
        ctx.add("recipients.archive", p.where, quote(t),
                "văn bản Nhà nước: «- Lưu: VT, ...» (dấu hai chấm, văn thư 'VT' đầu tiên)")
