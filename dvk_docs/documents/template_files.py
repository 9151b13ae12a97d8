"""Write the shipped .docx templates (letter_templates/, forms/) from every kind's blueprint;
``python tools/build_templates.py`` calls this, and a test checks the committed files match."""

from __future__ import annotations

from pathlib import Path

from ..profiles import PROFILES
from . import KINDS


def build_all(root: Path) -> list[Path]:
    """Write every kind's template, both families, under ``root``; returns the files."""
    written = []
    for kind in KINDS.values():
        for family in kind.families:
            profile = PROFILES[family]
            path = root / kind.template_relpath(family)
            path.parent.mkdir(parents=True, exist_ok=True)
            doc = kind.blueprint(profile)
            doc.core_properties.author = "dvk-docs"
            doc.core_properties.title = f"Mẫu {kind.label} ({family.value})"
            doc.save(str(path))
            written.append(path)
    return written
