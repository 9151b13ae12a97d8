"""The council's pages: thẩm định (results per model), bình xét (attendance and votes, the
pass list live by the dataset's rule, the lock with a recorded reason), tờ trình → quyết
định (nominees among those who passed, numbers and dates).

Each page edits a section of the year's dataset through :func:`store.change` (the library
validates it) and asks the core who passes (:func:`dvk_docs.stages.evaluate`,
:func:`dvk_docs.stages.derive_stages`); no rule is computed here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from ...api import prepare
from ...conventions.family import Family
from ...dataset.process import Meeting
from ...errors import DatasetError, DvkError
from ...stages import (
    derive_stages,
    evaluate,
    meeting_candidates,
    nominee_choices,
    pass_phrase,
    quorum_sentence,
    recognition_choices,
    refuse_outside,
)
from .. import register, store
from ..models import MeetingChange, MeetingLock, Membership, Organisation, Year
from ..problems import message_of, messages_of
from .base import org_view, year_of

METHODS = [("show_of_hands", "Biểu quyết giơ tay"), ("secret_ballot", "Bỏ phiếu kín"),
           ("scoring", "Chấm điểm")]
ROLES = {"truong_doan": "Trưởng đoàn/tổ", "pho_doan": "Phó đoàn/tổ",
         "thanh_vien": "Thành viên", "thu_ky": "Thư ký"}


# ---- small form helpers (turning typed text into the dataset's values, no rule) ----------

def date_field(text: str) -> str | None:
    """'30/9/2026' or '2026-09-30' as ISO; anything else is kept for the library to refuse
    with its Vietnamese reason."""
    text = text.strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else text


def _date_out(value: Any) -> str:
    if not value:
        return ""
    try:
        d = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _int(text: str) -> int | str | None:
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


def _num(text: str) -> float | str | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value == int(value) else value


def _plain(value: Any) -> str:
    """A number for an input field: 11 not '11,0', 7.5 as '7,5'."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",")


def _set(doc: dict[str, Any], key: str, value: Any) -> None:
    if value in (None, "", []):
        doc.pop(key, None)
    else:
        doc[key] = value


def _problems(err: DatasetError) -> list[str]:
    return [message_of(p) for p in messages_of(err)]


def _signers(y: Year) -> list[tuple[str, str]]:
    return [(k, f"{s.get('title', '')} - {s.get('name', '')}")
            for k, s in y.document.get("signers", {}).items()]


def _issuers(y: Year) -> list[tuple[str, str]]:
    doc = y.document
    return [("unit", " ".join(str(doc["unit"].get("name", "")).split()))] + [
        (k, " ".join(str(b.get("name", k)).split())) for k, b in doc.get("bodies", {}).items()]


def _proposed_number(org: Organisation, y: Year, section: str, doc: dict[str, Any] | None
                     ) -> int | None:
    """The next free number for an empty number field (the sổ văn bản đi)."""
    if doc and doc.get("number"):
        return None
    try:
        return register.propose(org, register.series_for(y, section, doc))
    except (DvkError, KeyError, IndexError):
        return None


def _save(request: HttpRequest, y: Year, action: str, edit: Any, reason: str = ""
          ) -> list[str] | None:
    """store.change; the problems as text when the library (or the bình xét lock,
    :mod:`..meeting_guard`) refuses. ``reason``: the form's reason for changing a locked
    bình xét."""
    try:
        store.change(y, request.user, action, f"năm {y.year}", edit,
                     reason=reason or request.POST.get("lock_reason", ""))
    except DatasetError as err:
        return _problems(err)
    return None


# ---- Thẩm định ---------------------------------------------------------------------------

def _teams_text(teams: list[dict[str, Any]]) -> str:
    lines = []
    for t in teams:
        lines.append(f"{t.get('name', '')} | {', '.join(t.get('linh_vuc', []))}".rstrip(" |"))
        for m in t.get("members", []):
            lines.append(f"- {m.get('name', '')} | {m.get('position', '') or ''} | "
                         f"{m.get('role', 'thanh_vien')}")
    return "\n".join(lines)


