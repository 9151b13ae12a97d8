"""Which models reach each stage of the year, and the vote arithmetic, computed once.

registered ⊇ passed appraisal ⊇ candidates ⊇ passed the meeting ⊇ proposed ⊇ recognised.
Pass/fail compares exact fractions with the rule; the printed percentage is rounded
half-up to one decimal afterwards, so a rounding never flips a result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .conventions import format_percent, pad2
from .conventions.family import Family
from .dataset import LoadedDataset, Registration
from .dataset.process import Meeting, Rule
from .errors import DatasetError
from .procedure import proposal_before_meeting


def percent_of(votes: float, denominator: int) -> Decimal | None:
    """The printed share, rounded half-up to one decimal (after pass/fail was decided)."""
    if not denominator:
        return None
    value = Fraction(votes).limit_denominator(10**6) * 100 / denominator
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), rounding="ROUND_HALF_UP")


def percent_text(votes: float, denominator: int) -> str:
    p = percent_of(votes, denominator)
    return format_percent(p, decimals=1, keep_trailing_zero=True) if p is not None else ""


@dataclass(frozen=True)
class Outcome:
    """One model's result at the review meeting."""

    reg: Registration
    votes: float  # votes for, or the score when the meeting scores
    denominator: int  # members present or in total (rule basis); 0 when scoring
    passed: bool

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.votes, self.denominator)

    @property
    def percent_text(self) -> str:
        return percent_text(self.votes, self.denominator)

    @property
    def votes_text(self) -> str:
        if not self.denominator:
            v = Fraction(self.votes).limit_denominator(100)
            return f"{float(v):g}".replace(".", ",") + " điểm"
        return f"{int(self.votes)}/{self.denominator}"

    @property
    def result_text(self) -> str:
        return "Đạt" if self.passed else "Không đạt"


def compare(value: Fraction, strict: bool, threshold: Fraction) -> bool:
    return value > threshold if strict else value >= threshold


def passes(votes: float, denominator: int, rule: Rule, method: str) -> bool:
    """Exact comparison of votes/denominator (or the score) with the rule's threshold."""
    strict, threshold, unit = Rule.parse(rule.threshold)
    value = Fraction(votes).limit_denominator(10**6)
    if method == "scoring" or unit == "points":
        return compare(value, strict, threshold)
    if denominator <= 0:
        return False
    return compare(value / denominator, strict, threshold)


def quorum_met(present: int, total: int, rule: Rule) -> bool:
    strict, threshold, unit = Rule.parse(rule.quorum)
    if unit == "points":
        return compare(Fraction(present), strict, threshold)
    return compare(Fraction(present, total), strict, threshold)


def _threshold_words(text: str) -> str:
    strict, value, unit = Rule.parse(text)
    if unit == "%":
        shown = format_percent(Decimal(value.numerator * 100) / Decimal(value.denominator))
    elif unit == "fraction":
        shown = f"{value.numerator}/{value.denominator}"
    else:
        shown = f"{float(value):g}".replace(".", ",") + " điểm"
    return f"trên {shown}" if strict else f"từ {shown} trở lên"


def basis_words(rule: Rule, party: bool) -> str:
    """'tổng số thành viên' or 'số thành viên có mặt': what the share is counted on."""
    return ("tổng số thành viên" if rule.resolved_basis(party) == "tong_so"
            else "số thành viên có mặt")


def vote_words(method: str) -> str:
    """'phiếu đồng ý' for a secret ballot, 'biểu quyết đồng ý' for a show of hands."""
    return "phiếu đồng ý" if method == "secret_ballot" else "biểu quyết đồng ý"


def pass_phrase(rule: Rule, method: str, party: bool) -> str:
    """'được trên 50% tổng số thành viên biểu quyết đồng ý' / '... có từ 2/3 số phiếu đồng ý
    so với số thành viên có mặt': the pass condition, cited the same way in every document."""
    if method == "scoring":
        return f"có điểm bình quân {_threshold_words(rule.threshold)}"
    if method == "secret_ballot":
        return (f"có {_threshold_words(rule.threshold)} phiếu đồng ý so với "
                f"{basis_words(rule, party)}")
    return f"được {_threshold_words(rule.threshold)} {basis_words(rule, party)} biểu quyết đồng ý"


