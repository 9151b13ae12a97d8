"""Online registration: what units submit before the office takes it into the year.

A :class:`Submission` is one unit's phiếu đăng ký (the registration as the dataset model
dumps it) with its status; it enters the year's dataset only when the office accepts it
(then ``reg_id`` names the registration it became). Every step is a
:class:`SubmissionEvent` (who, when, what changed, the reason). :class:`Reopening` lets one
unit submit after the deadline, until a date the office sets.

The state lives here, never on :class:`~dvk_docs.web.models.core.Registration` rows, which
the store rebuilds on every save of the year.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .core import Organisation, Year


class SubmissionStatus(models.TextChoices):
    CHO = "cho_tiep_nhan", "Chờ tiếp nhận"
    DA = "da_tiep_nhan", "Đã tiếp nhận"
    TRA_LAI = "tra_lai", "Trả lại"


class Submission(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="submissions")
    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="submissions")
    unit = models.CharField("đơn vị", max_length=200, db_index=True)
    status = models.CharField("tình trạng", max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.CHO)
    data = models.JSONField("phiếu đăng ký")
    reason = models.TextField("lý do trả lại", blank=True)
    reg_id = models.CharField("mã đăng ký khi tiếp nhận", max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "phiếu đăng ký trực tuyến"
        ordering = ["-updated", "-id"]
        indexes = [models.Index(fields=["year", "status"])]

    @property
    def model_name(self) -> str:
        return str(self.data.get("model_name", ""))

    @property
    def registrant(self) -> str:
        return str(self.data.get("registrant", ""))

    def __str__(self) -> str:
        return f"{self.unit}: {self.model_name} ({self.get_status_display()})"


class SubmissionEvent(models.Model):
    class Action(models.TextChoices):
        NOP = "nop", "Nộp"
        SUA = "sua", "Đơn vị sửa"
        NOP_LAI = "nop_lai", "Nộp lại"
        TRA_LAI = "tra_lai", "Trả lại"
        VP_SUA = "vp_sua", "Văn phòng sửa"
        TIEP_NHAN = "tiep_nhan", "Tiếp nhận"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE,
                                   related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    when = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=list)  # [{"field", "label", "before", "after"}]

    class Meta:
        ordering = ["when", "id"]


class Reopening(models.Model):
    """The office lets one unit submit after the deadline, up to and including ``until``."""

    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="reopenings")
    unit = models.CharField("đơn vị", max_length=200)
    until = models.DateField("mở đến hết ngày")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "unit"],
                                               name="one_reopening_per_unit")]
