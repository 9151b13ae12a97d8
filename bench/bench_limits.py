"""What the render limits cost: the limited sandbox beside a plain sandbox, same run.

Usage:  .venv/bin/python bench/bench_limits.py [--sizes 1000,5000] [--repeat 5]

Renders the commune sample's plan, one phiếu and Mẫu 1 with N synthetic registrations through
docxtpl twice: with ``render.engine_env.make_env()`` (time budget watchdog, checked filters,
joins, calls and output) and with a plain ``SandboxedEnvironment`` configured the same way
otherwise. The ratio is the cost of the limits (issue 10, point 9).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any

from bench_render import synthetic
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from measure import best_time

from dvk_docs.dataset import load_dataset
from dvk_docs.documents import KINDS, items_of, template_for
from dvk_docs.facts import derive
from dvk_docs.profiles import profile_for
from dvk_docs.render.engine_env import make_env
from dvk_docs.resources import template_roots

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "xa-an-phu"


def plain_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True,
                                keep_trailing_newline=True)


def render(template: Path, ctx: dict[str, Any], env: Any) -> bytes:
    tpl = DocxTemplate(str(template))
    tpl.render(ctx, env, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def row(label: str, limited: float, plain: float) -> None:
    print(f"  {label:<32} limited {limited:7.3f} s   plain sandbox {plain:7.3f} s"
          f"   ratio {limited / plain:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    loaded = load_dataset(SAMPLE)
    facts = derive(loaded)
    profile = profile_for(loaded.data.family, loaded.data.profile)
    roots = template_roots(None)
    for key in ("ke_hoach", "phieu_dang_ky", "tong_hop_dang_ky"):
        kind = KINDS[key]
        template = template_for(key, profile, roots)
        extra = tuple(items_of(kind, loaded, facts)[:1]) if kind.per_item else ()
        ctx = kind.context(loaded, facts, profile, *extra)
        limited = best_time(lambda t=template, c=ctx: render(t, c, make_env()), args.repeat)
        plain = best_time(lambda t=template, c=ctx: render(t, c, plain_env()), args.repeat)
        row(kind.label, limited, plain)
    kind = KINDS["tong_hop_dang_ky"]
    template = template_for("tong_hop_dang_ky", profile, roots)
    for n in (int(s) for s in args.sizes.split(",") if s):
        big = load_dataset(SAMPLE)
        synthetic(big, n)
        ctx = kind.context(big, derive(big), profile)
        reps = max(1, args.repeat // 2)
        limited = best_time(lambda ctx=ctx: render(template, ctx, make_env()), reps)
        plain = best_time(lambda ctx=ctx: render(template, ctx, plain_env()), reps)
        row(f"Mẫu 1, {n} rows", limited, plain)


if __name__ == "__main__":
    main()
