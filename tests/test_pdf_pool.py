"""The LibreOffice pool's bookkeeping, without LibreOffice: short calls, missing files again."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from dvk_docs.pdf import convert


def _fake(stop_after: int | None, calls: list[int]):  # type: ignore[no-untyped-def]
    """A soffice_convert that writes the PDFs, stopping after ``stop_after`` files once."""

    def fake(files: list[Path], out_dir: Path, **kwargs: object) -> list[Path]:
        calls.append(len(files))
        out_dir.mkdir(parents=True, exist_ok=True)
        made = files if stop_after is None or len(calls) > 1 else files[:stop_after]
        for f in made:
            (out_dir / f"{f.stem}.pdf").write_bytes(b"%PDF-1.4 " + f.name.encode())
        if len(made) < len(files):
            raise convert.PdfError("LibreOffice không tạo được ... (mã 0)")
        return [out_dir / f"{f.stem}.pdf" for f in files]

    return fake


def _docx(tmp_path: Path, n: int) -> list[Path]:
    files = []
    for i in range(n):
        f = tmp_path / f"d{i % 3}" / "001-trung-ten.docx" if i < 3 else tmp_path / f"{i:03d}.docx"
        f.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(f, "w") as z:  # enough of a .docx for the bookkeeping
            z.writestr("word/document.xml", "<w:document/>")
        files.append(f)
    return files


def test_a_call_that_stops_partway_is_finished_by_another(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(convert, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(convert, "soffice_convert", _fake(20, calls))
    files = _docx(tmp_path, 60)
    pdfs = convert.pdf_beside(files, instances=1)
    assert calls == [60, 40]  # one call, then only what was missing
    for f, p in zip(files, pdfs, strict=True):
        assert p == f.with_suffix(".pdf") and p.read_bytes().startswith(b"%PDF")


def test_long_runs_are_cut_into_short_calls(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(convert, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(convert, "soffice_convert", _fake(None, calls))
    files = _docx(tmp_path, 250)
    pdfs = convert.pdf_beside(files, instances=2)
    assert sorted(calls) == [50, 100, 100]  # at most BATCH_MAX files a call
    assert sum(calls) == 250 and len(pdfs) == 250
    assert all(p.is_file() for p in pdfs)


def test_no_progress_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(convert, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(convert, "soffice_convert", _fake(0, calls))
    with pytest.raises(convert.PdfError):
        convert.pdf_beside(_docx(tmp_path, 5), instances=1)
    assert calls == [5]
    assert not list(tmp_path.rglob("*.pdf"))
