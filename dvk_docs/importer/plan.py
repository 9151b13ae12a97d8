"""Find the parts of a typed plan: header, title, trích yếu, căn cứ, body, Nơi nhận, signature.

Staff type the header in a borderless table, in tab-separated lines or in text boxes; the
signature block in a table beside the Nơi nhận, or as paragraphs after it. Lines are
recognised by what they say (the national motto, ``Số ...``, ``<place>, ngày ...``, ``T/M``),
not by where they are. What is not recognised is kept (in the body) and listed.

Why one module (~600 lines): ``parse_plan`` walks one list of blocks once; each part
(header, title, preamble, end block) is found relative to the others, with shared line
recognisers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..check.forms import FORM_LABEL
from ..conventions import Family
from ..errors import DvkError
from .body import BodyResult, body_markdown, clean_spaces
from .casing import mostly_upper, recase
from .docx_read import Block, Content, Para, Run, Table, iter_paras
from .references import parse_reference


class PlanImportError(DvkError):
    """Raised when a file cannot be imported as a plan (not a plan, unreadable, empty ...)."""


@dataclass
class Line:
    text: str
    bold: bool = False
    source: str = ""


@dataclass
class ImportedPlan:
    family: Family
    year: int
    place: str
    parent: str | None
    name: str
    code: str
    number: int | None
    date: dt.date | None
    subject: str
    references: list[dict[str, Any]]
    preamble: str | None
    body: BodyResult
    signer: dict[str, Any]
    recipients: list[str]
    archive: str | None
    term: str | None = None
    short_name: str | None = None
    found: list[str] = field(default_factory=list)  # what was recognised, for the report
    unrecognised: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # normalisations and guesses to check
    attach_forms: bool = False  # blank Mẫu 1 / Mẫu 2 found after the signature


_PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
_STATE_MOTTO = re.compile(r"^CỘNG\s+H[OÒ][ÀA]?\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM$")
_TAGLINE = re.compile(r"^Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc$", re.I)
_NUMBER = re.compile(
    r"^Số\s*:?\s*(?P<num>\d+)?\s*(?P<s1>[-/])\s*(?P<a>[A-ZĐa-zđ]+)\s*(?P<s2>[-/])\s*"
    r"(?P<b>[A-ZĐ0-9][A-ZĐa-zđ0-9-]*)\s*$")
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,]{1,60}),\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng|/)\s*(?P<m>\d{1,2})?\s*"
    r"(?:năm|/)\s*(?P<y>\d{4})\s*\.?$", re.I)
_SEPARATOR = re.compile(r"^[\s*\-–—_=.…~]+$")
_AUTHORITY = re.compile(r"^(?P<a>T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.|Q\.|TM|KT|TL|TUQ)\s+"
                        r"(?P<rest>\S.*)$")
_SIGN_NOTE = re.compile(r"^\(?\s*(đã ký|ký|ký tên|ký,? đóng dấu|ký,? ghi rõ họ tên|ký và ghi rõ"
                        r" họ tên)[^)]*\)?$", re.I)
_DOC_TITLES = ("BÁO CÁO", "TỜ TRÌNH", "QUYẾT ĐỊNH", "BIÊN BẢN", "THÔNG BÁO", "HƯỚNG DẪN",
               "CÔNG VĂN", "NGHỊ QUYẾT", "CHƯƠNG TRÌNH", "PHIẾU ĐĂNG KÝ", "ĐỀ ÁN", "CHỈ THỊ",
               "GIẤY MỜI", "TỔNG HỢP", "DANH SÁCH")
_HEADING_START = re.compile(r"^([IVXLC]{1,6}\s*[.\-–]\s*\S|\d{1,2}\s*\.\s+\S|[A-D]\s*[.\-]\s+\S)")
_PREAMBLE_VERB = re.compile(
    r",\s+(?P<pre>[^,;]*?\b(?:xây dựng|ban hành|triển khai|thực hiện)\s+(?:[Kk]ế hoạch)\b.*)$",
    re.S)


def _lines_of(p: Para) -> list[Line]:
    return [Line(t, p.all_bold, p.source) for t in p.text.split("\n")]


def _split_parts(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"\t+|\s{4,}", text) if x.strip()]


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _is_title(text: str) -> bool:
    return re.sub(r"\s+", "", text).upper() == "KẾHOẠCH"


def _find_title(blocks: list[Block]) -> tuple[int, int] | None:
    """(block index, line index) of the "KẾ HOẠCH" title."""
    for i, b in enumerate(blocks[:80]):
        if isinstance(b, Para):
            for j, line in enumerate(b.text.split("\n")):
                if _is_title(line):
                    return i, j
        elif isinstance(b, Table) and len(b.rows) <= 3:
            continue
    return None


def _other_title(blocks: list[Block]) -> str | None:
    for b in blocks[:80]:
        if isinstance(b, Para):
            first = _collapse(b.text.split("\n")[0]).upper()
            for t in _DOC_TITLES:
                if first == t or (first.startswith(t + " ") and mostly_upper(first)):
                    return t
    return None


def parse_plan(content: Content, source_name: str) -> ImportedPlan:
    blocks = content.blocks
    texts = [_collapse(p.text) for p in iter_paras(blocks)]
    if not any(texts):
        raise PlanImportError(f"{source_name}: tài liệu trống (không có chữ nào)")
    found = _find_title(blocks)
    if found is None:
        other = _other_title(blocks)
        hint = (f"; tài liệu có vẻ là {other.lower()}" if other else "")
        raise PlanImportError(
            f"{source_name}: không phải kế hoạch — không tìm thấy dòng tiêu đề “KẾ HOẠCH”{hint}. "
            "Lệnh import chỉ nhận kế hoạch (thể thức Đảng hoặc Nhà nước)")
    title_block, title_line = found
    corpus = "\n".join(texts)
    notes: list[str] = []
    unrecognised: list[str] = []
    found_parts: list[str] = []

    # --- header ------------------------------------------------------------------------
    head_blocks = blocks[:title_block]
    title_para = blocks[title_block]
    assert isinstance(title_para, Para)
    header = _header(head_blocks, title_para, title_line, corpus)
    header_extra = header.pop("unrecognised")
    unrecognised += [f"đầu văn bản: “{t}” (đưa vào đầu nội dung)" for t in header_extra]

    # --- title and trích yếu -----------------------------------------------------------
    rest_lines = title_para.text.split("\n")[title_line + 1:]
    subject_parts = [_collapse(t) for t in rest_lines if _collapse(t)]
    i = title_block + 1
    while i < len(blocks) and len(subject_parts) < 4:
        b = blocks[i]
        if not isinstance(b, Para):
            break
        text = _collapse(b.text)
        if not text:
            if subject_parts:
                i += 1
                if i < len(blocks) and isinstance(blocks[i], Para) and _SEPARATOR.match(
                        _collapse(blocks[i].text) or "x"):
                    i += 1
                break
            i += 1
            continue
        if _SEPARATOR.match(text):
            i += 1
            break
        if re.match(r"^(Căn cứ|Thực hiện|Ngày\s+\d)", text) or _HEADING_START.match(text) or (
                subject_parts and len(text) > 160):
            break
        if subject_parts and b.align not in ("center", "") and not b.all_bold:
            break
        subject_parts.append(text)
        i += 1
    if not subject_parts:
        raise PlanImportError(f"{source_name}: có tiêu đề “KẾ HOẠCH” nhưng không có trích yếu "
                              "(dòng “thực hiện phong trào ...” dưới tiêu đề)")
    subject = " ".join(subject_parts)
    # The dataset keeps the trích yếu as it reads inside a sentence ('triển khai ...'); a State
    # header prints it with a capital ('Triển khai ...'), so a capital before a small letter is
    # lowered here (an acronym such as 'UBND ...' is kept).
    if len(subject) > 1 and subject[0].isupper() and subject[1].islower():
        subject = subject[0].lower() + subject[1:]
    found_parts.append(f"tiêu đề “KẾ HOẠCH”, trích yếu: “{subject}”")

    # --- the end: Nơi nhận and signature ---------------------------------------------------
    end_start, end_stop = _find_end(blocks, i)
    sig, recipients, archive, end_notes = _end_block(blocks[end_start:end_stop] if end_start
                                                     is not None else [], corpus)
    notes += end_notes
    trailing = blocks[end_stop:] if end_start is not None else []
    body_blocks = blocks[i:end_start] if end_start is not None else blocks[i:]
    if end_start is None:
        notes.append("không tìm thấy khối “Nơi nhận” và chữ ký: đã để người ký và nơi nhận "
                     "trống — cần điền trong dataset.yaml")

    # --- preamble ----------------------------------------------------------------------
    family = header["family"]
    pre_paras: list[Para] = []
    k = 0
    while k < len(body_blocks) and k < 8:
        b = body_blocks[k]
        if not isinstance(b, Para):
            break
        text = _collapse(b.text)
        if not text:
            k += 1
            continue
        if _HEADING_START.match(text):
            break
        pre_paras.append(b)
        k += 1
        if text.endswith(":") and not text.startswith("Căn cứ"):
            break
    if k < len(body_blocks) and not any(
            isinstance(b, Para) and _HEADING_START.match(_collapse(b.text))
            for b in body_blocks[k:k + 1]) and len(pre_paras) > 2:
        # no heading after a long run of paragraphs: only the first is the preamble
        k = body_blocks.index(pre_paras[0]) + 1
        pre_paras = pre_paras[:1]
    refs, preamble, extra = _preamble(pre_paras, family, notes)
    if refs:
        found_parts.append(f"{len(refs)} văn bản căn cứ / thực hiện")
    if preamble:
        found_parts.append("lời dẫn (preamble)")
    body_part = [*extra, *body_blocks[k:]]
    lead = [Para(runs=[Run(t)], source="đầu văn bản") for t in header_extra]
    tail: list[Block] = []
    first = next((b for b in trailing if not isinstance(b, Para) or _collapse(b.text)), None)
    attach_forms = isinstance(first, Para) and bool(FORM_LABEL.match(_collapse(first.text)))
    if attach_forms:
        # blank forms sent with the plan: made again from the dataset, not kept as body text
        found_parts.append("mẫu biểu gửi kèm sau chữ ký (attach_forms: true)")
        notes.append("sau chữ ký có mẫu biểu để trống (Mẫu 1, Mẫu 2): không chép vào nội dung; "
                     "dataset ghi attach_forms: true để tạo lại hai mẫu của dvk-docs — so lại "
                     "với mẫu gốc")
        trailing = []
    for b in trailing:
        text = _collapse(b.text) if isinstance(b, Para) else "(bảng)"
        if text:
            unrecognised.append(f"sau chữ ký: “{text[:80]}” (đưa vào cuối nội dung)")
            tail.append(b)
    separator = "."
    body = body_markdown([*lead, *body_part, *tail], separator=separator)
    if body.kept_numbers:
        notes.append(f"{len(body.kept_numbers)} đề mục giữ số gõ tay vì không theo thứ tự tự "
                     f"động: {'; '.join(body.kept_numbers[:5])}")
    if body.recased_headings:
        notes.append(f"{len(body.recased_headings)} đề mục cấp I không viết hoa: khi tạo lại sẽ "
                     f"in hoa theo thể thức ({'; '.join(body.recased_headings[:3])})")
    if body.empty:
        notes.append(f"bỏ {body.empty} đoạn trống")
    if body.breaks:
        notes.append(f"giữ {body.breaks} chỗ xuống dòng thủ công (Shift+Enter) trong nội dung")

    term = None
    tm = re.search(r"nhiệm kỳ\s+((?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2})", corpus)
    if tm:
        term = re.sub(r"\s*[-–]\s*", " - ", tm.group(1))
    short_name = _short_name(header["name"], preamble or "", corpus)
    plan = ImportedPlan(
        family=family, year=header["year"], place=header["place"], parent=header["parent"],
        name=header["name"], code=header["code"], number=header["number"], date=header["date"],
        subject=subject, references=refs, preamble=preamble, body=body, signer=sig,
        recipients=recipients, archive=archive, term=term, short_name=short_name,
        found=found_parts + header["found"], unrecognised=unrecognised,
        notes=header["notes"] + notes, attach_forms=attach_forms)
    if not sig.get("name"):
        plan.notes.append("chưa đọc được họ tên người ký: điền signers.*.name")
    return plan


# =========================================================================================


def _header(blocks: list[Block], title_para: Para, title_line: int, corpus: str
            ) -> dict[str, Any]:
    left: list[Line] = []
    right: list[Line] = []
    loose: list[Line] = []
    for b in blocks:
        if isinstance(b, Table):
            for row in b.rows:
                for c, cell in enumerate(row):
                    for p in cell:
                        for line in _lines_of(p):
                            (left if c == 0 else right).append(line)
        else:
            for line in _lines_of(b):
                parts = _split_parts(line.text)
                if len(parts) >= 2:
                    left.append(Line(parts[0], line.bold, line.source))
                    right.append(Line(" ".join(parts[1:]), line.bold, line.source))
                elif parts:
                    if (line.text[:1] in ("\t", " ") and len(line.text) - len(
                            line.text.lstrip()) >= 2) or b.align == "right":
                        right.append(Line(parts[0], line.bold, line.source))
                    else:
                        loose.append(Line(parts[0], line.bold, line.source))
    # lines typed before the title on the title's own paragraph
    for t in title_para.text.split("\n")[:title_line]:
        if t.strip():
            loose.append(Line(t.strip(), title_para.all_bold, title_para.source))
    family: Family | None = None
    number = None
    type_code = None
    code = None
    place = None
    date = None
    year = None
    org: list[Line] = []
    extra: list[str] = []
    found: list[str] = []
    notes: list[str] = []
    number_family: Family | None = None
    for side, lines in (("left", left), ("right", right), ("loose", loose)):
        for line in lines:
            text = _collapse(line.text)
            if not text or _SEPARATOR.match(text):
                continue
            up = text.upper()
            if up == _PARTY_MOTTO:
                family = family or Family.PARTY
                continue
            if _STATE_MOTTO.match(up):
                family = family or Family.STATE
                continue
            if _TAGLINE.match(text):
                family = family or Family.STATE
                continue
            m = _NUMBER.match(text)
            if m:
                number = int(m.group("num")) if m.group("num") else None
                if m.group("s1") == "-" and m.group("s2") == "/":
                    number_family = Family.PARTY
                elif m.group("s1") == "/" and m.group("s2") == "-":
                    number_family = Family.STATE
                type_code, code = m.group("a").upper(), m.group("b").upper()
                found.append(f"số, ký hiệu: “{text}”")
                continue
            m = _PLACE_DATE.match(text)
            if m:
                place = m.group("place").strip()
                year = int(m.group("y"))
                if m.group("d") and m.group("m"):
                    try:
                        date = dt.date(year, int(m.group("m")), int(m.group("d")))
                    except ValueError:
                        notes.append(f"ngày “{text}” không tồn tại: để trống ngày")
                found.append(f"địa danh, ngày tháng: “{text}”")
                continue
            if side == "right" or (side == "loose" and not mostly_upper(text)):
                extra.append(text)
                continue
            org.append(Line(text, line.bold, line.source))
    if family is None:
        family = number_family or Family.PARTY
        notes.append(f"không thấy Quốc hiệu / “ĐẢNG CỘNG SẢN VIỆT NAM”: đoán thể thức "
                     f"{'Đảng' if family is Family.PARTY else 'Nhà nước'} theo số, ký hiệu")
    elif number_family is not None and number_family is not family:
        notes.append("số, ký hiệu viết theo kiểu của thể thức kia (Đảng: 03-KH/ĐU, Nhà nước: "
                     "03/KH-UBND): khi tạo lại sẽ viết đúng thể thức")
    if type_code and type_code != "KH":
        notes.append(f"ký hiệu loại văn bản là “{type_code}”, không phải KH: kiểm tra lại")
    if not org:
        raise PlanImportError("không tìm thấy tên cơ quan ban hành ở đầu văn bản (góc trên "
                              "bên trái, trên dòng “Số ...”)")
    parent_lines, name_lines = _split_org(org, family)
    corpus_hint = corpus
    parent = "\n".join(recase(t.text, corpus_hint, first=(i == 0))
                       for i, t in enumerate(parent_lines)) or None
    name = "\n".join(recase(t.text, corpus_hint, first=(i == 0))
                     for i, t in enumerate(name_lines))
    if year is None:
        m = re.search(r"năm\s+((?:19|20)\d{2})", title_para.text)
        year = int(m.group(1)) if m else None
    if code is None:
        code = _guess_code(name)
        notes.append(f"không có dòng “Số ...”: đoán ký hiệu cơ quan là {code}")
    if place is None:
        pm = re.search(r"(?:xã|phường|thị trấn|huyện|quận|tỉnh|thành phố)\s+(.+)$",
                       name.replace("\n", " "))
        place = pm.group(1) if pm else None
        notes.append(f"không có dòng địa danh, ngày tháng: lấy địa danh “{place}” từ tên cơ quan")
    return {"family": family, "number": number, "code": code, "place": place, "date": date,
            "year": year, "parent": parent, "name": name, "org_upper": org,
            "unrecognised": extra, "found": found, "notes": notes}


def _split_org(org: list[Line], family: Family) -> tuple[list[Line], list[Line]]:
    bolds = [line.bold for line in org]
    if any(bolds) and not all(bolds):
        first_bold = bolds.index(True)
        if first_bold > 0:
            return org[:first_bold], org[first_bold:]
        return [], org
    if len(org) == 1:
        return [], org
    first = _collapse(org[0].text).upper()
    if family is Family.STATE and first in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN",
                                            "HỘI ĐỒNG NHÂN DÂN"):
        return [], org
    return org[:-1], org[-1:]


def _guess_code(name: str) -> str:
    low = name.lower()
    if low.startswith("đảng ủy") or low.startswith("đảng uỷ"):
        return "ĐU"
    if low.startswith("ủy ban nhân dân") or low.startswith("uỷ ban nhân dân"):
        return "UBND"
    letters = "".join(w[0] for w in name.split() if w[:1].isupper())
    return letters.upper() or "CQ"


def _short_name(name: str, preamble: str, corpus: str) -> str | None:
    flat = name.replace("\n", " ")
    for text in (preamble, corpus):
        m = re.search(rf"((?:Ban Thường vụ|Ban Chấp hành|Thường trực|Ban Chỉ đạo)\s+"
                      rf"{re.escape(flat)})", text, re.I)
        if m:
            return m.group(1)
    return None


# =========================================================================================


def _find_end(blocks: list[Block], start: int) -> tuple[int | None, int]:
    """(first block of the Nơi nhận / signature part, first block after it)."""
    for i in range(start, len(blocks)):
        b = blocks[i]
        if isinstance(b, Table):
            texts = [_collapse(p.text) for row in b.rows for cell in row for p in cell]
            if any(t.lower().startswith("nơi nhận") for t in texts) or (
                    any(_AUTHORITY.match(t) for t in texts) and i >= len(blocks) - 3):
                return i, i + 1
        elif _collapse(b.text).lower().startswith("nơi nhận") or (
                _AUTHORITY.match(_collapse(b.text)) and i >= len(blocks) - 8):
            return i, _paragraph_end(blocks, i)
    return None, len(blocks)


def _paragraph_end(blocks: list[Block], i: int) -> int:
    """Where a Nơi nhận + signature written as paragraphs ends: after the signer's name."""
    seen_title = False
    for k in range(i, len(blocks)):
        b = blocks[k]
        if isinstance(b, Table):
            return k
        for part in reversed(_split_parts(b.text.replace("\n", "\t")) or [""]):
            text = _collapse(part)
            if not text:
                continue
            if _AUTHORITY.match(text) or (mostly_upper(text) and not text.startswith(
                    ("-", "+"))):
                seen_title = True
            elif seen_title and _looks_like_name(text):
                return k + 1
            break
    return len(blocks)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words) and not re.search(
        r"[,;:()]", text) and not text.startswith(("-", "+", "Lưu"))


