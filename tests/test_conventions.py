"""Tests for dvk_docs.conventions: numbering, dates, signing, recipients, words, percent, text."""

from __future__ import annotations

import datetime
import itertools
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dvk_docs.conventions as conv
from dvk_docs.conventions import (
    Authority,
    Family,
    amount_in_words,
    authority_prefix,
    cited_date,
    collapse_spaces,
    format_int,
    format_number_line,
    format_percent,
    format_recipients,
    format_symbol,
    long_date,
    nfc,
    number_to_words,
    percent,
    place_date_line,
    short_date,
    signature_lines,
    upper_vi,
)
from dvk_docs.errors import ConventionError, DvkError

PARTY = Family.PARTY
STATE = Family.STATE


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --------------------------------------------------------------------------- package


def test_all_names_are_exported() -> None:
    expected = {
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
    }
    assert set(conv.__all__) == expected
    for name in expected:
        assert hasattr(conv, name), name


def test_convention_error_is_a_dvk_error() -> None:
    assert issubclass(ConventionError, DvkError)


def test_family_values() -> None:
    assert Family.PARTY.value == "party"
    assert Family.STATE.value == "state"
    assert Family("party") is Family.PARTY
    assert isinstance(Family.STATE, str)


def test_authority_values() -> None:
    assert [a.value for a in Authority] == ["TM", "KT", "TL", "TUQ", "Q", "none"]
    assert Authority("none") is Authority.NONE


# --------------------------------------------------------------------------- numbering


@pytest.mark.parametrize(
    ("number", "type_code", "org_code", "family", "expected"),
    [
        (5, "KH", "ĐU", PARTY, "05-KH/ĐU"),
        (5, "KH", "UBND", STATE, "05/KH-UBND"),
        (1, "TB", "ĐU", PARTY, "01-TB/ĐU"),
        (9, "QĐ", "UBND", STATE, "09/QĐ-UBND"),
        (10, "KH", "ĐU", PARTY, "10-KH/ĐU"),
        (10, "KH", "UBND", STATE, "10/KH-UBND"),
        (127, "QĐ", "TW", PARTY, "127-QĐ/TW"),
        (1234, "BC", "UBND", STATE, "1234/BC-UBND"),
        (None, "KH", "ĐU", PARTY, "   -KH/ĐU"),
        (None, "KH", "UBND", STATE, "   /KH-UBND"),
        (7, "  KH ", "\tĐU\n", PARTY, "07-KH/ĐU"),
    ],
)
def test_format_symbol(
    number: int | None, type_code: str, org_code: str, family: Family, expected: str
) -> None:
    assert format_symbol(number, type_code, org_code, family) == expected


def test_format_symbol_nfd_codes_become_nfc() -> None:
    result = format_symbol(3, "KH", nfd("ĐU"), PARTY)
    assert result == "03-KH/ĐU"
    assert unicodedata.is_normalized("NFC", result)


def test_format_symbol_accepts_family_string() -> None:
    assert format_symbol(5, "KH", "ĐU", "party") == "05-KH/ĐU"  # type: ignore[arg-type]
    assert format_symbol(5, "KH", "UBND", "state") == "05/KH-UBND"  # type: ignore[arg-type]


@pytest.mark.parametrize("number", [0, -1, -10])
def test_format_symbol_rejects_non_positive(number: int) -> None:
    with pytest.raises(ConventionError, match="1 or more"):
        format_symbol(number, "KH", "ĐU", PARTY)


@pytest.mark.parametrize("number", [True, 5.0, "05"])
def test_format_symbol_rejects_non_int(number: object) -> None:
    with pytest.raises(ConventionError):
        format_symbol(number, "KH", "ĐU", PARTY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("type_code", "org_code"), [("", "ĐU"), ("   ", "ĐU"), ("KH", ""), ("KH", " \t ")]
)
def test_format_symbol_rejects_empty_codes(type_code: str, org_code: str) -> None:
    with pytest.raises(ConventionError, match="empty"):
        format_symbol(5, type_code, org_code, STATE)


def test_format_symbol_rejects_inner_spaces() -> None:
    with pytest.raises(ConventionError, match="spaces"):
        format_symbol(5, "K H", "UBND", STATE)


