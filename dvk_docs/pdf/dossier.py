"""Hồ sơ đề nghị công nhận: one PDF with the tờ trình, the biên bản họp bình xét, the báo cáo
thành tích of each điển hình (``copies`` sets, each model's evidence after its report in the
first set), the danh sách trích ngang, and a cover with the contents.

The dossier is checked for completeness first (seed 5.2.4: tờ trình with the biên bản;
reports confirmed by the managing body and, where asked, the cấp ủy; trích ngang): what is
missing is listed instead of silently producing a partial dossier, unless
``allow_incomplete``, which prints the gaps on the cover. The documents are rendered like
``build`` does and converted in one LibreOffice call; pypdf merges them and adds a bookmark
per document, page labels (cover i, ii…; documents 1…N as in the contents), a small
"Hồ sơ - trang N" stamp on every document page, and the metadata.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject, NameObject

from ..consistency import Problem, check_dataset, refuse_inconsistent
from ..conventions import format_symbol, place_date_line, short_date, upper_vi
from ..dataset import LoadedDataset, RegistrantKind, Registration, load_dataset
from ..documents import KINDS, Rendered, render_kind
from ..documents import common as doc_common
from ..documents.nominee_list import name_and_position
from ..errors import DvkError, OutputError
from ..facts import Facts, derive, kinds_sentence
from ..output import check_free, write_atomic
from ..procedure import confirmed_by_party
from ..profiles import profile_for
from ..resources import template_roots
from .convert import convert_to_pdf, find_soffice, quiet_pypdf
from .cover import CoverInfo, TocRow, draw_cover
from .evidence import (
    DEFAULT_REQUIRED,
    EVIDENCE_KINDS,
    Checklist,
    NomineeCheck,
    UnreadablePdf,
    check_required,
    evidence_gaps,
    nominee_label,
    read_pdf,
    report_nominees,
)
from .fonts import (
    MM,
    Canvas,
    TrueTypeFont,
    add_canvas_page,
    draw_over,
    embed_font,
    shipped_font,
)

PARTS = ("to_trinh", "bien_ban_binh_xet", "bao_cao_thanh_tich", "trich_ngang")


class DossierError(DvkError):
    """Raised when a dossier cannot be made: an unusable attachment, nothing to assemble."""


class IncompleteDossierError(DossierError):
    """Raised when documents the dossier needs are missing (lists every gap)."""

    def __init__(self, message: str, gaps: list[str]) -> None:
        self.gaps = gaps
        super().__init__(message + "\n" + "\n".join(f"  - {g}" for g in gaps))


@dataclass
class Part:
    """One document (or a heading over several) in the dossier."""

    title: str
    level: int
    pdf: bytes | None = None  # None for a heading
    pages: int = 0
    start: int = 0  # 0-based index of its first page in the assembled PDF
    children: list[Part] = field(default_factory=list)


@dataclass
class DossierResult:
    path: Path
    pages: int
    cover_pages: int
    parts: list[Part]
    gaps: list[str]
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # with allow_inconsistent


# -- completeness ------------------------------------------------------------------------------
_who = nominee_label


def completeness(loaded: LoadedDataset, facts: Facts, *,
                 attachments: Mapping[str, Sequence[Path]] | None = None,
                 every_model: bool = False,
                 evidence: Mapping[str, Sequence[str]] | None = None,
                 required_evidence: Sequence[str] = DEFAULT_REQUIRED) -> list[str]:
    """What the dossier lacks, one line each, naming the dataset entry to add or fix;
    with ``evidence`` (registration id → kinds of its attached files) also the required
    kinds of evidence each report lacks (:func:`dvk_docs.pdf.evidence.evidence_gaps`)."""
    data = loaded.data
    gaps: list[str] = []
    name = loaded.path.name
    if data.proposal is None:
        gaps.append(f"Tờ trình: {name} chưa có mục 'proposal' (số, ngày, người ký, Kính gửi)")
    else:
        missing = [f for f in ("number", "date") if getattr(data.proposal, f) is None]
        if missing:
            words = " và ".join("số" if f == "number" else "ngày" for f in missing)
            gaps.append(f"Tờ trình chưa có {words} ({loaded.where('proposal')}: "
                        f"proposal.{', proposal.'.join(missing)})")
    if data.meeting is None:
        gaps.append(f"Biên bản họp bình xét: {name} chưa có mục 'meeting'")
    elif data.meeting.date is None:
        gaps.append(f"Biên bản họp bình xét chưa có ngày họp ({loaded.where('meeting')}: "
                    "meeting.date)")
    assert facts.stages is not None
    proposed = facts.stages.proposed if data.proposal is not None else []
    proposed_ids = {r.id for r in proposed}
    if data.proposal is not None and not proposed:
        gaps.append("Tờ trình không đề nghị mô hình nào (không mô hình nào đạt khi bình xét)")
    regs = {r.id: r for r in loaded.registrations}
    if not data.achievements:
        gaps.append(f"Báo cáo thành tích: {name} chưa có mục 'achievements' (báo cáo của "
                    "từng điển hình)")
    for reg_id, ach in data.achievements.items():
        reg = regs.get(reg_id)
        where = loaded.where("achievements", reg_id)
        if reg is None:
            continue  # the loader reports unknown ids
        who = _who(reg, loaded)
        if data.proposal is not None and reg_id not in proposed_ids:
            gaps.append(f"Báo cáo thành tích {who}: mô hình không có trong Tờ trình (không đạt "
                        f"khi bình xét hoặc không được đề nghị) ({where})")
            continue
        if ach.confirmer is None:
            gaps.append(f"Báo cáo thành tích {who}: chưa có xác nhận của cơ quan trực tiếp quản "
                        f"lý ({where}: thêm achievements.{reg_id}.confirmer)")
        elif ach.confirmer.signer is None:
            gaps.append(f"Báo cáo thành tích {who}: chưa có người ký xác nhận của "
                        f"{ach.confirmer.body} ({where}: achievements.{reg_id}.confirmer.signer)")
        if ach.party_confirmer is None and not confirmed_by_party(ach):
            gaps.append(f"Báo cáo thành tích {who}: chưa có xác nhận của cấp ủy (hướng dẫn của "
                        "tỉnh: báo cáo có xác nhận của cơ quan quản lý và của cấp ủy) "
                        f"({where}: thêm achievements.{reg_id}.party_confirmer)")
        if ach.party_confirmer is not None and ach.party_confirmer.signer is None:
            gaps.append(f"Báo cáo thành tích {who}: chưa có người ký xác nhận của "
                        f"{ach.party_confirmer.body} ({where}: achievements.{reg_id}."
                        "party_confirmer.signer)")
        if ach.reporter is None and reg.kind is RegistrantKind.TAP_THE:
            gaps.append(f"Báo cáo thành tích {who}: chưa có người báo cáo, thủ trưởng đơn vị "
                        f"ký ({where}: achievements.{reg_id}.reporter)")
    if every_model:
        for reg in proposed:
            if reg.id not in data.achievements:
                gaps.append(f"Mô hình {_who(reg, loaded)} trong Tờ trình chưa có báo cáo thành "
                            f"tích (thêm achievements.{reg.id})")
    for reg_id in attachments or {}:
        if reg_id in regs and reg_id not in data.achievements:
            gaps.append(f"Minh chứng của {_who(regs[reg_id], loaded)}: mô hình chưa có báo cáo "
                        f"thành tích để đặt minh chứng sau (thêm achievements.{reg_id})")
    if evidence is not None:
        gaps += evidence_gaps(loaded, facts, evidence, required_evidence)
    return gaps


def checklist(loaded: LoadedDataset, facts: Facts, evidence: Mapping[str, Sequence[str]],
              *, required: Sequence[str] = DEFAULT_REQUIRED, every_model: bool = False
              ) -> Checklist:
    """The dossier's completeness (:func:`~dvk_docs.pdf.dossier.completeness` with the
    evidence rule) grouped by the nominees of the Tờ trình, in the dataset's order."""
    required = check_required(required)
    nominated = set(report_nominees(loaded, facts))
    attached = {k: [] for k, kinds in evidence.items() if kinds and k in nominated}
    gaps = completeness(loaded, facts, attachments=attached, every_model=every_model,
                        evidence=evidence, required_evidence=required)
    assert facts.stages is not None
    proposed = list(facts.stages.proposed) if loaded.data.proposal else [
        r for r in loaded.registrations if r.id in nominated]
    rows: list[NomineeCheck] = []
    claimed: set[int] = set()
    for reg in proposed:
        who = _who(reg, loaded)
        mine = [i for i, g in enumerate(gaps) if who in g]
        claimed.update(mine)
        rows.append(NomineeCheck(reg.id or "", who, reg.model_name, reg.id in nominated,
                                 sorted(set(evidence.get(reg.id or "", ())),
                                        key=list(EVIDENCE_KINDS).index),
                                 [gaps[i] for i in mine]))
    general = [g for i, g in enumerate(gaps) if i not in claimed]
    return Checklist(general, rows, required)


