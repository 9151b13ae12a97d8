"""Every document date falls in the campaign year, unless the dataset says otherwise.

A quyết định dated 12/01/2027 in a 2026 dataset is nearly always a typing slip (or a dataset
copied from another year) and would be printed as it is. The legitimate exceptions — a plan
issued in December before the year, a yearly report or a decision early the next year —
are declared in the dataset::

    date_window:
      earliest: 15/12/2025   # default: 01/01 of `year`
      latest: 31/01/2027     # default: 31/12 of `year`

The order of the stages (plan < registration deadline ≤ appraisal < meeting ≤ proposal <
decision ≤ yearly report) is checked with the other contradictions between documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..conventions.dates import short_date
from .schema import Dataset


def dated_items(data: Dataset) -> Iterator[tuple[str, dt.date, tuple[Any, ...]]]:
    """(document, date, YAML path) for every date a document prints as its own."""
    plan = data.documents.ke_hoach
    if plan is not None and plan.date:
        yield "Kế hoạch", plan.date, ("documents", "ke_hoach", "date")
    summary = data.documents.tong_hop_dang_ky
    if summary is not None and summary.date:
        yield "Bảng tổng hợp đăng ký", summary.date, ("documents", "tong_hop_dang_ky", "date")
    for key, date in data.deadlines.items():
        yield f"Hạn '{key}' (deadlines)", date, ("deadlines", key)
    if data.appraisal is not None:
        for attr, label in (("date", "Thông báo kết quả thẩm định"),
                            ("start", "Ngày bắt đầu thẩm định"),
                            ("end", "Ngày kết thúc thẩm định")):
            value = getattr(data.appraisal, attr)
            if value:
                yield label, value, ("appraisal", attr)
    if data.meeting is not None and data.meeting.date:
        yield "Biên bản họp bình xét", data.meeting.date, ("meeting", "date")
    if data.proposal is not None and data.proposal.date:
        yield "Tờ trình", data.proposal.date, ("proposal", "date")
    if data.decision is not None and data.decision.date:
        yield "Quyết định công nhận", data.decision.date, ("decision", "date")
    for key, ach in data.achievements.items():
        if ach.date:
            yield "Báo cáo thành tích", ach.date, ("achievements", key, "date")
    for i, report in enumerate(data.reports):
        if report.date:
            yield "Báo cáo kết quả", report.date, ("reports", i, "date")
    if isinstance(data.registrations, list):
        for i, reg in enumerate(data.registrations):
            if reg.date:
                yield "Phiếu đăng ký", reg.date, ("registrations", i, "date")


def window(data: Dataset) -> tuple[dt.date, dt.date]:
    rules = data.date_window
    earliest = rules.earliest if rules and rules.earliest else dt.date(data.year, 1, 1)
    latest = rules.latest if rules and rules.latest else dt.date(data.year, 12, 31)
    return earliest, latest


def check_dates_in_year(data: Dataset) -> list[tuple[tuple[Any, ...], str]]:
    """(YAML path, message) for every document date outside the year (or the declared
    window)."""
    earliest, latest = window(data)
    declared = data.date_window is not None and (data.date_window.earliest
                                                 or data.date_window.latest)
    problems = []
    for label, date, loc in dated_items(data):
        if earliest <= date <= latest:
            continue
        if declared:
            span = f"ngoài khoảng {short_date(earliest)} – {short_date(latest)} khai ở date_window"
        else:
            span = f"không thuộc năm {data.year} của bộ dữ liệu (year)"
        problems.append((loc,
            f"{label}: ngày {date:%d/%m/%Y} {span}; sửa ngày hoặc năm. Nếu văn "
            "bản thật sự ban hành ngoài năm (kế hoạch ban hành cuối năm trước, báo cáo đầu năm "
            "sau), khai khoảng ngày được phép ở date_window (earliest, latest)"
        ))
    return problems
