"""The ``dvk-docs`` command line: parse options, call one library function (``dvk_docs.api``),
print. Every command lives in this package, one module per group of what it does:

* ``documents``: documents from a dataset: ``build``, ``render``, ``demo``, ``validate``;
* ``datasets``: making a dataset: ``new``, ``import`` (a plan typed in Word), ``rollover``;
* ``pdf``: the PDF side: ``forms fill|read`` (fillable phiếu đăng ký), ``dossier``;
* ``checking``: ``check`` (format linter for any .docx), ``templates copy|check``;
* ``common``: the shared options, the 'Lỗi: …' exit 1 and the problem printer.

The command modules import only click and the light core at import time; pypdf, fontTools,
the linter, the importer, the rollover and the dossier are imported inside the commands, so
``dvk-docs --help`` stays fast.

Exit codes: 0 success, 1 a user error (bad data, template, existing output), 2 a usage
error (wrong options).
"""

from __future__ import annotations

import click

from . import checking, datasets, documents, pdf
from .common import CONTEXT_SETTINGS


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="dvk-docs")
def cli() -> None:
    """Hồ sơ phong trào thi đua "Dân vận khéo" từ một bộ dữ liệu.

    \b
    Ví dụ:
      dvk-docs demo -o ket-qua
      dvk-docs new du-lieu-2026
      dvk-docs build du-lieu-2026 -o ket-qua-2026
    """


from ..web import commands as web  # noqa: E402 - serve, users, orgs (imports Django lazily)

for _module in (documents, datasets, pdf, checking, web):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    cli(prog_name="dvk-docs")


__all__ = ["cli", "main"]
