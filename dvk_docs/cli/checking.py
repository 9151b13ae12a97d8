"""Templates and format checks: ``dvk-docs check`` (format linter for any .docx) and
``dvk-docs templates copy|check`` (copy the shipped templates to edit in Word; lint them)."""

from __future__ import annotations

from pathlib import Path

import click

from .common import CONTEXT_SETTINGS, api, force_option, run


@click.command("check", context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--family", type=click.Choice(["party", "state"]), default=None,
              help="Bỏ qua nhận biết tự động: party (văn bản Đảng, HD 36) hoặc state (Nhà nước, "
                   "NĐ 30).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho công cụ khác).")
def check(files: tuple[Path, ...], family: str | None, as_json: bool) -> None:
    """Kiểm tra thể thức văn bản .docx (của dvk-docs hay gõ tay): khổ giấy, lề, phông,
    phần đầu, tên loại, nội dung, đề mục, chữ ký, Nơi nhận, chỗ chưa điền.

    Nhận biết văn bản Đảng / Nhà nước theo tiêu đề; mã lỗi 1 khi có lỗi.

    \b
    Ví dụ:
      dvk-docs check ket-qua/01-ke-hoach.docx
      dvk-docs check ket-qua/ --json > ket-qua-kiem-tra.json
      dvk-docs check van-ban-go-tay.docx --family state
    """
    reports = run(lambda: api.check_docx(list(files), family=family))
    click.echo(api.report_text(reports, as_json=as_json))
    if not all(r.ok for r in reports):
        raise SystemExit(1)


@click.group(context_settings=CONTEXT_SETTINGS)
def templates() -> None:
    """Mẫu .docx: chép ra để sửa trong Word."""


@templates.command("copy", context_settings=CONTEXT_SETTINGS)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@force_option
def templates_copy(directory: Path, force: bool) -> None:
    """Chép các mẫu .docx ra thư mục để sửa, rồi dùng bằng --templates.

    \b
    Ví dụ:
      dvk-docs templates copy mau-cua-toi
      dvk-docs build du-lieu -o ket-qua --templates mau-cua-toi
    """
    files = run(lambda: api.copy_templates(directory, force=force))
    click.echo(f"Đã chép {len(files)} mẫu vào {directory}/")


@templates.command("check", context_settings=CONTEXT_SETTINGS)
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--dataset", "datasets", multiple=True, type=click.Path(path_type=Path),
              help="Bộ dữ liệu của bạn: kiểm tra tên biến cả với dữ liệu này (dùng nhiều lần "
                   "được).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def templates_check(directory: Path, datasets: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra các mẫu .docx đã sửa trong Word: thẻ bị tách, nháy cong trong thẻ, sai cú
    pháp, tên biến không có (kể cả a.b.c), thẻ không an toàn; nêu đoạn / ô bảng và cách sửa.

    \b
    Ví dụ:
      dvk-docs templates copy mau-cua-toi
      dvk-docs templates check mau-cua-toi
      dvk-docs templates check mau-cua-toi --dataset du-lieu-2026
    """
    reports = run(lambda: api.check_templates(directory, datasets=list(datasets) or None))
    click.echo(api.report_text(reports, as_json=as_json, templates=True))
    if not all(r.ok for r in reports):
        raise SystemExit(1)


COMMANDS = [check, templates]
