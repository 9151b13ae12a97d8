"""Files follow their rows: deleting evidence (asked first, with or without JavaScript), a
year or an organisation removes the files after the commit, never before; `dvk-docs
cleanup` finds and removes files no row refers to."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from dvk_docs.api import samples_dir
from dvk_docs.web import file_cleanup, jobs
from dvk_docs.web.models import Evidence, Job, Organisation, Year

from .test_commands import CLI, _env
from .test_evidence import pdf_bytes, post_file, url


def _upload(ca: Client, org: Organisation, tmp_path: Path, reg_id: str = "DK002") -> Evidence:
    assert post_file(ca, org, reg_id, pdf_bytes(tmp_path), f"{reg_id}.pdf").status_code == 302
    return Evidence.objects.filter(reg_id=reg_id).latest("uploaded")


def _built(year: Year) -> Job:
    job = Job.objects.create(organisation=year.organisation, year=year, revision=year.revision,
                             kind="set", status=Job.Status.DONE)
    job.filename = f"{job.pk}.zip"
    job.save()
    jobs.job_file(job).parent.mkdir(parents=True, exist_ok=True)
    jobs.job_file(job).write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return job


def test_the_page_asks_in_vietnamese_with_and_without_javascript(
        ca: Client, org_a: Organisation, year_a: Year, tmp_path: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    ev = _upload(ca, org_a, tmp_path)
    page = ca.get(url("evidence", org_a)).content.decode()
    assert 'hx-confirm="Xóa minh chứng “DK002.pdf” của DK002?' in page
    assert 'hx-vals=\'{"confirm": "1"}\'' in page
    # no JavaScript: a GET (or the form without confirm) opens the confirm page
    confirm = ca.get(url("evidence_delete", org_a, pk=ev.pk)).content.decode()
    assert "Xóa hẳn" in confirm and 'name="confirm" value="1"' in confirm
    assert "Không xóa, quay lại" in confirm and ev.path().exists()
    # htmx: the dialog asked already; the page is reloaded by HX-Redirect
    with django_capture_on_commit_callbacks(execute=True):
        r = ca.post(url("evidence_delete", org_a, pk=ev.pk), {"confirm": "1"},
                    HTTP_HX_REQUEST="true")
    assert r.status_code == 204 and r["HX-Redirect"].endswith("/nam/2026/minh-chung/")
    assert not ev.path().exists()


def test_the_file_goes_only_when_the_delete_commits(ca: Client, org_a: Organisation,
                                                    year_a: Year, tmp_path: Path,
                                                    django_capture_on_commit_callbacks: Any
                                                    ) -> None:
    ev = _upload(ca, org_a, tmp_path)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            pytest.raises(RuntimeError), transaction.atomic():
        Evidence.objects.get(pk=ev.pk).delete()
        raise RuntimeError("rolled back")
    assert not callbacks and ev.path().exists() and Evidence.objects.filter(pk=ev.pk).exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Evidence.objects.get(pk=ev.pk).delete()
        assert ev.path().exists()  # not before the commit
    for fn in callbacks:
        fn()
    assert not ev.path().exists()


def test_deleting_a_year_or_an_organisation_removes_its_files(
        ca: Client, org_a: Organisation, year_a: Year, tmp_path: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    ev = _upload(ca, org_a, tmp_path)
    job = _built(year_a)
    zip_path = jobs.job_file(job)
    with django_capture_on_commit_callbacks(execute=True):
        year_a.delete()
    assert not ev.path().exists() and not zip_path.exists()
    # an organisation with its years
    from dvk_docs.web import store

    year = store.import_folder(org_a, samples_dir() / "xa-an-phu")
    ev2 = _upload(ca, org_a, tmp_path, "DK003")
    zip2 = jobs.job_file(_built(year))
    with django_capture_on_commit_callbacks(execute=True):
        Organisation.objects.get(pk=org_a.pk).delete()
    assert not ev2.path().exists() and not zip2.exists()


def _old(path: Path) -> Path:
    past = time.time() - 2 * file_cleanup.MIN_AGE_SECONDS
    os.utime(path, (past, past))
    return path


def test_orphans_are_found_and_removed(ca: Client, org_a: Organisation, year_a: Year,
                                       tmp_path: Path) -> None:
    ev = _upload(ca, org_a, tmp_path)
    job = _built(year_a)
    _old(ev.path())
    _old(jobs.job_file(job))
    stray = ev.path().with_name("khong-con-dong.pdf")  # its row is gone
    stray.write_bytes(b"%PDF-1.4")
    _old(stray)
    lost_set = Path(settings.FILES_DIR) / org_a.slug / "00000000-dead-beef-0000-000000000000.zip"
    lost_set.write_bytes(b"PK")
    _old(lost_set)
    fresh = ev.path().with_name("dang-ghi.pdf")  # young: may be a job writing right now
    fresh.write_bytes(b"%PDF-1.4")
    found = file_cleanup.orphans()
    assert stray in found and lost_set in found
    assert ev.path() not in found and jobs.job_file(job) not in found and fresh not in found
    assert file_cleanup.remove(found) == len(found)
    assert not stray.exists() and not lost_set.exists()
    assert ev.path().exists() and jobs.job_file(job).exists() and fresh.exists()


def test_cleanup_command_lists_then_deletes(tmp_path: Path) -> None:
    data = tmp_path / "du-lieu"
    r = subprocess.run([*CLI, "orgs", "import", str(samples_dir() / "xa-an-phu"), "--data",
                        str(data)], capture_output=True, text=True, env=_env())
    assert r.returncode == 0, r.stderr
    stray = data / "media" / "evidence" / "1" / "mo-coi.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF-1.4")
    _old(stray)
    r = subprocess.run([*CLI, "cleanup", "--data", str(data)], capture_output=True, text=True,
                       env=_env())
    assert r.returncode == 0, r.stderr
    assert "media/evidence/1/mo-coi.pdf" in r.stdout and "thêm --delete để xóa" in r.stdout
    assert stray.exists()
    r = subprocess.run([*CLI, "cleanup", "--data", str(data), "--delete"], capture_output=True,
                       text=True, env=_env())
    assert r.returncode == 0 and "Đã xóa 1 file" in r.stdout and not stray.exists()
    r = subprocess.run([*CLI, "cleanup", "--data", str(tmp_path / "khong-co")],
                       capture_output=True, text=True, env=_env())
    assert r.returncode == 1 and "Lỗi: --data" in r.stderr


def test_the_confirm_page_is_as_private_as_the_file(ca: Client, org_a: Organisation,
                                                    year_a: Year, tmp_path: Path,
                                                    office_a: Any, office_b: Any, unit_a: Any
                                                    ) -> None:
    from .conftest import client_for

    ev = _upload(ca, org_a, tmp_path, "DK017")  # the police's model, not the unit_a's
    for c in (client_for(office_b), client_for(unit_a)):
        assert c.get(url("evidence_delete", org_a, pk=ev.pk)).status_code == 404
        assert c.post(url("evidence_delete", org_a, pk=ev.pk),
                      {"confirm": "1"}).status_code == 404
    assert Evidence.objects.filter(pk=ev.pk).exists() and ev.path().exists()
    # CSRF is on: a form from elsewhere without the token is refused
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(office_a)
    assert csrf.post(url("evidence_delete", org_a, pk=ev.pk),
                     {"confirm": "1"}).status_code == 403
    assert Evidence.objects.filter(pk=ev.pk).exists()