def rule_sentence(rule: Rule, method: str, party: bool = False) -> str:
    """The rule as printed in the minutes."""
    if method == "scoring":
        return (f"Mô hình được đề nghị công nhận khi có điểm bình quân "
                f"{_threshold_words(rule.threshold)} (thang điểm {rule.score_max}).")
    return f"Mô hình được đề nghị công nhận khi {pass_phrase(rule, method, party)}."


def quorum_sentence(rule: Rule) -> str:
    return (f"Hội nghị hợp lệ khi có {_threshold_words(rule.quorum)} tổng số thành viên "
            "tham dự.")


def attendance_sentence(meeting: Meeting) -> str:
    """'có mặt 11/13 đồng chí, vắng 02 đồng chí (có lý do)'."""
    present, total = meeting.present_count, meeting.members_total
    absent = total - present
    text = f"có mặt {pad2(present)}/{pad2(total)} đồng chí"
    if absent > 0 and not meeting.absent:
        text += f", vắng {pad2(absent)} đồng chí"
    elif absent > 0:
        with_reason = sum(1 for a in meeting.absent if a.reason)
        without = absent - with_reason
        parts = []
        if with_reason:
            parts.append(f"{pad2(with_reason)} có lý do" if without else "có lý do")
        if without:
            parts.append(f"{pad2(without)} không có lý do" if with_reason else "không có lý do")
        text += f", vắng {pad2(absent)} đồng chí ({', '.join(parts)})"
    return text


def denominator_of(meeting: Meeting, rule: Rule, party: bool) -> int:
    """What the votes are counted on: members present or in total (the rule's basis, else
    the family default); 0 when the meeting scores."""
    if meeting.method == "scoring":
        return 0
    basis = rule.resolved_basis(party)
    return meeting.present_count if basis == "co_mat" else meeting.members_total


@dataclass(frozen=True)
class Tally:
    """One model's figures at the meeting, without the registration (for a live page)."""

    id: str
    votes: float
    denominator: int
    passed: bool

    @property
    def percent_text(self) -> str:
        return percent_text(self.votes, self.denominator)


@dataclass(frozen=True)
class Evaluation:
    """The meeting's result by the rule: quorum, the count basis and each model's tally."""

    present: int
    total: int
    quorum_met: bool
    denominator: int
    basis: str  # 'tổng số thành viên' / 'số thành viên có mặt' / '' when scoring
    tallies: list[Tally]

    @property
    def passed(self) -> list[str]:
        return [t.id for t in self.tallies if t.passed]


def evaluate(meeting: Meeting, rule: Rule, party: bool, candidates: list[str]) -> Evaluation:
    """Evaluate figures as typed (a meeting not yet saved) by exactly the arithmetic of
    :func:`derive_stages`: who passes and whether the quorum is met. A candidate without
    votes counts 0."""
    present, total = meeting.present_count, meeting.members_total
    denominator = denominator_of(meeting, rule, party)
    tallies = [Tally(key, meeting.votes.get(key, 0), denominator,
                     passes(meeting.votes.get(key, 0), denominator, rule, meeting.method))
               for key in candidates]
    met = 0 <= present <= total and quorum_met(present, total, rule)
    return Evaluation(present, total, met, denominator,
                      "" if meeting.method == "scoring" else basis_words(rule, party), tallies)


@dataclass(frozen=True)
class Stages:
    registered: list[Registration]
    appraised: list[Registration]
    passed_appraisal: list[Registration]
    candidates: list[Registration]
    outcomes: list[Outcome]
    passed_meeting: list[Registration]
    proposed: list[Registration]
    recognised: list[Registration]


def _pick(regs: list[Registration], ids: list[str] | set[str]) -> list[Registration]:
    wanted = set(ids)
    return [r for r in regs if r.id in wanted]


