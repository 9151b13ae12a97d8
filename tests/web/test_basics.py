"""Health check, login (fields, throttling), CSRF, DEBUG off, security headers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client

from .conftest import PASSWORD


def test_healthz_names_the_database(db: Any) -> None:
    r = Client().get("/healthz")
    assert r.status_code == 200
    data = r.json()
    assert data["status"] == "ok"
    expected = "postgresql" if "postgres" in settings.DATABASES["default"]["ENGINE"] \
        else "sqlite"
    assert data["database"] == expected


def test_login_form_has_username_and_password_and_logs_in(office_a: Any) -> None:
    c = Client()
    page = c.get("/accounts/login/").content.decode()
    assert 'name="username"' in page and 'name="password"' in page
    r = c.post("/accounts/login/", {"username": "vp-a", "password": PASSWORD}, follow=True)
    assert r.redirect_chain[-1][0] == "/to-chuc/xa-an-phu/"
    assert "Tổng quan" in r.content.decode()


def test_pages_need_login(org_a: Any) -> None:
    r = Client().get("/to-chuc/xa-an-phu/nam/2026/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_login_is_throttled_after_repeated_failures(office_a: Any) -> None:
    c = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = c.post("/accounts/login/", {"username": "vp-a", "password": "sai"})
        assert r.status_code == 200
        assert "Đăng nhập" in r.content.decode()
    r = c.post("/accounts/login/", {"username": "vp-a", "password": "sai"})
    assert r.status_code == 429
    # now even the right password is refused for a while
    r = c.post("/accounts/login/", {"username": "vp-a", "password": PASSWORD})
    assert r.status_code == 429
    assert "Tạm khóa" in r.content.decode()


def test_csrf_is_enforced(office_a: Any) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(office_a)
    r = c.post("/to-chuc/xa-an-phu/nam/2026/bo-van-ban/")
    assert r.status_code == 403


def test_debug_off_and_security_headers(ca: Client) -> None:
    assert settings.DEBUG is False
    r = ca.get("/to-chuc/xa-an-phu/")
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in r["Content-Security-Policy"]
    assert r["Referrer-Policy"] == "same-origin"
    assert "no-store" in r["Cache-Control"]
