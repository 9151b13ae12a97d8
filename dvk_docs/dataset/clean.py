"""Text hygiene for everything that comes in: NFC, XML-illegal characters, legacy encodings."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

# C0 controls other than tab/newline/carriage return are illegal in XML 1.0; so are
# U+FFFE/U+FFFF and lone surrogates.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Word's soft line break / page break pasted into Excel arrive as VT / FF.
_SOFT_BREAKS = re.compile("[\x0b\x0c]")

# Latin-1 symbols that TCVN3 (.VnTime, ABC) letters turn into when the bytes are read as
# Windows-1252: "đường" typed in TCVN3 shows as "®­êng", "Đảng ủy" as "§¶ng ñy".
_LATIN1_HIGH = re.compile("[\xa1-\xff]")
# letters beyond Latin-1 that real Unicode Vietnamese is full of
_GENUINE = re.compile("[\u0100-\u024f\u1ea0-\u1ef9]")
# what str.splitlines() splits on
_LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_TCVN3_SYMBOLS = set("§¶µ¸¹¨©ª«¬®\xad¡¢£¤¥¦»¼½¾×Þß÷")
_TCVN3_SYMBOL = re.compile("[" + re.escape("".join(sorted(_TCVN3_SYMBOLS))) + "]")


@functools.lru_cache(maxsize=8192)  # the same few values (enum words, headers) recur per row
def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics (for forgiving look-ups): 'Lĩnh vực' -> 'Linh vuc'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def looks_like_tcvn3(text: str) -> bool:
    """True when ``text`` looks like legacy TCVN3/ABC bytes shown as Latin-1 characters.

    Real Unicode Vietnamese uses precomposed letters such as 'ế', 'ộ', 'ữ' that are not in
    Latin-1; TCVN3 text opened as Unicode shows many Latin-1 symbols (§, ¶, µ, ¸ ...) instead.
    """
    if len(text) < 4 or text.isascii():
        return False
    symbols = len(_TCVN3_SYMBOL.findall(text))
    if symbols < 2:
        return False
    # real Unicode Vietnamese almost always has letters beyond Latin-1 (ạ, ả, ư, ơ, đ ...);
    # general punctuation such as curly quotes does not count
    genuine = sum(1 for c in text if ord(c) > 0xFF and not 0x2000 <= ord(c) <= 0x206F)
    return symbols >= 2 and genuine == 0


def legacy_line(text: str) -> tuple[int, str, str] | None:
    """(line number, line, encoding name) of the first line of ``text`` typed in a legacy
    encoding (TCVN3/ABC or VNI) and read as Unicode, or None. Line by line: a paragraph
    pasted from an old document into an otherwise Unicode text is found too."""
    if not _LATIN1_HIGH.search(text):  # TCVN3 and VNI signs are all Latin-1 letters/symbols
        return None
    if not _LINE_BREAK.search(text) and _GENUINE.search(text):
        return None  # one line with letters only Unicode has: the loop below skips it
    from ..legacy import Encoding, detect_encoding

    if not _GENUINE.search(text) and looks_like_tcvn3(text):
        return 1, text.splitlines()[0] if text.splitlines() else text, "TCVN3 (.VnTime/ABC)"
    lines = text.splitlines() or [text]
    for number, line in enumerate(lines, start=1):
        # a line with letters only Unicode has (ă, đ, ơ, ư, ạ, ế ...) is Unicode
        if _GENUINE.search(line) or not _LATIN1_HIGH.search(line):
            continue
        if sum(c.isalpha() for c in line) < 4:
            continue
        encoding = detect_encoding(line)
        if encoding is Encoding.TCVN3 and looks_like_tcvn3(line):
            return number, line, "TCVN3 (.VnTime/ABC)"
        if encoding is Encoding.VNI:
            return number, line, "VNI Windows (VNI-Times)"
    return None


def clean_text(text: str, where: str, warn: Callable[[str], None]) -> str:
    """NFC-normalise ``text`` and remove XML-illegal characters, reporting what was removed.

    Raises ValueError for text (or a line of it) that looks like a legacy TCVN3 or VNI
    encoding, naming the line.
    """
    out = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    if _SOFT_BREAKS.search(out):
        out = _SOFT_BREAKS.sub("\n", out)
    if _ILLEGAL.search(out):
        bad = sorted({f"U+{ord(c):04X}" for c in _ILLEGAL.findall(out)})
        out = _ILLEGAL.sub("", out)
        warn(f"{where}: đã bỏ ký tự điều khiển không hợp lệ ({', '.join(bad)})")
    legacy = legacy_line(out)
    if legacy is not None:
        number, line, encoding = legacy
        at = f", dòng {number} của nội dung" if "\n" in out.strip("\n") else ""
        raise ValueError(
            f"{where}{at}: chữ '{line.strip()[:40]}' có vẻ gõ bằng bảng mã {encoding} cũ; "
            f"hãy chuyển sang Unicode (Unikey → Công cụ chuyển mã, nguồn {encoding.split()[0]}, "
            "đích Unicode) rồi chạy lại"
        )
    return out


def is_clean(text: str) -> bool:
    """True when :func:`clean_text` would give ``text`` back unchanged, with no warning and
    no error (NFC, nothing XML-illegal, no legacy encoding)."""
    if text.isascii():  # NFC, and no legacy signs (they are all beyond ASCII)
        return not _ILLEGAL.search(text)
    if len(text) <= _LONG:
        return _known_clean(text)
    return _known_clean_digest(hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                               digest_size=16).digest(), text)


_LONG = 4096


# a year held in the web application is validated again on every save and every unit's
# phiếu: the same texts each time, so their verdict is remembered (short texts by value,
# long ones such as the plan's body by a digest, so the cache keeps no big strings alive)
@functools.lru_cache(maxsize=65536)
def _known_clean(text: str) -> bool:
    return _check_clean(text)


_digests: dict[bytes, bool] = {}


def _known_clean_digest(digest: bytes, text: str) -> bool:
    found = _digests.get(digest)
    if found is None:
        if len(_digests) >= 1024:
            _digests.clear()
        found = _digests[digest] = _check_clean(text)
    return found


def _check_clean(text: str) -> bool:
    if _ONE_UNICODE_LINE.fullmatch(text):  # the usual cell: one scan, see below
        return unicodedata.is_normalized("NFC", text)
    return (unicodedata.is_normalized("NFC", text) and not _ILLEGAL.search(text)
            and legacy_line(text) is None)


# One line with nothing XML-illegal and a letter only Unicode has (ă, đ, ơ, ư, ạ ...): not
# legacy text (legacy_line gives None for it), so NFC is all that is left to check.
_NOT_IN_LINE = "\x00-\x08\x0a-\x1f\x85\u2028\u2029\ufffe\uffff\ud800-\udfff"
_ONE_UNICODE_LINE = re.compile(
    f"[^{_NOT_IN_LINE}]*[\u0100-\u024f\u1ea0-\u1ef9][^{_NOT_IN_LINE}]*")


def clean_cell(text: str, where: Callable[[], str], warn: Callable[[str], None]) -> str:
    """:func:`clean_text` for the many cells of a sheet: a clean text (nearly all of 25,000
    rows) comes back as it is without naming its place; ``where()`` is asked only when
    something is found. Not remembered as :func:`is_clean` remembers: a sheet's cells are
    read once (the sheet's result is kept whole, dataset/sheet_cache.py) and 200,000 of them
    would only push the web application's texts out."""
    clean = not _ILLEGAL.search(text) if text.isascii() else _check_clean(text)
    return text if clean else clean_text(text, where(), warn)


def clean_tree(value: Any, where: str, warn: Callable[[str], None], *, copy: bool = False
               ) -> Any:
    """Apply :func:`clean_text` to every string inside nested dicts/lists: in place (the
    containers keep their identity: a YAML mapping keeps its line numbers), or with
    ``copy`` into new plain dicts and lists, leaving ``value`` as it was. A place
    (``registrations[3].model_name``) is named only for a text that needs cleaning."""
    if isinstance(value, str):
        return value if is_clean(value) else clean_text(value, where, warn)
    if isinstance(value, dict):
        out: dict[Any, Any] = {} if copy else value
        for key, item in list(value.items()):
            if isinstance(item, str) and is_clean(item):
                if copy:
                    out[key] = item
                continue
            out[key] = clean_tree(item, f"{where}.{key}" if where else str(key), warn,
                                  copy=copy)
        return out
    if isinstance(value, list):
        items: list[Any] = list(value) if copy else value
        for i, item in enumerate(value):
            if isinstance(item, str) and is_clean(item):
                continue
            items[i] = clean_tree(item, f"{where}[{i}]", warn, copy=copy)
        return items
    return value