def _teams_of(text: str) -> list[dict[str, Any]]:
    """'Tổ thẩm định số 1 | KT, VHXH' starts a team; '- Họ tên | Chức vụ | vai trò' adds a
    member (vai trò: truong_doan, pho_doan, thanh_vien, thu_ky)."""
    teams: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("-") and teams:
            parts = [p.strip() for p in line[1:].split("|")]
            member: dict[str, Any] = {"name": parts[0]}
            if len(parts) > 1 and parts[1]:
                member["position"] = parts[1]
            if len(parts) > 2 and parts[2]:
                member["role"] = parts[2]
            teams[-1]["members"].append(member)
        else:
            name, _, fields = line.partition("|")
            teams.append({"name": name.strip(),
                          "linh_vuc": [f.strip() for f in fields.split(",") if f.strip()],
                          "members": []})
    return teams


@org_view(office=True)
def appraisal(request: HttpRequest, member: Membership, org: Organisation, year: int
              ) -> HttpResponse:
    y = year_of(org, year)
    current = dict(y.document.get("appraisal") or {})
    regs = list(y.registrations.order_by("position"))
    general: list[str] = []
    form: dict[str, Any] = {}
    if request.method == "POST":
        p = request.POST
        results: dict[str, Any] = {}
        for r in regs:
            result = p.get(f"r-{r.reg_id}-result", "")
            if not result:
                continue
            entry: dict[str, Any] = {"result": result}
            _set(entry, "score", _num(p.get(f"r-{r.reg_id}-score", "")))
            _set(entry, "note", p.get(f"r-{r.reg_id}-note", "").strip())
            _set(entry, "achieved", p.get(f"r-{r.reg_id}-achieved", "").strip())
            results[r.reg_id] = entry
        new = dict(current)
        for key in ("number", "score_max"):
            _set(new, key, _int(p.get(key, "")))
        _set(new, "pass_mark", _num(p.get("pass_mark", "")))
        for key in ("date", "start", "end"):
            _set(new, key, date_field(p.get(key, "")))
        for key in ("method", "signer", "issuer"):
            _set(new, key, p.get(key, "").strip())
        new["teams"] = _teams_of(p.get("teams", ""))
        new["results"] = results

        def edit(snap: store.Snapshot) -> None:
            snap.document["appraisal"] = new

        problems = _save(request, y, "sửa kết quả thẩm định", edit)
        if problems is None:
            messages.success(request, "Đã lưu kết quả thẩm định")
            return redirect("appraisal", slug=org.slug, year=y.year)
        general = problems
        current, form = new, dict(p.items())
    results = current.get("results", {})
    rows = [{"reg": r, "res": results.get(r.reg_id, {}),
             "score": _plain(results.get(r.reg_id, {}).get("score")),
             "problems": [g for g in general if re.search(rf"\b{re.escape(r.reg_id)}\b", g)]}
            for r in regs]
    ctx = {"y": y, "tab": "tham_dinh", "a": current, "rows": rows, "general": general,
           "date": form.get("date", _date_out(current.get("date"))),
           "start": form.get("start", _date_out(current.get("start"))),
           "end": form.get("end", _date_out(current.get("end"))),
           "teams": form.get("teams", _teams_text(current.get("teams", []))),
           "signers": _signers(y), "issuers": _issuers(y),
           "pass_mark": form.get("pass_mark", _plain(current.get("pass_mark"))),
           "next_number": _proposed_number(org, y, "appraisal", current or None),
           "roles": ROLES}
    return render(request, "dvk_web/council_appraisal.html", ctx)


# ---- Bình xét ----------------------------------------------------------------------------

def _absent_text(absent: list[dict[str, Any]]) -> str:
    return "\n".join(f"{a.get('name', '')}" + (f" | {a['reason']}" if a.get("reason") else "")
                     for a in absent)


def _absent_of(text: str) -> list[dict[str, Any]]:
    out = []
    for raw in text.splitlines():
        name, _, reason = raw.partition("|")
        if name.strip():
            entry = {"name": name.strip()}
            if reason.strip():
                entry["reason"] = reason.strip()
            out.append(entry)
    return out


