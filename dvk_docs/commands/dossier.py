"""``dvk-docs dossier``: the hồ sơ đề nghị công nhận as one PDF."""

from __future__ import annotations

from pathlib import Path

import click

from ..dossier import Part, build_dossier
from ._common import (
    CONTEXT_SETTINGS,
    force_option,
    inconsistent_option,
    print_problems,
    run,
    templates_option,
)


def _attachments(values: tuple[str, ...]) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for value in values:
        reg_id, sep, path = value.partition("=")
        if not sep or not reg_id.strip() or not path.strip():
            raise click.BadParameter(f"'{value}': viết MÃ=ĐƯỜNG_DẪN, ví dụ DK002=anh-hien-dat.pdf",
                                     param_hint="--attach")
        out.setdefault(reg_id.strip(), []).append(Path(path.strip()))
    return out


def _print(parts: list[Part], cover: int, depth: int = 0) -> None:
    for part in parts:
        click.echo(f"{'  ' * (depth + 1)}- {part.title}: trang {part.start - cover + 1}, "
                   f"{part.pages} trang")
        _print(part.children, cover, depth + 1)


@click.command("dossier", context_settings=CONTEXT_SETTINGS)
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="File PDF hồ sơ.")
@click.option("--attach", "attach", multiple=True, metavar="MÃ=FILE.pdf",
              help="Minh chứng (ảnh, quyết định... dạng PDF; hoặc một thư mục PDF) đặt sau báo "
              "cáo thành tích của mô hình MÃ. Dùng nhiều lần được.")
@click.option("--copies", type=click.IntRange(1, 5), default=2, show_default=True,
              help="Số bộ báo cáo thành tích (quy định thường là 02 bộ).")
@click.option("--every-model", is_flag=True,
              help="Bắt buộc mọi mô hình trong Tờ trình có báo cáo thành tích.")
@click.option("--allow-incomplete", is_flag=True,
              help="Vẫn tạo khi hồ sơ còn thiếu; các chỗ thiếu được ghi trên bìa.")
@inconsistent_option
@templates_option
@click.option("--timeout", type=click.FloatRange(10, 3600), default=300, show_default=True,
              help="Số giây tối đa cho LibreOffice chuyển PDF.")
@force_option
def dossier(dataset: Path, out: Path, attach: tuple[str, ...], copies: int, every_model: bool,
            allow_incomplete: bool, allow_inconsistent: bool, templates: Path | None,
            timeout: float, force: bool) -> None:
    """Ghép hồ sơ đề nghị công nhận thành một file PDF: bìa có mục lục, tờ trình, biên bản
    họp bình xét, báo cáo thành tích từng điển hình (02 bộ), trích ngang.

    Kiểm tra hồ sơ đủ chưa trước khi ghép; thiếu thì liệt kê chỗ thiếu và không tạo file
    (trừ khi thêm --allow-incomplete). Cần LibreOffice.

    \b
    Ví dụ:
      dvk-docs dossier samples/xa-an-phu -o ho-so.pdf
      dvk-docs dossier du-lieu -o ho-so.pdf --attach DK002=anh-hien-dat.pdf --copies 2
      dvk-docs dossier du-lieu -o ho-so.pdf --allow-incomplete
    """
    attachments = _attachments(attach)
    result = run(lambda: build_dossier(
        dataset, out, attachments=attachments, copies=copies, every_model=every_model,
        allow_incomplete=allow_incomplete, allow_inconsistent=allow_inconsistent,
        templates=templates, force=force, timeout=timeout))
    click.echo(f"Đã ghi hồ sơ {result.path} ({result.pages} trang; bìa và mục lục "
               f"{result.cover_pages} trang):")
    _print(result.parts, result.cover_pages)
    print_problems(result.problems)
    for gap in result.gaps:
        click.echo(f"Hồ sơ còn thiếu: {gap}", err=True)
    for warning in result.warnings:
        click.echo(f"Lưu ý: {warning}", err=True)


COMMANDS = [dossier]
