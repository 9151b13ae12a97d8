"""The document kinds: which template, which context, which file name.

Each kind lives in its own module with its context builder and its template blueprint;
``KINDS`` lists them in the order a clerk files the year's set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..conventions.family import Family
from ..dataset import LoadedDataset
from ..errors import ConventionError, DatasetError
from ..facts import Facts
from ..profiles import Profile
from ..render.blueprints import text_width_mm
from ..render.engine import FieldCheck, render_docx
from . import (
    achievement,
    appraisal_notice,
    decision,
    minutes,
    nominee_list,
    plan,
    proposal,
    registration_form,
    result_report,
    summary,
)
from .common import Rendered
from .kind import Kind, slug
from .titles import balanced_lines

# One module per kind; each defines KIND.
_MODULES = [plan, summary, registration_form, appraisal_notice, minutes, proposal,
            achievement, nominee_list, decision, result_report]

KINDS: dict[str, Kind] = {k.key: k for k in sorted((m.KIND for m in _MODULES),
                                                    key=lambda k: k.order)}


def template_relpath(kind: str, family: object) -> str:
    return KINDS[kind].template_relpath(family)  # type: ignore[arg-type]


def template_for(kind: str, profile: Profile, roots: list[Path]) -> Path:
    """The first root holding the template wins (the user's --templates dir first)."""
    rel = KINDS[kind].template_relpath(profile.family)
    for root in roots:
        for candidate in (root / rel, root / Path(rel).name):
            if candidate.is_file():
                return candidate
    return roots[-1] / rel


def items_of(kind: Kind, loaded: LoadedDataset, facts: Facts) -> list[object]:
    return kind.items(loaded, facts) if kind.items is not None else []


def state_subject_capitalised(ctx: dict[str, object], profile: Profile) -> dict[str, object]:
    """A State trích yếu starts with a capital letter ('Triển khai ...', 'Kết quả ...',
    'Về việc ...'; Nghị định 30/2020 Phụ lục I); a Party one with a small letter (36-HD).
    Done once here so every State document follows the same rule."""
    lines = ctx.get("subject_lines")
    if profile.family is Family.STATE and isinstance(lines, list) and lines and \
            isinstance(lines[0], str) and lines[0]:
        ctx["subject_lines"] = [lines[0][:1].upper() + lines[0][1:], *lines[1:]]
    return ctx


def balanced_subject(ctx: dict[str, object], profile: Profile, landscape: bool
                     ) -> dict[str, object]:
    """Each trích yếu line a little too wide for the page set as balanced lines (titles.py)
    instead of leaving Word to put its last word alone on a line."""
    lines = ctx.get("subject_lines")
    if isinstance(lines, list) and all(isinstance(line, str) for line in lines):
        style = profile.elements["subject"]
        width = text_width_mm(profile, landscape)
        ctx["subject_lines"] = [part for line in lines
                                for part in balanced_lines(line, width, style.size, style.bold)]
    return ctx


def document_context(kind: Kind, loaded: LoadedDataset, facts: Facts, profile: Profile,
             *item: object) -> dict[str, object]:
    try:
        return balanced_subject(state_subject_capitalised(
            kind.context(loaded, facts, profile, *item), profile), profile, kind.landscape)
    except ConventionError as err:
        raise _convention_error(kind, loaded, item, err) from None


def _convention_error(kind: Kind, loaded: LoadedDataset, item: tuple[object, ...],
                      err: ConventionError) -> DatasetError:
    where = getattr(item[0], "source", None) if item else None
    return DatasetError(f"{where or loaded.path.name}: {kind.label}: {err}")


def check_item(kind: Kind, loaded: LoadedDataset, facts: Facts, profile: Profile,
               item: object) -> None:
    """What building ``item``'s context would find wrong in the data, by the kind's own
    ``check_item``, with the message building it would give."""
    assert kind.check_item is not None
    try:
        kind.check_item(loaded, facts, profile, item)
    except ConventionError as err:
        raise _convention_error(kind, loaded, (item,), err) from None


def check_kind(kind: Kind, loaded: LoadedDataset, facts: Facts, profile: Profile,
               roots: list[Path]) -> int:
    """What rendering ``kind`` would find wrong, without rendering: the template compiled
    once, every context built and checked against the names the template reads; a kind with
    a ``check_item`` (its context has the same names for every item) builds the first item's
    context only and checks the others' data with :func:`check_item`. A user's template
    (not under the last root, the shipped one) is also rendered once. Returns the number of
    documents a build would write."""
    template = template_for(kind.key, profile, roots)
    check = FieldCheck(template, profile, trial=not template.is_relative_to(roots[-1]))
    if not kind.per_item:
        check.check(document_context(kind, loaded, facts, profile))
        return 1
    items = items_of(kind, loaded, facts)
    for index, item in enumerate(items):
        if index == 0 or kind.check_item is None:
            check.check(document_context(kind, loaded, facts, profile, item))
        else:
            check_item(kind, loaded, facts, profile, item)
    return len(items)


def render_kind(kind: Kind, loaded: LoadedDataset, facts: Facts, profile: Profile,
                roots: list[Path], *, only: str | None = None) -> Iterator[Rendered]:
    """Render every document of ``kind`` (one per item where that applies)."""
    template = template_for(kind.key, profile, roots)
    author = loaded.data.unit.name.replace("\n", " ")

    def make(*item: object) -> dict[str, object]:
        return document_context(kind, loaded, facts, profile, *item)

    if not kind.per_item:
        ctx = make()
        yield Rendered(kind.key, kind.filename(), kind.label,
                       render_docx(template, ctx, profile, title=kind.label, author=author),
                       tuple(loaded.sources.values()))
        return
    for index, item in enumerate(items_of(kind, loaded, facts), start=1):
        if only is not None and getattr(item, "id", None) != only:
            continue
        ctx = make(item)
        title = kind.title(item)
        yield Rendered(kind.key, kind.filename(item, index), title,
                       render_docx(template, ctx, profile, title=title, author=author),
                       (getattr(item, "source", None) or loaded.path.name,))


__all__ = ["KINDS", "Kind", "Rendered", "check_item", "check_kind", "document_context", "items_of",
           "render_kind", "slug",
           "template_for",
           "template_relpath"]
