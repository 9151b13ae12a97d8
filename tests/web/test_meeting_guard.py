"""The bình xét lock is kept by every change of the year, not only by the council's pages:
deleting or renaming a voted registration, an Excel import, accepting a phiếu — each needs
a recorded reason once the result is locked (meeting_guard, called by store.change)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dvk_docs.web import meeting_guard, store
from dvk_docs.web.models import AuditEntry, MeetingChange, MeetingLock, Submission, Year

Y = "/to-chuc/xa-an-phu/nam/2026/"


@pytest.fixture
def locked(ca: Client, year_a: Year) -> MeetingLock:
    assert ca.post(reverse("meeting_lock", args=["xa-an-phu", 2026])).status_code == 302
    return MeetingLock.objects.get(year=year_a)


def _reg_form(year: Year, reg_id: str, **override: str) -> dict[str, str]:
    data = year.registrations.get(reg_id=reg_id).data
    form = {k: str(data.get(k, "")) for k in ("registrant", "kind", "model_name", "linh_vuc",
                                               "status", "expected_results", "unit",
                                               "managing_body", "address", "start")}
    form.update(override)
    return {k: v for k, v in form.items() if v}


def test_deleting_a_voted_registration_needs_a_reason(ca: Client, year_a: Year,
                                                     locked: MeetingLock) -> None:
    voted = locked.candidates[0]
    url = reverse("registration_delete", args=["xa-an-phu", 2026, voted])
    page = ca.post(url, follow=True).content.decode()
    assert "Kết quả bình xét đã khóa" in page and f"bớt {voted}" in page
    assert "Lý do sửa (bình xét đã khóa)" in page
    assert year_a.registrations.filter(reg_id=voted).exists()
    assert not MeetingChange.objects.exists()
    ca.post(url, {"lock_reason": "Đơn vị rút đăng ký, Thường trực đồng ý ngày 10/10"})
    assert not year_a.registrations.filter(reg_id=voted).exists()
    change = MeetingChange.objects.get(year=year_a)
    assert change.reason.startswith("Đơn vị rút đăng ký") and "xóa đăng ký" in change.reason
    entry = AuditEntry.objects.get(action="sửa dữ liệu khi bình xét đã khóa")
    assert "Đơn vị rút đăng ký" in entry.detail and voted in entry.detail
    locked.refresh_from_db()
    assert voted not in locked.candidates  # the lock holds what was accepted
    # the Bình xét page lists the change with its reason
    assert "Đơn vị rút đăng ký" in ca.get(reverse("meeting", args=["xa-an-phu", 2026])
                                         ).content.decode()


def test_renaming_a_voted_model_needs_a_reason(ca: Client, year_a: Year,
                                              locked: MeetingLock) -> None:
    voted = locked.candidates[0]
    url = reverse("registration", args=["xa-an-phu", 2026, voted])
    old_name = year_a.registrations.get(reg_id=voted).model_name
    r = ca.post(url, _reg_form(year_a, voted, model_name="Tên mô hình đã đổi"))
    html = r.content.decode()
    assert r.status_code == 200 and f"tên mô hình hoặc chủ thể của {voted}" in html
    assert year_a.registrations.get(reg_id=voted).model_name == old_name
    r = ca.post(url, _reg_form(year_a, voted, model_name="Tên mô hình đã đổi",
                               lock_reason="Sửa lỗi chính tả tên mô hình"))
    assert r.status_code == 302
    assert year_a.registrations.get(reg_id=voted).model_name == "Tên mô hình đã đổi"
    assert MeetingChange.objects.filter(reason__startswith="Sửa lỗi chính tả").exists()


def test_an_import_changes_the_count_the_minutes_print(year_a: Year,
                                                       locked: MeetingLock) -> None:
    new = dict(year_a.registrations.order_by("position").last().data)
    new.pop("id")
    new["model_name"] = "Mô hình nhập muộn từ Excel"

    def add(snap: store.Snapshot) -> None:
        snap.registrations.append(dict(new))

    revision = year_a.revision
    with pytest.raises(meeting_guard.LockedChange, match="phần báo cáo của biên bản"):
        store.change(year_a, None, "tải lên danh sách đăng ký", "năm 2026", add)
    year_a.refresh_from_db()
    assert year_a.revision == revision
    store.change(year_a, None, "tải lên danh sách đăng ký", "năm 2026", add,
                 reason="Bổ sung theo công văn của huyện")
    assert year_a.registrations.filter(model_name="Mô hình nhập muộn từ Excel").exists()


def test_accepting_a_phieu_after_the_lock_needs_a_reason(ca: Client, year_a: Year,
                                                         locked: MeetingLock) -> None:
    reg = dict(year_a.registrations.order_by("position").first().data)
    reg.pop("id")
    sub = Submission.objects.create(organisation=year_a.organisation, year=year_a,
                                    unit="Chi bộ thôn 9", data=reg)
    form = {"registrant": "Chi hội Phụ nữ thôn 9", "kind": "tap_the",
            "model_name": "Bếp ăn tình thương", "linh_vuc": reg["linh_vuc"], "status": "moi",
            "expected_results": "Mỗi tuần 50 suất ăn", "action": "tiep_nhan"}
    page = ca.post(Y + f"phieu/{sub.pk}/", form).content.decode()
    assert "Kết quả bình xét đã khóa" in page and 'name="lock_reason"' in page
    sub.refresh_from_db()
    assert sub.status == "cho_tiep_nhan"
    r = ca.post(Y + f"phieu/{sub.pk}/", {**form, "lock_reason": "Phiếu gửi đúng hạn, "
                                          "văn phòng nhận sót"})
    assert r.status_code == 302
    sub.refresh_from_db()
    assert sub.status == "da_tiep_nhan"
    assert MeetingChange.objects.filter(reason__contains="nhận sót").exists()


def test_changes_that_leave_the_minutes_alone_need_nothing(year_a: Year,
                                                           locked: MeetingLock) -> None:
    def retitle(snap: store.Snapshot) -> None:
        snap.document["documents"]["ke_hoach"]["subject"] = "Kế hoạch đã sửa"

    store.change(year_a, None, "sửa kế hoạch", "năm 2026", retitle)
    assert not MeetingChange.objects.exists()
    assert not AuditEntry.objects.filter(action="sửa dữ liệu khi bình xét đã khóa").exists()


def test_the_rule_and_the_figures_are_guarded_too(year_a: Year, locked: MeetingLock,
                                                  office_a: Any) -> None:
    def stricter(snap: store.Snapshot) -> None:
        rule = snap.document.setdefault("rule", {})
        rule["quorum"] = ">=3/4" if rule.get("quorum") != ">=3/4" else ">=2/3"

    with pytest.raises(meeting_guard.LockedChange, match="quy tắc"):
        store.change(year_a, office_a, "sửa bộ dữ liệu", "năm 2026", stricter)

    def fewer_present(snap: store.Snapshot) -> None:
        snap.document["meeting"]["absent"] = snap.document["meeting"].get("absent", [])[:-1]

    with pytest.raises(meeting_guard.LockedChange, match="số liệu bình xét"):
        store.change(year_a, office_a, "sửa bộ dữ liệu", "năm 2026", fewer_present)
