"""Commands that make a dataset: ``new`` (a commented starter), ``import`` (a plan typed in Word /
LibreOffice), ``rollover`` (next year's dataset from this year's, with a change report)."""

from __future__ import annotations

from pathlib import Path

import click

from .common import CONTEXT_SETTINGS, api, force_option, run

# dvk_docs.rollover.REGISTRATION_POLICIES (not imported here: the rollover loads ruamel.yaml);
# a test checks that both say the same
REGISTRATION_POLICIES = ("recognised", "all", "none")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--family", type=click.Choice(["party", "state"]), default="party",
              show_default=True, help="party: văn bản Đảng (HD 36); state: Nhà nước (NĐ 30).")
@force_option
def new(directory: Path, family: str, force: bool) -> None:
    """Tạo bộ dữ liệu mới có chú thích từng trường.

    \b
    Ví dụ:
      dvk-docs new du-lieu-2026
      dvk-docs new du-lieu-phuong --family state
    """
    files = run(lambda: api.new_dataset(directory, family=family, force=force))
    click.echo(f"Đã tạo {len(files)} file trong {directory}/:")
    for f in files:
        click.echo(f"  - {f.name}")
    click.echo(f"Sửa dataset.yaml rồi chạy: dvk-docs build {directory} -o ket-qua")


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
    result = run(lambda: api.import_plan(plan, out, force=force))
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
    result = run(lambda: api.rollover(dataset, out, year=year, guidance=guidance, number=number,
                                  registrations=registrations, force=force))
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


COMMANDS = [new, import_command, rollover_command]
