"""Page breaks a clerk would send back, read from the PDFs LibreOffice makes of both samples:
no page with only Nơi nhận and the signature, no total row or "Ghi chú" alone on a page,
a page number on every page after the first (a landscape appendix included).

Both samples are built with --pdf once for the module (LibreOffice is slow).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from dvk_docs import build
from dvk_docs.profiles import STYLE_NAMES
from dvk_docs.render.xmlutil import style_id

from .pdf_helpers import norm

pytestmark = pytest.mark.pdf

if not shutil.which("soffice"):
    if os.environ.get("CI"):
        raise RuntimeError("CI must have LibreOffice (./dev.sh installs it)")
    pytest.skip("LibreOffice not installed", allow_module_level=True)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAME_STYLE = style_id(STYLE_NAMES["signer_name"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pages")
    out = {}
    for name in ("xa-an-phu", "phuong-hoa-binh"):
        build(SAMPLES / name, root / name, pdf=True)
        out[name] = root / name
    return out


def _pages(pdf: Path) -> list[str]:
    return [norm(p.extract_text()) for p in PdfReader(str(pdf)).pages]


def _signature_start(docx: Path) -> str | None:
    """The first printed line of the last signature grid (Nơi nhận, a confirmation or the
    signer's authority), or None for a document without one."""
    doc = Document(str(docx))
    grids = [t for t in doc.tables
             if any(p.style is not None and p.style.style_id == NAME_STYLE
                    for c in t._cells for p in c.paragraphs)]
    if not grids:
        return None
    for cell in grids[-1].rows[0].cells:
        for p in cell.paragraphs:
            if p.text.strip():
                return norm(p.text)
    return None


def _all_pdfs(built: dict[str, Path]) -> list[Path]:
    return sorted(p for d in built.values() for p in d.rglob("*.pdf"))


def test_every_page_after_the_first_is_numbered(built: dict[str, Path]) -> None:
    """This test ensures pages 2..n carry their number at the top, the first landscape page
    of an appendix included, and page 1 carries none."""
    seen_landscape = 0
    for pdf in _all_pdfs(built):
        reader = PdfReader(str(pdf))
        for number, page in enumerate(reader.pages, start=1):
            text = norm(page.extract_text())
            first = text.split(" ", 1)[0]
            if number == 1:
                assert first != "1", pdf.name
                continue
            assert first == str(number), f"{pdf.name} trang {number}: «{text[:60]}»"
            box = page.mediabox
            prev = reader.pages[number - 2].mediabox
            if box.width > box.height and prev.width < prev.height:
                seen_landscape += 1  # the first page of a landscape appendix
    assert seen_landscape >= 4  # the 6-month and year reports of both samples


def test_no_page_holds_only_the_signature_block(built: dict[str, Path]) -> None:
    """This test ensures the page where Nơi nhận and the signature start also holds the end
    of the body (the State quyết định, two State phiếu and the Mẫu 1 used to put them alone
    on their last page)."""
    checked = 0
    for pdf in _all_pdfs(built):
        start = _signature_start(pdf.with_suffix(".docx"))
        if start is None:
            continue
        pages = _pages(pdf)
        where = max(i for i, t in enumerate(pages) if start[:25] in t)
        before = pages[where].split(start[:25])[0].split()
        if where > 0:
            assert before[:1] == [str(where + 1)]
            before = before[1:]  # the page number
        assert len(before) >= 5, f"{pdf.name}: trang {where + 1} chỉ có phần ký: {pages[where]}"
        checked += 1
    assert checked >= 60


def test_state_decision_signs_under_its_last_article(built: dict[str, Path]) -> None:
    pages = _pages(built["phuong-hoa-binh"] / "09-quyet-dinh.pdf")
    page = next(t for t in pages if "Nơi nhận:" in t)
    assert "Điều 3." in page.split("Nơi nhận:")[0]


def test_statistics_note_and_total_stay_with_the_last_rows(built: dict[str, Path]) -> None:
    """This test ensures the Mẫu 2 'Ghi chú' is never alone on a page: the page that holds
    it also holds the total row and the unit row above it, under the repeated header."""
    for sample in built.values():
        for pdf in sorted(sample.glob("10-bao-cao-ket-qua-*.pdf")):
            pages = _pages(pdf)
            page = next(t for t in pages if "Ghi chú:" in t)
            table = page.split("Ghi chú:")[0]
            assert "Tổng cộng" in table and "STT Đơn vị" in table, pdf.name
            rows = table.split("(16)")[-1].split("Tổng cộng")[0]
            assert len(rows.split()) >= 8, f"{pdf.name}: dòng Tổng cộng đứng một mình"


def test_registration_summary_total_stays_with_rows_and_signature(built: dict[str, Path]
                                                                  ) -> None:
    for sample in built.values():
        pages = _pages(sample / "02-tong-hop-dang-ky.pdf")
        page = next(t for t in pages if "Tổng cộng" in t)
        assert "Tổng số" in page and "(9)" in page  # count sentence, repeated header
        rows = page.split("(9)")[-1].split("Cộng")[0]
        assert any(ch.isdigit() for ch in rows.split()[0]), page[:200]  # a numbered row


def test_plan_forms_each_fit_one_landscape_page(built: dict[str, Path]) -> None:
    """This test ensures each blank form sent with the plan is one landscape page holding
    its label, its table with the total row and the confirmation."""
    for sample in built.values():
        reader = PdfReader(str(sample / "01-ke-hoach.pdf"))
        pages = [norm(p.extract_text()) for p in reader.pages]
        for label, total in (("Mẫu 1", "Tổng cộng"), ("Mẫu 2", "Tổng số")):
            i = next(k for k, t in enumerate(pages) if t.split()[1:3] == label.split())
            box = reader.pages[i].mediabox
            assert box.width > box.height
            assert total in pages[i] and "XÁC NHẬN CỦA CƠ QUAN, ĐƠN VỊ" in pages[i], label
        assert "XÁC NHẬN" not in pages[-2] or "Mẫu 1" in pages[-2]


def _word_tops(pdf: Path) -> list[tuple[int, str, float]]:
    """(page, word, top in pt) of every word, from pdftotext -bbox."""
    import html
    import re
    import subprocess
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    words: list[tuple[int, str, float]] = []
    for n, page in enumerate(out.split("<page ")[1:]):
        for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page):
            words.append((n, html.unescape(m.group(2)), float(m.group(1))))
    return words


