"""``dvk-docs import``: plans typed by staff (and plans made by ``build``) -> datasets.

Fixtures are made in the test with python-docx (tests/import_fixtures.py), the way staff
type: header in a borderless table or in tab-separated lines, hand-typed numbering, runs
split mid-word, stray and non-breaking spaces, empty paragraphs, manual line breaks, legacy
TCVN3 and VNI text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from dvk_docs import api
from dvk_docs.cli import cli
from dvk_docs.dataset import load_dataset
from dvk_docs.documents.plan import format_reference, render_body_markdown
from dvk_docs.facts import derive
from dvk_docs.importer import PlanImportError, import_plan, read_plan
from dvk_docs.profiles import profile_for
from dvk_docs.render.markdown import markdown_to_body

from . import import_fixtures as fx
from .docx_helpers import all_text, open_docx

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
DATA = Path(__file__).parent / "data"


def words(path: Path) -> Counter[str]:
    """Every word of a .docx (body and tables), NFC; punctuation and layout ignored."""
    text = unicodedata.normalize("NFC", all_text(open_docx(path)))
    return Counter(re.findall(r"\w+", text))


def lines(path: Path) -> list[str]:
    text = all_text(open_docx(path)).replace("\xa0", " ")
    return [re.sub(r"\s+", " ", t).strip() for t in text.split("\n") if t.strip()]


def body_paragraphs(dataset_dir: Path) -> list[str]:
    loaded = load_dataset(dataset_dir)
    facts = derive(loaded)
    md = render_body_markdown(loaded.plan_body or "", loaded, facts, "body")
    return markdown_to_body(md, profile_for(loaded.data.family, loaded.data.profile)).paragraphs


# ---------------------------------------------------------------------------------------
# Round trip 1: import of a document made by build gives back its dataset


@pytest.mark.parametrize("sample", ["xa-an-phu", "phuong-hoa-binh"])
def test_import_of_a_built_plan_gives_back_the_dataset(sample: str, tmp_path: Path) -> None:
    src = SAMPLES / sample
    docx = api.render_one("ke_hoach", src, tmp_path / "ke-hoach.docx")
    out = tmp_path / "imported"
    result = import_plan(docx, out)
    assert {p.name for p in result.files} == {"dataset.yaml", "ke_hoach.md", "bao_cao_nhap.md"}
    orig = load_dataset(src).data
    new = load_dataset(out).data
    assert (new.year, new.family, new.place) == (orig.year, orig.family, orig.place)
    assert new.unit.name == orig.unit.name
    assert new.unit.parent == orig.unit.parent
    assert new.unit.code == orig.unit.code
    assert new.unit.archive == orig.unit.archive
    plan_o, plan_n = orig.documents.ke_hoach, new.documents.ke_hoach
    assert plan_o is not None and plan_n is not None
    assert (plan_n.number, plan_n.date, plan_n.subject) == (plan_o.number, plan_o.date,
                                                             plan_o.subject)
    assert plan_n.preamble == plan_o.preamble
    assert plan_n.recipients == plan_o.recipients
    assert [format_reference(new.references[k]) for k in plan_n.references] == [
        format_reference(orig.references[k]) for k in plan_o.references]
    so, sn = orig.signers[plan_o.signer], new.signers[plan_n.signer]
    assert (sn.authority, sn.on_behalf_of, sn.title, sn.name) == (
        so.authority, so.on_behalf_of, so.title, so.name)
    # the body says the same once the original's placeholders are filled in
    assert body_paragraphs(out) == body_paragraphs(src)
    assert "{{" not in (out / "ke_hoach.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("sample", ["xa-an-phu", "phuong-hoa-binh"])
def test_build_of_an_imported_built_plan_is_the_same_document(sample: str, tmp_path: Path
                                                               ) -> None:
    original = api.render_one("ke_hoach", SAMPLES / sample, tmp_path / "a.docx")
    import_plan(original, tmp_path / "ds")
    rebuilt = api.render_one("ke_hoach", tmp_path / "ds", tmp_path / "b.docx")
    assert lines(rebuilt) == lines(original)


def test_markdown_specials_survive_the_round_trip(tmp_path: Path) -> None:
    """party-min's body has **bold**, *italic*, & and <của>, nested + items, levels 3-4."""
    original = api.render_one("ke_hoach", DATA / "party-min", tmp_path / "a.docx")
    import_plan(original, tmp_path / "ds")
    md = (tmp_path / "ds" / "ke_hoach.md").read_text(encoding="utf-8")
    assert "**nhận thức**" in md and "*nghiêng*" in md and "\\<của\\>" in md
    assert "\n  + nhánh con" in md
    rebuilt = api.render_one("ke_hoach", tmp_path / "ds", tmp_path / "b.docx")
    assert lines(rebuilt) == lines(original)


