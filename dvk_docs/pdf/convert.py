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
                    soffice: str | None = None, profile: Path | None = None) -> list[Path]:
    """Convert ``files`` into ``out_dir`` with one LibreOffice call; ``to`` is the target of
    ``--convert-to`` ("pdf", "docx:MS Word 2007 XML", ...). Returns the files made (same stem,
    the target's extension); raises PdfError naming what is missing, or at the timeout (the
    whole LibreOffice process group is killed and nothing half-made is left). ``profile``:
    a LibreOffice user profile folder this call alone uses (default: a new temporary one)."""
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
    with contextlib.ExitStack() as stack:
        if profile is None:
            profile = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dvk-lo-")))
        cmd = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
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
        names = ", ".join(p.name for p in bad[:10])
        more = f" và {len(bad) - 10} file khác" if len(bad) > 10 else ""
        raise PdfError(f"LibreOffice không tạo được {names}{more} (mã {returncode}). {detail}")
    return expected


# Below this many files one LibreOffice instance is fastest (each instance costs ~1-2 s to
# start); above it the files are shared among a few instances, one profile each. One call
# converts at most BATCH_MAX files: a long batch sometimes stops partway with exit code 0
# (seen at ~250 files), so calls are kept short and what is missing is converted again.
POOL_MIN_FILES = 48
MAX_INSTANCES = 4
BATCH_MAX = 100
RETRIES = 2


def instances_for(n_files: int, instances: int | None = None) -> int:
    """How many LibreOffice instances convert ``n_files``: one for a few dozen files, else
    one per usable core (at most MAX_INSTANCES), never fewer than ~24 files each."""
    if instances is not None:
        return max(1, min(instances, n_files))
    if n_files < POOL_MIN_FILES:
        return 1
    from ..cores import usable_cores

    return max(1, min(usable_cores(), MAX_INSTANCES, n_files // 24))


def convert_pooled(files: Sequence[Path], out_dir: Path, *, timeout: float = 300,
                   instances: int | None = None) -> list[Path]:
    """Convert ``files`` (unique stems) to PDF in ``out_dir`` with a small pool of
    LibreOffice instances, each converting one contiguous batch in one call with its own
    profile. Returns the PDFs in the order of ``files``."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    if not files:
        return []
    n = instances_for(len(files), instances)
    size = min(BATCH_MAX, -(-len(files) // n))
    batches = [list(files[i:i + size]) for i in range(0, len(files), size)]
    soffice = find_soffice()
    local = threading.local()

    with tempfile.TemporaryDirectory(prefix="dvk-lo-pool-") as profiles:

        def one(batch: list[Path]) -> list[Path]:
            if not hasattr(local, "profile"):  # one profile per instance (thread), reused
                local.profile = Path(tempfile.mkdtemp(dir=profiles))
            todo = batch
            for attempt in range(RETRIES + 1):
                try:
                    soffice_convert(todo, out_dir, to="pdf", soffice=soffice,
                                    timeout=timeout, profile=local.profile)
                    break
                except PdfError:
                    missing = [f for f in todo if not _made(out_dir / f"{f.stem}.pdf")]
                    if attempt == RETRIES or not missing or len(missing) == len(todo):
                        raise  # no progress: a real failure, say it
                    todo = missing
            return [out_dir / f"{f.stem}.pdf" for f in batch]

        with ThreadPoolExecutor(max_workers=n) as pool:
            return [p for made in pool.map(one, batches) for p in made]


def _made(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def pdf_beside(files: Sequence[Path], *, timeout: float = 300, force: bool = False,
               instances: int | None = None) -> list[Path]:
    """Convert every .docx to a .pdf next to it: one LibreOffice call for a few dozen files,
    a small pool of instances beyond (:func:`convert_pooled`). Files are converted through
    numbered links in a scratch folder, so two files with the same name in different
    folders (the phiếu and the báo cáo thành tích of one unit) still make one call.
    Existing PDFs are refused unless ``force``."""
    from ..output import check_free
    from ..render.layout import libreoffice_copy

    targets = [f.with_suffix(".pdf") for f in files]
    check_free(targets, force)
    with tempfile.TemporaryDirectory(prefix="dvk-pdf-") as tmp:
        links = Path(tmp) / "in"
        links.mkdir()
        named = []
        for i, f in enumerate(files):
            link = links / f"{i:06d}{f.suffix}"
            # tables whose tails must stay together: LibreOffice gets a bound copy
            ready = libreoffice_copy(Path(f), Path(tmp) / "copies" / str(i))
            try:
                link.symlink_to(ready.resolve())
            except OSError:  # no symlinks here (some Windows setups): a copy then
                shutil.copyfile(ready, link)
            named.append(link)
        made = convert_pooled(named, Path(tmp) / "out", timeout=timeout, instances=instances)
        out: list[Path] = []
        for pdf, target in zip(made, targets, strict=True):
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
