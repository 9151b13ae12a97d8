"""Documents rendered for a page (preview, one .docx) run in a separate worker process with a
time limit: text typed by users goes through Jinja and docx building there, and a document
that takes too long is stopped (the worker is killed and replaced) instead of holding a web
thread. Whole sets and PDFs go to the background jobs (:mod:`dvk_docs.web.jobs`) instead."""

from __future__ import annotations

import atexit
import multiprocessing
import tempfile
import threading
from multiprocessing.pool import Pool
from pathlib import Path

from django.conf import settings

from ..errors import DvkError


class RenderTimeout(DvkError):
    """A document took longer than the page may wait."""


_pool: Pool | None = None
_lock = threading.Lock()


def _render_in_worker(folder: str, kind: str, item: str | None) -> bytes:
    from .. import api

    with tempfile.TemporaryDirectory(prefix="dvk-render-") as tmp:
        target = Path(tmp) / "van-ban.docx"
        api.render_one(kind, folder, target, registration_id=item, allow_inconsistent=True)
        return target.read_bytes()


def _get_pool() -> Pool:
    global _pool
    with _lock:
        if _pool is None:
            # forkserver: the worker does not inherit the web process's threads and sockets
            ctx = multiprocessing.get_context("forkserver")
            _pool = ctx.Pool(processes=settings.RENDER_WORKERS, maxtasksperchild=200)
            atexit.register(_reset)
        return _pool


def _reset() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.terminate()
            _pool.join()
            _pool = None


def render_docx(folder: Path, kind: str, item: str | None = None) -> bytes:
    """One document of the dataset folder as .docx bytes, rendered by the worker."""
    result = _get_pool().apply_async(_render_in_worker, (str(folder), kind, item))
    try:
        return result.get(timeout=settings.RENDER_TIMEOUT)
    except multiprocessing.TimeoutError:
        _reset()
        raise RenderTimeout(f"Tạo văn bản quá {settings.RENDER_TIMEOUT} giây nên đã dừng; "
                            "kiểm tra nội dung quá dài (bảng, đoạn văn dán từ nơi khác)"
                            ) from None
