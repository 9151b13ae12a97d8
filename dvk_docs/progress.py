"""Where a year's paperwork stands: its stages in order and the next thing missing.

Used by the web overview; the order is the year's own (kế hoạch → đăng ký → thẩm định →
bình xét → đề nghị → công nhận → báo cáo), read from which sections the dataset has.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dataset import LoadedDataset


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    done: bool
    missing: str  # what to add when not done (Vietnamese, names the section)


@dataclass(frozen=True)
class YearProgress:
    stages: list[Stage]

    @property
    def current(self) -> Stage | None:
        """The last stage reached (None before the plan)."""
        reached = [s for s in self.stages if s.done]
        return reached[-1] if reached else None

    @property
    def next_missing(self) -> Stage | None:
        return next((s for s in self.stages if not s.done), None)

    @property
    def label(self) -> str:
        return self.current.label if self.current else "chưa có kế hoạch"


def year_progress(loaded: LoadedDataset) -> YearProgress:
    data = loaded.data
    n = len(loaded.registrations)
    reports = {r.period for r in data.reports}
    stages = [
        Stage("ke_hoach", "kế hoạch", data.documents.ke_hoach is not None,
              "Kế hoạch năm (mục documents.ke_hoach)"),
        Stage("dang_ky", f"đăng ký {n}", n > 0, "Danh sách đăng ký mô hình (registrations)"),
        Stage("tham_dinh", "thẩm định", data.appraisal is not None,
              "Kết quả thẩm định (mục appraisal)"),
        Stage("binh_xet", "bình xét", data.meeting is not None,
              "Biên bản họp bình xét (mục meeting)"),
        Stage("de_nghi", "đề nghị", data.proposal is not None,
              "Tờ trình đề nghị công nhận (mục proposal)"),
        Stage("cong_nhan", "công nhận", data.decision is not None,
              "Quyết định công nhận (mục decision)"),
        Stage("bao_cao", "báo cáo", "nam" in reports,
              "Báo cáo kết quả năm (mục reports, kỳ 'nam')"),
    ]
    return YearProgress(stages)
