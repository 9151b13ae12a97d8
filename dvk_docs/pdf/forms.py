"""The fillable phiếu đăng ký (AcroForm): its fields, filling it, flattening, reading it back.

``forms/<family>/phieu_dang_ky.pdf`` is made by ``tools/build_pdf_form.py`` with the whole
Liberation Serif embedded as the fields' font (/DR), so a viewer can draw any Vietnamese text
typed into it. Filling writes each field's value (/V) *and* its appearance (drawn here with
the form's own embedded font: glyph ids, wrapped and shrunk to fit), with NeedAppearances
off, so the values show in every viewer, also those that never redraw fields (pitfalls.md
#17-22). ``flatten`` paints the appearances into the page and removes the fields.

Reading takes the /V of each field back into a registration, reporting per file the fields
that are missing, renamed, extra, empty, unreadable or invalid.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..conventions import Family
from ..errors import DvkError
from .convert import quiet_pypdf
from .fonts import TrueTypeFont, draw_over, font_from_bytes, pdf_stream, wrap

FORM_NAME = "phieu_dang_ky.pdf"
FONT_RESOURCE = "/LibSerif"
SINGLE_SIZE = 12.0
MIN_SIZE = 6.0

KIND_OPTIONS = ("Tập thể", "Cá nhân")
STATUS_OPTIONS = ("Mới", "Có từ trước", "Nhân rộng")
LINH_VUC_OPTIONS = ("Lĩnh vực phát triển kinh tế", "Lĩnh vực văn hóa - xã hội",
                    "Lĩnh vực quốc phòng - an ninh", "Lĩnh vực xây dựng hệ thống chính trị")
GENDER_OPTIONS = ("", "Nam", "Nữ")
YES_NO_OPTIONS = ("", "Có", "Không")


class FormError(DvkError):
    """Raised when a PDF form cannot be made, filled or read (names the file and field)."""


@dataclass(frozen=True)
class FormField:
    """One field of the phiếu: its PDF name (/T), label, kind and choices."""

    name: str
    label: str
    kind: str = "text"  # text | multiline | choice | combo (choice that also takes typed text)
    options: tuple[str, ...] = ()
    required: bool = False

    @property
    def centered(self) -> bool:
        return self.name in CENTERED

    @property
    def flags(self) -> int:
        if self.kind == "multiline":
            return 1 << 12
        if self.kind == "choice":
            return 1 << 17
        if self.kind == "combo":
            return (1 << 17) | (1 << 18)
        return 0


CENTERED = {"co_quan_cap_tren", "ten_don_vi", "ngay", "thang", "nam", "nam_dang_ky",
            "xac_nhan_co_quan", "xac_nhan_thay_mat", "xac_nhan_chuc_vu", "xac_nhan_ho_ten",
            "ky_thay_mat", "ky_chuc_vu", "ky_ho_ten"}

FIELDS: tuple[FormField, ...] = (
    FormField("ma_dang_ky", "Mã đăng ký (nơi nhận ghi)"),
    FormField("co_quan_cap_tren", "Cơ quan, đơn vị cấp trên", "multiline"),
    FormField("ten_don_vi", "Tên đơn vị đăng ký", "multiline"),
    FormField("dia_danh", "Địa danh"),
    FormField("ngay", "Ngày"),
    FormField("thang", "Tháng"),
    FormField("nam", "Năm"),
    FormField("nam_dang_ky", "Năm đăng ký"),
    FormField("kinh_gui", "Kính gửi"),
    FormField("chu_the", "Chủ thể thực hiện", "multiline", required=True),
    FormField("loai", "Tập thể / Cá nhân", "choice", KIND_OPTIONS, required=True),
    FormField("ho_ten", "Họ và tên (cá nhân)"),
    FormField("nam_sinh", "Năm sinh"),
    FormField("gioi_tinh", "Giới tính", "choice", GENDER_OPTIONS),
    FormField("dang_vien", "Đảng viên", "choice", YES_NO_OPTIONS),
    FormField("dien_thoai", "Điện thoại"),
    FormField("chuc_vu", "Chức vụ, nghề nghiệp"),
    FormField("noi_cong_tac", "Nơi công tác, nơi ở"),
    FormField("ten_mo_hinh", "Tên mô hình", "multiline", required=True),
    FormField("linh_vuc", "Lĩnh vực", "combo", LINH_VUC_OPTIONS, required=True),
    FormField("hinh_thuc", "Hình thức", "choice", STATUS_OPTIONS, required=True),
    FormField("don_vi_quan_ly", "Đơn vị quản lý"),
    FormField("dia_ban", "Địa bàn, phạm vi thực hiện", "multiline"),
    FormField("su_can_thiet", "Sự cần thiết xây dựng mô hình", "multiline"),
    FormField("muc_tieu", "Mục tiêu, tiêu chí", "multiline"),
    FormField("noi_dung_cach_lam", "Nội dung, cách làm", "multiline"),
    FormField("thoi_gian", "Thời gian thực hiện"),
    FormField("nguon_luc", "Nguồn lực", "multiline"),
    FormField("du_kien_ket_qua", "Dự kiến kết quả cần đạt", "multiline", required=True),
    FormField("cam_ket", "Cam kết", "multiline"),
    FormField("xac_nhan_co_quan", "Cơ quan xác nhận"),
    FormField("xac_nhan_thay_mat", "Thẩm quyền ký xác nhận (T/M, K/T ...)"),
    FormField("xac_nhan_chuc_vu", "Chức vụ người ký xác nhận"),
    FormField("xac_nhan_ho_ten", "Họ tên người ký xác nhận"),
    FormField("ky_thay_mat", "Thẩm quyền ký (T/M, K/T ...)"),
    FormField("ky_chuc_vu", "Chức vụ người ký"),
    FormField("ky_ho_ten", "Họ tên người ký"),
)
BY_NAME = {f.name: f for f in FIELDS}


def form_path(family: Family | str, root: Path | None = None) -> Path:
    from ..resources import resource_root

    value = family.value if isinstance(family, Family) else family
    return (root or resource_root() / "forms") / value / FORM_NAME


# -- widgets and appearances -------------------------------------------------------------------
def _fit(font: TrueTypeFont, value: str, width: float, height: float, multiline: bool,
         size: float) -> tuple[float, list[str], bool]:
    """(font size, lines, whether everything fits) for ``value`` in a box."""
    if not multiline:
        text = " ".join(value.split())
        while size > MIN_SIZE and font.width(text, size) > width:
            size -= 0.5
        return size, [text], font.width(text, size) <= width
    while True:
        lines = wrap(value, font, size, width)
        if len(lines) * size * 1.15 <= height or size <= MIN_SIZE:
            break
        size -= 0.5
    room = max(1, int(height // (size * 1.15)))
    return size, lines[:room], len(lines) <= room


def appearance(writer: PdfWriter, font: TrueTypeFont, font_ref: IndirectObject, width: float,
               height: float, value: str, multiline: bool, centered: bool = False
               ) -> tuple[IndirectObject, bool]:
    """The normal appearance of a text or choice field showing ``value``; returns it and
    whether the whole value fits (a value that does not is shrunk, then cut)."""
    ops = ["/Tx BMC", "q", f"1 1 {width - 2:.2f} {height - 2:.2f} re W n"]
    fits = True
    if value:
        size, lines, fits = _fit(font, value, width - 6, height - 3, multiline, SINGLE_SIZE)
        leading = size * 1.15
        y = height - 1.5 - size * 0.93 if multiline else (height - size * 0.66) / 2
        ops += ["BT", f"{FONT_RESOURCE} {size:g} Tf 0 g"]
        x_prev = 0.0
        for i, line in enumerate(lines):
            x = (width - font.width(line, size)) / 2 if centered else 3.0
            ops.append(f"{x - x_prev:.2f} {y if i == 0 else -leading:.2f} Td")
            x_prev = x
            if line:
                ops.append(f"{font.hex(line)} Tj")
        ops.append("ET")
    ops += ["Q", "EMC"]
    stream = {
        "/Type": NameObject("/XObject"), "/Subtype": NameObject("/Form"),
        "/BBox": ArrayObject([FloatObject(0), FloatObject(0), FloatObject(round(width, 2)),
                              FloatObject(round(height, 2))]),
        "/Resources": DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject(FONT_RESOURCE): font_ref})}),
    }
    return pdf_stream(writer, "\n".join(ops).encode("ascii"), stream), fits


def make_widget(writer: PdfWriter, page_ref: IndirectObject, spec: FormField,
                rect: tuple[float, float, float, float], font: TrueTypeFont,
                font_ref: IndirectObject) -> IndirectObject:
    """A field that is its own widget, with an empty appearance (used by the form builder)."""
    x0, y0, x1, y1 = rect
    widget = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Ch" if spec.kind in {"choice", "combo"} else "/Tx"),
        NameObject("/T"): TextStringObject(spec.name),
        NameObject("/TU"): TextStringObject(spec.label),
        NameObject("/Rect"): ArrayObject(FloatObject(round(v, 2)) for v in rect),
        NameObject("/F"): NumberObject(4),
        NameObject("/P"): page_ref,
        NameObject("/Ff"): NumberObject(spec.flags | (2 if spec.required else 0)),
        NameObject("/DA"): TextStringObject(
            f"{FONT_RESOURCE} {0 if spec.kind == 'multiline' else SINGLE_SIZE:g} Tf 0 g"),
        NameObject("/V"): TextStringObject(""),
        NameObject("/MK"): DictionaryObject(),
        NameObject("/Q"): NumberObject(1 if spec.centered else 0),
    })
    if spec.options:
        widget[NameObject("/Opt")] = ArrayObject(TextStringObject(o) for o in spec.options)
    ap, _ = appearance(writer, font, font_ref, x1 - x0, y1 - y0, "", spec.kind == "multiline",
                       spec.centered)
    widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ap})
    return writer._add_object(widget)


def acroform(writer: PdfWriter, fields: list[IndirectObject], font_ref: IndirectObject
             ) -> None:
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject(fields),
        NameObject("/DR"): DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject(FONT_RESOURCE): font_ref})}),
        NameObject("/DA"): TextStringObject(f"{FONT_RESOURCE} {SINGLE_SIZE:g} Tf 0 g"),
        NameObject("/NeedAppearances"): BooleanObject(False),
    })


# -- filling -----------------------------------------------------------------------------------
def _widgets(writer: PdfWriter) -> list[tuple[int, DictionaryObject]]:
    out = []
    for index, page in enumerate(writer.pages):
        for annot in page.get("/Annots", None) or []:
            obj = annot.get_object()
            if obj.get("/Subtype") == "/Widget" and "/T" in obj:
                out.append((index, obj))
    return out


def _form_font(writer: PdfWriter) -> tuple[TrueTypeFont, IndirectObject]:
    """The fields' font as embedded in the form itself (not a font of this machine)."""
    try:
        form = writer._root_object["/AcroForm"].get_object()
        ref = form["/DR"]["/Font"].raw_get(FONT_RESOURCE)  # the reference, not a copy
        type0 = ref.get_object()
        cid = type0["/DescendantFonts"][0].get_object()
        program = cid["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        if not isinstance(ref, IndirectObject):
            raise TypeError(FONT_RESOURCE)
    except (KeyError, IndexError, TypeError, AttributeError):
        raise FormError(f"Mẫu phiếu không có phông {FONT_RESOURCE} nhúng đủ; tạo lại mẫu bằng "
                        "tools/build_pdf_form.py") from None
    return font_from_bytes(program, "của mẫu phiếu"), ref


@lru_cache(maxsize=4)
def _parsed(template: bytes) -> PdfReader:
    """The template parsed once: filling many forms clones its objects instead of parsing
    the embedded font's thousands of widths again for every form (the clone is a copy; the
    reader itself is never changed)."""
    return PdfReader(io.BytesIO(template))


def check_template(template: bytes, where: str) -> None:
    """Raise a FormError naming ``where`` unless ``template`` is a phiếu this module can fill:
    a readable PDF with the fields of :data:`FIELDS` and the embedded field font."""
    if b"%PDF-" not in template[:1024]:
        raise FormError(f"Mẫu phiếu {where}: không phải file PDF")
    try:
        with quiet_pypdf():
            reader = _parsed(template)
            fields = reader.get_fields() or {}
            writer = PdfWriter(clone_from=reader)
    except Exception as err:  # damaged files fail in many pypdf exception types
        raise FormError(f"Mẫu phiếu {where}: file PDF bị hỏng hoặc có mật khẩu, không dùng "
                        f"được ({type(err).__name__})") from None
    missing = [f.name for f in FIELDS if f.name not in fields]
    if missing:
        raise FormError(f"Mẫu phiếu {where}: không phải phiếu đăng ký điền được của dvk-docs "
                        f"(thiếu trường {', '.join(missing[:8])}"
                        f"{' ...' if len(missing) > 8 else ''}); tạo mẫu bằng "
                        "tools/build_pdf_form.py")
    try:
        _form_font(writer)
    except FormError as err:
        raise FormError(f"Mẫu phiếu {where}: {err}") from None




def fill_pdf(template: bytes, values: Mapping[str, str], *, flatten: bool = False
             ) -> tuple[bytes, list[str]]:
    """Fill the form ``template`` with ``values`` (field name -> text); returns the PDF and
    the labels of the fields whose text had to be cut to fit its box."""
    unknown = sorted(set(values) - set(BY_NAME))
    if unknown:
        raise FormError(f"Phiếu không có trường: {', '.join(unknown)}")
    writer = PdfWriter(clone_from=_parsed(template))
    font, font_ref = _form_font(writer)
    cut: list[str] = []
    for _, widget in _widgets(writer):
        name = str(widget["/T"])
        spec = BY_NAME.get(name)
        if spec is None:
            continue
        value = unicodedata.normalize("NFC", values.get(name, "") or "")
        widget[NameObject("/V")] = TextStringObject(value)
        if spec.kind == "combo" and value and value not in spec.options:
            widget[NameObject("/Opt")] = ArrayObject(
                TextStringObject(o) for o in (*spec.options, value))
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        ap, fits = appearance(writer, font, font_ref, x1 - x0, y1 - y0, value,
                              spec.kind == "multiline", spec.centered)
        widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ap})
        if not fits:
            cut.append(spec.label)
    if flatten:
        flatten_form(writer)
    else:
        form = writer._root_object["/AcroForm"].get_object()
        form[NameObject("/NeedAppearances")] = BooleanObject(False)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), cut


