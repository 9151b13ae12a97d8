"""Web application benchmark (not a timed test).

    .venv/bin/python bench/bench_web.py            # SQLite in a scratch data folder
    DATABASE_URL=postgresql://... .venv/bin/python bench/bench_web.py   # PostgreSQL

1. the Đăng ký page of a year with 1,000 registrations (server time, in process);
2. a 1,000-row Excel upload validated and previewed (server time, in process);
3. 20 concurrent clients against ``dvk-docs serve`` on 127.0.0.1 (a bounded loop of browsing
   and submitting): p95 latency, errors, and whether every write arrived.
Each figure is also given as a ratio to a same-run baseline (``/healthz``, the 30-row page).
Targets from issue 11: ≤ 300 ms, ≤ 3 s, p95 ≤ 500 ms with no error and no lost write.
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import best_time
from servers import in_threads, served

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 20))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 10))


def _setup_django(data: Path) -> None:
    os.environ["DVK_DATA_DIR"] = str(data)
    os.environ["DVK_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    from dvk_docs.web import conf

    conf.setup(data)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _big_year(org: Any, n: int) -> Any:
    from dvk_docs.api import samples_dir
    from dvk_docs.dataset import load_dataset
    from dvk_docs.web import store

    snap = store.snapshot_of_loaded(load_dataset(samples_dir() / "xa-an-phu"))
    base = snap.registrations
    regs = []
    for i in range(n):
        r = dict(base[i % len(base)])
        r["id"] = f"DK{i + 1:04d}"
        r["model_name"] = f"{r['model_name']} ({i + 1})"
        regs.append(r)
    snap.registrations = regs
    for key in ("appraisal", "meeting", "proposal", "decision", "achievements", "reports"):
        snap.document.pop(key, None)
    return store.create_year(org, snap, None, "bench")


def _sheet(n: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["STT", "Chủ thể thực hiện", "Tập thể/Cá nhân", "Tên mô hình", "Lĩnh vực",
               "Tình trạng", "Dự kiến kết quả"])
    fields = ["Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh",
              "Xây dựng hệ thống chính trị"]
    for i in range(n):
        ws.append([i + 1, f"Chi hội số {i + 1}", "Tập thể", f"Mô hình thử số {i + 1}",
                   fields[i % 4], "Mới", "Kết quả đo đếm được"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def in_process() -> None:
    from django.test import Client

    from dvk_docs.api import samples_dir
    from dvk_docs.web import store
    from dvk_docs.web.accounts import add_user
    from dvk_docs.web.models import Organisation

    org = Organisation.objects.create(slug="bench", name="Bench")
    small = store.import_folder(org, samples_dir() / "xa-an-phu")
    t0 = time.perf_counter()
    big_org = Organisation.objects.create(slug="bench-big", name="Bench big")
    big = _big_year(big_org, 1000)
    print(f"  (1.000 đăng ký nạp và kiểm tra trong {time.perf_counter() - t0:.2f} s)")
    user = add_user("bench", org, "van_phong", "mat-khau-bench-2026")
    c = Client()
    c.force_login(user)
    c_big = Client()
    c_big.force_login(add_user("bench-big", big_org, "van_phong", "mat-khau-bench-2026"))

    def get(path: str) -> None:
        r = (c_big if path.startswith("/to-chuc/bench-big/") else c).get(path)
        assert r.status_code == 200, (path, r.status_code)

    health = best_time(lambda: get("/healthz"), 20)
    page30 = best_time(lambda: get(f"/to-chuc/bench/nam/{small.year}/dang-ky/"), 5)
    page1000 = best_time(lambda: get(f"/to-chuc/bench-big/nam/{big.year}/dang-ky/"), 5)
    print(f"1. Đăng ký, 1.000 dòng: {page1000 * 1000:.0f} ms (mục tiêu ≤ 300 ms); "
          f"30 dòng: {page30 * 1000:.0f} ms; /healthz: {health * 1000:.1f} ms; "
          f"tỉ lệ 1.000/30 = {page1000 / page30:.1f}×")

    content = _sheet(1000)

    def upload() -> None:
        f = io.BytesIO(content)
        f.name = "dang-ky.xlsx"
        r = c.post(f"/to-chuc/bench/nam/{small.year}/dang-ky/tai-len/", {"file": f})
        assert "1000 đăng ký sẽ được thêm" in r.content.decode(), r.content[-2000:]

    up = best_time(upload, 3)
    print(f"2. Tải lên Excel 1.000 dòng, kiểm tra và xem trước: {up:.2f} s (mục tiêu ≤ 3 s); "
          f"= {up / page30:.0f}× trang 30 dòng")


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.times: list[float] = []
        self.errors: list[str] = []

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict[str, str] | None = None) -> str:
        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self._csrf()}
            body = urllib.parse.urlencode(data).encode()
        start = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, body, headers),
                                  timeout=30) as r:
                text = r.read().decode()
        except Exception as err:
            self.errors.append(f"{path}: {err}")
            return ""
        finally:
            self.times.append(time.perf_counter() - start)
        return text

    def login(self, user: str, password: str) -> None:
        self.request("/accounts/login/")
        self.request("/accounts/login/", {"username": user, "password": password})


def concurrent(data: Path) -> None:
    with served(data, "--demo") as base:
        slug, year = "xa-an-phu", 2026
        y = f"/to-chuc/{slug}/nam/{year}/"
        browsers = [Browser(base) for _ in range(CLIENTS)]
        for b in browsers:
            b.login(f"vanphong-{slug}", "dvk-demo-2026")
            b.times.clear()
        start_count = len(re.findall(r"/dang-ky/DK\d+/", browsers[0].request(y + "dang-ky/")))

        def run(i: int, b: Browser) -> None:
            for k in range(ROUNDS):
                b.request(f"/to-chuc/{slug}/")
                b.request(y)
                b.request(y + "dang-ky/?linh_vuc=KT")
                if k % 5 == i % 5:  # one submit in five rounds per client
                    b.request(y + "dang-ky/moi/", {
                        "registrant": f"Khách {i}", "kind": "tap_the",
                        "model_name": f"Mô hình đo tải {i}-{k}", "linh_vuc": "KT",
                        "status": "moi", "expected_results": "đo tải"})

        wall = in_threads(run, browsers)
        times = sorted(t for b in browsers for t in b.times)
        errors = [e for b in browsers for e in b.errors]
        p95 = times[int(len(times) * 0.95)]
        expected = sum(1 for i in range(CLIENTS) for k in range(ROUNDS) if k % 5 == i % 5)
        end_count = len(re.findall(r"/dang-ky/DK\d+/", browsers[0].request(y + "dang-ky/")))
        lost = expected - (end_count - start_count)
        print(f"3. {CLIENTS} khách đồng thời, {len(times)} yêu cầu trong {wall:.1f} s: "
              f"p50 {times[len(times) // 2] * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
              f"(mục tiêu ≤ 500 ms), lỗi {len(errors)}, ghi {expected}, mất {lost}")
        for e in errors[:5]:
            print("   ", e)


def main() -> None:
    db = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"CSDL: {db}")
    with tempfile.TemporaryDirectory(prefix="dvk-bench-") as tmp:
        _setup_django(Path(tmp) / "in-process")
        in_process()
        concurrent(Path(tmp) / "served")


if __name__ == "__main__":
    main()
