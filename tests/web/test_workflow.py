"""Online registration: a unit's phiếu is a submission until the office accepts it; the
deadline closes the form unless the office reopens it for that unit; every step is in the
history; units and other organisations never see or change what is not theirs."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client

from dvk_docs.web import submissions as wf
from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import AuditEntry, Submission, SubmissionStatus, Year

from .conftest import PASSWORD, client_for

Y = "/to-chuc/xa-an-phu/nam/2026/"
S = SubmissionStatus
PHIEU = {"registrant": "Chi hội Phụ nữ thôn 9", "kind": "tap_the",
         "model_name": "Bếp ăn tình thương", "linh_vuc": "VHXH", "status": "moi",
         "expected_results": "Mỗi tuần 50 suất ăn", "unit": "Đơn vị khác (bị bỏ qua)"}


def set_deadline(y: Year, day: dt.date | None) -> None:
    deadlines = y.document.setdefault("deadlines", {})
    if day is None:
        deadlines.pop(wf.deadline_key(), None)
    else:
        deadlines[wf.deadline_key()] = day.isoformat()
    y.save()


TODAY = dt.date(2026, 2, 1)  # before the sample's deadline (deadlines.dang_ky: 2026-02-10)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wf, "today", lambda: TODAY)


@pytest.fixture
def open_year(year_a: Year) -> Year:
    set_deadline(year_a, TODAY + dt.timedelta(days=10))
    return year_a


@pytest.fixture
def cu(unit_a: Any) -> Client:
    return client_for(unit_a)


@pytest.fixture
def unit_other(org_a: Any) -> Any:
    return add_user("dv-khac", org_a, "don_vi", PASSWORD, "Đoàn Thanh niên xã")


def submit(c: Client, **extra: str) -> Submission:
    before = set(Submission.objects.values_list("pk", flat=True))
    r = c.post(Y + "dang-ky/moi/", {**PHIEU, **extra})
    assert r.status_code == 302, r.content.decode()[:3000]
    return Submission.objects.exclude(pk__in=before).get()


def test_unit_submission_waits_outside_the_dataset(open_year: Year, cu: Client,
                                                   unit_name: str) -> None:
    n, rev = open_year.registrations.count(), open_year.revision
    sub = submit(cu)
    assert sub.status == S.CHO and sub.unit == unit_name and sub.data["unit"] == unit_name
    open_year.refresh_from_db()
    assert open_year.registrations.count() == n and open_year.revision == rev
    assert not open_year.registrations.filter(model_name="Bếp ăn tình thương").exists()
    page = cu.get(Y + "phieu/").content.decode()
    assert "Bếp ăn tình thương" in page and "Chờ tiếp nhận" in page
    assert [e.action for e in sub.events.all()] == ["nop"]


def test_submission_errors_show_beside_the_field(open_year: Year, cu: Client) -> None:
    r = cu.post(Y + "dang-ky/moi/", {**PHIEU, "date": "31/02/2026"})
    assert r.status_code == 200
    page = r.content.decode()
    field = page[page.index('id="f-date"'):]
    field = field[:field.index("</div>")]
    assert "không tồn tại" in field or "28 ngày" in field, field
    assert not Submission.objects.exists()


def test_return_correct_resubmit_accept(open_year: Year, cu: Client, ca: Client,
                                        unit_name: str) -> None:
    sub = submit(cu)
    url = Y + f"phieu/{sub.pk}/"
    # a reason is required
    ca.post(url, {"action": "tra_lai", "reason": "  "})
    sub.refresh_from_db()
    assert sub.status == S.CHO
    ca.post(url, {"action": "tra_lai", "reason": "Ghi rõ số suất ăn mỗi tuần của thôn"})
    sub.refresh_from_db()
    assert sub.status == S.TRA_LAI and "số suất ăn" in sub.reason
    page = cu.get(Y + "phieu/").content.decode()
    assert "Trả lại" in page and "Ghi rõ số suất ăn mỗi tuần của thôn" in page
    # the office cannot accept a returned phiếu
    ca.post(url, {**PHIEU, "action": "tiep_nhan"})
    sub.refresh_from_db()
    assert sub.status == S.TRA_LAI and not sub.reg_id
    r = cu.post(url, {**PHIEU, "expected_results": "Mỗi tuần 80 suất ăn", "action": "luu"})
    assert r.status_code == 302
    sub.refresh_from_db()
    assert sub.status == S.CHO and sub.data["expected_results"] == "Mỗi tuần 80 suất ăn"
    n = open_year.registrations.count()
    r = ca.post(url, {**PHIEU, "expected_results": "Mỗi tuần 80 suất ăn",
                      "registrant": "Chi hội Phụ nữ thôn 9 (xã An Phú)", "action": "tiep_nhan"})
    assert r.status_code == 302
    sub.refresh_from_db()
    assert sub.status == S.DA and sub.reg_id == f"DK{n + 1:03d}"
    reg = open_year.registrations.get(reg_id=sub.reg_id)
    assert reg.unit_key == unit_name
    assert reg.data["registrant"] == "Chi hội Phụ nữ thôn 9 (xã An Phú)"
    assert AuditEntry.objects.filter(action="tiếp nhận phiếu đăng ký").exists()
    actions = [e.action for e in sub.events.all()]
    assert actions == ["nop", "tra_lai", "nop_lai", "vp_sua", "tiep_nhan"]
    resubmit = sub.events.get(action="nop_lai")
    assert resubmit.changes == [{"field": "expected_results", "label": "Dự kiến kết quả",
                                 "before": "Mỗi tuần 50 suất ăn",
                                 "after": "Mỗi tuần 80 suất ăn"}]
    history = ca.get(url).content.decode()
    assert "Ghi rõ số suất ăn mỗi tuần của thôn" in history and "dv-a" in history
    assert "Mỗi tuần 50 suất ăn" in history and "vp-a" in history


def test_accepted_cannot_be_changed_by_the_unit(open_year: Year, cu: Client,
                                                ca: Client) -> None:
    sub = submit(cu)
    ca.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "action": "tiep_nhan"})
    sub.refresh_from_db()
    assert sub.status == S.DA
    r = cu.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "model_name": "Đổi tên", "action": "luu"})
    assert r.status_code == 403
    assert cu.post(Y + f"dang-ky/{sub.reg_id}/", {**PHIEU, "model_name": "Đổi tên"}
                   ).status_code == 403
    assert cu.post(Y + f"dang-ky/{sub.reg_id}/xoa/").status_code == 403
    sub.refresh_from_db()
    assert sub.data["model_name"] == "Bếp ăn tình thương"
    assert open_year.registrations.get(reg_id=sub.reg_id).model_name == "Bếp ăn tình thương"
    with pytest.raises(wf.WorkflowError):
        wf.correct(sub, None, {**PHIEU}, {})
    # accepted twice never adds twice
    with pytest.raises(wf.WorkflowError):
        wf.accept(sub, None)
    assert open_year.registrations.filter(model_name="Bếp ăn tình thương").count() == 1


def test_office_edit_of_accepted_registration_shows_on_the_submission(
        open_year: Year, cu: Client, ca: Client) -> None:
    sub = submit(cu)
    ca.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "action": "tiep_nhan"})
    sub.refresh_from_db()
    r = ca.post(Y + f"dang-ky/{sub.reg_id}/", {**PHIEU, "model_name": "Bếp ăn 0 đồng"})
    assert r.status_code == 302
    page = cu.get(Y + f"phieu/{sub.pk}/").content.decode()
    assert "Bếp ăn 0 đồng" in page  # what the year holds now, not the old copy
    ca.post(Y + f"dang-ky/{sub.reg_id}/xoa/")
    assert "không còn trong danh sách" in cu.get(Y + f"phieu/{sub.pk}/").content.decode()


def test_deadline_closes_the_form_until_reopened(year_a: Year, cu: Client, ca: Client,
                                                 unit_name: str, unit_other: Any) -> None:
    set_deadline(year_a, TODAY - dt.timedelta(days=1))
    closed = year_a.document["deadlines"]["dang_ky"]
    day = dt.date.fromisoformat(closed)
    page = cu.get(Y + "dang-ky/moi/").content.decode()
    assert "Đã hết hạn đăng ký" in page and f"{day:%d/%m/%Y}" in page
    assert 'name="model_name"' not in page
    assert cu.post(Y + "dang-ky/moi/", PHIEU).status_code == 403
    assert not Submission.objects.exists()
    # the office reopens for this unit only, until a date
    until = TODAY + dt.timedelta(days=3)
    ca.post(Y + "phieu/mo-lai/", {"unit": unit_name, "until": until.isoformat()})
    assert submit(cu).status == S.CHO
    assert "mở lại" in cu.get(Y + "dang-ky/moi/").content.decode()
    other = client_for(unit_other)
    assert other.post(Y + "dang-ky/moi/", PHIEU).status_code == 403
    # a reopening that has ended closes again
    wf.reopen(year_a, None, unit_name, TODAY - dt.timedelta(days=1))
    assert cu.post(Y + "dang-ky/moi/", PHIEU).status_code == 403
    # no deadline in the plan: open
    set_deadline(year_a, None)
    assert wf.window(year_a, unit_name).open


def test_deadline_key_is_a_setting(year_a: Year, settings: Any, unit_name: str) -> None:
    year_a.document.setdefault("deadlines", {})["han_rieng"] = "2026-01-05"
    year_a.save()
    settings.REGISTRATION_DEADLINE_KEY = "han_rieng"
    assert wf.deadline_of(year_a) == dt.date(2026, 1, 5)
    assert not wf.window(year_a, unit_name, on=dt.date(2026, 1, 6)).open
    assert wf.window(year_a, unit_name, on=dt.date(2026, 1, 5)).open


def test_returned_phiefu_can_be_corrected_after_the_deadline(open_year: Year, cu: Client,
                                                             ca: Client) -> None:
    sub = submit(cu)
    ca.post(Y + f"phieu/{sub.pk}/", {"action": "tra_lai", "reason": "Thiếu địa bàn"})
    set_deadline(open_year, TODAY - dt.timedelta(days=1))
    r = cu.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "location": "Thôn 9", "action": "luu"})
    assert r.status_code == 302
    sub.refresh_from_db()
    assert sub.status == S.CHO and sub.data["location"] == "Thôn 9"


def test_units_and_other_organisations_are_isolated(open_year: Year, cu: Client,
                                                    unit_other: Any, office_b: Any) -> None:
    sub = submit(cu)
    other = client_for(unit_other)
    assert "Bếp ăn tình thương" not in other.get(Y + "phieu/").content.decode()
    assert other.get(Y + f"phieu/{sub.pk}/").status_code == 404
    assert other.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "action": "luu"}).status_code == 404
    # a unit is not the office
    assert cu.post(Y + f"phieu/{sub.pk}/", {"action": "tra_lai", "reason": "x"}
                   ).status_code == 403
    assert cu.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "action": "tiep_nhan"}).status_code == 403
    assert cu.post(Y + "phieu/mo-lai/", {"unit": "x", "until": "2099-01-01"}).status_code == 403
    b = client_for(office_b)
    for path in ("phieu/", f"phieu/{sub.pk}/", "dang-ky/moi/"):
        assert b.get(Y + path).status_code == 404, path
    assert b.post(Y + f"phieu/{sub.pk}/", {"action": "tra_lai", "reason": "x"}
                  ).status_code == 404
    sub.refresh_from_db()
    assert sub.status == S.CHO
    # B's office on its own year sees no submission of A
    yb = office_b.membership.organisation.years.get()
    page = b.get(f"/to-chuc/phuong-hoa-binh/nam/{yb.year}/phieu/").content.decode()
    assert "Bếp ăn tình thương" not in page


def test_unit_enters_actual_results_as_the_achievement_report(
        open_year: Year, cu: Client, ca: Client, unit_other: Any) -> None:
    sub = submit(cu)
    ca.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "action": "tiep_nhan"})
    sub.refresh_from_db()
    url = Y + f"phieu/ket-qua/{sub.reg_id}/"
    assert client_for(unit_other).get(url).status_code == 404
    r = cu.post(url, {"achievements": "Nấu 3.200 suất ăn cho người bệnh trong năm",
                      "figures": "Sai dòng không có dấu hai chấm"})
    assert r.status_code == 200 and "thiếu dấu" in r.content.decode()
    r = cu.post(url, {"achievements": "Nấu 3.200 suất ăn cho người bệnh trong năm",
                      "figures": "Số suất ăn: 3.200\nSố tình nguyện viên: 45 người",
                      "date": "15/10/2026"})
    assert r.status_code == 302
    open_year.refresh_from_db()
    entry = open_year.document["achievements"][sub.reg_id]
    assert entry["achievements"] == "Nấu 3.200 suất ăn cho người bệnh trong năm"
    assert entry["figures"][1] == {"label": "Số tình nguyện viên", "value": "45 người"}
    assert entry["date"] == "2026-10-15"
    # the library reads it as the model's achievements (results, not the targets)
    loaded = wf.store.load_year(open_year)
    ach = loaded.data.achievements[sub.reg_id]
    assert "3.200 suất" in ach.achievements and "50 suất" not in ach.achievements
    # and the báo cáo thành tích of that model carries the results, not the targets
    from docx import Document

    from dvk_docs.web.renderer import render_docx

    from ..docx_helpers import all_text

    with wf.store.open_year(open_year) as (folder, _l):
        content = render_docx(folder, "bao_cao_thanh_tich", sub.reg_id)
    text = all_text(Document(io.BytesIO(content)))
    assert "Nấu 3.200 suất ăn cho người bệnh trong năm" in text
    assert "Số tình nguyện viên" in text and "45 người" in text
    assert "Mỗi tuần 50 suất ăn" not in text


def test_unit_registrations_page_leads_to_results_not_to_editing(
        year_a: Year, cu: Client, unit_name: str, office_b: Any) -> None:
    mine = year_a.registrations.filter(unit_key=unit_name).first()
    page = cu.get(Y + "dang-ky/").content.decode()
    assert f"phieu/ket-qua/{mine.reg_id}/" in page and f"dang-ky/{mine.reg_id}/\"" not in page
    assert cu.get(Y + f"phieu/ket-qua/{mine.reg_id}/").status_code == 200
    other = year_a.registrations.exclude(unit_key=unit_name).first()
    assert cu.get(Y + f"phieu/ket-qua/{other.reg_id}/").status_code == 404
    assert client_for(office_b).get(Y + f"phieu/ket-qua/{mine.reg_id}/").status_code == 404


def test_a_step_on_a_stale_page_is_refused(open_year: Year, cu: Client, ca: Client) -> None:
    sub = submit(cu)
    page = ca.get(Y + f"phieu/{sub.pk}/").content.decode()
    assert 'name="seen" value="1"' in page  # the office's page shows one step
    # meanwhile the unit corrects its phiếu
    cu.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "expected_results": "Mỗi tuần 90 suất",
                                     "action": "luu", "seen": "1"})
    sub.refresh_from_db()
    assert sub.data["expected_results"] == "Mỗi tuần 90 suất"
    # the office accepts from its old page: refused, the unit's correction is not overwritten
    r = ca.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "action": "tiep_nhan", "seen": "1"},
                follow=True)
    assert "vừa được người khác sửa" in r.content.decode()
    sub.refresh_from_db()
    assert sub.status == S.CHO and sub.data["expected_results"] == "Mỗi tuần 90 suất"
    assert not open_year.registrations.filter(model_name="Bếp ăn tình thương").exists()
    ca.post(Y + f"phieu/{sub.pk}/", {**PHIEU, "expected_results": "Mỗi tuần 90 suất",
                                     "action": "tiep_nhan", "seen": "2"})
    sub.refresh_from_db()
    assert sub.status == S.DA
