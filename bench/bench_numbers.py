"""Sổ văn bản đi under load (not a timed test): many clients take document numbers at once.

    .venv/bin/python bench/bench_numbers.py                                  # SQLite
    DATABASE_URL=postgresql://... .venv/bin/python bench/bench_numbers.py    # PostgreSQL

1. in process: BENCH_CLIENTS threads (default 50), each with its own database connection,
   take BENCH_ROUNDS numbers (default 10) of one series through ``register.take``;
2. over HTTP: the same number of clients against ``dvk-docs serve --demo`` on 127.0.0.1, each
   logged in as the office and posting the Sổ văn bản đi form (a bounded loop).
Both report p50/p95 per number taken, errors, and whether the numbers are exactly 1..N with
none duplicated or lost; the HTTP p95 is also given as a ratio to ``/healthz`` in the same run.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import Browser
from servers import in_threads, served

TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", 120))


class Client(Browser):
    """bench_web's browser with a longer timeout: under a bounded loop every request is
    expected to finish, so waiting is measured rather than cut at 30 s."""

    def request(self, path: str, data: dict[str, str] | None = None) -> str:
        import urllib.parse

        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}
                                          ).encode()
        start = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, body, headers),
                                  timeout=TIMEOUT) as r:
                return str(r.read().decode())
        except Exception as err:
            self.errors.append(f"{path}: {err}")
            return ""
        finally:
            self.times.append(time.perf_counter() - start)


def _taken_numbers(data: Path, type_code: str) -> list[int]:
    """The numbers of ``type_code`` in the served database itself (not the page)."""
    url = os.environ.get("DATABASE_URL")
    query = "SELECT number FROM dvk_web_documentnumber WHERE type_code = %s"
    if url:
        import psycopg

        with psycopg.connect(url) as conn:
            return [r[0] for r in conn.execute(query, (type_code,))]
    import sqlite3

    with sqlite3.connect(data / "dvk.sqlite3") as conn:
        return [r[0] for r in conn.execute(query.replace("%s", "?"), (type_code,))]

CLIENTS = int(os.environ.get("BENCH_CLIENTS", 50))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 10))
SLUG = "xa-an-phu"


def _pct(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(len(times) * q))] * 1000


def _check(numbers: list[int], expected: int) -> str:
    dupes = [n for n, c in Counter(numbers).items() if c > 1]
    exact = sorted(numbers) == list(range(1, expected + 1))
    return (f"{len(numbers)} số, trùng {len(dupes)}, "
            f"{'đủ và liền 1..' + str(expected) if exact else 'THIẾU hoặc lệch'}")


def _setup(data: Path) -> None:
    os.environ["DVK_DATA_DIR"] = str(data)
    from dvk_docs.web import conf

    conf.setup(data)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def in_process() -> None:
    from django.db import connection

    from dvk_docs.web import register
    from dvk_docs.web.models import DocumentNumber, Organisation

    org = Organisation.objects.create(slug="bench-so", name="Đo sổ văn bản")
    series = register.Series("ĐU", "CV", "nhiệm kỳ 2025 - 2030")
    times: list[float] = []
    errors: list[str] = []
    barrier = threading.Barrier(CLIENTS)

    def run() -> None:
        try:
            barrier.wait()
            for _ in range(ROUNDS):
                t0 = time.perf_counter()
                register.take(org, series, subject="đo tải")
                times.append(time.perf_counter() - t0)
        except Exception as err:
            errors.append(repr(err))
        finally:
            connection.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    numbers = list(DocumentNumber.objects.filter(organisation=org).values_list("number",
                                                                               flat=True))
    print(f"1. Trong tiến trình, {CLIENTS} luồng × {ROUNDS} số trong {wall:.1f} s: "
          f"p50 {_pct(times, .5):.0f} ms, p95 {_pct(times, .95):.0f} ms, lỗi {len(errors)}; "
          f"{_check(numbers, CLIENTS * ROUNDS)}")
    for e in errors[:3]:
        print("   ", e)


def over_http(data: Path) -> None:
    with served(data, "--demo") as base:
        path = f"/to-chuc/{SLUG}/so-van-ban/"
        Client.done = 0  # type: ignore[attr-defined]
        browsers = [Client(base) for _ in range(CLIENTS)]
        for b in browsers:
            b.login(f"vanphong-{SLUG}", "dvk-demo-2026")
            if "Lấy số" not in b.request(path):
                b.errors.append("đăng nhập không được")
            b.times.clear()
        health = Client(base)
        for _ in range(50):
            health.request("/healthz")
        barrier = threading.Barrier(CLIENTS)

        def run(i: int, b: Browser) -> None:
            barrier.wait()
            for k in range(ROUNDS):
                page = b.request(path, {"issuer": "ĐU", "type_code": "GM", "date": "",
                                        "number": "", "subject": f"Giấy mời {i}-{k}"})
                if "Đã cấp số" in page:
                    b.done += 1  # type: ignore[attr-defined]
                elif page:
                    b.errors.append(f"khách {i} lần {k}: không thấy 'Đã cấp số'")

        wall = in_threads(run, browsers)
        times = [t for b in browsers for t in b.times]
        errors = [e for b in browsers for e in b.errors]
        numbers = _taken_numbers(data, "GM")
        done = sum(b.done for b in browsers)  # type: ignore[attr-defined]
        p95, base95 = _pct(times, .95), _pct(health.times, .95)
        print(f"2. Qua HTTP, {CLIENTS} khách × {ROUNDS} lần lấy số trong {wall:.1f} s: "
              f"p50 {_pct(times, .5):.0f} ms, p95 {p95:.0f} ms (= {p95 / base95:.0f}× "
              f"/healthz p95 {base95:.0f} ms), lỗi {len(errors)}; "
              f"khách nhận {done} số; trong CSDL {_check(numbers, CLIENTS * ROUNDS)}")
        for e in errors[:3]:
            print("   ", e)


@contextmanager
def scratch_database(name: str) -> Iterator[None]:
    """On PostgreSQL, DATABASE_URL is pointed at a new empty database for the duration (the
    server's own database is never touched), dropped afterwards."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, query = url.partition("?")
    os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name + (
        "?" + query if query else "")
    try:
        yield
    finally:
        os.environ["DATABASE_URL"] = url
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    db = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"CSDL: {db}")
    with tempfile.TemporaryDirectory(prefix="dvk-bench-so-") as tmp:
        with scratch_database(f"dvk_bench_so_{os.getpid()}"):
            _setup(Path(tmp) / "in-process")
            in_process()
        with scratch_database(f"dvk_bench_so_http_{os.getpid()}"):
            over_http(Path(tmp) / "served")


if __name__ == "__main__":
    main()