# -- attachments -------------------------------------------------------------------------------


def open_attachment(path: Path) -> PdfReader:
    """A readable, unencrypted PDF with pages, or a DossierError naming the file."""
    if not path.is_file():
        raise DossierError(f"{path}: không tìm thấy file minh chứng")
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as err:
        raise DossierError(f"{path}: không đọc được ({err.strerror})") from None
    if b"%PDF-" not in head:
        raise DossierError(f"{path}: không phải file PDF; hãy xuất (hoặc quét) minh chứng ra "
                           "PDF rồi thêm lại")
    try:
        return read_pdf(path.read_bytes(), str(path))
    except UnreadablePdf as err:
        raise DossierError(str(err)) from None


def collect_attachments(loaded: LoadedDataset, attachments: Mapping[str, Sequence[Path]]
                        ) -> dict[str, list[tuple[Path, bytes, int]]]:
    """Check every attachment up front; all problems are reported together."""
    ids = {r.id for r in loaded.registrations}
    problems: list[str] = []
    out: dict[str, list[tuple[Path, bytes, int]]] = {}
    for reg_id, paths in attachments.items():
        if reg_id not in ids:
            problems.append(f"--attach {reg_id}=…: không có mã đăng ký '{reg_id}' trong "
                            f"{loaded.path.name}")
            continue
        files: list[Path] = []
        for path in paths:
            files += sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf") \
                if path.is_dir() else [path]
        for path in files:
            try:
                reader = open_attachment(path)
            except DossierError as err:
                problems.append(str(err))
                continue
            out.setdefault(reg_id, []).append((path, path.read_bytes(), len(reader.pages)))
    if problems:
        raise DossierError("Minh chứng kèm theo không dùng được:\n"
                           + "\n".join(f"  - {p}" for p in problems))
    return out


