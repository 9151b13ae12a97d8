"""Numbers in Vietnamese words ("bằng chữ"), e.g. for amounts of money.

Rules implemented:

* groups of three digits, scale words ``nghìn``, ``triệu``, ``tỷ`` (``nghìn tỷ`` = 10^12);
* an all-zero group is skipped entirely;
* a group preceded by a non-zero higher group is read in full, with ``không trăm`` when its
  hundreds digit is 0 (1005 → "một nghìn không trăm linh năm");
* ``linh`` before a lone unit digit after a hundreds reading (101 → "một trăm linh một");
* ``mười`` for tens 1, ``X mươi`` for tens ≥ 2; unit 1 after tens ≥ 2 is ``mốt``, unit 4 after
  tens ≥ 2 is ``tư``, unit 5 after any tens ≥ 1 is ``lăm``.
"""

from __future__ import annotations

from dvk_docs.errors import ConventionError

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
_LIMIT = 10**15


def _tens_and_units(tens: int, units: int, *, after_hundreds: bool) -> list[str]:
    if tens == 0:
        if units == 0:
            return []
        return ["linh", _DIGITS[units]] if after_hundreds else [_DIGITS[units]]
    words = ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 0:
        return words
    if units == 5:
        words.append("lăm")
    elif units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 4 and tens >= 2:
        words.append("tư")
    else:
        words.append(_DIGITS[units])
    return words


def _group(value: int, *, full: bool) -> list[str]:
    """Read a group 1..999; ``full`` forces the hundreds ("không trăm") reading."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    words += _tens_and_units(tens, units, after_hundreds=bool(words))
    return words


def _below_billion(n: int, *, preceded: bool) -> list[str]:
    """Read 0 <= n < 10^9; ``preceded`` means a non-zero higher part was already read."""
    words: list[str] = []
    for value, scale in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value == 0:
            continue
        words += _group(value, full=preceded)
        if scale:
            words.append(scale)
        preceded = True
    return words


def number_to_words(n: int) -> str:
    """Return ``n`` in Vietnamese words, for ``-10^15 < n < 10^15``.

    ``number_to_words(2026) == "hai nghìn không trăm hai mươi sáu"``; negatives get "âm".
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise ConventionError(f"number_to_words needs a whole number, got {n!r}")
    if n < 0:
        return "âm " + number_to_words(-n)
    if n >= _LIMIT:
        raise ConventionError(f"number {n} is too large to read in words (limit is below 10^15)")
    if n == 0:
        return _DIGITS[0]
    high, low = divmod(n, _BILLION)
    words: list[str] = []
    if high:
        words += [*_below_billion(high, preceded=False), "tỷ"]
    words += _below_billion(low, preceded=bool(high))
    return " ".join(words)


def amount_in_words(n: int) -> str:
    """Return an amount of money in words, capitalised, with "đồng".

    ``amount_in_words(70_000_000) == "Bảy mươi triệu đồng"``.
    """
    words = number_to_words(n)
    return f"{words[0].upper()}{words[1:]} đồng"
