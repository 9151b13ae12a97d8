"""The hồ sơ đề nghị công nhận: contents, bookmarks, page labels and numbers that agree,
metadata, Vietnamese text, embedded fonts, completeness, attachments, LibreOffice failures."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader, PdfWriter

from dvk_docs.api import template_roots
from dvk_docs.cli import cli
from dvk_docs.dataset import load_dataset
from dvk_docs.documents import KINDS, render_kind
from dvk_docs.errors import DvkError
from dvk_docs.facts import derive
from dvk_docs.pdf import PdfError
from dvk_docs.pdf.dossier import DossierError, IncompleteDossierError, build_dossier
from dvk_docs.profiles import profile_for

from .pdf_helpers import (
    assert_well_formed,
    ink,
    make_pdf,
    norm,
    pdffonts,
    tools_available,
)

pytestmark = pytest.mark.pdf

if not tools_available():
    if os.environ.get("CI"):
        raise RuntimeError("CI must have LibreOffice and poppler-utils (./dev.sh installs them)")
    pytest.skip("LibreOffice / poppler-utils not installed", allow_module_level=True)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DATA = Path(__file__).resolve().parent / "data"
EVIDENCE = "Ảnh minh chứng: lễ thông xe đường nội đồng thôn Phú Lợi ngày 30/8/2026"


@dataclass
class Built:
    paths: dict[str, Path]
    incomplete_output: str  # what the CLI printed for the incomplete dossier
    texts: dict[str, list[str]] = field(default_factory=dict)  # raw text per page

    def text(self, name: str) -> list[str]:
        if name not in self.texts:
            self.texts[name] = [p.extract_text() for p in PdfReader(str(self.paths[name])).pages]
        return self.texts[name]

    def pages(self, name: str) -> list[str]:
        return [norm(t) for t in self.text(name)]


def _contradict(dataset: Path) -> None:
    """DK01 gets 12 votes at a meeting of 11 present: a contradiction between documents."""
    path = dataset / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    assert "votes: {DK01: 11," in text
    path.write_text(text.replace("votes: {DK01: 11,", "votes: {DK01: 12,"), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Three dossiers at once (LibreOffice runs side by side must not share a profile):
    both samples in threads, the commune's with a two-page evidence file for DK002, and
    meanwhile, through the CLI, an incomplete one (tests/data/party-full, with one vote
    count above attendance) with --allow-incomplete --allow-inconsistent --copies 1."""
    root = tmp_path_factory.mktemp("dossier")
    evidence = make_pdf(root / "anh-thong-xe.pdf", [EVIDENCE, "Trang 2 của minh chứng"])
    jobs = {"xa-an-phu": {"DK002": [evidence]}, "phuong-hoa-binh": {}}
    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            build_dossier(SAMPLES / name, root / f"{name}.pdf", attachments=jobs[name])
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(n,)) for n in jobs]
    for t in threads:
        t.start()
    party_full = root / "party-full"
    shutil.copytree(DATA / "party-full", party_full)
    _contradict(party_full)
    incomplete = root / "incomplete.pdf"
    res = CliRunner().invoke(cli, ["dossier", str(party_full), "-o", str(incomplete),
                                   "--allow-incomplete", "--allow-inconsistent", "--copies", "1"])
    for t in threads:
        t.join()
    assert not errors, errors
    assert res.exit_code == 0, res.output
    paths = {name: root / f"{name}.pdf" for name in jobs}
    paths["incomplete"] = incomplete
    paths["party-full"] = party_full
    return Built(paths, res.output)


@pytest.fixture(scope="module")
def dossiers(built: Built) -> dict[str, Path]:
    return {name: built.paths[name] for name in ("xa-an-phu", "phuong-hoa-binh")}


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


