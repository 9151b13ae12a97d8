"""A big sheet read on two cores (dataset/sheet_halves.py, issue 14 target 1) gives what
reading it on one core gives: the same registrations, ids, sources and warnings in the same
order, the same problems, and it reads on one core whenever the cut is not safe."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dvk_docs.dataset import sheet_halves
from dvk_docs.dataset.sheet import read_sheet
from dvk_docs.dataset.sheet_halves import cut
from dvk_docs.dataset.sheet_regs import read_sheet_regs
from dvk_docs.dataset.xlsx import XlsxBook, in_order
from dvk_docs.dataset.xlsx_fast import document
from dvk_docs.errors import DatasetError

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "xa-an-phu" / "dang_ky.xlsx"
NAMES = ["Lĩnh vực phát triển kinh tế", "Lĩnh vực văn hóa - xã hội",
         "Lĩnh vực quốc phòng, an ninh", "Lĩnh vực xây dựng hệ thống chính trị"]
GROUPS = ["I. Lĩnh vực phát triển kinh tế", "II. Lĩnh vực văn hóa - xã hội",
          "III. Lĩnh vực quốc phòng, an ninh", "IV. Lĩnh vực xây dựng hệ thống chính trị"]


def _sheet(path: Path, rows: int = 240, broken: set[int] = frozenset(),
           nfd: set[int] = frozenset()) -> Path:
    """The sample's header and registrations repeated ``rows`` times in four groups;
    rows in ``broken`` lack their mark, rows in ``nfd`` have a decomposed (NFD) name."""
    book = openpyxl.load_workbook(SAMPLE)
    ws = book.active
    assert ws is not None
    sample = [list(r) for r in ws.iter_rows(min_row=6, values_only=True)
              if isinstance(r[0], int) and r[4]]
    ws.delete_rows(5, ws.max_row)
    ws.cell(row=3, column=18, value="Ghi chú riêng")  # a column left aside: a warning
    n = 0
    for g, group in enumerate(GROUPS):
        ws.append([group])
        for _ in range(rows // len(GROUPS)):
            row = list(sample[n % len(sample)])
            n += 1
            row[0] = n
            row[4] = f"{row[4]} - số {n}"
            if n in broken:
                row[2] = row[3] = None
            if n in nfd:
                row[4] = unicodedata.normalize("NFD", row[4])
            if n % 7 == 0:
                row[14] = dt.datetime(2026, 2, 1 + g)
            ws.append(row)
    book.save(path)
    return path


def _one_core(path: Path, warnings: list[str]) -> Any:
    try:
        regs = read_sheet_regs(path, read_sheet(path, None, NAMES, warnings), warnings)
    except DatasetError as err:
        return ["error", str(err), [p.to_dict() for p in err.problems]]
    return json.loads(json.dumps([[r.model_dump(mode="json"), r.source] for r in regs]))


# The two-core reading runs in a new interpreter: pytest's own process may already hold
# threads (the web tests' live server, a render pool), where dvk-docs never forks.
_RUNNER = """
import json, os, sys
from pathlib import Path
from dvk_docs.dataset import load, load_dataset, sheet_halves
from dvk_docs.errors import DatasetError

what, path, share, names = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
sheet_halves.MIN_BYTES = 0  # every sheet counts as big
sheet_halves.HEAD_SHARE = share
outcomes = []
real_halves = sheet_halves._read_halves

def spy(*args, **kwargs):
    try:
        found = real_halves(*args, **kwargs)
    except DatasetError:
        outcomes.append("error")
        raise
    outcomes.append(found is not None)
    return found

sheet_halves._read_halves = spy
if what == "fail-child":  # the child runs out of memory while making its registrations
    parent, real = os.getpid(), sheet_halves.registrations_of

    def child_fails(*args, **kwargs):
        if os.getpid() != parent:
            raise MemoryError("the child ran out")
        return real(*args, **kwargs)

    sheet_halves.registrations_of = child_fails
out = {"can_fork": sheet_halves.can_fork()}
if what == "cache":  # load the dataset folder twice: the second from the sheet cache
    first = load_dataset(path)
    load.read_registrations = None  # reading the sheet again would fail
    again = load_dataset(path)
    dump = lambda d: [[r.model_dump(mode="json"), r.source] for r in d.registrations]
    out.update(same=dump(again) == dump(first), total=len(again.registrations),
               warnings=[first.warnings, again.warnings])
else:
    warnings = ["trước đó"]
    try:
        regs = sheet_halves.read_registrations(path, None, names, warnings, [])
        out["result"] = [[r.model_dump(mode="json"), r.source] for r in regs]
    except DatasetError as err:
        out["result"] = ["error", str(err), [p.to_dict() for p in err.problems]]
    out["warnings"] = warnings
