"""What the web application stores.

A :class:`Year` holds one year's dataset exactly as the library's dataset model holds it
(``document``: every section except the registrations, as the model dumps it; ``plan_body``:
the plan's Markdown body), and its registrations are rows of :class:`Registration` (``data``:
the model's dump of one registration). :mod:`dvk_docs.web.store` turns these into a dataset
folder and back; the library validates every change.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    VAN_PHONG = "van_phong", "Văn phòng (cán bộ tổng hợp)"
    DON_VI = "don_vi", "Đơn vị (đăng ký mô hình)"
    ADMIN = "admin", "Quản trị"
    CAP_TREN = "cap_tren", "Cấp trên (huyện, tỉnh: chỉ xem các xã trực thuộc)"


class Organisation(models.Model):
    slug = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tổ chức"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user belongs to one organisation with one role; unit accounts name their unit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="memberships")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit = models.CharField("đơn vị", max_length=200, blank=True)

    class Meta:
        verbose_name = "thành viên"

    # True on the stand-in membership with which a cap_tren account reads a commune
    # (dvk_docs.web.oversight.visit): it sees what the office sees, and changes nothing
    visiting = False

    @property
    def is_office(self) -> bool:
        return self.role in {Role.VAN_PHONG, Role.ADMIN} or self.visiting

    @property
    def read_only(self) -> bool:
        return self.role == Role.CAP_TREN

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation.slug} ({self.role})"


class Year(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="years")
    year = models.PositiveIntegerField("năm")
    document = models.JSONField("bộ dữ liệu (trừ đăng ký)")
    plan_body = models.TextField("nội dung kế hoạch (Markdown)", blank=True)
    revision = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "năm"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"],
                                               name="one_year_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation.slug} {self.year}"


class Registration(models.Model):
    """One registration (phiếu đăng ký) of a year, in the dataset's order."""

    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="registrations")
    position = models.PositiveIntegerField()
    reg_id = models.CharField("mã", max_length=40)
    registrant = models.CharField("chủ thể", max_length=500)
    model_name = models.CharField("tên mô hình", max_length=500)
    linh_vuc = models.CharField("lĩnh vực", max_length=40)
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    unit_key = models.CharField("đơn vị", max_length=500, db_index=True)
    data = models.JSONField()

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["year", "position"])]
        constraints = [models.UniqueConstraint(fields=["year", "reg_id"], name="one_id_per_year")]


class AuditEntry(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="audit")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    when = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=60)
    target = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-when", "-id"]


class Job(models.Model):
    """Long work (PDF, whole set) done by the task worker; the page polls its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Xong"
        FAILED = "failed", "Lỗi"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jobs")
    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="jobs")
    revision = models.PositiveIntegerField()
    kind = models.CharField(max_length=30)  # set, set_pdf, pdf
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    filename = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