def _meeting_from(post: Any, current: dict[str, Any], candidates: list[str]) -> dict[str, Any]:
    new = dict(current)
    for key in ("number", "members_total", "present"):
        _set(new, key, _int(post.get(key, "")))
    _set(new, "date", date_field(post.get("date", "")))
    for key in ("start", "end", "place", "body", "method", "issuer"):
        _set(new, key, post.get(key, "").strip())
    for who in ("chair", "secretary"):
        person = dict(current.get(who) or {})
        _set(person, "name", post.get(f"{who}_name", "").strip())
        _set(person, "position", post.get(f"{who}_position", "").strip())
        _set(new, who, person)
    new["absent"] = _absent_of(post.get("absent", ""))
    if new.get("method") == "secret_ballot":
        ballots = {k: _int(post.get(f"ballots_{k}", "")) for k in ("issued", "returned", "valid")}
        _set(new, "ballots", {k: v for k, v in ballots.items() if v is not None})
    else:
        new.pop("ballots", None)
    votes: dict[str, Any] = {}
    for key in candidates:
        value = _num(post.get(f"v-{key}", ""))
        if value is not None:
            votes[key] = value
    new["votes"] = votes
    _set(new, "opinions", post.get("opinions", "").replace("\r\n", "\n").strip())
    return new


def _candidates(y: Year) -> tuple[list[Any], Any]:
    loaded = store.load_year(y)
    return meeting_candidates(loaded, derive_stages(loaded)), loaded


def _live(meeting: dict[str, Any], loaded: Any, candidates: list[Any]) -> dict[str, Any]:
    """The core's evaluation of the figures as typed, or what is wrong with them."""
    party = loaded.data.family is Family.PARTY
    rule = loaded.data.rule
    filled = {"start": "00:00", "end": "00:00", "place": "-", "body": "-",
              "chair": {"name": "-"}, "secretary": {"name": "-"}, "method": "show_of_hands",
              **{k: v for k, v in meeting.items() if k not in {"number", "date"}}}
    filled.setdefault("votes", {})
    try:
        m = Meeting.model_validate(filled)
    except ValidationError as err:
        return {"errors": [f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}"
                           for e in err.errors()]}
    ev = evaluate(m, rule, party, [r.id for r in candidates])
    names = {r.id: r for r in candidates}
    return {"ev": ev, "rows": [(names[t.id], t) for t in ev.tallies],
            "rule": pass_phrase(rule, m.method, party), "quorum": quorum_sentence(rule),
            "absent": m.members_total - m.present_count, "errors": []}


def _lock_of(y: Year) -> MeetingLock | None:
    return MeetingLock.objects.filter(year=y).select_related("locked_by").first()


@org_view(office=True)
def meeting(request: HttpRequest, member: Membership, org: Organisation, year: int
            ) -> HttpResponse:
    y = year_of(org, year)
    candidates, loaded = _candidates(y)
    ids = [r.id for r in candidates]
    current = dict(y.document.get("meeting") or {})
    lock = _lock_of(y)
    general: list[str] = []
    reason = ""
    form: dict[str, Any] = {}
    if request.method == "POST":
        new = _meeting_from(request.POST, current, ids)
        reason = request.POST.get("reason", "").strip()
        if lock is not None and not reason:
            general = ["Kết quả bình xét đã khóa: ghi lý do sửa vào ô “Lý do sửa” rồi lưu lại"]
        else:
            def edit(snap: store.Snapshot) -> None:
                snap.document["meeting"] = new

            # a changed figure is recorded with the reason by the lock's guard (meeting_guard)
            problems = _save(request, y, "sửa kết quả bình xét", edit, reason)
            if problems is None:
                messages.success(request, "Đã lưu kết quả bình xét")
                return redirect("meeting", slug=org.slug, year=y.year)
            general = problems
        current, form = new, dict(request.POST.items())
    ctx = {"y": y, "tab": "binh_xet", "m": current, "general": general, "lock": lock,
           "reason": reason, "methods": METHODS, "issuers": _issuers(y),
           "date": form.get("date", _date_out(current.get("date"))),
           "absent": form.get("absent", _absent_text(current.get("absent", []))),
           "candidates": [(r, _plain(current.get("votes", {}).get(r.id, "")))
                          for r in candidates],
           "live": _live(current, loaded, candidates),
           "changes": MeetingChange.objects.filter(year=y)[:20],
           "drift": lock is not None and lock.meeting != y.document.get("meeting"),
           "next_number": _proposed_number(org, y, "meeting", current or None)}
    return render(request, "dvk_web/council_meeting.html", ctx)


@org_view(office=True)
@require_POST
def meeting_live(request: HttpRequest, member: Membership, org: Organisation, year: int
                 ) -> HttpResponse:
    """Who passes with the figures as typed (htmx, on input): nothing is saved."""
    y = year_of(org, year)
    candidates, loaded = _candidates(y)
    current = dict(y.document.get("meeting") or {})
    new = _meeting_from(request.POST, current, [r.id for r in candidates])
    return render(request, "dvk_web/_council_live.html",
                  {"live": _live(new, loaded, candidates)})