REPORTS = [
    "Báo cáo thành tích: Chi bộ thôn Phú Lợi - “Dân vận khéo trong mở rộng đường nội đồng”",
    "Báo cáo thành tích: Phạm Thị Thu Trang - “Lớp học “Bình dân học vụ số” cho người cao tuổi”",
    "Báo cáo thành tích: Công an xã An Phú - “Camera an ninh - đôi mắt khu dân cư”",
    "Báo cáo thành tích: Nguyễn Hữu Phước - “Bí thư chi bộ đến từng hộ nghe dân nói”",
]


def test_bookmarks_in_order_with_two_sets_of_reports(dossiers: dict[str, Path]) -> None:
    """This test ensures one bookmark per document, in the order of the rule (tờ trình,
    biên bản, reports x2 with the evidence after its report in the first set, trích ngang)."""
    reader = PdfReader(str(dossiers["xa-an-phu"]))
    titles = [(d, t) for d, t, _ in _outline(reader)]
    assert titles == [
        (0, "Bìa và mục lục"),
        (0, "Tờ trình số 22-TTr/BXDĐ ngày 02/10/2026"),
        (0, "Biên bản họp bình xét số 19-BB/ĐU ngày 06/10/2026"),
        (0, "Báo cáo thành tích (bộ 1/2)"),
        (1, REPORTS[0]), (2, "Minh chứng: anh-thong-xe"),
        *[(1, r) for r in REPORTS[1:]],
        (0, "Báo cáo thành tích (bộ 2/2)"),
        *[(1, r) for r in REPORTS],
        (0, "Danh sách trích ngang thành tích"),
    ]


def test_contents_page_numbers_match_bookmarks_labels_and_stamps(built: Built) -> None:
    """This test ensures the page number printed in the contents for each document is its
    page label in the assembled PDF and the 'Hồ sơ - trang N' stamp on that page, and that
    each bookmark opens the page where that document's own text begins."""
    for name in ("xa-an-phu", "phuong-hoa-binh"):
        reader = PdfReader(str(built.paths[name]))
        texts = built.pages(name)
        labels = reader.page_labels
        assert labels[0] == "i" and labels[1] == "1"
        assert labels[-1] == str(len(reader.pages) - 1)
        cover = texts[0]
        for depth, title, page in _outline(reader)[1:]:
            label = labels[page]
            assert f"Hồ sơ - trang {label}" in texts[page]
            # the contents row: the title, its page count, then the page label
            assert norm(title.removeprefix("Minh chứng: ")).split(" - ")[0] in cover
            if depth and title.startswith("Báo cáo"):
                assert "BÁO CÁO THÀNH TÍCH" in texts[page]
        starts = {t: labels[p] for _, t, p in _outline(reader)}
        tt = next(t for t in starts if t.startswith("Tờ trình"))
        assert f"{tt} 3 {starts[tt]}" in cover or f"{tt} 2 {starts[tt]}" in cover
        assert "TỜ TRÌNH" in texts[int(starts[tt])]
        bb = next(t for t in starts if t.startswith("Biên bản"))
        assert "BIÊN BẢN" in texts[int(starts[bb])]
    reader = PdfReader(str(built.paths["xa-an-phu"]))
    evidence = next(p for _, t, p in _outline(reader) if t.startswith("Minh chứng"))
    assert EVIDENCE in built.pages("xa-an-phu")[evidence]


def test_page_count_is_cover_plus_documents(dossiers: dict[str, Path]) -> None:
    reader = PdfReader(str(dossiers["xa-an-phu"]))
    outline = _outline(reader)
    # cover 1 + tờ trình 3 + biên bản 4 + reports 4 x 2 pages x 2 sets + evidence 2 + trích
    # ngang 5 (the page counts LibreOffice gives these documents; the trích ngang's
    # summaries are results and figures, no longer the reports' narratives)
    assert len(reader.pages) == 1 + 3 + 4 + 16 + 2 + 5
    trich = next(p for _, t, p in outline if t.startswith("Danh sách trích ngang"))
    assert len(reader.pages) - trich == 5


