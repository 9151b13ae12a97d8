"""The public library API: what both front ends (the command line, the web application) call.

Nothing in a front end reaches around this module. The names listed in ``__all__`` are
stable. A typical web request keeps one :class:`Prepared` (dataset loaded, facts derived and
checked once) and renders from it::

    from dvk_docs import api
    prepared = api.prepare("samples/xa-an-phu")      # load + derive facts + check, once
    for problem in prepared.problems:                 # contradictions between documents
        print(problem.code, problem.path, problem.message)
    doc = api.render_document(prepared, "phieu_dang_ky", "DK003")
    doc.content                                       # the .docx as bytes

Dataset problems come back as :class:`~dvk_docs.problems.Problem` objects: from
:func:`validate` without an exception, or in ``DatasetError.problems`` from the others.
The capabilities with heavy dependencies (PDF, linter, importer, rollover, dossier) are
imported when their function is called.

Why one module (~610 lines): it is the one page a front-end author reads to know what the
core offers; each function only checks its arguments and hands the work to the modules below.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .consistency import check_dataset, refuse_inconsistent
from .cores import workers_for
from .dataset import LoadedDataset, load_dataset
from .documents import KINDS, Rendered, check_kind, items_of, render_kind
from .errors import DatasetError, DvkError, OutputError, TemplateError
from .facts import Counts, Facts, derive
from .gc_pause import paused_gc
from .output import check_free, check_writable, safe_target, write_atomic, write_set
from .pdf.convert import find_soffice, pdf_beside
from .problems import Problem, Severity
from .profiles import profile_for
from .resources import SCAFFOLD_DIR, resource_root, samples_dir, template_roots

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
    """Every document of ``kinds`` (default: all the dataset supports) rendered in memory,
    in filing order; ``only`` keeps one item of per-item kinds. Pass the ``facts`` you
    have (a Prepared's): they are derived here only when missing."""
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


def count_documents(loaded: LoadedDataset | Prepared, kinds: list[str] | None = None) -> int:
    """How many documents a build of ``kinds`` (default: all) writes."""
    if isinstance(loaded, Prepared):
        loaded, facts = loaded.loaded, loaded.facts
    else:
        facts = derive(loaded)
    n = 0
    for key in kinds or list(KINDS):
        kind = KINDS[key]
        if kind.applies(loaded):
            n += len(items_of(kind, loaded, facts)) if kind.per_item else 1
    return n


@dataclass
class Prepared:
    """A dataset loaded, its facts derived and its contradictions checked, once: keep it to
    render documents one by one (:func:`render_document`) or to build (``prepared=``)."""

    loaded: LoadedDataset
    facts: Facts
    problems: list[Problem]  # contradictions between documents (consistency)

    @property
    def warnings(self) -> list[str]:
        return self.loaded.warnings

    def kinds(self) -> list[str]:
        """The document kinds this dataset has data for, in filing order."""
        return [key for key, kind in KINDS.items() if kind.applies(self.loaded)]

    def items(self, kind: str) -> list[str]:
        """The ids of the documents of a per-item kind (registrations, report periods)."""
        k = KINDS[kind]
        ids = (getattr(i, "id", None) for i in items_of(k, self.loaded, self.facts))
        return [str(i) for i in ids if i is not None]


def load(dataset: Path | str) -> LoadedDataset:
    """Read and validate a dataset (folder or YAML file); raises DatasetError with
    ``problems`` when it is invalid."""
    return load_dataset(dataset)


def derive_facts(loaded: LoadedDataset) -> Facts:
    """Counts, sentences and stages of a loaded dataset (what every document is made from)."""
    return derive(loaded)


def prepare(dataset: Path | str | LoadedDataset) -> Prepared:
    """Load (unless given a loaded dataset), derive the facts and check the contradictions,
    each exactly once."""
    loaded = dataset if isinstance(dataset, LoadedDataset) else load_dataset(dataset)
    facts = derive(loaded)
    return Prepared(loaded, facts, check_dataset(loaded, facts))


@dataclass
class Validation:
    """What ``dvk-docs validate`` reports: every problem found (errors and warnings), and
    for a valid dataset its counts and how many documents a build would write."""

    dataset: Path | str
    problems: list[Problem] = field(default_factory=list)
    prepared: Prepared | None = None
    documents: int = 0
    error: str | None = None  # the dataset did not load: the whole message, as build says it

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def to_dict(self) -> dict[str, object]:
        counts = self.prepared.facts.counts if self.prepared is not None else None
        return {
            "dataset": str(self.prepared.loaded.path if self.prepared else self.dataset),
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "documents": self.documents,
            "counts": None if counts is None else {
                "total": counts.total, "tap_the": counts.tap_the, "ca_nhan": counts.ca_nhan,
                "moi": counts.moi, "co_tu_truoc": counts.co_tu_truoc,
                "nhan_rong": counts.nhan_rong},
            "problems": [p.to_dict() for p in self.problems],
        }


def validate(dataset: Path | str, *, templates: Path | str | None = None, full: bool = False
             ) -> Validation:
    """What ``build`` would find wrong, without writing: load, check the invariants, build
    every document's context and check it against its template (compiled once, see
    :func:`dvk_docs.documents.check_kind`; ``full`` renders every document in memory
    instead, as a build does). Whatever is wrong comes back in ``Validation.problems``
    instead of being raised: the dataset's problems (or one problem for a dataset that
    cannot be read at all), the contradictions, the warnings, and the first document that
    cannot be made."""
    # a --full validate renders every document and keeps the collector
    with contextlib.nullcontext() if full else paused_gc():
        return _validate(dataset, templates, full)


def _validate(dataset: Path | str, templates: Path | str | None, full: bool) -> Validation:
    try:
        prepared = prepare(dataset)
    except DatasetError as err:
        found = list(err.problems) or [Problem.from_text(str(err), "dataset.invalid")]
        return Validation(dataset, found, error=str(err))
    found = list(prepared.problems)
    found += [Problem.from_text(w, "dataset.warning", severity=Severity.WARNING)
              for w in prepared.warnings]
    try:
        if full:
            documents = len(render_all(prepared.loaded, None, templates, None,
                                       facts=prepared.facts))
        else:
            documents = _check_documents(prepared, templates)
    except DvkError as err:
        code = "render.template" if isinstance(err, TemplateError) else "render.data"
        found.append(Problem.from_text(str(err), code, hint=RENDER_HINTS[code]))
        return Validation(dataset, found, prepared, error=str(err))
    return Validation(dataset, found, prepared, documents)


def _check_documents(prepared: Prepared, templates: Path | str | None) -> int:
    """Every document's context built and checked against its template, none rendered."""
    loaded, facts = prepared.loaded, prepared.facts
    profile = profile_for(loaded.data.family, loaded.data.profile)
    roots = template_roots(templates)
    return sum(check_kind(kind, loaded, facts, profile, roots) for kind in KINDS.values()
               if kind.applies(loaded))


RENDER_HINTS = {
    "render.template": "Sửa mẫu .docx theo lời nhắn (dvk-docs templates check THƯ_MỤC_MẪU chỉ "
                       "ra mọi chỗ sai).",
    "render.data": "Sửa dữ liệu theo lời nhắn rồi chạy lại validate.",
}


def _check_item(prepared: Prepared, kind: str, item: str | None) -> None:
    """A per-item kind needs an existing item id when it has more than one document."""
    if not KINDS[kind].per_item:
        return
    ids = prepared.items(kind)
    if item is None and len(ids) > 1:
        raise DatasetError(f"'{kind}' có {len(ids)} văn bản: chọn một bằng --id (ví dụ "
                           f"--id {ids[0]}), hoặc dùng 'dvk-docs build' để tạo tất cả")
    if item is not None and item not in ids:
        raise DatasetError(f"Không có mã '{item}' cho '{kind}'; các mã: {', '.join(ids[:20])}")


def render_document(prepared: Prepared, kind: str, item: str | None = None, *,
                    templates: Path | str | None = None) -> Rendered:
    """One document in memory (``.content`` is the .docx as bytes; ``.filename``,
    ``.title``): a kind, or for a per-item kind the item ``item`` (registration id, report
    period). Uses the prepared facts: nothing is loaded or derived again."""
    if kind not in KINDS:
        raise DatasetError(f"Không có loại văn bản '{kind}'; dùng: {', '.join(KINDS)}")
    k = KINDS[kind]
    if not k.applies(prepared.loaded):
        raise DatasetError(f"{prepared.loaded.path.name}: bộ dữ liệu chưa có phần cho "
                           f"'{kind}' (xem mục documents và registrations)")
    _check_item(prepared, kind, item)
    docs = render_all(prepared.loaded, [kind], templates, None, only=item, facts=prepared.facts)
    if not docs:
        raise DatasetError(f"'{kind}': không có văn bản nào để tạo")
    return docs[0]


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
            lines.append(f"- {p} [văn bản liên quan: {docs}]")
    return "\n".join(lines) + "\n"


def _previous_set(out: Path) -> list[Path]:
    """The files an earlier build wrote into ``out`` (from its manifest) that are still there."""
    names = [MANIFEST]
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    names += [line.split("\t", 1)[0] for line in text.splitlines() if "\t" in line]
    found = []
    for name in names:
        try:
            path = safe_target(out, name)
        except OutputError:
            continue
        if path.is_file():
            found.append(out / name)
    return found


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
    prepared: Prepared | None = None,
    jobs: int | None = None,
) -> BuildResult:
    """Render every document the dataset supports into ``out_dir``.

    The dataset is checked against the invariants between documents first; a contradiction
    stops the build unless ``allow_inconsistent``. Everything is rendered in memory; files
    are written only when all documents rendered, existing files are refused unless
    ``force``, and a manifest lists what was written from which data. The dataset is loaded,
    its facts derived and checked once (or taken from ``prepared``). A big build (hundreds
    of phiếu) is spread over ``jobs`` processes (default: every core, see
    :mod:`dvk_docs.parallel`), staged inside ``out_dir`` and moved into place at the end.
    """
    prepared = prepared or prepare(loaded or dataset)
    loaded, facts, problems = prepared.loaded, prepared.facts, prepared.problems
    if problems and not allow_inconsistent:
        refuse_inconsistent(problems, loaded)
    out = Path(out_dir)
    check_writable(out)  # before the render, which can take minutes
    if not force and (out / MANIFEST).is_file():  # a set is already there: it would collide
        check_free(_previous_set(out), force)
    if pdf:
        find_soffice()  # say which package to install before rendering anything
    workers = workers_for(count_documents(prepared, kinds), jobs)
    if workers > 1:
        return _build_parallel(loaded, facts, problems, out, kinds, templates, progress,
                               force=force, pdf=pdf, workers=workers)
    rendered = render_all(loaded, kinds, templates, progress, facts=facts)
    if not rendered:
        wanted = ", ".join(kinds or KINDS)
        raise DatasetError(f"{loaded.path.name}: bộ dữ liệu chưa có dữ liệu cho văn bản nào "
                           f"trong: {wanted} (xem các mục documents, registrations ...)")
    files = {r.filename: r.content for r in rendered}
    files[MANIFEST] = _manifest(loaded, rendered, problems).encode("utf-8")
    if pdf:
        check_free([safe_target(out, r.filename).with_suffix(".pdf") for r in rendered], force)
    result = BuildResult(out_dir=out, warnings=list(loaded.warnings), dataset=loaded.path,
                         counts=facts.counts, problems=problems)
    docx_names = [r.filename for r in rendered]

    def to_pdf(staged: list[Path]) -> None:
        pdf_beside([p for p in staged if p.suffix == ".docx"], force=True)

    written = write_set(out, files, force, finish=to_pdf if pdf else None)
    by_name = {str(p.relative_to(out)): p for p in written}
    for r, name in zip(rendered, docx_names, strict=True):
        result.files.append(by_name[name])
        result.by_kind[r.kind] = result.by_kind.get(r.kind, 0) + 1
    result.manifest = by_name[MANIFEST]
    if pdf:
        result.pdfs = [p for p in written if p.suffix == ".pdf"]
    return result


