"""Legacy Vietnamese encodings (TCVN3 / ABC and VNI Windows) to Unicode NFC.

Before Unicode, Vietnamese was typed in 8-bit fonts: the text stored in the document is
Latin-1 / Windows-1252 characters that the font draws as Vietnamese letters.

* **TCVN3** (TCVN 5712:1993 "VN3", the ABC keyboard, fonts ``.VnTime``, ``.VnArial`` ...):
  one byte per precomposed letter, lower case only — ``đường`` is stored as ``®­êng``.
  Upper-case letters with tone marks do not exist in VN3: an all-capitals font
  (``.VnTimeH``, ``.VnArialH`` ...) draws the lower-case codes as capitals, so text in an
  ``...H`` font is upper-cased after conversion.
* **VNI Windows** (fonts ``VNI-Times``, ``VNI-Helve`` ...): a base letter followed by a mark
  character — ``Việt`` is stored as ``Vieät``, ``được`` as ``ñöôïc``.

The tables below are written out letter by letter (TCVN3 checked against glibc's
TCVN5712-1 converter, VNI against the VNI Windows key table); tests cover every letter.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum


class Encoding(str, Enum):
    UNICODE = "unicode"
    TCVN3 = "tcvn3"
    VNI = "vni"

    @property
    def label(self) -> str:
        return {"unicode": "Unicode", "tcvn3": "TCVN3 (ABC, .VnTime)",
                "vni": "VNI Windows (VNI-Times)"}[self.value]


# --- TCVN3 -------------------------------------------------------------------------------
# byte (as the Latin-1 character Word stores) -> Unicode letter
TCVN3_TABLE: dict[str, str] = {
    # upper-case base letters (the only capitals VN3 has beyond ASCII)
    "\xa1": "Ă", "\xa2": "Â", "\xa3": "Ê", "\xa4": "Ô", "\xa5": "Ơ", "\xa6": "Ư", "\xa7": "Đ",
    # lower-case base letters
    "\xa8": "ă", "\xa9": "â", "\xaa": "ê", "\xab": "ô", "\xac": "ơ", "\xad": "ư", "\xae": "đ",
    # a
    "\xb5": "à", "\xb6": "ả", "\xb7": "ã", "\xb8": "á", "\xb9": "ạ",
    # ă
    "\xbb": "ằ", "\xbc": "ẳ", "\xbd": "ẵ", "\xbe": "ắ", "\xc6": "ặ",
    # â
    "\xc7": "ầ", "\xc8": "ẩ", "\xc9": "ẫ", "\xca": "ấ", "\xcb": "ậ",
    # e
    "\xcc": "è", "\xce": "ẻ", "\xcf": "ẽ", "\xd0": "é", "\xd1": "ẹ",
    # ê
    "\xd2": "ề", "\xd3": "ể", "\xd4": "ễ", "\xd5": "ế", "\xd6": "ệ",
    # i
    "\xd7": "ì", "\xd8": "ỉ", "\xdc": "ĩ", "\xdd": "í", "\xde": "ị",
    # o
    "\xdf": "ò", "\xe1": "ỏ", "\xe2": "õ", "\xe3": "ó", "\xe4": "ọ",
    # ô
    "\xe5": "ồ", "\xe6": "ổ", "\xe7": "ỗ", "\xe8": "ố", "\xe9": "ộ",
    # ơ
    "\xea": "ờ", "\xeb": "ở", "\xec": "ỡ", "\xed": "ớ", "\xee": "ợ",
    # u
    "\xef": "ù", "\xf1": "ủ", "\xf2": "ũ", "\xf3": "ú", "\xf4": "ụ",
    # ư
    "\xf5": "ừ", "\xf6": "ử", "\xf7": "ữ", "\xf8": "ứ", "\xf9": "ự",
    # y
    "\xfa": "ỳ", "\xfb": "ỷ", "\xfc": "ỹ", "\xfd": "ý", "\xfe": "ỵ",
    # TCVN 5712 "VN1" capitals placed in the gaps of VN3 (some fonts have them)
    "\xaf": "Ằ", "\xba": "Ẳ", "\xbf": "Ẵ", "\xc0": "Ắ", "\xc1": "Ầ", "\xc2": "Ẩ", "\xc3": "Ẫ",
    "\xc4": "Ấ", "\xc5": "Ề", "\xcd": "Ể", "\xd9": "Ễ", "\xda": "Ế", "\xdb": "Ồ", "\xe0": "Ổ",
    "\xf0": "Ỗ", "\xff": "Ố",
    # combining tone marks of VN1
    "\xb0": "\u0300", "\xb1": "\u0309", "\xb2": "\u0303", "\xb3": "\u0301", "\xb4": "\u0323",
}

# Characters that only TCVN3 text uses in bulk (0xA1-0xBF: symbols in Latin-1).
_TCVN3_SIGNS = frozenset(c for c in TCVN3_TABLE if "\xa1" <= c <= "\xbf")

# --- VNI Windows -------------------------------------------------------------------------
# tone marks after a vowel: (lower, upper) mark character -> combining mark
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
# circumflex (â) and breve (ê) carry their own tone in one character
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303",
                   "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303",
              "ë": "\u0323"}
# single characters that are whole letters
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ",
               "ò": "ị", "î": "ỵ"}
_VNI_SINGLE_UPPER = {k.upper(): v.upper() for k, v in _VNI_SINGLE.items()}


def _marks(table: dict[str, str]) -> dict[str, str]:
    out = dict(table)
    out.update({k.upper(): v for k, v in table.items()})
    return out


_TONES = _marks(_VNI_TONES)
_CIRC = _marks(_VNI_CIRCUMFLEX)
_BREVE = _marks(_VNI_BREVE)


def tcvn3_to_unicode(text: str, *, upper: bool = False) -> str:
    """Convert TCVN3 text; ``upper`` for text in an all-capitals font (``.VnTimeH``)."""
    out = "".join(TCVN3_TABLE.get(c, c) for c in _unmap_symbol_font(text))
    out = unicodedata.normalize("NFC", out)
    return unicodedata.normalize("NFC", out.upper()) if upper else out


def vni_to_unicode(text: str) -> str:
    """Convert VNI Windows text (base letter + mark characters) to Unicode NFC."""
    text = _unmap_symbol_font(text)
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        low = c.lower()
        if low in "aeouy" and c.isalpha():
            if low in "aeo" and nxt in _CIRC:
                # â ê ô with an optional tone
                base = {"a": "â", "e": "ê", "o": "ô"}[low]
                out.append((base.upper() if c.isupper() else base) + _CIRC[nxt])
                i += 2
                continue
            if low == "a" and nxt in _BREVE:
                out.append(("Ă" if c.isupper() else "ă") + _BREVE[nxt])
                i += 2
                continue
            if nxt in _TONES:
                out.append(c + _TONES[nxt])
                i += 2
                continue
            out.append(c)
            i += 1
            continue
        if c in ("ô", "Ô", "ö", "Ö"):  # ơ / ư, maybe with a tone
            letter = _VNI_SINGLE.get(c) or _VNI_SINGLE_UPPER[c]
            if nxt in _TONES:
                out.append(letter + _TONES[nxt])
                i += 2
                continue
            out.append(letter)
            i += 1
            continue
        if c in _VNI_SINGLE:
            out.append(_VNI_SINGLE[c])
        elif c in _VNI_SINGLE_UPPER:
            out.append(_VNI_SINGLE_UPPER[c])
        else:
            out.append(c)
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def _unmap_symbol_font(text: str) -> str:
    """Word stores characters of 'symbol' fonts in the private use area U+F020-U+F0FF."""
    if not any("\uf020" <= c <= "\uf0ff" for c in text):
        return text
    return "".join(chr(ord(c) - 0xF000) if "\uf020" <= c <= "\uf0ff" else c for c in text)


# --- detection ---------------------------------------------------------------------------

def font_encoding(font: str | None) -> Encoding | None:
    """The encoding a font name implies: ``.VnTime`` -> TCVN3, ``VNI-Times`` -> VNI."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn") or name.startswith("vn3") or name.startswith("abc"):
        return Encoding.TCVN3
    if name.startswith("vni-") or name.startswith("vni ") or name.startswith("vni_"):
        return Encoding.VNI
    return Encoding.UNICODE if name else None