# -- titles ------------------------------------------------------------------------------------
def evidence_title(path: Path) -> str:
    """An attachment's name in the contents and bookmarks: its file name without '.pdf'."""
    return path.stem if path.suffix.lower() == ".pdf" else path.name


def _symbol(loaded: LoadedDataset, number: int | None, type_code: str, issuer_key: str,
            date: dt.date | None) -> str:
    issuer = doc_common.body(loaded, issuer_key)
    text = ""
    if number is not None:
        text = f" số {format_symbol(number, type_code, issuer.code, loaded.data.family)}"
    if date is not None:
        text += f" ngày {short_date(date)}"
    return text


def part_title(kind: str, loaded: LoadedDataset, reg: Registration | None = None) -> str:
    data = loaded.data
    if kind == "to_trinh" and data.proposal is not None:
        p = data.proposal
        return "Tờ trình" + _symbol(loaded, p.number, "TTr", p.issuer, p.date)
    if kind == "bien_ban_binh_xet" and data.meeting is not None:
        m = data.meeting
        return "Biên bản họp bình xét" + _symbol(loaded, m.number, "BB", m.issuer, m.date)
    if kind == "bao_cao_thanh_tich" and reg is not None:
        who = name_and_position(reg, data.achievements.get(reg.id or ""))[0]
        return f"Báo cáo thành tích: {who} - “{reg.model_name}”"
    return KINDS[kind].label


# -- rendering and converting ------------------------------------------------------------------
# progress(step, done, total): steps "render" (documents n/N), "convert" (LibreOffice, 0/1
# then 1/1) and "merge" (0/1 then 1/1), in this order
Progress = Callable[[str, int, int], None]


