"""District / province accounts (cap_tren): they see their own communes only, read them,
never change them (every POST refused), and download the aggregated Mẫu 1 / Mẫu 2."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, get_resolver

from dvk_docs.api import samples_dir
from dvk_docs.web import jobs
from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Organisation, Year
from dvk_docs.web.models.oversight import attach, below, detach

from .conftest import PASSWORD, client_for
from .test_commands import CLI, _env


@pytest.fixture
def province(org_a: Organisation) -> Organisation:
    """A province over commune A only (commune B is someone else's)."""
    top = Organisation.objects.create(slug="tinh-a", name="Ban Tuyên giáo và Dân vận Tỉnh ủy A")
    attach(top, org_a)
    return top


@pytest.fixture
def overseer(province: Organisation) -> Any:
    return add_user("tinh-a", province, "cap_tren", PASSWORD)


def _urls(org: Organisation) -> list[str]:
    """Every URL of organisation ``org``'s pages (as in test_isolation)."""
    y = org.years.get()
    reg = y.registrations.first()
    job = jobs.start(y, "set", None)
    values = {"slug": org.slug, "year": str(y.year), "kind": "ke_hoach", "reg_id": reg.reg_id,
              "job": str(job.pk), "pk": "1", "period": "nam",
              "revision": str(y.revision), "page": "1"}
    urls = []
    for p in get_resolver().url_patterns:
        if not isinstance(p, URLPattern) or "<slug:slug>" not in str(p.pattern):
            continue
        route = str(p.pattern).replace("<uuid:pk>", str(job.pk))  # a well-formed id
        for name, value in values.items():
            for conv in ("slug", "int", "str", "uuid"):
                route = route.replace(f"<{conv}:{name}>", value)
        assert "<" not in route, route
        urls.append("/" + route)
    return urls


def test_district_page_shows_only_its_communes(overseer: Any, org_b: Organisation) -> None:
    c = client_for(overseer)
    r = c.get("/to-chuc/tinh-a/")
    assert r.status_code == 302 and r["Location"] == "/to-chuc/tinh-a/cap-tren/"
    page = c.get("/to-chuc/tinh-a/cap-tren/").content.decode()
    assert "Đảng ủy xã An Phú" in page and "Hòa Bình" not in page
    assert "Năm 2026: 1 xã, phường" in page
    assert '<td class="num">30</td><td class="num">22</td>' in page
    # B attached too: both, and the totals add up
    attach(Organisation.objects.get(slug="tinh-a"), org_b)
    page = c.get("/to-chuc/tinh-a/cap-tren/").content.decode()
    assert "Năm 2026: 2 xã, phường" in page and "phường Hòa Bình" in page
    assert '<tr class="total"><td>Tổng cộng</td><td class="num">40</td>' in page


def test_cap_tren_reads_its_commune_but_cannot_change_it(overseer: Any, org_a: Organisation,
                                                         office_a: Any) -> None:
    c = client_for(overseer)
    y = org_a.years.get()
    revision = y.revision
    for path in ("", "nam/2026/", "nam/2026/dang-ky/", "nam/2026/thong-ke/",
                 "nam/2026/bao-cao/nam/", "nam/2026/van-ban/", "nam/2026/ke-hoach/"):
        r = c.get(f"/to-chuc/xa-an-phu/{path}")
        assert r.status_code == 200, path
        assert "Tài khoản cấp trên: chỉ xem Đảng ủy xã An Phú" in r.content.decode()
    assert c.get("/to-chuc/xa-an-phu/nam/2026/bao-cao/nam/mau-2.xlsx").status_code == 200
    # pages that only change things, or show the commune's accounts, stay closed
    for path in ("nam-moi/", "tai-khoan/", "nhat-ky/", "nam/2026/dang-ky/tai-len/"):
        assert c.get(f"/to-chuc/xa-an-phu/{path}").status_code == 403, path
    urls = _urls(org_a)
    assert len(urls) >= 30
    for url in urls:  # every form of the commune, sent by the province: refused
        assert c.post(url, {"body": "x", "number": "1"}).status_code == 403, url
    y.refresh_from_db()
    assert y.revision == revision
    assert not org_a.audit.filter(username="tinh-a").exists()
    # its own organisation: nothing to change either (but its own password)
    assert c.post("/to-chuc/tinh-a/tai-khoan/", {"username": "x", "role": "don_vi",
                                                 "password": "abcdefgh123"}).status_code == 403
    assert c.post("/to-chuc/tinh-a/nam-moi/", {"how": "blank", "year": "2026"}
                  ).status_code == 403
    r = c.post("/to-chuc/tinh-a/mat-khau/", {"old_password": PASSWORD,
                                            "new_password1": "mat-khau-moi-2027-x",
                                            "new_password2": "mat-khau-moi-2027-x"})
    assert r.status_code in (200, 302)


def test_cap_tren_never_sees_another_commune(overseer: Any, org_b: Organisation) -> None:
    c = client_for(overseer)
    for url in _urls(org_b):
        for method in ("get", "post"):
            r = getattr(c, method)(url)
            assert r.status_code in (403, 404), (method, url, r.status_code)
            assert "Hòa Bình" not in r.content.decode(errors="replace"), url


def test_a_commune_never_sees_the_province_or_another_commune(office_a: Any, province: Any,
                                                              overseer: Any,
                                                              org_b: Organisation) -> None:
    c = client_for(office_a)
    assert c.get("/to-chuc/tinh-a/cap-tren/").status_code == 404
    assert c.get("/to-chuc/tinh-a/cap-tren/2026/mau-2.xlsx").status_code == 404
    assert c.get("/to-chuc/phuong-hoa-binh/nam/2026/thong-ke/").status_code == 404
    # an office account of its own commune gets no district page either
    assert c.get("/to-chuc/xa-an-phu/cap-tren/").status_code == 403


def test_aggregated_downloads(overseer: Any, province: Organisation, org_b: Organisation
                              ) -> None:
    attach(province, org_b)
    c = client_for(overseer)
    r = c.get("/to-chuc/tinh-a/cap-tren/2026/mau-2.xlsx")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws["A4"].value == "STT" and ws["F5"].value == "KT"
    rows = {ws.cell(i, 2).value: [ws.cell(i, col).value for col in range(3, 14)]
            for i in (7, 8)}
    assert rows["Đảng ủy xã An Phú"] == [30, 22, 8, 8, 8, 7, 7, 12, 12, 6, 24]
    assert rows["UBND phường Hòa Bình"] == [10, 7, 3, 2, 3, 2, 3, 4, 4, 2, 8]
    assert ws.cell(9, 1).value == "Tổng cộng"
    assert [ws.cell(9, col).value for col in range(3, 14)] == [40, 29, 11, 10, 11, 9, 10, 16,
                                                              16, 8, 32]
    r = c.get("/to-chuc/tinh-a/cap-tren/2026/mau-1.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws["B3"].value == "Xã, phường"
    communes = [ws.cell(i, 2).value for i in range(5, ws.max_row + 1)
                if isinstance(ws.cell(i, 1).value, int)]
    assert len(communes) == 40
    assert communes.count("UBND phường Hòa Bình") == 10
    assert ws.cell(ws.max_row, 3).value == "40 mô hình"
    # a year no commune has: back to the page with the reason, no file
    assert c.get("/to-chuc/tinh-a/cap-tren/2019/mau-1.xlsx").status_code == 302


def test_province_over_districts_sees_their_communes(org_a: Organisation,
                                                     org_b: Organisation) -> None:
    province = Organisation.objects.create(slug="tinh", name="Tỉnh")
    district = Organisation.objects.create(slug="huyen", name="Huyện")
    attach(province, district)
    attach(district, org_a)
    assert [o.slug for o in below(province)] == ["xa-an-phu"]  # the district has no years
    assert below(district) == [org_a]
    with pytest.raises(ValidationError):
        attach(org_a, province)  # a loop
    with pytest.raises(ValidationError):
        attach(org_a, org_a)
    attach(province, org_a)  # moved: one parent only
    assert below(district) == []
    assert detach(org_a) and not detach(org_a)


def test_cli_attach_and_cap_tren_user(tmp_path: Path) -> None:
    data = tmp_path / "dvk-data"

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*CLI, *args, "--data", str(data)], input=stdin,
                              capture_output=True, text=True, env=_env())

    assert run("orgs", "import", str(samples_dir() / "xa-an-phu")).returncode == 0
    r = run("orgs", "create", "tinh-b", "--name", "Ban Tuyên giáo và Dân vận Tỉnh ủy B")
    assert r.returncode == 0 and r.stdout.strip() == "tinh-b"
    r = run("orgs", "attach", "tinh-b", "xa-an-phu")
    assert r.returncode == 0 and "Đã gắn xa-an-phu vào tinh-b" in r.stdout
    r = run("orgs", "attach", "xa-an-phu", "tinh-b")
    assert r.returncode == 1 and "không gắn vòng được" in r.stderr
    r = run("orgs", "attach", "tinh-b", "khong-co")
    assert r.returncode == 1 and "không có tổ chức 'khong-co'" in r.stderr
    r = run("users", "add", "tinh.b", "--org", "tinh-b", "--role", "cap_tren",
            "--password-stdin", stdin="mat-khau-rat-manh-2026\n")
    assert r.returncode == 0, r.stderr
    r = run("orgs", "list")
    assert "xa-an-phu\tĐảng ủy xã An Phú (2026; cấp trên: tinh-b)" in r.stdout
    assert run("orgs", "detach", "xa-an-phu").stdout.strip() == "Đã bỏ gắn xa-an-phu"


