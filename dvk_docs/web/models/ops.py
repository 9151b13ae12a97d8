"""Issue 11's leftovers that need storage: the rollover checklist answered on 'Tạo năm mới'
(kept with the new year) and the printed-page images of the plan preview (per revision)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .core import Year


class RolloverItem(models.Model):
    """One decision the rollover's change report asks for, and the office's answer."""

    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="rollover_items")
    position = models.PositiveIntegerField()
    where = models.CharField("ở đâu", max_length=300)
    question = models.TextField("cần quyết định")
    text = models.TextField("nội dung hiện tại", blank=True)
    confirmed = models.BooleanField("đã xác nhận", default=False)
    note = models.CharField("ghi chú", max_length=1000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL)
    answered = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["year", "position"],
                                               name="one_rollover_item_per_position")]


class PageImage(models.Model):
    """The plan's printed pages as PNG, made by a background job for one revision."""

    year = models.ForeignKey(Year, on_delete=models.CASCADE, related_name="page_images")
    kind = models.CharField(max_length=40)
    revision = models.PositiveIntegerField()
    pages = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "kind", "revision"],
                                               name="one_image_set_per_revision")]