def flatten_form(writer: PdfWriter) -> None:
    """Paint every field's appearance into its page, then drop the widgets and the form
    (pitfalls.md #20, #34: no widget and no dangling /Fields entry is left)."""
    for number, page in enumerate(writer.pages):
        annots = page.get("/Annots", None)
        if not annots:
            continue
        keep, ops = ArrayObject(), []
        resources = page["/Resources"].get_object()
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
        for i, annot in enumerate(annots):
            obj = annot.get_object()
            if obj.get("/Subtype") != "/Widget":
                keep.append(annot)
                continue
            looks = obj.get("/AP") or DictionaryObject()
            ap = looks.raw_get("/N") if "/N" in looks else None  # the reference, kept
            if ap is None or int(obj.get("/F", 0)) & 2:  # no look, or hidden
                continue
            name = f"/DVKFlat{number}x{i}"  # pages may share one /Resources
            xobjects[NameObject(name)] = ap
            x0, y0 = (float(v) for v in obj["/Rect"][:2])
            ops.append(f"q 1 0 0 1 {x0:.2f} {y0:.2f} cm {name} Do Q")
        draw_over(writer, page, "\n".join(ops))
        if keep:
            page[NameObject("/Annots")] = keep
        else:
            del page["/Annots"]
    if "/AcroForm" in writer._root_object:
        del writer._root_object["/AcroForm"]