out["outcomes"] = outcomes
print(json.dumps(out))
"""


def _run(what: str, path: Path, share: float = 0.5) -> dict[str, Any]:
    """What the runner above prints: the two-core reading of ``path`` (``what``: 'read',
    'fail-child', or 'cache' for a dataset folder loaded twice)."""
    done = subprocess.run([sys.executable, "-c", _RUNNER, what, str(path), str(share), *NAMES],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, Any] = json.loads(done.stdout)
    if not found["can_fork"]:
        pytest.skip(f"a fresh process cannot fork here (cores {sheet_halves.usable_cores()})")
    return found


@pytest.mark.parametrize("share", [0.2, 0.5, 0.8])
def test_same_registrations_as_one_core(tmp_path: Path, share: float) -> None:
    path = _sheet(tmp_path / "dk.xlsx", nfd={3, 150, 230})
    one_w: list[str] = []
    one = _one_core(path, one_w)
    two = _run("read", path, share)
    assert two["outcomes"] == [True]  # really read in two halves
    assert two["result"] == one
    assert len(one) == 240
    # the group in force at the cut carries over into the second half
    assert [d["linh_vuc"] for d, _ in one] == [NAMES[i // 60] for i in range(240)]
    assert one[-1][1] == "dk.xlsx, trang 'Dang ky', dòng 248"  # 4 header and 4 group rows
    assert two["warnings"] == ["trước đó", *one_w]
    assert one_w == ["dk.xlsx, trang 'Dang ky': bỏ qua các cột không dùng: R 'Ghi chú riêng'"]
    names = [d["model_name"] for d, _ in one]
    assert names[149] == "Bí thư chi bộ đến từng hộ nghe dân nói - số 150"  # was NFD
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_same_problems_in_both_halves(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "dk.xlsx", broken={5, 200})
    one = _one_core(path, [])
    two = _run("read", path)
    assert two["outcomes"] == ["error"]
    assert one[0] == "error" and "2 lỗi" in one[1]
    assert two["result"] == one
    # the second half's rows keep their place in the whole sheet: row and DK number
    assert [(p["row"], p["path"]) for p in one[2]] == [(10, "registrations[DK005]"),
                                                       (208, "registrations[DK200]")]


def test_the_cut_gives_the_same_rows(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "dk.xlsx")
    book = XlsxBook(path)
    try:
        xml = book.sheet_xml(book.sheetnames[0])
        assert xml is not None
        whole = in_order(book.parse_rows(xml))
        for share in (0.01, 0.3, 0.5, 0.99):
            parts = cut(xml, share)
            assert parts is not None
            head = in_order(book.parse_rows(xml, span=parts[0]))
            tail = in_order(book.parse_rows(xml, span=parts[1]), head[-1][0])
            # and as documents of their own, as expat reads them
            alone = [in_order(book.parse_rows(document(xml, part))) for part in parts]
            assert alone[0] == head and in_order(alone[1], head[-1][0]) == tail
            assert head and tail
            assert head + tail == whole
    finally:
        book.close()


@pytest.mark.parametrize("xml", [
    b'<worksheet xmlns="m"><sheetData/></worksheet>',
    b'<worksheet xmlns="m"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
    b'<!-- <row r="9"> --><row r="2"/></sheetData></worksheet>',
    b'<worksheet xmlns="m"><sheetData><row r="1"><c r="A1"><f t="shared" si="0">B1</f>'
    b'</c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c></row></sheetData></worksheet>',
    b'<worksheet xmlns="m"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
    b'<row><c r="A2"><v>2</v></c></row></sheetData></worksheet>',
])
def test_no_cut_where_it_is_not_safe(xml: bytes) -> None:
    assert cut(xml, 0.6) is None


def test_prefixed_rows_are_cut(tmp_path: Path) -> None:
    xml = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<x:sheetData>' + b"".join(
               b'<x:row r="%d"><x:c r="A%d"><x:v>%d</x:v></x:c></x:row>' % (i, i, i)
               for i in range(1, 41)) + b'</x:sheetData><x:rowBreaks count="0"/></x:worksheet>')
    parts = cut(xml, 0.5)
    assert parts is not None
    head, tail = (document(xml, part) for part in parts)
    assert head.endswith(b'</x:sheetData><x:rowBreaks count="0"/></x:worksheet>')
    assert tail.startswith(b'<x:worksheet') and b'<x:sheetData><x:row r="2' in tail


def test_a_failing_child_means_one_core(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "dk.xlsx", nfd={200})
    one_w: list[str] = []
    one = _one_core(path, one_w)
    two = _run("fail-child", path)
    assert two["outcomes"] == [False]  # the halves gave up, the one-core reading answered
    assert two["result"] == one
    assert two["warnings"] == ["trước đó", *one_w]  # the first half's are not given twice


_THREADS = """
import threading
from dvk_docs.dataset import sheet_halves
from dvk_docs.render.limits import time_budget

sheet_halves.usable_cores = lambda: 2
with time_budget(5):  # starts the render watchdog thread
    watchdog = any(t.name == "dvk-render-watchdog" for t in threading.enumerate())
alone = sheet_halves.can_fork()
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
with_other = sheet_halves.can_fork()
stop.set()
other.join()
sheet_halves.usable_cores = lambda: 1
print(watchdog, alone, with_other, sheet_halves.can_fork())
"""


def test_another_thread_means_one_core() -> None:
    """A thread that may hold a lock at the fork (a web request's) keeps the sheet on one
    core; the render watchdog, which a forked child does without, does not; nor does one
    usable core. In a new interpreter: pytest's own may hold other threads."""
    done = subprocess.run([sys.executable, "-c", _THREADS], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-2000:]
    linux = str(sys.platform.startswith("linux"))
    assert done.stdout.split() == ["True", linux, "False", "False"]


def test_the_halves_are_kept_in_the_cache_as_read(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVK_DOCS_CACHE", str(tmp_path / "cache"))
    ds = tmp_path / "ds"
    shutil.copytree(SAMPLE.parent, ds)
    _sheet(ds / "dang_ky.xlsx")
    found = _run("cache", ds)
    assert found["outcomes"] == [True]  # read in halves once, then from the cache
    assert len(list((tmp_path / "cache").glob("sheet-*.pickle"))) == 1
    assert found["same"] is True and found["total"] == 240
    assert found["warnings"][0] == found["warnings"][1]
