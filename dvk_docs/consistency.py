"""The dataset checked against the invariants between documents (paperwork.md).

Every contradiction names both places. ``build`` refuses a contradictory dataset unless
``allow_inconsistent``; then it lists the documents that carry each contradiction.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from .conventions import cited_date, format_symbol
from .dataset import LoadedDataset
from .dataset.process import Rule
from .errors import DatasetError
from .facts import Facts, derive
from .problems import Problem, field_path
from .procedure import check_procedure, proposal_before_meeting
from .stages import Stages, quorum_met

# how to fix each kind of contradiction (the message says what and where)
HINTS = {
    "consistency.unknown_id": "Sửa mã cho đúng một mã trong danh sách đăng ký, hoặc thêm "
                              "đăng ký đó vào danh sách.",
    "consistency.meeting_count": "Sửa số có mặt, danh sách vắng hoặc tổng số thành viên cho "
                                 "khớp nhau.",
    "consistency.quorum": "Kiểm tra số có mặt; nếu cuộc họp vẫn hợp lệ theo quy chế thì sửa "
                          "rule.quorum.",
    "consistency.ballots": "Sửa số phiếu phát ra, thu về, hợp lệ theo biên bản kiểm phiếu.",
    "consistency.votes": "Sửa số phiếu (hoặc điểm) theo biên bản kiểm phiếu.",
    "consistency.not_candidate": "Bỏ số phiếu của mô hình này, hoặc đưa nó vào "
                                 "meeting.candidates.",
    "consistency.missing_votes": "Thêm số phiếu của mô hình này vào meeting.votes.",
    "consistency.not_passed": "Bỏ mô hình này khỏi danh sách, hoặc sửa kết quả bước trước.",
    "consistency.rule": "Sửa rule.threshold / rule.quorum cho hợp với meeting.method.",
    "consistency.unknown_unit": "Ghi tên đơn vị đúng như trong danh sách đăng ký.",
    "consistency.date_range": "Kiểm tra lại năm của ngày này.",
    "consistency.date_order": "Sửa một trong hai ngày cho đúng thứ tự của quy trình.",
    "consistency.citation": "Sửa số hoặc ngày trích dẫn cho khớp văn bản được dẫn.",
    "consistency.typical_not_recognised": "Bỏ 'typical' ở báo cáo này (chỉ ghi điển hình đã "
                                          "được công nhận trước ngày báo cáo).",
    "consistency.minutes_follow_up": "Ghi ngày tờ trình từ ngày họp bình xét trở về sau, "
                                     "hoặc ghi procedure.order: [tham_dinh, to_trinh, "
                                     "binh_xet, quyet_dinh] khi tờ trình trình trước cuộc họp.",
    "consistency.procedure": "Sửa ngày, hồ sơ kèm theo hoặc procedure.order cho đúng quy "
                             "trình: ai trình, ai bình xét, ai quyết định, theo thứ tự nào.",
}


def _at(loaded: LoadedDataset, code: str, loc: tuple[Any, ...], message: str,
        kinds: tuple[str, ...] = (), hint: str | None = None) -> Problem:
    """A contradiction found at ``loc`` (a path of keys into dataset.yaml)."""
    return Problem(code, message, path=field_path(loc), source=loaded.path.name,
                   line=loaded.line(*loc), hint=HINTS[code] if hint is None else hint,
                   kinds=kinds, location=loaded.where(*loc))


def _ids(loaded: LoadedDataset) -> set[str]:
    return {r.id for r in loaded.registrations if r.id}


def _regs_where(loaded: LoadedDataset) -> str:
    src = loaded.sources.get("registrations")
    return f"danh sách đăng ký ({src.rsplit('/', 1)[-1]})" if src else "registrations"


def check_ids(loaded: LoadedDataset) -> list[Problem]:
    data = loaded.data
    ids = _ids(loaded)
    out: list[Problem] = []
    regs = _regs_where(loaded)

    def unknown(key: str, *loc: object, what: str, docs: tuple[str, ...]) -> None:
        if key not in ids:
            out.append(_at(loaded, "consistency.unknown_id", loc,
                           f"{what} '{key}' không có trong {regs} "
                               f"(các mã có: {', '.join(sorted(ids)[:8])}...)", docs))

    if data.appraisal:
        for key in data.appraisal.results:
            unknown(key, "appraisal", "results", key, what="kết quả thẩm định cho mã",
                    docs=("thong_bao_tham_dinh",))
    if data.meeting:
        for key in data.meeting.votes:
            unknown(key, "meeting", "votes", key, what="phiếu bình xét cho mã",
                    docs=("bien_ban_binh_xet",))
        for i, key in enumerate(data.meeting.candidates or []):
            unknown(key, "meeting", "candidates", i, what="mô hình đưa ra bình xét",
                    docs=("bien_ban_binh_xet",))
    if data.proposal and data.proposal.models:
        for i, key in enumerate(data.proposal.models):
            unknown(key, "proposal", "models", i, what="mô hình đề nghị", docs=("to_trinh",))
    if data.decision and data.decision.recognised:
        for i, key in enumerate(data.decision.recognised):
            unknown(key, "decision", "recognised", i, what="mô hình công nhận",
                    docs=("quyet_dinh",))
    for key in data.achievements:
        unknown(key, "achievements", key, what="báo cáo thành tích cho mã",
                docs=("bao_cao_thanh_tich",))
    return out


def check_meeting(loaded: LoadedDataset, stages: Stages) -> list[Problem]:
    data = loaded.data
    m = data.meeting
    if m is None:
        return []
    out: list[Problem] = []
    docs = ("bien_ban_binh_xet", "to_trinh", "quyet_dinh")
    present, total = m.present_count, m.members_total
    if present > total:
        out.append(_at(loaded, "consistency.meeting_count", ('meeting', 'present'),
                       f"số có mặt {present} lớn hơn "
                           f"tổng số thành viên {total} ({loaded.where('meeting', 'members_total')}"
                           ")", docs))
    if m.present is not None and m.absent and m.present + len(m.absent) != total:
        out.append(_at(loaded, "consistency.meeting_count", ('meeting', 'absent'),
                       f"{len(m.absent)} người vắng + "
                           f"{m.present} có mặt ({loaded.where('meeting', 'present')}) khác tổng "
                           f"số {total}", docs))
    if present <= total and not quorum_met(present, total, data.rule):
        out.append(_at(loaded, "consistency.quorum", ('meeting', 'present'),
                       f"có mặt {present}/{total}, "
                           f"chưa đủ điều kiện hợp lệ '{data.rule.quorum}' "
                           f"({loaded.where('rule', 'quorum')})", docs))
    limit = present if m.method != "secret_ballot" else None
    if m.method == "secret_ballot" and m.ballots is not None:
        b = m.ballots
        if not b.valid <= b.returned <= b.issued <= present:
            out.append(_at(loaded, "consistency.ballots", ('meeting', 'ballots'),
                           f"cần phiếu hợp lệ "
                               f"({b.valid}) ≤ thu về ({b.returned}) ≤ phát ra ({b.issued}) ≤ "
                               f"số có mặt ({present})", docs))
        limit = b.valid
    candidate_ids = {r.id for r in stages.candidates}
    for key, votes in m.votes.items():
        where_loc = ("meeting", "votes", key)
        if votes < 0:
            out.append(_at(loaded, "consistency.votes", where_loc,
                           f"số phiếu/điểm của {key} âm ({votes:g})", docs))
        if m.method == "scoring":
            if votes > data.rule.score_max:
                out.append(_at(loaded, "consistency.votes", where_loc,
                               f"điểm {votes:g} của {key} vượt thang "
                                   f"{data.rule.score_max}", docs))
        elif limit is not None and votes > limit:
            what = "số phiếu hợp lệ" if m.method == "secret_ballot" else "số có mặt"
            out.append(_at(loaded, "consistency.votes", where_loc,
                           f"{key} có {votes:g} phiếu đồng ý, nhiều hơn {what} "
                               f"({limit}, {loaded.where('meeting')})", docs))
        if m.method != "scoring" and votes != int(votes):
            out.append(_at(loaded, "consistency.votes", where_loc,
                           f"số phiếu của {key} phải là số nguyên", docs))
        if key in _ids(loaded) and key not in candidate_ids:
            out.append(_at(loaded, "consistency.not_candidate", where_loc,
                           f"có phiếu cho {key} nhưng mô hình này không được đưa "
                               "ra bình xét (không trong meeting.candidates hoặc thẩm định "
                               "không đạt)", docs))
    for reg in stages.candidates:
        if reg.id not in m.votes:
            out.append(_at(loaded, "consistency.missing_votes", ('meeting', 'votes'),
                           f"thiếu số phiếu cho {reg.id} "
                               f"(“{reg.model_name}”, {reg.source})", docs))
    if data.appraisal is not None and m.candidates is not None:
        passed = {r.id for r in stages.passed_appraisal}
        for i, key in enumerate(m.candidates):
            if key in _ids(loaded) and key not in passed:
                out.append(_at(loaded, "consistency.not_passed", ('meeting', 'candidates', i),
                               f"{key} được "
                                   "đưa ra bình xét nhưng không có kết quả thẩm định Đạt "
                                   f"({loaded.where('appraisal', 'results')})", docs))
    return out


def check_subsets(loaded: LoadedDataset, stages: Stages) -> list[Problem]:
    data = loaded.data
    out: list[Problem] = []
    if data.proposal is not None and data.proposal.models is not None:
        first = proposal_before_meeting(loaded)
        basis = {r.id for r in (stages.passed_appraisal if first else stages.passed_meeting)}
        label = ("đạt khi bình xét" if data.meeting is not None and not first else
                 "thẩm định Đạt" if data.appraisal is not None else "đã đăng ký")
        for i, key in enumerate(data.proposal.models):
            if key in _ids(loaded) and key not in basis:
                ref = loaded.where("meeting", "votes", key) if data.meeting else \
                    loaded.where("appraisal")
                out.append(_at(loaded, "consistency.not_passed", ('proposal', 'models', i),
                               f"đề nghị công nhận "
                                   f"{key} nhưng mô hình này không {label} ({ref})",
                                   ("to_trinh", "quyet_dinh")))
    if data.decision is not None and data.decision.recognised is not None:
        proposed = {r.id for r in stages.proposed}
        basis = (f"tờ trình không đề nghị mô hình này ({loaded.where('proposal')})"
                 if data.proposal is not None else
                 "mô hình này không đạt khi bình xét/thẩm định")
        for i, key in enumerate(data.decision.recognised):
            if key in _ids(loaded) and key not in proposed:
                out.append(_at(loaded, "consistency.not_passed", ('decision', 'recognised', i),
                               f"công nhận "
                                   f"{key} nhưng {basis}", ("quyet_dinh",)))
    return out


def check_rule(loaded: LoadedDataset) -> list[Problem]:
    """A score threshold goes with scoring; a share (% or fraction) with votes."""
    data = loaded.data
    out: list[Problem] = []
    _, _, unit = Rule.parse(data.rule.threshold)
    method = data.meeting.method if data.meeting else None
    if method == "scoring" and unit != "points":
        out.append(_at(loaded, "consistency.rule", ('rule', 'threshold'),
                       f"chấm điểm (meeting.method: "
                           f"scoring) cần ngưỡng điểm, ví dụ '>=75', không phải "
                           f"'{data.rule.threshold}'", ("bien_ban_binh_xet",)))
    if method in ("show_of_hands", "secret_ballot") and unit == "points":
        out.append(_at(loaded, "consistency.rule", ('rule', 'threshold'),
                       f"biểu quyết/bỏ phiếu cần ngưỡng "
                           f"tỷ lệ, ví dụ '>50%' hoặc '>=2/3', không phải "
                           f"'{data.rule.threshold}'", ("bien_ban_binh_xet",)))
    if Rule.parse(data.rule.quorum)[2] == "points":
        out.append(_at(loaded, "consistency.rule", ('rule', 'quorum'),
                       "điều kiện hợp lệ là một tỷ lệ, "
                           "ví dụ '>=2/3' hoặc '>50%'", ("bien_ban_binh_xet",)))
    return out


def recognised_by(loaded: LoadedDataset, stages: Stages, on: dt.date | None) -> set[str]:
    """Ids the quyết định recognises, when it is dated on or before ``on``."""
    decision = loaded.data.decision
    if decision is None or (on is not None and decision.date is not None
                            and decision.date > on):
        return set()
    return {r.id for r in stages.recognised if r.id}


def check_reports(loaded: LoadedDataset, stages: Stages | None = None) -> list[Problem]:
    """Unit names and typical models in reports.units must exist."""
    from .documents.result_report import unit_of

    units = {unit_of(r) for r in loaded.registrations}
    ids = _ids(loaded)
    out: list[Problem] = []
    for i, report in enumerate(loaded.data.reports):
        for name, extra in report.units.items():
            if name not in units:
                close = difflib.get_close_matches(name, sorted(units), n=1, cutoff=0.6)
                hint = f" Có phải '{close[0]}'?" if close else ""
                out.append(_at(loaded, "consistency.unknown_unit", ('reports', i, 'units', name),
                               f"không có đơn vị "
                                   f"'{name}' trong danh sách đăng ký.{hint}",
                                   ("bao_cao_ket_qua",)))
            if extra.typical and extra.typical not in ids:
                out.append(_at(loaded, "consistency.unknown_id",
                               ('reports', i, 'units', name, 'typical'),
                               f"mã '{extra.typical}' không có trong danh sách đăng ký",
                                   ("bao_cao_ket_qua",)))
            elif stages is not None and extra.typical and \
                    extra.typical not in recognised_by(loaded, stages, report.date):
                when = f"{report.date:%d/%m/%Y}" if report.date else "ngày báo cáo"
                out.append(_at(loaded, "consistency.typical_not_recognised",
                               ('reports', i, 'units', name, 'typical'),
                               f"điển hình tiêu biểu '{extra.typical}' chưa được công nhận "
                               f"đến {when} (quyết định công nhận ghi ngày sau, hoặc không có "
                               "tên trong quyết định)", ("bao_cao_ket_qua",)))
    return out


def _dates(loaded: LoadedDataset) -> list[tuple[str, dt.date, tuple[object, ...], str]]:
    """(label, date, yaml path, kind) in the order the year must follow."""
    data = loaded.data
    out: list[tuple[str, dt.date, tuple[object, ...], str]] = []
    plan = data.documents.ke_hoach
    if plan and plan.date:
        out.append(("ngày Kế hoạch", plan.date, ("documents", "ke_hoach", "date"), "ke_hoach"))
    if "dang_ky" in data.deadlines:
        out.append(("hạn đăng ký", data.deadlines["dang_ky"], ("deadlines", "dang_ky"),
                    "ke_hoach"))
    if data.appraisal:
        d = data.appraisal.start or data.appraisal.date
        if d:
            out.append(("ngày thẩm định", d, ("appraisal", "start" if data.appraisal.start
                                              else "date"), "thong_bao_tham_dinh"))
        last = max((x for x in (data.appraisal.end, data.appraisal.date) if x), default=None)
        if last and data.appraisal.start and last != data.appraisal.start:
            out.append(("ngày kết thúc thẩm định / thông báo", last,
                        ("appraisal", "date" if last == data.appraisal.date else "end"),
                        "thong_bao_tham_dinh"))
    if data.proposal and data.proposal.date and proposal_before_meeting(loaded):
        out.append(("ngày Tờ trình", data.proposal.date, ("proposal", "date"), "to_trinh"))
    if data.meeting and data.meeting.date:
        out.append(("ngày họp bình xét", data.meeting.date, ("meeting", "date"),
                    "bien_ban_binh_xet"))
    if data.proposal and data.proposal.date and not proposal_before_meeting(loaded):
        out.append(("ngày Tờ trình", data.proposal.date, ("proposal", "date"), "to_trinh"))
    if data.decision and data.decision.date:
        out.append(("ngày Quyết định", data.decision.date, ("decision", "date"), "quyet_dinh"))
    return out


# (earlier, later, strictly before?) following paperwork.md: plan < registration deadline
# <= appraisal < minutes <= tờ trình < decision
_ORDER_STRICT = {("ngày Kế hoạch", "hạn đăng ký"): True,
                 ("ngày thẩm định", "ngày kết thúc thẩm định / thông báo"): False,
                 ("hạn đăng ký", "ngày kết thúc thẩm định / thông báo"): False,
                 ("ngày kết thúc thẩm định / thông báo", "ngày họp bình xét"): False,
                 ("hạn đăng ký", "ngày thẩm định"): False,
                 ("ngày thẩm định", "ngày họp bình xét"): True,
                 ("ngày họp bình xét", "ngày Tờ trình"): False,
                 ("ngày Tờ trình", "ngày Quyết định"): True}


def check_dates(loaded: LoadedDataset) -> list[Problem]:
    out: list[Problem] = []
    points = _dates(loaded)
    year = loaded.data.year
    for label, d, loc, kind in points:
        if not year - 1 <= d.year <= year + 1:
            out.append(_at(loaded, "consistency.date_range", loc,
                           f"{label} {d:%d/%m/%Y} quá xa năm {year} "
                               f"của bộ dữ liệu (year); kiểm tra lại năm", (kind,)))
    for i, (label_a, a, loc_a, kind_a) in enumerate(points):
        for label_b, b, loc_b, kind_b in points[i + 1:]:
            strict = _ORDER_STRICT.get((label_a, label_b), True)
            bad = a >= b if strict else a > b
            if bad:
                rel = "trước" if strict else "không sau"
                out.append(_at(
                    loaded, "consistency.date_order", loc_a,
                    f"{label_a} {a:%d/%m/%Y} phải {rel} {label_b} {b:%d/%m/%Y} "
                    f"({loaded.where(*loc_b)})", tuple(dict.fromkeys((kind_a, kind_b)))))
    annual = [r for r in loaded.data.reports if r.period == "nam" and r.date]
    if annual and loaded.data.decision and loaded.data.decision.date:
        report_date = annual[0].date
        assert report_date is not None
        if report_date < loaded.data.decision.date:
            out.append(_at(loaded, "consistency.date_order", ('reports',),
                           f"báo cáo năm ({report_date:%d/%m/%Y})"
                               f" trước Quyết định ({loaded.where('decision', 'date')})",
                               ("bao_cao_ket_qua",)))
    return out


def check_citations(loaded: LoadedDataset) -> list[Problem]:
    """A reference to one of our own documents must match that document's header."""
    data = loaded.data
    own = {
        "KH": (data.documents.ke_hoach, ("documents", "ke_hoach")),
        "TTr": (data.proposal, ("proposal",)),
        "QĐ": (data.decision, ("decision",)),
        "BB": (data.meeting, ("meeting",)),
        "TB": (data.appraisal, ("appraisal",)),
    }
    codes = {data.unit.code, *(b.code for b in data.bodies.values())}
    out: list[Problem] = []
    for key, ref in data.references.items():
        if not ref.number:
            continue
        m = re.fullmatch(r"\s*(\d+)\s*[-/]\s*([A-Za-zĐđ]+)\s*[-/]\s*([A-ZĐ0-9-]+)\s*", ref.number)
        if not m:
            continue
        number, type_code, org = int(m.group(1)), m.group(2), m.group(3)
        if org not in codes or type_code not in own:
            continue
        doc, loc = own[type_code]
        if doc is None or doc.number is None:
            continue
        issuer = data.unit if doc.issuer == "unit" else data.bodies.get(doc.issuer, data.unit)
        if issuer.code != org:
            continue
        actual = format_symbol(doc.number, type_code, issuer.code, data.family)
        same_number = doc.number == number
        same_date = ref.date is not None and doc.date is not None and ref.date == doc.date
        # both differ: another document of ours (last year's plan...); exactly one: a typo
        if same_date and not same_number:
            out.append(_at(loaded, "consistency.citation", ('references', key, 'number'),
                           f"trích dẫn số "
                               f"{ref.number} {cited_date(ref.date)} nhưng văn bản ngày đó "
                               f"mang số {actual} ({loaded.where(*loc, 'number')})", ()))
        elif same_number and ref.date and doc.date and not same_date:
            out.append(_at(loaded, "consistency.citation", ('references', key, 'date'),
                           f"trích dẫn "
                               f"{ref.kind} số {actual} {cited_date(ref.date)} nhưng văn bản này "
                               f"ban hành {cited_date(doc.date)} ({loaded.where(*loc, 'date')})",
                               ()))
    return out


