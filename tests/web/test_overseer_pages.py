"""A cap_tren account reads every page of its commune that makes sense to read (submissions,
the council's pages, the number register, evidence, the dossier, downloads, results), sees
them without a form or a button that would change anything, gets 404 in a commune it does
not oversee, and every POST it sends is refused."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from dvk_docs.web import dossier_job, jobs, oversight
from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import Evidence, Job, Organisation, Submission, Year
from dvk_docs.web.models.oversight import attach

from .conftest import PASSWORD, client_for, streamed


@pytest.fixture
def district(org_a: Organisation) -> Organisation:
    top = Organisation.objects.create(slug="huyen-a", name="Ban Dân vận Huyện ủy A")
    attach(top, org_a)
    return top


@pytest.fixture
def reader(district: Organisation) -> Client:
    return client_for(add_user("huyen-a", district, "cap_tren", PASSWORD))


@pytest.fixture
def other_reader(org_b: Organisation) -> Client:
    """A district over commune B only."""
    top = Organisation.objects.create(slug="huyen-b", name="Ban Dân vận Huyện ủy B")
    attach(top, org_b)
    return client_for(add_user("huyen-b", top, "cap_tren", PASSWORD))


def _evidence(y: Year) -> Evidence:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dvk_docs.web.views.evidence import upload

    office = add_user("vp-minh-chung", y.organisation, "van_phong", PASSWORD)
    pdf = _tiny_pdf()
    return upload(office.membership, office, y, y.registrations.first().reg_id, "bao_cao_ky",
                  SimpleUploadedFile("bao-cao.pdf", pdf, content_type="application/pdf"))


def _tiny_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(595, 842)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def readable_urls(y: Year) -> dict[str, str]:
    """One URL per readable page of ``y``'s organisation (URL name → path)."""
    org = y.organisation
    slug, n = org.slug, y.year
    reg = y.registrations.order_by("position").first()
    sub = Submission.objects.create(organisation=org, year=y, unit="Chi bộ thử",
                                    data=dict(reg.data))
    ev = _evidence(y)
    done = Job.objects.create(organisation=org, year=y, revision=y.revision, kind="dossier",
                              status=Job.Status.DONE, filename="x.pdf")
    jobs.job_file(done).parent.mkdir(parents=True, exist_ok=True)
    jobs.job_file(done).write_bytes(_tiny_pdf())
    set_job = Job.objects.create(organisation=org, year=y, revision=y.revision, kind="set",
                                 status=Job.Status.DONE, filename="s.zip")
    jobs.job_file(set_job).write_bytes(b"PK\x05\x06" + b"\0" * 18)
    Y = (slug, n)
    return {
        "overview": reverse("overview", args=[slug]),
        "year": reverse("year", args=Y), "plan": reverse("plan", args=Y),
        "registrations": reverse("registrations", args=Y),
        "registration": reverse("registration", args=[*Y, reg.reg_id]),
        "documents": reverse("documents", args=Y),
        "preview": reverse("preview", args=[*Y, "ke_hoach"]),
        "docx": reverse("docx", args=[*Y, "ke_hoach"]),
        "set_zip": reverse("set_zip", args=Y), "dataset_zip": reverse("dataset_zip", args=Y),
        "mau1_docx": reverse("mau1_docx", args=Y), "mau1_xlsx": reverse("mau1_xlsx", args=Y),
        "job": reverse("job", args=[slug, set_job.pk]),
        "job_download": reverse("job_download", args=[slug, set_job.pk]),
        "reports": reverse("reports", args=Y), "report": reverse("report", args=[*Y, "nam"]),
        "report_xlsx": reverse("report_xlsx", args=[*Y, "nam"]),
        "stats": reverse("stats", args=Y),
        "submissions": reverse("submissions", args=Y),
        "submission": reverse("submission", args=[*Y, sub.pk]),
        "results_entry": reverse("results_entry", args=[*Y, reg.reg_id]),
        "appraisal": reverse("appraisal", args=Y), "meeting": reverse("meeting", args=Y),
        "decision": reverse("decision", args=Y),
        "number_register": reverse("number_register", args=[slug]),
        "evidence": reverse("evidence", args=Y),
        "evidence_download": reverse("evidence_download", args=[*Y, ev.pk]),
        "dossier": reverse("dossier", args=Y),
        "dossier_checklist": reverse("dossier", args=Y) + "?part=checklist",
        "dossier_job": reverse("dossier_job", args=[*Y, done.pk]),
        "dossier_download": reverse("dossier_download", args=[*Y, done.pk]),
    }


