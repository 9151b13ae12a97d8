"""Small WordprocessingML helpers shared by the renderers."""

from __future__ import annotations


def style_id(name: str) -> str:
    """The styleId python-docx gives a custom style name (spaces removed)."""
    return name.replace(" ", "")


def mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)