def is_capitals_font(font: str | None) -> bool:
    """``.VnTimeH``, ``.VnArialH``, ``.VnCentury SchoolbookH``: the all-capitals TCVN3 fonts."""
    if not font or font_encoding(font) is not Encoding.TCVN3:
        return False
    return font.strip().endswith("H")


_VNI_PAIR = re.compile(
    r"[aeoyuAEOYU][ùøûõïÙØÛÕÏ]|[aeoAEO][âáàåãäÂÁÀÅÃÄ]|[aA][êéèúüëÊÉÈÚÜË]|[ñÑöÖ]"
)
# letters beyond Latin-1 that real Unicode Vietnamese is full of (ă, đ, ơ, ư, ạ, ế ...)
_GENUINE = re.compile(r"[\u0100-\u024f\u1ea0-\u1ef9]")


def looks_unicode_vietnamese(text: str) -> bool:
    return bool(_GENUINE.search(text))


def detect_encoding(text: str) -> Encoding:
    """Guess the encoding of ``text`` shown as Latin-1 characters (no font to go by).

    Text with genuine Vietnamese letters (ă, đ, ơ, ư, ạ ...) is Unicode. Otherwise TCVN3
    shows its 0xA1-0xBF symbols (§ ¶ µ ¸ ª ® ...) and VNI shows vowel + mark pairs
    (aø, eâ, oï ...); a text needs two signs before it is called legacy.
    """
    if looks_unicode_vietnamese(text):
        return Encoding.UNICODE
    text = _unmap_symbol_font(text)
    tcvn = sum(1 for c in text if c in _TCVN3_SIGNS)
    vni = len(_VNI_PAIR.findall(text))
    if tcvn >= 2 and tcvn >= vni:
        return Encoding.TCVN3
    if vni >= 2 and vni > tcvn:
        return Encoding.VNI
    return Encoding.UNICODE


