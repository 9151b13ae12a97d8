"""Minh chứng: files a unit (or the office) attaches to one registration of a year.

Registrations are rows rewritten on every save of the year, so evidence names its
registration by id (``reg_id``) and its owner unit is checked against the year's current
rows. The file lives under ``MEDIA_DIR/evidence/<organisation id>/`` with a generated name
(``stored_name``); the uploaded name is kept only to show and to offer on download.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models

from ...pdf.evidence import EVIDENCE_KINDS
from .core import Organisation, Year

KIND_CHOICES = [(k.key, k.label) for k in EVIDENCE_KINDS.values()]


class Evidence(models.Model):
    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "Ảnh JPEG"
        PNG = "png", "Ảnh PNG"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="evidence")
    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="evidence")
    reg_id = models.CharField("mã đăng ký", max_length=40)
    kind = models.CharField("loại minh chứng", max_length=30, choices=KIND_CHOICES)
    file_type = models.CharField(max_length=10, choices=FileType.choices)
    original_name = models.CharField("tên file", max_length=255)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    size = models.PositiveIntegerField()
    pages = models.PositiveIntegerField(default=1)
    sha256 = models.CharField(max_length=64)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL)
    uploaded_by_name = models.CharField(max_length=150, blank=True)
    unit = models.CharField("đơn vị tải lên", max_length=500, blank=True)
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "minh chứng"
        ordering = ["reg_id", "kind", "uploaded"]
        indexes = [models.Index(fields=["year", "reg_id"])]

    def path(self) -> Path:
        return Path(settings.MEDIA_DIR) / "evidence" / str(self.organisation_id) / self.stored_name

    @property
    def kind_label(self) -> str:
        return EVIDENCE_KINDS[self.kind].label if self.kind in EVIDENCE_KINDS else self.kind

    def __str__(self) -> str:
        return f"{self.reg_id}: {self.original_name}"