@org_view(office=True)
@require_POST
def meeting_lock(request: HttpRequest, member: Membership, org: Organisation, year: int
                 ) -> HttpResponse:
    y = year_of(org, year)
    figures = y.document.get("meeting")
    if not figures:
        messages.error(request, "Chưa có kết quả bình xét để khóa")
    elif _lock_of(y) is None:
        candidates, _ = _candidates(y)
        MeetingLock.objects.create(year=y, meeting=figures, locked_by=request.user,
                                   candidates=[r.id for r in candidates])
        store.audit(org, request.user, "khóa kết quả bình xét", f"năm {y.year}")
        messages.success(request, "Đã khóa kết quả bình xét; sửa sau này phải ghi lý do")
    return redirect("meeting", slug=org.slug, year=y.year)


# ---- Tờ trình → Quyết định ---------------------------------------------------------------

def _choices(y: Year) -> tuple[list[Any], list[Any], Any]:
    loaded = store.load_year(y)
    stages = derive_stages(loaded)
    return nominee_choices(loaded, stages), recognition_choices(loaded, stages), loaded


@org_view(office=True)
def decision(request: HttpRequest, member: Membership, org: Organisation, year: int
             ) -> HttpResponse:
    y = year_of(org, year)
    nominees, recognisable, loaded = _choices(y)
    proposal = dict(y.document.get("proposal") or {})
    dec = dict(y.document.get("decision") or {})
    general: list[str] = []
    form: dict[str, Any] = {}
    if request.method == "POST":
        p = request.POST
        for doc, prefix in ((proposal, "p"), (dec, "d")):
            _set(doc, "number", _int(p.get(f"{prefix}_number", "")))
            _set(doc, "date", date_field(p.get(f"{prefix}_date", "")))
            _set(doc, "signer", p.get(f"{prefix}_signer", "").strip())
        _set(proposal, "addressee", p.get("p_addressee", "").strip())
        _set(proposal, "issuer", p.get("p_issuer", "").strip())
        proposal["models"] = p.getlist("p_models")
        dec["recognised"] = p.getlist("d_models")

        def edit(snap: store.Snapshot) -> None:
            snap.document["proposal"] = proposal
            snap.document["decision"] = dec
            # the core says who may be proposed and recognised with these choices
            done = store.validate(snap)
            stages = derive_stages(done)
            refuse_outside(proposal["models"], nominee_choices(done, stages),
                           "Tờ trình đề nghị mô hình chưa đạt")
            refuse_outside(dec["recognised"], recognition_choices(done, stages),
                           "Quyết định công nhận mô hình không được đề nghị hoặc chưa đạt")

        problems = _save(request, y, "sửa tờ trình, quyết định", edit)
        if problems is None:
            messages.success(request, "Đã lưu tờ trình và quyết định")
            return redirect("decision", slug=org.slug, year=y.year)
        general = problems
        form = dict(p.items())
    # the core's consistency problems of the saved year, beside the fields they concern
    beside: dict[str, list[str]] = {}
    try:
        found = prepare(loaded).problems
    except DvkError:
        found = []
    for prob in found:
        path = getattr(prob, "path", "") or ""
        for section, prefix in (("proposal", "p"), ("decision", "d")):
            if path.startswith(section + "."):
                key = re.split(r"[.\[]", path[len(section) + 1:])[0]
                key = "models" if key in {"models", "recognised"} else key
                beside.setdefault(f"{prefix}_{key}", []).append(message_of(prob))
    chosen_p = set(proposal.get("models") or [r.id for r in nominees])
    chosen_d = set(dec.get("recognised") or [r.id for r in recognisable])
    ctx = {"y": y, "tab": "quyet_dinh", "p": proposal, "d": dec, "general": general,
           "beside": beside, "signers": _signers(y), "issuers": _issuers(y),
           "p_date": form.get("p_date", _date_out(proposal.get("date"))),
           "d_date": form.get("d_date", _date_out(dec.get("date"))),
           "nominees": [(r, r.id in chosen_p) for r in nominees],
           "recognisable": [(r, r.id in chosen_d) for r in recognisable],
           "p_next": _proposed_number(org, y, "proposal", proposal or None),
           "d_next": _proposed_number(org, y, "decision", dec or None)}
    return render(request, "dvk_web/council_decision.html", ctx)
