"""Unicode helpers for Vietnamese text: NFC normalisation, upper-casing, whitespace cleanup."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE_RUN = re.compile(r"\s+")


def nfc(s: str) -> str:
    """Return ``s`` in Unicode normalisation form C (precomposed letters such as "ệ")."""
    return unicodedata.normalize("NFC", s)


def upper_vi(s: str) -> str:
    """Upper-case Vietnamese text, returning NFC.

    Works for NFD input too (combining tone marks survive upper-casing and are
    recomposed): ``upper_vi("Đảng ủy xã An Phú") == "ĐẢNG ỦY XÃ AN PHÚ"``.
    """
    return nfc(nfc(s).upper())


def collapse_spaces(s: str) -> str:
    """Collapse every run of whitespace (spaces, tabs, newlines, NBSP, ...) to one space and strip.

    ``collapse_spaces("  An\\u00a0 Phú\\n")  == "An Phú"``.
    """
    return _WHITESPACE_RUN.sub(" ", s).strip()