def _end_block(blocks: list[Block], corpus: str
               ) -> tuple[dict[str, Any], list[str], str | None, list[str]]:
    left: list[str] = []
    right: list[str] = []
    notes: list[str] = []
    for b in blocks:
        if isinstance(b, Table):
            for row in b.rows:
                for c, cell in enumerate(row):
                    for p in cell:
                        for t in p.text.split("\n"):
                            (left if c == 0 else right).append(t)
            continue
        in_recipients = True
        for raw in b.text.split("\n"):
            parts = _split_parts(raw)
            if not parts:
                continue
            if len(parts) >= 2:
                left.append(parts[0])
                right.append(" ".join(parts[1:]))
                continue
            text = parts[0]
            indented = raw[:1] in ("\t", " ") and len(raw) - len(raw.lstrip()) >= 2
            if text.lower().startswith("nơi nhận") or text.startswith(("-", "+", "•")):
                left.append(text)
            elif indented or b.align in ("center", "right") or _AUTHORITY.match(text) or (
                    mostly_upper(text)) or _SIGN_NOTE.match(text):
                right.append(text)
                in_recipients = False
            elif left and in_recipients and not right:
                left.append(text)
            else:
                right.append(text)
    recipients, archive = _recipients(left, notes)
    sig = _signature(right, corpus, notes)
    return sig, recipients, archive, notes


