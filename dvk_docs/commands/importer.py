"""``dvk-docs import``: a plan typed in Word / LibreOffice -> a dataset."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import DvkError
from ..importer import import_plan
from ._common import CONTEXT_SETTINGS, UserError, force_option


@click.command("import", context_settings=CONTEXT_SETTINGS)
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Thư mục ghi bộ dữ liệu (dataset.yaml, ke_hoach.md).")
@force_option
def import_command(plan: Path, out: Path, force: bool) -> None:
    """Nhập kế hoạch đã gõ trong Word/LibreOffice (.docx; .doc/.odt qua LibreOffice) thành
    bộ dữ liệu: đầu văn bản, số, ngày, trích yếu, căn cứ, nội dung (Markdown), người ký,
    nơi nhận. Chữ gõ bằng bảng mã cũ TCVN3 (.VnTime) hoặc VNI được chuyển sang Unicode.
    Phần không nhận ra được giữ trong nội dung và ghi trong bao_cao_nhap.md.

    \b
    Ví dụ:
      dvk-docs import ke-hoach-2026.docx -o du-lieu-2026
      dvk-docs build du-lieu-2026 -o ket-qua
      dvk-docs rollover du-lieu-2026 --year 2027 -o du-lieu-2027
    """
    try:
        result = import_plan(plan, out, force=force)
    except DvkError as err:
        raise UserError(str(err)) from None
    p = result.plan
    fam = "Đảng" if p.family.value == "party" else "Nhà nước"
    click.echo(f"Đã nhập {plan.name} vào {result.out_dir}/ (kế hoạch năm {p.year}, văn bản "
               f"{fam}):")
    for path in result.files:
        click.echo(f"  - {path.name}")
    if result.converted:
        click.echo(f"  Bảng mã cũ đã chuyển sang Unicode: {result.converted}")
    click.echo(f"  {p.body.headings} đề mục, {len(p.references)} văn bản căn cứ, "
               f"{len(p.recipients)} nơi nhận; {len(p.unrecognised)} phần không nhận ra "
               "(giữ trong nội dung).")
    for note in result.warnings:
        click.echo(f"Lưu ý: {note}", err=True)
    click.echo(f"Xem đầy đủ: {result.report_path}")


COMMANDS = [import_command]
