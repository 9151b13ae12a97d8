"""Where the web application keeps its data and how Django is started on it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_DATA = "DVK_DATA_DIR"
ENV_DEV = "DVK_DEV"
DEFAULT_DATA = "dvk-data"
SECRET_FILE = "secret_key"


def data_dir() -> Path:
    return Path(os.environ.get(ENV_DATA) or DEFAULT_DATA).resolve()


def read_or_create_secret(directory: Path) -> str:
    """The secret key lives in ``directory/secret_key`` (mode 0600), created on first run."""
    path = directory / SECRET_FILE
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key)
    return path.read_text(encoding="ascii").strip()


def setup(data: Path | str | None = None, *, dev: bool = False) -> Path:
    """Point Django at the data folder and start it (idempotent)."""
    if data is not None:
        os.environ[ENV_DATA] = str(Path(data).resolve())
    if dev:
        os.environ[ENV_DEV] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvk_docs.web.settings")
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    return directory
