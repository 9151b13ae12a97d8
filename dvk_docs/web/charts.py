"""Bar charts drawn by the server: each bar is an inline SVG whose rectangles carry their
length as attributes (the page loads no script and no style of its own for them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One line of a chart: a label, a value (and optionally a second value drawn over
    it, e.g. recognised over registered, or last year under this year), lengths in % of
    the chart's largest value."""

    label: str
    value: int | None
    length: float
    second: int | None = None
    second_length: float = 0.0


def bars(items: Iterable[tuple[str, int | None, int | None]]) -> list[Bar]:
    rows = list(items)
    top = max([v for _, a, b in rows for v in (a, b) if v is not None] or [0])

    def length(v: int | None) -> float:
        return round(100.0 * v / top, 2) if v and top else 0.0

    return [Bar(label, a, length(a), b, length(b)) for label, a, b in rows]
