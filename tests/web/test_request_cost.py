"""What one page costs the server: the unit's busiest pages under many units at once (issue
12's 50-unit benchmark) stay within a few queries, the signed-in user's membership and
organisation come with the user, and the session is read through the cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dvk_docs.web.models import Submission

from .conftest import PASSWORD
from .test_workflow import PHIEU, Y, fixed_today, open_year  # noqa: F401 (fixtures)

# before the deadline, the form open (test_workflow's fixtures)
pytestmark = pytest.mark.usefixtures("fixed_today", "open_year")


def logged_in(user: Any) -> Client:
    """Signed in through the login form, as a person is (the session names the backend
    that checked the password)."""
    c = Client()
    r = c.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 302, r.content.decode()[:500]
    return c


@pytest.mark.parametrize(("path", "most"), [("phieu/", 4), ("dang-ky/moi/", 3)])
def test_unit_pages_take_few_queries(unit_a: Any, path: str, most: int,
                                     django_assert_max_num_queries: Any) -> None:
    c = logged_in(unit_a)
    c.get(Y + path)  # the session is now in the cache
    with django_assert_max_num_queries(most):
        r = c.get(Y + path)
    assert r.status_code == 200
    assert "Chi bộ Cơ quan Mặt trận Tổ quốc xã" in r.content.decode()


def test_submit_and_its_page_take_few_queries(unit_a: Any,
                                              django_assert_max_num_queries: Any) -> None:
    c = logged_in(unit_a)
    c.get(Y + "dang-ky/moi/")
    with django_assert_max_num_queries(9):
        r = c.post(Y + "dang-ky/moi/", PHIEU)
    assert r.status_code == 302
    sub = Submission.objects.get()
    with django_assert_max_num_queries(6):
        page = c.get(r["Location"])
    assert PHIEU["model_name"] in page.content.decode()
    assert sub.unit == unit_a.membership.unit


def test_a_deactivated_account_is_signed_out_on_its_next_page(unit_a: Any) -> None:
    c = logged_in(unit_a)
    assert c.get(Y + "phieu/").status_code == 200
    unit_a.is_active = False
    unit_a.save()
    r = c.get(Y + "phieu/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_logout_ends_the_session_although_it_was_cached(unit_a: Any) -> None:
    c = logged_in(unit_a)
    assert c.get(Y + "phieu/").status_code == 200
    stolen = c.cookies["sessionid"].value
    c.post("/accounts/logout/")
    other = Client()
    other.cookies["sessionid"] = stolen
    r = other.get(Y + "phieu/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
