"""The PDF side: ``dvk-docs forms fill|read`` (the fillable phiếu đăng ký) and ``dvk-docs dossier``
(the hồ sơ đề nghị công nhận as one PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .common import (
    CONTEXT_SETTINGS,
    UserError,
    api,
    force_option,
    inconsistent_option,
    print_problems,
    run,
    templates_option,
)


@click.group("forms", context_settings=CONTEXT_SETTINGS)
def forms() -> None:
    """Phiếu đăng ký dạng PDF điền được: điền từ bộ dữ liệu, đọc phiếu các đơn vị gửi về.

    \b
    Ví dụ:
      dvk-docs forms fill samples/xa-an-phu -o phieu-pdf
      dvk-docs forms read phieu-gui-ve/*.pdf -o dang-ky-moi.yaml
    """


@forms.command("fill", context_settings=CONTEXT_SETTINGS)
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), required=True,
              help="Thư mục kết quả (mỗi đăng ký một file), hoặc file .pdf khi chỉ một phiếu.")
@click.option("--id", "ids", multiple=True, help="Chỉ điền phiếu của mã này (dùng nhiều lần).")
@click.option("--blank", is_flag=True,
              help="Một phiếu trống, chỉ điền năm, địa danh, Kính gửi: gửi cho các đơn vị.")
@click.option("--flatten", is_flag=True,
              help="Làm phẳng (bản lưu trữ): chữ in vào trang, không sửa được nữa.")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Mẫu phiếu PDF khác (mặc định: mẫu đi kèm, theo văn bản Đảng/Nhà nước).")
@force_option
def fill(dataset: Path, out: Path, ids: tuple[str, ...], blank: bool, flatten: bool,
         template: Path | None, force: bool) -> None:
    """Điền phiếu đăng ký PDF từ bộ dữ liệu (chữ tiếng Việt hiện đúng ở mọi trình xem PDF).

    \b
    Ví dụ:
      dvk-docs forms fill samples/xa-an-phu -o phieu-pdf
      dvk-docs forms fill samples/xa-an-phu --id DK003 -o phieu-dk003.pdf --flatten
      dvk-docs forms fill du-lieu --blank -o phieu-trong.pdf
    """
    result = run(lambda: api.fill_forms(dataset, out, ids=list(ids) or None, flatten=flatten,
                                    blank=blank, force=force, template=template))
    where = out if out.suffix.lower() != ".pdf" else out.parent
    click.echo(f"Đã ghi {len(result.files)} phiếu PDF vào {where}/"
               + (" (đã làm phẳng)" if flatten else ""))
    for path, labels in result.cut.items():
        click.echo(f"Lưu ý: {path.name}: ô {', '.join(labels)} không đủ chỗ, chữ bị cắt trên "
                   "bản in (giá trị đầy đủ vẫn lưu trong trường)", err=True)


@forms.command("read", context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Ghi đăng ký đọc được ra file .yaml hoặc .xlsx.")
@click.option("--dataset", type=click.Path(path_type=Path), default=None,
              help="Bộ dữ liệu để đối chiếu lĩnh vực và năm.")
@force_option
def read(files: tuple[Path, ...], out: Path | None, dataset: Path | None, force: bool) -> None:
    """Đọc phiếu đăng ký PDF các đơn vị gửi về thành danh sách đăng ký (.yaml hoặc .xlsx);
    báo từng file: trường thiếu, bị đổi tên, để trống, không đọc được hay không hợp lệ.

    \b
    Ví dụ:
      dvk-docs forms read phieu-gui-ve/*.pdf -o dang-ky-moi.yaml
      dvk-docs forms read a.pdf b.pdf --dataset du-lieu -o dang-ky.xlsx
    """
    result = run(lambda: api.read_forms(list(files), out, dataset=dataset, force=force))
    bad = 0
    for report in result.reports:
        if report.problems:
            bad += 1
            click.echo(f"{report.path}: KHÔNG đọc được thành đăng ký:", err=True)
            for problem in report.problems:
                click.echo(f"  - {problem}", err=True)
        else:
            reg = report.registration or {}
            click.echo(f"{report.path}: {reg.get('id') or '(chưa có mã)'} - "
                       f"{reg.get('registrant')}: “{reg.get('model_name')}”")
        for note in report.notes:
            click.echo(f"  Lưu ý: {note}", err=True)
    good = len(result.reports) - bad
    if result.out is not None:
        click.echo(f"Đã ghi {good} đăng ký vào {result.out}")
    if bad:
        raise UserError(f"{bad}/{len(result.reports)} phiếu có lỗi, chưa đưa vào danh sách "
                        "(xem trên)")


def _attachments(values: tuple[str, ...]) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for value in values:
        reg_id, sep, path = value.partition("=")
        if not sep or not reg_id.strip() or not path.strip():
            raise click.BadParameter(f"'{value}': viết MÃ=ĐƯỜNG_DẪN, ví dụ DK002=anh-hien-dat.pdf",
                                     param_hint="--attach")
        out.setdefault(reg_id.strip(), []).append(Path(path.strip()))
    return out


def _print(parts: list[Any], cover: int, depth: int = 0) -> None:
    """The dossier's parts (api.build_dossier(...).parts) with their pages, nested."""
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
    result = run(lambda: api.build_dossier(
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


COMMANDS = [forms, dossier]
