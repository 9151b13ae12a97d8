"""Which organisation oversees which: a district over its communes, a province over its
districts. A ``cap_tren`` account of the overseeing organisation reads (never edits) the
years of every commune below it and sees their statistics side by side."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .core import Organisation


class Oversight(models.Model):
    """``parent`` oversees ``child``; an organisation has at most one parent."""

    parent = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                               related_name="child_links", verbose_name="cấp trên")
    child = models.OneToOneField(Organisation, on_delete=models.CASCADE,
                                 related_name="parent_link", verbose_name="trực thuộc")

    class Meta:
        verbose_name = "quan hệ cấp trên"
        verbose_name_plural = "quan hệ cấp trên"
        ordering = ["parent__name", "child__name"]

    def clean(self) -> None:
        if self.parent_id is not None and self.child_id is not None:
            chain = {self.child_id}
            node: Organisation | None = self.parent
            while node is not None:
                if node.pk in chain:
                    raise ValidationError(f"{self.child} đã là cấp trên của {self.parent}: "
                                          "không gắn vòng được")
                chain.add(node.pk)
                link = Oversight.objects.filter(child_id=node.pk).select_related(
                    "parent").first()
                node = link.parent if link else None

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"


def below(org: Organisation) -> list[Organisation]:
    """Every organisation under ``org`` (its communes, and theirs for a province), each once,
    that holds years of its own; ordered by name."""
    seen: set[int] = {org.pk}
    found: dict[int, Organisation] = {}
    frontier = [org.pk]
    while frontier:
        links = Oversight.objects.filter(parent_id__in=frontier).select_related("child")
        frontier = []
        for link in links:
            if link.child_id in seen:
                continue
            seen.add(link.child_id)
            frontier.append(link.child_id)
            found[link.child_id] = link.child
    with_years = set(Organisation.objects.filter(pk__in=found, years__isnull=False)
                     .values_list("pk", flat=True))
    return sorted((o for pk, o in found.items() if pk in with_years), key=lambda o: o.name)


def oversees(org: Organisation, slug: str) -> Organisation | None:
    """The organisation ``slug`` if it is under ``org``, else None."""
    return next((o for o in below(org) if o.slug == slug), None)


def attach(parent: Organisation, child: Organisation) -> Oversight:
    """Put ``child`` under ``parent`` (moving it if it was under another); refuses a loop.
    Raises :class:`django.core.exceptions.ValidationError` with the reason in Vietnamese."""
    if parent.pk == child.pk:
        raise ValidationError(f"{child} không tự làm cấp trên của chính mình được")
    link = Oversight.objects.filter(child=child).first() or Oversight(child=child)
    link.parent = parent
    link.clean()
    link.save()
    return link


def detach(child: Organisation) -> bool:
    """Take ``child`` out from under its parent; False if it had none."""
    deleted, _ = Oversight.objects.filter(child=child).delete()
    return bool(deleted)