def _recipients(lines: list[str], notes: list[str]) -> tuple[list[str], str | None]:
    items: list[str] = []
    for raw in lines:
        text = _collapse(raw)
        if not text:
            continue
        if text.lower().startswith("nơi nhận"):
            text = re.sub(r"^nơi nhận\s*:?\s*", "", text, flags=re.I)
            if not text:
                continue
        # A new item starts with a bullet, or follows a line closed by its family's mark
        # (Party ',' / State ';') when the clerk typed the list without dashes.
        if text[:1] in "-+•–" or not items or items[-1].endswith((",", ";")):
            items.append(text.lstrip("-+•– ").strip())
        else:
            items[-1] = f"{items[-1]} {text}"
    archive = None
    out = []
    for it in items:
        clean = it.rstrip(";,. ").strip()
        if re.match(r"^Lưu\b(?!\s*trữ)", clean):
            archive = re.sub(r"^Lưu\s*:?\s*", "", clean)
            continue
        if clean:
            out.append(clean)
    if items and archive is None:
        notes.append("Nơi nhận không có dòng “Lưu ...”: dùng nơi lưu mặc định của thể thức")
    return out, archive


def _signature(lines: list[str], corpus: str, notes: list[str]) -> dict[str, Any]:
    texts = [_collapse(t) for t in lines if _collapse(t)]
    kept = []
    for t in texts:
        if _SIGN_NOTE.match(t):
            notes.append(f"bỏ ghi chú ở chữ ký: “{t}”")
            continue
        kept.append(t)
    authority = "none"
    on_behalf = None
    title_parts: list[str] = []
    name = ""
    if kept and not mostly_upper(kept[-1]):
        name = kept.pop()
    elif len(kept) >= 2 and _looks_like_name(kept[-1].title()):
        # a name typed in capitals after the title
        name = recase(kept.pop(), name=True)
    if kept:
        m = _AUTHORITY.match(kept[0])
        if m:
            authority = {"T/M": "TM", "TM.": "TM", "TM": "TM", "K/T": "KT", "KT.": "KT",
                         "KT": "KT", "T/L": "TL", "TL.": "TL", "TL": "TL", "TUQ.": "TUQ",
                         "TUQ": "TUQ", "Q.": "Q"}[m.group("a")]
            on_behalf = recase(m.group("rest"), corpus)
            kept = kept[1:]
        title_parts = kept
    title = " ".join(recase(t, corpus, first=(i == 0)) if mostly_upper(t) else t
                     for i, t in enumerate(title_parts))
    if authority == "Q" and not title:
        title = on_behalf or ""
    if len(title_parts) > 1:
        notes.append(f"chức vụ người ký viết trên {len(title_parts)} dòng (“"
                     f"{' / '.join(title_parts)}”): gộp thành một dòng")
    sig: dict[str, Any] = {"authority": authority, "title": title or "", "name": name}
    if on_behalf:
        sig["on_behalf_of"] = on_behalf
    return sig


