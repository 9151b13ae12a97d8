"""Vietnamese official-document conventions for the Party (36-HD/VPTW) and State (NĐ 30) families.

Small pure functions: document numbers and symbols, dates, signing authority lines,
recipient lists, numbers in words, percentages and Unicode text helpers. Every function
raises :class:`dvk_docs.errors.ConventionError` when a convention cannot be applied.
"""

from __future__ import annotations

from dvk_docs.conventions.dates import (
    cited_after_number,
    cited_date,
    long_date,
    place_date_line,
    short_date,
)
from dvk_docs.conventions.family import Family
from dvk_docs.conventions.numbering import format_number_line, format_symbol, pad2
from dvk_docs.conventions.percent import format_int, format_percent, percent
from dvk_docs.conventions.recipients import format_recipients
from dvk_docs.conventions.signing import Authority, authority_prefix, signature_lines
from dvk_docs.conventions.text import collapse_spaces, nfc, upper_vi
from dvk_docs.conventions.words import amount_in_words, number_to_words

__all__ = [
    "Authority",
    "Family",
    "amount_in_words",
    "authority_prefix",
    "cited_after_number",
    "cited_date",
    "collapse_spaces",
    "format_int",
    "format_number_line",
    "format_percent",
    "format_recipients",
    "format_symbol",
    "long_date",
    "nfc",
    "number_to_words",
    "pad2",
    "percent",
    "place_date_line",
    "short_date",
    "signature_lines",
    "upper_vi",
]
