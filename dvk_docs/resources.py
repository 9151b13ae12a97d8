"""Where the shipped files live: letter_templates/, forms/, samples/ and the scaffold.

In a checkout they sit at the top of the repository; in an installed wheel they are shipped
inside the package as ``dvk_docs/_data/...``. This module imports nothing heavy, so the
PDF fonts, the forms and the linter can find their files without importing the API.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DatasetError

PACKAGE_DIR = Path(__file__).resolve().parent
SCAFFOLD_DIR = PACKAGE_DIR / "scaffold"


def resource_root() -> Path:
    """Where letter_templates/, forms/ and samples/ live: the checkout, or the wheel's copy."""
    checkout = PACKAGE_DIR.parent
    if (checkout / "letter_templates").is_dir() and (checkout / "forms").is_dir():
        return checkout
    return PACKAGE_DIR / "_data"


def template_roots(user_dir: Path | str | None) -> list[Path]:
    """The folders searched for a template: the user's ``--templates`` first, then ours."""
    roots = []
    if user_dir is not None:
        user = Path(user_dir)
        if not user.is_dir():
            raise DatasetError(f"--templates {user}: không phải thư mục")
        roots.append(user)
    roots.append(resource_root())
    return roots


def samples_dir() -> Path:
    """The bundled sample datasets (one folder each)."""
    return resource_root() / "samples"
