"""What every command shares (cli.py and the modules of this package): the help options,
the 'Lỗi: …' exit 1 for a DvkError and the common options."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import DvkError

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UserError(click.ClickException):
    """A DvkError shown as 'Lỗi: ...' with exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True)


def run(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except DvkError as err:
        raise UserError(str(err)) from None


def force_option(f: F) -> F:
    return click.option("--force", is_flag=True,
                        help="Ghi đè file kết quả đã có.")(f)
