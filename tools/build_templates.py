"""Rebuild the shipped .docx templates in letter_templates/ and forms/.

Usage: python tools/build_templates.py

Each template is written by its blueprint, then slimmed: the ~190 Word styles of
python-docx's blank document that it never uses are dropped (dvk_docs.render.slim), which
makes every generated document smaller and faster to open and save.
"""

from __future__ import annotations

from pathlib import Path

from dvk_docs.documents.template_files import build_all
from dvk_docs.render.slim import slim_docx

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for path in build_all(root):
        path.write_bytes(slim_docx(path.read_bytes()))
        print(path.relative_to(root), f"{path.stat().st_size / 1e3:.0f} kB")
