"""What a ``cap_tren`` (district, province) account may do: read the pages of the communes
below its organisation, never change anything.

:func:`dvk_docs.web.views.base.org_view` asks :func:`visit` when someone opens another
organisation's page: a ``cap_tren`` account gets a read-only stand-in membership of a commune
it oversees for the pages named in :data:`READABLE` (GET only); everyone else gets 404.
Every other request of a ``cap_tren`` account that is not a GET is refused
(:func:`refuse_writes`), except changing its own password.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Membership, Role
from .models.oversight import oversees

SAFE_METHODS = {"GET", "HEAD"}
# pages of a commune a cap_tren account reads (URL names); anything else stays closed
READABLE = {
    "overview", "year", "plan", "plan_images", "plan_image", "registrations", "registration",
    "documents", "preview", "docx", "set_zip", "dataset_zip", "mau1_docx", "mau1_xlsx", "job",
    "job_download", "reports", "report", "report_docx", "report_xlsx", "stats",
    # the online phiếu and the actual results (read, never accepted or returned)
    "submissions", "submission", "results_entry",
    # the council's work and the number register
    "appraisal", "meeting", "decision", "number_register",
    # evidence, the dossier with its checklist, the built dossier
    "evidence", "evidence_download", "dossier", "dossier_job", "dossier_download",
}
# its own pages a cap_tren account may send a form to (its password; the .docx checker,
# which stores nothing)
OWN_WRITES = {"password", "check"}


def _url_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match is not None and match.url_name else ""


def visit(request: HttpRequest, member: Membership, slug: str) -> Membership:
    """The stand-in membership with which ``member`` reads organisation ``slug``."""
    if member.role != Role.CAP_TREN:
        raise Http404("Không có tổ chức này")
    commune = oversees(member.organisation, slug)
    if commune is None:
        raise Http404("Không có tổ chức này")
    if request.method not in SAFE_METHODS:
        raise PermissionDenied("Tài khoản cấp trên chỉ xem, không sửa dữ liệu của xã")
    if _url_name(request) not in READABLE:
        raise PermissionDenied("Tài khoản cấp trên không dùng được trang này của xã")
    stand_in = Membership(user=member.user, organisation=commune, role=Role.CAP_TREN)
    stand_in.visiting = True
    return stand_in


def refuse_writes(request: HttpRequest, member: Membership) -> None:
    """A cap_tren account changes nothing, in its own organisation either."""
    if (member.role == Role.CAP_TREN and request.method not in SAFE_METHODS
            and _url_name(request) not in OWN_WRITES):
        raise PermissionDenied("Tài khoản cấp trên chỉ xem, không sửa dữ liệu")
