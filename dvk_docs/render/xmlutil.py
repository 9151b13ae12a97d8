"""Small WordprocessingML helpers shared by the renderers."""

from __future__ import annotations

from html import escape as _escape


def style_id(name: str) -> str:
    """The styleId python-docx gives a custom style name (spaces removed)."""
    return name.replace(" ", "")


def mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def xml_text(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped for an element's text (what ``xml.sax.saxutils.escape``
    does, without its import of urllib and http.client at start-up)."""
    return _escape(text, quote=False)