def _no_progress(_step: str, _done: int, _total: int) -> None:
    return None


def _render(loaded: LoadedDataset, facts: Facts, templates: Path | str | None,
            report_ids: list[str], progress: Progress = _no_progress
            ) -> dict[str, list[Rendered]]:
    profile = profile_for(loaded.data.family, loaded.data.profile)
    roots = template_roots(templates)
    keys = [k for k in PARTS if KINDS[k].applies(loaded)]
    total = sum(len(report_ids) if k == "bao_cao_thanh_tich" else 1 for k in keys)
    done = 0
    progress("render", done, total)
    out: dict[str, list[Rendered]] = {}
    for key in keys:
        kind = KINDS[key]
        ids: list[str | None] = list(report_ids) if key == "bao_cao_thanh_tich" else [None]
        rendered: list[Rendered] = out.setdefault(key, [])
        for rid in ids:
            rendered += render_kind(kind, loaded, facts, profile, roots, only=rid)
            done += 1
            progress("render", done, max(total, done))
    return out


def _convert(docs: list[bytes], timeout: float) -> list[bytes]:
    """Every .docx to PDF in one LibreOffice call; nothing is left on disk."""
    with tempfile.TemporaryDirectory(prefix="dvk-dossier-") as tmp:
        folder = Path(tmp)
        files = []
        for i, content in enumerate(docs, start=1):
            path = folder / f"{i:03d}.docx"
            path.write_bytes(content)
            files.append(path)
        pdfs = convert_to_pdf(files, folder / "pdf", timeout=timeout)
        return [p.read_bytes() for p in pdfs]


# -- assembling --------------------------------------------------------------------------------
def _flatten(parts: list[Part]) -> list[Part]:
    return [x for p in parts for x in [p, *_flatten(p.children)]]


def _number_pages(parts: list[Part], start: int) -> int:
    """Set each part's first page (a heading: its first child's); returns the next page."""
    for part in parts:
        part.start = start
        if part.pdf is not None:
            start += part.pages
        if part.children:
            start = _number_pages(part.children, start)
            if part.pdf is None:
                part.pages = start - part.start
    return start


def _toc_rows(parts: list[Part], cover: int) -> list[TocRow]:
    rows: list[TocRow] = []

    def walk(items: list[Part], prefix: str) -> None:
        for i, part in enumerate(items, start=1):
            number = f"{prefix}{i}" if part.level < 2 else ""
            rows.append(TocRow(number, part.title, part.level, part.pages,
                               part.start - cover + 1 if part.pages else None))
            walk(part.children, f"{number}.")

    walk(parts, "")
    return rows


def _stamp(writer: PdfWriter, page_index: int, text: str, font_ref: IndirectObject,
           font: TrueTypeFont) -> None:
    """'Hồ sơ - trang N' at the bottom right of a document page, outside its own text."""
    page = writer.pages[page_index]
    if int(page.get("/Rotate", 0) or 0) % 360:
        return
    box = page.cropbox
    x, y = float(box.right) - 12 * MM, float(box.bottom) + 7 * MM
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    page[NameObject("/Resources")] = resources
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    resources[NameObject("/Font")] = fonts
    fonts[NameObject("/DVKStamp")] = font_ref
    width = font.width(text, 9)
    draw_over(writer, page, f"q BT /DVKStamp 9 Tf 0.25 g {x - width:.2f} {y:.2f} Td "
              f"{font.hex(text)} Tj ET Q")


