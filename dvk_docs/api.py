"""Library entry points; the CLI calls exactly these."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .consistency import Problem, check_dataset, refuse_inconsistent
from .dataset import LoadedDataset, load_dataset
from .documents import KINDS, Rendered, items_of, render_kind
from .errors import DatasetError, OutputError
from .facts import Counts, Facts, derive
from .output import check_free, safe_target, write_atomic
from .pdf.convert import find_soffice, pdf_beside
from .profiles import profile_for
from .resources import (
    SCAFFOLD_DIR,
    resource_root,
    samples_dir,
    template_roots,
)

Progress = Callable[[str], None]

@dataclass
class BuildResult:
    """What a build wrote, from which data, and what to look at."""

    out_dir: Path
    files: list[Path] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    counts: Counts | None = None
    dataset: Path | None = None
    problems: list[Problem] = field(default_factory=list)  # with allow_inconsistent
    manifest: Path | None = None
    pdfs: list[Path] = field(default_factory=list)


def render_all(loaded: LoadedDataset, kinds: list[str] | None, templates: Path | str | None,
                progress: Progress | None, only: str | None = None,
                facts: Facts | None = None) -> list[Rendered]:
    facts = facts or derive(loaded)
    profile = profile_for(loaded.data.family, loaded.data.profile)
    roots = template_roots(templates)
    wanted = kinds or list(KINDS)
    out: list[Rendered] = []
    for key in wanted:
        kind = KINDS[key]
        if not kind.applies(loaded):
            continue
        for rendered in render_kind(kind, loaded, facts, profile, roots, only=only):
            out.append(rendered)
            if progress:
                progress(rendered.filename)
    return out


def count_documents(loaded: LoadedDataset, kinds: list[str] | None = None) -> int:
    facts = derive(loaded)
    n = 0
    for key in kinds or list(KINDS):
        kind = KINDS[key]
        if kind.applies(loaded):
            n += len(items_of(kind, loaded, facts)) if kind.per_item else 1
    return n


def validate(dataset: Path | str, *, templates: Path | str | None = None
             ) -> tuple[LoadedDataset, Facts, list[Problem], int]:
    """Everything ``build`` does except writing: load, check, render every document in
    memory. Returns (dataset, facts, contradictions, number of documents)."""
    loaded = load_dataset(dataset)
    facts = derive(loaded)
    problems = check_dataset(loaded, facts)
    rendered = render_all(loaded, None, templates, None, facts=facts)
    return loaded, facts, problems, len(rendered)


MANIFEST = "00-danh-muc.txt"


def _manifest(loaded: LoadedDataset, rendered: list[Rendered], problems: list[Problem]) -> str:
    lines = [f"Danh mục văn bản năm {loaded.data.year} - tạo bằng dvk-docs",
             f"Bộ dữ liệu: {loaded.path}", ""]
    for name, src in loaded.sources.items():
        lines.append(f"  nguồn {name}: {src}")
    lines.append("")
    for r in rendered:
        lines.append(f"{r.filename}\t{r.title}\t(từ: {', '.join(s for s in r.sources if s)})")
    if problems:
        lines += ["", "MÂU THUẪN (tạo với --allow-inconsistent):"]
        for p in problems:
            docs = ", ".join(p.documents) or "—"
            lines.append(f"- {p.message} [văn bản liên quan: {docs}]")
    return "\n".join(lines) + "\n"


def build(
    dataset: Path | str,
    out_dir: Path | str,
    *,
    force: bool = False,
    templates: Path | str | None = None,
    kinds: list[str] | None = None,
    progress: Progress | None = None,
    loaded: LoadedDataset | None = None,
    allow_inconsistent: bool = False,
    pdf: bool = False,
) -> BuildResult:
    """Render every document the dataset supports into ``out_dir``.

    The dataset is checked against the invariants between documents first; a contradiction
    stops the build unless ``allow_inconsistent``. Everything is rendered in memory; files
    are written only when all documents rendered, existing files are refused unless
    ``force``, and a manifest lists what was written from which data.
    """
    loaded = loaded or load_dataset(dataset)
    facts = derive(loaded)
    problems = check_dataset(loaded, facts)
    if problems and not allow_inconsistent:
        refuse_inconsistent(problems, loaded)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} đã có và không phải thư mục")
    rendered = render_all(loaded, kinds, templates, progress, facts=facts)
    if not rendered:
        wanted = ", ".join(kinds or KINDS)
        raise DatasetError(f"{loaded.path.name}: bộ dữ liệu chưa có dữ liệu cho văn bản nào "
                           f"trong: {wanted} (xem các mục documents, registrations ...)")
    targets = [safe_target(out, r.filename) for r in rendered]
    manifest = safe_target(out, MANIFEST)
    pdf_targets = [t.with_suffix(".pdf") for t in targets] if pdf else []
    if pdf:
        find_soffice()  # say which package to install before writing anything
    check_free([*targets, manifest, *pdf_targets], force)
    result = BuildResult(out_dir=out, warnings=list(loaded.warnings), dataset=loaded.path,
                         counts=facts.counts, problems=problems)
    for r, target in zip(rendered, targets, strict=True):
        write_atomic(target, r.content)
        result.files.append(target)
        result.by_kind[r.kind] = result.by_kind.get(r.kind, 0) + 1
    write_atomic(manifest, _manifest(loaded, rendered, problems).encode("utf-8"))
    result.manifest = manifest
    if pdf:
        result.pdfs = pdf_beside(result.files, force=True)
    return result


def render_one(
    kind: str,
    dataset: Path | str,
    out_file: Path | str,
    *,
    force: bool = False,
    templates: Path | str | None = None,
    registration_id: str | None = None,
    allow_inconsistent: bool = False,
    pdf: bool = False,
) -> Path:
    """Render one document (for phieu_dang_ky: the registration ``registration_id``)."""
    if kind not in KINDS:
        raise DatasetError(f"Không có loại văn bản '{kind}'; dùng: {', '.join(KINDS)}")
    loaded = load_dataset(dataset)
    k = KINDS[kind]
    if not k.applies(loaded):
        raise DatasetError(f"{loaded.path.name}: bộ dữ liệu chưa có phần cho '{kind}' "
                           "(xem mục documents và registrations)")
    facts = derive(loaded)
    problems = check_dataset(loaded, facts)
    if problems and not allow_inconsistent:
        refuse_inconsistent(problems, loaded)
    if k.per_item:
        ids = [getattr(i, "id", None) for i in items_of(k, loaded, facts)]
        if registration_id is None and len(ids) > 1:
            raise DatasetError(f"'{kind}' có {len(ids)} văn bản: chọn một bằng --id (ví dụ "
                               f"--id {ids[0]}), hoặc dùng 'dvk-docs build' để tạo tất cả")
        if registration_id is not None and registration_id not in ids:
            raise DatasetError(f"Không có mã '{registration_id}' cho '{kind}'; các mã: "
                               f"{', '.join(str(i) for i in ids[:20])}")
    target = Path(out_file)
    if target.suffix.lower() != ".docx":
        raise OutputError(f"{target}: file kết quả phải có đuôi .docx")
    if pdf:
        find_soffice()
    check_free([target, *([target.with_suffix(".pdf")] if pdf else [])], force)
    docs = render_all(loaded, [kind], templates, None, only=registration_id, facts=facts)
    if not docs:
        raise DatasetError(f"'{kind}': không có văn bản nào để tạo")
    write_atomic(target, docs[0].content)
    if pdf:
        pdf_beside([target], force=True)
    return target


def demo(out_dir: Path | str, *, force: bool = False, progress: Progress | None = None
         ) -> list[BuildResult]:
    """Build every bundled sample into ``out_dir/<sample>``."""
    out = Path(out_dir)
    results = []
    samples = sorted(p for p in samples_dir().iterdir() if (p / "dataset.yaml").is_file())
    loaded = [(s, load_dataset(s)) for s in samples]
    if not force:
        existing = [out / s.name for s, _ in loaded if (out / s.name).exists()
                    and any((out / s.name).iterdir())]
        if existing:
            raise OutputError(
                "Thư mục kết quả đã có dữ liệu: " + ", ".join(str(e) for e in existing)
                + ". Chọn thư mục khác (-o) hoặc thêm --force để ghi đè."
            )
    for sample, ld in loaded:
        results.append(build(sample, out / sample.name, force=force, loaded=ld,
                             progress=progress))
    return results


def new_dataset(target: Path | str, *, family: str = "party", force: bool = False) -> list[Path]:
    """Write a commented starter dataset (YAML + Markdown body + Excel sheet) into ``target``."""
    if family not in {"party", "state"}:
        raise DatasetError("family chỉ nhận 'party' (văn bản Đảng) hoặc 'state' (Nhà nước)")
    out = Path(target)
    source = SCAFFOLD_DIR / family
    files = sorted(p for p in source.iterdir() if p.is_file())
    targets = [out / p.name for p in files]
    check_free(targets, force)
    for src, dst in zip(files, targets, strict=True):
        write_atomic(dst, src.read_bytes())
    return targets


def copy_templates(target: Path | str, *, force: bool = False) -> list[Path]:
    """Copy the shipped templates so a user can edit them in Word (use with --templates)."""
    out = Path(target)
    root = resource_root()
    files = sorted(p for d in ("letter_templates", "forms") for p in (root / d).rglob("*.docx"))
    targets = [out / p.relative_to(root) for p in files]
    check_free(targets, force)
    for src, dst in zip(files, targets, strict=True):
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    return targets
