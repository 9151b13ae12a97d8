"""Vote and threshold rules, rounding, count sentences: properties and worked examples."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvk_docs.dataset import RegistrantKind, Registration, Status
from dvk_docs.dataset.process import Meeting, Rule
from dvk_docs.facts import Counts, count_sentence, kinds_sentence
from dvk_docs.stages import (
    Outcome,
    attendance_sentence,
    passes,
    quorum_met,
    rule_sentence,
)

votes_and_members = st.integers(min_value=1, max_value=60).flatmap(
    lambda d: st.tuples(st.integers(min_value=0, max_value=d), st.just(d)))


@given(votes_and_members)
def test_more_than_half(vd: tuple[int, int]) -> None:
    v, d = vd
    assert passes(v, d, Rule(threshold=">50%"), "show_of_hands") is (2 * v > d)


@given(votes_and_members)
def test_two_thirds_or_more(vd: tuple[int, int]) -> None:
    v, d = vd
    assert passes(v, d, Rule(threshold=">=2/3"), "secret_ballot") is (3 * v >= 2 * d)


@given(votes_and_members)
def test_seventy_percent_or_more(vd: tuple[int, int]) -> None:
    v, d = vd
    assert passes(v, d, Rule(threshold=">=70%"), "show_of_hands") is (10 * v >= 7 * d)


@given(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 1)))
def test_score_threshold(score: float) -> None:
    assert passes(score, 0, Rule(threshold=">=75"), "scoring") is (score >= 75)


def _reg(i: int, kind: RegistrantKind = RegistrantKind.TAP_THE) -> Registration:
    return Registration(id=f"DK{i}", registrant=f"Đơn vị {i}", kind=kind, model_name=f"M{i}",
                        linh_vuc="KT", status=Status.MOI, expected_results="x")


@given(votes_and_members)
def test_percent_is_rounded_half_up_after_the_decision(vd: tuple[int, int]) -> None:
    """This test ensures the printed percentage is 100·v/d rounded half-up to one decimal,
    with a decimal comma, and the pass/fail never depends on the rounding."""
    v, d = vd
    o = Outcome(_reg(1), v, d, passes(v, d, Rule(threshold=">50%"), "show_of_hands"))
    exact = Fraction(100 * v, d)
    expected = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert o.percent == expected
    assert o.percent_text == f"{expected}".replace(".", ",") + "%"
    assert o.votes_text == f"{v}/{d}"
    assert o.result_text == ("Đạt" if 2 * v > d else "Không đạt")


def test_rounding_cannot_flip_a_result() -> None:
    # 2/3 = 66,7% printed, but >= 2/3 is met exactly; 0.6666 would not be
    o = Outcome(_reg(1), 2, 3, passes(2, 3, Rule(threshold=">=2/3"), "show_of_hands"))
    assert (o.percent_text, o.passed) == ("66,7%", True)
    assert not passes(667, 1001, Rule(threshold=">=2/3"), "show_of_hands")  # 66,63% < 2/3
    assert passes(5, 10, Rule(threshold=">=50%"), "show_of_hands")
    assert not passes(5, 10, Rule(threshold=">50%"), "show_of_hands")


@pytest.mark.parametrize(("present", "total", "quorum", "ok"), [
    (9, 13, ">=2/3", True), (8, 13, ">=2/3", False), (7, 13, ">50%", True),
    (6, 12, ">50%", False), (6, 12, ">=50%", True)])
def test_quorum(present: int, total: int, quorum: str, ok: bool) -> None:
    assert quorum_met(present, total, Rule(quorum=quorum)) is ok


def _meeting(**kw: object) -> Meeting:
    base = {"start": "14:00", "end": "16:00", "place": "P", "body": "B",
            "chair": {"name": "A"}, "secretary": {"name": "B"}, "members_total": 13,
            "method": "show_of_hands", "votes": {}}
    base.update(kw)
    return Meeting.model_validate(base)


def test_attendance_sentences() -> None:
    assert attendance_sentence(_meeting(absent=[{"name": "X", "reason": "ốm"},
                                                {"name": "Y", "reason": "công tác"}])) == \
        "có mặt 11/13 đồng chí, vắng 02 đồng chí (có lý do)"
    assert attendance_sentence(_meeting(absent=[{"name": "X", "reason": "ốm"},
                                                {"name": "Y"}])) == \
        "có mặt 11/13 đồng chí, vắng 02 đồng chí (01 có lý do, 01 không có lý do)"
    assert attendance_sentence(_meeting()) == "có mặt 13/13 đồng chí"


def test_rule_sentences() -> None:
    assert rule_sentence(Rule(), "show_of_hands") == (
        "Mô hình được đề nghị công nhận khi được trên 50% số thành viên có mặt biểu quyết đồng "
        "ý.")
    assert rule_sentence(Rule(), "show_of_hands", party=True) == (
        "Mô hình được đề nghị công nhận khi được trên 50% tổng số thành viên biểu quyết đồng ý.")
    assert "từ 2/3 trở lên phiếu đồng ý so với tổng số thành viên." in rule_sentence(
        Rule(threshold=">=2/3", basis="tong_so"), "secret_ballot")
    assert "điểm bình quân từ 75 điểm trở lên (thang điểm 100)" in rule_sentence(
        Rule(threshold=">=75"), "scoring")


def test_vote_basis_is_explicit_with_a_family_default() -> None:
    """This test ensures the basis is tong_so/co_mat, Party bodies default to all members
    (Điều lệ Đảng), State to members present, and the old 'denominator' still reads."""
    assert Rule().resolved_basis(party=True) == "tong_so"
    assert Rule().resolved_basis(party=False) == "co_mat"
    assert Rule(basis="co_mat").resolved_basis(party=True) == "co_mat"
    assert Rule(denominator="total").resolved_basis(party=False) == "tong_so"
    assert Rule(denominator="present").resolved_basis(party=True) == "co_mat"
    with pytest.raises(ValueError, match="mâu thuẫn"):
        Rule(basis="tong_so", denominator="present")


def test_bad_rule_text_is_rejected() -> None:
    with pytest.raises(ValueError, match="không đúng dạng"):
        Rule(threshold="hơn nửa")


@given(st.lists(st.sampled_from([RegistrantKind.TAP_THE, RegistrantKind.CA_NHAN]),
                min_size=1, max_size=40))
def test_count_sentences_add_up(kinds: list[RegistrantKind]) -> None:
    """This test ensures every number in the count sentences is a true count and parts sum up."""
    regs = [_reg(i, k) for i, k in enumerate(kinds)]
    sentence = kinds_sentence(regs)
    numbers = [int(n) for n in re.findall(r"\d+", sentence)]
    assert numbers[0] == len(regs)
    assert sum(numbers[1:]) in (0, len(regs))
    tap = sum(1 for k in kinds if k is RegistrantKind.TAP_THE)
    if tap and tap != len(kinds):
        assert f"{tap:02d} tập thể" in sentence or f"{tap} tập thể" in sentence
    full = count_sentence(Counts.of(regs))
    assert full.startswith(f"Tổng số {len(regs):02d} mô hình") or \
        full.startswith(f"Tổng số {len(regs)} mô hình")
