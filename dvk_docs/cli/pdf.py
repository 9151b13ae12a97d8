"""``dvk-docs forms fill|read``: the fillable PDF phiếu đăng ký."""

from __future__ import annotations

from pathlib import Path

import click

from ..formdata import fill_forms, read_forms
from ._common import CONTEXT_SETTINGS, UserError, force_option, run


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
    result = run(lambda: fill_forms(dataset, out, ids=list(ids) or None, flatten=flatten,
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
    result = run(lambda: read_forms(list(files), out, dataset=dataset, force=force))
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


COMMANDS = [forms]
