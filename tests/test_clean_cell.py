"""clean_cell (the sheet's fast path) gives what clean_text gives, naming the cell only when
something is found."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dvk_docs.dataset import clean
from dvk_docs.dataset.clean import clean_cell, clean_text

CASES = [
    "Chi bo thon 3",                          # ASCII
    "Chi bo\x01 thon 3",                      # ASCII with a control character
    "Dong 1\x0bDong 2",                       # Word's soft break pasted in Excel
    "Tuyến đường hoa",                        # Unicode Vietnamese, NFC
    unicodedata.normalize("NFD", "Tuyến đường hoa"),  # decomposed (macOS)
    "§¶ng ñy x· An Phó",                      # TCVN3 read as Latin-1
    "Ñaûng uûy xaõ",                          # VNI read as Latin-1
    "Mô hình mới\n§¶ng ñy x· An Phó",         # a legacy line under a Unicode one
    "café crème",                             # Latin-1 letters, not Vietnamese
    "",
]


def _outcome(fn, text: str) -> tuple[object, list[str]]:  # type: ignore[no-untyped-def]
    warned: list[str] = []
    try:
        return fn(text, warned.append), warned
    except ValueError as err:
        return ("error", str(err)), warned


def _same(text: str) -> None:
    asked: list[int] = []

    def where() -> str:
        asked.append(1)
        return "dang_ky.xlsx, dòng 7, cột B"

    fast = _outcome(lambda t, w: clean_cell(t, where, w), text)
    slow = _outcome(lambda t, w: clean_text(t, "dang_ky.xlsx, dòng 7, cột B", w), text)
    assert fast == slow
    if fast == (text, []):
        assert not asked  # a clean cell does not build its place name


@pytest.mark.parametrize("text", CASES)
def test_clean_cell_is_clean_text(text: str) -> None:
    _same(text)


def test_clean_cell_names_the_cell_of_a_legacy_text() -> None:
    with pytest.raises(ValueError, match=r"dòng 7, cột B.*TCVN3"):
        clean_cell("§¶ng ñy x· An Phó", lambda: "dang_ky.xlsx, dòng 7, cột B", lambda _m: None)


@given(st.text(alphabet=st.sampled_from(
    [*"aăâbdđeêoôơuưyAĐ §¶µ¸¹ñ·Ñaûõ\n\x0b\x01\ufffe", "\u0301", "\u0323"]),
    max_size=30))
def test_clean_cell_agrees_on_any_text(text: str) -> None:
    _same(text)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("aăâđêôơưạếĐ§¶ñ·é \t\n\r\x0b\x01\x85\u2028\ufffe"
                                    "\u0301\u00c0")), max_size=10))
def test_the_one_scan_for_a_usual_cell_agrees_with_the_full_check(text: str) -> None:
    """``_check_clean`` decides a one-line Unicode Vietnamese text with one scan; on any text
    it says what NFC + no illegal character + no legacy line says."""
    full = (unicodedata.is_normalized("NFC", text) and not clean._ILLEGAL.search(text)
            and clean.legacy_line(text) is None)
    assert clean._check_clean(text) is full