def build_dossier(
    dataset: Path | str,
    out_file: Path | str,
    *,
    attachments: Mapping[str, Sequence[Path]] | None = None,
    copies: int = 2,
    every_model: bool = False,
    allow_incomplete: bool = False,
    progress: Progress | None = None,
    allow_inconsistent: bool = False,
    templates: Path | str | None = None,
    force: bool = False,
    timeout: float = 300,
    loaded: LoadedDataset | None = None,
    facts: Facts | None = None,
    evidence_kinds: Mapping[str, Sequence[str]] | None = None,
    required_evidence: Sequence[str] = DEFAULT_REQUIRED,
) -> DossierResult:
    """Assemble the recognition dossier of ``dataset`` into ``out_file`` (.pdf); ``loaded``
    and ``facts`` skip loading and deriving again when the caller has them; ``evidence_kinds``
    (the kinds of the attached files per registration id) adds the required-evidence rule
    to the completeness check. ``progress`` is told each step as it advances (see
    :data:`Progress`)."""
    step = progress or _no_progress
    target = Path(out_file)
    if target.suffix.lower() != ".pdf":
        raise OutputError(f"{target}: file hồ sơ phải có đuôi .pdf")
    if not 1 <= copies <= 5:
        raise DossierError(f"--copies {copies}: số bộ báo cáo thành tích phải từ 1 đến 5")
    check_free([target], force)
    loaded = loaded or load_dataset(dataset)
    facts = facts or derive(loaded)
    problems = check_dataset(loaded, facts)
    if problems and not allow_inconsistent:
        refuse_inconsistent(problems, loaded)
    evidence = collect_attachments(loaded, attachments or {})
    gaps = completeness(loaded, facts, attachments=attachments, every_model=every_model,
                        evidence=evidence_kinds, required_evidence=required_evidence)
    if gaps and not allow_incomplete:
        raise IncompleteDossierError(
            f"{loaded.path.name}: hồ sơ chưa đầy đủ ({len(gaps)} chỗ); bổ sung dữ liệu, hoặc "
            "thêm --allow-incomplete để vẫn tạo (các chỗ thiếu được ghi trên bìa)", gaps)
    assert facts.stages is not None
    proposed_ids = {r.id for r in facts.stages.proposed} if loaded.data.proposal else None
    reports = [r for r in loaded.registrations if r.id in loaded.data.achievements
               and (proposed_ids is None or r.id in proposed_ids)]
    find_soffice()
    rendered = _render(loaded, facts, templates, [r.id or "" for r in reports], step)
    order = [(k, r) for k in PARTS for r in rendered.get(k, [])]
    if not order:
        raise DossierError(f"{loaded.path.name}: không có văn bản nào cho hồ sơ")
    step("convert", 0, 1)
    pdfs = _convert([r.content for _, r in order], timeout)
    step("convert", 1, 1)
    step("merge", 0, 1)
    by_kind: dict[str, list[bytes]] = {}
    for (key, _), pdf in zip(order, pdfs, strict=True):
        by_kind.setdefault(key, []).append(pdf)

    def doc(title: str, pdf: bytes, level: int) -> Part:
        return Part(title, level, pdf, len(PdfReader(io.BytesIO(pdf)).pages))

    parts: list[Part] = []
    for key in PARTS:
        if key not in by_kind:
            continue
        if key != "bao_cao_thanh_tich":
            parts.append(doc(part_title(key, loaded), by_kind[key][0], 0))
            continue
        for copy in range(1, copies + 1):
            head = "Báo cáo thành tích" + (f" (bộ {copy}/{copies})" if copies > 1 else "")
            group = Part(head, 0)
            for reg, pdf in zip(reports, by_kind[key], strict=True):
                item = doc(part_title(key, loaded, reg), pdf, 1)
                if copy == 1:
                    item.children = [Part(f"Minh chứng: {evidence_title(path)}", 2, data, pages)
                                     for path, data, pages in evidence.get(reg.id or "", [])]
                group.children.append(item)
            parts.append(group)

    info = cover_info(loaded, facts, gaps)
    cover_count = len(draw_cover(info, _toc_rows(parts, 0)))
    total = _number_pages(parts, cover_count)
    cover = draw_cover(info, _toc_rows(parts, cover_count))
    assert len(cover) == cover_count
    writer = _assemble(cover, parts, total, cover_count)
    _metadata(writer, loaded, facts)
    buffer = io.BytesIO()
    writer.write(buffer)
    write_atomic(target, buffer.getvalue())
    step("merge", 1, 1)
    return DossierResult(target, total, cover_count, parts, gaps, list(loaded.warnings),
                         problems)


