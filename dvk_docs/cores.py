"""How many processes a big job may use: the cores this process is allowed to run on.

``os.cpu_count()`` counts the machine's cores, not the ones a container, ``taskset`` or a
CPU quota leaves to this process; ``os.sched_getaffinity`` does (where the system has it).
Kept apart from :mod:`dvk_docs.parallel` so that deciding whether to start a pool costs no
import of ``multiprocessing`` or ``concurrent.futures`` (a small build never needs them).
"""

from __future__ import annotations

import os
import sys
import threading

# Below this many documents one process is faster than a pool: starting the workers, the
# chunks' pickling and the parent's share of the Mẫu 1 cost more than they save (bench/
# bench_scale.py --parts province prints the curve with and without the pool).
MIN_PARALLEL = 2000


def usable_cores() -> int:
    """The number of cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux: every core
        return os.cpu_count() or 1


def workers_for(documents: int, jobs: int | None, *, min_parallel: int = MIN_PARALLEL,
                cores: int | None = None) -> int:
    """How many processes render ``documents``: ``jobs`` when given, else one below
    ``min_parallel`` documents or where processes cannot be forked, else one per usable
    core."""
    if jobs is not None:
        return max(1, jobs)
    if documents < min_parallel:
        return 1
    import multiprocessing  # only for a big build

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return usable_cores() if cores is None else max(1, cores)


_FORK_SAFE = "dvk_fork_safe"


def mark_fork_safe(thread: threading.Thread) -> threading.Thread:
    """Say that ``thread`` does not stop a fork: it holds no lock a forked child could need
    and the child starts without it (``os.register_at_fork``), as the render watchdog."""
    setattr(thread, _FORK_SAFE, True)
    return thread


def fork_is_safe() -> bool:
    """Whether this process may fork a child that runs Python code: Linux (where ``fork``
    is the rule), and no thread but the main one and those marked fork-safe (a thread
    holding a lock at the fork leaves it held for ever in the child; the web
    application's request threads)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    main = threading.main_thread()
    return all(t is main or getattr(t, _FORK_SAFE, False) for t in threading.enumerate())
