"""What every rule module shares: findings, the checking context, text and style tests."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from ..conventions import Family
from ..profiles import Profile
from .model import Doc, Para
from .rules import RULES, Severity

# Elements set as running text: without their own size_range they follow the body's.
_FLOWING = {"body", "basis", "heading1", "heading2", "heading3", "heading4", "field_label"}

PREFIX_ANY = re.compile(r"^(T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|T\s*/\s*U|TM\.?|KT\.?|TL\.?|TUQ\.?|"
                        r"Q\.)(?=\s|$)")
PARTY_PREFIXES = ("T/M", "K/T", "T/L")
STATE_PREFIXES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")


@dataclass(frozen=True)
class Finding:
    """One deviation: which rule, where, what was found, what is expected, which spec."""

    rule: str
    where: str
    found: str
    expected: str
    spec: str
    severity: Severity = "error"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["title"] = RULES[self.rule].title
        return data

    def line(self) -> str:
        mark = "" if self.severity == "error" else " (lưu ý)"
        return (f"[{self.rule}]{mark} {self.where}: {self.found}; cần: {self.expected} "
                f"— {self.spec}")


@dataclass
class Ctx:
    """The document being checked, its family and profile, and the findings so far."""

    doc: Doc
    family: Family
    profile: Profile
    findings: list[Finding] = field(default_factory=list)

    @property
    def party(self) -> bool:
        return self.family is Family.PARTY

    def add(self, rule: str, where: str, found: str, expected: str) -> None:
        r = RULES[rule]
        self.findings.append(Finding(rule, where, found, expected, r.spec(self.family),
                                     r.severity))

    def size_range(self, key: str) -> tuple[float, float]:
        ts = self.profile.elements.get(key)
        if ts is None:
            body = self.profile.elements["body"]
            return body.size_range or (body.size, body.size)
        if ts.size_range:
            return ts.size_range
        if key in _FLOWING:
            body = self.profile.elements["body"]
            return body.size_range or (ts.size, ts.size)
        return (ts.size, ts.size)


# -- text -------------------------------------------------------------------------------------
def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).strip()


def is_caps(text: str) -> bool:
    """All letters are capitals (and there is at least one letter)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


def quote(text: str, limit: int = 70) -> str:
    text = squash(text)
    return f"«{text[:limit]}…»" if len(text) > limit else f"«{text}»"


def fmt_pt(value: float) -> str:
    return f"{value:g}"


def fmt_range(lo: float, hi: float, unit: str = "pt") -> str:
    return f"{fmt_pt(lo)} {unit}" if lo == hi else f"{fmt_pt(lo)}–{fmt_pt(hi)} {unit}"


def is_rule_line(p: Para) -> bool:
    """A drawn rule: an empty paragraph with a border or a shape, or a line of rule
    characters (underscores, box drawing)."""
    text = p.clean
    if not text:
        return p.border_bottom or p.border_top or p.line_shape
    return bool(re.fullmatch(r"[_─━‾—]{3,}", text))


def is_dash_line(p: Para) -> bool:
    return bool(re.fullmatch(r"-{3,}|[-–]\s?(?:[-–]\s?){2,}", p.clean))


# -- style checks ------------------------------------------------------------------------------
def check_style(ctx: Ctx, p: Para, rule: str, what: str, *, key: str | None = None,
                bold: bool | None = None, italic: bool | None = None,
                underline: bool | None = None, caps: bool | None = None) -> None:
    """Size (from the profile element ``key``), weight, slant, underline and case of ``p``."""
    runs = p.letter_runs()
    if not runs:
        return
    if key is not None:
        lo, hi = ctx.size_range(key)
        bad = [r.size for r in runs if r.size is None or not lo - 0.01 <= r.size <= hi + 0.01]
        if bad:
            size = bad[0]
            ctx.add(rule, p.where, f"{what} {quote(p.text, 40)} cỡ "
                    f"{fmt_pt(size) if size is not None else '?'} pt",
                    f"cỡ {fmt_range(lo, hi)}")
    for flag, want, yes, no in (("bold", bold, "đậm", "không đậm"),
                                ("italic", italic, "nghiêng", "không nghiêng"),
                                ("underline", underline, "gạch chân", "không gạch chân")):
        if want is None:
            continue
        values = [getattr(r, flag) for r in runs]
        ok = all(values) if want else not any(values)
        if not ok:
            ctx.add(rule, p.where, f"{what} {quote(p.text, 40)} {no if want else yes}",
                    yes if want else no)
    if caps is not None and is_caps(p.shown) != caps:
        ctx.add(rule, p.where, f"{what} {quote(p.shown, 40)} "
                f"{'chữ thường' if caps else 'in hoa'}",
                "IN HOA" if caps else "chữ thường (không in hoa toàn bộ)")
