"""What the web benchmarks start: a throw-away PostgreSQL cluster and ``dvk-docs serve``.

    with postgres_if_needed():            # DATABASE_URL set, or a scratch cluster
        with served(data, "--demo") as base:
            ...                           # requests to base + "/healthz", ...

The server runs with the options in BENCH_SERVE_ARGS too (e.g. "--workers 3 --threads 4"),
so the same script compares server settings side by side.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_pg(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.getuid() == 0 else cmd


def start_postgres() -> tuple[str, Path, Path] | None:
    """A scratch cluster on a Unix socket in its own /tmp folder readable by the postgres
    account (as dev.sh starts it for the tests): (URL, bin folder, cluster folder)."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        return None
    bin_dir = bins[-1]
    pg = Path(tempfile.mkdtemp(prefix="dvk-pg-"))
    pg.chmod(0o755)
    if os.getuid() == 0:
        shutil.chown(pg, "postgres")
    subprocess.run(_as_pg([str(bin_dir / "initdb"), "-D", str(pg / "data"), "-A", "trust",
                           "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, capture_output=True)
    subprocess.run(_as_pg([str(bin_dir / "pg_ctl"), "-D", str(pg / "data"), "-l",
                           str(pg / "server.log"), "-w", "-o",
                           f"-k {pg} -c listen_addresses='' -F -c max_connections=200",
                           "start"]), check=True, capture_output=True)
    return f"postgresql://postgres@{str(pg).replace('/', '%2F')}/postgres", bin_dir, pg


def stop_postgres(bin_dir: Path, pg: Path) -> None:
    subprocess.run(_as_pg([str(bin_dir / "pg_ctl"), "-D", str(pg / "data"), "-m",
                           "immediate", "-w", "stop"]), capture_output=True)
    shutil.rmtree(pg, ignore_errors=True)


@contextmanager
def postgres_if_needed() -> Iterator[str]:
    """DATABASE_URL as given, or pointed at a scratch cluster stopped afterwards."""
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    cluster = start_postgres()
    if cluster is None:
        sys.exit("Cần PostgreSQL (apt-get install postgresql) hoặc DATABASE_URL")
    os.environ["DATABASE_URL"] = cluster[0]
    try:
        yield cluster[0]
    finally:
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        stop_postgres(cluster[1], cluster[2])
        os.environ.pop("DATABASE_URL", None)


@contextmanager
def served(data: Path, *args: str) -> Iterator[str]:
    """``dvk-docs serve --data DATA ARGS`` on a free port of 127.0.0.1 until /healthz
    answers; yields its base URL, stops it afterwards and shows the end of its log when it
    logged an error."""
    port = free_port()
    env = dict(os.environ, DVK_LOGIN_FAILURES="1000")
    env.pop("DVK_TASK_BACKEND", None)
    data.mkdir(parents=True, exist_ok=True)
    log_path = data / "serve.log"
    extra = os.environ.get("BENCH_SERVE_ARGS", "").split()
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "dvk_docs", "serve", "--data", str(data),
                                 "--port", str(port), *args, *extra],
                                stdout=log, stderr=subprocess.STDOUT, text=True, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=1):
                        break
                except OSError:
                    time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            proc.communicate(timeout=30)
    text = log_path.read_text(encoding="utf-8")
    if re.search(r"Traceback|ERROR", text):
        print("   máy chủ báo:\n" + "\n".join("     " + ln for ln in text.splitlines()[-25:]))


def in_threads(target: Callable[..., None], clients: list[Any], *, numbered: bool = True
               ) -> float:
    """``target(i, client)`` (or ``target(client)``) in one thread per client, all at once;
    the wall time until the last has finished."""
    t0 = time.perf_counter()
    threads = [threading.Thread(target=target, args=(i, c) if numbered else (c,))
               for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0
