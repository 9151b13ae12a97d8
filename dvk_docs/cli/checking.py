"""``dvk-docs check`` (format linter for any .docx) and ``dvk-docs templates check``
(linter for templates edited in Word)."""

from __future__ import annotations

from pathlib import Path

import click

from ..check import CheckError, check_paths
from ..check.report import format_json, format_templates_text, format_text
from ..check.templates import lint_templates
from ._common import CONTEXT_SETTINGS
from ._common import UserError as _UserError


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
    try:
        reports = check_paths(list(files), family=family)
    except CheckError as err:
        raise _UserError(str(err)) from None
    click.echo(format_json(reports) if as_json else format_text(reports))
    if not all(r.ok for r in reports):
        raise SystemExit(1)


@click.command("check", context_settings=CONTEXT_SETTINGS)
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
    from ..errors import DvkError

    try:
        reports = lint_templates(directory, datasets=list(datasets) or None)
    except DvkError as err:
        raise _UserError(str(err)) from None
    click.echo(format_json(reports) if as_json else format_templates_text(reports))
    if not all(r.ok for r in reports):
        raise SystemExit(1)


COMMANDS = [check]
# Subcommands of existing groups: 'dvk-docs templates check'.
GROUP_COMMANDS = {"templates": [templates_check]}
