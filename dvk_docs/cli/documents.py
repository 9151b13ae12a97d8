"""Commands that make documents from a dataset: ``build``, ``render``, ``demo``, ``validate``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .common import (
    CONTEXT_SETTINGS,
    KIND_NAMES,
    UserError,
    api,
    force_option,
    inconsistent_option,
    print_problems,
    templates_option,
)
from .common import run as _run

F = TypeVar("F", bound=Callable[..., Any])

def pdf_option(f: F) -> F:
    return click.option("--pdf", is_flag=True,
                        help="Tạo thêm PDF bên cạnh mỗi .docx (cần LibreOffice).")(f)


def _print_warnings(warnings: list[str]) -> None:
    for w in warnings:
        click.echo(f"Lưu ý: {w}", err=True)


def _summary(result: api.BuildResult) -> None:
    labels = {k: v.label for k, v in api.KINDS.items()}
    click.echo(f"Đã ghi {len(result.files)} file vào {result.out_dir}/ (từ {result.dataset}):")
    for kind, n in result.by_kind.items():
        click.echo(f"  - {labels.get(kind, kind)}: {n}")
    if result.counts is not None:
        c = result.counts
        click.echo(f"  Đăng ký: {c.total} mô hình ({c.tap_the} tập thể, {c.ca_nhan} cá nhân; "
                   f"{c.moi} mới, {c.co_tu_truoc} có từ trước, {c.nhan_rong} nhân rộng)")
    if result.pdfs:
        click.echo(f"  PDF: {len(result.pdfs)} file (LibreOffice)")
    if result.manifest is not None:
        click.echo(f"  Danh mục: {result.manifest}")
    print_problems(result.problems)
    _print_warnings(result.warnings)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), required=True,
              help="Thư mục ghi kết quả.")
@click.option("--only", "kinds", multiple=True, type=click.Choice(KIND_NAMES),
              help="Chỉ tạo loại văn bản này (dùng nhiều lần được).")
@templates_option
@inconsistent_option
@pdf_option
@force_option
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Số tiến trình tạo văn bản song song (mặc định: mọi lõi CPU được dùng "
                   "khi có từ 2.000 văn bản, ít hơn thì một tiến trình).")
def build(dataset: Path, out: Path, kinds: tuple[str, ...], templates: Path | None,
          allow_inconsistent: bool, pdf: bool, force: bool, jobs: int | None) -> None:
    """Tạo mọi văn bản bộ dữ liệu có: kế hoạch, tổng hợp đăng ký, phiếu đăng ký, thông báo
    thẩm định, biên bản bình xét, tờ trình, báo cáo thành tích, trích ngang, quyết định,
    báo cáo kết quả.

    \b
    Ví dụ:
      dvk-docs build samples/xa-an-phu -o ket-qua
      dvk-docs build du-lieu/dataset.yaml -o ket-qua --only ke_hoach --force
      dvk-docs build samples/xa-an-phu -o ket-qua --pdf
    """
    prepared = _run(lambda: api.prepare(dataset))  # loaded, derived and checked once
    total = api.count_documents(prepared, list(kinds) or None)
    with click.progressbar(length=total, label="Đang tạo văn bản", file=sys.stderr,
                           show_pos=True) as bar:
        result = _run(lambda: api.build(dataset, out, force=force, templates=templates,
                                        kinds=list(kinds) or None, prepared=prepared,
                                        allow_inconsistent=allow_inconsistent, pdf=pdf,
                                        jobs=jobs, progress=lambda _name: bar.update(1)))
    _summary(result)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("kind", type=click.Choice(KIND_NAMES))
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="File .docx kết quả.")
@click.option("--id", "reg_id", default=None,
              help="Mã đăng ký (phiếu, báo cáo thành tích) hoặc kỳ báo cáo (6_thang, nam).")
@templates_option
@inconsistent_option
@pdf_option
@force_option
def render(kind: str, dataset: Path, out: Path, reg_id: str | None, templates: Path | None,
           allow_inconsistent: bool, pdf: bool, force: bool) -> None:
    """Tạo một văn bản.

    \b
    Ví dụ:
      dvk-docs render ke_hoach samples/xa-an-phu -o ke-hoach.docx
      dvk-docs render phieu_dang_ky samples/xa-an-phu --id DK003 -o phieu.docx
    """
    path = _run(lambda: api.render_one(kind, dataset, out, force=force, templates=templates,
                                       registration_id=reg_id, pdf=pdf,
                                       allow_inconsistent=allow_inconsistent))
    click.echo(f"Đã ghi {path}")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=Path("demo-output"),
              show_default=True, help="Thư mục ghi kết quả.")
@force_option
def demo(out: Path, force: bool) -> None:
    """Tạo toàn bộ văn bản của các bộ dữ liệu mẫu (một xã - văn bản Đảng, một phường -
    văn bản Nhà nước).

    \b
    Ví dụ:
      dvk-docs demo -o demo-output
    """
    results = _run(lambda: api.demo(out, force=force))
    for result in results:
        _summary(result)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("dataset", type=click.Path(path_type=Path))
@templates_option
@click.option("--json", "as_json", is_flag=True,
              help="In mọi lỗi dạng JSON (mã lỗi, file, dòng, trường, cách sửa) cho công cụ khác.")
@click.option("--full", is_flag=True,
              help="Tạo thử toàn bộ văn bản trong bộ nhớ (chậm hơn; mặc định chỉ kiểm tra "
                   "dữ liệu và các biến mỗi mẫu dùng).")
def validate(dataset: Path, templates: Path | None, as_json: bool, full: bool) -> None:
    """Kiểm tra bộ dữ liệu như khi tạo văn bản (cả mâu thuẫn giữa các văn bản), không ghi file.

    \b
    Ví dụ:
      dvk-docs validate samples/xa-an-phu
      dvk-docs validate du-lieu-2026 --json > loi.json
      dvk-docs validate samples/xa-an-phu --full
    """
    result = _run(lambda: api.validate(dataset, templates=templates, full=full))
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        if not result.ok:
            raise SystemExit(1)
        return
    prepared = result.prepared
    if prepared is None or result.error is not None:
        # not loaded, or a document cannot be rendered: the same error as build gives
        raise UserError(result.error or f"{dataset}: bộ dữ liệu chưa hợp lệ")
    c = prepared.facts.counts
    print_problems(result.errors, documents=False)
    _print_warnings(prepared.warnings)
    if result.errors:
        raise UserError(f"{prepared.loaded.path}: {len(result.errors)} chỗ mâu thuẫn giữa các "
                        "văn bản (xem trên)")
    click.echo(f"{prepared.loaded.path}: hợp lệ. {c.total} đăng ký ({c.tap_the} tập thể, "
               f"{c.ca_nhan} cá nhân); {result.documents} văn bản sẽ được tạo.")


COMMANDS = [build, render, demo, validate]