# ---------------------------------------------------------------------------------------
# Staff-typed plans


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("typed")
    out = {}
    for family in ("party", "state"):
        for enc in ("unicode", "tcvn3", "vni"):
            out[f"{family}-{enc}"] = fx.BUILDERS[family](root / f"{family}-{enc}.docx", enc)
    return out


def test_party_plan_typed_in_word(typed: dict[str, Path], tmp_path: Path) -> None:
    result = import_plan(typed["party-unicode"], tmp_path / "ds")
    data = load_dataset(tmp_path / "ds").data
    assert data.family.value == "party" and data.year == 2026 and data.place == "Tân Hiệp"
    assert data.unit.parent == "Đảng bộ tỉnh Lâm Hà"
    assert data.unit.name == "Đảng ủy xã Tân Hiệp"
    assert data.unit.code == "ĐU" and data.unit.archive == "Văn phòng Đảng ủy"
    assert data.term == "2025 - 2030"
    plan = data.documents.ke_hoach
    assert plan is not None
    assert plan.number == 7 and str(plan.date) == "2026-01-26"
    # two subject paragraphs, a run split inside "vận": one trích yếu
    assert plan.subject == "thực hiện phong trào thi đua “Dân vận khéo” năm 2026"
    hd = data.references[plan.references[0]]
    assert (hd.kind, hd.number, str(hd.date)) == ("Kế hoạch", "07-KH/BTGDVTU", "2026-01-21")
    assert plan.preamble == ("Ban Thường vụ Đảng ủy xã Tân Hiệp xây dựng Kế hoạch thực hiện "
                             "phong trào thi đua “Dân vận khéo” năm 2026 như sau:")
    signer = data.signers[plan.signer]
    assert (signer.authority.value, signer.on_behalf_of, signer.title, signer.name) == (
        "TM", "Ban Thường vụ", "Phó Bí thư", "Nguyễn Thị Thu Hà")
    assert plan.recipients == ["Ban Tuyên giáo và Dân vận Tỉnh ủy (b/c)",
                               "Thường trực Đảng ủy xã", "Các chi bộ trực thuộc"]
    md = (tmp_path / "ds" / "ke_hoach.md").read_text(encoding="utf-8")
    assert md.startswith("# MỤC ĐÍCH, YÊU CẦU\n\n## Mục đích\n\n- Nâng cao nhận thức")
    assert "\xa0" not in md and "  " not in md.replace("\n  + ", "\n+ ")
    assert "có **sức lan tỏa**:\n  + Tập thể:" in md  # bold run, nested + items
    assert "#### Đối với tập thể" in md  # a) heading typed by hand
    assert "kỹ thuật mới;\\\ngiữ gìn" in md  # manual line break kept
    assert "| Đăng ký mô hình | Tháng 02/2026 | Các chi bộ |" in md
    report = result.report_path.read_text(encoding="utf-8")
    assert "(Đã ký)" in report and "đoạn trống" in report


def test_state_plan_with_tabbed_header_and_signature(typed: dict[str, Path], tmp_path: Path
                                                     ) -> None:
    import_plan(typed["state-unicode"], tmp_path / "ds")
    data = load_dataset(tmp_path / "ds").data
    assert data.family.value == "state" and data.place == "Bình Minh"
    assert data.unit.name == "Ủy ban nhân dân\nphường Bình Minh" and data.unit.parent is None
    assert data.unit.code == "UBND" and data.unit.archive == "VT, VP"
    plan = data.documents.ke_hoach
    assert plan is not None and plan.number == 15
    assert plan.subject == "triển khai phong trào thi đua “Dân vận khéo” năm 2026"
    assert [data.references[k].kind for k in plan.references] == ["Luật", "Kế hoạch"]
    signer = data.signers[plan.signer]
    assert (signer.authority.value, signer.on_behalf_of, signer.title, signer.name) == (
        "KT", "Chủ tịch", "Phó Chủ tịch", "Trần Văn Nam")
    assert plan.recipients == ["Như trên", "Thường trực HĐND phường",
                               "Ủy ban MTTQ Việt Nam phường"]


