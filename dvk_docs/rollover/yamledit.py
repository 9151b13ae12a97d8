"""Round-trip YAML editing for the file rollover: keep the user's quotes, date style and
comments while values change, and say on which line a value is (report locations)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from .yearshift import Where


def round_trip_yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def same_style(old: Any, new: str) -> Any:
    """A new string value quoted the way the old one was."""
    if isinstance(old, ScalarString):
        return type(old)(new)
    return new


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
        if m:
            with contextlib.suppress(ValueError):
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)
        if m:
            with contextlib.suppress(ValueError):
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def date_like(old: Any, new: dt.date) -> Any:
    """Write ``new`` the way ``old`` was written (date value, '15/03/2026', '2026-03-15')."""
    if isinstance(old, str):
        if re.fullmatch(r"\s*\d{4}-", old[:6]):
            return same_style(old, new.isoformat())
        m = re.fullmatch(r"\s*(\d{1,2})([/.-])(\d{1,2})[/.-]\d{4}\s*", old)
        if m:
            day = f"{new.day:02d}" if len(m.group(1)) == 2 else str(new.day)
            month = f"{new.month:02d}" if len(m.group(3)) == 2 else str(new.month)
            sep = m.group(2)
            return same_style(old, f"{day}{sep}{month}{sep}{new.year}")
    return new


def _deep_end(node: Any) -> tuple[Any, Any] | None:
    """The container and key of the last scalar inside ``node`` (where ruamel keeps the
    comment lines that follow ``node``)."""
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = list(node.keys())[-1]
        elif isinstance(node, CommentedSeq) and len(node):
            key = len(node) - 1
        else:
            return None
        child = node[key]
        if isinstance(child, CommentedMap | CommentedSeq) and len(child):
            node = child
            continue
        return node, key


def _trailing_comment(node: Any) -> Any:
    end = _deep_end(node)
    if end is None:
        return None
    container, key = end
    slot = 2 if isinstance(container, CommentedMap) else 0
    items = container.ca.items.get(key)
    return items[slot] if items and len(items) > slot else None


def _attach_trailing(node: Any, token: Any) -> None:
    end = _deep_end(node)
    if end is None or token is None:
        return
    container, key = end
    slot = 2 if isinstance(container, CommentedMap) else 0
    items = container.ca.items.setdefault(key, [None, None, None, None])
    if items[slot] is None:
        items[slot] = token
    else:
        items[slot].value = items[slot].value.rstrip("\n") + "\n\n" + token.value.lstrip("\n")


def delete_keys(mapping: CommentedMap, keys: set[Any]) -> None:
    """Delete ``keys`` from ``mapping``, keeping the comment lines that describe the entries
    that stay: ruamel hangs the comment written above an entry on the entry before it."""
    order = list(mapping.keys())
    i = 0
    while i < len(order):
        if order[i] not in keys:
            i += 1
            continue
        j = i
        while j + 1 < len(order) and order[j + 1] in keys:
            j += 1
        after = order[j + 1] if j + 1 < len(order) else None
        token = _trailing_comment(mapping[order[j]])
        if token is None and isinstance(mapping.ca.items.get(order[j]), list):
            token = mapping.ca.items[order[j]][2]
        if i > 0 and token is not None and (after is not None or j == len(order) - 1):
            before = mapping[order[i - 1]]
            if isinstance(before, CommentedMap | CommentedSeq) and len(before):
                _attach_trailing(before, token)
            else:
                mapping.ca.items.setdefault(order[i - 1], [None, None, None, None])[2] = token
        i = j + 1
    for key in keys:
        if key in mapping:
            del mapping[key]


class YamlLocations:
    """Line numbers for report locations."""

    def __init__(self, name: str) -> None:
        self.name = name

    @staticmethod
    def _line(node: Any, key: Any, *, of_value: bool) -> int | None:
        """1-based line of a mapping key (or its value) or of a sequence item, if known."""
        with contextlib.suppress(Exception):
            if isinstance(node, CommentedMap):
                return (node.lc.value(key) if of_value else node.lc.key(key))[0] + 1
            if isinstance(node, CommentedSeq):
                return node.lc.item(key)[0] + 1
        return None

    def where(self, node: Any, key: Any, path: str) -> str:
        line = self._line(node, key, of_value=False)
        return f"{self.name}, dòng {line} ({path})" if line else f"{self.name} ({path})"

    def text_where(self, node: Any, key: Any, path: str, value: str) -> Where:
        """For block scalars (|) the text starts on the line after the key."""
        base = self._line(node, key, of_value=True)
        block = "\n" in value

        def where(offset: int) -> str:
            if base is None:
                return f"{self.name} ({path})"
            line = base + (1 if block else 0) + value.count("\n", 0, offset)
            return f"{self.name}, dòng {line} ({path})"

        return where


def to_tree(value: Any) -> Any:
    """Plain values (a model's ``model_dump()``) as the tree the round-trip YAML loader gives:
    mappings and lists become CommentedMap / CommentedSeq, enums their values, dates stay
    dates; so the rules that edit a loaded file edit an in-memory dataset the same way."""
    if isinstance(value, Mapping):
        return CommentedMap((k, to_tree(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return CommentedSeq(to_tree(v) for v in value)
    if isinstance(value, Enum):
        return value.value
    return value