def test_unloadable_commune_year_is_named_not_fatal(overseer: Any, org_a: Organisation) -> None:
    y = org_a.years.get()
    Year.objects.filter(pk=y.pk).update(document={**y.document, "year": "không phải số"},
                                        revision=y.revision + 1)
    page = client_for(overseer).get("/to-chuc/tinh-a/cap-tren/").content.decode()
    assert "Bộ dữ liệu chưa hợp lệ" in page


def test_district_year_and_like_for_like_comparison(overseer: Any, province: Organisation,
                                                    org_a: Organisation,
                                                    org_b: Organisation) -> None:
    from dvk_docs import api
    from dvk_docs.web import store

    attach(province, org_b)
    nxt = api.rollover_model(store.load_year(org_a.years.get()), year=2027)
    store.create_year(org_a, store.snapshot_of_loaded(nxt.loaded), None, "chuyển năm")
    c = client_for(overseer)
    page = c.get("/to-chuc/tinh-a/cap-tren/").content.decode()
    assert "Năm 2026: 2 xã, phường" in page  # the year both communes have
    page = c.get("/to-chuc/tinh-a/cap-tren/?nam=2027").content.decode()
    assert "Năm 2027: 2 xã, phường" in page and "chưa có năm 2027" in page
    # 2027 against 2026 of An Phú alone (Hòa Bình has no 2027): 30 → 24, not 40 → 24
    assert "mô hình đăng ký (30 → 24)" in page
    assert "Năm 2026 của cùng các xã, phường có số liệu năm 2027." in page


