"""Số và ký hiệu: the document number and symbol line.

Party (36-HD): ``Số 05-KH/ĐU`` — number, ``-``, type code, ``/``, issuing body; no colon.
State (NĐ 30): ``Số: 05/KH-UBND`` — number, ``/``, type code, ``-``, issuing body; colon.
"""

from __future__ import annotations

from dvk_docs.conventions.family import Family, coerce_family
from dvk_docs.conventions.text import nfc
from dvk_docs.errors import ConventionError

#: Printed instead of the number while it is not yet allocated (the clerk writes it by hand).
UNALLOCATED_NUMBER = "   "


def _clean_code(value: str, what: str) -> str:
    if not isinstance(value, str):
        raise ConventionError(f"{what} must be text, got {value!r}")
    code = nfc(value).strip()
    if not code:
        raise ConventionError(f"{what} is empty; give the abbreviation, e.g. 'KH' or 'UBND'")
    if any(ch.isspace() for ch in code):
        raise ConventionError(f"{what} {code!r} contains spaces; a ký hiệu has no spaces")
    return code


def _format_number(number: int | None) -> str:
    if number is None:
        return UNALLOCATED_NUMBER
    if isinstance(number, bool) or not isinstance(number, int):
        raise ConventionError(f"document number must be a whole number, got {number!r}")
    if number < 1:
        raise ConventionError(f"document number must be 1 or more, got {number}")
    return f"{number:02d}"


def format_symbol(number: int | None, type_code: str, org_code: str, family: Family) -> str:
    """Return the number and symbol, e.g. Party ``"05-KH/ĐU"``, State ``"05/KH-UBND"``.

    Numbers below 10 get a leading zero; ``None`` (not yet allocated) leaves three spaces
    for the clerk: ``"   -KH/ĐU"`` / ``"   /KH-UBND"``.
    """
    fam = coerce_family(family)
    num = _format_number(number)
    typ = _clean_code(type_code, "type code")
    org = _clean_code(org_code, "organisation code")
    if fam is Family.PARTY:
        return f"{num}-{typ}/{org}"
    return f"{num}/{typ}-{org}"


def format_number_line(
    number: int | None,
    type_code: str,
    org_code: str,
    family: Family,
    *,
    colon: bool | None = None,
) -> str:
    """Return the full number line: Party ``"Số 05-KH/ĐU"``, State ``"Số: 05/KH-UBND"``.

    ``colon`` overrides the family default (no colon for Party, colon for State).
    """
    fam = coerce_family(family)
    symbol = format_symbol(number, type_code, org_code, fam)
    use_colon = (fam is Family.STATE) if colon is None else colon
    return f"Số{':' if use_colon else ''} {symbol}"


def pad2(n: int) -> str:
    """Counts in Vietnamese documents are written with two digits below 10 ('08 tập thể')."""
    return f"{n:02d}" if 0 <= n < 10 else str(n)
