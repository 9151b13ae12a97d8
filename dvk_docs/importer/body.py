"""Body paragraphs of a typed plan -> the Markdown the dataset keeps (``ke_hoach.md``).

Heading numbers typed by hand (``I.`` ``1.`` ``1.1.`` ``a)``) become Markdown heading levels;
a number that the renderer would print the same way is left out (so the Markdown reads like
the samples), any other number is kept in the heading text and the renderer keeps it.
``-`` items stay ``-`` items, ``+`` items become nested items (printed ``+`` again),
bold and italic runs become ``**`` and ``*``, tables become Markdown tables. Everything
else is escaped so that no character of the original is lost or read as Markdown or as a
``{{ }}`` placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..render.markdown import letter, roman, roman_value
from .docx_read import Block, Para, Run, Table

_L1 = re.compile(r"^(?P<num>[IVXLC]{1,6})\s*(?P<sep>[.\-–/])\s*(?P<text>\S.*)$", re.S)
_L3 = re.compile(r"^(?P<a>\d{1,2})\s*\.\s*(?P<b>\d{1,2})\s*\.?\s+(?P<text>\S.*)$", re.S)
_L2 = re.compile(r"^(?P<num>\d{1,2})\s*\.\s+(?P<text>\S.*)$", re.S)
_L2_PAREN = re.compile(r"^(?P<num>\d{1,2})\)\s+(?P<text>\S.*)$", re.S)
_L4 = re.compile(r"^(?P<num>[a-zđ])\)\s*(?P<text>\S.*)$", re.S)
_DASH_ITEM = re.compile(r"^-\s*(?P<text>\S.*)$", re.S)
_PLUS_ITEM = re.compile(r"^\+\s*(?P<text>\S.*)$", re.S)


@dataclass
class BodyResult:
    markdown: str
    headings: int = 0
    kept_numbers: list[str] = field(default_factory=list)
    recased_headings: list[str] = field(default_factory=list)
    empty: int = 0
    tables: int = 0
    breaks: int = 0


def clean_spaces(text: str) -> str:
    """NBSP and tabs to spaces, runs of spaces collapsed, ends trimmed (line breaks kept)."""
    text = text.replace("\xa0", " ").replace("\u202f", " ").replace("\t", " ")
    text = re.sub(r"[ \u2000-\u200a\u3000]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip("\n ")


def _escape(text: str, *, line_start: bool) -> str:
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*_`<>\[\]|&])", r"\\\1", text)
    text = re.sub(r"\{(?=[{%#])", "{{ '{' }}", text)
    if line_start:
        text = re.sub(r"^(\s*)([#+=-])", r"\1\\\2", text)
        text = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", text)
    return text


def _inline(runs: list[Run], *, formatting: bool = True) -> str:
    """Runs -> Markdown text with ** and *; manual line breaks -> hard breaks."""
    pieces: list[tuple[str, bool, bool]] = []
    for r in runs:
        t = r.text.replace("\xa0", " ").replace("\t", " ")
        if not t:
            continue
        key = (r.bold and formatting, r.italic and formatting)
        if pieces and (pieces[-1][1], pieces[-1][2]) == key:
            pieces[-1] = (pieces[-1][0] + t, *key)
        else:
            pieces.append((t, *key))
    out: list[str] = []
    for i, (t, bold, italic) in enumerate(pieces):
        t = re.sub(r"[ ]{2,}", " ", t)
        if i == 0:
            t = t.lstrip(" ")
        if i == len(pieces) - 1:
            t = t.rstrip(" ")
        lines = t.split("\n")
        segs = []
        for j, line in enumerate(lines):
            esc = _escape(line, line_start=(i == 0 and j == 0) or j > 0)
            if (bold or italic) and esc.strip():
                lead = esc[:len(esc) - len(esc.lstrip(" "))]
                trail = esc[len(esc.rstrip(" ")):]
                mark = "***" if bold and italic else ("**" if bold else "*")
                esc = f"{lead}{mark}{esc.strip(' ')}{mark}{trail}"
            segs.append(esc)
        out.append("\\\n".join(segs))
    text = "".join(out)
    text = re.sub(r"[ ]*\\\n[ ]*", "\\\n", text)
    return text


def _strip_prefix(runs: list[Run], n: int) -> list[Run]:
    """Drop the first ``n`` characters (a typed number) from the runs."""
    out: list[Run] = []
    for r in runs:
        if n <= 0:
            out.append(r)
        elif len(r.text) <= n:
            n -= len(r.text)
        else:
            out.append(Run(r.text[n:], r.bold, r.italic, r.underline, r.font))
            n = 0
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic, out[0].underline,
                     out[0].font)
    return out


def _heading_like(p: Para, text: str) -> bool:
    if p.all_bold or re.search(r"heading|đề mục|de muc|tiêu đề", p.style, re.I):
        return True
    words = len(text.split())
    return len(text) <= 110 and words <= 16 and not re.search(r"[.;,]$", text)


class _Numbers:
    """The renderer's heading counters, to know which typed numbers it reproduces."""

    def __init__(self, separator: str = ".") -> None:
        self.levels = [0, 0, 0, 0]
        self.separator = separator

    def expected(self, level: int) -> str:
        nums = list(self.levels)
        nums[level - 1] += 1
        for i in range(level, 4):
            nums[i] = 0
        if level == 1:
            return f"{roman(nums[0])}{self.separator}"
        if level == 4:
            return f"{letter(nums[3])})"
        parts = nums[1:level]
        while len(parts) > 1 and parts[0] == 0:
            parts = parts[1:]
        return ".".join(str(n) for n in parts) + "."

    def advance(self, level: int) -> None:
        self.levels[level - 1] += 1
        for i in range(level, 4):
            self.levels[i] = 0

    def set(self, level: int, value: int) -> None:
        self.levels[level - 1] = value
        for i in range(level, 4):
            self.levels[i] = 0


