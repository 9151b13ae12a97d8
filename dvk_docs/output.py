"""Writing results safely: never outside the output folder, never over a file without
``force``, and never half-written (temporary file + rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from .errors import OutputError


def safe_target(out_dir: Path, relative: str) -> Path:
    """``out_dir / relative``, refusing names that would escape ``out_dir``."""
    rel = Path(relative)
    if rel.is_absolute() or ".." in rel.parts:
        raise OutputError(f"Tên file '{relative}' không hợp lệ (ra ngoài thư mục kết quả)")
    target = (out_dir / rel).resolve()
    root = out_dir.resolve()
    if root != target and root not in target.parents:
        raise OutputError(f"Tên file '{relative}' không hợp lệ (ra ngoài thư mục {out_dir})")
    return target


def check_free(targets: Sequence[Path], force: bool) -> None:
    """Refuse (before anything is written) when outputs exist and ``force`` is off."""
    if force:
        return
    existing = [t for t in targets if t.exists()]
    if existing:
        shown = "\n".join(f"  - {p}" for p in existing[:10])
        more = f"\n  ... và {len(existing) - 10} file khác" if len(existing) > 10 else ""
        raise OutputError(
            f"{len(existing)} file kết quả đã có, không ghi đè:\n{shown}{more}\n"
            "Chọn thư mục khác (-o) hoặc thêm --force để ghi đè."
        )


def write_atomic(target: Path, content: bytes) -> None:
    """Write to a temporary file beside ``target`` and rename it into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".dvk-", suffix=".part", dir=target.parent)
    except OSError as err:
        raise OutputError(f"Không tạo được {target.parent}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"Không ghi được {target}: {err.strerror}") from None


def write_folder(out_dir: Path, files: Mapping[str, bytes], force: bool) -> list[Path]:
    """Write ``files`` (relative name -> content) into ``out_dir``: every name is checked
    first, nothing is written when one of them exists (unless ``force``), each file atomically.
    """
    targets = {rel: safe_target(out_dir, rel) for rel in files}
    check_free(list(targets.values()), force)
    written = []
    for rel, path in targets.items():
        write_atomic(path, files[rel])
        written.append(out_dir / rel)
    return written
