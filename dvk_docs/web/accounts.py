"""Accounts: one function used by the command line and the Tài khoản page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ..errors import DvkError
from .models import Membership, Organisation, Role


class AccountError(DvkError):
    """An account that cannot be created as asked."""


def add_user(name: str, org: Organisation, role: str, password: str, unit: str = "",
             by: Any = None) -> Any:
    User = get_user_model()
    name = name.strip()
    if role not in Role.values:
        raise AccountError(f"vai trò '{role}' không có; dùng: {', '.join(Role.values)}")
    if role == Role.DON_VI and not unit.strip():
        raise AccountError("tài khoản đơn vị cần tên đơn vị (--unit), đúng như cột "
                           "'Đơn vị quản lý' / 'Chủ thể' trong danh sách đăng ký")
    if not name:
        raise AccountError("cần tên đăng nhập")
    if User.objects.filter(username=name).exists():
        raise AccountError(f"tên đăng nhập '{name}' đã có")
    try:
        validate_password(password)
    except ValidationError as err:
        raise AccountError("mật khẩu chưa đủ mạnh: " + "; ".join(err.messages)) from None
    with transaction.atomic():
        user = User.objects.create_user(username=name, password=password)
        Membership.objects.create(user=user, organisation=org, role=role,
                                  unit=unit.strip() if role == Role.DON_VI else "")
    from .store import audit

    audit(org, by, "thêm tài khoản", name, f"vai trò {role}" + (f", đơn vị {unit}"
                                                                  if unit else ""))
    return user


class Backend(ModelBackend):
    """Django's password backend, loading a signed-in user's membership and organisation
    in the same query: every page needs them (two queries fewer per request)."""

    def get_user(self, user_id: Any) -> Any:
        User = get_user_model()
        try:
            user = (User._default_manager.select_related("membership__organisation")
                    .get(pk=user_id))
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