def body_markdown(blocks: list[Block], *, separator: str = ".") -> BodyResult:
    """Convert body blocks; every character of text is kept."""
    res = BodyResult(markdown="")
    out: list[str] = []
    nums = _Numbers(separator)
    in_dash_list = False
    for block in blocks:
        if isinstance(block, Table):
            res.tables += 1
            out.append(_table(block))
            in_dash_list = False
            continue
        p = block
        text = clean_spaces(p.text)
        if not text:
            res.empty += 1
            continue
        if "\n" in text:
            res.breaks += text.count("\n")
        runs = _trimmed(p.runs)
        md = _heading(p, text, runs, nums, res)
        if md is not None:
            out.append(md)
            in_dash_list = False
            continue
        m = _DASH_ITEM.match(text)
        if m and text.startswith("- "):
            out.append("- " + _inline(_strip_prefix(runs, _prefix_len(p.text, "-"))))
            in_dash_list = True
            continue
        m = _PLUS_ITEM.match(text)
        if m and text.startswith("+ ") and in_dash_list:
            out.append("  + " + _inline(_strip_prefix(runs, _prefix_len(p.text, "+"))))
            continue
        m = _L2.match(text) or _L2_PAREN.match(text)
        if m and text[len(m.group("num"))] == ".":
            # a numbered paragraph: an ordered list item keeps its number
            body = _inline(_strip_prefix(runs, _prefix_len(p.text, m.group("num") + ".")))
            out.append(f"{int(m.group('num'))}. {body}")
            in_dash_list = False
            continue
        out.append(_inline(runs))
        in_dash_list = False
    res.markdown = "\n\n".join(_tight(out)) + "\n"
    return res


def _tight(blocks: list[str]) -> list[str]:
    """Nested '+' items must sit right under their '-' item (no blank line between)."""
    merged: list[str] = []
    for b in blocks:
        if b.startswith("  + ") and merged:
            merged[-1] = merged[-1] + "\n" + b
        else:
            merged.append(b)
    return merged


