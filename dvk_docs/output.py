"""Writing results safely: never outside the output folder, never over a file without
``force``, never half-written, and readable by the other users of a shared folder.

- One file: a temporary file beside the target, renamed into place (:func:`write_atomic`).
- A set of files (a build, an import, a rollover): everything is written into a temporary
  folder first (inside the output folder when it exists, beside it otherwise); only when all
  of it is there are the files moved into place (:func:`write_set`). A full disk, a
  permission problem or Ctrl-C on the way removes the temporary folder and says that nothing
  was written; files replaced with ``force`` are put back if moving fails halfway.
- Files get the permissions the user's umask gives (``mkstemp`` alone would give 0600).
- The output location is checked before any work (:func:`check_writable`), and "is this the
  same folder" is decided by device and inode (:func:`same_place`), so a bind-mount or
  symlink alias of the source is recognised.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .errors import OutputError

_PREFIX = ".dvk-"


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


# ------------------------------------------------------------------ places and permissions

def current_umask() -> int:
    """The process umask, read without changing it (``os.umask`` would, for a moment,
    in every thread) where the system says it; otherwise the classic set-and-restore."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status",
                                                         encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """Permissions of a new file as ``open()`` would give it: 0666 minus the umask."""
    return 0o666 & ~current_umask()


def dir_mode() -> int:
    return 0o777 & ~current_umask()