def test_format_symbol_rejects_unknown_family() -> None:
    with pytest.raises(ConventionError, match="family"):
        format_symbol(5, "KH", "UBND", "church")  # type: ignore[arg-type]


def test_format_number_line_defaults() -> None:
    assert format_number_line(5, "KH", "ĐU", PARTY) == "Số 05-KH/ĐU"
    assert format_number_line(5, "KH", "UBND", STATE) == "Số: 05/KH-UBND"
    assert format_number_line(45, "KH", "ĐU", PARTY) == "Số 45-KH/ĐU"
    assert format_number_line(12, "KH", "UBND", STATE) == "Số: 12/KH-UBND"


def test_format_number_line_colon_override() -> None:
    assert format_number_line(5, "KH", "ĐU", PARTY, colon=True) == "Số: 05-KH/ĐU"
    assert format_number_line(5, "KH", "UBND", STATE, colon=False) == "Số 05/KH-UBND"
    assert format_number_line(5, "KH", "ĐU", PARTY, colon=False) == "Số 05-KH/ĐU"
    assert format_number_line(5, "KH", "UBND", STATE, colon=True) == "Số: 05/KH-UBND"


def test_format_number_line_unallocated() -> None:
    assert format_number_line(None, "KH", "ĐU", PARTY) == "Số    -KH/ĐU"
    assert format_number_line(None, "KH", "UBND", STATE) == "Số:    /KH-UBND"


def test_format_number_line_propagates_errors() -> None:
    with pytest.raises(ConventionError):
        format_number_line(0, "KH", "ĐU", PARTY)


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(list(Family)))
def test_format_symbol_number_part_property(number: int, family: Family) -> None:
    sep = "-" if family is PARTY else "/"
    head = format_symbol(number, "KH", "X", family).split(sep, 1)[0]
    assert int(head) == number
    assert len(head) == max(2, len(str(number)))


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (datetime.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 12), "ngày 12 tháng 3 năm 2026"),
        (datetime.date(2026, 1, 1), "ngày 01 tháng 01 năm 2026"),
        (datetime.date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (datetime.date(2026, 2, 10), "ngày 10 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 1), "ngày 01 tháng 3 năm 2026"),
        (datetime.date(2026, 9, 30), "ngày 30 tháng 9 năm 2026"),
        (datetime.date(2026, 10, 5), "ngày 05 tháng 10 năm 2026"),
        (datetime.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        (datetime.datetime(2026, 2, 5, 13, 45), "ngày 05 tháng 02 năm 2026"),
    ],
)
def test_long_date(d: datetime.date, expected: str) -> None:
    assert long_date(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (datetime.date(2026, 2, 5), "05/02/2026"),
        (datetime.date(2026, 3, 15), "15/3/2026"),
        (datetime.date(2026, 10, 5), "05/10/2026"),
        (datetime.date(2026, 1, 1), "01/01/2026"),
        (datetime.date(2026, 12, 10), "10/12/2026"),
        (datetime.date(2026, 3, 9), "09/3/2026"),
    ],
)
def test_short_date(d: datetime.date, expected: str) -> None:
    assert short_date(d) == expected


def test_cited_date() -> None:
    assert cited_date(datetime.date(2026, 2, 5)) == "ngày 05/02/2026"
    assert cited_date(datetime.date(2026, 1, 21)) == "ngày 21/01/2026"
    assert cited_date(datetime.date(2026, 11, 3)) == "ngày 03/11/2026"


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2999, 12, 31)))
def test_date_zero_rule_property(d: datetime.date) -> None:
    words = long_date(d).split(" ")
    assert words[0] == "ngày" and words[2] == "tháng" and words[4] == "năm"
    day, month = words[1], words[3]
    assert len(day) == 2 and int(day) == d.day
    assert int(month) == d.month
    assert month.startswith("0") == (d.month <= 2)
    assert words[5] == str(d.year)
    assert short_date(d) == f"{day}/{month}/{d.year}"


