"""Rendering benchmark: dvk-docs beside bare docxtpl on the same template, in the same run.

Usage:  .venv/bin/python bench/bench_render.py [--sizes 1000,10000,25000] [--repeat 3]

Measures
  1. each document kind of the commune sample (plan, Mẫu 1, one phiếu);
  2. the whole commune sample set rendered in memory (target: <= 1 s);
  3. Mẫu 1 with N synthetic registrations (time and peak Python memory).
For every measurement the baseline is bare docxtpl rendering the same template with the
same context (DocxTemplate(...).render(ctx, autoescape=True) + save), so the ratio shows the
cost of what dvk-docs adds (validation is reported apart, profile styling is included).
Times are the best of --repeat runs; memory is tracemalloc's peak in a separate run.
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from measure import best_time, peak_mb

from dvk_docs.api import render_all, resource_root, template_roots
from dvk_docs.dataset import load_dataset
from dvk_docs.dataset.models import Registration
from dvk_docs.documents import KINDS, items_of, template_for
from dvk_docs.facts import derive
from dvk_docs.profiles import profile_for
from dvk_docs.render.compiled import clear_cache
from dvk_docs.render.engine import render_docx

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "xa-an-phu"


def bare(template: Path, ctx: dict[str, Any]) -> bytes:
    tpl = DocxTemplate(str(template))
    tpl.render(ctx, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def row(label: str, ours: float, base: float, unit: str = "s") -> None:
    ratio = ours / base if base else float("nan")
    print(f"  {label:<38} dvk-docs {ours:8.3f} {unit}   bare docxtpl {base:8.3f} {unit}"
          f"   ratio {ratio:5.2f}")


def synthetic(loaded: Any, n: int) -> None:
    """Replace the registrations by n copies cycling through the sample's rows."""
    base = loaded.registrations
    regs = []
    for i in range(n):
        src = base[i % len(base)]
        data = src.model_dump(exclude={"source"})
        data["id"] = f"DK{i + 1:06d}"
        data["model_name"] = f"{src.model_name} ({i + 1})"
        regs.append(Registration.model_validate(data))
    loaded.data.registrations = regs


def whole_set(loaded: Any, facts: Any, profile: Any, roots: Any, keys: list[str], label: str,
              repeat: int) -> None:
    """Render ``keys`` kinds with dvk-docs and with bare docxtpl (same templates, contexts)."""
    base_items = []
    for key in keys:
        kind = KINDS[key]
        if not kind.applies(loaded):
            continue
        template = template_for(key, profile, roots)
        if kind.per_item:
            base_items += [(template, kind.context(loaded, facts, profile, item))
                           for item in items_of(kind, loaded, facts)]
        else:
            base_items.append((template, kind.context(loaded, facts, profile)))
    ours = best_time(lambda: render_all(loaded, keys, None, None), repeat)
    base = best_time(lambda: [bare(t, c) for t, c in base_items], repeat)
    row(f"{len(base_items)} documents: {label}", ours, base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,25000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    loaded = load_dataset(SAMPLE)
    facts = derive(loaded)
    profile = profile_for(loaded.data.family, loaded.data.profile)
    roots = template_roots(None)
    print(f"sample: {SAMPLE.relative_to(REPO)} ({len(loaded.registrations)} registrations); "
          f"templates: {resource_root()}")

    print("1. per document kind (best of", args.repeat, "runs)")
    for key, kind in KINDS.items():
        if not kind.applies(loaded):
            continue
        template = template_for(key, profile, roots)
        extra = tuple(items_of(kind, loaded, facts)[:1]) if kind.per_item else ()
        ctx = kind.context(loaded, facts, profile, *extra)
        ours = best_time(lambda ctx=ctx, template=template, kind=kind, extra=extra:
                         render_docx(template, kind.context(loaded, facts, profile, *extra),
                                     profile), args.repeat)
        base = best_time(lambda ctx=ctx, template=template: bare(template, ctx), args.repeat)
        row(kind.label, ours, base)

    print("1b. 30 phiếu, compile once per build (cache emptied before each run; "
          "target <= 0.5)")
    kind = KINDS["phieu_dang_ky"]
    template = template_for("phieu_dang_ky", profile, roots)
    items = items_of(kind, loaded, facts)
    ctxs = [kind.context(loaded, facts, profile, items[i % len(items)]) for i in range(30)]

    def thirty() -> None:
        clear_cache()
        for c in ctxs:
            render_docx(template, c, profile, title="Phiếu")

    row("30 phiếu", best_time(thirty, args.repeat),
        best_time(lambda: [bare(template, c) for c in ctxs], args.repeat))

    print("2. the commune sample rendered in memory")
    load_t = best_time(lambda: load_dataset(SAMPLE), args.repeat)
    for label, keys in (("plan + Mẫu 1 + phiếu (target <= 1 s)",
                         ["ke_hoach", "tong_hop_dang_ky", "phieu_dang_ky"]),
                        ("the whole year's set", list(KINDS))):
        whole_set(loaded, facts, profile, roots, keys, label, args.repeat)
    print(f"  loading + validating the dataset (xlsx): {load_t:.3f} s")

    print("3. Mẫu 1 with N registrations")
    kind = KINDS["tong_hop_dang_ky"]
    template = template_for("tong_hop_dang_ky", profile, roots)
    for n in sizes:
        big = load_dataset(SAMPLE)
        t0 = time.perf_counter()
        synthetic(big, n)
        validate_t = time.perf_counter() - t0

        def ours_fn(big: Any = big) -> bytes:
            f = derive(big)
            return render_docx(template, kind.context(big, f, profile), profile)

        ctx = kind.context(big, derive(big), profile)
        reps = 1 if n >= 10000 else args.repeat
        ours_t = best_time(ours_fn, reps)
        base_t = best_time(lambda ctx=ctx: bare(template, ctx), reps)
        ours_m = peak_mb(ours_fn)
        base_m = peak_mb(lambda ctx=ctx: bare(template, ctx))
        row(f"{n:>6} rows: time", ours_t, base_t)
        row(f"{n:>6} rows: peak memory", ours_m, base_m, "MB")
        print(f"  {n:>6} rows: validating the registrations (pydantic): {validate_t:.3f} s")


if __name__ == "__main__":
    main()
