"""The bundled samples, built the way 'dvk-docs demo' builds them."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from dvk_docs.cli import cli
from dvk_docs.dataset import load_dataset
from dvk_docs.documents.registration_form import quoted

from .docx_helpers import all_text, open_docx

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    res = CliRunner().invoke(cli, ["demo", "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


@pytest.mark.parametrize(("sample", "family_marker", "n_regs"), [
    ("xa-an-phu", "ĐẢNG CỘNG SẢN VIỆT NAM", 30),
    ("phuong-hoa-binh", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 10),
])
def test_demo_writes_every_document(demo_out: Path, sample: str, family_marker: str,
                                    n_regs: int) -> None:
    """This test ensures the plan, Mẫu 1 and one phiếu per registration exist and read back."""
    out = demo_out / sample
    forms = sorted((out / "03-phieu-dang-ky").glob("*.docx"))
    assert len(forms) == n_regs == len(load_dataset(REPO / "samples" / sample).registrations)
    for path in [out / "01-ke-hoach.docx", out / "02-tong-hop-dang-ky.docx", *forms]:
        text = all_text(open_docx(path))
        assert family_marker in text, path.name
        assert unicodedata.is_normalized("NFC", text), path.name
        if path.name == "01-ke-hoach.docx":
            # the blank Mẫu 1 / Mẫu 2 sent with the plan keep "ĐƠN VỊ……" for the unit
            text, forms_part = text.split("\nMẫu 1\n")
            assert "ĐƠN VỊ……" in forms_part and "{{" not in forms_part
        for leftover in ("{{", "{%", "**", "……"):
            assert leftover not in text, (path.name, leftover)


@pytest.mark.parametrize("sample", ["xa-an-phu", "phuong-hoa-binh"])
def test_same_model_spelled_identically_everywhere(demo_out: Path, sample: str) -> None:
    """This test ensures each model's name and registrant read the same in its phiếu and in
    Mẫu 1, and Mẫu 1 totals match the dataset."""
    loaded = load_dataset(REPO / "samples" / sample)
    summary = open_docx(demo_out / sample / "02-tong-hop-dang-ky.docx").tables[1]
    rows = [[c.text for c in r.cells] for r in summary.rows]
    names = {r[4]: r[1] for r in rows if r[0].isdigit()}
    forms = sorted((demo_out / sample / "03-phieu-dang-ky").glob("*.docx"))
    for reg, form in zip(loaded.registrations, forms, strict=True):
        assert names[reg.model_name] == reg.registrant
        text = all_text(open_docx(form))
        assert f"Tên mô hình: {quoted(reg.model_name)}" in text
        assert f"Chủ thể thực hiện: {reg.registrant}" in text
    grand = next(r for r in rows if r[0] == "Tổng cộng")
    assert int(grand[2]) + int(grand[3]) == len(loaded.registrations)
    assert grand[4] == f"{len(loaded.registrations)} mô hình"


def test_demo_refuses_to_overwrite(demo_out: Path) -> None:
    res = CliRunner().invoke(cli, ["demo", "-o", str(demo_out)])
    assert res.exit_code == 1 and "--force" in res.output


def test_party_sample_counts_votes_on_all_members(tmp_path: Path) -> None:
    """This test ensures the Party sample's Ban Thường vụ (13 members, 11 present) counts
    votes on all 13 members (Điều lệ Đảng), so 6 votes would fail and 7 pass; the minutes,
    the tờ trình and the year report say so in the same words, and loading gives no warning
    about the basis."""
    from dvk_docs import build
    from dvk_docs.dataset import load_dataset

    sample = REPO / "samples" / "xa-an-phu"
    loaded = load_dataset(sample)
    assert loaded.data.rule.resolved_basis(party=True) == "tong_so"
    assert not [w for w in loaded.warnings if "Điều lệ Đảng" in w]
    out = build(sample, tmp_path / "out").out_dir
    minutes = all_text(open_docx(out / "05-bien-ban-binh-xet.docx"))
    assert ("Mô hình được đề nghị công nhận khi được trên 50% tổng số thành viên biểu quyết "
            "đồng ý.") in minutes
    assert "/11 |" not in minutes
    rows = [r for r in minutes.split("\n") if "/13" in r]
    assert rows and all("/11" not in r for r in rows)
    report = all_text(open_docx(out / "10-bao-cao-ket-qua-nam.docx"))
    assert "số thành viên có mặt" not in report
    assert "trên 50% tổng số ủy viên Ban Thường vụ biểu quyết đồng ý" in report


def test_party_body_counting_on_members_present_is_warned(tmp_path: Path) -> None:
    """This test ensures a Party dataset whose rule counts on members present loads with a
    warning naming the rule line and the Điều lệ Đảng."""
    import shutil

    from dvk_docs.dataset import load_dataset

    ds = tmp_path / "ds"
    shutil.copytree(REPO / "samples" / "xa-an-phu", ds)
    path = ds / "dataset.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("basis: tong_so",
                                                             "basis: co_mat"),
                    encoding="utf-8")
    warnings = [w for w in load_dataset(ds).warnings if "Điều lệ Đảng" in w]
    assert len(warnings) == 1 and "dataset.yaml, dòng" in warnings[0]
    assert "tong_so" in warnings[0]


def test_state_citations_have_no_party_comma_before_ngay(tmp_path: Path) -> None:
    """This test ensures every State document of the State sample cites 'số 12/KH-UBND ngày
    26/01/2026' (no comma, Nghị định 30/2020) while the Party sample keeps 'số 03-KH/ĐU, ngày'."""
    import re

    from dvk_docs import build

    state = build(REPO / "samples" / "phuong-hoa-binh", tmp_path / "state").files
    party = build(REPO / "samples" / "xa-an-phu", tmp_path / "party").files
    cited = re.compile(r"số \S+/\S+(,?) ngày \d")
    state_marks = [m.group(1) for f in state for m in cited.finditer(all_text(open_docx(f)))
                   if "/" in m.group(0) and "-" in m.group(0)]
    assert state_marks and set(state_marks) == {""}
    party_marks = [m.group(1) for f in party if not f.name.startswith("02-") for m in re.finditer(
        r"số \d+-[A-ZĐa-z]+/[A-ZĐ]+(,?) ngày \d", all_text(open_docx(f)))]
    assert party_marks and set(party_marks) == {","}