def test_metadata(dossiers: dict[str, Path]) -> None:
    meta = PdfReader(str(dossiers["xa-an-phu"])).metadata
    assert meta is not None
    assert meta.title == ("Hồ sơ đề nghị công nhận mô hình, điển hình “Dân vận khéo” năm 2026"
                          " - An Phú")
    assert meta.author == "Ban Xây dựng Đảng - Đảng ủy xã An Phú"
    assert meta.subject == ("Tờ trình số 22-TTr/BXDĐ ngày 02/10/2026: đề nghị Ban Thường vụ "
                            "Đảng ủy xã An Phú công nhận 26 mô hình, trong đó 18 tập thể, "
                            "08 cá nhân")
    assert "Dân vận khéo" in (meta["/Keywords"] or "")
    state = PdfReader(str(dossiers["phuong-hoa-binh"])).metadata
    assert state is not None and state.author == ("Văn phòng HĐND và UBND - Ủy ban nhân dân "
                                                  "phường Hòa Bình")
    for path in dossiers.values():
        assert_well_formed(path)


def test_cover_text_with_every_tone_and_embedded_fonts(built: Built, tmp_path: Path) -> None:
    """This test ensures the cover extracts as written (sắc, huyền, hỏi, ngã, nặng, đ/Đ),
    every font of the dossier is embedded, and the header and title are drawn."""
    path = built.paths["xa-an-phu"]
    cover = built.pages("xa-an-phu")[0]
    for expected in ("ĐẢNG ỦY XÃ AN PHÚ", "BAN XÂY DỰNG ĐẢNG", "ĐẢNG CỘNG SẢN VIỆT NAM",
                     "An Phú, ngày 02 tháng 10 năm 2026", "HỒ SƠ",
                     "ĐỀ NGHỊ CÔNG NHẬN MÔ HÌNH, ĐIỂN HÌNH", "“DÂN VẬN KHÉO” CẤP XÃ NĂM 2026",
                     "Kính gửi: Ban Thường vụ Đảng ủy xã An Phú", "MỤC LỤC",
                     "Đề nghị công nhận 26 mô hình, trong đó 18 tập thể, 08 cá nhân",
                     "Nguyễn Hữu Phước", "Phạm Thị Thu Trang"):
        assert expected in cover, expected
    tones = set("áàảãạđĐ")
    assert tones <= set(cover)
    state_cover = built.pages("phuong-hoa-binh")[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in state_cover
    assert "Độc lập - Tự do - Hạnh phúc" in state_cover
    rows = pdffonts(path)
    assert rows and all(r[-5] == "yes" for r in rows), rows
    assert any(r[1] == "CID" for r in rows)
    assert ink(path, 1, (0.1, 0.05, 0.5, 0.12), tmp_path) > 0.01  # issuing body
    assert ink(path, 1, (0.5, 0.05, 0.95, 0.12), tmp_path) > 0.01  # ĐẢNG CỘNG SẢN VIỆT NAM
    assert ink(path, 1, (0.2, 0.14, 0.8, 0.24), tmp_path) > 0.01  # HỒ SƠ ...
    assert ink(path, 1, (0.0, 0.0, 0.1, 1.0), tmp_path) < 0.001
    assert ink(path, 2, (0.1, 0.05, 0.5, 0.12), tmp_path) > 0.01  # tờ trình's own header


def test_incomplete_dossier_lists_gaps_and_writes_nothing(party_full: Path,
                                                          tmp_path: Path) -> None:
    """This test ensures a report without its confirmation signer stops the dossier with
    the gap named (file, line, field), and nothing is written."""
    target = tmp_path / "ho-so.pdf"
    with pytest.raises(IncompleteDossierError) as info:
        build_dossier(party_full, target)
    assert info.value.gaps == [
        "Báo cáo thành tích DK01 (Chi bộ thôn Phú Lợi): chưa có người ký xác nhận của Đảng ủy "
        "xã An Phú (dataset.yaml, dòng 120: achievements.DK01.confirmer.signer)"]
    assert not target.exists()
    res = CliRunner().invoke(cli, ["dossier", str(party_full), "-o", str(target),
                                   "--every-model"])
    assert res.exit_code == 1
    assert "hồ sơ chưa đầy đủ (3 chỗ)" in res.output
    assert "Mô hình DK02 (" in res.output and "chưa có báo cáo thành tích" in res.output
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".dvk-*"))