def test_admin_attaches_a_commune_and_refuses_a_loop(org_a: Organisation,
                                                      province: Organisation) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
    c = Client()
    c.force_login(admin)
    assert c.get(f"/quan-tri/dvk_web/organisation/{province.pk}/change/").status_code == 200
    other = Organisation.objects.create(slug="xa-moi", name="Xã Mới")
    r = c.post("/quan-tri/dvk_web/oversight/add/", {"parent": province.pk, "child": other.pk})
    assert r.status_code == 302
    assert other.parent_link.parent == province
    r = c.post("/quan-tri/dvk_web/oversight/add/", {"parent": org_a.pk, "child": province.pk})
    assert r.status_code == 200 and "không gắn vòng được" in r.content.decode()


def test_demo_creates_a_province_account_over_both_samples(db: Any,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    from django.contrib.auth import get_user_model

    from dvk_docs.web.commands import DEMO_PASSWORD, load_demo

    load_demo()
    out = capsys.readouterr().out
    assert "captren-demo  (Ban Tuyên giáo và Dân vận Tỉnh ủy (dùng thử); vai trò cap_tren, " \
           "xem: phuong-hoa-binh, xa-an-phu)" in out
    top = Organisation.objects.get(slug="tinh-demo")
    assert sorted(o.slug for o in below(top)) == ["phuong-hoa-binh", "xa-an-phu"]
    user = get_user_model().objects.get(username="captren-demo")
    assert user.check_password(DEMO_PASSWORD) and user.membership.role == "cap_tren"
    load_demo()  # a second start changes nothing and still prints the account
    assert "captren-demo" in capsys.readouterr().out
    assert top.child_links.count() == 2
