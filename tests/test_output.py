"""Output as a set: complete or nothing, readable by the others of a shared folder, the
output location checked before the render, the source dataset recognised by device and
inode (issue 10, points 10–13)."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dvk_docs import output
from dvk_docs.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()} if root.exists() else {}


def _leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(".dvk-")]


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664)])
def test_files_follow_the_umask(party_min: Path, tmp_path: Path, mask: int, mode: int) -> None:
    """This test ensures every written file gets the permissions of the umask (before:
    0600, unreadable for the other users of a shared folder)."""
    old = os.umask(mask)
    try:
        res = CliRunner().invoke(cli, ["build", str(party_min), "-o", str(tmp_path / "out")])
    finally:
        os.umask(old)
    assert res.exit_code == 0, res.output
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(files) == 5
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {mode}
    folders = [tmp_path / "out", *(p for p in (tmp_path / "out").rglob("*") if p.is_dir())]
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o777 & ~mask}


def test_write_atomic_follows_the_umask_and_keeps_a_replaced_files_mode(tmp_path: Path) -> None:
    """This test ensures one file written alone follows the umask, and a file replaced
    keeps the permissions it had."""
    old = os.umask(0o022)
    try:
        output.write_atomic(tmp_path / "a.txt", b"1")
        (tmp_path / "b.txt").write_bytes(b"old")
        os.chmod(tmp_path / "b.txt", 0o640)
        output.write_atomic(tmp_path / "b.txt", b"new")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o640
    assert (tmp_path / "b.txt").read_bytes() == b"new"


_LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
from dvk_docs.cli import main
sys.argv = ["dvk-docs", *sys.argv[1:]]
main()
"""