# =========================================================================================


def _preamble(paras: list[Para], family: Family, notes: list[str]
              ) -> tuple[list[dict[str, Any]], str | None, list[Block]]:
    """(references, preamble, paragraphs left for the body)."""
    from ..dataset.models import Reference
    from ..documents.plan import format_reference

    texts = [clean_spaces(p.text).replace("\n", " ") for p in paras]
    if not texts:
        return [], None, []
    if family is Family.STATE:
        refs: list[dict[str, Any]] = []
        k = 0
        while k < len(texts) and texts[k].startswith("Căn cứ "):
            core = texts[k][len("Căn cứ "):].rstrip()
            core = re.sub(r"[;,.]+$", "", core).strip()
            refs.append(parse_reference(core))
            k += 1
        if refs:
            rebuilt = [f"Căn cứ {format_reference(Reference(**r), family)};" for r in refs]
            rebuilt[-1] = rebuilt[-1][:-1] + "."
            if rebuilt != texts[:k]:
                notes.append("dấu câu cuối các dòng “Căn cứ” được viết lại theo thể thức "
                             "(“;” và “.” ở dòng cuối)")
        rest = texts[k:]
        preamble = rest[0] if rest else None
        extra = list(paras[k + 1:]) if rest else []
        return refs, preamble, extra
    first = texts[0]
    if first.startswith("Thực hiện "):
        m = _PREAMBLE_VERB.search(first)
        lead, pre = (first[len("Thực hiện "):m.start()], m.group("pre")) if m else (
            first[len("Thực hiện "):].rstrip("."), None)
        parts = [x.strip() for x in lead.split("; ")]
        refs = [parse_reference(x) for x in parts if x]
        rebuilt = "Thực hiện " + "; ".join(format_reference(Reference(**r), family)
                                           for r in refs)
        rebuilt = f"{rebuilt}, {pre}" if pre else f"{rebuilt}."
        if rebuilt == first and refs:
            return refs, pre, list(paras[1:])
    return [], first, list(paras[1:])
