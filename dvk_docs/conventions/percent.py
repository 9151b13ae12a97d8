"""Percentages and integers in Vietnamese number style (decimal comma, dot thousands)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from dvk_docs.errors import ConventionError


def _check_int(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConventionError(f"{what} must be a whole number, got {value!r}")
    return value


def _check_decimals(decimals: int) -> int:
    _check_int(decimals, "decimals")
    if decimals < 0:
        raise ConventionError(f"decimals must be 0 or more, got {decimals}")
    return decimals


def percent(part: int, whole: int, *, decimals: int = 1) -> Decimal:
    """Return ``part / whole * 100`` rounded half-up to ``decimals`` places.

    Computed exactly (no float, no intermediate rounding): ``percent(2, 3) == Decimal("66.7")``,
    ``percent(1, 8, decimals=0) == Decimal("13")``. ``whole == 0`` raises ConventionError.
    """
    _check_int(part, "part")
    _check_int(whole, "whole")
    _check_decimals(decimals)
    if whole == 0:
        raise ConventionError(f"cannot compute a percentage of {part} out of 0")
    scaled = Fraction(part * 100, whole) * 10**decimals
    magnitude = abs(scaled)
    rounded = int(magnitude + Fraction(1, 2))  # floor(x + 1/2): ties go away from zero
    if scaled < 0:
        rounded = -rounded
    return Decimal(f"{rounded}E-{decimals}")  # exact, whatever the context precision


def _to_decimal(value: Decimal | float | int) -> Decimal:
    if isinstance(value, bool):
        raise ConventionError(f"expected a number, got {value!r}")
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, int):
        dec = Decimal(value)
    elif isinstance(value, float):
        # repr() gives the shortest decimal that round-trips: 0.15 -> "0.15", not 0.1499...
        dec = Decimal(repr(value))
    else:
        raise ConventionError(f"expected a number, got {value!r}")
    if not dec.is_finite():
        raise ConventionError(f"cannot format {value!r} as a percentage")
    return dec


def format_int(n: int) -> str:
    """Return ``n`` with dots between thousands: ``70000000`` → ``"70.000.000"``."""
    _check_int(n, "number")
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def format_percent(
    value: Decimal | float | int,
    *,
    decimals: int = 1,
    keep_trailing_zero: bool = False,
) -> str:
    """Format a percentage value (66.7 means 66.7 %) with a decimal comma: ``"66,7%"``.

    Rounds half-up to ``decimals`` places. Trailing zeros of the fraction (and the comma) are
    dropped unless ``keep_trailing_zero``: ``50.0`` → ``"50%"`` or ``"50,0%"``.
    """
    _check_decimals(decimals)
    dec = _to_decimal(value)
    try:
        q = dec.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # pragma: no cover - only for absurd magnitudes
        raise ConventionError(f"cannot format {value!r} as a percentage") from exc
    if q.is_zero():
        q = abs(q)  # no "-0%"
    sign = "-" if q < 0 else ""
    int_part, _, frac_part = f"{abs(q):f}".partition(".")
    if not keep_trailing_zero:
        frac_part = frac_part.rstrip("0")
    text = format_int(int(int_part))
    if frac_part:
        text += "," + frac_part
    return f"{sign}{text}%"
