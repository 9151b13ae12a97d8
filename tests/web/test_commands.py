"""The command-line entry points: orgs import, users add, serve (with --demo)."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dvk_docs.api import samples_dir

CLI = [sys.executable, "-m", "dvk_docs"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DVK_DATA_DIR", None)
    if env.get("DVK_TEST_DATABASE_URL"):  # never point a real command at the test database
        env.pop("DATABASE_URL", None)
    return env


def test_orgs_import_and_users_add(tmp_path: Path) -> None:
    data = tmp_path / "dvk-data"
    r = subprocess.run([*CLI, "orgs", "import", str(samples_dir() / "xa-an-phu"), "--data",
                        str(data)], capture_output=True, text=True, env=_env())
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "xa-an-phu"
    assert stat.S_IMODE((data / "secret_key").stat().st_mode) == 0o600
    r = subprocess.run([*CLI, "users", "add", "chi.lan", "--org", "xa-an-phu", "--role",
                        "van_phong", "--password-stdin", "--data", str(data)],
                       input="mat-khau-rat-manh-2026\n", capture_output=True, text=True,
                       env=_env())
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*CLI, "users", "add", "x", "--org", "khong-co", "--role", "don_vi",
                        "--unit", "Chi bộ", "--password-stdin", "--data", str(data)],
                       input="mat-khau-rat-manh-2026\n", capture_output=True, text=True,
                       env=_env())
    assert r.returncode == 1 and "không có tổ chức này (có: xa-an-phu)" in r.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_demo_starts_and_answers(tmp_path: Path) -> None:
    data = tmp_path / "web"
    port = _free_port()
    proc = subprocess.Popen([*CLI, "serve", "--data", str(data), "--port", str(port), "--demo"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=_env())
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = json.loads(r.read())
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.3)
        assert body == {"status": "ok", "database": "sqlite"}
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "vanphong-xa-an-phu" in out and "donvi-phuong-hoa-binh" in out
    assert f"http://127.0.0.1:{port}/" in out
    assert (data / "dvk.sqlite3").is_file()


def test_wheel_ships_the_web_templates_static_files_and_migrations(tmp_path: Path) -> None:
    import zipfile

    repo = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path), str(repo)], check=True, capture_output=True)
    names = set(zipfile.ZipFile(next(tmp_path.glob("dvk_docs-*.whl"))).namelist())
    for shipped in ("templates/dvk_web/base.html", "templates/dvk_web/year.html",
                    "templates/404.html", "static/dvk_web/htmx.min.js",
                    "static/dvk_web/style.css", "migrations/0001_initial.py", "views/plan.py"):
        assert f"dvk_docs/web/{shipped}" in names, shipped


def test_debug_only_in_dev_mode(tmp_path: Path) -> None:
    code = ("import sys; from dvk_docs.web import conf; conf.setup(sys.argv[1], "
            "dev=sys.argv[2] == '1'); from django.conf import settings; print(settings.DEBUG)")
    for dev, expected in (("0", "False"), ("1", "True")):
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / dev), dev],
                             capture_output=True, text=True, env=_env(), check=True).stdout
        assert out.strip() == expected


def test_serve_workers_take_only_the_connections_their_threads_serve() -> None:
    """A busy worker leaves new connections in the shared listen queue for a free worker
    (gunicorn accepts the settings as given)."""
    from gunicorn.config import Config

    from dvk_docs.web.commands import server_settings

    cfg = Config()
    for key, value in server_settings("127.0.0.1", 8000, 3, 4).items():
        cfg.set(key, value)
    assert (cfg.workers, cfg.threads, cfg.worker_connections, cfg.keepalive) == (3, 4, 4, 0)
    assert cfg.worker_class_str == "gthread"
