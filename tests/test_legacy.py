"""Legacy Vietnamese encodings: every letter of TCVN3 (.VnTime) and VNI to Unicode NFC."""

from __future__ import annotations

import unicodedata

import pytest

from dvk_docs.legacy import (
    TCVN3_TABLE,
    Encoding,
    detect_encoding,
    font_encoding,
    is_capitals_font,
    tcvn3_to_unicode,
    to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

LOWER = ("aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ")
UPPER = unicodedata.normalize("NFC", LOWER.upper())

# the byte each lower-case letter has in TCVN3 (TCVN 5712:1993, VN3), written out by hand
TCVN3_LOWER = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
    "đ": 0xAE,
}
TCVN3_CAPITAL_BASES = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6,
                       "Đ": 0xA7}

# VNI Windows, written out by hand: base letter + mark characters
VNI = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "é": "eù", "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ế": "eá", "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ó": "où", "ò": "oø", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ố": "oá", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ớ": "ôù", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ú": "uù", "ù": "uø", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ",
}


def test_the_hand_tables_cover_every_letter() -> None:
    letters = set(LOWER) - set("aeiouy")
    assert set(TCVN3_LOWER) == letters
    assert set(VNI) == letters


@pytest.mark.parametrize("letter", sorted(TCVN3_LOWER))
def test_tcvn3_lower_case_letter(letter: str) -> None:
    code = chr(TCVN3_LOWER[letter])
    assert TCVN3_TABLE[code] == letter
    assert tcvn3_to_unicode(code) == letter
    assert unicode_to_tcvn3(letter) == code


@pytest.mark.parametrize("letter", sorted(set(UPPER) - set("AEIOUY")))
def test_tcvn3_capitals_come_from_the_capitals_font(letter: str) -> None:
    """VN3 has no capitals with tone marks: .VnTimeH draws the lower-case code as a capital."""
    code = chr(TCVN3_LOWER[letter.lower()])
    assert tcvn3_to_unicode(code, upper=True) == letter
    if letter in TCVN3_CAPITAL_BASES:
        assert tcvn3_to_unicode(chr(TCVN3_CAPITAL_BASES[letter])) == letter


@pytest.mark.parametrize("letter", sorted(VNI))
def test_vni_letter_both_cases(letter: str) -> None:
    assert vni_to_unicode(VNI[letter]) == letter
    assert unicode_to_vni(letter) == VNI[letter]
    upper = unicodedata.normalize("NFC", letter.upper())
    assert vni_to_unicode(VNI[letter].upper()) == upper
    assert unicode_to_vni(upper) == VNI[letter].upper()


def test_known_words() -> None:
    assert tcvn3_to_unicode("®\xadêng") == "đường"
    assert tcvn3_to_unicode("§¶ng ñy x· An Phó") == "Đảng ủy xã An Phú"
    assert tcvn3_to_unicode("kÕ ho¹ch", upper=True) == "KẾ HOẠCH"
    assert vni_to_unicode("Vieät Nam") == "Việt Nam"
    assert vni_to_unicode("ñöôïc") == "được"
    assert vni_to_unicode("ÑAÛNG UÛY XAÕ") == "ĐẢNG ỦY XÃ"
    assert vni_to_unicode("Tröôøng, khoâng, Nghò quyeát, Tænh, kyõ, syõ") == (
        "Trường, không, Nghị quyết, Tỉnh, kỹ, sỹ")


def test_whole_sentences_round_trip_and_end_nfc() -> None:
    text = ("Ban Thường vụ Đảng ủy xã An Phú xây dựng Kế hoạch thực hiện phong trào thi đua "
            "“Dân vận khéo” năm 2026; ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH; Nguyễn Thị Thu Hà.")
    assert vni_to_unicode(unicode_to_vni(text)) == text
    lower = text.lower()
    assert tcvn3_to_unicode(unicode_to_tcvn3(lower)) == lower
    for out in (vni_to_unicode(unicode_to_vni(text)), tcvn3_to_unicode(unicode_to_tcvn3(lower))):
        assert unicodedata.is_normalized("NFC", out)


def test_symbol_font_private_use_area() -> None:
    """Word keeps characters of 'symbol' fonts at U+F0xx."""
    pua = "".join(chr(0xF000 + ord(c)) for c in "§¶ng")
    assert tcvn3_to_unicode(pua) == "Đảng"


def test_fonts_name_the_encoding() -> None:
    assert font_encoding(".VnTime") is Encoding.TCVN3
    assert font_encoding(".VnArialH") is Encoding.TCVN3
    assert is_capitals_font(".VnTimeH") and not is_capitals_font(".VnTime")
    assert not is_capitals_font("Times New Roman")
    assert font_encoding("VNI-Times") is Encoding.VNI
    assert font_encoding("Times New Roman") is Encoding.UNICODE
    assert font_encoding(None) is None


def test_detection_without_fonts() -> None:
    text = "Ban Thường vụ Đảng ủy xã xây dựng Kế hoạch thực hiện phong trào năm 2026"
    assert detect_encoding(text) is Encoding.UNICODE
    assert detect_encoding(unicode_to_tcvn3(text)) is Encoding.TCVN3
    assert detect_encoding(unicode_to_vni(text)) is Encoding.VNI
    # plain ASCII and French-looking text are not legacy
    assert detect_encoding("So 03-KH/DU, nam 2026") is Encoding.UNICODE
    assert detect_encoding("café") is Encoding.UNICODE


def test_to_unicode_normalises_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Dân vận khéo")
    assert to_unicode(decomposed, Encoding.UNICODE) == "Dân vận khéo"
