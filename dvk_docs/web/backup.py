"""One-file backup of the web application and its restore into an empty data folder.

What goes in the archive (a .tar.gz, written with mode 0600):

* ``dvk-backup.json``: format, when, which database, the applied migrations, rows per model
  and the SHA-256 of every file, so a restore can say what it got and check it;
* the database: with SQLite ``database/dvk.sqlite3``, a copy made with SQLite's online backup
  API (consistent while the server keeps writing); with PostgreSQL ``database/data.json``,
  Django's ``dumpdata`` read inside one REPEATABLE READ transaction (one consistent snapshot
  of every table). ``dumpdata`` rather than ``pg_dump``: no client tool whose major version
  must match the server, and the same archive loads into PostgreSQL or SQLite (``loaddata``
  in one transaction), so an office can move to the district server and back;
* ``files/…``: everything else under the data folder: uploaded files, generated sets and
  PDFs, and ``secret_key``. The key goes with the data on purpose: the archive already holds
  the password hashes and every record, so it needs the same protection as the key; with it
  the restored server keeps sessions and signed links valid. ``static/`` (rebuilt by
  ``collectstatic``) and the SQLite files (taken through the backup API) are left out.

Files are copied after the database: an upload that arrives during the backup may be in the
archive without its row (never the other way round for finished uploads).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from ..errors import DvkError

FORMAT = "dvk-docs-backup/1"
MANIFEST = "dvk-backup.json"
SQLITE_NAME = "dvk.sqlite3"
SKIP_TOP = {"static", "cache"}  # rebuilt by collectstatic / on demand
SQLITE_FILES = {SQLITE_NAME, f"{SQLITE_NAME}-wal", f"{SQLITE_NAME}-shm",
                f"{SQLITE_NAME}-journal"}
# rebuilt by migrate on the target (ids differ between databases): never dumped
EXCLUDE = ["contenttypes", "auth.permission", "sessions"]


class BackupError(DvkError):
    """A backup that cannot be written or restored as asked."""


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def data_files(data: Path) -> list[Path]:
    """The files of the data folder that a backup carries (relative paths, sorted)."""
    out = []
    for path in sorted(data.rglob("*")):
        rel = path.relative_to(data)
        if not path.is_file() or rel.parts[0] in SKIP_TOP:
            continue
        if len(rel.parts) == 1 and rel.name in SQLITE_FILES:
            continue
        out.append(rel)
    return out


def row_counts() -> dict[str, int]:
    """Rows per model of every installed app (what the restore compares)."""
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.managed and not m._meta.proxy}


def _applied_migrations() -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(f"{a}.{n}" for a, n in MigrationRecorder.Migration.objects
                  .values_list("app", "name"))


def _dump_json(target: Path) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    with transaction.atomic(), target.open("w", encoding="utf-8") as out:
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:  # one snapshot for every table read below
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True,
                     stdout=out, verbosity=0)


def _sqlite_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def backup(output: Path, *, force: bool = False) -> dict[str, Any]:
    """Write the archive of the running configuration (Django set up) to ``output``."""
    from django.conf import settings
    from django.db import connection

    data = Path(settings.DATA_DIR)
    if output.exists() and not force:
        raise BackupError(f"{output} đã có; thêm --force để ghi đè")
    try:
        output.resolve().relative_to(data.resolve())
    except ValueError:
        pass
    else:
        raise BackupError(f"{output}: không ghi bản sao lưu vào chính thư mục dữ liệu {data}")
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="dvk-backup-") as tmp:
        db_dir = Path(tmp) / "database"
        db_dir.mkdir()
        if vendor == "sqlite":
            db_file = db_dir / SQLITE_NAME
            _sqlite_copy(Path(settings.DATABASES["default"]["NAME"]), db_file)
        else:
            db_file = db_dir / "data.json"
            _dump_json(db_file)
        counts = row_counts()
        files = {rel.as_posix(): _sha(data / rel) for rel in data_files(data)}
        manifest = {"format": FORMAT, "created": dt.datetime.now(dt.UTC).isoformat(),
                    "database": vendor, "database_file": f"database/{db_file.name}",
                    "migrations": _applied_migrations(), "rows": counts, "files": files}
        output.parent.mkdir(parents=True, exist_ok=True)
        part = output.with_name(output.name + ".part")
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                blob = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(blob), 0o600
                tar.addfile(info, io.BytesIO(blob))
                tar.add(db_file, f"database/{db_file.name}", recursive=False)
                for rel in files:
                    tar.add(data / rel, f"files/{rel}", recursive=False)
            part.replace(output)
        finally:
            part.unlink(missing_ok=True)
    return manifest


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as err:
        raise BackupError(f"{archive}: không phải bản sao lưu dvk-docs ({err})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: định dạng '{manifest.get('format')}' không đọc được "
                          f"(cần {FORMAT})")
    return manifest


def check_target(data: Path, *, force: bool) -> None:
    """Refuse a data folder that already holds something, unless ``force``."""
    if data.exists() and not data.is_dir():
        raise BackupError(f"{data} là một file, không phải thư mục")
    if data.is_dir() and any(data.iterdir()) and not force:
        raise BackupError(f"Thư mục dữ liệu {data} không trống; khôi phục vào một thư mục "
                          "trống (hoặc thêm --force để thay toàn bộ dữ liệu trong đó)")


def unpack_files(archive: Path, data: Path, manifest: dict[str, Any], *, force: bool) -> Path:
    """Put the archive's files into ``data`` (before Django starts there: it would create a
    new secret key) and return the database file, unpacked beside them in a scratch folder
    that the caller removes."""
    if force and data.is_dir():
        for child in data.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    data.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="dvk-restore-"))
    expected = set(manifest["files"])
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            name = member.name
            if name == manifest["database_file"]:
                tar.extract(member, scratch, filter="data")
            elif name.startswith("files/") and name[6:] in expected:
                member.name = name[6:]
                tar.extract(member, data, filter="data")
    for rel, digest in manifest["files"].items():
        path = data / rel
        if not path.is_file() or _sha(path) != digest:
            raise BackupError(f"Bản sao lưu hỏng: file '{rel}' thiếu hoặc sai nội dung")
    if (data / "secret_key").is_file():
        os.chmod(data / "secret_key", 0o600)
    return scratch / manifest["database_file"]


def restore_database(db_file: Path, manifest: dict[str, Any], *, force: bool) -> None:
    """Load the archive's database into the configured one (Django set up on the target)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    if db_file.suffix == ".sqlite3":
        if connection.vendor != "sqlite":
            raise BackupError("Bản sao lưu này là CSDL SQLite; khôi phục vào máy chạy SQLite "
                              "(bỏ DATABASE_URL)")
        connection.close()
        target = Path(settings.DATABASES["default"]["NAME"])
        for name in SQLITE_FILES:
            (target.parent / name).unlink(missing_ok=True)
        _sqlite_copy(db_file, target)
        call_command("migrate", verbosity=0, interactive=False)
        return
    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth import get_user_model

    from .models import Organisation

    if Organisation.objects.exists() or get_user_model().objects.exists():
        if not force:
            raise BackupError("CSDL đích đã có dữ liệu; khôi phục vào một CSDL trống (hoặc "
                              "thêm --force để xóa dữ liệu trong đó)")
        call_command("flush", verbosity=0, interactive=False)
    with transaction.atomic():
        call_command("loaddata", str(db_file), verbosity=0)


def compare_rows(manifest: dict[str, Any]) -> list[str]:
    """Models whose row count differs from the archive's (those the dump carries)."""
    skipped = {e.lower() for e in EXCLUDE}
    now = row_counts()
    out = []
    for label, count in manifest["rows"].items():
        app = label.split(".")[0].lower()
        if label.lower() in skipped or app in skipped:
            continue
        if now.get(label) != count:
            out.append(f"{label}: {now.get(label)} dòng, bản sao lưu có {count}")
    return out
