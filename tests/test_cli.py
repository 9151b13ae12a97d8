"""The command line: exit codes, messages, output safety."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dvk_docs.cli import cli
from dvk_docs.documents import KINDS

from .docx_helpers import all_text, open_docx


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_writes_and_summarises(runner: CliRunner, party_min: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(cli, ["build", str(party_min), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert f"Đã ghi 4 file vào {out}/" in res.output
    assert "- Phiếu đăng ký: 2" in res.output
    assert "Đăng ký: 2 mô hình (1 tập thể, 1 cá nhân; 1 mới, 0 có từ trước, 1 nhân rộng)" \
        in res.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx")) == [
        "01-ke-hoach.docx", "02-tong-hop-dang-ky.docx",
        "03-phieu-dang-ky/001-chi-bo-thon-3-tuyen-duong-hoa.docx",
        "03-phieu-dang-ky/002-ong-nguyen-van-a-hoi-vien-nong-nuoi-tep.docx"]


def test_existing_output_is_refused_then_forced(runner: CliRunner, party_min: Path,
                                                tmp_path: Path) -> None:
    """This test ensures nothing is overwritten without --force and the message says so."""
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(party_min), "-o", str(out)]).exit_code == 0
    plan = out / "01-ke-hoach.docx"
    plan.write_bytes(b"my edited copy")
    res = runner.invoke(cli, ["build", str(party_min), "-o", str(out)])
    assert res.exit_code == 1
    assert "Lỗi: 5 file kết quả đã có, không ghi đè" in res.output
    assert "--force" in res.output
    assert plan.read_bytes() == b"my edited copy"
    res = runner.invoke(cli, ["build", str(party_min), "-o", str(out), "--force"])
    assert res.exit_code == 0
    assert "KẾ HOẠCH" in all_text(open_docx(plan))


def test_failed_build_leaves_nothing(runner: CliRunner, party_min: Path, tmp_path: Path) -> None:
    """This test ensures a data error stops the build before any file is written."""
    ds = party_min / "dataset.yaml"
    ds.write_text(ds.read_text(encoding="utf-8").replace("signer: pbt", "signer: ai_do"),
                  encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(cli, ["build", str(party_min), "-o", str(out)])
    assert res.exit_code == 1
    assert "người ký 'ai_do' chưa khai trong 'signers'" in res.output
    assert "Traceback" not in res.output
    assert not out.exists()


def test_user_errors_have_no_traceback(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: [2026\n", encoding="utf-8")
    res = runner.invoke(cli, ["build", str(bad), "-o", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert res.output.startswith("Lỗi: ")
    assert "bad.yaml, dòng 2, cột 1: YAML sai cú pháp" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_usage_errors_exit_2(runner: CliRunner, party_min: Path) -> None:
    assert runner.invoke(cli, ["build"]).exit_code == 2
    assert runner.invoke(cli, ["render", "khong_co", str(party_min), "-o", "x.docx"]
                         ).exit_code == 2
    assert runner.invoke(cli, ["khong-co-lenh"]).exit_code == 2


def test_render_one(runner: CliRunner, party_min: Path, tmp_path: Path) -> None:
    out = tmp_path / "kh.docx"
    res = runner.invoke(cli, ["render", "ke_hoach", str(party_min), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "KẾ HOẠCH" in all_text(open_docx(out))
    res = runner.invoke(cli, ["render", "phieu_dang_ky", str(party_min), "-o",
                              str(tmp_path / "p.docx")])
    assert res.exit_code == 1 and "chọn một bằng --id (ví dụ --id DK001)" in res.output
    res = runner.invoke(cli, ["render", "phieu_dang_ky", str(party_min), "--id", "DK002",
                              "-o", str(tmp_path / "p.docx")])
    assert res.exit_code == 0
    assert "“Nuôi tép”" in all_text(open_docx(tmp_path / "p.docx"))
    res = runner.invoke(cli, ["render", "ke_hoach", str(party_min), "-o", str(tmp_path / "x.pdf")])
    assert res.exit_code == 1 and "đuôi .docx" in res.output


def test_new_scaffold_builds(runner: CliRunner, tmp_path: Path) -> None:
    """This test ensures 'dvk-docs new' writes a dataset that validates and builds."""
    for family in ("party", "state"):
        target = tmp_path / f"moi-{family}"
        res = runner.invoke(cli, ["new", str(target), "--family", family])
        assert res.exit_code == 0, res.output
        assert (target / "dataset.yaml").is_file()
        text = (target / "dataset.yaml").read_text(encoding="utf-8")
        assert text.count("#") > 40  # every field explained
        res = runner.invoke(cli, ["build", str(target), "-o", str(tmp_path / f"o-{family}")])
        assert res.exit_code == 0, res.output
        res = runner.invoke(cli, ["new", str(target)])
        assert res.exit_code == 1 and "không ghi đè" in res.output


def test_validate(runner: CliRunner, party_min: Path) -> None:
    res = runner.invoke(cli, ["validate", str(party_min)])
    assert res.exit_code == 0 and "hợp lệ. 2 đăng ký (1 tập thể, 1 cá nhân)" in res.output


@pytest.mark.parametrize("command", [["build"], ["render"], ["demo"], ["new"], ["validate"],
                                     ["templates", "copy"]])
def test_every_command_has_help_with_example(runner: CliRunner, command: list[str]) -> None:
    res = runner.invoke(cli, [*command, "--help"])
    assert res.exit_code == 0
    assert "Ví dụ:" in res.output and "dvk-docs " in res.output


def test_templates_copy_and_use(runner: CliRunner, party_min: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    res = runner.invoke(cli, ["templates", "copy", str(mine)])
    n = sum(len(k.families) for k in KINDS.values())
    assert res.exit_code == 0 and f"Đã chép {n} mẫu" in res.output
    res = runner.invoke(cli, ["build", str(party_min), "-o", str(tmp_path / "o"),
                              "--templates", str(mine)])
    assert res.exit_code == 0, res.output