def _build_parallel(loaded: LoadedDataset, facts: Facts, problems: list[Problem], out: Path,
                    kinds: list[str] | None, templates: Path | str | None,
                    progress: Progress | None, *, force: bool, pdf: bool, workers: int
                    ) -> BuildResult:
    """``build`` over ``workers`` processes: same files, same checks, same manifest."""
    from .parallel import build_staged

    wanted = kinds or list(KINDS)
    staged = build_staged(loaded, facts, wanted, template_roots(templates), out, progress,
                          force=force, pdf=pdf, workers=workers, manifest=MANIFEST)
    result = BuildResult(out_dir=out, warnings=list(loaded.warnings), dataset=loaded.path,
                         counts=facts.counts, problems=problems, files=staged.targets,
                         pdfs=staged.pdfs)
    for r in staged.rendered:
        result.by_kind[r.kind] = result.by_kind.get(r.kind, 0) + 1
    write_atomic(staged.manifest, _manifest(loaded, staged.rendered, problems).encode("utf-8"))
    result.manifest = staged.manifest
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
    prepared = prepare(dataset)
    loaded = prepared.loaded
    if not KINDS[kind].applies(loaded):
        raise DatasetError(f"{loaded.path.name}: bộ dữ liệu chưa có phần cho '{kind}' "
                           "(xem mục documents và registrations)")
    if prepared.problems and not allow_inconsistent:
        refuse_inconsistent(prepared.problems, loaded)
    _check_item(prepared, kind, registration_id)
    target = Path(out_file)
    if target.suffix.lower() != ".docx":
        raise OutputError(f"{target}: file kết quả phải có đuôi .docx")
    check_writable(target.parent)
    if pdf:
        find_soffice()
    check_free([target, *([target.with_suffix(".pdf")] if pdf else [])], force)
    doc = render_document(prepared, kind, registration_id, templates=templates)
    write_atomic(target, doc.content)
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


