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

import os
import sys

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


# Commands after which the process ends without Python's teardown: they leave nothing to
# close (no temporary folder, no worker, no file being written; the caches are written
# before they print), and freeing a province's 25,000 registrations one object at a time
# took 0.1 s of a 2 s validate.
_ENDS_AT_ONCE = frozenset({"validate"})


def main() -> None:
    try:
        cli(prog_name="dvk-docs")
    except SystemExit as done:
        if sys.argv[1:2] and sys.argv[1] in _ENDS_AT_ONCE and (done.code is None
                                                               or isinstance(done.code, int)):
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except OSError:  # a closed pipe: let Python say so as usual
                raise done from None
            os._exit(done.code or 0)
        raise


__all__ = ["cli", "main"]
