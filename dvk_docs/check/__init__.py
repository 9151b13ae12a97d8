"""``dvk-docs check``: a format linter for any .docx against the Party (HD 36-HD/VPTW) or
State (NĐ 30/2020 Phụ lục I) rules of format-standards.md and the project's profiles.

Library use::

    from dvk_docs.check import check_docx
    report = check_docx(Path("ke-hoach.docx"))
    for f in report.findings:
        print(f.rule, f.where, f.found, f.expected)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..conventions import Family
from ..conventions.family import coerce_family
from ..errors import ConventionError
from ..profiles import PROFILES, Profile
from .common import Ctx, Finding
from .detect import detect_family
from .flow import (
    check_basis,
    check_body,
    check_fonts,
    check_headings,
    check_page,
    check_tables,
    check_text,
)
from .forms import check_attached_forms
from .grid import Layout, check_appendix_titles, check_header, check_signatures, check_title
from .model import CheckError, Doc, open_docx
from .rules import RULES, FindingsReport, Rule


@dataclass
class DocReport(FindingsReport):
    """The findings for one file (or the reason it could not be checked)."""

    file: str
    family: Family | None = None
    detected_by: str = ""
    profile: str = ""
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "family": self.family.value if self.family else None,
            "detected_by": self.detected_by,
            "profile": self.profile,
            "ok": self.ok,
            "error": self.error,
            "findings": [f.as_dict() for f in self.findings],
        }


def check_document(doc: Doc, family: Family, profile: Profile | None = None) -> list[Finding]:
    """Every finding for an already-read document."""
    ctx = Ctx(doc=doc, family=family, profile=profile or PROFILES[family])
    layout = Layout()
    check_page(ctx)
    check_fonts(ctx)
    check_text(ctx)
    check_header(ctx, layout)
    check_title(ctx, layout)
    check_signatures(ctx, layout)
    check_attached_forms(ctx, layout)
    check_appendix_titles(ctx, layout)
    check_basis(ctx, layout)
    check_body(ctx, layout)
    check_tables(ctx, layout)
    check_headings(ctx, layout)
    return ctx.findings


def check_docx(source: Path | str | bytes, *, family: Family | str | None = None,
               profile: Profile | None = None, name: str | None = None) -> DocReport:
    """Check one .docx (a path or its bytes). Never raises for a bad file: the report's
    ``error`` says why it could not be checked."""
    path = Path(source) if isinstance(source, str) else source
    label = name or (str(path) if isinstance(path, Path) else "văn bản")
    report = DocReport(file=label)
    try:
        doc = open_docx(path, name=label)
        if family is not None:
            try:
                fam = coerce_family(family)
            except ConventionError as err:
                raise CheckError(f"--family: {err}") from None
            how = "--family"
        else:
            fam, how = detect_family(doc)
        prof = profile if profile is not None and profile.family is fam else PROFILES[fam]
        report.family, report.detected_by, report.profile = fam, how, prof.name
        report.findings = check_document(doc, fam, prof)
    except CheckError as err:
        report.error = str(err)
    return report


def docx_files(paths: list[Path]) -> list[Path]:
    """The .docx files named, folders searched recursively (Word lock files skipped)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.docx")
                           if not f.name.startswith(("~$", ".")) and f.is_file())
            if not found:
                raise CheckError(f"{p}: thư mục không có file .docx nào")
            out.extend(found)
        elif not p.exists():
            raise CheckError(f"{p}: không tìm thấy file")
        else:
            out.append(p)
    return out


def check_paths(paths: list[Path], *, family: Family | str | None = None) -> list[DocReport]:
    return [check_docx(p, family=family) for p in docx_files(paths)]


__all__ = ["RULES", "CheckError", "DocReport", "Finding", "Rule", "check_document",
           "check_docx", "check_paths", "docx_files"]
