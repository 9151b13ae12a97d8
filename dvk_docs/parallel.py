"""A build spread over all cores: per-item documents rendered by a pool of processes.

A province has tens of thousands of phiếu; one process renders about 1,000 per second at
best. Here the parent compiles every template once (the workers inherit the compiled
templates and the loaded dataset by ``fork``), cuts the items into chunks and lets the
workers render them straight into a staging folder inside the output folder; the big single
documents (Mẫu 1 with every row) go first so they overlap with the phiếu. Only when every
document is rendered are the files moved into place, so a failure or Ctrl-C leaves nothing
half-written: the workers ignore SIGINT, the parent stops them and removes the staging
folder.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from .cores import MIN_PARALLEL, workers_for
from .dataset import LoadedDataset
from .documents import KINDS, Rendered, items_of, template_for
from .documents import document_context as kind_context
from .errors import DatasetError, OutputError
from .facts import Facts
from .profiles import Profile, profile_for

CHUNK = 200  # phiếu per task: progress every ~0.2 s per worker, little overhead


@dataclass
class _Job:
    loaded: LoadedDataset
    facts: Facts
    profile: Profile
    roots: list[Path]
    stage: Path
    items: dict[str, list[object]]


_JOB: _Job | None = None  # set in the parent just before the workers fork


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render(key: str, start: int, stop: int) -> list[Rendered]:
    """Render documents ``start``..``stop`` of kind ``key`` into the staging folder (a whole
    document when ``start`` is -1); returns what was written, without the bytes."""
    from .render.engine import render_docx

    job = _JOB
    assert job is not None
    kind = KINDS[key]
    template = template_for(key, job.profile, job.roots)
    author = job.loaded.data.unit.name.replace("\n", " ")
    out = []
    if start < 0:
        jobs: list[tuple[tuple[object, ...], int]] = [((), 0)]
    else:
        jobs = [((job.items[key][i],), i + 1) for i in range(start, stop)]
    for item, index in jobs:
        ctx = kind_context(kind, job.loaded, job.facts, job.profile, *item)
        title = kind.title(*item)
        name = kind.filename(*item, index) if item else kind.filename()
        content = render_docx(template, ctx, job.profile, title=title, author=author)
        target = job.stage / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        sources = ((getattr(item[0], "source", None) or job.loaded.path.name,) if item
                   else tuple(job.loaded.sources.values()))
        out.append(Rendered(key, name, title, b"", sources))
    return out


@contextlib.contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """A hidden folder inside ``out_dir`` (same disk: files move in by rename), removed
    afterwards whatever happens; ``out_dir`` itself is removed again if it was made here
    and is left empty."""
    made = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".dvk-staging-", dir=out_dir))
    except OSError as err:
        raise OutputError(f"Không tạo được thư mục {out_dir}: {err.strerror}") from None
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if made:
            with contextlib.suppress(OSError):
                out_dir.rmdir()  # only when empty


def render_parallel(loaded: LoadedDataset, facts: Facts, kinds: list[str], roots: list[Path],
                    stage: Path, workers: int,
                    progress: Callable[[str], None] | None = None) -> list[Rendered]:
    """Render every document of ``kinds`` into ``stage`` with ``workers`` processes; returns
    them in the order a sequential build lists them (``content`` empty: the file is
    ``stage / filename``)."""
    global _JOB
    from .render.engine import FieldCheck

    profile = profile_for(loaded.data.family, loaded.data.profile)
    items: dict[str, list[object]] = {}
    tasks: list[tuple[str, int, int]] = []
    singles: list[tuple[str, int, int]] = []
    for key in kinds:
        kind = KINDS[key]
        if not kind.applies(loaded):
            continue
        FieldCheck(template_for(key, profile, roots), profile)  # compile before the fork
        if kind.per_item:
            items[key] = items_of(kind, loaded, facts)
            tasks += [(key, i, min(i + CHUNK, len(items[key])))
                      for i in range(0, len(items[key]), CHUNK)]
        else:
            singles.append((key, -1, 0))
    _JOB = _Job(loaded, facts, profile, roots, stage, items)
    ordered = singles + tasks  # big single documents first, they take longest
    results: dict[tuple[str, int, int], list[Rendered]] = {}
    # what the workers inherit is left out of every collector's passes (gc.freeze): a pass
    # in a worker wrote to each inherited object and so copied its memory page
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_ignore_sigint)
    try:
        futures: dict[Future[list[Rendered]], tuple[str, int, int]] = {
            pool.submit(_render, *t): t for t in ordered}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for fut in done:
                rendered = fut.result()  # a worker's error is raised here
                results[futures[fut]] = rendered
                if progress:
                    for r in rendered:
                        progress(r.filename)
    except BaseException:
        _stop(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        _JOB = None
        gc.unfreeze()
    order = {key: n for n, key in enumerate(kinds)}
    return [r for t in sorted(ordered, key=lambda t: (order[t[0]], t[1])) for r in results[t]]


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (Ctrl-C or an error)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.terminate()
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.join(timeout=5)


def move_into_place(rendered: list[Rendered], stage: Path, targets: list[Path]) -> None:
    """Rename every staged file to its target (same disk)."""
    for r, target in zip(rendered, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(stage / r.filename, target)
        except OSError as err:
            raise OutputError(f"Không ghi được {target}: {err.strerror}") from None


@dataclass
class StagedBuild:
    """What :func:`build_staged` moved into place (the manifest is the caller's to write)."""

    rendered: list[Rendered]
    targets: list[Path]
    pdfs: list[Path]
    manifest: Path


def build_staged(loaded: LoadedDataset, facts: Facts, kinds: list[str], roots: list[Path],
                 out: Path, progress: Callable[[str], None] | None, *, force: bool, pdf: bool,
                 workers: int, manifest: str) -> StagedBuild:
    """Render into a staging folder with ``workers`` processes, convert the PDFs there (a
    LibreOffice failure leaves nothing written), then move everything into ``out``."""
    from .output import check_free, safe_target
    from .pdf.convert import find_soffice, pdf_beside

    if pdf:
        find_soffice()
    with staging(out) as stage:
        rendered = render_parallel(loaded, facts, kinds, roots, stage, workers, progress)
        if not rendered:
            raise DatasetError(f"{loaded.path.name}: bộ dữ liệu chưa có dữ liệu cho văn bản "
                              f"nào trong: {', '.join(kinds)}")
        targets = [safe_target(out, r.filename) for r in rendered]
        pdf_targets = [t.with_suffix(".pdf") for t in targets] if pdf else []
        manifest_path = safe_target(out, manifest)
        check_free([*targets, manifest_path, *pdf_targets], force)
        staged_pdfs = (pdf_beside([stage / r.filename for r in rendered], force=True)
                       if pdf else [])
        move_into_place(rendered, stage, targets)
        pdfs = []
        for staged_pdf in staged_pdfs:
            target = out / staged_pdf.relative_to(stage)
            os.replace(staged_pdf, target)
            pdfs.append(target)
    return StagedBuild(rendered, targets, pdfs, manifest_path)


__all__ = ["MIN_PARALLEL", "StagedBuild", "build_staged", "move_into_place", "render_parallel",
           "staging", "workers_for"]
