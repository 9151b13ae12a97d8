"""Nơi nhận: the recipient list at the bottom left of a document.

Every line starts with ``"- "`` and ends with ``";"``; the last line is the archive line and
ends with ``"."``. Party: ``- Lưu Văn phòng Đảng ủy.``; State: ``- Lưu: VT, VP.``
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dvk_docs.conventions.family import Family, coerce_family
from dvk_docs.conventions.text import collapse_spaces, nfc
from dvk_docs.errors import ConventionError

_LEADING_BULLETS = "-+•–—*"
_TRAILING_PUNCT = ";,."
# "Lưu", "Lưu:", "lưu :" at the start — but not the unit name "Lưu trữ ...".
_ARCHIVE_WORD = re.compile(r"^lưu\b(?!\s*trữ)\s*:?\s*", re.IGNORECASE)


def _clean_item(item: str) -> str:
    if not isinstance(item, str):
        raise ConventionError(f"recipient must be text, got {item!r}")
    text = collapse_spaces(nfc(item))
    text = text.lstrip(_LEADING_BULLETS + " ")
    text = text.rstrip(_TRAILING_PUNCT + " ")
    return text


def format_recipients(items: Sequence[str], family: Family, *, archive: str) -> list[str]:
    """Return the lines under "Nơi nhận:".

    Items are cleaned (NFC, whitespace collapsed, leading ``-``/``+``/``•`` and trailing
    ``;``/``,``/``.`` removed; empty items skipped) and written ``"- item;"``. The archive
    line comes last: Party ``"- Lưu Văn phòng Đảng ủy."``, State ``"- Lưu: VT, VP."``;
    an ``archive`` that already starts with "Lưu" is not doubled.
    """
    fam = coerce_family(family)
    if isinstance(items, str):
        raise ConventionError("recipients must be a list of names, not a single string")
    if archive is None or not isinstance(archive, str):
        raise ConventionError(f"archive (Lưu) must be text, got {archive!r}")
    where = _ARCHIVE_WORD.sub("", _clean_item(archive), count=1)
    where = where.rstrip(_TRAILING_PUNCT + " ")
    if not where:
        example = "Văn phòng Đảng ủy" if fam is Family.PARTY else "VT, VP"
        raise ConventionError(
            f"nơi lưu (archive, dòng 'Lưu') đang trống; ghi nơi lưu bản chính, ví dụ {example!r}"
        )
    lines = [f"- {text};" for text in map(_clean_item, items) if text]
    archive_word = "Lưu" if fam is Family.PARTY else "Lưu:"
    lines.append(f"- {archive_word} {where}.")
    return lines
