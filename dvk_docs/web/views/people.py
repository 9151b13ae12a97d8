"""Tài khoản (office staff manage their organisation's unit accounts) and Nhật ký."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..accounts import AccountError, add_user
from ..models import Membership, Organisation, Role
from ..store import audit
from .base import is_admin, org_view


class AddForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices, initial=Role.DON_VI)
    unit = forms.CharField(label="Đơn vị", required=False, max_length=200,
                           help_text="Với tài khoản đơn vị: tên đơn vị đúng như trong danh sách "
                           "đăng ký (Đơn vị quản lý hoặc Chủ thể).")
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput,
                               help_text="Ít nhất 8 ký tự, không toàn số.")


@org_view()
def accounts(request: HttpRequest, member: Membership, org: Organisation) -> HttpResponse:
    """Office staff manage the organisation's accounts; everyone changes their password."""
    if request.method == "POST" and not member.is_office:
        raise PermissionDenied("Chỉ cán bộ văn phòng tạo được tài khoản")
    form = AddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        if role != Role.DON_VI and not is_admin(member):
            form.add_error("role", "Chỉ quản trị tạo được tài khoản văn phòng hay quản trị")
        else:
            try:
                add_user(form.cleaned_data["username"], org, role,
                         form.cleaned_data["password"], form.cleaned_data["unit"],
                         by=request.user)
            except AccountError as err:
                form.add_error(None, str(err))
            else:
                messages.success(request, f"Đã tạo tài khoản {form.cleaned_data['username']}")
                return redirect("accounts", slug=org.slug)
    people = (org.memberships.select_related("user").order_by("role", "user__username")
              if member.is_office else [])
    password_form = PasswordChangeForm(request.user)
    password_form.fields["old_password"].widget.attrs.pop("autofocus", None)
    return render(request, "dvk_web/accounts.html", {"form": form, "people": people,
                                                     "password_form": password_form})


@org_view(office=True)
@require_POST
def toggle(request: HttpRequest, member: Membership, org: Organisation, pk: int
           ) -> HttpResponse:
    target = get_object_or_404(Membership, pk=pk, organisation=org)
    if target.pk == member.pk or (target.role != Role.DON_VI and not is_admin(member)):
        messages.error(request, "Không đổi được tài khoản này")
        return redirect("accounts", slug=org.slug)
    user = target.user
    user.is_active = not user.is_active
    user.save(update_fields=["is_active"])
    audit(org, request.user, "mở tài khoản" if user.is_active else "khóa tài khoản",
          user.username)
    return redirect("accounts", slug=org.slug)


@org_view()
@require_POST
def password(request: HttpRequest, member: Membership, org: Organisation) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST)
    if form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        audit(org, request.user, "đổi mật khẩu", request.user.username)
        messages.success(request, "Đã đổi mật khẩu")
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("overview", slug=org.slug)


@org_view(office=True)
def audit_log(request: HttpRequest, member: Membership, org: Organisation) -> HttpResponse:
    return render(request, "dvk_web/audit.html", {"entries": org.audit.all()[:300]})
