"""Online registration's rules: when a unit may submit, what each step does to a
:class:`~dvk_docs.web.models.Submission`, and how an accepted one enters the year.

A submission is validated by the library exactly as the year would be with it added
(:func:`check`), so a unit sees the same errors the office would see on accepting. Accepting
appends it to the year through :func:`dvk_docs.web.store.change` (validation, revision,
audit entry), under a row lock on the submission so that it enters the year once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..errors import DatasetError, DvkError
from . import store
from .models import Reopening, Submission, SubmissionEvent, SubmissionStatus, Year

Action = SubmissionEvent.Action


class WorkflowError(DvkError):
    """A step that the submission's status does not allow (shown to the person as is)."""


def deadline_key() -> str:
    return str(getattr(settings, "REGISTRATION_DEADLINE_KEY", "dang_ky"))


def deadline_of(year: Year) -> dt.date | None:
    """The registration deadline from the dataset (``deadlines.<key>``), or None."""
    value = (year.document.get("deadlines") or {}).get(deadline_key())
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


@dataclass
class Window:
    open: bool
    deadline: dt.date | None
    reopened_until: dt.date | None = None

    @property
    def message(self) -> str:
        if self.open:
            if self.reopened_until:
                return (f"Văn phòng đã mở lại việc đăng ký cho đơn vị đến hết ngày "
                        f"{self.reopened_until:%d/%m/%Y}.")
            return (f"Hạn đăng ký: hết ngày {self.deadline:%d/%m/%Y}." if self.deadline
                    else "Kế hoạch chưa đặt hạn đăng ký.")
        text = f"Đã hết hạn đăng ký (hết ngày {self.deadline:%d/%m/%Y})"
        if self.reopened_until:
            text += f"; lần mở lại cho đơn vị cũng đã hết (hết ngày {self.reopened_until:%d/%m/%Y})"
        return text + ". Muốn đăng ký thêm, đề nghị văn phòng mở lại cho đơn vị."


def today() -> dt.date:
    """Today in the server's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate()


def window(year: Year, unit: str, on: dt.date | None = None) -> Window:
    """Whether ``unit`` may submit on a day (default today): until the deadline
    (inclusive), or until the date the office reopened it for that unit."""
    on = on or today()
    deadline = deadline_of(year)
    reopen = Reopening.objects.filter(year=year, unit=unit).first()
    until = reopen.until if reopen else None
    if deadline is None or on <= deadline:
        return Window(True, deadline)
    return Window(until is not None and on <= until, deadline, until)


def next_id(regs: list[dict[str, Any]]) -> str:
    """The id the library gives a registration appended without one (DK + its position),
    or the next free DK number when that one is taken."""
    ids = {str(r.get("id")) for r in regs}
    n = len(regs) + 1
    while f"DK{n:03d}" in ids:
        n += 1
    return f"DK{n:03d}"


def check(year: Year, reg: dict[str, Any]) -> None:
    """Validate the year with ``reg`` appended (raises DatasetError with field paths under
    ``registrations[<index>]`` / ``registrations[<id>]``)."""
    snap = store.snapshot_of(year, shared=True)  # only read: validate copies what it loads
    new = dict(reg)
    new["id"] = next_id(snap.registrations)
    snap.registrations.append(new)
    store.validate(snap)


def error_prefixes(year: Year) -> list[str]:
    n = year.registrations.count()
    regs = list(year.registrations.values_list("data", flat=True))
    return [f"registrations[{n}]", f"registrations[{next_id(regs)}]"]


def _event(sub: Submission, user: Any, action: str, reason: str = "",
           changes: list[dict[str, Any]] | None = None) -> None:
    SubmissionEvent.objects.create(submission=sub, user=user if user and user.is_authenticated
                                   else None, username=getattr(user, "username", "") or "",
                                   action=action, reason=reason, changes=changes or [])


def diff(before: dict[str, Any], after: dict[str, Any], labels: dict[str, str]
         ) -> list[dict[str, Any]]:
    """What changed between two versions of a phiếu, field by field (person fields flat)."""

    def flat(d: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in d.items() if k != "person"}
        for k, v in (d.get("person") or {}).items():
            out[f"person__{k}"] = v
        return out

    a, b = flat(before), flat(after)
    return [{"field": k, "label": labels.get(k, k), "before": a.get(k), "after": b.get(k)}
            for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k) and k != "id"]


def submit(year: Year, unit: str, user: Any, reg: dict[str, Any]) -> Submission:
    """A unit's new phiếu: checked by the library, stored as *chờ tiếp nhận*."""
    reg = {**reg, "unit": unit}
    check(year, reg)
    with transaction.atomic():
        sub = Submission.objects.create(organisation=year.organisation, year=year, unit=unit,
                                        data=reg, created_by=user)
        _event(sub, user, Action.NOP)
    return sub


def _locked(sub: Submission, seen: int | None = None) -> Submission:
    """The submission locked for this step; ``seen`` (how many steps the person's page
    showed) refuses a step taken on a page that someone else's step has made stale."""
    locked = Submission.objects.select_for_update().get(pk=sub.pk)
    if seen is not None and locked.events.count() != seen:
        raise WorkflowError("Phiếu vừa được người khác sửa hoặc xử lý sau khi trang này mở; "
                            "xem lại nội dung mới rồi làm lại")
    return locked


