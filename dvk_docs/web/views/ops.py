"""Issue 11's remaining pieces: the plan's Markdown live preview and its printed pages as
images, the rollover checklist kept with the new year, and the office resetting a unit
account's password."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from markdown_it import MarkdownIt

from ...render.md_lint import lint_markdown
from .. import jobs, page_images
from ..models import Membership, Organisation, Role
from ..store import audit
from .base import is_admin, org_view, year_of

# the body as the browser shows it: what the documents print (headings, paragraphs, lists,
# bold, italic, strikethrough, tables); HTML typed in the text is shown as text
_MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
MAX_PREVIEW = 200_000


@org_view(office=True)
@require_POST
def markdown_preview(request: HttpRequest, member: Membership, org: Organisation, year: int
                     ) -> HttpResponse:
    """The Markdown body as typed (htmx, while typing), with what the documents cannot show."""
    year_of(org, year)
    text = request.POST.get("body", "").replace("\r\n", "\n")[:MAX_PREVIEW]
    return render(request, "dvk_web/_markdown_preview.html", {
        "html": _MD.render(text), "notes": lint_markdown(text, "Nội dung"),
        "empty": not text.strip()})


@org_view(office=True)
def plan_images(request: HttpRequest, member: Membership, org: Organisation, year: int
                ) -> HttpResponse:
    """The saved plan's printed pages (htmx fragment): the images, or the job making them."""
    y = year_of(org, year)
    if not y.document.get("documents", {}).get("ke_hoach"):
        return HttpResponse('<p class="muted">Chưa có kế hoạch để in.</p>')
    found, job = page_images.ensure(y, "ke_hoach", request.user, jobs.once)
    return render(request, "dvk_web/_page_images.html", {
        "y": y, "images": found, "job": job,
        "numbers": range(1, found.pages + 1) if found else []})


@org_view(office=True)
def plan_image(request: HttpRequest, member: Membership, org: Organisation, year: int,
               revision: int, page: int) -> HttpResponse:
    y = year_of(org, year)
    path = page_images.folder(y, "ke_hoach", revision) / f"{page}.png"
    if not path.is_file():
        raise Http404("Không có ảnh trang này")
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=31536000, immutable"  # one revision's page
    return response


@org_view(office=True)
def rollover_checklist(request: HttpRequest, member: Membership, org: Organisation, year: int
                       ) -> HttpResponse:
    """The decisions the rollover asked for, answered and saved with the new year."""
    y = year_of(org, year)
    items = list(y.rollover_items.select_related("answered_by"))
    if request.method == "POST":
        changed = 0
        for item in items:
            confirmed = request.POST.get(f"ok-{item.pk}") == "1"
            note = request.POST.get(f"note-{item.pk}", "").strip()[:1000]
            if (confirmed, note) != (item.confirmed, item.note):
                item.confirmed, item.note = confirmed, note
                item.answered_by, item.answered = request.user, timezone.now()
                item.save(update_fields=["confirmed", "note", "answered_by", "answered"])
                changed += 1
        done = sum(1 for i in items if i.confirmed)
        audit(org, request.user, "xác nhận chuyển năm", f"năm {y.year}",
              f"{done}/{len(items)} điểm đã xác nhận")
        messages.success(request, f"Đã lưu ({changed} thay đổi; {done}/{len(items)} điểm "
                         "đã xác nhận)")
        return redirect("rollover_checklist", slug=org.slug, year=y.year)
    return render(request, "dvk_web/rollover_checklist.html", {
        "y": y, "items": items, "done": sum(1 for i in items if i.confirmed), "tab": "nam"})


class ResetForm(forms.Form):
    password = forms.CharField(required=False, max_length=128, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


def new_password() -> str:
    """A one-time password easy to read out on the phone: 3 groups of 4 letters/digits,
    without the look-alikes 0/O, 1/l/I."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


@org_view(office=True)
@require_POST
def reset_password(request: HttpRequest, member: Membership, org: Organisation, pk: int
                   ) -> HttpResponse:
    """Set a unit account's password: the one typed, or a new one shown once."""
    target = get_object_or_404(Membership, pk=pk, organisation=org)
    if target.pk == member.pk:
        raise PermissionDenied("Đổi mật khẩu của mình ở mục 'Đổi mật khẩu của tôi'")
    if target.role != Role.DON_VI and not is_admin(member):
        raise PermissionDenied("Chỉ quản trị đặt lại được mật khẩu tài khoản văn phòng")
    form = ResetForm(request.POST)
    chosen = form.cleaned_data["password"] if form.is_valid() else ""
    user = target.user
    password = chosen or new_password()
    try:
        validate_password(password, user)
    except ValidationError as err:
        messages.error(request, f"Mật khẩu cho {user.username} chưa đủ mạnh: "
                       + "; ".join(err.messages))
        return redirect("accounts", slug=org.slug)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(org, request.user, "đặt lại mật khẩu", user.username,
          "mật khẩu do văn phòng đặt" if chosen else "mật khẩu tạo ngẫu nhiên")
    if chosen:
        messages.success(request, f"Đã đặt mật khẩu mới cho {user.username}")
        return redirect("accounts", slug=org.slug)
    # shown once, in this response only: never stored in a message, the log or the session
    response = render(request, "dvk_web/password_reset_done.html", {
        "target": user, "password": password})
    response["Cache-Control"] = "no-store"
    return response
