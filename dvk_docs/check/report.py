"""Text for people and JSON for tools, for both linters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import DocReport
from .rules import FindingsReport
from .templates import TemplateReport

_FAMILY_VI = {"party": "văn bản Đảng, HD 36-HD/VPTW", "state": "văn bản Nhà nước, NĐ 30/2020"}


def _counts(r: FindingsReport) -> str:
    errors = len(r.errors)
    warnings = len(r.findings) - errors
    return f"{errors} lỗi" + (f", {warnings} lưu ý" if warnings else "")


def _total(total: int, bad: int, what: str) -> str:
    return f"Đã kiểm tra {total} {what}: {total - bad} đạt, {bad} có lỗi."


def format_text(reports: Sequence[DocReport]) -> str:
    lines: list[str] = []
    bad = 0
    for r in reports:
        if r.error is not None:
            lines.append(f"Lỗi: {r.error}")
            bad += 1
            continue
        family = _FAMILY_VI.get(r.family.value if r.family else "", "?")
        if not r.findings:
            lines.append(f"{r.file} ({family}): đạt, không có lỗi.")
            continue
        lines.append(f"{r.file} ({family}; nhận biết theo {r.detected_by}): {_counts(r)}")
        lines.extend(f"  {f.line()}" for f in r.findings)
        bad += 1 if r.errors else 0
    lines.append(_total(len(reports), bad, "file"))
    return "\n".join(lines)


def format_templates_text(reports: Sequence[TemplateReport]) -> str:
    lines: list[str] = []
    bad = 0
    for r in reports:
        if r.error is not None:
            lines.append(f"{r.file}: không đọc được — {r.error}")
            bad += 1
            continue
        if not r.findings:
            lines.append(f"{r.file}: đạt.")
            continue
        lines.append(f"{r.file}: {_counts(r)}")
        lines.extend(f"  {f.line()}" for f in r.findings)
        bad += 1 if r.errors else 0
    lines.append(_total(len(reports), bad, "mẫu"))
    return "\n".join(lines)


def format_json(reports: Sequence[FindingsReport]) -> str:
    data: dict[str, Any] = {
        "ok": all(r.ok for r in reports),
        "files": [r.as_dict() for r in reports],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
