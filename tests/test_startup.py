"""Start-up: importing the package does not load the rendering stack."""

from __future__ import annotations

import subprocess
import sys


def test_import_package_is_light() -> None:
    code = ("import sys, dvk_docs; heavy = [m for m in ('docx', 'docxtpl', 'lxml', 'pydantic', "
            "'openpyxl', 'pypdf', 'fontTools', 'jinja2') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_entry_points_still_import() -> None:
    import dvk_docs

    assert callable(dvk_docs.build) and callable(dvk_docs.load_dataset)
    assert issubclass(dvk_docs.DvkError, Exception)
    assert "render_one" in dir(dvk_docs)
