"""A big build over a pool of processes: the same files, nothing half-written on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dvk_docs import api
from dvk_docs import parallel as par
from dvk_docs.errors import DatasetError

from .docx_helpers import all_text, open_docx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from make_province import make_province  # noqa: E402


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two chunks of phiếu (par.CHUNK is 200), so two workers share them."""
    return make_province(tmp_path_factory.mktemp("prov") / "tinh", 300, as_csv=True)


def test_pool_builds_the_same_set(province: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    seq = api.build(province, tmp_path / "seq", jobs=1)
    frozen: list[int] = []
    original = par.ProcessPoolExecutor

    def watching(*args: object, **kwargs: object) -> object:
        frozen.append(gc.get_freeze_count())  # the workers fork from frozen objects
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(par, "ProcessPoolExecutor", watching)
    pool = api.build(province, tmp_path / "pool", jobs=2)
    assert frozen and frozen[0] > 0 and gc.get_freeze_count() == 0  # all given back after
    assert [p.relative_to(tmp_path / "pool") for p in pool.files] == \
        [p.relative_to(tmp_path / "seq") for p in seq.files]
    assert len(pool.files) == 302 and pool.by_kind == seq.by_kind
    manifest = [line for line in (tmp_path / "pool" / api.MANIFEST).read_text().splitlines()
                if not line.startswith("Bộ dữ liệu")]
    assert manifest == [line for line in (tmp_path / "seq" / api.MANIFEST).read_text()
                        .splitlines() if not line.startswith("Bộ dữ liệu")]
    for i in (0, 1, 2, 201, 301):
        assert all_text(open_docx(pool.files[i])) == all_text(open_docx(seq.files[i]))
    assert not [p for p in (tmp_path / "pool").iterdir() if p.name.startswith(".dvk")]


def test_an_error_in_a_worker_writes_nothing(province: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    original = par.kind_context

    def failing(kind: object, loaded: object, *rest: object) -> dict[str, object]:
        item = rest[-1] if len(rest) == 3 else None
        if getattr(item, "id", None) == "DK250":
            raise DatasetError("dang_ky.csv, dòng 460: lỗi thử")
        return original(kind, loaded, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(par, "kind_context", failing)
    out = tmp_path / "out"
    with pytest.raises(DatasetError, match="lỗi thử"):
        api.build(province, out, jobs=2)
    assert not out.exists()


def test_ctrl_c_stops_the_workers_and_leaves_nothing(tmp_path: Path) -> None:
    province = make_province(tmp_path / "tinh", 2000, as_csv=True)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "dvk_docs", "build", str(province), "-o",
                             str(out), "-j", "2"], start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(out.glob(".dvk-staging-*/*/*.docx")):
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()[0]
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground group
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0, output
    assert not out.exists() or not any(out.rglob("*")), list(out.rglob("*"))[:5]
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(proc.pid, 0)
