"""The fillable phiếu đăng ký: built reproducibly, filled with Vietnamese that shows in every
viewer (own appearances, embedded font), flattened, and read back into registrations."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import FloatObject, NameObject, NumberObject, TextStringObject
from ruamel.yaml import YAML

from dvk_docs.cli import cli
from dvk_docs.dataset import Registration, load_dataset
from dvk_docs.dataset.sheet import read_sheet, row_to_registration
from dvk_docs.pdf.fonts import shipped_font
from dvk_docs.pdf.formdata import fill_forms, read_forms, values_for
from dvk_docs.pdf.forms import BY_NAME, FIELDS, fill_pdf, form_path

from .pdf_helpers import (
    TONES,
    TONES_UPPER,
    assert_well_formed,
    ink,
    make_pdf,
    norm,
    page_texts,
    pdffonts,
)

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
# what the form carries: every field of a registration but 'unit' and 'note'
CARRIED = set(Registration.model_fields) - {"unit", "note", "source"}

if not shutil.which("pdftoppm") or not shutil.which("pdffonts"):
    if os.environ.get("CI"):
        raise RuntimeError("CI must have poppler-utils (./dev.sh installs it)")
    pytest.skip("poppler-utils not installed", allow_module_level=True)


def _carried(reg: Registration) -> dict[str, Any]:
    return reg.model_dump(include=CARRIED, exclude_none=True, mode="json")


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("build_pdf_form",
                                                  REPO / "tools" / "build_pdf_form.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_forms_are_what_the_script_makes() -> None:
    """This test ensures forms/*/phieu_dang_ky.pdf are rebuilt whenever the layout, the
    fields or the font change (python tools/build_pdf_form.py)."""
    tool = _tool()
    assert tool.main(["--check"]) == 0
    # the comparison is of what the form is, not its bytes: a moved field is a difference
    committed = form_path("party")
    moved = PdfWriter(clone_from=str(committed))
    widget = moved.pages[0]["/Annots"][3].get_object()
    widget[NameObject("/Rect")][0] = FloatObject(float(widget["/Rect"][0]) + 5)
    buffer = io.BytesIO()
    moved.write(buffer)
    assert tool.normalised(buffer.getvalue()) != tool.normalised(committed.read_bytes())
    assert tool.normalised(tool.build(tool.Family.PARTY)) == tool.normalised(
        committed.read_bytes())


@pytest.mark.parametrize("family", ["party", "state"])
def test_form_fields_and_embedded_font(family: str) -> None:
    """This test ensures the form has exactly the fields of the spec, appearances of its
    own, and the whole Liberation Serif (not a subset) as the fields' font."""
    path = form_path(family)
    reader = PdfReader(str(path))
    fields = reader.get_fields() or {}
    assert sorted(fields) == sorted(f.name for f in FIELDS)
    form = reader.trailer["/Root"]["/AcroForm"]
    assert form["/NeedAppearances"] is False or form["/NeedAppearances"] == False  # noqa: E712
    font = form["/DR"]["/Font"]["/LibSerif"]
    assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
    for page in reader.pages:
        for annot in page["/Annots"]:
            assert "/N" in annot.get_object()["/AP"]
    rows = pdffonts(path)
    full = [r for r in rows if r[0] == "LiberationSerif"]
    assert full and full[0][-5:-2] == ["yes", "no", "yes"]  # embedded, not a subset, ToUnicode
    assert all(r[-5] == "yes" for r in rows)
    text = page_texts(path)[0]
    motto = "ĐẢNG CỘNG SẢN VIỆT NAM" if family == "party" else "Độc lập - Tự do - Hạnh phúc"
    assert motto in text and "PHIẾU ĐĂNG KÝ" in text and "Chủ thể thực hiện" in text


@pytest.fixture
def toned(state_min: Path) -> Path:
    """state-min with a registration that uses every tone mark and đ/Đ in every field."""
    yaml = YAML()
    path = state_min / "dataset.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["registrations"].append({
        "id": "DK099", "registrant": f"Đội tình nguyện {TONES}", "kind": "ca_nhan",
        "model_name": f"Mô hình {TONES_UPPER}", "linh_vuc": "VHXH", "status": "co_tu_truoc",
        "expected_results": f"Kết quả: {TONES}\nDòng hai: {TONES_UPPER}",
        "managing_body": "Phòng Văn hóa - Xã hội, Đảng ủy phường",
        "location": "Tổ dân phố 5, phường Hòa Bình",
        "reason": TONES, "objectives": TONES_UPPER, "method": f"{TONES}\n{TONES}",
        "timeline": "Tháng 3 - 11/2026", "resources": "Kinh phí 12.500.000 đồng",
        "commitment": f"Cam kết {TONES}", "date": "05/02/2026",
        "person": {"full_name": "Đặng Thị Ngọc Ánh", "birth_year": 1989, "gender": "Nữ",
                   "position": "Tổ trưởng tổ dân phố", "workplace": "Tổ dân phố 5",
                   "party_member": False, "phone": "0900 000 999"},
        "signer": {"title": "Người đăng ký", "name": "Đặng Thị Ngọc Ánh"},
        "confirmer": {"body": "Ủy ban nhân dân phường Hòa Bình",
                      "signer": {"authority": "KT", "on_behalf_of": "Chủ tịch",
                                 "title": "Phó Chủ tịch", "name": "Lữ Thị Ỷ Lan"}},
    })
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return state_min


def test_fill_read_round_trip_every_tone(toned: Path, tmp_path: Path) -> None:
    """This test ensures every registration, including one with all tone marks and đ/Đ in
    every field, reads back from its filled form exactly as it went in."""
    loaded = load_dataset(toned)
    result = fill_forms(toned, tmp_path / "forms")
    assert len(result.files) == len(loaded.registrations) and not result.cut
    back = read_forms(result.files, tmp_path / "back.yaml", dataset=toned)
    assert [r.problems for r in back.reports] == [[]] * len(result.files)
    expected = [_carried(r) for r in loaded.registrations]
    got = [Registration.model_validate(r).model_dump(include=CARRIED, exclude_none=True,
                                                     mode="json") for r in back.registrations]
    assert got == expected
    # the .yaml written is a registrations list the dataset accepts as is
    written = YAML().load((tmp_path / "back.yaml").read_text(encoding="utf-8"))
    assert [_carried(Registration.model_validate(r)) for r in written["registrations"]] \
        == expected


def test_filled_values_have_appearances_in_the_embedded_font(toned: Path,
                                                             tmp_path: Path) -> None:
    """This test ensures a filled (not flattened) form carries values and appearances drawn
    with the form's embedded font, NeedAppearances off, so viewers need not redraw."""
    fill_forms(toned, tmp_path / "f.pdf", ids=["DK099"])
    reader = PdfReader(str(tmp_path / "f.pdf"))
    assert reader.trailer["/Root"]["/AcroForm"]["/NeedAppearances"] == False  # noqa: E712
    fields = reader.get_fields() or {}
    assert fields["ten_mo_hinh"]["/V"] == f"Mô hình {TONES_UPPER}"
    glyph_to_char = {gid: chr(cp) for cp, gid in shipped_font("regular").cmap.items()}
    widgets = {str(a.get_object()["/T"]): a.get_object() for p in reader.pages
               for a in p["/Annots"]}
    for name in ("ten_mo_hinh", "chu_the", "du_kien_ket_qua", "ho_ten"):
        stream = widgets[name]["/AP"]["/N"]
        assert "/LibSerif" in stream["/Resources"]["/Font"]
        shown = [bytes.fromhex(h.decode()) for h in re.findall(rb"<([0-9A-F]+)> Tj",
                                                      stream.get_data())]
        text = " ".join("".join(glyph_to_char[int.from_bytes(h[i:i + 2], "big")]
                                for i in range(0, len(h), 2)) for h in shown)
        assert norm(text) == norm(fields[name]["/V"]), name
    # and the viewer that draws them puts ink in the box (pdftoppm renders appearances)
    x0, y0, x1, y1 = (float(v) for v in widgets["ten_mo_hinh"]["/Rect"])
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    box = ((x0 + 4) / width, 1 - (y1 - 4) / height, (x1 - 4) / width, 1 - (y0 + 4) / height)
    assert ink(tmp_path / "f.pdf", 1, box, tmp_path) > 0.03
    assert ink(form_path("state"), 1, box, tmp_path) < 0.005


def test_flattened_form_shows_every_value_on_its_page(toned: Path, tmp_path: Path) -> None:
    """This test ensures --flatten paints each value where its field was (right page) with
    the embedded font, and leaves no widget, form or dangling field behind."""
    loaded = load_dataset(toned)
    reg = next(r for r in loaded.registrations if r.id == "DK099")
    values = values_for(reg, loaded)
    template = form_path("state").read_bytes()
    pdf, cut = fill_pdf(template, values, flatten=True)
    assert cut == []
    path = tmp_path / "flat.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert all("/Annots" not in page for page in reader.pages)
    blank = PdfReader(str(form_path("state")))
    page_of = {str(a.get_object()["/T"]): i for i, p in enumerate(blank.pages)
               for a in p["/Annots"]}
    texts = page_texts(path)
    for name, value in values.items():
        if value:
            for line in value.split("\n"):
                assert norm(line) in texts[page_of[name]], (name, line)
    rows = pdffonts(path)
    assert rows and all(r[-5] == "yes" for r in rows)
    assert_well_formed(path)
    # the header and the title are drawn (not blank) and so is the first field box
    assert ink(path, 1, (0.12, 0.06, 0.5, 0.13), tmp_path) > 0.01
    assert ink(path, 1, (0.3, 0.15, 0.7, 0.2), tmp_path) > 0.01
    assert ink(path, 1, (0.0, 0.0, 0.1, 1.0), tmp_path) < 0.001


def test_cli_fill_and_read(tmp_path: Path) -> None:
    runner = CliRunner()
    sample = SAMPLES / "phuong-hoa-binh"
    res = runner.invoke(cli, ["forms", "fill", str(sample), "-o", str(tmp_path / "pdf")])
    assert res.exit_code == 0, res.output
    assert "Đã ghi 10 phiếu PDF" in res.output
    files = sorted((tmp_path / "pdf").glob("*.pdf"))
    res = runner.invoke(cli, ["forms", "read", *map(str, files), "-o", str(tmp_path / "r.xlsx"),
                              "--dataset", str(sample)])
    assert res.exit_code == 0, res.output
    assert "Đã ghi 10 đăng ký" in res.output
    # the .xlsx has the layout of dang_ky.xlsx: the dataset's sheet reader takes it
    loaded = load_dataset(sample)
    rows = read_sheet(tmp_path / "r.xlsx", None, [lv.name for lv in loaded.data.linh_vuc])
    regs = [row_to_registration(row) for row in rows]
    assert [problems for _, problems in regs] == [[]] * 10
    assert [d["model_name"] for d, _ in regs] == [r.model_name for r in loaded.registrations]
    again = runner.invoke(cli, ["forms", "fill", str(sample), "-o", str(tmp_path / "pdf")])
    assert again.exit_code == 1 and "không ghi đè" in again.output


def _edit(src: Path, dst: Path, change: Any) -> Path:
    writer = PdfWriter(clone_from=str(src))
    widgets = {str(a.get_object()["/T"]): a.get_object() for p in writer.pages
               for a in p["/Annots"]}
    change(writer, widgets)
    writer.write(str(dst))
    return dst


def test_read_reports_bad_forms_per_file(tmp_path: Path) -> None:
    """This test ensures each returned form with a missing, renamed, extra, empty, invalid
    or unreadable field, and files that are no form at all, are reported by name while the
    good forms are still written."""
    sample = SAMPLES / "xa-an-phu"
    made = fill_forms(sample, tmp_path / "pdf", ids=["DK001", "DK002"]).files
    good, base = made[0], made[1]
    renamed = _edit(base, tmp_path / "renamed.pdf", lambda w, f: f["ten_mo_hinh"].__setitem__(
        NameObject("/T"), TextStringObject("ten_mo_hinh_moi")))

    def extra_field(writer: PdfWriter, fields: dict[str, Any]) -> None:
        fields["cam_ket"][NameObject("/T")] = TextStringObject("ghi_chu_them")
    extra = _edit(base, tmp_path / "extra.pdf", extra_field)
    empty = _edit(base, tmp_path / "empty.pdf", lambda w, f: f["du_kien_ket_qua"].__setitem__(
        NameObject("/V"), TextStringObject("")))
    invalid = _edit(base, tmp_path / "invalid.pdf", lambda w, f: (
        f["hinh_thuc"].__setitem__(NameObject("/V"), TextStringObject("Cũ")),
        f["nam_sinh"].__setitem__(NameObject("/V"), TextStringObject("19x0")),
        f["loai"].__setitem__(NameObject("/V"), TextStringObject("Cá nhân"))))
    unreadable = _edit(base, tmp_path / "unreadable.pdf", lambda w, f: f["chu_the"].__setitem__(
        NameObject("/V"), NumberObject(12)))
    not_pdf = tmp_path / "ghi-chu.pdf"
    not_pdf.write_text("không phải PDF", encoding="utf-8")
    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=str(good))
    writer.encrypt("mat-khau", algorithm="RC4-128")
    writer.write(str(locked))
    files = [good, renamed, extra, empty, invalid, unreadable, not_pdf, locked]
    res = CliRunner().invoke(cli, ["forms", "read", *map(str, files), "-o",
                                   str(tmp_path / "out.yaml")])
    assert res.exit_code == 1
    out = res.output
    assert "6/8 phiếu có lỗi" in out
    assert "thiếu trường 'ten_mo_hinh' (Tên mô hình) (có trường lạ 'ten_mo_hinh_moi'" in out
    assert "trường lạ không có trong mẫu, đã bỏ qua: ghi_chu_them" in out
    assert "trường 'du_kien_ket_qua' (Dự kiến kết quả cần đạt) để trống" in out
    assert "trường 'hinh_thuc' (Hình thức): 'Cũ' không hợp lệ" in out
    assert "trường 'nam_sinh' (Năm sinh): '19x0' không phải năm" in out
    assert "trường 'chu_the' (Chủ thể thực hiện): giá trị không phải chữ" in out
    assert f"{not_pdf}: KHÔNG đọc được" in out and "không phải file PDF" in out
    assert "có mật khẩu" in out
    written = YAML().load((tmp_path / "out.yaml").read_text(encoding="utf-8"))
    assert [r["id"] for r in written["registrations"]] == ["DK001", "DK002"]  # good + extra


def test_fill_refuses_unknown_ids_and_many_into_one_file(tmp_path: Path) -> None:
    runner = CliRunner()
    sample = str(SAMPLES / "xa-an-phu")
    out = tmp_path / "out"  # beside the isolated home, whose cache may be written
    out.mkdir()
    res = runner.invoke(cli, ["forms", "fill", sample, "--id", "DK999", "-o", str(out)])
    assert res.exit_code == 1 and "Không có mã đăng ký DK999" in res.output
    res = runner.invoke(cli, ["forms", "fill", sample, "-o", str(out / "one.pdf")])
    assert res.exit_code == 1 and "30 phiếu cần một thư mục" in res.output
    assert not list(out.iterdir())
    res = runner.invoke(cli, ["forms", "fill", sample, "--blank", "-o", str(out / "b.pdf")])
    assert res.exit_code == 0, res.output
    fields = PdfReader(str(out / "b.pdf")).get_fields() or {}
    assert fields["kinh_gui"]["/V"] == "Ban Thường vụ Đảng ủy xã An Phú (qua Ban Xây dựng Đảng)"
    assert fields["chu_the"].get("/V", "") == "" and BY_NAME["chu_the"].required


def test_fill_refuses_a_template_that_is_not_the_form(tmp_path: Path) -> None:
    """This test ensures --template with a non-PDF, a damaged PDF or a PDF without the
    form's fields is a clear error naming the file (no traceback, nothing written)."""
    sample = str(SAMPLES / "xa-an-phu")
    plain = make_pdf(tmp_path / "cong-van.pdf", ["Công văn, không phải phiếu"])
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(form_path("party").read_bytes()[:4000])
    cases = [(REPO / "forms" / "party" / "phieu_dang_ky.docx", "không phải file PDF"),
             (broken, "file PDF bị hỏng"),
             (plain, "không phải phiếu đăng ký điền được của dvk-docs (thiếu trường "
                     "ma_dang_ky, co_quan_cap_tren")]
    for template, expected in cases:
        res = CliRunner().invoke(cli, ["forms", "fill", sample, "--id", "DK002", "-o",
                                       str(tmp_path / "out.pdf"), "--template", str(template)])
        assert res.exit_code == 1, res.output
        assert f"Lỗi: Mẫu phiếu {template}: {expected}" in res.output
    assert not (tmp_path / "out.pdf").exists()
