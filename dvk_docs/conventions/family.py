"""The two document families: Party (Hướng dẫn 36-HD/VPTW) and State (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

import enum

from dvk_docs.errors import ConventionError


class Family(str, enum.Enum):
    """Which set of presentation rules a document follows."""

    PARTY = "party"
    STATE = "state"


def coerce_family(value: Family | str) -> Family:
    """Return ``value`` as a :class:`Family`, accepting the plain strings ``"party"``/``"state"``.

    Raises :class:`ConventionError` for anything else.
    """
    if isinstance(value, Family):
        return value
    if isinstance(value, str):
        try:
            return Family(value.strip().lower())
        except ValueError:
            pass
    allowed = ", ".join(repr(f.value) for f in Family)
    raise ConventionError(f"unknown document family {value!r}; expected one of {allowed}")
