"""Trích yếu lines of balanced width.

A trích yếu a little wider than the text block wraps in Word with one word on its second
line ("… “Dân vận khéo” năm / 2026"). Centred title lines are set by hand in good documents:
as few lines as the width allows, about equally long, broken after a comma rather than
inside a quotation (“Dân vận khéo”) or between "năm" and its year. Each line becomes its
own centred paragraph (``subject_lines``); widths are measured with the font's own advance
widths (render.layout.measured_width_mm), less a small margin for Word's own rounding.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

from ..render.layout import measured_width_mm

MARGIN_MM = 1.0  # left free on each line: Word and LibreOffice may round a little differently
_AVOID = 1000.0  # a break that is only taken when there is no other
_AFTER_COMMA = 12.0  # mm a break after a comma is worth


def balanced_lines(text: str, width: float, size: float, bold: bool) -> list[str]:
    """``text`` as the fewest lines no wider than ``width`` mm, of balanced widths."""
    return list(_balanced(" ".join(text.split()), width - MARGIN_MM, size, bold))


@lru_cache(maxsize=1024)  # a phiếu's trích yếu is the same for every registration
def _balanced(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    words = text.split(" ")
    sizes = [measured_width_mm(w, size, bold) for w in words]
    space = measured_width_mm(" ", size, bold)
    total = sum(sizes) + space * (len(words) - 1)
    if total <= width or len(words) < 4:
        return (text,)
    penalty = [_break_cost(words, i) for i in range(len(words))]  # a break before word i
    for count in range(math.ceil(total / width), len(words) // 2 + 1):
        found = _best(sizes, space, penalty, count, width)
        if found is not None:
            cuts = [0, *found, len(words)]
            return tuple(" ".join(words[a:b]) for a, b in itertools.pairwise(cuts))
    return (text,)  # no good cut: Word wraps it


def _break_cost(words: list[str], i: int) -> float:
    if i == 0:
        return 0.0
    before = " ".join(words[:i])
    if before.count("“") > before.count("”") or before.count('"') % 2:
        return _AVOID  # inside a quotation
    if words[i - 1].lower() in ("năm", "ngày", "tháng", "số") and words[i][:1].isdigit():
        return _AVOID  # 'năm 2026' stays whole
    if i == 1 or i == len(words) - 1:
        return _AVOID  # no word alone on a line
    return -_AFTER_COMMA if words[i - 1].endswith((",", ";", ":")) else 0.0


def _best(sizes: list[float], space: float, penalty: list[float], count: int, width: float
          ) -> list[int] | None:
    """The ``count - 1`` cut points (word indexes) of the lines no wider than ``width``
    whose widest line plus the cuts' penalties is least; None when none is free of an
    avoided break."""
    n = len(sizes)

    def line(a: int, b: int) -> float:
        return sum(sizes[a:b]) + space * (b - a - 1)

    # best[k][j]: (cost, cuts) of words[:j] set as k lines
    best: list[dict[int, tuple[float, float, list[int]]]] = [{0: (0.0, 0.0, [])}]
    for _ in range(count):
        step: dict[int, tuple[float, float, list[int]]] = {}
        for a, (widest, paid, cuts) in best[-1].items():
            for b in range(a + 1, n + 1):
                w = line(a, b)
                if w > width:
                    break
                cost = penalty[b] if b < n else 0.0
                option = (max(widest, w), paid + cost, [*cuts, b] if b < n else cuts)
                if b not in step or option[0] + option[1] < step[b][0] + step[b][1]:
                    step[b] = option
        best.append(step)
    done = best[-1].get(n)
    if done is None or done[1] >= _AVOID:
        return None
    return done[2]