def test_allow_incomplete_marks_gaps_on_cover(built: Built) -> None:
    """This test ensures --allow-incomplete writes the dossier, prints the gaps and lists
    them on the cover, and that an existing dossier is not overwritten without --force."""
    assert "Hồ sơ còn thiếu: Báo cáo thành tích DK01" in built.incomplete_output
    cover = built.pages("incomplete")[0]
    assert "HỒ SƠ CHƯA ĐẦY ĐỦ" in cover
    assert "chưa có người ký xác nhận của Đảng ủy xã An Phú" in cover
    target = built.paths["incomplete"]
    titles = [t for _, t, _ in _outline(PdfReader(str(target)))]
    assert "Báo cáo thành tích" in titles and not any("bộ 2" in t for t in titles)
    before = target.read_bytes()
    again = CliRunner().invoke(cli, ["dossier", str(built.paths["party-full"]), "-o",
                                     str(target), "--allow-incomplete"])
    assert again.exit_code == 1 and "không ghi đè" in again.output
    assert target.read_bytes() == before


def test_contradictions_refused_or_listed(built: Built, party_full: Path, tmp_path: Path
                                          ) -> None:
    """This test ensures a dataset that contradicts itself gives no dossier unless
    --allow-inconsistent, and then every contradiction is printed."""
    assert "Mâu thuẫn:" in built.incomplete_output and "DK01" in built.incomplete_output
    _contradict(party_full)
    target = tmp_path / "ho-so.pdf"
    res = CliRunner().invoke(cli, ["dossier", str(party_full), "-o", str(target),
                                   "--allow-incomplete"])
    assert res.exit_code == 1 and "mâu thuẫn" in res.output and "--allow-inconsistent" in res.output
    assert not target.exists()


def test_bad_attachments_are_named(party_full: Path, tmp_path: Path) -> None:
    """This test ensures corrupt, encrypted, non-PDF, missing and misaddressed attachments
    are all reported by file name before any work, and nothing is written."""
    good = make_pdf(tmp_path / "tot.pdf", ["Minh chứng"])
    corrupt = tmp_path / "hong.pdf"
    corrupt.write_bytes(good.read_bytes()[:300])
    text = tmp_path / "anh.pdf"
    text.write_text("đây là ảnh JPEG đổi tên", encoding="utf-8")
    locked = tmp_path / "khoa.pdf"
    writer = PdfWriter(clone_from=str(good))
    writer.encrypt("bi-mat", algorithm="RC4-128")
    writer.write(str(locked))
    target = tmp_path / "ho-so.pdf"
    with pytest.raises(DossierError) as info:
        build_dossier(party_full, target, allow_incomplete=True, attachments={
            "DK03": [corrupt, text, locked, tmp_path / "khong-co.pdf"], "DK77": [good]})
    message = str(info.value)
    assert f"{corrupt}: file PDF bị hỏng" in message
    assert f"{text}: không phải file PDF" in message
    assert f"{locked}: file PDF có mật khẩu" in message
    assert f"{tmp_path / 'khong-co.pdf'}: không tìm thấy" in message
    assert "không có mã đăng ký 'DK77'" in message
    assert not target.exists()
    res = CliRunner().invoke(cli, ["dossier", str(party_full), "-o", str(target), "--attach",
                                   "DK03"])
    assert res.exit_code == 2 and "MÃ=ĐƯỜNG_DẪN" in res.output


