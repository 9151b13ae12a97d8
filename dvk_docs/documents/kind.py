"""What a document kind is: its template, its context, its file names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument

from ..conventions import Family
from ..dataset import LoadedDataset, Registration
from ..profiles import Profile


def slug(text: str, limit: int = 40) -> str:
    """ASCII file-name part: 'Tuyến đường hoa' -> 'tuyen-duong-hoa'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:limit].rstrip("-") or "van-ban"


def registration_stem(reg: Registration, index: int) -> str:
    return f"{index:03d}-{slug(reg.registrant, 30)}-{slug(reg.model_name, 40)}"


@dataclass(frozen=True)
class Kind:
    """One document kind of the year's set.

    ``context(loaded, facts, profile)`` builds the template context; for kinds made once per
    item (a phiếu per registration, a report per period) ``items(loaded, facts)`` lists the
    items and ``context`` takes the item as a fourth argument.
    """

    key: str
    label: str
    order: int
    folder: str  # "letter_templates" or "forms"
    applies: Callable[[LoadedDataset], bool]
    context: Callable[..., dict[str, Any]]
    blueprint: Callable[[Profile], DocxDocument]
    items: Callable[[LoadedDataset, Any], list[Any]] | None = None
    item_stem: Callable[[Any, int], str] = registration_stem  # type: ignore[assignment]
    item_title: Callable[[Any], str] | None = None
    # what of one item's context the data can get wrong, checked without building the rest
    # (``validate`` builds the first item's whole context for the template's fields, then
    # calls this for the others: 25,000 phiếu); None: the whole context for every item
    check_item: Callable[..., None] | None = None
    flat: bool = False  # per-item files beside the others instead of in a sub-folder
    landscape: bool = False  # its page is landscape: a wider line for the trích yếu
    families: tuple[Family, ...] = (Family.PARTY, Family.STATE)

    @property
    def per_item(self) -> bool:
        return self.items is not None

    def template_relpath(self, family: Family) -> str:
        return f"{self.folder}/{family.value}/{self.key}.docx"

    def filename(self, item: Any = None, index: int = 0) -> str:
        base = f"{self.order:02d}-{self.key.replace('_', '-')}"
        if item is None:
            return f"{base}.docx"
        stem = self.item_stem(item, index)
        return f"{base}-{stem}.docx" if self.flat else f"{base}/{stem}.docx"

    def title(self, item: Any = None) -> str:
        if item is None or self.item_title is None:
            return self.label
        return f"{self.label}: {self.item_title(item)}"
