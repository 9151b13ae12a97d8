"""Compiled templates kept on disk, so a new process does not style and compile them again.

Styling a template with the profile and compiling it takes about a third of a small build's
time; a command-line build is a new process each time. The compiled template (styled bytes,
cleaned XML sources, Jinja's code objects, the prebuilt zip of unchanged parts) is written
with :mod:`marshal`, as Jinja's own bytecode cache does, under
``$DVK_DOCS_CACHE`` or ``$XDG_CACHE_HOME/dvk-docs`` (``~/.cache/dvk-docs``).

The key covers everything the result depends on: the template's bytes, the profile, the
sandbox's class and intercepted operators, the versions of Python, Jinja, docxtpl and
python-docx, and the source of the modules that style and compile. Any failure to read or
write the cache only means compiling again. ``DVK_DOCS_CACHE=off`` turns it off.

The same folder keeps the parsed ``dataset.yaml`` (``load_bytes``/``store_bytes``, see
``dataset.load``): ruamel's round-trip parser, pure Python, took a tenth of a commune build.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..profiles import Profile

FORMAT = 1
_CODE = ("compiled.py", "engine.py", "engine_env.py", "limits.py", "layout.py", "slim.py",
         "diskcache.py")


def cache_dir() -> Path | None:
    setting = os.environ.get("DVK_DOCS_CACHE")
    if setting is not None and setting.strip().lower() in {"off", "0", "no", ""}:
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dvk-docs" / "templates"


@cache
def _code_fingerprint() -> str:
    """The libraries' versions and this package's styling/compiling code."""
    from importlib.metadata import version

    h = hashlib.sha256(f"{FORMAT} {sys.version} {sys.implementation.cache_tag}".encode())
    for dist in ("jinja2", "docxtpl", "python-docx", "lxml"):
        with contextlib.suppress(Exception):
            h.update(f"{dist}={version(dist)}".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        with contextlib.suppress(OSError):
            h.update((here / name).read_bytes())
    with contextlib.suppress(OSError):
        h.update((here.parent / "profiles.py").read_bytes())
    return h.hexdigest()


def content_hash(path: Path, code: str) -> Any:
    """A sha256 of the reading code's fingerprint ``code`` and the bytes of the file at
    ``path``, for the caller to add its settings to; None when there is no cache folder or
    the file cannot be read."""
    if cache_dir() is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    h = hashlib.sha256(code.encode())
    h.update(hashlib.sha256(data).digest())
    return h


def key_for(path: Path, profile: Profile, env: Environment) -> str | None:
    """The cache key of ``path`` styled with ``profile`` for ``env`` (None: no cache)."""
    h = content_hash(path, _code_fingerprint())
    if h is None:
        return None
    h.update(repr(profile).encode())
    cls = type(env)
    h.update(f"{cls.__module__}.{cls.__qualname__}".encode())
    h.update(repr(sorted(getattr(env, "intercepted_binops", ()))).encode())
    h.update(repr(sorted(getattr(env, "intercepted_unops", ()))).encode())
    h.update(repr((env.autoescape, env.undefined, env.keep_trailing_newline)).encode())
    return h.hexdigest()


def load(key: str) -> dict[str, Any] | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        state = marshal.loads((directory / f"{key}.bin").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return state if isinstance(state, dict) and state.get("format") == FORMAT else None


def store(key: str, state: dict[str, Any]) -> None:
    directory = cache_dir()
    if directory is None:
        return
    tmp = None
    try:
        data = marshal.dumps({**state, "format": FORMAT})
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".part-", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, directory / f"{key}.bin")
    except (OSError, ValueError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def load_bytes(name: str) -> bytes | None:
    """The bytes stored under ``name`` by :func:`store_bytes`, or None."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        return (directory / name).read_bytes()
    except OSError:
        return None


def store_bytes(name: str, data: bytes) -> None:
    """Write ``data`` under ``name`` atomically; a failure only means no cache."""
    directory = cache_dir()
    if directory is None:
        return
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".part-", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, directory / name)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
