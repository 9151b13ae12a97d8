"""dvk-docs backup / restore: a data folder with two organisations, an account, uploaded and
generated files is backed up, restored into an empty folder (and an empty database), and
compared: rows per model, each year's dataset export, every file byte for byte.

Runs the real commands in subprocesses, on SQLite, and on PostgreSQL when
``DVK_TEST_DATABASE_URL`` names a server (``./dev.sh test`` starts one): two scratch
databases are created there for the source and the restored copy.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dvk_docs.api import samples_dir

CLI = [sys.executable, "-m", "dvk_docs"]

# prints what the comparison needs from the configured data folder and database
SNAPSHOT = r"""
import hashlib, json, sys
from dvk_docs.web import conf
conf.setup(sys.argv[1])
from dvk_docs.web import backup, store
from dvk_docs.web.models import Year
from django.db import connection
out = {"vendor": connection.vendor, "rows": backup.row_counts(), "exports": {}}
for y in Year.objects.select_related("organisation").order_by("organisation__slug", "year"):
    files = store.dataset_files(store.snapshot_of(y))
    out["exports"][f"{y.organisation.slug}/{y.year}"] = {
        k: hashlib.sha256(v).hexdigest() for k, v in files.items()}
print(json.dumps(out))
"""


def _env(database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("DJANGO_SETTINGS_MODULE", "DVK_DATA_DIR", "DATABASE_URL"):
        env.pop(key, None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(args: list[str], env: dict[str, str], stdin: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=env, input=stdin,
                          timeout=300)


def _snapshot(data: Path, env: dict[str, str]) -> dict:
    r = _run([sys.executable, "-c", SNAPSHOT, str(data)], env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _files(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file() and p.relative_to(data).parts[0] != "static"
            and not p.name.startswith("dvk.sqlite3")}


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request: pytest.FixtureRequest) -> Iterator[tuple[str | None, str | None]]:
    """(source URL, target URL): None for SQLite in the data folder."""
    if request.param == "sqlite":
        yield None, None
        return
    base = os.environ.get("DVK_TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL: DVK_TEST_DATABASE_URL not set (./dev.sh test sets it)")
    import psycopg

    names = [f"dvk_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("src", "dst")]
    conn_url = base.replace("postgresql://", "postgres://", 1)
    with psycopg.connect(conn_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    head, _, _ = base.rpartition("/")
    try:
        yield f"{head}/{names[0]}", f"{head}/{names[1]}"
    finally:
        with psycopg.connect(conn_url, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_the_same_data(tmp_path: Path, databases: tuple) -> None:
    src_url, dst_url = databases
    src_env, dst_env = _env(src_url), _env(dst_url)
    data = tmp_path / "dvk-data"
    for sample, slug in (("xa-an-phu", "xa-an-phu"), ("phuong-hoa-binh", "hoa-binh")):
        r = _run([*CLI, "orgs", "import", str(samples_dir() / sample), "--slug", slug,
                  "--data", str(data)], src_env)
        assert r.returncode == 0, r.stderr
    r = _run([*CLI, "users", "add", "chi.lan", "--org", "xa-an-phu", "--role", "van_phong",
              "--password-stdin", "--data", str(data)], src_env, "mat-khau-rat-manh-2026\n")
    assert r.returncode == 0, r.stderr
    # an uploaded evidence file and a generated set, as the app keeps them in the data folder
    (data / "media" / "minh-chung").mkdir(parents=True)
    (data / "media" / "minh-chung" / "anh-1.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    (data / "files" / "xa-an-phu").mkdir(parents=True)
    (data / "files" / "xa-an-phu" / "bo.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    before = _snapshot(data, src_env)
    assert before["vendor"] == ("postgresql" if src_url else "sqlite")
    assert before["rows"]["dvk_web.Registration"] > 30

    archive = tmp_path / "sao-luu.tar.gz"
    r = _run([*CLI, "backup", "--data", str(data), "-o", str(archive)], src_env)
    assert r.returncode == 0, r.stderr
    assert "Đã sao lưu" in r.stdout and "2 tổ chức" in r.stdout
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert "files/secret_key" in names and "files/media/minh-chung/anh-1.pdf" in names
    assert ("database/data.json" if src_url else "database/dvk.sqlite3") in names
    # a second backup to the same file needs --force
    r = _run([*CLI, "backup", "--data", str(data), "-o", str(archive)], src_env)
    assert r.returncode == 1 and "--force" in r.stderr

    # a folder that is not empty is refused and left as it was
    busy = tmp_path / "co-san"
    busy.mkdir()
    (busy / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    r = _run([*CLI, "restore", str(archive), "--data", str(busy)], dst_env)
    assert r.returncode == 1 and "không trống" in r.stderr
    assert [p.name for p in busy.iterdir()] == ["ghi-chu.txt"]

    target = tmp_path / "khoi-phuc"
    r = _run([*CLI, "restore", str(archive), "--data", str(target)], dst_env)
    assert r.returncode == 0, r.stderr
    assert "số dòng từng bảng khớp" in r.stdout
    after = _snapshot(target, dst_env)
    assert after["vendor"] == before["vendor"]
    skip = {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}
    assert {k: v for k, v in after["rows"].items() if k not in skip} == \
        {k: v for k, v in before["rows"].items() if k not in skip}
    assert after["exports"] == before["exports"] and len(after["exports"]) == 2
    assert _files(target) == _files(data)
    assert stat.S_IMODE((target / "secret_key").stat().st_mode) == 0o600

    # the restored copy works: the account logs in with its password
    check = ("import sys\nfrom dvk_docs.web import conf\nconf.setup(sys.argv[1])\n"
             "from django.contrib.auth import get_user_model\n"
             "u = get_user_model().objects.get(username='chi.lan')\n"
             "print(u.check_password('mat-khau-rat-manh-2026'))")
    r = _run([sys.executable, "-c", check, str(target)], dst_env)
    assert r.stdout.strip() == "True", r.stderr
    if dst_url:  # the database now holds data: a second restore into it is refused
        again = tmp_path / "lan-2"
        r = _run([*CLI, "restore", str(archive), "--data", str(again)], dst_env)
        assert r.returncode == 1 and "CSDL đích đã có dữ liệu" in r.stderr
        assert not again.exists()  # nothing left behind: the restore can be tried again


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar")
    r = _run([*CLI, "restore", str(bogus), "--data", str(tmp_path / "d")], _env(None))
    assert r.returncode == 1 and "không phải bản sao lưu dvk-docs" in r.stderr
    assert not (tmp_path / "d").exists()