def test_a_write_error_midway_leaves_nothing(tmp_path: Path) -> None:
    """This test ensures the kernel refusing a write halfway through a set (here a file-size
    limit: the same path as a full disk) leaves no file and says so in Vietnamese."""
    ds = SAMPLES / "xa-an-phu"
    full = tmp_path / "full"
    assert CliRunner().invoke(cli, ["build", str(ds), "-o", str(full)]).exit_code == 0
    sizes = [p.stat().st_size for p in sorted(full.rglob("*.docx"))]
    limit = sorted(sizes)[len(sizes) // 2]  # about half the files fit, the others do not
    assert min(sizes) < limit < max(sizes)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-c", _LIMITED.format(limit=limit), "build", str(ds), "-o", str(out)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert "Không file nào được ghi" in proc.stderr
    assert _tree(out) == {}
    assert _leftovers(tmp_path) == []


def test_disk_full_while_replacing_puts_every_old_file_back(party_min: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """This test ensures a failure while moving a forced set into place restores the files
    that were already replaced: the folder is exactly as before."""
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(party_min), "-o", str(out)]).exit_code == 0
    for p in out.rglob("*.docx"):
        p.write_bytes(b"edited by hand " + p.name.encode())
    before = _tree(out)
    real = os.replace
    calls = {"n": 0}

    def failing(src: str | Path, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(output.os, "replace", failing)
    res = CliRunner().invoke(cli, ["build", str(party_min), "-o", str(out), "--force"])
    monkeypatch.undo()
    assert res.exit_code == 1
    assert "hết chỗ trống trên đĩa (No space left on device)" in res.output
    assert "Không file nào được ghi" in res.output
    assert _tree(out) == before
    assert _leftovers(tmp_path) == []


def test_ctrl_c_while_writing_leaves_nothing(party_min: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures Ctrl-C while the set is being written leaves no file and a
    Vietnamese message (before: a partial set and 'Aborted!')."""
    written = {"n": 0}
    real_open = open

    def interrupted(file: object, mode: str = "r", *args: object, **kw: object) -> object:
        if "w" in mode:
            written["n"] += 1
            if written["n"] == 3:
                raise KeyboardInterrupt
        return real_open(file, mode, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(output, "open", interrupted, raising=False)
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["build", str(party_min), "-o", str(out)])
    assert res.exit_code == 1
    assert "Đã dừng (Ctrl-C) khi đang ghi. Không file nào được ghi" in res.output
    assert "Aborted" not in res.output
    assert _tree(out) == {}
    assert _leftovers(tmp_path) == []


def test_ctrl_c_during_the_render_says_nothing_was_written(party_min: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """This test ensures Ctrl-C before the writing ends in a Vietnamese message, not
    'Aborted!'."""
    from dvk_docs import api

    def interrupted(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "render_all", interrupted)
    res = CliRunner().invoke(cli, ["build", str(party_min), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert "Đã dừng theo yêu cầu (Ctrl-C). Không file kết quả nào được ghi" in res.output
    assert not (tmp_path / "out").exists()


def test_a_wrong_output_location_is_reported_before_the_render(
        party_min: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures an output folder that cannot be written is refused before any
    document is rendered (before: only after the whole render)."""
    from dvk_docs import api

    rendered = {"n": 0}
    real = api.render_all

    def counting(*a: object, **k: object) -> object:
        rendered["n"] += 1
        return real(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "render_all", counting)
    locked = tmp_path / "locked"
    locked.mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cases = [(blocker / "out", "là một file, không phải thư mục"),
             (blocker, "đã có và không phải thư mục")]
    if os.geteuid() != 0:  # root may write anywhere
        locked.chmod(0o500)
        cases.append((locked / "out", "Không có quyền ghi vào"))
    for out, message in cases:
        res = CliRunner().invoke(cli, ["build", str(party_min), "-o", str(out)])
        assert res.exit_code == 1, res.output
        assert message in res.output, res.output
    # a folder holding an earlier set: refused with the list of its files, also before
    first = CliRunner().invoke(cli, ["build", str(party_min), "-o", str(tmp_path / "set")])
    assert first.exit_code == 0
    before = rendered["n"]
    res = CliRunner().invoke(cli, ["build", str(party_min), "-o", str(tmp_path / "set")])
    assert "5 file kết quả đã có, không ghi đè" in res.output
    assert rendered["n"] == before
    locked.chmod(0o700)


def test_unwritable_folder_is_refused_first() -> None:
    """This test ensures check_writable names a folder this user may not write in."""
    if os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    with pytest.raises(output.OutputError, match="Không có quyền ghi"):
        output.check_writable(Path("/proc/dvk-out"))


def test_same_place_compares_device_and_inode(tmp_path: Path) -> None:
    """This test ensures two spellings of one folder (a symlink here) are the same place and
    two different folders are not."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "a")
    assert output.same_place(tmp_path / "alias", tmp_path / "a")
    assert not output.same_place(tmp_path / "b", tmp_path / "a")
    assert output.inside(tmp_path / "alias" / "x" / "y", tmp_path / "a")


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1)")
def test_rollover_refuses_a_bind_mount_alias_of_the_source(tmp_path: Path) -> None:
    """This test ensures `rollover --force` into a bind mount of the source folder (a path
    that resolve() cannot tell apart) is refused and the source is left untouched."""
    src = tmp_path / "src"
    shutil.copytree(SAMPLES / "xa-an-phu", src)
    alias = tmp_path / "alias"
    alias.mkdir()
    before = _tree(src)
    script = (f'mount --bind "{src}" "{alias}" && "{sys.executable}" -m dvk_docs rollover '
              f'"{src}" --year 2027 -o "{alias}" --force')
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                          text=True, timeout=300)
    if "mount" in proc.stderr and proc.returncode != 1:
        pytest.skip(f"bind mounts not allowed here: {proc.stderr[-300:]}")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "là thư mục của bộ dữ liệu gốc" in proc.stderr
    assert _tree(src) == before


def test_the_set_is_staged_inside_an_existing_output_folder(party_min: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """This test ensures an existing output folder holds the temporary folder itself (the
    folder above it may not be writable, as with a shared folder), and a new one is staged
    beside it."""
    import tempfile

    made: list[Path] = []
    real = tempfile.mkdtemp

    def recording(*a: object, **k: object) -> str:
        path = real(*a, **k)  # type: ignore[call-overload]
        made.append(Path(path))
        return path

    monkeypatch.setattr(output.tempfile, "mkdtemp", recording)
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(party_min), "-o", str(out)]).exit_code == 0
    out.mkdir(exist_ok=True)
    res = CliRunner().invoke(cli, ["build", str(party_min), "-o", str(out), "--force"])
    assert res.exit_code == 0, res.output
    assert [p.parent for p in made] == [tmp_path, out]
    assert _leftovers(tmp_path) == []