def derive_stages(loaded: LoadedDataset) -> Stages:
    """Stage lists in registration order; ids that do not exist are ignored here and
    reported by :mod:`dvk_docs.consistency`."""
    data = loaded.data
    regs = loaded.registrations
    appraised: list[Registration] = []
    passed_appraisal = regs
    if data.appraisal is not None:
        appraised = _pick(regs, set(data.appraisal.results))
        passed_appraisal = _pick(regs, {k for k, v in data.appraisal.results.items()
                                        if v.result == "dat"})
    outcomes: list[Outcome] = []
    candidates: list[Registration] = []
    passed_meeting = passed_appraisal
    meeting = data.meeting
    # A staff board proposing to the committee that then votes (procedure.order) proposes
    # what passed the appraisal; the committee votes on those and recognises who passes.
    proposes_first = proposal_before_meeting(loaded)
    proposed_first: list[Registration] = []
    if proposes_first:
        assert data.proposal is not None
        proposed_first = (_pick(regs, data.proposal.models) if data.proposal.models is not None
                          else passed_appraisal)
    if meeting is not None:
        candidates = (_pick(regs, meeting.candidates) if meeting.candidates is not None
                      else proposed_first if proposes_first else passed_appraisal)
        denominator = denominator_of(meeting, data.rule, data.family is Family.PARTY)
        for reg in candidates:
            votes = meeting.votes.get(reg.id or "", 0)
            outcomes.append(Outcome(reg, votes, denominator,
                                    passes(votes, denominator, data.rule, meeting.method)))
        passed_meeting = [o.reg for o in outcomes if o.passed]
    proposed = passed_meeting
    if proposes_first:
        proposed = proposed_first
    elif data.proposal is not None and data.proposal.models is not None:
        proposed = _pick(regs, data.proposal.models)
    elif data.proposal is None and meeting is None and data.decision is None:
        proposed = []  # nothing has been put forward yet
    recognised: list[Registration] = []
    if data.decision is not None:
        recognised = (_pick(regs, data.decision.recognised)
                      if data.decision.recognised is not None
                      else passed_meeting if proposes_first else proposed)
    return Stages(regs, appraised, passed_appraisal, candidates, outcomes, passed_meeting,
                  proposed, recognised)


def nominee_choices(loaded: LoadedDataset, stages: Stages) -> list[Registration]:
    """Who a tờ trình may propose: those who passed the meeting, or, when the proposal comes
    before the meeting (procedure.order), those who passed the appraisal."""
    return stages.passed_appraisal if proposal_before_meeting(loaded) else stages.passed_meeting


def recognition_choices(loaded: LoadedDataset, stages: Stages) -> list[Registration]:
    """Who a quyết định may recognise: the proposed models that passed the meeting (or,
    without a meeting, those proposed)."""
    if loaded.data.meeting is not None:
        passed = {r.id for r in stages.passed_meeting}
        return [r for r in stages.proposed if r.id in passed]
    return stages.proposed


def refuse_outside(chosen: list[str], allowed: list[Registration], what: str) -> None:
    """DatasetError naming each chosen id that is not among ``allowed``."""
    ok = {r.id for r in allowed}
    wrong = [key for key in chosen if key not in ok]
    if wrong:
        raise DatasetError(f"{what}: {', '.join(wrong)} không nằm trong danh sách được chọn "
                           f"({', '.join(r.id or '' for r in allowed) or 'trống'})")


def meeting_candidates(loaded: LoadedDataset, stages: Stages) -> list[Registration]:
    """Who the meeting votes on: ``meeting.candidates`` when given, else those who passed the
    appraisal, or those the tờ trình proposes when it comes first (also before any meeting
    is recorded, for the page where the secretary enters it)."""
    data = loaded.data
    if data.meeting is not None:
        return stages.candidates
    if proposal_before_meeting(loaded) and data.proposal is not None:
        return stages.proposed
    return stages.passed_appraisal
