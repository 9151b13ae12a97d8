"""How many processes a build uses (issue 14, target 5): no pool for a small build, one
worker per core this process may use (not per core of the machine)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dvk_docs.cores import MIN_PARALLEL, usable_cores, workers_for


def test_small_builds_use_one_process() -> None:
    """This test ensures a build below the threshold starts no pool, whatever the cores."""
    assert workers_for(43, None, cores=8) == 1
    assert workers_for(MIN_PARALLEL - 1, None, cores=8) == 1
    assert workers_for(MIN_PARALLEL, None, cores=8) == 8
    assert workers_for(25_000, None, cores=1) == 1


def test_jobs_given_are_kept() -> None:
    """This test ensures -j N is obeyed (the bench compares -j 1 with -j 2 at every size)."""
    assert workers_for(10, 3) == 3
    assert workers_for(25_000, 1, cores=8) == 1


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs two cores and CPU affinity")
def test_usable_cores_follow_the_affinity() -> None:
    """This test ensures a process limited to one core (taskset, a container) counts one
    core, not the machine's (before: os.cpu_count())."""
    code = ("import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
            "from dvk_docs.cores import usable_cores, workers_for; "
            "print(usable_cores(), workers_for(25000, None), os.cpu_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[:2] == ["1", "1"] and int(out[2]) >= 2
    assert usable_cores() == len(os.sched_getaffinity(0))