def _sample_texts(tmp_path: Path) -> dict[str, dict[str, str]]:
    from dvk_docs import build

    out: dict[str, dict[str, str]] = {}
    for name in ("xa-an-phu", "phuong-hoa-binh"):
        files = build(REPO / "samples" / name, tmp_path / name).files
        out[name] = {f"{f.parent.name}/{f.name}": all_text(open_docx(f)) for f in files}
    return out


# Vietnamese reduplication that is not a typing slip.
_REDUPLICATED = {"ngày", "người", "nhà", "từng", "đời", "năm", "tháng", "chung", "dần",
                 "mãi", "xa"}


def test_sample_wording(tmp_path: Path) -> None:
    """This test ensures the wording a clerk would correct is gone from both samples: no
    doubled word ('tiếp nhận nhận'), no 'Lĩnh vực: Lĩnh vực ...', a real province (Lâm Đồng,
    not the invented 'Lâm Hà'), a 'Tổ thẩm định' led by a 'Tổ trưởng', the pass mark stated in
    the State notice, and every State trích yếu starting with a capital letter."""
    import re

    texts = _sample_texts(tmp_path)
    for sample, docs in texts.items():
        for name, text in docs.items():
            # 'Ban Xây dựng Đảng Đảng ủy xã' is a name followed by its parent, not a slip
            for m in re.finditer(r"\b(\w+) \1\b(?! ủy)", text):
                assert m.group(1).lower() in _REDUPLICATED, (sample, name, m.group(0))
            assert "Lĩnh vực: Lĩnh vực" not in text, (sample, name)
            assert "Lâm Hà" not in text and "LÂM HÀ" not in text, (sample, name)
            assert ": Trưởng đoàn" not in text, (sample, name)
    assert "ĐẢNG BỘ TỈNH LÂM ĐỒNG" in next(t for n, t in texts["xa-an-phu"].items()
                                          if n.endswith("01-ke-hoach.docx"))
    notice = next(t for n, t in texts["phuong-hoa-binh"].items() if "thong-bao" in n)
    assert ("3. Cách xếp loại: Chấm điểm theo thang 100 điểm; mô hình đạt từ 75 điểm trở lên "
            "được xếp loại Đạt, dưới 75 điểm xếp loại Không đạt.") in notice
    assert "Tổ thẩm định số 1" in notice and ": Tổ trưởng;" in notice
    kinds = ("KẾ HOẠCH", "THÔNG BÁO", "BIÊN BẢN", "TỜ TRÌNH", "QUYẾT ĐỊNH", "BÁO CÁO",
             "PHIẾU ĐĂNG KÝ", "BÁO CÁO THÀNH TÍCH", "DANH SÁCH TRÍCH NGANG THÀNH TÍCH")
    seen = 0
    for name, text in texts["phuong-hoa-binh"].items():
        lines = [ln for ln in text.split("\n") if ln.strip()]
        for i, line in enumerate(lines[:-1]):
            if line in kinds and i < 12:
                subject = lines[i + 1]
                assert subject[:1].isupper(), (name, subject)
                seen += 1
                break
    assert seen >= 10