# -- the other capabilities (their heavy dependencies load when called) --------------------
if TYPE_CHECKING:
    from .check import DocReport
    from .check.templates import TemplateReport
    from .dataset import Dataset
    from .importer import ImportedDataset, ImportResult
    from .pdf.dossier import DossierResult
    from .pdf.formdata import FillResult, ReadResult
    from .rollover import NextYear, RolloverResult


def import_plan(source: Path | str, out_dir: Path | str, *, force: bool = False
                ) -> ImportResult:
    """A plan typed in Word / LibreOffice (.docx, .doc, .odt) -> a dataset folder
    (dataset.yaml, ke_hoach.md, bao_cao_nhap.md)."""
    from .importer import import_plan as _import

    return _import(source, out_dir, force=force)


def import_plan_model(source: Path | str) -> ImportedDataset:
    """A plan typed in Word -> a dataset in memory (``.loaded``, body inline) and the import
    report; nothing is written. Same recognition as :func:`import_plan`."""
    from .importer import import_plan_model as _import

    return _import(source)


def load_model(data: Dataset | Mapping[str, Any], *, name: str = "dataset.yaml"
               ) -> LoadedDataset:
    """A dataset held in memory (a Dataset, or the mapping dataset.yaml would hold, body
    inline) validated and cross-checked like a file; raises DatasetError with problems."""
    from .dataset import load_model as _load_model

    return _load_model(data, name=name)


