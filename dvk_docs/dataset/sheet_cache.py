"""The registrations read from a sheet before, kept on disk by the sheet's content.

Turning 25,000 rows of .xlsx into registrations (the XML parsed, every cell converted,
cleaned and checked, a model validated per row) takes about 1.5 s of ``validate``; a web
page or a clerk validating again after editing ``dataset.yaml`` reads the same sheet. The
result is a function of the sheet's bytes and name, the sheet and the lĩnh vực names asked
for, the columns left aside, and the reading code (this package's ``dataset/``,
``conventions/`` and ``legacy.py``, the Python and pydantic versions): those make the key.
Only a sheet read without a problem is kept (with its warnings, given again on every
load); the folder is render/diskcache.py's (``DVK_DOCS_CACHE=off`` turns it off). Any
failure to read or write only means reading the sheet again.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from ..gc_pause import paused_gc

FORMAT = 2
_PARTS = "parts"  # an entry kept as the pickled parts it was read in (sheet_halves.py)


@cache
def _code_fingerprint() -> str:
    import pydantic

    h = hashlib.sha256(f"sheet {FORMAT} {sys.version} {pydantic.VERSION}".encode())
    package = Path(__file__).resolve().parent.parent
    files = [*sorted((package / "dataset").glob("*.py")),
             *sorted((package / "conventions").glob("*.py")), package / "legacy.py"]
    for file in files:
        h.update(file.name.encode())
        with contextlib.suppress(OSError):
            h.update(file.read_bytes())
    return h.hexdigest()


def name_for(path: Path, *settings: object) -> str | None:
    """The cache entry of the sheet at ``path`` read with ``settings`` (None: no cache)."""
    from ..render.diskcache import content_hash

    h = content_hash(path, _code_fingerprint())
    if h is None:
        return None
    h.update(repr((path.name, *settings)).encode("utf-8", "surrogatepass"))
    return f"sheet-{h.hexdigest()}.pickle"


def load(name: str | None) -> Any:
    """What :func:`store` kept under ``name``, or None."""
    from ..render import diskcache

    data = diskcache.load_bytes(name) if name is not None else None
    if data is None:
        return None
    try:
        value = pickle.loads(data)  # the user's own cache folder, as the dataset.yaml cache
        if isinstance(value, tuple) and len(value) == 3 and value[0] == _PARTS:
            found: list[Any] = []
            for part in value[1]:
                found.extend(pickle.loads(part))
            return found, value[2]
        return value
    except Exception:  # a stale or broken entry: read the sheet again
        return None


def store(name: str | None, value: tuple[list[Any], list[str]]) -> None:
    from ..render import diskcache

    if name is None:
        return
    found, said = value
    parts = getattr(found, "pickled_parts", None)  # read in parts, already pickled
    try:
        data = pickle.dumps((_PARTS, parts, said) if parts else (list(found), said),
                            protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an unpicklable value is not kept
        return
    diskcache.store_bytes(name, data)
    _prune()


KEEP = 8  # sheets kept: a clerk's few datasets; each edit of a sheet makes a new entry


def _prune() -> None:
    """Only the ``KEEP`` sheets stored last stay (an entry of 25,000 rows is ~10 MB)."""
    from ..render.diskcache import cache_dir

    folder = cache_dir()
    if folder is None:
        return
    with contextlib.suppress(OSError):
        entries = []
        for entry in folder.glob("sheet-*.pickle"):
            with contextlib.suppress(OSError):
                entries.append((entry.stat().st_mtime, entry))
        for _, entry in sorted(entries, reverse=True)[KEEP:]:
            with contextlib.suppress(OSError):
                entry.unlink()


def through_cache(path: Path, settings: tuple[object, ...], warnings: list[str],
                  read: Callable[[], list[Any]]) -> list[Any]:
    """What ``read()`` gives for the sheet at ``path`` read with ``settings``: kept from a
    read of the same sheet without a problem (its warnings added to ``warnings`` again),
    else read now and kept. A problem raised by ``read`` is never kept."""
    entry = name_for(path, *settings)
    with paused_gc():  # rows and registrations hold no cycles
        cached = load(entry)
        if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], list):
            found, said = cached
            warnings.extend(said)
            return found
        before = len(warnings)
        found = read()
        store(entry, (found, warnings[before:]))
    return list(found) if type(found) is not list else found
