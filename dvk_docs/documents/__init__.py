"""The document kinds: which template, which context, which file name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dataset import LoadedDataset, Registration
from ..facts import Facts
from ..profiles import Profile
from ..render.blueprints import template_relpath
from ..render.engine import render_docx
from . import plan, registration_form, summary
from .common import Rendered


def slug(text: str, limit: int = 40) -> str:
    """ASCII file-name part: 'Tuyến đường hoa' -> 'tuyen-duong-hoa'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:limit].rstrip("-") or "van-ban"


@dataclass(frozen=True)
class Kind:
    """One document kind of the year's set."""

    key: str
    label: str
    order: int
    per_registration: bool
    applies: Callable[[LoadedDataset], bool]
    context: Callable[..., dict[str, Any]]

    def filename(self, reg: Registration | None = None, index: int = 0) -> str:
        base = f"{self.order:02d}-{self.key.replace('_', '-')}"
        if reg is None:
            return f"{base}.docx"
        return f"{base}/{index:03d}-{slug(reg.registrant, 30)}-{slug(reg.model_name, 40)}.docx"


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("ke_hoach", "Kế hoạch", 1, False,
             lambda ld: ld.data.documents.ke_hoach is not None, plan.context),
        Kind("tong_hop_dang_ky", "Tổng hợp đăng ký (Mẫu 1)", 2, False,
             lambda ld: ld.data.documents.tong_hop_dang_ky is not None
             and bool(ld.registrations), summary.context),
        Kind("phieu_dang_ky", "Phiếu đăng ký", 3, True,
             lambda ld: ld.data.documents.phieu_dang_ky is not None
             and bool(ld.registrations), registration_form.context),
    )
}


def template_for(kind: str, profile: Profile, roots: list[Path]) -> Path:
    """The first root holding the template wins (the user's --templates dir first)."""
    rel = template_relpath(kind, profile.family)
    for root in roots:
        for candidate in (root / rel, root / Path(rel).name):
            if candidate.is_file():
                return candidate
    return roots[-1] / rel


def render_kind(kind: Kind, loaded: LoadedDataset, facts: Facts, profile: Profile,
                roots: list[Path], *, only: str | None = None) -> Iterator[Rendered]:
    """Render every document of ``kind`` (one per registration where that applies)."""
    template = template_for(kind.key, profile, roots)
    author = loaded.data.unit.name.replace("\n", " ")
    if not kind.per_registration:
        ctx = kind.context(loaded, facts, profile)
        yield Rendered(kind.key, kind.filename(), kind.label,
                       render_docx(template, ctx, profile, title=kind.label, author=author),
                       tuple(loaded.sources.values()))
        return
    for index, reg in enumerate(loaded.registrations, start=1):
        if only is not None and reg.id != only:
            continue
        ctx = kind.context(loaded, facts, profile, reg)
        title = f"{kind.label}: {reg.model_name}"
        yield Rendered(kind.key, kind.filename(reg, index), title,
                       render_docx(template, ctx, profile, title=title, author=author),
                       (reg.source or "",))


__all__ = ["KINDS", "Kind", "Rendered", "render_kind", "slug", "template_for"]