def rollover_model(current: Prepared | LoadedDataset | Dataset, *, year: int,
                   guidance: Iterable[str] = (), number: int | None = None,
                   registrations: str = "recognised") -> NextYear:
    """Next year's dataset in memory (``.loaded``, ``.dataset``) and the change report
    (``.report``, ``.report.markdown()``), by the same rules as :func:`rollover`; nothing is
    read from or written to files."""
    from .rollover import rollover_model as _rollover_model

    if isinstance(current, Prepared):
        current = current.loaded
    return _rollover_model(current, year=year, guidance=guidance, number=number,
                           registrations=registrations)


def rollover(dataset: Path | str, out_dir: Path | str, *, year: int,
             guidance: Iterable[str] = (), number: int | None = None,
             registrations: str = "recognised", force: bool = False) -> RolloverResult:
    """Next year's dataset folder from this year's, comments kept, with a change report."""
    from .rollover import rollover as _rollover

    return _rollover(dataset, out_dir, year=year, guidance=guidance, number=number,
                     registrations=registrations, force=force)


def build_dossier(dataset: Path | str, out_file: Path | str, *,
                  prepared: Prepared | None = None, **options: Any) -> DossierResult:
    """The hồ sơ đề nghị công nhận as one PDF (options: attachments, copies, every_model,
    allow_incomplete, allow_inconsistent, templates, force, timeout; see
    :func:`dvk_docs.pdf.dossier.build_dossier`)."""
    from .pdf.dossier import build_dossier as _dossier

    if prepared is not None:
        options.update(loaded=prepared.loaded, facts=prepared.facts)
    return _dossier(dataset, out_file, **options)


