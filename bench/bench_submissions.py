"""Online registration under load, on PostgreSQL (not a timed test).

    .venv/bin/python bench/bench_submissions.py      # starts a throw-away PostgreSQL cluster
    DATABASE_URL=postgresql://... .venv/bin/python bench/bench_submissions.py

``dvk-docs serve`` (gunicorn as it starts it: 3 workers × 4 threads, each taking only the
connections its threads serve) on 127.0.0.1 with the xa-an-phu sample;
the office has reopened the form for 50 unit accounts (the sample's deadline is past).

1. 50 units at once, each a bounded loop of ROUNDS: its list, the empty form, a submit, its
   list again. Every submit must arrive exactly once (no lost, no duplicated submission);
   p50/p95 of page views (GET) and of submits, with /healthz as the same-run baseline.
2. 10 office sessions accept every submission at once, each submission asked twice (two
   sessions racing): every submission enters the year exactly once, no duplicated
   registration id.
Targets from issue 12: p95 of page views ≤ 500 ms; nothing lost or duplicated.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import Browser, _setup_django
from servers import in_threads, postgres_if_needed, served

UNITS = int(os.environ.get("BENCH_UNITS", 50))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
OFFICES = int(os.environ.get("BENCH_OFFICES", 10))
PASSWORD = "mat-khau-do-tai-2026"
SLUG, YEAR = "xa-an-phu", 2026


def prepare() -> None:
    from dvk_docs.api import samples_dir
    from dvk_docs.web import store
    from dvk_docs.web import submissions as wf
    from dvk_docs.web.accounts import add_user
    from dvk_docs.web.models import Organisation

    org = Organisation.objects.create(slug=SLUG, name="Đảng ủy xã An Phú")
    year = store.import_folder(org, samples_dir() / SLUG)
    add_user("vanphong", org, "van_phong", PASSWORD)
    until = max(dt.date.today(), dt.date(YEAR, 12, 31)) + dt.timedelta(days=30)
    for i in range(UNITS):
        unit = f"Chi hội đo tải số {i + 1:02d}"
        add_user(f"donvi{i + 1:02d}", org, "don_vi", PASSWORD, unit)
        wf.reopen(year, None, unit, until)


def pct(times: list[float], q: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, int(len(s) * q))] * 1000 if s else float("nan")


def run(base: str) -> None:
    from dvk_docs.web.models import Submission, SubmissionStatus, Year

    y = f"/to-chuc/{SLUG}/nam/{YEAR}/"
    health = Browser(base)
    for _ in range(20):
        health.request("/healthz")
    units = [Browser(base) for _ in range(UNITS)]
    t0 = time.perf_counter()
    for i, b in enumerate(units):
        b.login(f"donvi{i + 1:02d}", PASSWORD)
    print(f"  ({UNITS} đơn vị đăng nhập trong {time.perf_counter() - t0:.1f} s)")
    views: list[float] = []
    submits: list[float] = []
    bad: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(UNITS)

    def unit_loop(i: int, b: Browser) -> None:
        b.times.clear()
        start.wait()
        mine_v, mine_s = [], []
        for k in range(ROUNDS):
            b.request(y + "phieu/")
            b.request(y + "dang-ky/moi/")
            mine_v += b.times[-2:]
            name = f"Mô hình đo tải {i + 1:02d}-{k + 1}"
            page = b.request(y + "dang-ky/moi/", {
                "registrant": f"Chi hội đo tải số {i + 1:02d}", "kind": "tap_the",
                "model_name": name, "linh_vuc": "KT", "status": "moi",
                "expected_results": "Tăng thu nhập cho hội viên"})
            mine_s.append(b.times[-1])
            if "Chờ tiếp nhận" not in page or name not in page:
                with lock:
                    bad.append(f"{name}: không thấy trang phiếu vừa gửi")
            listing = b.request(y + "phieu/")
            mine_v.append(b.times[-1])
            if name not in listing:
                with lock:
                    bad.append(f"{name}: không có trong danh sách của đơn vị")
        with lock:
            views.extend(mine_v)
            submits.extend(mine_s)

    wall = in_threads(unit_loop, units)
    errors = [e for b in units for e in b.errors]
    expected = {(f"Chi hội đo tải số {i + 1:02d}", f"Mô hình đo tải {i + 1:02d}-{k + 1}")
                for i in range(UNITS) for k in range(ROUNDS)}
    got = Counter((s.unit, s.model_name) for s in Submission.objects.all())
    lost = len(expected - set(got))
    dup = sum(n - 1 for n in got.values() if n > 1)
    base_ms = pct(health.times, 0.5)
    print(f"1. {UNITS} đơn vị cùng lúc × {ROUNDS} vòng trong {wall:.1f} s: "
          f"{len(views)} lượt xem trang p50 {pct(views, 0.5):.0f} ms, p95 "
          f"{pct(views, 0.95):.0f} ms (mục tiêu ≤ 500 ms; = {pct(views, 0.95) / base_ms:.0f}× "
          f"/healthz {base_ms:.1f} ms); {len(submits)} lần gửi p50 {pct(submits, 0.5):.0f} ms, "
          f"p95 {pct(submits, 0.95):.0f} ms; lỗi HTTP {len(errors)}, trang sai {len(bad)}; "
          f"gửi {len(expected)}, có {sum(got.values())} phiếu: mất {lost}, trùng {dup}")
    for e in (errors + bad)[:5]:
        print("   ", e)

    # 2. the office accepts them all, every submission asked by two sessions at once
    offices = [Browser(base) for _ in range(OFFICES)]
    for b in offices:
        b.login("vanphong", PASSWORD)
    year = Year.objects.get(organisation__slug=SLUG, year=YEAR)
    before = year.registrations.count()
    queue = [(s.pk, s.data) for s in Submission.objects.order_by("pk")] * 2
    queue.sort(key=lambda item: item[0])
    take = threading.Lock()
    accepts: list[float] = []

    def office_loop(b: Browser) -> None:
        b.times.clear()
        while True:
            with take:
                if not queue:
                    break
                pk, data = queue.pop(0)
            fields = {k: str(data[k]) for k in ("registrant", "kind", "model_name",
                                                "linh_vuc", "status", "expected_results")}
            b.request(y + f"phieu/{pk}/", {**fields, "action": "tiep_nhan"})
            with take:
                accepts.append(b.times[-1])

    wall = in_threads(office_loop, offices, numbered=False)
    errors = [e for b in offices for e in b.errors]
    year.refresh_from_db()
    ids = list(year.registrations.values_list("reg_id", flat=True))
    names = Counter(year.registrations.filter(model_name__startswith="Mô hình đo tải")
                    .values_list("model_name", flat=True))
    subs = Submission.objects.all()
    accepted = subs.filter(status=SubmissionStatus.DA).count()
    sub_ids = Counter(subs.values_list("reg_id", flat=True))
    print(f"2. {OFFICES} phiên văn phòng tiếp nhận {subs.count()} phiếu (mỗi phiếu bấm 2 lần "
          f"cùng lúc) trong {wall:.1f} s, p50 {pct(accepts, 0.5):.0f} ms, p95 "
          f"{pct(accepts, 0.95):.0f} ms; lỗi HTTP {len(errors)}; đã tiếp nhận {accepted}; "
          f"đăng ký của năm {before} → {len(ids)}; mã trùng {len(ids) - len(set(ids))}; "
          f"mô hình vào năm 2 lần {sum(1 for n in names.values() if n > 1)}; "
          f"phiếu chung một mã {sum(1 for n in sub_ids.values() if n > 1)}")
    for e in errors[:5]:
        print("   ", e)
    ok = (lost == dup == 0 and not bad and accepted == subs.count()
          and len(ids) == len(set(ids)) == before + subs.count())
    fast = pct(views, 0.95) <= 500
    print("KẾT QUẢ: không mất, không trùng:", "đạt" if ok else "KHÔNG ĐẠT",
          "; p95 xem trang ≤ 500 ms:", "đạt" if fast else "KHÔNG ĐẠT")


def serve(data: Path) -> None:
    with served(data) as base:
        run(base)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dvk-bench-sub-") as tmp_name:
        data = Path(tmp_name) / "data"
        with postgres_if_needed():
            print("CSDL: PostgreSQL")
            _setup_django(data)
            prepare()
            from django.db import connections

            connections.close_all()
            serve(data)


if __name__ == "__main__":
    main()
