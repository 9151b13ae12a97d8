"""PDF through LibreOffice headless: one batch call, an isolated profile, a timeout.

Concurrent soffice runs that share a profile fail silently (pitfalls.md #23), and one
process per file costs ~0.7 s of start-up each (#24): every call here uses its own
temporary ``-env:UserInstallation`` and converts all files of a folder in one process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import DvkError


class PdfError(DvkError):
    """Raised when LibreOffice is missing, fails, hangs, or leaves a PDF missing or empty."""


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise PdfError(
        "Không tìm thấy LibreOffice để tạo PDF. Cài bằng: sudo apt-get install "
        "libreoffice-writer-nogui fonts-liberation2"
    )


def _run(cmd: list[str], timeout: float) -> tuple[int, str]:
    """Run soffice in a process group of its own: on timeout the whole group is killed
    (the soffice script starts soffice.bin as a child that would otherwise live on, keep
    writing into the output folder and hold the profile), then TimeoutExpired is raised."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace", start_new_session=True) as proc:
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if os.name == "posix":
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
            else:  # pragma: no cover - Windows: no process groups here
                proc.kill()
            proc.communicate()
            raise
    return proc.returncode, output or ""


def convert_to_pdf(files: Sequence[Path], out_dir: Path, *, timeout: float = 180) -> list[Path]:
    """Convert .docx ``files`` into ``out_dir`` (same stem, .pdf); returns the PDFs.

    LibreOffice gets a copy of a document whose table tails must stay together, laid out
    its way (:func:`dvk_docs.render.layout.libreoffice_copy`)."""
    from ..render.layout import libreoffice_copy

    with tempfile.TemporaryDirectory(prefix="dvk-lo-copy-") as tmp:
        ready = [libreoffice_copy(Path(f), Path(tmp)) for f in files]
        return soffice_convert(ready, out_dir, to="pdf", timeout=timeout)


def soffice_convert(files: Sequence[Path], out_dir: Path, *, to: str, timeout: float = 180,
                    soffice: str | None = None) -> list[Path]:
    """Convert ``files`` into ``out_dir`` with one LibreOffice call; ``to`` is the target of
    ``--convert-to`` ("pdf", "docx:MS Word 2007 XML", ...). Returns the files made (same stem,
    the target's extension); raises PdfError naming what is missing, or at the timeout (the
    whole LibreOffice process group is killed and nothing half-made is left)."""
    if not files:
        return []
    soffice = soffice or find_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    ext = to.split(":", 1)[0]
    what = "PDF" if ext == "pdf" else f"file .{ext}"
    expected = [out_dir / f"{Path(f).stem}.{ext}" for f in files]
    stems = [p.name for p in expected]
    if len(set(stems)) != len(stems):
        raise PdfError("Hai file trùng tên sẽ ghi đè nhau khi chuyển PDF; đổi tên một file")
    with tempfile.TemporaryDirectory(prefix="dvk-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
               "--norestore", "--convert-to", to, "--outdir", str(out_dir),
               *[str(f) for f in files]]
        try:
            returncode, output = _run(cmd, timeout)
        except subprocess.TimeoutExpired:
            for p in expected:
                p.unlink(missing_ok=True)
            raise PdfError(f"LibreOffice không xong sau {timeout:.0f} giây; đã dừng, không "
                           f"ghi {what} nào (LibreOffice bị treo, hoặc cần --timeout lớn "
                           "hơn)") from None
    bad = [p for p in expected if not p.is_file() or p.stat().st_size == 0]
    if bad:
        detail = output.strip()[-500:]
        raise PdfError(f"LibreOffice không tạo được {', '.join(p.name for p in bad)} "
                       f"(mã {returncode}). {detail}")
    return expected


def _unique_batches(files: Sequence[Path]) -> list[list[Path]]:
    """Split files so that no batch holds two files with the same stem."""
    batches: list[list[Path]] = []
    for f in files:
        for batch in batches:
            if all(other.stem != f.stem for other in batch):
                batch.append(f)
                break
        else:
            batches.append([f])
    return batches


def pdf_beside(files: Sequence[Path], *, timeout: float = 300, force: bool = False
               ) -> list[Path]:
    """Convert every .docx to a .pdf next to it, in as few LibreOffice calls as possible
    (one, unless two files share a name). Existing PDFs are refused unless ``force``."""
    from ..output import check_free

    targets = [f.with_suffix(".pdf") for f in files]
    check_free(targets, force)
    out: list[Path] = []
    for batch in _unique_batches(files):
        with tempfile.TemporaryDirectory(prefix="dvk-pdf-") as tmp:
            made = convert_to_pdf(batch, Path(tmp), timeout=timeout)
            for src, pdf in zip(batch, made, strict=True):
                target = src.with_suffix(".pdf")
                shutil.move(str(pdf), target)
                out.append(target)
    return out


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """pypdf logs and warns about what it repairs in a damaged file; while reading the
    user's PDFs, they get one clear message from dvk-docs instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
