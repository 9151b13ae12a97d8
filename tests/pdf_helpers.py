"""Reading PDFs back in tests: normalised text, fonts (pdffonts), ink in a page region
(pdftoppm), and small PDFs made on the fly (evidence attachments, damaged files)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, IndirectObject

from dvk_docs.pdf.fonts import Canvas, add_canvas_page, shipped_font

# every tone (ngang, sắc, huyền, hỏi, ngã, nặng) on a, ă, â, e, ê, i, o, ô, ơ, u, ư, y, and đ/Đ
TONES = ("a á à ả ã ạ ă ắ ằ ẳ ẵ ặ â ấ ầ ẩ ẫ ậ e é è ẻ ẽ ẹ ê ế ề ể ễ ệ i í ì ỉ ĩ ị "
         "o ó ò ỏ õ ọ ô ố ồ ổ ỗ ộ ơ ớ ờ ở ỡ ợ u ú ù ủ ũ ụ ư ứ ừ ử ữ ự y ý ỳ ỷ ỹ ỵ đ Đ")
TONES_UPPER = unicodedata.normalize("NFC", TONES.upper())


def norm(text: str) -> str:
    """NFC with runs of white space as one space (line breaks differ between extractors)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_texts(path: Path) -> list[str]:
    return [norm(page.extract_text()) for page in PdfReader(str(path)).pages]


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def ink(path: Path, page: int, box: tuple[float, float, float, float], tmp: Path) -> float:
    """Share of dark pixels of ``page`` (1-based) inside ``box`` (fractions x0, y0, x1, y1
    from the top left), rendered by pdftoppm."""
    prefix = tmp / f"{path.stem}-p{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", str(page), "-l", str(page),
                    str(path), str(prefix)], check=True)
    pgm = next(tmp.glob(f"{prefix.name}*.pgm"))
    raw = pgm.read_bytes()
    parts = raw.split(maxsplit=4)
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4][-width * height:]
    x0, y0, x1, y1 = (int(v * d) for v, d in zip(box, (width, height, width, height),
                                                 strict=True))
    dark = sum(1 for y in range(y0, y1) for x in range(x0, x1) if pixels[y * width + x] < 128)
    return dark / max((x1 - x0) * (y1 - y0), 1)


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF with one page per line of text (an evidence attachment)."""
    writer = PdfWriter()
    for line in lines:
        canvas = Canvas({"regular": shipped_font("regular")})
        canvas.text(80, 700, line, size=14)
        add_canvas_page(writer, canvas)
    writer.write(str(path))
    return path


def assert_well_formed(path: Path) -> None:
    """Streams are referenced, never inline (ISO 32000-1 7.3.8: a content array or a
    resource dictionary holding a stream object itself is invalid and breaks other tools),
    and pypdf can copy the whole document."""
    reader = PdfReader(str(path))
    for number, page in enumerate(reader.pages, start=1):
        contents = page.raw_get("/Contents")
        if isinstance(contents.get_object(), ArrayObject):
            assert all(isinstance(x, IndirectObject) for x in contents.get_object()), number
        else:
            assert isinstance(contents, IndirectObject), number
        xobjects = page["/Resources"].get_object().get("/XObject") or {}
        assert all(isinstance(xobjects.raw_get(k), IndirectObject) for k in xobjects), number
    PdfWriter(clone_from=reader)


def tools_available() -> bool:
    return all(shutil.which(t) for t in ("soffice", "pdftoppm", "pdffonts"))
