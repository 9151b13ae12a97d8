"""The core helpers the council pages ask: evaluate typed meeting figures by the rule, who may
be proposed/recognised, and the number series of the sổ văn bản đi."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dvk_docs import numbering
from dvk_docs.api import load, samples_dir
from dvk_docs.dataset.process import Meeting, Rule
from dvk_docs.errors import DatasetError
from dvk_docs.stages import (
    derive_stages,
    evaluate,
    nominee_choices,
    recognition_choices,
    refuse_outside,
)


def _meeting(**kw: Any) -> Meeting:
    base: dict[str, Any] = {"start": "08:00", "end": "10:00", "place": "Hội trường",
                            "body": "Ban Thường vụ", "chair": {"name": "A"},
                            "secretary": {"name": "B"}, "members_total": 13,
                            "method": "show_of_hands", "votes": {}}
    base.update(kw)
    return Meeting.model_validate(base)


def test_basis_all_members_vs_present() -> None:
    # 13 members, 2 absent: 7 votes pass '>50%' on all members (7/13), 6 do not; on the
    # present (11) 6 votes pass (6/11 > 1/2)
    m = _meeting(absent=[{"name": "X", "reason": "ốm"}, {"name": "Y"}],
                 votes={"A": 7, "B": 6})
    on_total = evaluate(m, Rule(threshold=">50%", basis="tong_so"), True, ["A", "B"])
    assert on_total.denominator == 13 and on_total.passed == ["A"]
    assert on_total.basis == "tổng số thành viên"
    on_present = evaluate(m, Rule(threshold=">50%", basis="co_mat"), True, ["A", "B"])
    assert on_present.denominator == 11 and on_present.passed == ["A", "B"]
    # the family default: Party counts on all members, State on those present
    assert evaluate(m, Rule(), True, ["B"]).passed == []
    assert evaluate(m, Rule(), False, ["B"]).passed == ["B"]


def test_threshold_exact_and_rounding_never_flips() -> None:
    # 2/3 of 9 = 6 exactly: '>=2/3' passes, '>2/3' does not; 66.7% is printed either way
    m = _meeting(members_total=9, votes={"A": 6})
    ge = evaluate(m, Rule(threshold=">=2/3", basis="tong_so"), False, ["A"])
    gt = evaluate(m, Rule(threshold=">2/3", basis="tong_so"), False, ["A"])
    assert ge.passed == ["A"] and gt.passed == []
    assert ge.tallies[0].percent_text == gt.tallies[0].percent_text == "66,7%"


def test_quorum_and_missing_votes() -> None:
    m = _meeting(members_total=12, present=7, votes={})
    ev = evaluate(m, Rule(quorum=">=2/3"), False, ["A"])
    assert not ev.quorum_met and ev.tallies[0].votes == 0 and not ev.tallies[0].passed
    assert evaluate(_meeting(members_total=12, present=8), Rule(quorum=">=2/3"), False,
                    []).quorum_met


def test_evaluate_agrees_with_derive_stages() -> None:
    loaded = load(samples_dir() / "xa-an-phu")
    stages = derive_stages(loaded)
    data = loaded.data
    assert data.meeting is not None
    ev = evaluate(data.meeting, data.rule, True, [r.id or "" for r in stages.candidates])
    assert ev.passed == [r.id for r in stages.passed_meeting]
    assert [t.percent_text for t in ev.tallies] == [o.percent_text for o in stages.outcomes]
    assert "DK008" not in ev.passed and "DK026" in ev.passed  # 4/13 and 7/13


def test_nominee_and_recognition_choices() -> None:
    loaded = load(samples_dir() / "xa-an-phu")  # tờ trình before the meeting
    stages = derive_stages(loaded)
    nominees = {r.id for r in nominee_choices(loaded, stages)}
    assert nominees == {r.id for r in stages.passed_appraisal}
    assert "DK003" not in nominees  # Không đạt at the appraisal
    recognised = {r.id for r in recognition_choices(loaded, stages)}
    assert "DK008" not in recognised and "DK001" in recognised
    with pytest.raises(DatasetError, match="DK003"):
        refuse_outside(["DK001", "DK003"], nominee_choices(loaded, stages), "Tờ trình")
    refuse_outside(["DK001"], nominee_choices(loaded, stages), "Tờ trình")


def test_series_follow_the_family() -> None:
    assert numbering.default_rule("party") == "term"
    assert numbering.default_rule("state") == "year"
    assert numbering.series_of("party", year=2027, term="2025 -  2030") == "nhiệm kỳ 2025 - 2030"
    assert numbering.series_of("state", year=2027, term="2025 - 2030") == "năm 2027"
    # the rule is a setting: a Party office numbering per year says so
    assert numbering.series_of("party", year=2027, term="2025 - 2030", rule="year") == "năm 2027"
    assert numbering.series_of("party", year=2027, term=None) == "năm 2027"
    assert numbering.next_number([]) == 1 and numbering.next_number([3, 7, 5]) == 8


def test_entries_of_a_sample() -> None:
    from dvk_docs.web.store import snapshot_of_loaded

    doc = snapshot_of_loaded(load(samples_dir() / "xa-an-phu")).document
    entries = {e.section: e for e in numbering.entries_of(doc)}
    assert entries["meeting"].number == 19 and entries["meeting"].type_code == "BB"
    assert entries["decision"].type_code == "QĐ" and entries["decision"].issuer == "ĐU"
    assert entries["appraisal"].issuer != entries["decision"].issuer  # Ban XDĐ issues the TB
    assert entries["decision"].series == "nhiệm kỳ 2025 - 2030"
    assert entries["decision"].date == dt.date(2026, 10, 12)
    state = snapshot_of_loaded(load(samples_dir() / "phuong-hoa-binh")).document
    assert all(e.series.startswith("năm ") for e in numbering.entries_of(state))
    numbering.check_unique(numbering.entries_of(doc))
    doc["meeting"]["number"] = doc["decision"]["number"]
    doc["meeting"]["issuer"] = doc["decision"].get("issuer", "unit")
    numbering.check_unique(numbering.entries_of(doc))  # BB and QĐ: different series
    doc["proposal"]["issuer"] = "unit"
    doc["proposal"]["number"] = 5
    doc["decision"]["number"] = 5
    numbering.check_unique(numbering.entries_of(doc))
    twice = [numbering.Entry("reports.6_thang", "ĐU", "BC", "nhiệm kỳ 2025 - 2030", 4, None),
             numbering.Entry("reports.nam", "ĐU", "BC", "nhiệm kỳ 2025 - 2030", 4, None)]
    with pytest.raises(DatasetError, match="cùng mang số 04-BC/ĐU"):
        numbering.check_unique(twice)


def test_meeting_candidates_before_a_meeting_is_recorded() -> None:
    from dvk_docs.stages import meeting_candidates

    loaded = load(samples_dir() / "xa-an-phu")
    stages = derive_stages(loaded)
    assert meeting_candidates(loaded, stages) == stages.candidates
    loaded.data.meeting = None
    later = derive_stages(loaded)
    assert [r.id for r in meeting_candidates(loaded, later)] == \
        [r.id for r in stages.candidates]