def to_unicode(text: str, encoding: Encoding, *, upper: bool = False) -> str:
    """Convert ``text`` from ``encoding``; Unicode text is only NFC-normalised."""
    if encoding is Encoding.TCVN3:
        return tcvn3_to_unicode(text, upper=upper)
    if encoding is Encoding.VNI:
        return vni_to_unicode(text)
    return unicodedata.normalize("NFC", text)


# --- the other way, for tests and fixtures -----------------------------------------------

_UNICODE_TO_TCVN3 = {v: k for k, v in TCVN3_TABLE.items() if "\xa1" <= k <= "\xfe"
                     and unicodedata.combining(v) == 0 and (v.islower() or k <= "\xa7")}


def unicode_to_tcvn3(text: str) -> str:
    """Encode Unicode Vietnamese as TCVN3 (VN3). Capitals with tone marks do not exist in VN3:
    they are written lower case (as in an ``...H`` capitals font)."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        if c in _UNICODE_TO_TCVN3:
            out.append(_UNICODE_TO_TCVN3[c])
        elif c.lower() in _UNICODE_TO_TCVN3 and c not in "ĂÂÊÔƠƯĐ":
            out.append(_UNICODE_TO_TCVN3[c.lower()])
        else:
            out.append(c)
    return "".join(out)


_TONE_TO_VNI = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_CIRC_TONE_TO_VNI = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã",
                     "\u0323": "ä"}
_BREVE_TONE_TO_VNI = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü",
                      "\u0323": "ë"}
_I_TO_VNI = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def unicode_to_vni(text: str) -> str:
    """Encode Unicode Vietnamese as VNI Windows."""
    out: list[str] = []
    for c in unicodedata.normalize("NFC", text):
        if c in "đĐ":
            out.append("ñ" if c == "đ" else "Ñ")
            continue
        d = unicodedata.normalize("NFD", c)
        base, marks = d[0], d[1:]
        if not marks or base.lower() not in "aeiouy":
            out.append(c)
            continue
        upper = base.isupper()
        low = base.lower()
        tone = next((m for m in marks if m in _TONE_TO_VNI), "")
        shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")

        def up(s: str, upper: bool = upper) -> str:
            return s.upper() if upper else s

        if shape == "\u0302":  # â ê ô
            out.append(base + up(_CIRC_TONE_TO_VNI[tone]))
        elif shape == "\u0306":  # ă
            out.append(base + up(_BREVE_TONE_TO_VNI[tone]))
        elif shape == "\u031b":  # ơ ư
            out.append(up("ô" if low == "o" else "ö") + (up(_TONE_TO_VNI[tone]) if tone else ""))
        elif low == "i":
            out.append(up(_I_TO_VNI[tone]))
        elif low == "y" and tone == "\u0323":
            out.append(up("î"))
        else:
            out.append(base + up(_TONE_TO_VNI[tone]))
    return "".join(out)
