"""``dvk-docs import``: a prior-year plan typed in Word or LibreOffice -> a dataset.

The plan is read (legacy TCVN3/VNI text converted, everything NFC), its parts recognised
(:mod:`.plan`), the body turned into Markdown (:mod:`.body`), and a dataset folder written:
``dataset.yaml`` (with comments), ``ke_hoach.md`` and an import report ``bao_cao_nhap.md``
listing what was recognised, what was not (kept in the body) and what to check. The dataset
is validated before anything is written; existing files are refused unless ``force``.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Q

from ..conventions import Family
from ..dataset import LoadedDataset, load_model
from ..dataset.scratch import load_in_scratch
from ..errors import DvkError
from ..output import write_folder
from ..pdf.convert import PdfError, soffice_convert
from .docx_read import Content, read_docx
from .plan import ImportedPlan, PlanImportError, parse_plan

__all__ = ["ImportResult", "ImportedDataset", "PlanImportError", "import_plan", "import_plan_model",
           "read_plan"]

REPORT_NAME = "bao_cao_nhap.md"
BODY_NAME = "ke_hoach.md"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class ImportResult:
    out_dir: Path
    files: list[Path]
    plan: ImportedPlan
    report_path: Path
    converted: str | None = None  # "TCVN3 ...: 12 đoạn" etc.
    warnings: list[str] = field(default_factory=list)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(path: Path, work: Path, what: str) -> Path:
    """Convert ``path`` (.doc, .odt, .rtf) to .docx with LibreOffice, or say how to."""
    soffice = _soffice()
    how = (f"Mở {path.name} bằng Word hoặc LibreOffice Writer, chọn Lưu thành (Save As) → "
           "Word Document (.docx), rồi chạy lại; hoặc cài LibreOffice (sudo apt-get install "
           f"libreoffice-writer-nogui) để dvk-docs tự chuyển: soffice --headless --convert-to "
           f"docx {path.name}")
    if soffice is None:
        raise PlanImportError(f"{path.name}: là {what}, cần chuyển sang .docx. {how}")
    try:
        (result,) = soffice_convert([path], work / "converted", to="docx:MS Word 2007 XML",
                                    timeout=120, soffice=soffice)
    except PdfError as err:
        raise PlanImportError(f"{path.name}: LibreOffice không chuyển được sang .docx (file có "
                              f"mật khẩu hoặc bị hỏng?): {err} {how}") from None
    return result


def _open(path: Path, work: Path) -> tuple[Path, str | None]:
    """The .docx to read (maybe converted) and a note on the conversion."""
    if not path.exists():
        raise PlanImportError(f"{path}: không tìm thấy file")
    if path.is_dir():
        raise PlanImportError(f"{path}: là thư mục; cần một file .docx")
    try:
        head = path.read_bytes()[:8]
        size = path.stat().st_size
    except OSError as err:
        raise PlanImportError(f"{path}: không đọc được ({err.strerror})") from None
    if size == 0:
        raise PlanImportError(f"{path.name}: file rỗng (0 byte)")
    suffix = path.suffix.lower()
    if head.startswith(_OLE):
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise PlanImportError(
                f"{path.name}: file có mật khẩu (mã hóa). Mở bằng Word, gỡ mật khẩu (Tệp → "
                "Thông tin → Bảo vệ tài liệu → Mã hóa bằng mật khẩu: xóa trống), lưu lại rồi "
                "chạy lại")
        converted = _convert(path, work, "văn bản Word 97-2003 (.doc)")
        return converted, f"đã chuyển {path.name} (.doc) sang .docx bằng LibreOffice"
    if head.startswith(b"{\\rtf"):
        converted = _convert(path, work, "văn bản RTF")
        return converted, f"đã chuyển {path.name} (RTF) sang .docx bằng LibreOffice"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                bad = zf.testzip()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise PlanImportError(f"{path.name}: file .docx bị hỏng (không mở được). Mở bằng "
                                  "Word để sửa (Word sẽ đề nghị khôi phục), lưu lại rồi chạy lại"
                                  ) from None
        if bad is not None:
            raise PlanImportError(f"{path.name}: file .docx bị hỏng ({bad}). Mở bằng Word để "
                                  "khôi phục, lưu lại rồi chạy lại")
        if "word/document.xml" in names:
            return path, None
        if "content.xml" in names:
            converted = _convert(path, work, "văn bản OpenDocument (.odt)")
            return converted, f"đã chuyển {path.name} (.odt) sang .docx bằng LibreOffice"
        raise PlanImportError(f"{path.name}: không phải văn bản Word (.docx) — trong file không "
                              "có word/document.xml")
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        raise PlanImportError(f"{path.name}: là PDF; cần bản Word (.docx) của kế hoạch")
    raise PlanImportError(f"{path.name}: không phải file Word (.docx/.doc) hoặc file bị hỏng")


def read_plan(path: Path | str) -> tuple[ImportedPlan, Content, str | None]:
    """Read and recognise a plan without writing anything."""
    src = Path(path)
    with tempfile.TemporaryDirectory(prefix="dvk-import-") as tmp:
        docx, note = _open(src, Path(tmp))
        try:
            content = read_docx(docx)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
            raise PlanImportError(f"{src.name}: không đọc được nội dung ({err}). Mở bằng Word, "
                                  "lưu lại dạng .docx rồi chạy lại") from None
    if not any(p.text.strip() for p in _all_paras(content)):
        raise PlanImportError(f"{src.name}: tài liệu trống (không có chữ nào)")
    plan = parse_plan(content, src.name)
    if plan.year is None:
        raise PlanImportError(f"{src.name}: không xác định được năm (không có dòng "
                              "“..., ngày ... tháng ... năm ...” và trích yếu không ghi năm)")
    if not plan.place:
        raise PlanImportError(f"{src.name}: không xác định được địa danh (dòng “<địa danh>, "
                              "ngày ... tháng ... năm ...”)")
    return plan, content, note


def _all_paras(content: Content) -> list[Any]:
    from .docx_read import iter_paras

    return iter_paras(content.blocks)


def import_plan(source: Path | str, out_dir: Path | str, *, force: bool = False
                ) -> ImportResult:
    """Import a plan (.docx, or .doc/.odt through LibreOffice) into a new dataset folder."""
    src = Path(source)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise PlanImportError(f"{out} đã có và không phải thư mục")
    plan, content, note = read_plan(src)
    files = _dataset_files(plan, content, src, note)
    try:
        load_in_scratch(files)
    except DvkError as err:
        raise PlanImportError(f"{src.name}: bộ dữ liệu nhập được chưa hợp lệ, không ghi gì: "
                              f"{err}") from None
    written = write_folder(out, files, force)
    converted = ", ".join(f"{k}: {v} đoạn chữ" for k, v in content.encodings.items()) or None
    return ImportResult(out, written, plan, out / REPORT_NAME, converted=converted,
                        warnings=list(plan.notes))


@dataclass
class ImportedDataset:
    """A plan imported into memory: the dataset (validated, like a loaded file, with the body
    inline), what was recognised, and the import report (Markdown)."""

    loaded: LoadedDataset
    plan: ImportedPlan
    report: str
    converted: str | None = None
    warnings: list[str] = field(default_factory=list)


def import_plan_model(source: Path | str) -> ImportedDataset:
    """Import a plan into memory: the same recognition and the same dataset as
    :func:`import_plan`, with the body inline instead of ke_hoach.md; nothing is written."""
    src = Path(source)
    plan, content, note = read_plan(src)
    root = _dataset_tree(plan, src)
    plan_doc = root["documents"]["ke_hoach"]
    del plan_doc["body_file"]
    plan_doc["body"] = plan.body.markdown
    try:
        loaded = load_model(root)
    except DvkError as err:
        raise PlanImportError(f"{src.name}: bộ dữ liệu nhập được chưa hợp lệ: {err}") from None
    converted = ", ".join(f"{k}: {v} đoạn chữ" for k, v in content.encodings.items()) or None
    return ImportedDataset(loaded, plan, _report(plan, content, src, note), converted,
                           list(plan.notes))


# =========================================================================================


_REF_KEYS = {"Hướng dẫn": "hd", "Kế hoạch": "kh", "Nghị quyết": "nq", "Chương trình": "ctr",
             "Chương trình công tác": "ctr", "Quyết định": "qd", "Chỉ thị": "ct", "Luật": "luat",
             "Nghị định": "nd", "Quy chế": "quy_che", "Điều lệ": "dieu_le", "Công văn": "cv",
             "Thông báo": "tb", "Kết luận": "kl", "Đề án": "de_an", "Thông tư": "tt"}


def _key(text: str) -> str:
    from ..dataset.clean import strip_accents

    key = re.sub(r"[^a-z0-9]+", "_", strip_accents(text).lower()).strip("_")
    return key or "nguoi_ky"


def _q(value: str | None) -> Any:
    return Q(value) if value is not None else None


def _dataset_files(plan: ImportedPlan, content: Content, src: Path, note: str | None
                   ) -> dict[str, bytes]:
    root = _dataset_tree(plan, src)
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(root, buf)
    report = _report(plan, content, src, note)
    return {"dataset.yaml": buf.getvalue().encode("utf-8"),
            BODY_NAME: plan.body.markdown.encode("utf-8"),
            REPORT_NAME: report.encode("utf-8")}


def _dataset_tree(plan: ImportedPlan, src: Path) -> CommentedMap:
    """The dataset.yaml of an imported plan, as the tree the YAML writer dumps."""
    root = CommentedMap()
    root["schema_version"] = 1
    root["year"] = plan.year
    root["family"] = plan.family.value
    root["place"] = Q(plan.place)
    if plan.term:
        root["term"] = Q(plan.term)
    unit = CommentedMap()
    if plan.parent:
        unit["parent"] = Q(plan.parent)
    unit["name"] = Q(plan.name)
    unit["code"] = plan.code
    if plan.short_name:
        unit["short_name"] = Q(plan.short_name)
    if plan.archive:
        unit["archive"] = Q(plan.archive)
    root["unit"] = unit
    signer_key = _key(plan.signer.get("title") or "nguoi_ky")
    signer = CommentedMap()
    signer["authority"] = plan.signer.get("authority", "none")
    if plan.signer.get("on_behalf_of"):
        signer["on_behalf_of"] = Q(plan.signer["on_behalf_of"])
    signer["title"] = Q(plan.signer.get("title") or "")
    signer["name"] = Q(plan.signer.get("name") or "")
    root["signers"] = CommentedMap([(signer_key, signer)])
    refs = CommentedMap()
    ref_keys: list[str] = []
    for ref in plan.references:
        base = _REF_KEYS.get(ref["kind"], "vb")
        key = base
        n = 2
        while key in refs:
            key = f"{base}_{n}"
            n += 1
        entry = CommentedMap()
        for k in ("kind", "number", "date", "issuer", "subject", "text"):
            if ref.get(k) is not None:
                entry[k] = ref[k] if k == "date" else Q(str(ref[k]))
        refs[key] = entry
        ref_keys.append(key)
    if refs:
        root["references"] = refs
    plan_doc = CommentedMap()
    plan_doc["number"] = plan.number
    plan_doc["date"] = plan.date
    plan_doc["subject"] = Q(plan.subject)
    if ref_keys:
        seq = CommentedSeq(ref_keys)
        seq.fa.set_flow_style()
        plan_doc["references"] = seq
    if plan.preamble:
        plan_doc["preamble"] = Q(plan.preamble)
    plan_doc["body_file"] = BODY_NAME
    plan_doc["signer"] = signer_key
    plan_doc["recipients"] = CommentedSeq([Q(r) for r in plan.recipients])
    if plan.attach_forms:
        plan_doc["attach_forms"] = True
    docs = CommentedMap()
    docs["ke_hoach"] = plan_doc
    root["documents"] = docs
    root.yaml_set_start_comment(
        f"Kế hoạch nhập từ {src.name} bằng dvk-docs import.\n"
        f"Xem {REPORT_NAME}: phần đã nhận ra, phần không nhận ra (giữ trong {BODY_NAME}) và "
        "những chỗ cần kiểm tra.\n"
        "Thêm danh sách đăng ký (registrations), thời hạn (deadlines), chỉ tiêu (targets) khi "
        "cần.")
    return root


def _report(plan: ImportedPlan, content: Content, src: Path, note: str | None) -> str:
    fam = "Đảng (HD 36-HD/VPTW)" if plan.family is Family.PARTY else "Nhà nước (NĐ 30/2020)"
    lines = [f"# Nhập kế hoạch từ {src.name}", "",
             f"- Thể thức: {fam}", f"- Năm: {plan.year}"]
    if note:
        lines.append(f"- {note}")
    if content.encodings:
        for label, n in content.encodings.items():
            lines.append(f"- Bảng mã cũ: đã chuyển {n} đoạn chữ từ {label} sang Unicode")
    else:
        lines.append("- Bảng mã: Unicode")
    legacy_fonts = sorted(f for f in content.fonts if f.lower().startswith((".vn", "vni")))
    if legacy_fonts:
        lines.append(f"- Phông chữ cũ trong file: {', '.join(legacy_fonts)} (văn bản tạo lại "
                     "dùng phông Unicode của mẫu)")
    if content.auto_numbered:
        lines.append(f"- {content.auto_numbered} đoạn đánh số tự động của Word: số được viết "
                     "thành chữ")
    if content.textboxes:
        lines.append(f"- {content.textboxes} khung văn bản (text box): chữ trong khung được đọc "
                     "như đoạn văn")
    lines += ["", "## Đã nhận ra", ""]
    issuer = plan.name.replace("\n", " / ")
    lines.append(f"- cơ quan ban hành: {issuer}" + (f" (cấp trên: {plan.parent})"
                                                     if plan.parent else "")
                 + f", ký hiệu {plan.code}")
    lines += [f"- {f}" for f in plan.found]
    sig = plan.signer
    lines.append(f"- người ký: {sig.get('authority')} {sig.get('on_behalf_of') or ''} — "
                 f"{sig.get('title')} — {sig.get('name') or '(chưa có)'}")
    lines.append(f"- nơi nhận: {len(plan.recipients)} nơi" + (
        f"; lưu: {plan.archive}" if plan.archive else ""))
    lines.append(f"- nội dung: {plan.body.headings} đề mục, {plan.body.tables} bảng → "
                 f"{BODY_NAME}")
    if plan.term:
        lines.append(f"- nhiệm kỳ: {plan.term}")
    lines += ["", f"## Không nhận ra (giữ trong {BODY_NAME}) ({len(plan.unrecognised)})", ""]
    lines += [f"- {u}" for u in plan.unrecognised] or ["Không có."]
    lines += ["", f"## Cần kiểm tra ({len(plan.notes)})", ""]
    lines += [f"- {n}" for n in plan.notes] or ["Không có."]
    lines += ["", "## Tiếp theo", "",
              "- `dvk-docs validate THƯ_MỤC` rồi `dvk-docs build THƯ_MỤC -o ket-qua` để tạo lại "
              "văn bản; so sánh với bản gốc.",
              f"- `dvk-docs rollover THƯ_MỤC --year {plan.year + 1} -o THƯ_MỤC_MỚI` để làm kế "
              "hoạch năm sau."]
    return "\n".join(lines) + "\n"
