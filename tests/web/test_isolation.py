"""Every URL of organisation B, asked by a user of A: 403 or 404, never B's data.
Unit accounts see only their unit's registrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import URLPattern, get_resolver

from dvk_docs.web import jobs
from dvk_docs.web.models import Job, Organisation, Year

from .conftest import client_for, streamed


def _b_urls(org_b: Organisation, job: Job) -> list[str]:
    y = org_b.years.get()
    reg = y.registrations.first()
    values = {"slug": org_b.slug, "year": str(y.year), "kind": "ke_hoach",
              "reg_id": reg.reg_id, "job": str(job.pk), "pk": str(org_b.memberships.first().pk),
"period": "nam",
                            "revision": str(y.revision), "page": "1"}
    urls = []
    for p in get_resolver().url_patterns:
        if not isinstance(p, URLPattern):
            continue
        route = str(p.pattern).replace("<uuid:pk>", str(job.pk))  # a well-formed id
        if "<slug:slug>" not in route:
            continue
        for name, value in values.items():
            route = route.replace(f"<slug:{name}>", value).replace(f"<int:{name}>", value) \
                .replace(f"<str:{name}>", value).replace(f"<uuid:{name}>", value)
        assert "<" not in route, route
        urls.append("/" + route)
    return urls


def test_every_url_of_another_organisation_is_refused(org_a: Any, office_a: Any, org_b: Any,
                                                      office_b: Any) -> None:
    y_b = org_b.years.get()
    job = jobs.start(y_b, "set", office_b)
    assert job.status == Job.Status.DONE
    c = client_for(office_a)
    urls = _b_urls(org_b, job)
    assert len(urls) >= 25
    secret = "Hòa Bình"
    for url in urls:
        for method in ("get", "post"):
            r = getattr(c, method)(url)
            assert r.status_code in (403, 404), (method, url, r.status_code)
            assert secret not in r.content.decode(errors="replace"), url
    # the same URLs work for B's own office (the test is not vacuous)
    own = client_for(office_b)
    assert own.get(f"/to-chuc/{org_b.slug}/nam/{y_b.year}/dang-ky/").status_code == 200
    r = own.get(f"/to-chuc/{org_b.slug}/viec/{job.pk}/tai-ve/")
    assert r.status_code == 200
    assert streamed(r)[:2] == b"PK"


def test_unit_account_sees_only_its_unit(year_a: Year, unit_a: Any, unit_name: str,
                                         office_a: Any) -> None:
    c = client_for(unit_a)
    page = c.get("/to-chuc/xa-an-phu/nam/2026/dang-ky/").content.decode()
    mine = year_a.registrations.filter(unit_key=unit_name)
    others = year_a.registrations.exclude(unit_key=unit_name)
    assert mine.exists() and others.exists()
    for r in mine:
        assert f">{r.reg_id}<" in page
    for r in others:
        assert f">{r.reg_id}<" not in page
    other = others.first()
    assert c.get(f"/to-chuc/xa-an-phu/nam/2026/dang-ky/{other.reg_id}/").status_code == 404
    # office pages are closed to a unit account
    for path in ("van-ban/", "ke-hoach/", "bo-van-ban.zip", "du-lieu.zip", "dang-ky/tai-len/"):
        assert c.get(f"/to-chuc/xa-an-phu/nam/2026/{path}").status_code == 403, path
    page = c.get("/to-chuc/xa-an-phu/tai-khoan/").content.decode()
    assert "Đổi mật khẩu của tôi" in page and "vp-a" not in page  # only their own password
    assert c.post("/to-chuc/xa-an-phu/tai-khoan/", {"username": "x", "role": "don_vi",
                                                    "password": "abcdefgh123"}).status_code == 403
    assert c.get("/to-chuc/xa-an-phu/nhat-ky/").status_code == 403


def test_unit_account_registers_for_its_own_unit(year_a: Year, unit_a: Any, unit_name: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from dvk_docs.web import submissions
    from dvk_docs.web.models import Submission

    monkeypatch.setattr(submissions, "today", lambda: dt.date(2026, 2, 1))  # before the deadline
    c = client_for(unit_a)
    r = c.post("/to-chuc/xa-an-phu/nam/2026/dang-ky/moi/", {
        "registrant": "Chi hội Phụ nữ thôn 9", "kind": "tap_the",
        "model_name": "Bếp ăn tình thương",
        "linh_vuc": "VHXH", "status": "moi", "expected_results": "Mỗi tuần 50 suất ăn",
        "unit": "Đơn vị khác (bị bỏ qua)"})
    assert r.status_code == 302
    # a unit's phiếu waits for the office (tests/web/test_workflow.py), for its own unit
    sub = Submission.objects.get(data__model_name="Bếp ăn tình thương")
    assert sub.unit == unit_name and sub.data["unit"] == unit_name
    assert not year_a.registrations.filter(model_name="Bếp ăn tình thương").exists()