def _fake_soffice(tmp_path: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie is dead, only not yet reaped by its new parent


def test_libreoffice_hang_is_stopped_and_leaves_nothing(
        state_full: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures a hanging LibreOffice is killed at the timeout with the child it
    started (the real soffice script runs soffice.bin as a child), with a clear error and
    no output written."""
    pid_file = tmp_path / "child.pid"
    _fake_soffice(tmp_path, f"sleep 60 &\necho $! > '{pid_file}'\nwait", monkeypatch)
    target = tmp_path / "out" / "ho-so.pdf"
    start = time.monotonic()
    with pytest.raises(PdfError, match="không xong sau 1 giây; đã dừng, không ghi PDF nào"):
        build_dossier(state_full, target, timeout=1, allow_incomplete=True)
    assert time.monotonic() - start < 20  # not waiting for the child's 60 s
    assert not target.parent.exists() or not any(target.parent.iterdir())
    child = int(pid_file.read_text())
    for _ in range(50):
        if not _alive(child):
            break
        time.sleep(0.02)
    assert not _alive(child), "LibreOffice's child process was left running"


def test_libreoffice_crash_is_a_clear_error(state_full: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_soffice(tmp_path, "echo 'soffice.bin: segmentation fault' >&2; exit 139",
                  monkeypatch)
    target = tmp_path / "ho-so.pdf"
    res = CliRunner().invoke(cli, ["dossier", str(state_full), "-o", str(target),
                                   "--allow-incomplete"])
    assert res.exit_code == 1
    assert "LibreOffice không tạo được" in res.output and "segmentation fault" in res.output
    assert not target.exists()


def test_wrong_suffix_and_copies(state_full: Path, tmp_path: Path) -> None:
    with pytest.raises(DvkError, match=r"phải có đuôi \.pdf"):
        build_dossier(state_full, tmp_path / "ho-so.docx")
    res = CliRunner().invoke(cli, ["dossier", str(state_full), "-o", str(tmp_path / "a.pdf"),
                                   "--copies", "9"])
    assert res.exit_code == 2


def test_missing_soffice_is_reported_before_rendering(state_full: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    if shutil.which("soffice"):  # pragma: no cover - PATH is empty
        pytest.fail("soffice still found")
    with pytest.raises(PdfError, match="libreoffice-writer-nogui"):
        build_dossier(state_full, tmp_path / "a.pdf", allow_incomplete=True)


def _document_text(pages: list[str]) -> str:
    """The dossier's text without the page numbers (the documents' own and the stamps)."""
    return "\n".join(line for page in pages for line in page.split("\n")
                     if not re.fullmatch(r"\s*\d{1,3}\s*", line) and "Hồ sơ - trang" not in line)


@pytest.mark.parametrize("name", ["xa-an-phu", "phuong-hoa-binh"])
def test_every_paragraph_of_every_document_is_in_the_dossier(built: Built, name: str) -> None:
    """This test ensures the text extracted from the dossier is the text of the documents
    it assembles: every body paragraph of the tờ trình, the biên bản and each báo cáo thành
    tích, NFC as extracted, with every tone mark and đ/Đ among them."""
    raw = _document_text(built.text(name))
    assert raw == unicodedata.normalize("NFC", raw)  # no decomposed marks (pitfalls.md #29)
    marks = set(unicodedata.normalize("NFD", raw))
    assert {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323", "đ", "Đ"} <= marks
    text = norm(raw)
    loaded = load_dataset(SAMPLES / name)
    facts = derive(loaded)
    profile = profile_for(loaded.data.family, loaded.data.profile)
    checked = 0
    for kind in ("to_trinh", "bien_ban_binh_xet", "bao_cao_thanh_tich"):
        for rendered in render_kind(KINDS[kind], loaded, facts, profile, template_roots(None)):
            for paragraph in Document(io.BytesIO(rendered.content)).paragraphs:
                if norm(paragraph.text):
                    assert norm(paragraph.text) in text, (kind, paragraph.text)
                    checked += 1
    assert checked > 100
