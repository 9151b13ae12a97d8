"""PDF benchmark: batch conversion vs one LibreOffice call per file, the dossier, and the
fillable forms, in one run.

Usage:  .venv/bin/python bench/bench_pdf.py [--forms 500] [--per-file N]
                                           [--parts batch,dossier,forms,scale]
                                           [--scale-sizes 43,1000]

Measures
  1. the commune sample's whole set (.docx) converted in ONE LibreOffice call vs one call
     per file, same files, same run (target: batch >= 3x faster); --per-file N times only
     the first N files one by one and scales to the whole set (said in the output);
  2. the dossier (hồ sơ đề nghị công nhận) of each sample, end to end;
  3. filling and reading N phiếu (cycling through the commune's registrations): time per
     form and peak memory (tracemalloc's peak of Python allocations; the process's max RSS);
  4. files per second at 43 (the commune set) and 1,000 files (a synthetic province's
     phiếu): the pool of LibreOffice instances beside one instance converting all files.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from measure import peak_mb

from dvk_docs import build
from dvk_docs.dataset import load_dataset
from dvk_docs.pdf.convert import (
    BATCH_MAX,
    MAX_INSTANCES,
    PdfError,
    convert_to_pdf,
    instances_for,
    pdf_beside,
)
from dvk_docs.pdf.dossier import build_dossier
from dvk_docs.pdf.formdata import values_for
from dvk_docs.pdf.forms import fill_pdf, form_path, read_fields

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def bench_batch(tmp: Path, per_file: int | None) -> None:
    result = build(SAMPLES / "xa-an-phu", tmp / "set")
    files = sorted(result.files)
    # one folder, unique names: the batch and the single calls convert the same files
    flat = tmp / "docx"
    flat.mkdir()
    docs = []
    for i, f in enumerate(files):
        target = flat / f"{i:03d}-{f.name}"
        shutil.copy(f, target)
        docs.append(target)
    start = time.perf_counter()
    convert_to_pdf(docs, tmp / "batch")
    batch = time.perf_counter() - start
    chosen = docs[:per_file] if per_file else docs
    start = time.perf_counter()
    for i, doc in enumerate(chosen):
        convert_to_pdf([doc], tmp / f"single-{i}")
    single = time.perf_counter() - start
    scaled = single * len(docs) / len(chosen)
    note = "" if len(chosen) == len(docs) else \
        f" (timed {len(chosen)} files one by one, scaled to {len(docs)})"
    print(f"1. LibreOffice, {len(docs)} .docx of the commune sample:")
    print(f"   one batch call      {batch:7.2f} s  ({batch / len(docs) * 1000:5.0f} ms/file)")
    print(f"   one call per file   {scaled:7.2f} s  ({scaled / len(docs) * 1000:5.0f} ms/file)"
          f"{note}")
    print(f"   batch is {scaled / batch:.1f}x faster (target >= 3x)")


def bench_dossier(tmp: Path) -> None:
    print("2. Dossier (render, one LibreOffice call, merge, contents, bookmarks):")
    for name in ("xa-an-phu", "phuong-hoa-binh"):
        start = time.perf_counter()
        result = build_dossier(SAMPLES / name, tmp / f"{name}.pdf")
        took = time.perf_counter() - start
        size = result.path.stat().st_size / 1e6
        print(f"   {name:16s} {took:6.2f} s  {result.pages:3d} pages  {size:5.2f} MB")


def _fill_all(template: bytes, values: list[dict[str, str]], out: Path) -> None:
    for i, v in enumerate(values):
        pdf, _ = fill_pdf(template, v)
        (out / f"{i:04d}.pdf").write_bytes(pdf)


def _read_all(out: Path) -> int:
    return sum(bool(read_fields(p.read_bytes(), str(p)).problems) for p in sorted(out.iterdir()))


def bench_forms(tmp: Path, count: int) -> None:
    loaded = load_dataset(SAMPLES / "xa-an-phu")
    regs = loaded.registrations
    values = [values_for(regs[i % len(regs)], loaded) for i in range(count)]
    template = form_path(loaded.data.family).read_bytes()
    out, probe = tmp / "forms", tmp / "forms-memory"
    out.mkdir()
    probe.mkdir()
    gc.collect()
    start = time.perf_counter()
    _fill_all(template, values, out)
    fill = time.perf_counter() - start
    start = time.perf_counter()
    bad = _read_all(out)
    read_time = time.perf_counter() - start
    start = time.perf_counter()
    for v in values[:50]:
        fill_pdf(template, v, flatten=True)
    flat = (time.perf_counter() - start) / min(50, count)
    # memory in a separate pass (tracemalloc slows Python down several times)
    sample = values[:100]
    fill_peak = peak_mb(lambda: _fill_all(template, sample, probe))
    read_peak = peak_mb(lambda: _read_all(probe))
    size = sum(p.stat().st_size for p in out.iterdir()) / count / 1e3
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"3. Fillable phiếu, {count} forms ({size:.0f} kB each):")
    print(f"   fill            {fill / count * 1000:6.1f} ms/form  (total {fill:5.1f} s)")
    print(f"   read            {read_time / count * 1000:6.1f} ms/form  (total "
          f"{read_time:5.1f} s, {bad} with problems)")
    print(f"   fill + flatten  {flat * 1000:6.1f} ms/form  (first 50)")
    print(f"   peak Python memory over {len(sample)} forms: fill {fill_peak:5.1f} MB, read "
          f"{read_peak:5.1f} MB (tracemalloc); process max RSS "
          f"{rss:.0f} MB")


def _docx_set(tmp: Path, n: int) -> list[Path]:
    """n .docx: the commune sample's set (43) or a synthetic province's phiếu."""
    if n == 43:
        return sorted(build(SAMPLES / "xa-an-phu", tmp / f"set-{n}").files)
    from make_province import make_province

    ds = make_province(tmp / f"tinh-{n}", n, as_csv=True)
    files = sorted(build(ds, tmp / f"set-{n}").files)
    return [f for f in files if f.parent.name.startswith("03-")][:n]


def bench_scale(tmp: Path, sizes: list[int]) -> None:
    """Files per second: the pool of LibreOffice instances (pdf_beside) vs one instance
    (pdf_beside with instances=1: the same calls of at most BATCH_MAX files, one after the
    other), same files, same run; then whether ONE call for all files (the old way) works."""
    print(f"4. PDF at scale (pool of up to {MAX_INSTANCES} LibreOffice instances vs one):")
    for n in sizes:
        files = _docx_set(tmp, n)
        convert_to_pdf(files[:1], tmp / f"warm-{n}")  # LibreOffice's files into the OS cache
        start = time.perf_counter()
        pdf_beside(files, force=True)
        pooled = time.perf_counter() - start
        start = time.perf_counter()
        pdf_beside(files, force=True, instances=1)
        single = time.perf_counter() - start
        print(f"   {len(files):5d} files: pool ({instances_for(len(files))} instance(s)) "
              f"{len(files) / pooled:6.1f} files/s   one instance {len(files) / single:6.1f} "
              f"files/s   time ratio {pooled / single:5.2f}   [load {os.getloadavg()[0]:.2f}]")
        if len(files) > BATCH_MAX:
            start = time.perf_counter()
            try:
                convert_to_pdf(files, tmp / f"one-call-{n}", timeout=max(180, 0.6 * n))
                print(f"          one call for all {n} files (before issue 14): "
                      f"{n / (time.perf_counter() - start):6.1f} files/s")
            except PdfError:
                made = len(list((tmp / f"one-call-{n}").glob("*.pdf")))
                print(f"          one call for all {n} files (before issue 14): LibreOffice "
                      f"stopped after {made} files (exit code 0), "
                      f"{time.perf_counter() - start:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--forms", type=int, default=500)
    parser.add_argument("--per-file", type=int, default=None,
                        help="time only the first N files one by one (scaled)")
    parser.add_argument("--parts", default="batch,dossier,forms,scale",
                        help="comma-separated parts to run (default: all four)")
    parser.add_argument("--scale-sizes", default="43,1000",
                        help="file counts for the 'scale' part (43 = the commune set)")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory(prefix="dvk-bench-pdf-") as tmp:
        root = Path(tmp)
        if "batch" in parts:
            bench_batch(root, args.per_file)
        if "dossier" in parts:
            bench_dossier(root)
        if "forms" in parts:
            bench_forms(root, args.forms)
        if "scale" in parts:
            bench_scale(root, [int(x) for x in args.scale_sizes.split(",") if x])


if __name__ == "__main__":
    main()
