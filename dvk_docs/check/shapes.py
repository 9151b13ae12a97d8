"""What each template can name: the shape of the contexts the documents really pass.

A shape is built from real contexts (every item of every bundled sample, plus the user's
dataset when given) so ``hdr.number``, ``g.rows`` or ``sig.positions`` are known exactly,
including names only reached inside ``{% for %}`` loops.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..conventions import Family

_LEAF_TYPES = (str, int, float, bool, dt.date, enum.Enum, bytes)


@dataclass
class Shape:
    """map: named members; list: items; leaf: scalar of ``types``; any: not known."""

    kind: str  # map, list, leaf, none, any
    keys: dict[str, Shape] = field(default_factory=dict)
    item: Shape | None = None
    types: set[type] = field(default_factory=set)
    is_dict: bool = False

    def member(self, name: str) -> Shape | None:
        """The shape of ``x.name`` (or ``x['name']``); None when it does not exist."""
        if self.kind in ("any", "none"):
            return ANY
        if self.kind == "map":
            if name in self.keys:
                return self.keys[name]
            if self.is_dict and name in ("items", "keys", "values", "get"):
                return ANY
            return None
        if self.kind == "list":
            return ANY if hasattr(list, name) else None
        return ANY if any(hasattr(t, name) for t in self.types) else None

    def names(self) -> list[str]:
        return sorted(self.keys) if self.kind == "map" else []

    def suggest(self, name: str) -> str | None:
        close = difflib.get_close_matches(name, self.names(), n=1, cutoff=0.6)
        return close[0] if close else None


ANY = Shape("any")


def union(a: Shape | None, b: Shape | None) -> Shape:
    if a is None:
        return b or ANY
    if b is None:
        return a
    if a.kind == "none":
        return b
    if b.kind == "none":
        return a
    if a.kind != b.kind or "any" in (a.kind, b.kind):
        return ANY
    if a.kind == "map":
        keys = dict(a.keys)
        for k, v in b.keys.items():
            keys[k] = union(keys.get(k), v)
        return Shape("map", keys=keys, is_dict=a.is_dict or b.is_dict)
    if a.kind == "list":
        return Shape("list", item=union(a.item, b.item) if (a.item or b.item) else None)
    return Shape("leaf", types=a.types | b.types)


def shape_of(value: Any, depth: int = 0) -> Shape:
    """The shape of a real context value."""
    if depth > 12:
        return ANY
    if value is None:
        return Shape("none")
    if isinstance(value, _LEAF_TYPES):
        return Shape("leaf", types={type(value)})
    if isinstance(value, dict):
        return Shape("map", keys={str(k): shape_of(v, depth + 1) for k, v in value.items()},
                     is_dict=True)
    if isinstance(value, list | tuple):
        item: Shape | None = None
        for v in value:
            item = union(item, shape_of(v, depth + 1))
        return Shape("list", item=item)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        keys = {f.name: shape_of(getattr(value, f.name), depth + 1)
                for f in dataclasses.fields(value)}
        for name in dir(type(value)):
            if not name.startswith("_") and name not in keys:
                keys[name] = ANY  # properties and methods
        return Shape("map", keys=keys)
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict):  # a pydantic model
        keys = {name: shape_of(getattr(value, name, None), depth + 1) for name in fields}
        for name in dir(type(value)):
            if not name.startswith("_") and name not in keys and not name.startswith("model_"):
                keys[name] = ANY
        return Shape("map", keys=keys)
    return Shape("leaf", types={type(value)})


def _contexts(dataset: Path) -> list[tuple[str, Family, dict[str, Any]]]:
    from ..dataset import load_dataset
    from ..documents import KINDS, items_of
    from ..facts import derive
    from ..profiles import profile_for

    loaded = load_dataset(dataset)
    facts = derive(loaded)
    profile = profile_for(loaded.data.family, loaded.data.profile)
    out = []
    for kind in KINDS.values():
        if not kind.applies(loaded):
            continue
        items = items_of(kind, loaded, facts) if kind.per_item else [None]
        for item in items:
            args = (item,) if item is not None else ()
            out.append((kind.key, loaded.data.family, kind.context(loaded, facts, profile,
                                                                   *args)))
    return out


_CACHE: dict[tuple[str, ...], dict[tuple[str, Family], Shape]] = {}


def context_shapes(extra: list[Path] | None = None) -> dict[tuple[str, Family], Shape]:
    """(kind, family) -> shape of every context the bundled samples (and ``extra``
    datasets) pass to that kind's template."""
    from ..resources import samples_dir

    datasets = sorted(p for p in samples_dir().iterdir() if (p / "dataset.yaml").is_file())
    datasets += list(extra or [])
    key = tuple(str(p) for p in datasets)
    if key in _CACHE:
        return _CACHE[key]
    shapes: dict[tuple[str, Family], Shape] = {}
    for ds in datasets:
        for kind, family, ctx in _contexts(ds):
            shapes[(kind, family)] = union(shapes.get((kind, family)), shape_of(ctx))
    _CACHE[key] = shapes
    return shapes