@pytest.mark.parametrize("bad", ["2026-02-05", None, 20260205])
def test_dates_reject_non_dates(bad: object) -> None:
    with pytest.raises(ConventionError):
        long_date(bad)  # type: ignore[arg-type]
    with pytest.raises(ConventionError):
        short_date(bad)  # type: ignore[arg-type]


def test_place_date_line_with_date() -> None:
    assert (
        place_date_line("An Phú", datetime.date(2026, 2, 5)) == "An Phú, ngày 05 tháng 02 năm 2026"
    )
    assert (
        place_date_line("Hạ Long", datetime.date(2018, 2, 20))
        == "Hạ Long, ngày 20 tháng 02 năm 2018"
    )


def test_place_date_line_cleans_place() -> None:
    line = place_date_line(nfd("  An\u00a0 Phú, "), datetime.date(2026, 3, 12))
    assert line == "An Phú, ngày 12 tháng 3 năm 2026"
    assert unicodedata.is_normalized("NFC", line)


def test_place_date_line_handwritten() -> None:
    line = place_date_line("An Phú", None, year=2026)
    assert line == "An Phú, ngày      tháng      năm 2026"
    assert line.count(" " * 6) == 2


def test_place_date_line_matching_year_is_fine() -> None:
    d = datetime.date(2026, 2, 5)
    assert place_date_line("An Phú", d, year=2026) == place_date_line("An Phú", d)


def test_place_date_line_errors() -> None:
    with pytest.raises(ConventionError, match="date or a year"):
        place_date_line("An Phú", None)
    with pytest.raises(ConventionError, match="không thuộc năm"):
        place_date_line("An Phú", datetime.date(2026, 2, 5), year=2025)
    with pytest.raises(ConventionError, match="địa danh"):
        place_date_line("   ", datetime.date(2026, 2, 5))
    with pytest.raises(ConventionError):
        place_date_line("An Phú", None, year=0)


# --------------------------------------------------------------------------- signing


@pytest.mark.parametrize(
    ("authority", "expected"),
    [
        (Authority.TM, "T/M"),
        (Authority.KT, "K/T"),
        (Authority.TL, "T/L"),
        (Authority.NONE, ""),
    ],
)
def test_authority_prefix_party(authority: Authority, expected: str) -> None:
    assert authority_prefix(authority, PARTY) == expected


@pytest.mark.parametrize(
    ("authority", "expected"),
    [
        (Authority.TM, "TM."),
        (Authority.KT, "KT."),
        (Authority.TL, "TL."),
        (Authority.TUQ, "TUQ."),
        (Authority.Q, "Q."),
        (Authority.NONE, ""),
    ],
)
def test_authority_prefix_state(authority: Authority, expected: str) -> None:
    assert authority_prefix(authority, STATE) == expected


@pytest.mark.parametrize("authority", [Authority.TUQ, Authority.Q])
def test_authority_prefix_party_rejects_tuq_and_q(authority: Authority) -> None:
    with pytest.raises(ConventionError) as info:
        authority_prefix(authority, PARTY)
    message = str(info.value)
    assert "party" in message
    assert authority.value in message
    for allowed in ("T/M", "K/T", "T/L"):
        assert allowed in message


def test_authority_prefix_accepts_strings() -> None:
    assert authority_prefix("KT", "state") == "KT."  # type: ignore[arg-type]
    assert authority_prefix("none", "party") == ""  # type: ignore[arg-type]
    with pytest.raises(ConventionError, match="authority"):
        authority_prefix("XYZ", STATE)  # type: ignore[arg-type]


def test_signature_lines_examples() -> None:
    assert signature_lines(Authority.TM, "Ban Thường vụ", "Phó Bí thư", PARTY) == [
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
    ]
    assert signature_lines(Authority.KT, "Chủ tịch", "Phó Chủ tịch", STATE) == [
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert signature_lines(Authority.TM, "Ủy ban nhân dân", "Chủ tịch", STATE) == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ]
    assert signature_lines(Authority.TM, "Đảng ủy", "Bí thư", PARTY) == ["T/M ĐẢNG ỦY", "BÍ THƯ"]
    assert signature_lines(Authority.KT, "Trưởng ban", "Phó Trưởng ban", PARTY) == [
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
    ]
    assert signature_lines(Authority.TL, "Chủ tịch", "Chánh Văn phòng", STATE) == [
        "TL. CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
    ]
    assert signature_lines(Authority.TUQ, "Giám đốc", "Trưởng phòng Tổ chức cán bộ", STATE) == [
        "TUQ. GIÁM ĐỐC",
        "TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ",
    ]


