"""Markdown body text -> real Word paragraphs (WordprocessingML), through markdown-it-py.

Headings become the numbered levels of Vietnamese plans and reports, written as text so
numbering never depends on Word list definitions:

=========  ===============  ==========================
Markdown   printed as       style
=========  ===============  ==========================
``#``      ``I.`` ``II.``   DVK De muc 1 (text upper-cased)
``##``     ``1.`` ``2.``    DVK De muc 2
``###``    ``1.1.``         DVK De muc 3
``####``   ``a)`` ``b)``    DVK De muc 4
=========  ===============  ==========================

A heading whose text already starts with its own number (``# I. MỤC ĐÍCH``) keeps it.
``-`` list items print as ``- text``, nested items as ``+ text``; ordered lists keep their
numbers. ``**bold**``, ``*italic*`` and ``~~strikethrough~~`` become run properties; GFM
tables become Word tables. What a document cannot show is reported by :mod:`.md_lint`.
No Markdown character reaches the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..profiles import STYLE_NAMES, Profile
from .xmlutil import style_id, xml_text

VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"
SMALL_TABLE_ROWS = 12  # a Markdown table this short is kept on one page
_OWN_NUMBER = re.compile(
    r"^\s*(?:[IVXLC]+\s*[.\-–]|\d+(?:\.\d+)*\.?|[a-zđ]\))\s+", re.IGNORECASE
)


def roman(n: int) -> str:
    """Upper-case Roman numeral for 1..3999."""
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, sym in table:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def letter(n: int) -> str:
    """a, b, c, d, đ, e ... (Vietnamese order, as used for điểm)."""
    return VIETNAMESE_LETTERS[(n - 1) % len(VIETNAMESE_LETTERS)]


@dataclass
class _Run:
    text: str
    bold: bool = False
    italic: bool = False
    brk: bool = False
    strike: bool = False


@dataclass
class _Counters:
    levels: list[int] = field(default_factory=lambda: [0, 0, 0, 0])

    def next(self, level: int) -> list[int]:
        return self.set(level, self.levels[level - 1] + 1)

    def set(self, level: int, value: int) -> list[int]:
        self.levels[level - 1] = value
        for i in range(level, len(self.levels)):
            self.levels[i] = 0
        return self.levels[:level]


def roman_value(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(text):
        if ch not in values:
            return None
        v = values[ch]
        total += -v if i + 1 < len(text) and values.get(text[i + 1], 0) > v else v
    return total or None


def _own_number_value(text: str, level: int) -> int | None:
    """The value of a number the user typed at the start of a heading, for counting on."""
    m = re.match(r"^\s*([IVXLC]+)\s*[.\-–]", text)
    if level == 1 and m:
        return roman_value(m.group(1))
    m = re.match(r"^\s*(\d+(?:\.\d+)*)\.?\s", text)
    if m and level in (2, 3):
        return int(m.group(1).split(".")[-1])
    m = re.match(r"^\s*([a-zđ])\)", text)
    if m and level == 4:
        return VIETNAMESE_LETTERS.index(m.group(1)) + 1
    return None


class MarkdownBody:
    """Rendered Markdown: an object docxtpl inserts as raw paragraph XML via ``{{p body }}``."""

    def __init__(self, xml: str, paragraphs: list[str]) -> None:
        self.xml = xml
        self.paragraphs = paragraphs  # plain text per paragraph, for tests and summaries

    def __html__(self) -> str:  # jinja2 Markup protocol: insert unescaped
        return self.xml

    def __str__(self) -> str:
        return self.xml


def _runs_xml(runs: list[_Run], *, upper: bool = False) -> str:
    parts = []
    for run in runs:
        props = ""
        if run.bold:
            props += "<w:b/><w:bCs/>"
        if run.italic:
            props += "<w:i/><w:iCs/>"
        if run.strike:
            props += "<w:strike/>"
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        if run.brk:
            parts.append(f"<w:r>{rpr}<w:br/></w:r>")
            continue
        text = run.text.upper() if upper else run.text
        if text:
            parts.append(f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>')
    return "".join(parts)


def paragraph_xml(style: str, runs: list[_Run], *, upper: bool = False, keep_next: bool = False,
                  indent_first: bool = True) -> str:
    ppr = f'<w:pStyle w:val="{style_id(style)}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if not indent_first:
        ppr += '<w:ind w:firstLine="0"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{_runs_xml(runs, upper=upper)}</w:p>"


class _Converter:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.counters = _Counters()
        self.out: list[str] = []
        self.texts: list[str] = []
        self.list_stack: list[tuple[str, int]] = []  # (kind, next number)

    # -- inline -------------------------------------------------------------------------
    def inline_runs(self, token: Token) -> list[_Run]:
        runs: list[_Run] = []
        bold = italic = strike = False
        for child in token.children or []:
            t = child.type
            if t in {"s_open", "s_close"}:  # ~~gạch bỏ~~
                strike = t == "s_open"
            elif t == "strong_open":
                bold = True
            elif t == "strong_close":
                bold = False
            elif t == "em_open":
                italic = True
            elif t == "em_close":
                italic = False
            elif t in {"text", "code_inline"}:
                runs.append(_Run(child.content, bold, italic, strike=strike))
            elif t == "softbreak":
                runs.append(_Run(" ", bold, italic))
            elif t == "hardbreak":
                runs.append(_Run("", brk=True))
            elif t == "image":
                runs.append(_Run(child.content or "", bold, italic))
            # link_open/close: keep the text only; html_inline tags are dropped
        # merge neighbours with equal formatting
        merged: list[_Run] = []
        for run in runs:
            if merged and not run.brk and not merged[-1].brk and (
                merged[-1].bold, merged[-1].italic, merged[-1].strike) == (
                    run.bold, run.italic, run.strike):
                merged[-1].text += run.text
            else:
                merged.append(run)
        return merged

    def emit(self, style_key: str, runs: list[_Run], **kw: bool) -> None:
        self.out.append(paragraph_xml(STYLE_NAMES[style_key], runs, **kw))
        text = "".join("\n" if r.brk else r.text for r in runs)
        self.texts.append(text.upper() if kw.get("upper") else text)

    # -- blocks -------------------------------------------------------------------------
    def heading(self, level: int, runs: list[_Run]) -> None:
        level = min(max(level, 1), 4)
        plain = "".join(r.text for r in runs)
        if _OWN_NUMBER.match(plain):
            own = _own_number_value(plain, level)
            if own is not None:
                self.counters.set(level, own)  # count on from the user's own number
        else:
            nums = self.counters.next(level)
            if level == 1:
                prefix = f"{roman(nums[0])}{self.profile.heading_roman_separator} "
            elif level == 4:
                prefix = f"{letter(nums[3])}) "
            else:
                parts = nums[1:]
                while len(parts) > 1 and parts[0] == 0:  # '###' right under '#': no '0.'
                    parts = parts[1:]
                prefix = ".".join(str(n) for n in parts) + ". "
            runs = [_Run(prefix, runs[0].bold if runs else False,
                         runs[0].italic if runs else False), *runs]
        self.emit(f"heading{level}", runs, upper=(level == 1), keep_next=True)

    def convert(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            if t == "heading_open":
                level = int(tok.tag[1])
                self.heading(level, self.inline_runs(tokens[i + 1]))
                i += 3
                continue
            if t in {"bullet_list_open", "ordered_list_open"}:
                start = int(tok.attrGet("start") or 1) if t == "ordered_list_open" else 0
                self.list_stack.append(("ol" if start else "ul", start))
            elif t in {"bullet_list_close", "ordered_list_close"}:
                self.list_stack.pop()
            elif t == "paragraph_open":
                runs = self.inline_runs(tokens[i + 1])
                in_item = bool(self.list_stack) and i > 0 and tokens[i - 1].type == "list_item_open"
                if in_item:
                    kind, number = self.list_stack[-1]
                    depth = sum(1 for k, _ in self.list_stack if k == "ul")
                    if kind == "ol":
                        marker = f"{number}. "
                        self.list_stack[-1] = (kind, number + 1)
                    else:
                        marker = "- " if depth <= 1 else "+ "
                    runs = [_Run(marker), *runs]
                self.emit("body", runs)
                i += 3
                continue
            elif t == "table_open":
                i = self.table(tokens, i)
                continue
            elif t in {"fence", "code_block"}:
                for line in tok.content.rstrip("\n").split("\n"):
                    self.emit("body", [_Run(line)])
            elif t == "hr":
                pass  # a thematic break has no place in an official document
            elif t == "html_block":
                text = re.sub(r"<[^>]+>", "", tok.content).strip()
                if text:
                    self.emit("body", [_Run(text)])
            i += 1

    def table(self, tokens: list[Token], i: int) -> int:
        rows: list[list[tuple[list[_Run], bool]]] = []
        current: list[tuple[list[_Run], bool]] = []
        header = False
        while tokens[i].type != "table_close":
            t = tokens[i].type
            if t == "thead_open":
                header = True
            elif t == "thead_close":
                header = False
            elif t == "tr_open":
                current = []
            elif t == "tr_close":
                rows.append(current)
            elif t in {"th_open", "td_open"}:
                current.append((self.inline_runs(tokens[i + 1]), header))
                i += 2
            i += 1
        ncols = max((len(r) for r in rows), default=1)
        width_twips = int(self.profile.text_width_mm * 56.7)
        # columns as wide as their longest text asks, none under half an equal share
        need = [max((len("".join(x.text for x in r[c][0])) for r in rows if c < len(r)),
                    default=1) for c in range(ncols)]
        total = sum(need) or 1
        share = [max(n / total, 0.5 / ncols) for n in need]
        widths = [int(width_twips * w / sum(share)) for w in share]
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        small = len(rows) <= SMALL_TABLE_ROWS
        border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        borders = "".join(border.format(b) for b in
                          ("top", "left", "bottom", "right", "insideH", "insideV"))
        xml = [f'<w:tbl><w:tblPr><w:tblW w:w="{width_twips}" w:type="dxa"/><w:jc w:val="center"/>'
               f"<w:tblBorders>{borders}</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
        for row in rows:
            # header rows repeat on every page; no row breaks across pages; a short table
            # stays on one page (keep-with-next on every row: Word and LibreOffice)
            head = "<w:tblHeader/>" if row and all(h for _, h in row) else ""
            xml.append(f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>")
            for c in range(ncols):
                runs, is_header = row[c] if c < len(row) else ([], False)
                style = STYLE_NAMES["table_header" if is_header else "table"]
                xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr>'
                           f"{paragraph_xml(style, runs, indent_first=False, keep_next=small)}"
                           "</w:tc>")
                self.texts.append("".join(r.text for r in runs))
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        self.out.append("".join(xml))
        return i + 1


# html=True so that stray tags (<b>, <br>) are recognised and dropped, never printed
_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def markdown_to_body(text: str, profile: Profile) -> MarkdownBody:
    """Convert Markdown to paragraph XML styled with the profile's style names."""
    conv = _Converter(profile)
    conv.convert(_MD.parse(text))
    if not conv.out:
        conv.emit("body", [_Run("")])
    return MarkdownBody("".join(conv.out), conv.texts)
