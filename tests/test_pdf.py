"""Generated documents converted by LibreOffice look right: text, fonts, non-blank header.

Needs soffice and pdftoppm (./dev.sh installs them); skipped when missing outside CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from dvk_docs import build
from dvk_docs.pdf import convert_to_pdf

pytestmark = pytest.mark.pdf

if not shutil.which("soffice") or not shutil.which("pdftoppm"):
    if os.environ.get("CI"):
        raise RuntimeError("CI must have LibreOffice and poppler-utils (./dev.sh installs them)")
    pytest.skip("LibreOffice / pdftoppm not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pdf")
    data = Path(__file__).parent / "data"
    files = []
    for name in ("party-min", "state-min"):
        result = build(data / name, root / name)
        for f in result.files:
            if f.parent.name != "03-phieu-dang-ky" or f.name.startswith("001"):
                target = root / "all" / f"{name}-{f.name}"
                target.parent.mkdir(exist_ok=True)
                shutil.copy(f, target)
                files.append(target)
    out = convert_to_pdf(files, root / "pdf")
    return {p.stem: p for p in out}


def _text(path: Path) -> str:
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def test_every_document_converts(pdfs: dict[str, Path]) -> None:
    assert len(pdfs) == 6
    for path in pdfs.values():
        assert len(PdfReader(str(path)).pages) >= 1


def test_party_plan_text_and_fonts(pdfs: dict[str, Path]) -> None:
    """This test ensures the Vietnamese text survives and Times maps to embedded Liberation."""
    path = pdfs["party-min-01-ke-hoach"]
    text = _text(path)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY XÃ AN PHÚ", "Số 03-KH/ĐU",
                     "An Phú, ngày 15 tháng 01 năm 2026", "KẾ HOẠCH", "T/M BAN THƯỜNG VỤ",
                     "Trần Văn Bình", "- Lưu Văn phòng Đảng ủy."):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all("LiberationSerif" in r[0] for r in rows), fonts
    assert all(r[-5] == "yes" for r in rows), fonts  # emb column


def test_state_plan_text(pdfs: dict[str, Path]) -> None:
    text = _text(pdfs["state-min-01-ke-hoach"])
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Số: 07/KH-UBND", "KT. CHỦ TỊCH", "- Lưu: VT, VP."):
        assert expected in text, expected


def _gray_page(pdf: Path, tmp: Path) -> tuple[int, int, bytes]:
    prefix = tmp / pdf.stem
    subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                    str(prefix)], check=True)
    pgm = next(tmp.glob(f"{pdf.stem}*.pgm"))
    raw = pgm.read_bytes()
    parts = raw.split(maxsplit=4)
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][-width * height:]


def _dark_share(pixels: bytes, width: int, box: tuple[float, float, float, float]) -> float:
    height = len(pixels) // width
    x0, y0, x1, y1 = (int(v * d) for v, d in zip(box, (width, height, width, height),
                                                 strict=True))
    dark = total = 0
    for y in range(y0, y1):
        row = pixels[y * width:(y + 1) * width]
        for x in range(x0, x1):
            total += 1
            dark += row[x] < 128
    return dark / max(total, 1)


@pytest.mark.parametrize("name", ["party-min-01-ke-hoach", "state-min-01-ke-hoach",
                                  "party-min-02-tong-hop-dang-ky"])
def test_header_and_title_regions_are_not_blank(pdfs: dict[str, Path], tmp_path: Path,
                                                name: str) -> None:
    """This test ensures page 1 has ink where the header grid and title belong, and none in
    the left margin."""
    width, _, pixels = _gray_page(pdfs[name], tmp_path)
    assert _dark_share(pixels, width, (0.12, 0.05, 0.45, 0.14)) > 0.01  # issuing body
    assert _dark_share(pixels, width, (0.5, 0.05, 0.95, 0.14)) > 0.01  # title / Quốc hiệu
    assert _dark_share(pixels, width, (0.25, 0.14, 0.75, 0.26)) > 0.005  # tên loại, trích yếu
    assert _dark_share(pixels, width, (0.0, 0.0, 0.1, 1.0)) < 0.001  # left margin stays white