# -- reading -----------------------------------------------------------------------------------
@dataclass
class FieldRead:
    """The values of one returned form and what was wrong with it."""

    values: dict[str, str]
    problems: list[str]  # blocking: the form cannot become a registration
    notes: list[str]  # not blocking (extra fields, empty optional fields)


def read_fields(data: bytes, where: str) -> FieldRead:
    """The text of every known field of a returned form; missing, renamed and extra fields
    and unreadable values are reported, not raised."""
    import difflib

    problems: list[str] = []
    notes: list[str] = []
    if b"%PDF-" not in data[:1024]:
        raise FormError(f"{where}: không phải file PDF")
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # AES without 'cryptography': cannot open
                opened = 0
            if not opened:
                raise FormError(f"{where}: file PDF có mật khẩu; gỡ mật khẩu rồi đọc lại")
        raw = reader.get_fields() or {}
    except FormError:
        raise
    except Exception as err:  # damaged files fail in many pypdf exception types
        raise FormError(f"{where}: file PDF bị hỏng, không đọc được ({type(err).__name__})"
                        ) from None
    finally:
        logger.setLevel(level)
    if not raw:
        raise FormError(f"{where}: không có trường nào để đọc (không phải phiếu đăng ký dạng "
                        "điền, hoặc đã bị làm phẳng - flatten)")
    values: dict[str, str] = {}
    extra = sorted(n for n in raw if n not in BY_NAME)
    missing = [f for f in FIELDS if f.name not in raw]
    for spec in missing:
        close = difflib.get_close_matches(spec.name, extra, n=1, cutoff=0.6)
        hint = f" (có trường lạ '{close[0]}': bị đổi tên?)" if close else ""
        line = f"thiếu trường '{spec.name}' ({spec.label}){hint}"
        (problems if spec.required else notes).append(line)
    if extra:
        notes.append(f"trường lạ không có trong mẫu, đã bỏ qua: {', '.join(extra)}")
    for name, field in raw.items():
        if name not in BY_NAME:
            continue
        value: Any = field.get("/V")
        if value is None:
            values[name] = ""
            continue
        if isinstance(value, bytes) and not isinstance(value, str):
            problems.append(f"trường '{name}' ({BY_NAME[name].label}): không đọc được giá trị")
            continue
        if not isinstance(value, str):
            problems.append(f"trường '{name}' ({BY_NAME[name].label}): giá trị không phải chữ "
                            f"({type(value).__name__})")
            continue
        text = str(value).replace("\r\n", "\n").replace("\r", "\n")
        text = unicodedata.normalize("NFC", text).strip()
        bad = [c for c in text if unicodedata.category(c) in {"Cc", "Cs", "Co"} and c != "\n"]
        if bad:
            problems.append(f"trường '{name}' ({BY_NAME[name].label}): có ký tự không đọc "
                            f"được (U+{ord(bad[0]):04X})")
            continue
        values[name] = text
    return FieldRead(values, problems, notes)