def test_signature_lines_q() -> None:
    assert signature_lines(Authority.Q, "Giám đốc", "Giám đốc", STATE) == ["Q. GIÁM ĐỐC"]
    assert signature_lines(Authority.Q, "giám  đốc", "Giám đốc", STATE) == ["Q. GIÁM ĐỐC"]
    assert signature_lines(Authority.Q, None, "Giám đốc", STATE) == ["Q. GIÁM ĐỐC"]
    assert signature_lines(Authority.Q, "Giám đốc", "Phó Giám đốc", STATE) == [
        "Q. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    ]


def test_signature_lines_none() -> None:
    assert signature_lines(Authority.NONE, None, "Chủ tịch", STATE) == ["CHỦ TỊCH"]
    assert signature_lines(Authority.NONE, None, "Bí thư", PARTY) == ["BÍ THƯ"]
    assert signature_lines(Authority.NONE, "ignored", "Bí thư", PARTY) == ["BÍ THƯ"]


@pytest.mark.parametrize("authority", [Authority.TM, Authority.KT, Authority.TL, Authority.TUQ])
@pytest.mark.parametrize("on_behalf_of", [None, "", "   "])
def test_signature_lines_require_on_behalf_of(
    authority: Authority, on_behalf_of: str | None
) -> None:
    with pytest.raises(ConventionError, match="on_behalf_of"):
        signature_lines(authority, on_behalf_of, "Phó Chủ tịch", STATE)


@pytest.mark.parametrize("authority", [Authority.TUQ, Authority.Q])
def test_signature_lines_party_rejects_tuq_q(authority: Authority) -> None:
    with pytest.raises(ConventionError, match="party"):
        signature_lines(authority, "Bí thư", "Phó Bí thư", PARTY)


def test_signature_lines_require_title() -> None:
    with pytest.raises(ConventionError, match="chức vụ"):
        signature_lines(Authority.NONE, None, "  ", STATE)


def test_signature_lines_nfd_input_gives_nfc_output() -> None:
    lines = signature_lines(Authority.TM, nfd("Ban Thường vụ"), nfd("Phó Bí thư"), PARTY)
    assert lines == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]
    assert all(unicodedata.is_normalized("NFC", line) for line in lines)


# --------------------------------------------------------------------------- recipients


def test_format_recipients_party() -> None:
    lines = format_recipients(
        ["Ban Thường vụ Huyện ủy (để báo cáo)", "Các chi bộ trực thuộc"],
        PARTY,
        archive="Văn phòng Đảng ủy",
    )
    assert lines == [
        "- Ban Thường vụ Huyện ủy (để báo cáo),",
        "- Các chi bộ trực thuộc,",
        "- Lưu Văn phòng Đảng ủy.",
    ]


def test_format_recipients_state() -> None:
    lines = format_recipients(["Như trên", "UBND huyện (để b/c)"], STATE, archive="VT, VP")
    assert lines == ["- Như trên;", "- UBND huyện (để b/c);", "- Lưu: VT, VP."]


def test_format_recipients_punctuation_of_every_line() -> None:
    items = ["A", "B", "C", "D"]
    for family in Family:
        lines = format_recipients(items, family, archive="VT")
        assert len(lines) == len(items) + 1
        assert all(line.startswith("- ") for line in lines)
        end = "," if family is PARTY else ";"
        assert all(line.endswith(end) for line in lines[:-1])
        assert lines[-1].endswith(".") and not lines[-1].endswith("..")


def test_format_recipients_strips_pasted_punctuation() -> None:
    lines = format_recipients(
        [
            "- Ban Thường vụ Huyện ủy (để báo cáo);",
            "+ Các đoàn thể,",
            "• Chi bộ ấp 1.",
            "  -  Chi bộ ấp 2 ; ",
            "--Chi bộ ấp 3;;",
        ],
        PARTY,
        archive="Văn phòng Đảng ủy",
    )
    assert lines == [
        "- Ban Thường vụ Huyện ủy (để báo cáo),",
        "- Các đoàn thể,",
        "- Chi bộ ấp 1,",
        "- Chi bộ ấp 2,",
        "- Chi bộ ấp 3,",
        "- Lưu Văn phòng Đảng ủy.",
    ]


