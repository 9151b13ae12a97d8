"""Issue-14 benchmark: validate, start-up, one document, the commune set, province scale.

Usage:  .venv/bin/python bench/bench_scale.py [--baseline-ref REF] [--sizes 1000,5000,25000]
                                             [--parts startup,validate,one,commune,province]
                                             [--earlier-ref REF]

Every figure is printed beside a baseline measured in the same run, and their ratio:
  * the baseline code is the commit REF (default: the one before issue 14), unpacked from git
    into a temporary folder and run by the same interpreter (its fat templates included);
  * province scale compares the pool with one process (-j 1) at the smallest size;
  * --earlier-ref REF also times the 25,000-row first read with commit REF, best of --repeat
    each, side by side (the baseline itself takes minutes there).
The machine's load (``uptime``) is printed first: on a shared 2-core machine absolute times
move with it, ratios much less. Times are the best of --repeat runs; "peak memory" is the sum
of the PSS of the process and its workers (shared pages counted once), sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "xa-an-phu"
sys.path.insert(0, str(REPO / "bench"))

from make_province import make_province  # noqa: E402

PY = sys.executable
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def load() -> str:
    """The 1-minute load average, printed beside each figure (other processes share the
    cores: a pool cannot win on a busy machine)."""
    return f"load {os.getloadavg()[0]:.2f}"


def row(label: str, ours: float, base: float | None, unit: str = "s", note: str = "") -> None:
    note = f"{note} [{load()}]".strip()
    if base is None:
        print(f"  {label:<44} {ours:9.3f} {unit:<3} {note}")
        return
    ratio = ours / base if base else float("nan")
    print(f"  {label:<44} {ours:9.3f} {unit:<3} baseline {base:9.3f} {unit:<3} "
          f"ratio {ratio:5.2f} {note}")


def _pss(pid_dir: Path) -> int | None:
    """Proportional set size (pages shared after fork counted once overall), bytes."""
    try:
        for line in (pid_dir / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _session_rss(sid: int) -> int:
    """Memory of every process of session ``sid`` (bytes): the sum of their PSS (the
    workers share the parent's pages after fork; RSS would count them once per worker)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid:  # field 6 of stat: session id
            pss = _pss(stat.parent)
            total += pss if pss is not None else int(fields[21]) * PAGE  # field 24: rss
    return total


def run(cmd: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None
        ) -> tuple[float, float, int]:
    """Run ``cmd`` in a new session: (wall s, CPU s of it and its children, peak RSS bytes)."""
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, _session_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    after = os.times()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')[-2000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system
                                                          - before.children_system)
    return wall, cpu, peak


def best(fn: Callable[[], tuple[float, float, int]], repeat: int) -> tuple[float, float, int]:
    runs = [fn() for _ in range(repeat)]
    return min(runs, key=lambda r: r[0])


class Code:
    """How to run one version of dvk-docs: this checkout or the baseline commit's files."""

    def __init__(self, root: Path, label: str) -> None:
        self.root = root
        self.label = label
        self.sample = root / "samples" / "xa-an-phu"  # each version reads its own sample
        self.env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="")

    def cli(self, *args: str) -> list[str]:
        return [PY, "-c", "import sys; from dvk_docs.cli import main; sys.argv[0] = 'dvk-docs';"
                " main()", *args]

    def run(self, *args: str) -> tuple[float, float, int]:
        return run(self.cli(*args), env=self.env, cwd=self.root)

    def py(self, code: str) -> tuple[float, float, int]:
        return run([PY, "-c", code], env=self.env, cwd=self.root)


def baseline(ref: str, into: Path) -> Code:
    data = subprocess.run(["git", "-C", str(REPO), "archive", ref], check=True,
                          capture_output=True).stdout
    import io

    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return Code(into, f"baseline {ref}")


def part_startup(ours: Code, base: Code, repeat: int) -> None:
    print("3. start-up (target <= 0.25 s each)")
    for label, code in (("import dvk_docs", "import dvk_docs"),):
        o = best(lambda c=code: ours.py(c), repeat)
        b = best(lambda c=code: base.py(c), repeat)
        row(label, o[0], b[0], note=f"(CPU {o[1]:.2f} vs {b[1]:.2f} s)")
    o = best(lambda: ours.run("--help"), repeat)
    b = best(lambda: base.run("--help"), repeat)
    row("dvk-docs --help", o[0], b[0], note=f"(CPU {o[1]:.2f} vs {b[1]:.2f} s)")


