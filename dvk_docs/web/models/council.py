"""The council's work: the sổ văn bản đi (one register of numbers per organisation) and the
lock on the bình xét result with its recorded changes.

The figures themselves (appraisal results, attendance, votes, tờ trình, quyết định) live in
the year's dataset (:class:`Year.document`), validated by the library like every other
section; these tables hold only what the dataset has no place for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .core import Organisation, Year


class DocumentNumber(models.Model):
    """One number taken in an organisation's register: unique per issuing body, type and
    series (the series rule is :mod:`dvk_docs.numbering`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="numbers")
    issuer = models.CharField("cơ quan ban hành (mã)", max_length=40)
    type_code = models.CharField("loại (ký hiệu)", max_length=10)
    series = models.CharField("dãy số", max_length=60)
    number = models.PositiveIntegerField("số")
    # the year and dataset section a number belongs to; empty for a number taken by hand
    year = models.ForeignKey(Year, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="numbers")
    section = models.CharField("văn bản", max_length=40, blank=True)
    subject = models.CharField("trích yếu", max_length=500, blank=True)
    date = models.DateField("ngày", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "số văn bản đi"
        ordering = ["type_code", "series", "-number"]
        constraints = [models.UniqueConstraint(
            fields=["organisation", "issuer", "type_code", "series", "number"],
            name="one_number_per_series")]

    def __str__(self) -> str:
        return f"{self.number:02d}-{self.type_code}/{self.issuer} ({self.series})"


class MeetingLock(models.Model):
    """The bình xét result locked by the office: the figures at the time of locking."""

    year = models.OneToOneField(Year, on_delete=models.CASCADE, related_name="meeting_lock")
    meeting = models.JSONField("số liệu khi khóa")
    # the models put to the vote when locked (the core's meeting_candidates): an appraisal
    # or a tờ trình changed later must not change them silently either
    candidates = models.JSONField("mô hình đưa ra bình xét", default=list)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL)
    locked = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khóa kết quả bình xét"


class MeetingChange(models.Model):
    """A change to a locked bình xét result, with the reason the office recorded."""

    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="meeting_changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    when = models.DateTimeField(auto_now_add=True)
    reason = models.TextField("lý do")
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        verbose_name = "sửa kết quả đã khóa"
        ordering = ["-when", "-id"]