def test_format_recipients_skips_empty_items() -> None:
    lines = format_recipients(["", "   ", "-", ";", "Như trên"], STATE, archive="VT")
    assert lines == ["- Như trên;", "- Lưu: VT."]


def test_format_recipients_only_archive() -> None:
    assert format_recipients([], PARTY, archive="Văn phòng Đảng ủy") == ["- Lưu Văn phòng Đảng ủy."]


def test_format_recipients_nfc_and_spaces() -> None:
    lines = format_recipients([nfd("Đảng  ủy\u00a0xã")], PARTY, archive=nfd("Văn phòng"))
    assert lines == ["- Đảng ủy xã,", "- Lưu Văn phòng."]
    assert all(unicodedata.is_normalized("NFC", line) for line in lines)


@pytest.mark.parametrize(
    ("archive", "family", "expected"),
    [
        ("Lưu Văn phòng Đảng ủy", PARTY, "- Lưu Văn phòng Đảng ủy."),
        ("Lưu: Văn phòng Đảng ủy.", PARTY, "- Lưu Văn phòng Đảng ủy."),
        ("Lưu: VT, VP", STATE, "- Lưu: VT, VP."),
        ("Lưu VT, VP.", STATE, "- Lưu: VT, VP."),
        ("lưu : VT", STATE, "- Lưu: VT."),
        ("- Lưu: VT, VP.", STATE, "- Lưu: VT, VP."),
        ("VT, VP (02b).", STATE, "- Lưu: VT, VP (02b)."),
        ("Lưu trữ huyện", STATE, "- Lưu: Lưu trữ huyện."),
    ],
)
def test_format_recipients_archive_not_doubled(archive: str, family: Family, expected: str) -> None:
    assert format_recipients([], family, archive=archive) == [expected]


@pytest.mark.parametrize("archive", ["", "   ", "Lưu", "Lưu:", "- Lưu: ."])
def test_format_recipients_empty_archive(archive: str) -> None:
    with pytest.raises(ConventionError, match="archive"):
        format_recipients(["Như trên"], STATE, archive=archive)


def test_format_recipients_rejects_bare_string() -> None:
    with pytest.raises(ConventionError, match="list"):
        format_recipients("Như trên", STATE, archive="VT")


@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("abc ĐđƯư;,.-+•()\u00a0\t")), min_size=0, max_size=20
        ),
        max_size=8,
    ),
    st.sampled_from(list(Family)),
)
def test_format_recipients_property(items: list[str], family: Family) -> None:
    lines = format_recipients(items, family, archive="VT")
    assert lines[-1] == ("- Lưu VT." if family is PARTY else "- Lưu: VT.")
    for line in lines[:-1]:
        assert line.startswith("- ") and line.endswith("," if family is PARTY else ";")
        body = line[2:-1]
        assert body and body == body.strip()
        assert body[0] not in "-+•" and body[-1] not in ";,."
        assert "  " not in body


# --------------------------------------------------------------------------- words

WORDS = {
    0: "không",
    1: "một",
    4: "bốn",
    5: "năm",
    10: "mười",
    11: "mười một",
    14: "mười bốn",
    15: "mười lăm",
    20: "hai mươi",
    21: "hai mươi mốt",
    24: "hai mươi tư",
    25: "hai mươi lăm",
    31: "ba mươi mốt",
    55: "năm mươi lăm",
    99: "chín mươi chín",
    100: "một trăm",
    101: "một trăm linh một",
    104: "một trăm linh bốn",
    105: "một trăm linh năm",
    110: "một trăm mười",
    111: "một trăm mười một",
    115: "một trăm mười lăm",
    121: "một trăm hai mươi mốt",
    1000: "một nghìn",
    1005: "một nghìn không trăm linh năm",
    1010: "một nghìn không trăm mười",
    1100: "một nghìn một trăm",
    2026: "hai nghìn không trăm hai mươi sáu",
    10500: "mười nghìn năm trăm",
    15_000: "mười lăm nghìn",
    21_000: "hai mươi mốt nghìn",
    1_000_000: "một triệu",
    1_000_001: "một triệu không trăm linh một",
    1_050_000: "một triệu không trăm năm mươi nghìn",
    70_000_000: "bảy mươi triệu",
    1_000_000_000: "một tỷ",
    1_020_000_000: "một tỷ không trăm hai mươi triệu",
    1_000_000_000_000: "một nghìn tỷ",
    1_001_000_000_000: "một nghìn không trăm linh một tỷ",
}