def part_validate(ours: Code, base: Code, sets: dict[int, Path], repeat: int, tmp: Path,
                  earlier: Code | None = None) -> None:
    print("1. validate without rendering (target: 25,000 registrations <= 2 s, <= 300 MB)"
          "\n   (first read of the sheet, then again with its registrations in the cache "
          "folder, as after editing dataset.yaml)")

    def cold(ds: Path, code: Code = ours) -> tuple[float, float, int]:
        forget_sheets()  # the same bytes may have been read by an earlier run
        return code.run("validate", str(ds))

    for n, ds in sets.items():
        o = best(lambda ds=ds: cold(ds), repeat if n < 25000 else 1)
        warm = best(lambda ds=ds: ours.run("validate", str(ds)), repeat)
        if n <= 1000:  # the baseline renders every document: 5,000 take minutes
            full = best(lambda ds=ds: ours.run("validate", "--full", str(ds)), 1)
            base_ds = make_province(tmp / f"base-tinh-{n}", n, as_csv=ds.joinpath(
                "dang_ky.csv").exists(), sample=base.sample)  # its own sample's format
            b = best(lambda ds=base_ds: base.run("validate", str(ds)), 1)
            row(f"{n:>6} registrations: validate", o[0], b[0],
                note=f"(baseline = {base.label} validate; CPU {o[1]:.2f} s)")
            row(f"{n:>6} registrations: validate --full", full[0], b[0])
            row(f"{n:>6} registrations: peak memory", o[2] / 1e6, b[2] / 1e6, "MB")
        else:
            row(f"{n:>6} registrations: validate", o[0], None,
                note=f"CPU {o[1]:.2f} s (baseline not run: minutes)")
            row(f"{n:>6} registrations: peak memory", o[2] / 1e6, None, "MB")
            if earlier is not None:  # a same-run ratio where the baseline takes minutes
                e = best(lambda ds=ds: cold(ds, earlier), repeat)
                o = best(lambda ds=ds: cold(ds), repeat)
                row(f"{n:>6} registrations: validate, best of {repeat}", o[0], e[0],
                    note=f"(baseline: {earlier.label}, first read, best of {repeat}; CPU "
                         f"{o[1]:.2f} vs {e[1]:.2f} s, peak {o[2] / 1e6:.0f} vs "
                         f"{e[2] / 1e6:.0f} MB)")
        row(f"{n:>6} registrations: validate again (cached sheet)", warm[0], o[0],
            note=f"(baseline: the first read above; CPU {warm[1]:.2f} s, "
                 f"peak {warm[2] / 1e6:.0f} MB)")
        load = best(lambda ds=ds: ours.py(
            f"from dvk_docs.dataset import load_dataset; load_dataset({str(ds)!r})"), 1)
        row(f"{n:>6} registrations: of which loading the dataset", load[0], None,
            note="(python start + load_dataset alone, sheet cached)")


def forget_sheets() -> None:
    """Drop the registrations kept by dataset/sheet_cache.py, so a first read is one."""
    sys.path.insert(0, str(REPO))
    from dvk_docs.render.diskcache import cache_dir

    folder = cache_dir()
    if folder is not None:
        for entry in folder.glob("sheet-*.pickle"):
            entry.unlink(missing_ok=True)


def part_one(ours: Code, base: Code, repeat: int) -> None:
    print("6. one document in a warm process (target <= 30 ms)")
    code = """
import time, io
from pathlib import Path
from dvk_docs.dataset import load_dataset
from dvk_docs.facts import derive
from dvk_docs.profiles import profile_for
from dvk_docs.documents import KINDS, items_of, template_for
from dvk_docs.api import template_roots
from dvk_docs.render.engine import render_docx
import sys
loaded = load_dataset(sys.argv[1]); facts = derive(loaded)
profile = profile_for(loaded.data.family, loaded.data.profile); roots = template_roots(None)
for key in ("phieu_dang_ky", "ke_hoach"):
    kind = KINDS[key]; t = template_for(key, profile, roots)
    extra = tuple(items_of(kind, loaded, facts)[:1]) if kind.per_item else ()
    def one():
        return render_docx(t, kind.context(loaded, facts, profile, *extra), profile)
    one()
    times, cpu = [], []
    for _ in range(20):
        s, c = time.perf_counter(), time.process_time(); one()
        times.append(time.perf_counter() - s); cpu.append(time.process_time() - c)
    print(key, min(times), key + "_cpu", sorted(cpu)[len(cpu) // 2])
"""
    results = {}
    for who, c in (("ours", ours), ("base", base)):
        out = subprocess.run([PY, "-c", code, str(c.sample)], env=c.env, cwd=c.root,
                             capture_output=True,
                             text=True, check=True).stdout.split()
        results[who] = dict(zip(out[::2], map(float, out[1::2]), strict=True))
    for key, label in (("phieu_dang_ky", "one phiếu (context + render)"),
                       ("ke_hoach", "the plan (context + render)")):
        row(label, results["ours"][key] * 1000, results["base"][key] * 1000, "ms",
            note=f"(median CPU {results['ours'][key + '_cpu'] * 1000:.1f} vs "
                 f"{results['base'][key + '_cpu'] * 1000:.1f} ms)")


