"""The bundled samples, built the way 'dvk-docs demo' builds them."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from dvk_docs.cli import cli
from dvk_docs.dataset import load_dataset

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
        assert f"Tên mô hình: “{reg.model_name}”" in text
        assert f"Chủ thể thực hiện: {reg.registrant}" in text
    grand = next(r for r in rows if r[0] == "Tổng cộng")
    assert int(grand[2]) + int(grand[3]) == len(loaded.registrations)
    assert grand[4] == f"{len(loaded.registrations)} mô hình"


def test_demo_refuses_to_overwrite(demo_out: Path) -> None:
    res = CliRunner().invoke(cli, ["demo", "-o", str(demo_out)])
    assert res.exit_code == 1 and "--force" in res.output