@pytest.mark.parametrize(("n", "expected"), sorted(WORDS.items()))
def test_number_to_words(n: int, expected: str) -> None:
    assert number_to_words(n) == expected


def test_number_to_words_negative() -> None:
    assert number_to_words(-5) == "âm năm"
    assert number_to_words(-2026) == "âm hai nghìn không trăm hai mươi sáu"


@pytest.mark.parametrize("n", [10**15, -(10**15), 10**20])
def test_number_to_words_out_of_range(n: int) -> None:
    with pytest.raises(ConventionError):
        number_to_words(n)


@pytest.mark.parametrize("n", [1.0, "5", True, None])
def test_number_to_words_rejects_non_int(n: object) -> None:
    with pytest.raises(ConventionError):
        number_to_words(n)  # type: ignore[arg-type]


def test_number_to_words_largest() -> None:
    words = number_to_words(10**15 - 1)
    assert words.startswith("chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ")
    assert words.endswith("chín trăm chín mươi chín")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (70_000_000, "Bảy mươi triệu đồng"),
        (0, "Không đồng"),
        (1005, "Một nghìn không trăm linh năm đồng"),
        (15_500_000, "Mười lăm triệu năm trăm nghìn đồng"),
    ],
)
def test_amount_in_words(n: int, expected: str) -> None:
    assert amount_in_words(n) == expected


# An independent reader used to round-trip number_to_words.
_DIGIT_VALUE = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
_SCALES = {"nghìn": 10**3, "triệu": 10**6}


def parse_words(text: str) -> int:
    """Read Vietnamese number words back to an int (accepts only well-formed readings)."""
    tokens = text.split(" ")
    total = section = current = pending = 0
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else None
        if tok in _DIGIT_VALUE:
            if tok == "mốt":
                assert prev == "mươi", text
            if tok == "tư":
                assert prev == "mươi", text
            if tok == "lăm":
                assert prev in ("mươi", "mười"), text
            pending = _DIGIT_VALUE[tok]
        elif tok == "trăm":
            current += pending * 100
            pending = 0
        elif tok == "mươi":
            assert prev in _DIGIT_VALUE and pending >= 2, text
            current += pending * 10
            pending = 0
        elif tok == "mười":
            current += 10
        elif tok == "linh":
            assert prev == "trăm", text
            assert i + 2 == len(tokens) or tokens[i + 2] in (*_SCALES, "tỷ"), text
        elif tok in _SCALES:
            section += (current + pending) * _SCALES[tok]
            current = pending = 0
        elif tok == "tỷ":
            total = (total + section + current + pending) * 10**9
            section = current = pending = 0
        else:
            raise AssertionError(f"unknown word {tok!r} in {text!r}")
    return total + section + current + pending


def test_parse_words_sanity() -> None:
    for n, text in WORDS.items():
        assert parse_words(text) == n


