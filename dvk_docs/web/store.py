"""A year in the database ⇄ a dataset folder the library reads.

The database holds what the dataset model holds: :func:`snapshot_of_loaded` takes a loaded
(validated) dataset apart into the year's document, the plan body and one dict per
registration, and :func:`dataset_files` puts them back together as ``dataset.yaml`` +
``ke_hoach.md``. Every change goes through :func:`change`, which validates the new dataset
with :func:`dvk_docs.dataset.load_dataset` before anything is saved, so the database never
holds a year the command line would refuse.
"""

from __future__ import annotations

import copy
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from ruamel.yaml import YAML

from .. import api
from ..dataset import LoadedDataset
from ..errors import DatasetError, DvkError
from . import status
from .models import AuditEntry, Organisation, Registration, Year

PLAN_FILE = "ke_hoach.md"
DATASET_FILE = "dataset.yaml"
# the sections the library turns off with 'false' (None in the model)
SWITCHABLE = ("tong_hop_dang_ky", "phieu_dang_ky")


@dataclass
class Snapshot:
    """One year as plain data: what the dataset model holds, registrations apart."""

    document: dict[str, Any]
    plan_body: str = ""
    registrations: list[dict[str, Any]] = field(default_factory=list)

    def copy(self) -> Snapshot:
        return copy.deepcopy(self)

    @property
    def year(self) -> int:
        return int(self.document["year"])


def snapshot_of_loaded(loaded: LoadedDataset) -> Snapshot:
    data = loaded.data
    doc = data.model_dump(mode="json", exclude={"registrations"}, exclude_none=True)
    documents = doc.setdefault("documents", {})
    for key in SWITCHABLE:
        if getattr(data.documents, key) is None:
            documents[key] = False
    plan = documents.get("ke_hoach")
    if isinstance(plan, dict):
        plan.pop("body", None)
        plan.pop("body_file", None)
    for i, report in enumerate(data.reports):  # report bodies kept inline
        if report.body_file:
            text = (loaded.base_dir / report.body_file).read_text(encoding="utf-8-sig")
            doc["reports"][i]["body"] = text
            doc["reports"][i].pop("body_file", None)
    regs = [r.model_dump(mode="json", exclude_none=True) for r in loaded.registrations]
    # the body is kept without surrounding blank lines: a body given inline is stripped by
    # the model, one read from ke_hoach.md is not, and both render the same
    return Snapshot(doc, (loaded.plan_body or "").strip(), regs)


def _yaml() -> YAML:
    y = YAML(typ="safe", pure=True)
    y.default_flow_style = False
    y.allow_unicode = True
    y.width = 4096
    y.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    return y


def dataset_files(snap: Snapshot) -> dict[str, bytes]:
    """The dataset folder of a snapshot: ``dataset.yaml`` (+ ``ke_hoach.md``)."""
    doc = copy.deepcopy(snap.document)
    files: dict[str, bytes] = {}
    plan = doc.get("documents", {}).get("ke_hoach")
    if isinstance(plan, dict):
        plan["body_file"] = PLAN_FILE
        files[PLAN_FILE] = (snap.plan_body + "\n").encode("utf-8")
    doc["registrations"] = snap.registrations
    out = io.StringIO()
    out.write(f"# Bộ dữ liệu năm {snap.year} (xuất từ ứng dụng web dvk-docs)\n")
    _yaml().dump(doc, out)
    files[DATASET_FILE] = out.getvalue().encode("utf-8")
    return files


