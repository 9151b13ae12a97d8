"""The bình xét lock, kept by every change of a year (one place: :func:`store.change` asks a
:class:`Guard`).

After the office locks the bình xét result (:class:`~.models.MeetingLock`), what the biên
bản, tờ trình and quyết định say must not change silently — whichever page the change comes
from: the Bình xét page, the appraisal, the tờ trình, a registration renamed or deleted, an
Excel import, a phiếu accepted, a result entered. The *locked view* of a year is what the
core prints from it in the biên bản (:func:`locked_view`): the models put to the vote (the
core's ``meeting_candidates``), their names and subjects, the meeting's figures, the rule,
and the biên bản's report sentence (registered models, appraisal result). A change that
alters the locked view needs a recorded reason: without one it is refused
(:class:`LockedChange`, a :class:`DatasetError` whose message says what changes and what
to do); with one it is saved, the reason goes to the audit log and to the list of changes
on the Bình xét page (:class:`~.models.MeetingChange`), and the lock takes the new figures.
A change that leaves the locked view as it is (the plan, a report, evidence) needs nothing.

Cost: nothing without a lock; with one, the saved year is loaded once more per change to
know its view before the edit (the edited year is loaded by the store anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from ..dataset import LoadedDataset
from ..documents.minutes import report_text
from ..errors import DatasetError
from ..stages import derive_stages, meeting_candidates
from .models import MeetingChange, MeetingLock, Year

REASON_FIELD = "Lý do sửa (bình xét đã khóa)"


# the reason typed in the form, for changes made through a module that does not pass it on
# (the online phiếu workflow calls store.change itself)
_REASON: ContextVar[str] = ContextVar("dvk_lock_reason", default="")


@contextmanager
def reason_given(text: str) -> Iterator[None]:
    """Changes made inside the block carry ``text`` as their reason."""
    token = _REASON.set(text)
    try:
        yield
    finally:
        _REASON.reset(token)


def reason_from_post(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view whose form has the reason field (``lock_reason``, the template
    ``_lock_reason.html``) and whose changes go through a module that does not pass it."""

    @wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
        with reason_given(request.POST.get("lock_reason", "") if request.method == "POST"
                          else ""):
            return view(request, *args, **kwargs)

    return wrapper


class LockedChange(DatasetError):
    """A change to what a locked bình xét prints, asked without a reason."""


def locked_view(loaded: LoadedDataset) -> dict[str, Any]:
    """What the biên bản prints from the year, as the core derives it."""
    data = loaded.data
    stages = derive_stages(loaded)
    candidates = meeting_candidates(loaded, stages)
    return {
        "candidates": [r.id for r in candidates],
        "names": {r.id: [r.model_name, r.registrant] for r in candidates},
        "meeting": data.meeting.model_dump(mode="json") if data.meeting else None,
        "rule": data.rule.model_dump(mode="json") if data.rule else None,
        "report": report_text(loaded, stages),
    }


def _differences(lock: MeetingLock, before: dict[str, Any], after: dict[str, Any]
                 ) -> list[str]:
    out: list[str] = []
    if after["candidates"] != lock.candidates:
        gone = [k for k in lock.candidates if k not in after["candidates"]]
        new = [k for k in after["candidates"] if k not in lock.candidates]
        out.append("danh sách mô hình đưa ra bình xét"
                   + (f" (bớt {', '.join(gone)})" if gone else "")
                   + (f" (thêm {', '.join(new)})" if new else ""))
    renamed = [k for k, v in after["names"].items()
               if k in before["names"] and before["names"][k] != v]
    if renamed:
        out.append(f"tên mô hình hoặc chủ thể của {', '.join(renamed)}")
    if after["meeting"] != before["meeting"]:
        out.append("số liệu bình xét (có mặt, số phiếu)")
    if after["rule"] != before["rule"]:
        out.append("quy tắc tính kết quả bình xét")
    if after["report"] != before["report"]:
        out.append("phần báo cáo của biên bản (số mô hình đăng ký, kết quả thẩm định)")
    return out


class Guard:
    """One change of ``year``: :meth:`check` after the edit, :meth:`record` with the save."""

    def __init__(self, year: Year, reason: str, load: Callable[[Year], LoadedDataset],
                 audit: Callable[..., None]) -> None:
        """``load`` and ``audit``: the store's (which calls this module)."""
        self.load, self.audit = load, audit
        self.lock = MeetingLock.objects.filter(year_id=year.pk).first()
        self.reason = " ".join((reason or _REASON.get()).split())
        self.changes: list[str] = []
        self.after: dict[str, Any] | None = None
        self._before: dict[int, dict[str, Any]] = {}  # per revision

    def _view_before(self, year: Year) -> dict[str, Any]:
        if year.revision not in self._before:
            self._before[year.revision] = locked_view(self.load(year))
        return self._before[year.revision]

    def check(self, year: Year, loaded: LoadedDataset) -> None:
        """``loaded``: the edited year, validated. Refuses a change of the locked view
        without a reason."""
        if self.lock is None:
            return
        self.after = locked_view(loaded)
        self.changes = _differences(self.lock, self._view_before(year), self.after)
        if self.changes and not self.reason:
            raise LockedChange(
                "Kết quả bình xét đã khóa; thay đổi này làm đổi " + "; ".join(self.changes)
                + ", nên biên bản, tờ trình, quyết định sẽ khác số liệu đã khóa. Ghi lý do "
                f"vào ô “{REASON_FIELD}” rồi lưu lại (lý do được ghi vào nhật ký), hoặc sửa "
                "ở trang Bình xét.")

    def record(self, done: Year, user: Any, action: str) -> None:
        """In the saving transaction: the reason in the log, the lock takes the new view."""
        if self.lock is None or not self.changes or self.after is None:
            return
        what = "; ".join(self.changes)
        meeting = done.document.get("meeting")
        MeetingChange.objects.create(
            year=done, user=user if getattr(user, "is_authenticated", False) else None,
            username=getattr(user, "username", "") or "",
            reason=self.reason + (f" ({action}: đổi {what})" if action else ""),
            before=self.lock.meeting, after=meeting or {})
        self.audit(done.organisation, user, "sửa dữ liệu khi bình xét đã khóa", f"năm {done.year}",
              f"{action}: đổi {what}. Lý do: {self.reason}")
        self.lock.meeting = meeting or {}
        self.lock.candidates = self.after["candidates"]
        self.lock.save(update_fields=["meeting", "candidates"])