def check_all(loaded: LoadedDataset, stages: Stages) -> list[Problem]:
    return [*check_ids(loaded), *check_meeting(loaded, stages), *check_subsets(loaded, stages),
            *check_rule(loaded), *check_dates(loaded), *check_citations(loaded),
            *check_reports(loaded, stages), *procedure_problems(loaded),
            *check_minutes_follow_up(loaded, stages)]


def check_minutes_follow_up(loaded: LoadedDataset, stages: Stages) -> list[Problem]:
    """A biên bản that closes with 'tham mưu Tờ trình' is followed by that tờ trình: the tờ
    trình cannot be dated before the meeting that asks for it."""
    data = loaded.data
    m, p = data.meeting, data.proposal
    if m is None or p is None or m.date is None or p.date is None or \
            not stages.passed_meeting or proposal_before_meeting(loaded):
        return []
    if p.date >= m.date:
        return []
    return [_at(loaded, "consistency.minutes_follow_up", ("proposal", "date"),
                f"biên bản họp bình xét ngày {m.date:%d/%m/%Y} ({loaded.where('meeting', 'date')})"
                f" giao tham mưu Tờ trình đề nghị công nhận, nhưng tờ trình ghi ngày "
                f"{p.date:%d/%m/%Y}, trước cuộc họp", ("bien_ban_binh_xet", "to_trinh"))]


def procedure_problems(loaded: LoadedDataset) -> list[Problem]:
    """Dates, enclosures and the Mẫu 1 reference against procedure.order (procedure.py)."""
    return [_at(loaded, "consistency.procedure", loc, message, ("to_trinh", "quyet_dinh"))
            for loc, message in check_procedure(loaded)]


def check_dataset(loaded: LoadedDataset, facts: Facts | None = None) -> list[Problem]:
    """Contradictions between the dataset's documents (see check_all)."""
    facts = facts or derive(loaded)
    assert facts.stages is not None
    return check_all(loaded, facts.stages)


def refuse_inconsistent(problems: list[Problem], loaded: LoadedDataset) -> None:
    """The error for a dataset that contradicts itself (without --allow-inconsistent)."""
    raise DatasetError(
        f"{loaded.path.name}: dữ liệu mâu thuẫn giữa các văn bản ({len(problems)} chỗ); "
        "sửa dữ liệu, hoặc thêm --allow-inconsistent để vẫn tạo văn bản",
        problems,
    )