def fill_forms(dataset: Path | str, out: Path | str, **options: Any) -> FillResult:
    """Fillable PDF phiếu đăng ký from a dataset (options: ids, flatten, blank, force,
    template)."""
    from .pdf.formdata import fill_forms as _fill

    return _fill(dataset, out, **options)


def read_forms(files: Sequence[Path | str], out: Path | str | None = None, **options: Any
               ) -> ReadResult:
    """Returned PDF phiếu -> registrations (.yaml / .xlsx), one report per file."""
    from .pdf.formdata import read_forms as _read

    return _read(files, out, **options)


def check_docx(paths: Sequence[Path | str], *, family: str | None = None) -> list[DocReport]:
    """The format linter on .docx files or folders (any document, ours or typed by hand)."""
    from .check import check_paths

    return check_paths([Path(p) for p in paths], family=family)


def check_templates(directory: Path | str, *, datasets: Sequence[Path | str] | None = None
                    ) -> list[TemplateReport]:
    """The linter for templates edited in Word (tags, variables, unsafe expressions)."""
    from .check.templates import lint_templates

    return lint_templates(Path(directory),
                          datasets=[Path(d) for d in datasets] if datasets else None)


def report_text(reports: Sequence[DocReport | TemplateReport], *, as_json: bool = False,
                templates: bool = False) -> str:
    """The linters' reports as the CLI prints them (text, or JSON with ``as_json``)."""
    from .check.report import format_json, format_templates_text, format_text

    if as_json:
        return format_json(list(reports))
    return format_templates_text(list(reports)) if templates else format_text(list(reports))


__all__ = [
    "KINDS",
    "BuildResult",
    "DatasetError",
    "DvkError",
    "Facts",
    "LoadedDataset",
    "Prepared",
    "Problem",
    "Rendered",
    "Severity",
    "Validation",
    "build",
    "build_dossier",
    "check_docx",
    "check_templates",
    "copy_templates",
    "count_documents",
    "demo",
    "derive_facts",
    "fill_forms",
    "import_plan",
    "import_plan_model",
    "load",
    "load_model",
    "new_dataset",
    "prepare",
    "read_forms",
    "render_all",
    "render_document",
    "render_one",
    "report_text",
    "resource_root",
    "rollover",
    "rollover_model",
    "samples_dir",
    "template_roots",
    "validate",
]
