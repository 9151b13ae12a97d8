"""Next year's dataset in memory, for a caller that holds the year as data (the web
application keeps years in a database): no file is read or written.

The same rules as the file rollover (``files.Roller.roll``) run on the model's values turned
into the tree the YAML loader gives; the result is validated and cross-checked like a loaded
file (:func:`dvk_docs.dataset.load_model`). What differs from the file rollover: there are no
comments to keep, the plan body is carried inline (``documents.ke_hoach.body``), and the
registrations are a list (a registration sheet is not rewritten: its rows are the list).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..dataset import Dataset, LoadedDataset, load_model
from ..errors import DvkError
from .files import Roller, check_request, start_report
from .report import RolloverError, RolloverReport
from .yamledit import to_tree


@dataclass
class NextYear:
    """Next year's dataset (validated, like a loaded file) and the change report."""

    loaded: LoadedDataset
    report: RolloverReport

    @property
    def dataset(self) -> Dataset:
        return self.loaded.data


def rollover_model(current: LoadedDataset | Dataset, *, year: int, guidance: Iterable[str] = (),
                   number: int | None = None, registrations: str = "recognised") -> NextYear:
    """Next year's dataset from ``current`` (a loaded dataset, or a Dataset model with its
    plan body inline), with the change report; nothing is written. The options are those of
    :func:`dvk_docs.rollover.rollover`."""
    loaded = current if isinstance(current, LoadedDataset) else load_model(current)
    check_request(loaded, year, registrations)
    report = RolloverReport(loaded.data.year, year, loaded.path, None)
    roller = Roller(loaded, start_report(report), report, list(guidance), number, registrations)
    root = to_tree(loaded.data.model_dump(exclude_none=True))
    docs = root.get("documents")
    plan = docs.get("ke_hoach") if isinstance(docs, dict) else None
    if isinstance(plan, dict) and plan.get("body_file"):
        plan["body"] = loaded.plan_body or ""  # carried inline: there is no file to write
        del plan["body_file"]
    roller.roll(root)
    try:
        new = load_model(root, name=loaded.path.name)
    except DvkError as err:  # a bug in the rules: say so
        raise RolloverError(f"Bộ dữ liệu năm {year} tạo ra chưa hợp lệ: {err}") from None
    return NextYear(new, report)