class _Writers(HTMLParser):
    """What on a page could change something: a form sent by POST (but logging out), an
    htmx request other than GET, a link to a page of the commune the reader may not open."""

    def __init__(self, readable: set[str]) -> None:
        super().__init__()
        self.readable = readable
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" \
                and not (a.get("action") or "").endswith("/logout/"):
            self.found.append(f"form → {a.get('action') or '(this page)'}")
        for verb in ("hx-post", "hx-put", "hx-patch", "hx-delete"):
            if verb in a:
                self.found.append(f"{verb} {a[verb]}")
        href = a.get("href") or a.get("hx-get")
        if href and href.startswith("/to-chuc/"):
            try:
                name = resolve(href.split("?")[0]).url_name
            except Resolver404:
                self.found.append(f"broken link {href}")
                return
            if name not in self.readable and name != "district":
                self.found.append(f"link to '{name}' ({href})")


def writers(html: str) -> list[str]:
    p = _Writers(oversight.READABLE)
    p.feed(html)
    return p.found


HTML_PAGES = {"overview", "year", "plan", "registrations", "registration", "documents",
              "preview", "job", "reports", "report", "stats", "submissions", "submission",
              "results_entry", "appraisal", "meeting", "decision", "number_register",
              "evidence", "dossier", "dossier_checklist"}


def test_every_readable_page_opens_read_only(reader: Client, year_a: Year,
                                             office_a: Any) -> None:
    urls = readable_urls(year_a)
    assert {k for k in urls if k != "dossier_checklist"} >= oversight.READABLE - {
        "plan_images", "plan_image", "report_docx"}
    revision = year_a.revision
    problems = {}
    for name, url in urls.items():
        htmx = {"HTTP_HX_REQUEST": "true"} if name in {"dossier_checklist", "dossier_job"} else {}
        r = reader.get(url, follow=name == "reports", **htmx)
        assert r.status_code == 200, (name, url, r.status_code)
        if r.streaming:
            streamed(r)
            continue
        if name in HTML_PAGES or htmx:
            found = writers(r.content.decode())
            if found:
                problems[name] = found
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    # the office sees its forms on the same pages (the check above can fail)
    office = client_for(office_a)
    assert writers(office.get(urls["meeting"]).content.decode())
    assert writers(office.get(urls["evidence"]).content.decode())
    year_a.refresh_from_db()
    assert year_a.revision == revision
    assert not year_a.organisation.audit.filter(username="huyen-a").exists()


def test_another_district_gets_404_and_every_post_is_refused(
        reader: Client, other_reader: Client, year_a: Year) -> None:
    urls = readable_urls(year_a)
    revision = year_a.revision
    for name, url in urls.items():
        assert other_reader.get(url).status_code == 404, name
        assert other_reader.post(url).status_code == 404, name
        r = reader.post(url, {"action": "tiep_nhan", "reason": "x", "number": "1"})
        assert r.status_code == 403, (name, r.status_code)
    for name in ("evidence_delete", "dossier_build", "meeting_lock", "submission_reopen",
                 "build_set"):
        args = [year_a.organisation.slug, year_a.year]
        if name == "evidence_delete":
            args.append(Evidence.objects.get(year=year_a).pk)
        assert reader.post(reverse(name, args=args)).status_code == 403, name
    year_a.refresh_from_db()
    assert year_a.revision == revision
    assert Evidence.objects.filter(year=year_a).count() == 1
    assert not Job.objects.filter(kind="dossier", created_by__username="huyen-a").exists()
    assert dossier_job.required()  # the checklist still asks what it asked
