"""Layout profiles: every size, margin and style a document takes, per family.

The numbers come from ``format-standards.md`` §4 (recommended single values, with the
allowed range kept beside each for later linting). Templates carry only *style names*;
:func:`dvk_docs.render.layout.apply_profile` writes the profile into those styles and the
page setup after rendering, so a dataset override (``profile:`` in the YAML) changes every
document at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from .conventions import Family
from .dataset.models import ProfileOverride

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class TextStyle:
    """How one element is set: size in pt, weight, slant, underline, alignment."""

    size: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: Align = "center"
    size_range: tuple[float, float] | None = None
    space_before: float = 0.0  # pt, for header and title elements


# Style names used in the templates, element -> Word paragraph style name.
STYLE_NAMES: dict[str, str] = {
    "title": "DVK Tieu de",  # ĐẢNG CỘNG SẢN VIỆT NAM / Quốc hiệu
    "motto": "DVK Tieu ngu",  # Độc lập - Tự do - Hạnh phúc (State)
    "parent": "DVK Co quan cap tren",
    "issuer": "DVK Co quan ban hanh",
    "separator": "DVK Phan cach",  # '*' (Party) or the short rule (State)
    "number": "DVK So ky hieu",
    "place_date": "DVK Dia danh ngay",
    "doc_type": "DVK Ten loai",
    "subject": "DVK Trich yeu",
    "subject_rule": "DVK Gach trich yeu",
    "addressee": "DVK Kinh gui",
    "basis": "DVK Can cu",
    "body": "DVK Noi dung",
    "heading1": "DVK De muc 1",
    "heading2": "DVK De muc 2",
    "heading3": "DVK De muc 3",
    "heading4": "DVK De muc 4",
    "authority": "DVK Quyen han",
    "position": "DVK Chuc vu",
    "signer_name": "DVK Ho ten",
    "sign_note": "DVK Ghi chu ky",
    "recipients_label": "DVK Noi nhan",
    "recipients": "DVK Noi nhan danh sach",
    "table": "DVK Bang",
    "table_header": "DVK Bang tieu de",
    "table_group": "DVK Bang nhom",
    "field_label": "DVK Muc phieu",
}


@dataclass(frozen=True)
class Profile:
    """Everything that differs between the Party and State families, plus page setup."""

    name: str
    family: Family
    elements: dict[str, TextStyle]
    margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)  # top, bottom, left, right
    page_mm: tuple[float, float] = (210, 297)
    font: str = "Times New Roman"
    first_line_indent_mm: float = 10.0
    space_before_pt: float = 6.0
    space_after_pt: float = 0.0
    line_spacing_pt: float = 18.0
    number_colon: bool = False
    org_separator: Literal["asterisk", "rule"] = "asterisk"
    subject_separator: Literal["dashes", "rule"] = "dashes"
    heading_roman_separator: str = "."
    header_left_pct: float = 45.0
    rule_fraction: float = 0.4  # State rules: 1/3-1/2 of the text above
    page_number_size: float = 14.0
    header_distance_mm: float = 10.0
    archive_default: str = "Văn phòng Đảng ủy"
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def text_width_mm(self) -> float:
        return self.page_mm[0] - self.margins_mm[2] - self.margins_mm[3]


def _common_body(size: float) -> dict[str, TextStyle]:
    return {
        "body": TextStyle(size, align="justify", size_range=(13, 15)),
        "basis": TextStyle(size, align="justify", size_range=(13, 15)),
        "heading1": TextStyle(size, bold=True, align="justify"),
        "heading2": TextStyle(size, bold=True, align="justify"),
        "heading3": TextStyle(size, bold=True, italic=True, align="justify"),
        "heading4": TextStyle(size, italic=True, align="justify"),
        "addressee": TextStyle(size, align="center", size_range=(13, 14)),
        "table": TextStyle(12, align="left", size_range=(11, 14)),
        "table_header": TextStyle(12, bold=True, align="center", size_range=(11, 14)),
        "table_group": TextStyle(12, bold=True, align="left", size_range=(11, 14)),
        "field_label": TextStyle(size, bold=True, align="justify"),
        "sign_note": TextStyle(size - 1, italic=True, align="center"),
    }


PARTY_HD36 = Profile(
    name="party-hd36",
    family=Family.PARTY,
    elements={
        "title": TextStyle(15, bold=True, underline=True, size_range=(15, 15)),
        "parent": TextStyle(14, size_range=(14, 14)),
        "issuer": TextStyle(14, bold=True, size_range=(14, 14)),
        "separator": TextStyle(14),
        "number": TextStyle(14, size_range=(14, 14)),
        "place_date": TextStyle(14, italic=True, size_range=(14, 14), space_before=4),
        "doc_type": TextStyle(16, bold=True, size_range=(15, 16)),
        "subject": TextStyle(15, bold=True, size_range=(14, 15)),
        "subject_rule": TextStyle(14),
        "authority": TextStyle(14, bold=True, size_range=(14, 14)),
        "position": TextStyle(14, size_range=(14, 14)),
        "signer_name": TextStyle(14, bold=True, size_range=(14, 14)),
        "recipients_label": TextStyle(14, underline=True, align="left", size_range=(14, 14)),
        "recipients": TextStyle(12, align="left", size_range=(12, 12)),
        **_common_body(14),
    },
    number_colon=False,
    org_separator="asterisk",
    subject_separator="dashes",
    heading_roman_separator=".",
    header_left_pct=45.0,
    page_number_size=14.0,
    archive_default="Văn phòng Đảng ủy",
    notes={
        "margins": "HD 36 margins are disputed; default 20/20/30/15 mm (format-standards §1.1)",
        "line_spacing": "not confirmed; default exactly 18 pt (format-standards §4.3)",
        "heading": "36-HD itself uses 'I-'; the customer's plans use 'I.' (set "
        "heading_roman_separator)",
    },
)

STATE_ND30 = Profile(
    name="state-nd30",
    family=Family.STATE,
    elements={
        "title": TextStyle(13, bold=True, size_range=(12, 13)),
        "motto": TextStyle(14, bold=True, underline=True, size_range=(13, 14)),
        "parent": TextStyle(13, size_range=(12, 13)),
        "issuer": TextStyle(13, bold=True, size_range=(12, 13)),
        "separator": TextStyle(13),
        "number": TextStyle(13, size_range=(13, 13), space_before=6),
        "place_date": TextStyle(14, italic=True, size_range=(13, 14), space_before=6),
        "doc_type": TextStyle(14, bold=True, size_range=(13, 14)),
        "subject": TextStyle(14, bold=True, size_range=(13, 14)),
        "subject_rule": TextStyle(14),
        "authority": TextStyle(14, bold=True, size_range=(13, 14)),
        "position": TextStyle(14, bold=True, size_range=(13, 14)),
        "signer_name": TextStyle(14, bold=True, size_range=(13, 14)),
        "recipients_label": TextStyle(12, bold=True, italic=True, align="left",
                                      size_range=(12, 12)),
        "recipients": TextStyle(11, align="left", size_range=(11, 11)),
        **_common_body(14),
        "basis": TextStyle(14, italic=True, align="justify", size_range=(13, 14)),
    },
    number_colon=True,
    org_separator="rule",
    subject_separator="rule",
    heading_roman_separator=".",
    header_left_pct=38.0,
    page_number_size=14.0,
    archive_default="VT, VP",
)

PROFILES: dict[Family, Profile] = {Family.PARTY: PARTY_HD36, Family.STATE: STATE_ND30}


def profile_for(family: Family, override: ProfileOverride | None = None) -> Profile:
    """The family's profile with the dataset's overrides applied."""
    base = PROFILES[family]
    if override is None:
        return base
    changes: dict[str, object] = {}
    if override.margins_mm is not None:
        m = override.margins_mm
        top, bottom, left, right = base.margins_mm
        changes["margins_mm"] = (
            m.top if m.top is not None else top,
            m.bottom if m.bottom is not None else bottom,
            m.left if m.left is not None else left,
            m.right if m.right is not None else right,
        )
    if override.line_spacing_pt is not None:
        changes["line_spacing_pt"] = override.line_spacing_pt
    if override.first_line_indent_mm is not None:
        changes["first_line_indent_mm"] = override.first_line_indent_mm
    if override.space_before_pt is not None:
        changes["space_before_pt"] = override.space_before_pt
    if override.number_colon is not None:
        changes["number_colon"] = override.number_colon
    if override.heading_roman_separator is not None:
        changes["heading_roman_separator"] = override.heading_roman_separator
    if override.body_size_pt is not None:
        size = override.body_size_pt
        elements = dict(base.elements)
        for key in ("body", "basis", "heading1", "heading2", "heading3", "heading4",
                    "field_label"):
            elements[key] = replace(elements[key], size=size)
        changes["elements"] = elements
    return replace(base, **changes)  # type: ignore[arg-type]
