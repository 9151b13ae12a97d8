"""Links that start work on GET ('Tải bộ văn bản (.zip)', the plan's printed pages): repeated
opens — reloads, another tab, a cap_tren account reading — reuse the one job of the year's
current revision and kind; a new revision gets a new one; a reader changes no data."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from dvk_docs.web import jobs, page_images, store
from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import AuditEntry, Job, Organisation, Year
from dvk_docs.web.models.oversight import attach

from .conftest import PASSWORD, client_for, streamed, unzip


@pytest.fixture
def reader(org_a: Organisation) -> Client:
    top = Organisation.objects.create(slug="huyen-a", name="Ban Dân vận Huyện ủy A")
    attach(top, org_a)
    return client_for(add_user("huyen-a", top, "cap_tren", PASSWORD))


def _zip(c: Client, y: Year) -> Any:
    return c.get(reverse("set_zip", args=[y.organisation.slug, y.year]))


def _retitle(y: Year) -> None:
    def edit(snap: store.Snapshot) -> None:
        snap.document["documents"]["ke_hoach"]["subject"] = "Kế hoạch đã sửa"

    store.change(y, None, "sửa", "", edit)


def test_set_zip_builds_once_per_revision(ca: Client, reader: Client, year_a: Year) -> None:
    first = _zip(ca, year_a)
    assert first.status_code == 200 and any(n.endswith(".docx") for n in unzip(streamed(first)))
    for c in (ca, reader, ca):  # reloads, and the district reading: the same file
        r = _zip(c, year_a)
        assert r.status_code == 200
        streamed(r)
    assert Job.objects.filter(year=year_a, kind="set").count() == 1
    _retitle(year_a)
    streamed(_zip(reader, year_a))
    streamed(_zip(ca, year_a))
    year_a.refresh_from_db()
    assert list(Job.objects.filter(year=year_a, kind="set").values_list("revision", flat=True)
                .order_by("revision")) == [year_a.revision - 1, year_a.revision]


def test_a_big_year_waits_on_one_background_job(ca: Client, reader: Client, year_a: Year,
                                                monkeypatch: Any) -> None:
    started: list[str] = []
    monkeypatch.setattr(jobs, "run_job", SimpleNamespace(enqueue=started.append))
    with override_settings(SYNC_SET_MAX_REGISTRATIONS=0):
        for c in (ca, ca, reader, ca):
            r = _zip(c, year_a)
            assert r.status_code == 302 and "/viec/" in r["Location"]
    job = Job.objects.get(year=year_a, kind="set")
    assert started == [str(job.pk)] and r["Location"].endswith(f"/viec/{job.pk}/")
    assert reader.get(r["Location"]).status_code == 200  # the district waits on it too


def test_a_reader_changes_nothing_of_the_commune(reader: Client, year_a: Year,
                                                 monkeypatch: Any) -> None:
    monkeypatch.setattr(page_images, "build", lambda job: None)  # no LibreOffice here
    revision = year_a.revision
    audit = AuditEntry.objects.filter(organisation=year_a.organisation).count()
    streamed(_zip(reader, year_a))
    reader.get(reverse("plan_images", args=[year_a.organisation.slug, year_a.year]))
    year_a.refresh_from_db()
    assert year_a.revision == revision
    assert AuditEntry.objects.filter(organisation=year_a.organisation).count() == audit
    assert year_a.registrations.count() == 30


def test_a_failed_page_image_job_is_shown_not_restarted(ca: Client, year_a: Year,
                                                        monkeypatch: Any) -> None:
    calls: list[int] = []

    def broken(job: Job) -> None:
        calls.append(job.revision)
        from dvk_docs.errors import DvkError

        raise DvkError("LibreOffice không chạy được")

    monkeypatch.setattr(page_images, "build", broken)
    url = reverse("plan_images", args=[year_a.organisation.slug, year_a.year])
    for _ in range(3):
        frag = ca.get(url).content.decode()
        assert "LibreOffice không chạy được" in frag
    assert len(calls) == 1 and Job.objects.filter(kind="page_png").count() == 1
    _retitle(year_a)  # a new revision: tried again
    ca.get(url)
    assert len(calls) == 2


def test_the_link_waits_on_the_set_the_office_started(ca: Client, reader: Client,
                                                      year_a: Year, monkeypatch: Any) -> None:
    started: list[str] = []
    monkeypatch.setattr(jobs, "run_job", SimpleNamespace(enqueue=started.append))
    r = ca.post(reverse("build_set", args=["xa-an-phu", 2026]))  # queued, not run yet
    job = Job.objects.get(kind="set")
    assert job.params == {"allow_inconsistent": False} and started == [str(job.pk)]
    for c in (ca, reader):
        r = _zip(c, year_a)
        assert r.status_code == 302 and r["Location"].endswith(f"/viec/{job.pk}/")
    assert Job.objects.filter(kind="set").count() == 1 and len(started) == 1