@pytest.mark.parametrize("family", ["party", "state"])
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encoded_plans_import_like_unicode(typed: dict[str, Path], tmp_path: Path,
                                                  family: str, encoding: str) -> None:
    ref = import_plan(typed[f"{family}-unicode"], tmp_path / "u")
    res = import_plan(typed[f"{family}-{encoding}"], tmp_path / "l")
    assert res.converted and ("TCVN3" in res.converted or "VNI" in res.converted)
    for name in ("ke_hoach.md", "dataset.yaml"):
        a = (tmp_path / "u" / name).read_text(encoding="utf-8").split("\n", 1)[1]
        b = (tmp_path / "l" / name).read_text(encoding="utf-8").split("\n", 1)[1]
        assert a == b
    md = (tmp_path / "l" / "ke_hoach.md").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", md)
    report = res.report_path.read_text(encoding="utf-8")
    assert "Bảng mã cũ" in report
    assert ref.plan.name == res.plan.name


def test_tcvn3_without_font_names_is_detected(typed: dict[str, Path], tmp_path: Path) -> None:
    """Fonts lost (pasted as Times New Roman): the text itself shows it is TCVN3."""
    src = typed["party-tcvn3"]
    dst = tmp_path / "no-fonts.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb'w:(ascii|hAnsi)="\.VnTimeH?"', rb'w:\1="Times New Roman"', data)
            zout.writestr(item, data)
    plan, _content, _ = read_plan(dst)
    assert "Dân vận khéo" in plan.subject
    assert plan.preamble and "Ban Thường vụ Đảng ủy xã Tân Hiệp" in plan.preamble


@pytest.mark.parametrize("family", ["party", "state"])
def test_build_of_a_typed_plan_has_the_same_text_in_the_right_layout(
        typed: dict[str, Path], tmp_path: Path, family: str) -> None:
    original = typed[f"{family}-unicode"]
    import_plan(original, tmp_path / "ds")
    rebuilt = api.render_one("ke_hoach", tmp_path / "ds", tmp_path / "rebuilt.docx")
    before, after = words(original), words(rebuilt)
    # the only words that go are the "(Đã ký)" note of the typed signature
    assert before - after == (Counter({"Đã": 1, "ký": 1}) if family == "party" else Counter())
    assert after - before == Counter()
    doc = open_docx(rebuilt)
    header = doc.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text.strip()]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text.strip()]
    if family == "party":
        assert left == ["ĐẢNG BỘ TỈNH LÂM HÀ", "ĐẢNG ỦY XÃ TÂN HIỆP", "*", "Số 07-KH/ĐU"]
        assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Tân Hiệp, ngày 26 tháng 01 năm 2026"]
    else:
        assert left[:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG BÌNH MINH"]
        assert left[-1] == "Số: 15/KH-UBND"
        assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "Bình Minh, ngày 05 tháng 02 năm 2026"]
        sig = [p.text for p in doc.tables[-1].cell(0, 1).paragraphs if p.text.strip()]
        assert sig == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Nam"]


def test_word_automatic_lists_become_text(tmp_path: Path) -> None:
    src = fx.list_styles_plan(tmp_path / "list.docx")
    import_plan(src, tmp_path / "ds")
    md = (tmp_path / "ds" / "ke_hoach.md").read_text(encoding="utf-8")
    assert "- Tuyên truyền trên loa truyền thanh thôn." in md
    data = load_dataset(tmp_path / "ds").data
    assert data.signers[data.documents.ke_hoach.signer].name == "Lê Văn Tâm"  # type: ignore


def test_unrecognised_parts_are_kept_and_listed(typed: dict[str, Path], tmp_path: Path) -> None:
    from docx import Document

    doc = Document(str(typed["party-unicode"]))
    doc.add_paragraph("Phụ lục: danh sách mô hình gửi kèm")
    src = tmp_path / "with-appendix.docx"
    doc.save(str(src))
    result = import_plan(src, tmp_path / "ds")
    md = (tmp_path / "ds" / "ke_hoach.md").read_text(encoding="utf-8")
    assert md.rstrip().endswith("Phụ lục: danh sách mô hình gửi kèm")
    report = result.report_path.read_text(encoding="utf-8")
    assert "Phụ lục: danh sách mô hình gửi kèm" in report.split("## Không nhận ra")[1]


# ---------------------------------------------------------------------------------------
# Bad input: a clear error, nothing written