def cover_info(loaded: LoadedDataset, facts: Facts, gaps: list[str]) -> CoverInfo:
    data = loaded.data
    proposal = data.proposal
    issuer = doc_common.body(loaded, proposal.issuer) if proposal else data.unit
    level = f" {upper_vi(proposal.level)}" if proposal else ""
    summary = None
    addressee = None
    if proposal is not None:
        assert facts.stages is not None
        addressee = proposal.addressee
        summary = (f"Đề nghị công nhận {kinds_sentence(facts.stages.proposed)}"
                   if facts.stages.proposed else None)
    return CoverInfo(
        family=data.family,
        parent=[upper_vi(x) for x in (issuer.parent or "").split("\n") if x.strip()],
        issuer=[upper_vi(x) for x in issuer.name.split("\n") if x.strip()],
        place_date=place_date_line(data.place, proposal.date if proposal else None,
                                   year=data.year),
        title_lines=["HỒ SƠ", "ĐỀ NGHỊ CÔNG NHẬN MÔ HÌNH, ĐIỂN HÌNH",
                     f"“DÂN VẬN KHÉO”{level} NĂM {data.year}"],
        addressee=addressee, summary=summary, gaps=gaps,
    )


def _assemble(cover: list[Canvas], parts: list[Part], total: int, cover_count: int
              ) -> PdfWriter:
    writer = PdfWriter()
    for canvas in cover:
        add_canvas_page(writer, canvas)
    leaves = [p for p in _flatten(parts) if p.pdf is not None]
    for part in leaves:
        try:
            with quiet_pypdf():
                reader = PdfReader(io.BytesIO(part.pdf or b""))
                if reader.is_encrypted:
                    reader.decrypt("")
                for page in reader.pages:
                    writer.add_page(page)
        except Exception as err:  # evidence that read fine but fails to merge
            raise DossierError(f"{part.title}: không ghép được vào hồ sơ "
                               f"({type(err).__name__})") from None
    font = shipped_font("regular")
    digits = "0123456789"
    text_of = [f"Hồ sơ - trang {n}" for n in range(1, total - cover_count + 1)]
    used = set(font.glyphs("".join(sorted(set("Hồ sơ - trang " + digits)))))
    font_ref = embed_font(writer, font, used)
    for index in range(cover_count, total):
        _stamp(writer, index, text_of[index - cover_count], font_ref, font)
    writer.add_outline_item(title="Bìa và mục lục", page_number=0)

    def outline(items: list[Part], parent: IndirectObject | None = None) -> None:
        for part in items:
            node = writer.add_outline_item(title=part.title, page_number=part.start,
                                           parent=parent)
            outline(part.children, node)

    outline(parts)
    writer.set_page_label(0, cover_count - 1, style="/r", start=1)
    writer.set_page_label(cover_count, total - 1, style="/D", start=1)
    writer.page_mode = "/UseOutlines"
    writer.compress_identical_objects()  # the second set of reports shares the first's objects
    return writer


def _metadata(writer: PdfWriter, loaded: LoadedDataset, facts: Facts) -> None:
    data = loaded.data
    proposal = data.proposal
    issuer = doc_common.body(loaded, proposal.issuer) if proposal else data.unit
    author = " ".join(issuer.name.split())
    if issuer.parent and issuer is not data.unit:
        author = f"{author} - {' '.join(issuer.parent.split())}"
    subject = f"Hồ sơ đề nghị công nhận mô hình, điển hình “Dân vận khéo” năm {data.year}"
    if proposal is not None:
        assert facts.stages is not None
        subject = (f"{part_title('to_trinh', loaded)}: đề nghị {proposal.addressee} công nhận "
                   f"{kinds_sentence(facts.stages.proposed)}")
    keywords = ["Dân vận khéo", "hồ sơ đề nghị công nhận", str(data.year), data.place,
                "tờ trình", "biên bản họp bình xét", "báo cáo thành tích", "trích ngang"]
    from importlib.metadata import PackageNotFoundError, version

    try:
        creator = f"dvk-docs {version('dvk-docs')}"
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        creator = "dvk-docs"
    writer.add_metadata({
        "/Title": " ".join(("Hồ sơ đề nghị công nhận mô hình, điển hình “Dân vận khéo” "
                            f"năm {data.year} - {data.place}").split()),
        "/Author": author,
        "/Subject": subject,
        "/Keywords": "; ".join(keywords),
        "/Creator": creator,
    })


__all__ = ["DossierError", "DossierResult", "IncompleteDossierError", "build_dossier",
           "checklist", "completeness", "open_attachment"]
