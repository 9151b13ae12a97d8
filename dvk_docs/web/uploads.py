"""Checks on every uploaded file before the library reads it: size, type by content (not by
name), and for zip containers (.docx, .xlsx, dataset .zip) the uncompressed size and the
number of members (zip bombs). Uploaded names are never used as paths."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from ..errors import DvkError


class UploadError(DvkError):
    """An uploaded file refused before it is read."""


KINDS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
}
MAX_MEMBERS = 2000


def read_upload(f: UploadedFile | None, allowed: set[str]) -> tuple[bytes, str]:
    """The upload's bytes and its detected type (one of ``allowed``: docx, xlsx, csv, zip)."""
    if f is None:
        raise UploadError("Chưa chọn file")
    limit = settings.MAX_UPLOAD_BYTES
    if f.size is not None and f.size > limit:
        raise UploadError(f"File quá lớn ({f.size // 1024} KB); tối đa {limit // 1024 // 1024} MB")
    data = f.read(limit + 1)
    if len(data) > limit:
        raise UploadError(f"File quá lớn; tối đa {limit // 1024 // 1024} MB")
    kind = detect(data)
    if kind not in allowed:
        wanted = ", ".join(sorted("." + a for a in allowed))
        raise UploadError(f"Nội dung file không phải {wanted} (file được nhận theo nội dung, "
                          "không theo tên)")
    return data, kind


def detect(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                infos = zf.infolist()
                if len(infos) > MAX_MEMBERS:
                    raise UploadError(f"File nén có quá nhiều thành phần ({len(infos)})")
                total = sum(i.file_size for i in infos)
                if total > settings.MAX_UNZIPPED_BYTES:
                    raise UploadError("File nén khi giải nén quá lớn "
                                      f"({total // 1024 // 1024} MB); có thể là file hỏng")
                names = {i.filename for i in infos}
        except zipfile.BadZipFile:
            return "unknown"
        for kind, marker in KINDS.items():
            if marker in names:
                return kind
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"  # old .doc / .xls
    try:
        text = data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data[:4096].decode("cp1258")
        except UnicodeDecodeError:
            return "unknown"
    if "\x00" in text:
        return "unknown"
    return "csv" if ("," in text or ";" in text or "\t" in text) else "text"


def extract_dataset(data: bytes, target: Path) -> Path:
    """A dataset folder sent as .zip (checked by :func:`read_upload`), written under
    ``target``: member names are checked (no absolute path, no '..'), only the files a
    dataset has are written, and the folder holding dataset.yaml is returned."""
    wanted = {".yaml", ".yml", ".md", ".xlsx", ".csv"}
    found: list[Path] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            name = PurePosixPath(info.filename)
            if info.is_dir() or name.suffix.lower() not in wanted:
                continue
            if name.is_absolute() or ".." in name.parts or len(name.parts) > 4:
                raise UploadError(f"Tên trong file nén không hợp lệ: {info.filename[:80]}")
            dest = target.joinpath(*name.parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(zf.read(info))
            if name.name in {"dataset.yaml", "dataset.yml"}:
                found.append(dest.parent)
    if len(found) != 1:
        raise UploadError("File nén cần có đúng một file dataset.yaml (bộ dữ liệu tải về từ "
                          "trang năm, hoặc thư mục tạo bằng 'dvk-docs new')")
    return found[0]
