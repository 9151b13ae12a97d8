"""What every command of this package shares: the help options,
the 'Lỗi: …' exit 1 for a DvkError and the common options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..api import Problem

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

class _LazyApi:
    """``dvk_docs.api``, imported on first use: ``dvk-docs --help`` and the start of a command
    load only click and this package, not docxtpl, python-docx, pydantic and the core."""

    def __getattr__(self, name: str) -> Any:
        from .. import api as module

        return getattr(module, name)


api: Any = _LazyApi()

# the document kinds in filing order, for the options' choices (= api.KINDS; a test checks)
KIND_NAMES = ("ke_hoach", "tong_hop_dang_ky", "phieu_dang_ky", "thong_bao_tham_dinh",
              "bien_ban_binh_xet", "to_trinh", "bao_cao_thanh_tich", "trich_ngang",
              "quyet_dinh", "bao_cao_ket_qua")

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UserError(click.ClickException):
    """A DvkError shown as 'Lỗi: ...' with exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True)


def run(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except api.DvkError as err:
        raise UserError(str(err)) from None
    except KeyboardInterrupt:  # results are written as a set at the end: none were
        raise UserError("Đã dừng theo yêu cầu (Ctrl-C). Không file kết quả nào được ghi "
                        "hoặc thay đổi.") from None


def force_option(f: F) -> F:
    return click.option("--force", is_flag=True,
                        help="Ghi đè file kết quả đã có.")(f)


def inconsistent_option(f: F) -> F:
    return click.option(
        "--allow-inconsistent", is_flag=True,
        help="Vẫn tạo văn bản khi dữ liệu mâu thuẫn (liệt kê văn bản bị ảnh hưởng).",
    )(f)


def templates_option(f: F) -> F:
    return click.option(
        "--templates", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="Thư mục mẫu .docx của bạn (chép bằng 'dvk-docs templates copy').",
    )(f)


def print_problems(problems: Sequence[Problem], *, documents: bool = True) -> None:
    """'Mâu thuẫn: …' lines for contradictions written anyway (--allow-inconsistent)."""
    for p in problems:
        docs = f" [văn bản: {', '.join(p.documents) or '—'}]" if documents else ""
        click.echo(f"Mâu thuẫn: {p}{docs}", err=True)