def _groups(n: int) -> list[int]:
    """Three-digit groups, most significant first (5 groups for n < 10^15)."""
    return [n // 10 ** (3 * k) % 1000 for k in range(4, -1, -1)]


def _expected_linh_count(n: int) -> int:
    count = 0
    seen_nonzero = False
    for g in _groups(n):
        if g:
            hundred_bearing = g >= 100 or seen_nonzero
            if hundred_bearing and g // 10 % 10 == 0 and g % 10 != 0:
                count += 1
            seen_nonzero = True
    return count


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_number_to_words_properties(n: int) -> None:
    text = number_to_words(n)
    assert text == text.strip()
    assert "  " not in text
    assert text == nfc(text)
    tokens = text.split(" ")
    assert parse_words(text) == n
    assert tokens.count("linh") == _expected_linh_count(n)
    for a, b in itertools.pairwise(tokens):
        assert (a, b) != ("mười", "mốt")
        assert (a, b) != ("mười", "tư")
        assert (a, b) != ("linh", "lăm")
        # an all-zero group is never read ("không nghìn", "không triệu")
        assert not (a == "không" and b in ("nghìn", "triệu", "tỷ"))
    # "không" only as the whole reading of 0 or as "không trăm"
    for i, tok in enumerate(tokens):
        if tok == "không" and n != 0:
            assert tokens[i + 1] == "trăm"
    # every group after a scale word is read with its hundreds
    for i, tok in enumerate(tokens[:-1]):
        if tok in ("nghìn", "triệu", "tỷ") and tokens[i + 1] not in ("tỷ",):
            assert tokens[i + 2] == "trăm", text


@given(st.integers(min_value=1, max_value=999))
def test_number_to_words_small_linh_rule(n: int) -> None:
    text = number_to_words(n)
    assert parse_words(text) == n
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    assert ("linh" in text.split()) == (hundreds > 0 and tens == 0 and units != 0)
    assert ("trăm" in text.split()) == (hundreds > 0)


@given(st.integers(min_value=-(10**15) + 1, max_value=-1))
def test_number_to_words_negative_property(n: int) -> None:
    assert number_to_words(n) == "âm " + number_to_words(-n)


# --------------------------------------------------------------------------- percent


@pytest.mark.parametrize(
    ("part", "whole", "decimals", "expected"),
    [
        (2, 3, 1, Decimal("66.7")),
        (1, 2, 1, Decimal("50.0")),
        (1, 3, 1, Decimal("33.3")),
        (0, 5, 1, Decimal("0.0")),
        (5, 5, 1, Decimal("100.0")),
        (1, 8, 1, Decimal("12.5")),
        (1, 8, 0, Decimal("13")),  # half-up, not banker's 12
        (3, 8, 0, Decimal("38")),  # 37.5 -> 38
        (5, 8, 0, Decimal("63")),  # 62.5 -> 63
        (1, 2000, 1, Decimal("0.1")),  # 0.05 -> 0.1
        (1, 2000, 2, Decimal("0.05")),
        (1, 4000, 1, Decimal("0.0")),  # 0.025 -> 0.0
        (2, 3, 2, Decimal("66.67")),
        (2, 3, 0, Decimal("67")),
        (7, 5, 1, Decimal("140.0")),
        (-1, 8, 0, Decimal("-13")),  # ties away from zero, like ROUND_HALF_UP
    ],
)
def test_percent(part: int, whole: int, decimals: int, expected: Decimal) -> None:
    result = percent(part, whole, decimals=decimals)
    assert result == expected
    assert result.as_tuple().exponent == -decimals


def test_percent_whole_zero() -> None:
    with pytest.raises(ConventionError):
        percent(1, 0)
    with pytest.raises(ConventionError):
        percent(0, 0)


def test_percent_bad_arguments() -> None:
    with pytest.raises(ConventionError):
        percent(1, 2, decimals=-1)
    with pytest.raises(ConventionError):
        percent(1.5, 2)  # type: ignore[arg-type]


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=0, max_value=4),
)
def test_percent_matches_exact_half_up(part: int, whole: int, decimals: int) -> None:
    result = percent(part, whole, decimals=decimals)
    # integer arithmetic reference: round(part * 100 * 10^d / whole) half-up
    num = part * 100 * 10**decimals
    q, r = divmod(num, whole)
    expected_units = q + (1 if 2 * r >= whole else 0)
    assert result == Decimal(expected_units) / Decimal(10**decimals)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (Decimal("66.7"), {}, "66,7%"),
        (Decimal("50.0"), {}, "50%"),
        (Decimal("50.0"), {"keep_trailing_zero": True}, "50,0%"),
        (Decimal("100.0"), {}, "100%"),
        (Decimal("33.3"), {}, "33,3%"),
        (Decimal("0.0"), {}, "0%"),
        (Decimal("0.0"), {"keep_trailing_zero": True}, "0,0%"),
        (50, {}, "50%"),
        (66.666, {}, "66,7%"),
        (0.05, {}, "0,1%"),
        (0.05, {"decimals": 2}, "0,05%"),
        (0.04, {}, "0%"),
        (0.15, {}, "0,2%"),  # the float 0.15 is 0.1499..., but users mean 0.15
        (2.675, {"decimals": 2}, "2,68%"),
        (Decimal("12.5"), {"decimals": 0}, "13%"),
        (Decimal("12.50"), {"decimals": 2}, "12,5%"),
        (Decimal("12.50"), {"decimals": 2, "keep_trailing_zero": True}, "12,50%"),
        (Decimal("-0.01"), {}, "0%"),
        (Decimal("-12.5"), {}, "-12,5%"),
        (Decimal("1234.5"), {}, "1.234,5%"),
    ],
)
def test_format_percent(
    value: Decimal | float | int, kwargs: dict[str, object], expected: str
) -> None:
    assert format_percent(value, **kwargs) == expected  # type: ignore[arg-type]


