"""--pdf: every document of a build converted in one LibreOffice call, PDFs beside them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from dvk_docs.cli import cli

pytestmark = pytest.mark.pdf

if not shutil.which("soffice"):
    if os.environ.get("CI"):
        raise RuntimeError("CI must have LibreOffice (./dev.sh installs it)")
    pytest.skip("LibreOffice not installed", allow_module_level=True)


def test_build_pdf_writes_one_pdf_per_docx(party_full: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["build", str(party_full), "-o", str(out), "--pdf"])
    assert res.exit_code == 0, res.output
    docx = sorted(out.rglob("*.docx"))
    pdfs = sorted(out.rglob("*.pdf"))
    assert [p.with_suffix("") for p in pdfs] == [d.with_suffix("") for d in docx]
    assert f"PDF: {len(pdfs)} file" in res.output
    for pdf in pdfs:
        assert pdf.stat().st_size > 0 and len(PdfReader(str(pdf)).pages) >= 1
    again = CliRunner().invoke(cli, ["build", str(party_full), "-o", str(out), "--pdf"])
    assert again.exit_code == 1 and "không ghi đè" in again.output


def test_missing_libreoffice_says_what_to_install(party_min: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    res = CliRunner().invoke(cli, ["build", str(party_min), "-o", str(tmp_path / "o"), "--pdf"])
    assert res.exit_code == 1
    assert "libreoffice-writer-nogui" in res.output
    assert not (tmp_path / "o").exists()
