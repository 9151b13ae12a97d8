"""Evidence files: checked by content and size before anything is kept, stored under a
generated name, and turned into PDF pages for the dossier.

A file is a PDF when it starts with ``%PDF-`` and pypdf reads its pages (not encrypted);
a JPEG/PNG when its signature matches and Pillow opens and verifies it (with Pillow's
decompression-bomb limit). The uploaded name is never part of a path.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from .uploads import UploadError

SIGNATURES = {
    "png": b"\x89PNG\r\n\x1a\n",
    "jpeg": b"\xff\xd8\xff",
}
# an A4 page at 150 dpi, 15 mm margins: where a photo is placed for the dossier
A4_PX = (1240, 1754)
MARGIN_PX = 89


@dataclass
class CheckedFile:
    data: bytes
    file_type: str  # pdf, jpeg, png
    pages: int
    sha256: str


def _pdf_pages(data: bytes) -> int:
    """Pages of an uploaded PDF, checked as the dossier reads it (pdf/evidence.read_pdf);
    every locked file is refused here."""
    from ..pdf.evidence import UnreadablePdf, read_pdf

    try:
        return len(read_pdf(data, empty_password_ok=False, again="tải lên lại").pages)
    except UnreadablePdf as err:
        raise UploadError(str(err)) from None


def _check_image(data: bytes, kind: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            if (img.format or "").lower() != kind:
                raise UploadError("Nội dung ảnh không khớp định dạng")
            img.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
    except UploadError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as err:
        raise UploadError(f"Ảnh bị hỏng hoặc quá lớn, không mở được ({type(err).__name__})"
                          ) from None


def check_evidence(f: UploadedFile | None) -> CheckedFile:
    """The upload's bytes and type when it is a readable PDF, JPEG or PNG within the size
    limit (``MAX_EVIDENCE_BYTES``); an UploadError in Vietnamese otherwise."""
    if f is None:
        raise UploadError("Chưa chọn file")
    limit = settings.MAX_EVIDENCE_BYTES
    if f.size is not None and f.size > limit:
        raise UploadError(f"File quá lớn ({f.size // 1024} KB); tối đa "
                          f"{limit // 1024 // 1024} MB")
    data = f.read(limit + 1)
    if len(data) > limit:
        raise UploadError(f"File quá lớn; tối đa {limit // 1024 // 1024} MB")
    if not data:
        raise UploadError("File rỗng")
    digest = hashlib.sha256(data).hexdigest()
    if data[:5] == b"%PDF-":
        return CheckedFile(data, "pdf", _pdf_pages(data), digest)
    for kind, signature in SIGNATURES.items():
        if data.startswith(signature):
            _check_image(data, kind)
            return CheckedFile(data, kind, 1, digest)
    raise UploadError("Nội dung file không phải PDF, JPEG hay PNG (file được nhận theo nội "
                      "dung, không theo tên); quét hoặc xuất minh chứng ra PDF rồi tải lên lại")


def shown_name(name: str | None) -> str:
    """The uploaded name for display only: no folders, no control characters, 255 at most."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:255] or "minh-chung"


def new_stored_name(file_type: str) -> str:
    return f"{uuid.uuid4().hex}.{'jpg' if file_type == 'jpeg' else file_type}"


def save(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def image_to_pdf(data: bytes) -> bytes:
    """A photo on an A4 page (portrait, or landscape for a wide photo), fitted inside the
    margins and centred, as PDF bytes for the dossier."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as img:
        img = ImageOps.exif_transpose(img).convert("RGB")
        page_size = A4_PX if img.height >= img.width else (A4_PX[1], A4_PX[0])
        box = (page_size[0] - 2 * MARGIN_PX, page_size[1] - 2 * MARGIN_PX)
        img = ImageOps.contain(img, box) if img.width > box[0] or img.height > box[1] else img
        page = Image.new("RGB", page_size, "white")
        page.paste(img, ((page_size[0] - img.width) // 2, MARGIN_PX))
        out = io.BytesIO()
        page.save(out, "PDF", resolution=150.0)
        return out.getvalue()