def part_commune(ours: Code, base: Code, tmp: Path, repeat: int) -> None:
    print("4. the commune set end to end: dvk-docs build samples/xa-an-phu (target <= 1.0 s)")
    counter = iter(range(1000))

    def build(code: Code) -> tuple[float, float, int]:
        return code.run("build", str(code.sample), "-o", str(tmp / f"commune-{next(counter)}"))

    o = best(lambda: build(ours), repeat)
    b = best(lambda: build(base), repeat)
    row("43 documents, wall incl. start-up", o[0], b[0])
    row("43 documents, CPU", o[1], b[1])


def part_province(ours: Code, sets: dict[int, Path], tmp: Path) -> None:
    sys.path.insert(0, str(REPO))
    from dvk_docs.cores import MIN_PARALLEL, usable_cores

    cores = usable_cores()
    print(f"5. province scale: Mẫu 1 + N phiếu, one process and a pool of {cores} "
          f"(os.sched_getaffinity; the default starts the pool from {MIN_PARALLEL} documents)"
          "\n   (target 25,000: <= 3 min, <= 1 GB; cost per phiếu constant)")
    for n, ds in sets.items():
        one = ours.run("build", str(ds), "-o", str(tmp / f"prov-{n}-j1"), "-j", "1")
        note_one = load()
        pool = ours.run("build", str(ds), "-o", str(tmp / f"prov-{n}-pool"), "-j", str(cores))
        note_pool = load()
        row(f"{n:>6} phiếu: wall, pool of {cores}", pool[0], one[0],
            note=f"(baseline: one process, -j 1; {note_one} / {note_pool})")
        row(f"{n:>6} phiếu: per phiếu, one process", one[0] / n * 1000, None, "ms",
            note=f"CPU {one[1] / n * 1000:.2f} ms/phiếu")
        row(f"{n:>6} phiếu: per phiếu, pool", pool[0] / n * 1000, None, "ms",
            note=f"CPU {pool[1] / n * 1000:.2f} ms/phiếu")
        row(f"{n:>6} phiếu: peak memory, one process", one[2] / 1e6, None, "MB")
        row(f"{n:>6} phiếu: peak memory, pool (all processes)", pool[2] / 1e6, None, "MB")
        for d in (tmp / f"prov-{n}-j1", tmp / f"prov-{n}-pool"):
            shutil.rmtree(d, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-ref", default="64d5dca")
    parser.add_argument("--sizes", default="1000,5000,25000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parts", default="startup,validate,one,commune,province")
    parser.add_argument("--csv", action="store_true", help="province sheets as CSV")
    parser.add_argument("--earlier-ref", default=None,
                        help="also time the big first reads with this commit, side by side")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    with tempfile.TemporaryDirectory(prefix="dvk-bench-scale-") as t:
        tmp = Path(t)
        ours = Code(REPO, "this checkout")
        base = baseline(args.baseline_ref, tmp / "baseline")
        print(f"ours: {REPO}   baseline: {base.label}")
        for code in (ours, base):  # byte-compile both before timing anything
            code.py("import dvk_docs.cli")
        sets = {}
        if parts & {"validate", "province"}:
            for n in sizes:
                sets[n] = make_province(tmp / f"tinh-{n}", n, as_csv=args.csv)
            print(f"province datasets: {', '.join(map(str, sizes))} registrations "
                  f"({'csv' if args.csv else 'xlsx'})")
        if "startup" in parts:
            part_startup(ours, base, args.repeat)
        if "one" in parts:
            part_one(ours, base, args.repeat)
        if "commune" in parts:
            part_commune(ours, base, tmp, args.repeat)
        if "validate" in parts:
            earlier = None
            if args.earlier_ref:
                earlier = baseline(args.earlier_ref, tmp / "earlier")
                earlier.label = f"commit {args.earlier_ref}"
                earlier.py("import dvk_docs.cli")  # byte-compiled before timing
            part_validate(ours, base, sets, args.repeat, tmp, earlier)
        if "province" in parts:
            part_province(ours, sets, tmp)
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