def same_place(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are the same file or folder (same device and inode), also
    through symlinks, bind mounts and different spellings of the path."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return Path(os.path.abspath(a)) == Path(os.path.abspath(b))
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def inside(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or lies somewhere below it (by device and inode:
    the nearest existing ancestor of ``path`` is compared with ``folder`` and its
    children's parents)."""
    try:
        target = os.stat(folder)
    except OSError:
        return False
    key = (target.st_dev, target.st_ino)
    current = Path(os.path.abspath(path))
    for candidate in (current, *current.parents):
        try:
            st_ = os.stat(candidate)
        except OSError:
            continue
        if (st_.st_dev, st_.st_ino) == key:
            return True
    return False


def check_writable(out_dir: Path) -> None:
    """Say before any work whether results can be written to ``out_dir``: it is a folder
    (or can be created in an existing, writable folder) that this user may write in."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} đã có và không phải thư mục; chọn thư mục khác (-o)")
    existing = out
    while not existing.exists():
        parent = existing.parent
        if parent == existing:
            break
        existing = parent
    if not existing.is_dir():
        raise OutputError(f"Không tạo được thư mục {out}: {existing} là một file, không phải "
                          "thư mục; chọn thư mục khác (-o)")
    if not os.access(existing, os.W_OK | os.X_OK):
        where = "" if existing == out else f" (trong {existing})"
        raise OutputError(f"Không có quyền ghi vào {out}{where}; chọn thư mục khác (-o) hoặc "
                          "xin quyền ghi")


# ------------------------------------------------------------------ one file

def _explain(err: OSError) -> str:
    if err.errno == errno.ENOSPC:
        return "hết chỗ trống trên đĩa (No space left on device)"
    if err.errno == errno.EDQUOT:
        return "vượt hạn mức dung lượng (quota) của tài khoản"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "không có quyền ghi"
    if err.errno == errno.EROFS:
        return "ổ đĩa chỉ cho đọc"
    return err.strerror or str(err)


def _keep_mode(target: Path, fd_or_path: int | str) -> None:
    """The new file gets the old file's permissions (when replacing) or the umask's."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = file_mode()
    if isinstance(fd_or_path, int):
        os.fchmod(fd_or_path, mode)
    else:
        os.chmod(fd_or_path, mode)


def write_atomic(target: Path, content: bytes) -> None:
    """Write to a temporary file beside ``target`` and rename it into place; the file gets
    the permissions of the umask (or of the file it replaces)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_PREFIX, suffix=".part", dir=target.parent)
    except OSError as err:
        raise OutputError(f"Không tạo được {target.parent}: {_explain(err)}") from None
    try:
        _keep_mode(target, fd)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"Không ghi được {target}: {_explain(err)}; file cũ (nếu có) "
                          "giữ nguyên") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ------------------------------------------------------------------ a set of files

Finish = Callable[[list[Path]], None]


def write_set(out_dir: Path, files: Mapping[str, bytes], force: bool,
              finish: Finish | None = None) -> list[Path]:
    """Write ``files`` (relative name -> content) into ``out_dir``, complete or not at all.

    Every name is checked first and nothing is written when one of them exists (unless
    ``force``). The files go into a temporary folder beside ``out_dir``; ``finish`` (for
    example the PDF conversion) runs there on the staged files; then everything is moved
    into place. On any failure or Ctrl-C the temporary folder is removed, replaced files are
    put back, and an OutputError says that nothing was written.
    """
    out = Path(out_dir)
    check_writable(out)
    targets = {rel: safe_target(out, rel) for rel in files}
    check_free(list(targets.values()), force)
    # inside an existing output folder (it may be the only place this user can write), else
    # beside it: on the same file system either way, so the final moves are renames
    parent = out if out.is_dir() else Path(os.path.abspath(out)).parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=_PREFIX, suffix=".part", dir=parent))
    except OSError as err:
        raise OutputError(f"Không tạo được thư mục tạm trong {parent}: {_explain(err)}; "
                          "không file nào được ghi") from None
    try:
        staged = _stage(stage, files)
        if finish is not None:
            extra = [f for f in _run_finish(finish, stage, staged) if f not in staged]
            staged += extra
        return _move_into_place(stage, staged, out)
    except OSError as err:
        raise OutputError(f"Không ghi được kết quả vào {out}: {_explain(err)}. Không file nào "
                          f"được ghi; thư mục {out} giữ nguyên như trước") from None
    except KeyboardInterrupt:
        raise OutputError(f"Đã dừng (Ctrl-C) khi đang ghi. Không file nào được ghi; thư mục "
                          f"{out} giữ nguyên như trước") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _stage(stage: Path, files: Mapping[str, bytes]) -> list[Path]:
    os.chmod(stage, 0o700)  # private while it is being filled
    out = []
    for rel, content in files.items():
        path = stage / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:  # open() applies the umask
            fh.write(content)
        out.append(path)
    return out


def _run_finish(finish: Finish, stage: Path, staged: list[Path]) -> list[Path]:
    before = {p for p in stage.rglob("*") if p.is_file()}
    finish(list(staged))
    return sorted(p for p in stage.rglob("*") if p.is_file() and p not in before)


def _move_into_place(stage: Path, staged: list[Path], out: Path) -> list[Path]:
    """Rename the staged files into ``out``: the whole folder at once when ``out`` does not
    exist yet, file by file (keeping a copy of every replaced file until the end) when it
    does."""
    rels = [p.relative_to(stage) for p in staged]
    if not out.exists():
        for folder in {stage, *(p.parent for p in staged)}:
            os.chmod(folder, dir_mode())
        os.rename(stage, out)
        stage.mkdir()  # for the caller's clean-up
        return [out / r for r in rels]
    backup = stage / f"{_PREFIX}old"
    done: list[tuple[Path, Path | None]] = []  # (target, its backup)
    made: list[Path] = []  # folders created inside out
    try:
        for src, rel in zip(staged, rels, strict=True):
            target = out / rel
            for folder in reversed(target.parents):
                if out in folder.parents and not folder.exists():
                    folder.mkdir(mode=dir_mode())
                    made.append(folder)
            saved = None
            if target.exists():
                saved = backup / rel
                saved.parent.mkdir(parents=True, exist_ok=True)
                _keep_mode(target, str(src))
                os.replace(target, saved)
            done.append((target, saved))
            os.replace(src, target)
    except BaseException:
        for target, saved in reversed(done):
            with contextlib.suppress(OSError):
                if saved is not None:
                    os.replace(saved, target)
                else:
                    os.unlink(target)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return [out / r for r in rels]


def write_folder(out_dir: Path, files: Mapping[str, bytes], force: bool) -> list[Path]:
    """Write ``files`` (relative name -> content) into ``out_dir`` as one set: see
    :func:`write_set`. Returns the paths written."""
    return write_set(out_dir, files, force)
