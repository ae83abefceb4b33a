"""Spreads independent per-file work over processes, when there is enough of it to pay off.

Parsing is CPU-bound pure Python, so threads do not help. Starting workers
costs tens of milliseconds (with `fork`) to a few hundred (with `spawn`,
which re-imports guard), so small jobs stay in this process: an agent's usual
edit touches a few files and must not pay for a pool.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Job = TypeVar("Job")
Outcome = TypeVar("Outcome")

# Below this many source lines, one process is faster than starting a pool.
PARALLEL_MIN_LINES = 20_000


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's limit, not the host's count)."""
    affinity = getattr(os, "sched_getaffinity", None)  # Linux only
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


def map_files(
    function: Callable[[Job], Outcome],
    jobs: Sequence[Job],
    lines: int,
    *,
    min_lines: int = PARALLEL_MIN_LINES,
    cpus: int | None = None,
) -> list[Outcome]:
    """`[function(job) for job in jobs]`, in processes when `lines` of source reach `min_lines`.

    `function` must be a module-level function and jobs and outcomes must pickle.
    `cpus` defaults to the CPUs this process may use.
    """
    workers = min(cpus or usable_cpus(), len(jobs))
    if workers < 2 or lines < min_lines:
        return [function(job) for job in jobs]
    # fork starts a worker in milliseconds; macOS and Windows only offer spawn safely.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, len(jobs) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(function, jobs, chunksize=chunk))
