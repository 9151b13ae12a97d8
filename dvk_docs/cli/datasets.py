"""``dvk-docs rollover``: next year's dataset from this year's, with a change report."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import DvkError
from ..rollover import REGISTRATION_POLICIES, rollover
from ._common import CONTEXT_SETTINGS, UserError, force_option


@click.command("rollover", context_settings=CONTEXT_SETTINGS)
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Năm mới, ví dụ 2027.")
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Thư mục ghi bộ dữ liệu năm mới (bộ cũ không bị sửa).")
@click.option("--guidance", multiple=True, metavar="VĂN_BẢN",
              help="Văn bản hướng dẫn cấp trên của năm mới, viết như khi trích dẫn "
                   "('Hướng dẫn số 02-HD/BTGDVTU, ngày 08/01/2027 của ... về ...'); "
                   "'khóa=...' để thay đúng mục references.khóa. Dùng nhiều lần được.")
@click.option("--number", type=click.IntRange(min=1), default=None,
              help="Số kế hoạch năm mới nếu văn thư đã cấp (mặc định: để trống).")
@click.option("--registrations", type=click.Choice(REGISTRATION_POLICIES),
              default="recognised", show_default=True,
              help="Mô hình chuyển sang năm mới: recognised (được công nhận; nếu năm cũ chưa "
                   "có quyết định thì mọi mô hình), all (mọi mô hình), none (để trống).")
@force_option
def rollover_command(dataset: Path, year: int, out: Path, guidance: tuple[str, ...],
                     number: int | None, registrations: str, force: bool) -> None:
    """Tạo bộ dữ liệu năm sau từ bộ dữ liệu năm nay, kèm báo cáo thay đổi.

    Năm "năm nay" trong tiêu đề, nội dung, thời hạn được chuyển sang năm mới; nhiệm kỳ,
    ngày của văn bản được dẫn, năm mục tiêu, năm thành lập giữ nguyên; số kỷ niệm tính lại.
    Kết quả của năm cũ (thẩm định, bình xét, quyết định, báo cáo) không chuyển. Mọi thay
    đổi và các việc cần quyết định ghi trong bao_cao_chuyen_nam.md.

    \b
    Ví dụ:
      dvk-docs rollover du-lieu-2026 --year 2027 -o du-lieu-2027
      dvk-docs rollover du-lieu-2026 --year 2027 -o du-lieu-2027 --guidance \\
        "Hướng dẫn số 02-HD/BTGDVTU, ngày 08/01/2027 của Ban Tuyên giáo và Dân vận \\
        Tỉnh ủy về thực hiện phong trào thi đua “Dân vận khéo” năm 2027"
    """
    try:
        result = rollover(dataset, out, year=year, guidance=guidance, number=number,
                          registrations=registrations, force=force)
    except DvkError as err:
        raise UserError(str(err)) from None
    rep = result.report
    click.echo(f"Đã ghi bộ dữ liệu năm {rep.new_year} vào {result.target}/ "
               f"(từ {rep.source}, năm {rep.old_year}):")
    for path in result.files:
        click.echo(f"  - {path.name}")
    click.echo(f"  {len(rep.changes)} thay đổi, {len(rep.kept)} chỗ giữ nguyên, "
               f"{len(rep.questions)} việc cần quyết định.")
    if rep.questions:
        click.echo(f"Cần quyết định ({len(rep.questions)}):", err=True)
        for q in rep.questions[:15]:
            click.echo(f"  - {q.where}: {q.question}", err=True)
        if len(rep.questions) > 15:
            click.echo(f"  ... và {len(rep.questions) - 15} việc khác", err=True)
    click.echo(f"Xem đầy đủ: {result.report_path}")


COMMANDS = [rollover_command]
