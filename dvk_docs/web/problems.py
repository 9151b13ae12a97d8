"""Put each problem the library reports beside the form field it concerns.

The library names a field by its path in the dataset (``documents.ke_hoach.date``,
``registrations[3].linh_vuc`` or ``registrations[DK004].linh_vuc``). A problem is either a
structured one (an object with ``message`` and ``path``/``field``) or a line of text that
names the path in quotes; one whose path falls under a form's prefix goes to that field, every
other problem is shown above the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import DatasetError

_PATH = re.compile(r"'((?:documents\.ke_hoach|registrations\[[^\]']+\])(?:\.[A-Za-z_]+)*)'")
# "trường 'documents.ke_hoach.date': " says which field: not needed beside that field
_PREFIX = re.compile(r"^trường '[^']+': ")


@dataclass
class Placed:
    by_field: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def add(self, name: str | None, message: str) -> None:
        if name:
            self.by_field.setdefault(name, []).append(message)
        else:
            self.general.append(message)


def _strip_where(message: str) -> str:
    # 'dataset.yaml, dòng 12: ...' points into a file the web user never sees
    return re.sub(r"^dataset\.yaml(, dòng \d+)?: ", "", message.strip())


def message_of(problem: Any) -> str:
    text = getattr(problem, "message", None) or str(problem)
    hint = getattr(problem, "hint", None)
    text = _strip_where(text)
    return f"{text} ({hint})" if hint and hint not in text else text


def line_of(problem: Any) -> str:
    """The problem with its place (file, row, column) as one line, for lists such as the
    upload preview where the row is what the person needs."""
    text = _strip_where(str(problem))
    hint = getattr(problem, "hint", None)
    return f"{text} ({hint})" if hint and hint not in text else text


def path_of(problem: Any) -> str | None:
    for attr in ("path", "field", "field_path"):
        value = getattr(problem, attr, None)
        if isinstance(value, str) and value:
            return value
    m = _PATH.search(getattr(problem, "message", None) or str(problem))
    return m.group(1) if m else None


def messages_of(err: DatasetError) -> list[Any]:
    """The problems of an error: structured ones kept as they are, text lines cleaned."""
    found = getattr(err, "structured", None) or err.problems
    if found:
        return [p if not isinstance(p, str) else _strip_where(p) for p in found]
    return [_strip_where(str(err))]


def place(problems: Iterable[Any], prefix: str | Sequence[str], fields: Iterable[str],
          hints: dict[str, str] | None = None) -> Placed:
    """``prefix``: 'documents.ke_hoach', or for one registration both 'registrations[3]' and
    'registrations[DK004]'; ``hints``: words that name a field in messages without a path
    (for example 'lĩnh vực' → linh_vuc)."""
    prefixes = [prefix] if isinstance(prefix, str) else list(prefix)
    names = set(fields)
    placed = Placed()
    for problem in problems:
        msg = message_of(problem)
        path = path_of(problem)
        target = None
        for pre in prefixes:
            if path and path.startswith(pre + "."):
                first = path[len(pre) + 1:].split(".")[0].split("[")[0]
                target = first if first in names else None
                break
        if target is None and hints:
            for word, name in hints.items():
                if word in msg and name in names:
                    target = name
                    break
        placed.add(target, _PREFIX.sub("", msg) if target else msg)
    return placed