def _refused(src: Path, out: Path, *words_in_message: str) -> None:
    with pytest.raises(PlanImportError) as err:
        import_plan(src, out)
    message = str(err.value)
    for w in words_in_message:
        assert w in message, message
    assert not out.exists()


def test_not_a_plan(tmp_path: Path) -> None:
    _refused(fx.not_a_plan(tmp_path / "bc.docx"), tmp_path / "o", "không phải kế hoạch",
             "báo cáo")


def test_empty_document(tmp_path: Path) -> None:
    _refused(fx.empty_document(tmp_path / "empty.docx"), tmp_path / "o", "trống")


def test_corrupt_and_odd_files(tmp_path: Path, typed: dict[str, Path]) -> None:
    data = typed["party-unicode"].read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(data[: len(data) // 2])
    _refused(broken, tmp_path / "o1", "hỏng")
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"this is not a document at all")
    _refused(junk, tmp_path / "o2", "không phải file Word")
    zero = tmp_path / "zero.docx"
    zero.write_bytes(b"")
    _refused(zero, tmp_path / "o3", "rỗng")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    _refused(pdf, tmp_path / "o4", "PDF")
    zipped = tmp_path / "other.docx"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("hello.txt", "x")
    _refused(zipped, tmp_path / "o5", "word/document.xml")
    _refused(tmp_path / "missing.docx", tmp_path / "o6", "không tìm thấy")


def test_password_protected_file(tmp_path: Path) -> None:
    """Word saves a password-protected .docx as an OLE container with an EncryptedPackage."""
    src = tmp_path / "locked.docx"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
                    + "EncryptedInfo".encode("utf-16-le") + b"\0" * 50
                    + "EncryptedPackage".encode("utf-16-le") + b"\0" * 400)
    _refused(src, tmp_path / "o", "mật khẩu")


def test_legacy_doc_without_libreoffice_says_how_to_convert(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    src = tmp_path / "ke-hoach.doc"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    _refused(src, tmp_path / "o", ".doc", "Save As", "soffice --headless --convert-to docx")


@pytest.mark.pdf
def test_legacy_doc_is_converted_with_libreoffice(typed: dict[str, Path], tmp_path: Path
                                                  ) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must have LibreOffice")
        pytest.skip("LibreOffice not installed")
    src = tmp_path / "party.docx"
    shutil.copy(typed["party-unicode"], src)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "doc", "--outdir", str(tmp_path / "doc"),
                    str(src)], check=True, capture_output=True, timeout=180)
    doc = tmp_path / "doc" / "party.doc"
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    result = import_plan(doc, tmp_path / "ds")
    assert "LibreOffice" in result.report_path.read_text(encoding="utf-8")
    assert result.plan.name == "Đảng ủy xã Tân Hiệp"
    assert result.plan.signer["name"] == "Nguyễn Thị Thu Hà"


def test_existing_output_needs_force(typed: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "ds"
    import_plan(typed["party-unicode"], out)
    before = (out / "dataset.yaml").read_bytes()
    with pytest.raises(Exception, match="không ghi đè"):
        import_plan(typed["state-unicode"], out)
    assert (out / "dataset.yaml").read_bytes() == before
    import_plan(typed["state-unicode"], out, force=True)
    assert load_dataset(out).data.family.value == "state"


def test_cli_import(typed: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["import", str(typed["party-vni"]), "-o", str(tmp_path / "ds")])
    assert res.exit_code == 0, res.output
    assert "kế hoạch năm 2026" in res.output and "VNI" in res.output
    bad = runner.invoke(cli, ["import", str(tmp_path / "nope.docx"), "-o", str(tmp_path / "x")])
    assert bad.exit_code == 1 and bad.output.startswith("Lỗi:") and "Traceback" not in bad.output
    assert runner.invoke(cli, ["import", str(typed["party-vni"])]).exit_code == 2


@pytest.mark.parametrize("end", [",", ";"])
def test_recipients_of_either_family_are_read(end: str) -> None:
    """This test ensures the importer reads a Nơi nhận typed Party style (',') or State style
    (';'), with or without dashes, into the same list and archive."""
    from dvk_docs.importer.plan import _recipients

    notes: list[str] = []
    lines = ["Nơi nhận:", f"- Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo){end}",
             f"Thường trực Đảng ủy xã{end}", f"Các chi bộ trực thuộc{end}", "- Lưu VT."]
    items, archive = _recipients(lines, notes)
    assert items == ["Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo)", "Thường trực Đảng ủy xã",
                     "Các chi bộ trực thuộc"]
    assert archive == "VT" and notes == []
