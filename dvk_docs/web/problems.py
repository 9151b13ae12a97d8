"""Put each problem the library reports beside the form field it concerns.

The library names a field by its path in the dataset (``documents.ke_hoach.date``,
``registrations[3].linh_vuc``); a problem whose path falls under the form's prefix goes to
that field, every other problem is shown above the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import DatasetError

_PATH = re.compile(r"'((?:documents\.ke_hoach|registrations\[\d+\])(?:\.[A-Za-z_]+)*)'")
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


def messages_of(err: DatasetError) -> list[str]:
    if err.problems:
        return [_strip_where(p) for p in err.problems]
    return [_strip_where(str(err))]


def place(messages: Iterable[str], prefix: str, fields: Iterable[str],
          hints: dict[str, str] | None = None) -> Placed:
    """``prefix``: 'documents.ke_hoach' or 'registrations[3]'; ``hints``: words that name a
    field in messages without a path (for example 'lĩnh vực' → linh_vuc)."""
    names = set(fields)
    placed = Placed()
    for msg in messages:
        target = None
        m = _PATH.search(msg)
        if m and m.group(1).startswith(prefix + "."):
            first = m.group(1)[len(prefix) + 1:].split(".")[0]
            target = first if first in names else None
        if target is None and hints:
            for word, name in hints.items():
                if word in msg and name in names:
                    target = name
                    break
        placed.add(target, _PREFIX.sub("", msg) if target else msg)
    return placed