def test_two_signatures_print_their_names_on_one_line(built: dict[str, Path]) -> None:
    """This test ensures the confirming body's and the signer's names stand on the same line
    in every phiếu and báo cáo thành tích of both samples (issue 13 review, point 9)."""
    checked = 0
    for pdf in _all_pdfs(built):
        if pdf.parent.name not in ("03-phieu-dang-ky", "07-bao-cao-thanh-tich"):
            continue
        grid = next(t for t in Document(str(pdf.with_suffix(".docx"))).tables
                    if len(t.rows[0].cells) == 2 and
                    any(p.style is not None and p.style.style_id == NAME_STYLE
                        for p in t.rows[0].cells[1].paragraphs))
        names = [norm(c.paragraphs[-1].text) for c in grid.rows[0].cells]
        if not all(names):
            continue
        words = _word_tops(pdf)
        tops = []
        for name in names:
            first, last = name.split()[0], name.split()[-1]
            hits = [(pg, top) for i, (pg, w, top) in enumerate(words)
                    if w == last and any(x[1] == first for x in words[max(i - 5, 0):i])]
            assert hits, (pdf.name, name)
            tops.append(hits)
        # a name may appear twice (the same person signs the Party confirmation below)
        gap = min(abs(a[1] - b[1]) for a in tops[0] for b in tops[1] if a[0] == b[0])
        assert gap < 3, (pdf.name, names, tops)
        checked += 1
    assert checked >= 8  # phiếu and reports with a name on both sides


def _numbers_in_first_column(pdf: Path, page_no: int) -> list[str]:
    """The row numbers printed under '(1)' (the STT column) on one page."""
    import re
    import subprocess
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page_no), "-l", str(page_no),
                          str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(m.group(1)), float(m.group(2)), m.group(3)) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]
    head = next((x, y) for x, y, w in words if w == "(1)")
    return [w for x, y, w in words if w.isdigit() and abs(x - head[0]) < 12 and y > head[1]]


def test_statistics_total_keeps_three_unit_rows(built: dict[str, Path]) -> None:
    """This test ensures the page of the Mẫu 2 total holds at least three unit rows (or the
    whole table): never the last row and the total alone under the repeated header."""
    for sample in built.values():
        for pdf in sorted(sample.glob("10-bao-cao-ket-qua-*.pdf")):
            pages = _pages(pdf)
            page_no = next(i for i, t in enumerate(pages, start=1) if "Ghi chú:" in t)
            rows = _numbers_in_first_column(pdf, page_no)
            assert len(rows) >= 3, (pdf.name, page_no, rows)
