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


def test_same_names_one_call_and_a_pool_of_instances(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Two files with the same name in two folders no longer need two LibreOffice calls, and
    a pool of instances returns every PDF beside its own .docx."""
    import docx

    from dvk_docs.pdf import convert as pdfmod

    files = []
    for folder, name in (("a", "001-x"), ("b", "001-x"), ("b", "002-y"), ("c", "003-z")):
        path = tmp_path / folder / f"{name}.docx"
        path.parent.mkdir(exist_ok=True)
        d = docx.Document()
        d.add_paragraph(f"Tệp {folder}/{name}")
        d.save(str(path))
        files.append(path)
    calls: list[int] = []
    original = pdfmod.soffice_convert

    def counting(batch: list[Path], *args: object, **kwargs: object) -> list[Path]:
        calls.append(len(batch))
        return original(batch, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdfmod, "soffice_convert", counting)
    made = pdfmod.pdf_beside(files, instances=2)
    assert calls == [2, 2]  # a/001-x and b/001-x in one call; two instances side by side
    for f, p in zip(files, made, strict=True):
        assert p == f.with_suffix(".pdf")
        text = PdfReader(str(p)).pages[0].extract_text()
        assert f"Tệp {f.parent.name}/{f.stem}" in text


def test_instances_for() -> None:
    from dvk_docs.pdf.convert import instances_for

    assert instances_for(43) == 1
    assert instances_for(1000) == min(len(os.sched_getaffinity(0)), 4)
    assert instances_for(3, instances=8) == 3
