"""What a Markdown text asks for that a Vietnamese official document cannot show.

:func:`markdown_to_body` prints headings, paragraphs, lists, bold, italic, strikethrough and
tables. Everything else would be dropped or printed raw without a word; this module finds it
and says where, so the loader can warn before anything is built:

- images (``![...](...)``): only their alternative text is printed;
- footnotes (``[^1]``): printed as typed;
- task-list boxes (``- [ ] việc``): printed as typed;
- headings deeper than the four levels of a document (``#####``): printed at level 4;
- table rows with more cells than the header: the extra cells are dropped;
- raw HTML tags: dropped, their text kept;
- horizontal rules (``---``): not printed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_TASK = re.compile(r"^\s*\[[ xX]\]\s")


def _cells(line: str) -> int:
    """Cells of a GFM table row (pipes not escaped, outer pipes optional)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return len(re.split(r"(?<!\\)\|", body))


def lint_markdown(text: str, where: str, line_offset: int = 0) -> list[str]:
    """One warning per construct the documents cannot show, naming ``where`` and the line
    (``line_offset`` is the line of ``where`` just before the text).

    Remembered per text: the web application validates the whole year on every save, and
    its bodies rarely change between two saves (parsing them was half of a save's time)."""
    return list(_lint_cached(text, where, line_offset))


@lru_cache(maxsize=512)
def _lint_cached(text: str, where: str, line_offset: int) -> tuple[str, ...]:
    return tuple(_lint(text, where, line_offset))


def _lint(text: str, where: str, line_offset: int) -> list[str]:
    lines = text.splitlines()
    notes: list[tuple[int, str]] = []

    def note(index: int, message: str) -> None:
        notes.append((index + 1, message))

    def line_with(tok: Token, needle: str) -> int:
        """The line of a block token's text that holds ``needle`` (a paragraph may span
        several lines)."""
        start, end = tok.map or (0, 1)
        for n in range(start, min(end, len(lines))):
            if needle in lines[n]:
                return n
        return start

    tokens: list[Token] = _MD.parse(text)
    for i, tok in enumerate(tokens):
        first = tok.map[0] if tok.map else 0
        if tok.type == "heading_open" and int(tok.tag[1]) > 4:
            note(first, f"đề mục cấp {tok.tag[1]} ('{'#' * int(tok.tag[1])}'): văn bản chỉ có 4 "
                        "cấp đề mục (I., 1., 1.1., a)); in như cấp 4 — dùng '####' hoặc gạch "
                        "đầu dòng")
        elif tok.type == "inline":
            if any(c.type == "html_inline" for c in tok.children or []):
                note(line_with(tok, "<"),
                     "thẻ HTML (<...>) bị bỏ, chỉ giữ chữ; dùng **đậm**, *nghiêng*")
            for child in tok.children or []:
                if child.type == "image":
                    note(line_with(tok, "!["),
                         f"hình ảnh '{child.attrGet('src')}' không đưa vào văn bản được; chỉ "
                         f"in chữ thay thế '{child.content}' — chèn hình bằng Word sau khi "
                         "tạo văn bản")
            if (i > 1 and tokens[i - 1].type == "paragraph_open"
                    and tokens[i - 2].type == "list_item_open" and _TASK.match(tok.content)):
                note(first, "ô đánh dấu việc '[ ]'/'[x]' in nguyên chữ; bỏ nó, hoặc ghi "
                            "'(đã xong)' bằng chữ")
        elif tok.type == "html_block":
            note(first, "thẻ HTML (<...>) bị bỏ, chỉ giữ chữ; dùng **đậm**, *nghiêng*")
        elif tok.type == "hr":
            note(first, "đường kẻ ngang (---, ***) không in trong văn bản")
        elif tok.type == "table_open" and tok.map:
            start, end = tok.map
            header = _cells(lines[start])
            for n in range(start + 2, min(end, len(lines))):
                if lines[n].strip() and _cells(lines[n]) > header:
                    note(n, f"hàng bảng có {_cells(lines[n])} ô, dòng tiêu đề bảng có {header} "
                            f"ô: ô thừa bị bỏ; thêm cột ở dòng tiêu đề hoặc bớt ô")
    in_fence = False
    for n, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        found = _FOOTNOTE.search(line)
        if not in_fence and found:
            note(n, f"chú thích cuối trang '{found.group(0)}' chưa hỗ trợ, in nguyên chữ; viết "
                    "phần chú thích vào ngay câu đó")
    return [f"{where}, dòng {line + line_offset}: {message}"
            for line, message in sorted(set(notes))]