def correct(sub: Submission, user: Any, reg: dict[str, Any], labels: dict[str, str],
            seen: int | None = None) -> Submission:
    """The unit corrects its phiếu (returned → resubmitted, or still waiting → edited)."""
    reg = {**reg, "unit": sub.unit}
    check(sub.year, reg)
    with transaction.atomic():
        locked = _locked(sub, seen)
        if locked.status == SubmissionStatus.DA:
            raise WorkflowError("Phiếu đã được tiếp nhận, đơn vị không sửa được nữa; "
                                "cần sửa, đề nghị văn phòng")
        action = Action.NOP_LAI if locked.status == SubmissionStatus.TRA_LAI else Action.SUA
        changes = diff(locked.data, reg, labels)
        locked.data = reg
        locked.status = SubmissionStatus.CHO
        locked.save()
        _event(locked, user, action, changes=changes)
    return locked


def return_(sub: Submission, user: Any, reason: str, seen: int | None = None) -> Submission:
    reason = reason.strip()
    if not reason:
        raise WorkflowError("Ghi lý do trả lại để đơn vị biết cần sửa gì")
    with transaction.atomic():
        locked = _locked(sub, seen)
        if locked.status != SubmissionStatus.CHO:
            raise WorkflowError(f"Phiếu đang ở trạng thái '{locked.get_status_display()}': "
                                "chỉ trả lại được phiếu chờ tiếp nhận")
        locked.status = SubmissionStatus.TRA_LAI
        locked.reason = reason
        locked.save()
        _event(locked, user, Action.TRA_LAI, reason=reason)
    return locked


def accept(sub: Submission, user: Any, edited: dict[str, Any] | None = None,
           labels: dict[str, str] | None = None, seen: int | None = None) -> Submission:
    """The office takes the phiếu into the year (optionally with its own corrections first):
    appended through store.change with the library's next id, once."""
    with transaction.atomic():
        locked = _locked(sub, seen)
        if locked.status != SubmissionStatus.CHO:
            raise WorkflowError(f"Phiếu đang ở trạng thái '{locked.get_status_display()}': "
                                "chỉ tiếp nhận được phiếu chờ tiếp nhận")
        data = dict(edited if edited is not None else locked.data)
        data["unit"] = locked.unit
        data.pop("id", None)
        got: dict[str, str] = {}

        def add(snap: store.Snapshot) -> None:
            new = dict(data)
            new["id"] = next_id(snap.registrations)
            got["id"] = new["id"]
            snap.registrations.append(new)

        store.change(locked.year, user, "tiếp nhận phiếu đăng ký",
                     f"{data.get('model_name', '')} ({locked.unit})", add)
        if edited is not None:
            changes = diff(locked.data, data, labels or {})
            if changes:
                _event(locked, user, Action.VP_SUA, changes=changes)
        data["id"] = got["id"]
        locked.data = data
        locked.reg_id = got["id"]
        locked.status = SubmissionStatus.DA
        locked.reason = ""
        locked.save()
        _event(locked, user, Action.TIEP_NHAN)
    return locked


def office_edit(sub: Submission, user: Any, reg: dict[str, Any], labels: dict[str, str],
                seen: int | None = None) -> Submission:
    """The office corrects a waiting phiếu without accepting it yet."""
    reg = {**reg, "unit": sub.unit}
    check(sub.year, reg)
    with transaction.atomic():
        locked = _locked(sub, seen)
        if locked.status != SubmissionStatus.CHO:
            raise WorkflowError("Chỉ sửa ở đây phiếu chờ tiếp nhận; phiếu đã tiếp nhận sửa "
                                "trong danh sách đăng ký của năm")
        changes = diff(locked.data, reg, labels)
        locked.data = reg
        locked.save()
        _event(locked, user, Action.VP_SUA, changes=changes)
    return locked


def current_registration(sub: Submission) -> dict[str, Any] | None:
    """An accepted phiếu as the year holds it now (the office may have edited it since),
    or None when it is no longer in the year."""
    if not sub.reg_id:
        return None
    row = sub.year.registrations.filter(reg_id=sub.reg_id).first()
    return dict(row.data) if row is not None else None


def save_results(year: Year, user: Any, reg_id: str, values: dict[str, Any]) -> None:
    """The unit's actual results for one accepted model, kept as the model's báo cáo thành
    tích (``achievements.<id>``: text + key figures), merged into what the office may
    already have filled there (reporter, confirmer...)."""

    def put(snap: store.Snapshot) -> None:
        if not any(r.get("id") == reg_id for r in snap.registrations):
            raise DatasetError(f"Đăng ký {reg_id} không còn trong danh sách của năm")
        achievements = snap.document.setdefault("achievements", {})
        entry = dict(achievements.get(reg_id) or {})
        for key, value in values.items():
            if value in (None, "", []):
                entry.pop(key, None)
            else:
                entry[key] = value
        achievements[reg_id] = entry

    store.change(year, user, "đơn vị nhập kết quả thực tế", reg_id, put)


def reopen(year: Year, user: Any, unit: str, until: dt.date) -> Reopening:
    """Open the form again for one unit up to and including ``until``."""
    with transaction.atomic():
        found, _ = Reopening.objects.update_or_create(year=year, unit=unit,
                                                      defaults={"until": until, "by": user})
        store.audit(year.organisation, user, "mở lại đăng ký",
                    f"{unit} (năm {year.year})", f"đến hết ngày {until:%d/%m/%Y}")
    return found
