"""Rebuild the shipped .docx templates in letter_templates/ and forms/.

Usage: python tools/build_templates.py
"""

from __future__ import annotations

from pathlib import Path

from dvk_docs.documents.template_files import build_all

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for path in build_all(root):
        print(path.relative_to(root))
