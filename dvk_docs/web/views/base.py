"""Who is asking and what they may see: every view gets its organisation and year here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .. import oversight
from ..models import Membership, Organisation, Role, Year

View = Callable[..., HttpResponse]


def membership_of(request: HttpRequest) -> Membership | None:
    user = request.user
    if not user.is_authenticated:
        return None
    try:
        return user.membership  # type: ignore[union-attr]
    except Membership.DoesNotExist:
        return None


def membership_context(request: HttpRequest) -> dict[str, Any]:
    # the membership the view ran with (a cap_tren account's stand-in in a commune)
    m = getattr(request, "dvk_member", None) or membership_of(request)
    return {"member": m, "org": m.organisation if m else None}


def org_view(office: bool = False, roles: set[str] | None = None) -> Callable[[View], View]:
    """Resolve ``slug`` to the user's own organisation (404 for any other) and check the
    role; the view receives ``member`` and ``org`` instead of ``slug``."""

    def deco(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            m = membership_of(request)
            if m is None:
                raise Http404("Không có tổ chức này")
            if m.organisation.slug != slug:  # only a cap_tren account reading its commune
                m = oversight.visit(request, m, slug)
            oversight.refuse_writes(request, m)
            request.dvk_member = m  # type: ignore[attr-defined]
            if office and not m.is_office:
                raise PermissionDenied("Chỉ cán bộ văn phòng dùng được trang này")
            if roles is not None and m.role not in roles:
                raise PermissionDenied("Tài khoản không có quyền dùng trang này")
            return view(request, m, m.organisation, *args, **kwargs)

        return wrapper

    return deco


def year_of(org: Organisation, year: int) -> Year:
    return get_object_or_404(Year, organisation=org, year=year)


def is_admin(m: Membership) -> bool:
    return m.role == Role.ADMIN


DOWNLOAD_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def download(content: bytes, filename: str) -> HttpResponse:
    """``content`` as a file to save, its type from the name's extension (docx, xlsx, zip)."""
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

