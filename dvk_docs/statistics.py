"""Thống kê: the figures of one year and of several communes, as plain data.

Counts by lĩnh vực, by unit, by kind and tình trạng, how many models reached each stage
(registered → appraised → passed → proposed → recognised), recognised against registered,
a year against the one before, and the Mẫu 2 table (one row per unit) that the result
report prints. The web pages and the .xlsx writers (:mod:`dvk_docs.sheets`) show these;
nothing here is computed a second way anywhere else: units and recognised models come from
:func:`dvk_docs.documents.result_report.unit_rows`, exactly as the report's .docx counts
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .dataset import LoadedDataset, Registration
from .dataset.process import ResultReport
from .facts import Counts, Facts, derive


@dataclass(frozen=True)
class Field:
    """One lĩnh vực: its code and name."""

    code: str
    name: str


@dataclass(frozen=True)
class Row:
    """One line of Mẫu 2 (a unit, a commune, or the total): counts by kind, lĩnh vực (in
    the order of the table's ``fields``) and tình trạng, recognised, and the unit's notes."""

    name: str
    total: int
    tap_the: int
    ca_nhan: int
    by_field: tuple[int, ...]
    moi: int
    co_tu_truoc: int
    nhan_rong: int
    recognised: int
    typical: str = ""
    difficulties: str = ""
    proposals: str = ""

    def numbers(self) -> list[int]:
        """The counted columns in Mẫu 2's order (3) … (n-3)."""
        return [self.total, self.tap_the, self.ca_nhan, *self.by_field, self.moi,
                self.co_tu_truoc, self.nhan_rong, self.recognised]

    @property
    def counts(self) -> Counts:
        return Counts(self.total, self.tap_the, self.ca_nhan, self.moi, self.co_tu_truoc,
                      self.nhan_rong)


def _row(name: str, regs: list[Registration], fields: list[Field], recognised: int,
         **notes: str) -> Row:
    c = Counts.of(regs)
    return Row(name, c.total, c.tap_the, c.ca_nhan,
               tuple(sum(1 for r in regs if r.linh_vuc == f.code) for f in fields),
               c.moi, c.co_tu_truoc, c.nhan_rong, recognised, **notes)


def total_row(rows: list[Row], fields: list[Field], name: str = "Tổng cộng") -> Row:
    """The sum of ``rows`` (whose ``by_field`` follow ``fields``)."""

    def add(attr: str) -> int:
        return sum(getattr(r, attr) for r in rows)

    return Row(name, add("total"), add("tap_the"), add("ca_nhan"),
               tuple(sum(r.by_field[i] for r in rows) for i in range(len(fields))),
               add("moi"), add("co_tu_truoc"), add("nhan_rong"), add("recognised"))


@dataclass(frozen=True)
class Mau2:
    """Mẫu 2 as data: the lĩnh vực columns, one row per unit, and the total row."""

    fields: list[Field]
    rows: list[Row]
    total: Row


def mau2(loaded: LoadedDataset, facts: Facts | None = None,
         report: ResultReport | None = None) -> Mau2:
    """Mẫu 2 of one year. With ``report``: as that report prints it (models recognised by a
    decision dated on or before the report, the report's per-unit notes); without: as the
    data stands (every model the decision recognises, no notes)."""
    from .documents.result_report import recognised_by, typical_models, unit_rows

    facts = facts or derive(loaded)
    fields = [Field(lv.code, lv.name) for lv in facts.linh_vuc]
    if report is None:
        report = ResultReport(period="nam", signer="-", body="-")
        recognised = recognised_by(loaded, facts, None)
        units = unit_rows(loaded, facts, report.model_copy(update={"date": None}))
    else:
        recognised = recognised_by(loaded, facts, report.date)
        units = unit_rows(loaded, facts, report)
    rows = []
    for unit in units:
        extra = report.units.get(unit.name)
        # column 14 by the same rule as the report's table (documents.result_report)
        typical = "; ".join(r.model_name for r in typical_models(
            loaded, unit.regs, recognised, extra.typical if extra else None))
        notes = {"typical": typical}
        if extra is not None:
            notes |= {"difficulties": extra.difficulties or "",
                      "proposals": extra.proposals or ""}
        rows.append(_row(unit.name, unit.regs, fields,
                         sum(1 for r in unit.regs if r.id in recognised), **notes))
    return Mau2(fields, rows, total_row(rows, fields))


STAGES: list[tuple[str, str]] = [
    ("dang_ky", "Đăng ký"), ("tham_dinh", "Được thẩm định"), ("dat_tham_dinh", "Đạt thẩm định"),
    ("binh_xet", "Qua bình xét"), ("de_nghi", "Được đề nghị"), ("cong_nhan", "Được công nhận"),
]


@dataclass(frozen=True)
class FieldCount:
    """Registered and recognised models of one lĩnh vực."""

    code: str
    name: str
    registered: int
    recognised: int


@dataclass(frozen=True)
class YearStats:
    """Everything the Thống kê page shows about one year (or several communes' years)."""

    year: int
    fields: list[Field]
    mau2: Mau2
    # stage key → how many reached it; None: that step has not been recorded yet
    stages: dict[str, int | None] = field(default_factory=dict)
    # recognised models per lĩnh vực, in the order of ``fields``
    recognised_by_field: tuple[int, ...] = ()
    communes: int = 1
    stage_order: tuple[str, ...] = ()

    @property
    def counts(self) -> Counts:
        return self.mau2.total.counts

    @property
    def registered(self) -> int:
        return self.mau2.total.total

    @property
    def recognised(self) -> int:
        return self.mau2.total.recognised

    @property
    def decided(self) -> bool:
        """Whether a decision has recognised models (otherwise 'recognised' is not known yet)."""
        return self.stages.get("cong_nhan") is not None

    @property
    def rate(self) -> float | None:
        """Recognised as a percentage of registered (None before the decision)."""
        if not self.decided or not self.registered:
            return None
        return 100.0 * self.recognised / self.registered

    def by_field(self) -> list[FieldCount]:
        recognised = self.recognised_by_field or (0,) * len(self.fields)
        return [FieldCount(f.code, f.name, self.mau2.total.by_field[i], recognised[i])
                for i, f in enumerate(self.fields)]

    def by_unit(self) -> list[Row]:
        return self.mau2.rows

    def stage_list(self) -> list[tuple[str, str, int | None]]:
        """The stages in the order of the dataset's procedure (Đăng ký first)."""
        labels = dict(STAGES)
        order = self.stage_order or tuple(key for key, _ in STAGES)
        return [(key, labels[key], self.stages.get(key)) for key in order]


def year_stats(loaded: LoadedDataset) -> YearStats:
    """The figures of one year as the data stands."""
    facts = derive(loaded)
    table = mau2(loaded, facts)
    data = loaded.data
    st = facts.stages
    assert st is not None
    recognised_ids = {r.id for r in st.recognised} if data.decision is not None else set()
    stages: dict[str, int | None] = {
        "dang_ky": len(loaded.registrations),
        "tham_dinh": len(st.appraised) if data.appraisal is not None else None,
        "dat_tham_dinh": len(st.passed_appraisal) if data.appraisal is not None else None,
        "binh_xet": len(st.passed_meeting) if data.meeting is not None else None,
        "de_nghi": len(st.proposed) if data.proposal is not None else None,
        "cong_nhan": len(recognised_ids) if data.decision is not None else None,
    }
    by_field = tuple(sum(1 for r in loaded.registrations
                         if r.linh_vuc == f.code and r.id in recognised_ids)
                     for f in table.fields)
    return YearStats(data.year, table.fields, table, stages, by_field,
                     stage_order=_stage_order(loaded))


# a step of the procedure → the stages it records
_STEP_STAGES = {"tham_dinh": ("tham_dinh", "dat_tham_dinh"), "binh_xet": ("binh_xet",),
                "to_trinh": ("de_nghi",), "quyet_dinh": ("cong_nhan",)}


def _stage_order(loaded: LoadedDataset) -> tuple[str, ...]:
    """Đăng ký, then the steps in the order the procedure takes them (a staff board that
    proposes before the committee votes: đề nghị before bình xét)."""
    from .stages import proposal_before_meeting

    steps = (["tham_dinh", "to_trinh", "binh_xet", "quyet_dinh"]
             if proposal_before_meeting(loaded)
             else ["tham_dinh", "binh_xet", "to_trinh", "quyet_dinh"])
    order = ["dang_ky"]
    for step in steps:
        order.extend(_STEP_STAGES.get(step, ()))
    order.extend(key for key, _ in STAGES if key not in order)  # any the procedure skips
    return tuple(order)


def _align(row: Row, own: list[Field], fields: list[Field], name: str | None = None) -> Row:
    counts = dict(zip([f.code for f in own], row.by_field, strict=True))
    return replace(row, name=name or row.name,
                   by_field=tuple(counts.get(f.code, 0) for f in fields))


def union_fields(parts: list[YearStats]) -> list[Field]:
    """Every lĩnh vực of the parts, in the order they first appear."""
    seen: dict[str, Field] = {}
    for stats in parts:
        for f in stats.fields:
            seen.setdefault(f.code, f)
    return list(seen.values())


def aggregate(parts: list[tuple[str, YearStats]]) -> YearStats:
    """Several communes' years as one: Mẫu 2 with one row per commune (named by the
    given names), stages added up (a step none of them has recorded stays None)."""
    if not parts:
        raise ValueError("aggregate() needs at least one commune")
    stats = [s for _, s in parts]
    fields = union_fields(stats)
    rows = [_align(s.mau2.total, s.fields, fields, name) for name, s in parts]
    recognised: list[int] = [0] * len(fields)
    for s in stats:
        for fc in s.by_field():
            recognised[[f.code for f in fields].index(fc.code)] += fc.recognised
    stages: dict[str, int | None] = {}
    for key, _label in STAGES:
        known = [s.stages.get(key) for s in stats if s.stages.get(key) is not None]
        stages[key] = sum(n for n in known if n is not None) if known else None
    years = sorted({s.year for s in stats})
    orders = {s.stage_order for s in stats}
    table = Mau2(fields, rows, total_row(rows, fields))
    return YearStats(years[-1], fields, table, stages, tuple(recognised), communes=len(parts),
                     stage_order=orders.pop() if len(orders) == 1 else ())


@dataclass(frozen=True)
class Change:
    """One figure this year and last year."""

    label: str
    this: int | None
    last: int | None

    @property
    def delta(self) -> int | None:
        if self.this is None or self.last is None:
            return None
        return self.this - self.last


def compare(this: YearStats, last: YearStats | None) -> list[Change]:
    """This year's figures beside last year's (``last`` None: no earlier year)."""
    fields = union_fields([this] + ([last] if last else []))

    def by_code(stats: YearStats | None) -> dict[str, int]:
        if stats is None:
            return {}
        return {fc.code: fc.registered for fc in stats.by_field()}

    def pick(stats: YearStats | None, attr: str) -> int | None:
        return None if stats is None else getattr(stats.counts, attr)

    rows = [Change(label, pick(this, attr), pick(last, attr)) for attr, label in (
        ("total", "Tổng số mô hình đăng ký"), ("tap_the", "Tập thể"), ("ca_nhan", "Cá nhân"),
        ("moi", "Đăng ký mới"), ("co_tu_truoc", "Có từ trước"), ("nhan_rong", "Nhân rộng"))]
    mine, theirs = by_code(this), by_code(last)
    for f in fields:
        rows.append(Change(f.name, mine.get(f.code, 0),
                           None if last is None else theirs.get(f.code, 0)))
    rows.append(Change("Được công nhận", this.recognised if this.decided else None,
                       None if last is None or not last.decided else last.recognised))
    return rows
