"""Nơi nhận: the recipient list at the bottom left of a document.

Every line starts with ``"- "``; the last line is the archive line and ends with ``"."``.
The other lines end by family: Party ``","`` (Hướng dẫn 36-HD/VPTW and every real Party
document in the customer's seeds: ``- Như trên,``), State ``";"`` (Nghị định 30/2020/NĐ-CP).
Archive line: Party ``- Lưu Văn phòng Đảng ủy.`` (no colon; ``- Lưu VT.`` is allowed);
State ``- Lưu: VT, VP.``
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


def item_end(family: Family | str) -> str:
    """The mark that ends every recipient line but the last: Party ``","``, State ``";"``."""
    return "," if coerce_family(family) is Family.PARTY else ";"


def format_recipients(items: Sequence[str], family: Family, *, archive: str) -> list[str]:
    """Return the lines under "Nơi nhận:".

    Items are cleaned (NFC, whitespace collapsed, leading ``-``/``+``/``•`` and trailing
    ``;``/``,``/``.`` removed; empty items skipped) and written ``"- item,"`` (Party) or
    ``"- item;"`` (State), see :func:`item_end`. The archive
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
    end = item_end(fam)
    lines = [f"- {text}{end}" for text in map(_clean_item, items) if text]
    archive_word = "Lưu" if fam is Family.PARTY else "Lưu:"
    lines.append(f"- {archive_word} {where}.")
    return lines
