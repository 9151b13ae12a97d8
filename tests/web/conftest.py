"""Two organisations (the two samples) and their accounts."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client

from dvk_docs.api import samples_dir
from dvk_docs.web import store
from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Organisation, Year

PASSWORD = "mat-khau-thu-2026"


@pytest.fixture
def org_a(db: Any) -> Organisation:
    org = Organisation.objects.create(slug="xa-an-phu", name="Đảng ủy xã An Phú")
    store.import_folder(org, samples_dir() / "xa-an-phu")
    return org


@pytest.fixture
def org_b(db: Any) -> Organisation:
    org = Organisation.objects.create(slug="phuong-hoa-binh", name="UBND phường Hòa Bình")
    store.import_folder(org, samples_dir() / "phuong-hoa-binh")
    return org


@pytest.fixture
def year_a(org_a: Organisation) -> Year:
    return org_a.years.get()


@pytest.fixture
def office_a(org_a: Organisation) -> Any:
    return add_user("vp-a", org_a, "van_phong", PASSWORD)


@pytest.fixture
def admin_a(org_a: Organisation) -> Any:
    return add_user("qt-a", org_a, "admin", PASSWORD)


@pytest.fixture
def unit_name(year_a: Year) -> str:
    return "Chi bộ Cơ quan Mặt trận Tổ quốc xã"


@pytest.fixture
def unit_a(org_a: Organisation, unit_name: str) -> Any:
    return add_user("dv-a", org_a, "don_vi", PASSWORD, unit_name)


@pytest.fixture
def office_b(org_b: Organisation) -> Any:
    return add_user("vp-b", org_b, "van_phong", PASSWORD)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def ca(office_a: Any) -> Client:
    return client_for(office_a)


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def streamed(response: Any) -> bytes:
    """A FileResponse's bytes, closed the way the test client closes its own responses
    (without closing the test's database connection, which PostgreSQL would notice)."""
    from django.core import signals
    from django.db import close_old_connections

    data = b"".join(response.streaming_content)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)
    return data