def test_appraisal_results_must_follow_the_pass_mark(tmp_path: Path) -> None:
    """This test ensures a result marked Đạt below the pass mark is refused with the codes."""
    import shutil

    from dvk_docs.errors import DatasetError

    ds = tmp_path / "ds"
    shutil.copytree(REPO / "samples" / "phuong-hoa-binh", ds)
    path = ds / "dataset.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "DK010: {result: dat, score: 76", "DK010: {result: dat, score: 74"), encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        load_dataset(ds)
    assert "DK010 (74 điểm, Đạt)" in str(err.value) + " ".join(getattr(err.value, "details",
                                                                       []) or [])


def test_minutes_name_the_vote_and_elect_the_counting_board_as_an_item(tmp_path: Path) -> None:
    """This test ensures a show of hands is counted as 'biểu quyết' (not 'phiếu') and the
    election of the Ban kiểm phiếu before a secret ballot is its own numbered item."""
    from dvk_docs import build

    party = build(REPO / "samples" / "xa-an-phu", tmp_path / "p").out_dir
    state = build(REPO / "samples" / "phuong-hoa-binh", tmp_path / "s").out_dir
    hands = open_docx(party / "05-bien-ban-binh-xet.docx")
    ballot = open_docx(state / "05-bien-ban-binh-xet.docx")
    assert "Số biểu quyết đồng ý" in [c.text for c in hands.tables[1].rows[0].cells]
    assert "phiếu" not in all_text(hands).replace("Ban kiểm phiếu", "")
    assert "Số phiếu đồng ý" in [c.text for c in ballot.tables[1].rows[0].cells]
    lines = all_text(ballot).split("\n")
    board = [ln for ln in lines
             if ln.startswith(("4. Bầu Ban kiểm phiếu", "5. Bầu Ban kiểm phiếu"))]
    assert board == [next(ln for ln in lines if "Bầu Ban kiểm phiếu:" in ln)]
    assert ("Bầu Ban kiểm phiếu: Hội nghị biểu quyết thống nhất bầu Ban kiểm phiếu gồm 03 đồng "
            "chí: đồng chí Phùng Thị Hồng Vân (Trưởng ban), đồng chí Ninh Văn Tài, đồng chí Giáp "
            "Thị Ngân.") in board[0]
    assert lines.index(board[0]) < next(i for i, ln in enumerate(lines)
                                        if "Hình thức bình xét: Bỏ phiếu kín" in ln)
    assert not any(ln.startswith("- Hội đồng bầu Ban kiểm phiếu") for ln in lines)


def test_trich_ngang_of_the_samples_holds_results_not_targets(tmp_path: Path) -> None:
    """This test ensures neither sample's trích ngang repeats a registration's expected
    results, and the Party one reports the 38 hộ the appraisal found (40 were registered)."""
    from dvk_docs import build

    for name in ("xa-an-phu", "phuong-hoa-binh"):
        out = build(REPO / "samples" / name, tmp_path / name).out_dir
        text = all_text(open_docx(out / "08-trich-ngang.docx"))
        for reg in load_dataset(REPO / "samples" / name).registrations:
            assert reg.expected_results not in text, (name, reg.id)
        if name == "xa-an-phu":
            assert "38 hộ, 33 ha" in text and "40 hộ" not in text