def write_files(files: dict[str, bytes], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return folder


@contextmanager
def folder_of(snap: Snapshot) -> Iterator[Path]:
    """The snapshot written as a dataset folder in a scratch directory."""
    with tempfile.TemporaryDirectory(prefix="dvk-web-") as tmp:
        yield write_files(dataset_files(snap), Path(tmp) / f"nam-{snap.year}")


def mapping_of(snap: Snapshot) -> dict[str, Any]:
    """The snapshot as the mapping dataset.yaml would hold, the plan body inline. Shallow:
    the snapshot's values are shared (the library copies what it loads), only the levels
    changed here are new."""
    doc = dict(snap.document)
    documents = doc.get("documents")
    if isinstance(documents, dict) and isinstance(documents.get("ke_hoach"), dict):
        plan = {k: v for k, v in documents["ke_hoach"].items() if k != "body_file"}
        plan["body"] = snap.plan_body
        doc["documents"] = {**documents, "ke_hoach": plan}
    doc["registrations"] = list(snap.registrations)
    return doc


def validate(snap: Snapshot) -> LoadedDataset:
    """Validate and cross-check the snapshot with the library, in memory (raises
    DatasetError whose problems carry the field paths)."""
    return api.load_model(mapping_of(snap))


def year_status(year: Year) -> status.YearStatus:
    """The year's stage, contradictions and warnings (cached per revision)."""
    found = status.cached(year)
    if found is None:
        try:
            found = status.compute(load_year(year))
        except DvkError as err:
            found = status.YearStatus(error=str(err))
        status.remember(year, found)
    return found


@contextmanager
def open_year(year: Year) -> Iterator[tuple[Path, LoadedDataset]]:
    """The year as a dataset folder (for builds and the render worker) and loaded in memory."""
    snap = snapshot_of(year, shared=True)
    with folder_of(snap) as folder:
        yield folder, validate(snap)


def load_year(year: Year) -> LoadedDataset:
    """The year loaded and checked in memory (no file written)."""
    return validate(snapshot_of(year, shared=True))


def snapshot_of(year: Year, *, shared: bool = False) -> Snapshot:
    """The year as the library sees it; ``shared``: the document is the Year's own (for a
    caller that only reads it, e.g. to validate), else a copy the caller may change."""
    regs = list(Registration.objects.filter(year_id=year.pk).order_by("position")
                .values_list("data", flat=True))
    document = year.document if shared else copy.deepcopy(year.document)
    return Snapshot(document, year.plan_body, regs)


def unit_key(reg: dict[str, Any]) -> str:
    """The unit a registration belongs to (unit accounts see only theirs)."""
    return str(reg.get("unit") or reg.get("managing_body") or reg.get("registrant") or "")


def _rows(year: Year, regs: list[dict[str, Any]]) -> list[Registration]:
    return [Registration(year=year, position=i, reg_id=str(r.get("id", "")),
                         registrant=str(r.get("registrant", ""))[:500],
                         model_name=str(r.get("model_name", ""))[:500],
                         linh_vuc=str(r.get("linh_vuc", ""))[:40],
                         kind=str(r.get("kind", "")), status=str(r.get("status", "")),
                         unit_key=unit_key(r)[:500], data=r)
            for i, r in enumerate(regs)]


def audit(org: Organisation, user: Any, action: str, target: str = "", detail: str = "") -> None:
    AuditEntry.objects.create(
        organisation=org, user=user if getattr(user, "is_authenticated", False) else None,
        username=getattr(user, "username", "") or "", action=action, target=target[:300],
        detail=detail)


_ROW_FIELDS = ["position", "registrant", "model_name", "linh_vuc", "kind", "status",
               "unit_key", "data"]


def _save(year: Year, snap: Snapshot) -> None:
    """Save the year and only the registration rows that changed (matched by id): a save of
    one registration writes one row, not the whole year, and rows other tables point at
    keep their primary key."""
    year.document = snap.document
    year.plan_body = snap.plan_body
    year.save()
    old = {r.reg_id: r for r in Registration.objects.filter(year_id=year.pk)}
    new = _rows(year, snap.registrations)
    wanted = {r.reg_id for r in new}
    gone = [r.pk for key, r in old.items() if key not in wanted]
    if gone:
        Registration.objects.filter(pk__in=gone).delete()
    changed, added = [], []
    for row in new:
        existing = old.get(row.reg_id)
        if existing is None:
            added.append(row)
        elif any(getattr(existing, f) != getattr(row, f) for f in _ROW_FIELDS):
            row.pk = existing.pk
            changed.append(row)
    if changed:
        Registration.objects.bulk_update(changed, _ROW_FIELDS, batch_size=500)
    if added:
        Registration.objects.bulk_create(added, batch_size=500)


def create_year(org: Organisation, snap: Snapshot, user: Any, action: str,
                detail: str = "") -> Year:
    """A new year from a snapshot (validated and put in the library's canonical form)."""
    loaded = validate(snap)
    snap = snapshot_of_loaded(loaded)
    with transaction.atomic():
        if Year.objects.filter(organisation=org, year=snap.year).exists():
            raise DatasetError(f"Năm {snap.year} đã có trong {org.name}; mở năm đó để sửa")
        year = Year(organisation=org, year=snap.year, document={}, plan_body="")
        year.save()
        _save(year, snap)
        audit(org, user, action, f"năm {snap.year}", detail)
    return year


def change(year: Year, user: Any, action: str, target: str,
           edit: Callable[[Snapshot], None], *, attempts: int = 3) -> Year:
    """Read-modify-write one year: ``edit`` changes a fresh snapshot, the library validates
    it, then it is saved with a new revision and an audit entry.

    Validation (seconds for a big year) runs outside any lock; the save is a short
    transaction that goes through only when nobody saved the year meanwhile, otherwise the
    edit is applied again to the newer data; the last attempt waits for the year's lock and
    validates under it. So two people saving at once never lose each other's writes, and
    usually nobody waits on another person's validation. ``edit`` must find what
    it changes by content (a registration's id), not by a position read earlier.
    """
    for attempt in range(attempts):
        if attempt == attempts - 1:  # busy year: wait for the lock, then validate under it
            with transaction.atomic():
                locked = Year.objects.select_for_update().get(pk=year.pk)
                canonical, loaded = _edited(locked, edit)
                done = _commit(locked, canonical, user, action, target)
            status.remember(done, status.compute(loaded))
            return done
        current = Year.objects.get(pk=year.pk)
        canonical, loaded = _edited(current, edit)
        with transaction.atomic():
            locked = Year.objects.select_for_update().get(pk=year.pk)
            done = (_commit(locked, canonical, user, action, target)
                    if locked.revision == current.revision else None)
        if done is not None:
            status.remember(done, status.compute(loaded))
            return done
            # someone saved first: apply the edit again to their version
    raise AssertionError("unreachable")


def _edited(year: Year, edit: Callable[[Snapshot], None]) -> tuple[Snapshot, LoadedDataset]:
    snap = snapshot_of(year)
    edit(snap)
    loaded = validate(snap)
    canonical = snapshot_of_loaded(loaded)
    if canonical.year != year.year:
        raise DatasetError("Không đổi được năm của bộ dữ liệu ở đây; dùng 'Tạo năm mới'")
    return canonical, loaded


def _commit(locked: Year, canonical: Snapshot, user: Any, action: str, target: str) -> Year:
    locked.revision += 1
    _save(locked, canonical)
    audit(locked.organisation, user, action, target)
    return locked


def import_folder(org: Organisation, folder: Path | str, user: Any = None) -> Year:
    """A dataset folder (or dataset.yaml) becomes one year of ``org``."""
    loaded = api.load(folder)
    return create_year(org, snapshot_of_loaded(loaded), user, "nhập bộ dữ liệu",
                       str(Path(folder).name))


def export_zip(year: Year) -> bytes:
    """The year as a dataset folder in a .zip (builds with ``dvk-docs build``)."""
    files = dataset_files(snapshot_of(year))
    buf = io.BytesIO()
    root = f"{year.organisation.slug}-{year.year}"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(f"{root}/{name}", content)
    return buf.getvalue()