def _trimmed(runs: list[Run]) -> list[Run]:
    """Runs with NBSP/tabs as spaces and the paragraph's outer spaces removed."""
    out = [Run(r.text.replace("\xa0", " ").replace("\t", " "), r.bold, r.italic, r.underline,
               r.font) for r in runs if r.text]
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic, out[0].underline,
                     out[0].font)
        out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic, out[-1].underline,
                      out[-1].font)
    return out


def _prefix_len(raw: str, prefix: str) -> int:
    """Characters to drop from the raw runs for a typed prefix and the spaces after it."""
    raw = raw.replace("\xa0", " ").replace("\t", " ")
    i = len(raw) - len(raw.lstrip(" "))
    j = i
    for ch in prefix:
        while j < len(raw) and raw[j] == " " and ch != " ":
            j += 1
        if j < len(raw) and raw[j] == ch:
            j += 1
    while j < len(raw) and raw[j] == " ":
        j += 1
    return j


def _heading(p: Para, text: str, runs: list[Run], nums: _Numbers, res: BodyResult
             ) -> str | None:
    first_line = text.split("\n")[0]
    level = 0
    typed = ""
    value = 0
    m1 = _L1.match(first_line)
    if m1 and roman_value(m1.group("num")) and len(first_line) <= 200:
        level, typed = 1, m1.group("num") + m1.group("sep")
        value = roman_value(m1.group("num")) or 0
        rest = m1.group("text")
    else:
        m3 = _L3.match(first_line)
        m2 = _L2.match(first_line)
        m4 = _L4.match(first_line)
        if m3 and _heading_like(p, first_line):
            level, typed = 3, f"{int(m3.group('a'))}.{int(m3.group('b'))}."
            value = int(m3.group("b"))
            rest = m3.group("text")
            if nums.levels[1] != int(m3.group("a")):
                value = -1  # the 1.x prefix does not follow the counters: keep it as typed
        elif m2 and _heading_like(p, first_line):
            level, typed = 2, f"{int(m2.group('num'))}."
            value = int(m2.group("num"))
            rest = m2.group("text")
        elif m4 and _heading_like(p, first_line) and len(first_line) <= 110:
            level, typed = 4, f"{m4.group('num')})"
            value = "abcdđeghiklmnopqrstuvxy".index(m4.group("num")) + 1
            rest = m4.group("text")
        else:
            return None
    if "\n" in text:
        return None  # a heading never spans lines: keep as a paragraph
    res.headings += 1
    expected = nums.expected(level)
    heading_runs = _strip_prefix(runs, _typed_len(p.text, rest))
    heading_text = _inline(heading_runs, formatting=False).strip()
    if level == 1 and heading_text != heading_text.upper():
        res.recased_headings.append(f"{typed} {rest}")
    hashes = "#" * level
    if value > 0 and typed.replace(" ", "") == expected:
        nums.advance(level)
        return f"{hashes} {heading_text}"
    # keep the typed number: the renderer prints it and counts on from it
    res.kept_numbers.append(f"{typed} {rest[:40]}")
    if value > 0:
        nums.set(level, value)
    else:
        nums.advance(level)
    return f"{hashes} {typed} {heading_text}"


def _typed_len(raw: str, rest: str) -> int:
    """Characters of ``raw`` before the heading text ``rest`` begins."""
    raw_n = raw.replace("\xa0", " ").replace("\t", " ")
    idx = raw_n.find(rest[: min(len(rest), 12)])
    return idx if idx >= 0 else 0


def _table(t: Table) -> str:
    ncols = max((len(r) for r in t.rows), default=1)
    lines = []
    for i, row in enumerate(t.rows):
        cells = []
        # a header row in bold is bold by the table style anyway
        plain = i == 0 and all(p.all_bold for cell in row for p in cell if p.text.strip())
        for c in range(ncols):
            paras = row[c] if c < len(row) else []
            text = " ".join(_inline(_trimmed(p.runs), formatting=not plain).replace("\\\n", " ")
                            for p in paras if p.text.strip())
            cells.append(text.replace("\n", " "))
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "---|" * ncols)
    return "\n".join(lines)
