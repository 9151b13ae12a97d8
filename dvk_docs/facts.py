"""Facts derived once from a dataset and shared by every document.

Counts per kind, status and lĩnh vực; the count sentence; anniversary numbers; formatted
deadlines. Documents read these instead of recomputing, so the same fact is printed the
same way everywhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .conventions import pad2, short_date
from .dataset import LoadedDataset, RegistrantKind, Registration, Status
from .dataset.models import LinhVuc

if TYPE_CHECKING:
    from .stages import Stages


@dataclass(frozen=True)
class Counts:
    """How many registrations, split every way the tables need."""

    total: int
    tap_the: int
    ca_nhan: int
    moi: int
    co_tu_truoc: int
    nhan_rong: int

    @classmethod
    def of(cls, regs: list[Registration]) -> Counts:
        kinds = Counter(r.kind for r in regs)
        status = Counter(r.status for r in regs)
        return cls(
            total=len(regs),
            tap_the=kinds[RegistrantKind.TAP_THE],
            ca_nhan=kinds[RegistrantKind.CA_NHAN],
            moi=status[Status.MOI],
            co_tu_truoc=status[Status.CO_TU_TRUOC],
            nhan_rong=status[Status.NHAN_RONG],
        )


def count_sentence(c: Counts, noun: str = "mô hình") -> str:
    """'30 mô hình, trong đó: 20 tập thể, 10 cá nhân; 12 mới, 10 có từ trước, 08 nhân rộng.'"""
    if c.total == 0:
        return f"Chưa có {noun} nào đăng ký."
    kinds = [f"{pad2(n)} {label}" for n, label in ((c.tap_the, "tập thể"), (c.ca_nhan, "cá nhân"))
             if n]
    status = [f"{pad2(n)} {label}" for n, label in
              ((c.moi, "đăng ký mới"), (c.co_tu_truoc, "có từ trước"),
               (c.nhan_rong, "nhân rộng")) if n]
    return (f"Tổng số {pad2(c.total)} {noun}, trong đó: {', '.join(kinds)}; "
            f"{', '.join(status)}.")


@dataclass(frozen=True)
class Group:
    """Registrations of one lĩnh vực, in dataset order."""

    linh_vuc: LinhVuc
    regs: list[Registration]
    counts: Counts


def kinds_sentence(regs: list[Registration], noun: str = "mô hình") -> str:
    """'12 mô hình, trong đó 08 tập thể, 04 cá nhân' (only the kinds present)."""
    c = Counts.of(regs)
    parts = [f"{pad2(n)} {label}" for n, label in ((c.tap_the, "tập thể"),
                                                   (c.ca_nhan, "cá nhân")) if n]
    text = f"{pad2(c.total)} {noun}"
    if len(parts) == 2:
        text += f", trong đó {parts[0]}, {parts[1]}"
    elif parts:
        text += f" ({parts[0].split(' ', 1)[1]})"
    return text


def fields_sentence(regs: list[Registration], linh_vuc: list[LinhVuc]) -> str:
    """'lĩnh vực phát triển kinh tế 03 mô hình; lĩnh vực văn hóa - xã hội 02 mô hình'."""
    parts = []
    for lv in linh_vuc:
        n = sum(1 for r in regs if r.linh_vuc == lv.code)
        if n:
            name = lv.name[0].lower() + lv.name[1:]
            parts.append(f"{name} {pad2(n)} mô hình")
    return "; ".join(parts)


@dataclass(frozen=True)
class Facts:
    year: int
    registrations: list[Registration]
    counts: Counts
    groups: list[Group]
    anniversaries: dict[str, int]
    deadlines: dict[str, str]
    linh_vuc_names: dict[str, str] = field(default_factory=dict)
    linh_vuc: list[LinhVuc] = field(default_factory=list)
    stages: Stages | None = None


def anniversaries(year: int) -> dict[str, int]:
    """paperwork.md §0.1: traditions counted from their founding years."""
    return {
        "truyen_thong_dan_van": year - 1930,  # 15/10/1930
        "ngay_dan_van_ca_nuoc": year - 1999,  # 15/10/1999
        "tac_pham_dan_van": year - 1949,  # 15/10/1949
        "phong_trao_dvk": year - 2009,  # KH 70-KH/BDVTW 26/02/2009
        "mat_tran": year - 1930,  # 18/11/1930
    }


def derive(loaded: LoadedDataset) -> Facts:
    from .stages import derive_stages

    data = loaded.data
    regs = loaded.registrations
    groups = []
    by_code: dict[str, list[Registration]] = {}
    for r in regs:  # one pass (a province has tens of thousands of registrations)
        by_code.setdefault(r.linh_vuc, []).append(r)
    for lv in data.linh_vuc:
        members = by_code.get(lv.code, [])
        if members or lv.code != "KHAC":
            groups.append(Group(lv, members, Counts.of(members)))
    return Facts(
        year=data.year,
        registrations=regs,
        counts=Counts.of(regs),
        groups=groups,
        anniversaries=anniversaries(data.year),
        deadlines={k: short_date(v) for k, v in data.deadlines.items()},
        linh_vuc_names={lv.code: lv.name for lv in data.linh_vuc},
        linh_vuc=list(data.linh_vuc),
        stages=derive_stages(loaded),
    )


def linh_vuc_label(name: str) -> str:
    """'Lĩnh vực phát triển kinh tế' -> 'Phát triển kinh tế': after a 'Lĩnh vực' label or
    under a 'Lĩnh vực' column header, so no line reads 'Lĩnh vực: Lĩnh vực ...'."""
    prefix = "lĩnh vực "
    if name.lower().startswith(prefix) and len(name) > len(prefix):
        rest = name[len(prefix):]
        return rest[:1].upper() + rest[1:]
    return name