def test_format_percent_of_percent() -> None:
    assert format_percent(percent(2, 3)) == "66,7%"
    assert format_percent(percent(1, 2)) == "50%"
    assert format_percent(percent(5, 5)) == "100%"
    assert format_percent(percent(1, 3)) == "33,3%"
    assert format_percent(percent(0, 5)) == "0%"
    assert format_percent(percent(1, 8)) == "12,5%"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), True, "5"])
def test_format_percent_rejects(value: object) -> None:
    with pytest.raises(ConventionError):
        format_percent(value)  # type: ignore[arg-type]


def test_format_percent_rejects_negative_decimals() -> None:
    with pytest.raises(ConventionError):
        format_percent(5, decimals=-1)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (70_000_000, "70.000.000"),
        (1_234_567, "1.234.567"),
        (-1500, "-1.500"),
    ],
)
def test_format_int(n: int, expected: str) -> None:
    assert format_int(n) == expected


def test_format_int_rejects_non_int() -> None:
    with pytest.raises(ConventionError):
        format_int(1.5)  # type: ignore[arg-type]
    with pytest.raises(ConventionError):
        format_int(True)


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_format_int_round_trips(n: int) -> None:
    text = format_int(n)
    assert int(text.replace(".", "")) == n
    groups = text.lstrip("-").split(".")
    assert 1 <= len(groups[0]) <= 3
    assert all(len(g) == 3 for g in groups[1:])


# --------------------------------------------------------------------------- text


def test_nfc() -> None:
    composed = "Đảng ủy xã An Phú"
    assert nfc(nfd(composed)) == composed
    assert nfc(composed) == composed
    assert len(nfc(nfd("ệ"))) == 1


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Đảng ủy xã An Phú", "ĐẢNG ỦY XÃ AN PHÚ"),
        ("ơ", "Ơ"),
        ("ư", "Ư"),
        ("đ", "Đ"),
        ("Ban Thường vụ", "BAN THƯỜNG VỤ"),
        ("phó chủ tịch", "PHÓ CHỦ TỊCH"),
        ("ỹ ỷ ỳ ỵ ý", "Ỹ Ỷ Ỳ Ỵ Ý"),
        ("", ""),
    ],
)
def test_upper_vi(source: str, expected: str) -> None:
    assert upper_vi(source) == expected
    result = upper_vi(nfd(source))
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("  An   Phú  ", "An Phú"),
        ("An\u00a0Phú", "An Phú"),
        ("An\t\n Phú", "An Phú"),
        ("\u00a0\u00a0", ""),
        ("", ""),
        ("a\u2003b", "a b"),
    ],
)
def test_collapse_spaces(source: str, expected: str) -> None:
    assert collapse_spaces(source) == expected


@given(st.text())
def test_collapse_spaces_property(s: str) -> None:
    out = collapse_spaces(s)
    assert out == out.strip()
    assert "  " not in out
    assert all(not ch.isspace() or ch == " " for ch in out)
    assert collapse_spaces(out) == out
