"""Spreading per-file work over processes: same answers, same order, errors surface."""

from __future__ import annotations

import os

import pytest

from guard.parallel import map_files, usable_cpus
from guard.symbol_cache import build_index


def _square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def test_small_jobs_stay_in_this_process():
    results = map_files(_square_with_pid, [1, 2, 3], lines=10, min_lines=100, cpus=2)
    assert [square for square, _ in results] == [1, 4, 9]
    assert {pid for _, pid in results} == {os.getpid()}


def test_big_jobs_run_in_worker_processes_and_keep_their_order():
    numbers = list(range(40))
    results = map_files(_square_with_pid, numbers, lines=10, min_lines=1, cpus=2)
    assert [square for square, _ in results] == [n * n for n in numbers]
    assert os.getpid() not in {pid for _, pid in results}


def test_one_cpu_means_no_pool():
    results = map_files(_square_with_pid, [1, 2], lines=10, min_lines=1, cpus=1)
    assert {pid for _, pid in results} == {os.getpid()}


def test_an_error_in_a_worker_reaches_the_caller():
    jobs = [("ok.py", "x = 1\n"), ("bad.py", "def broken(:\n")]
    with pytest.raises(SyntaxError):
        map_files(build_index, jobs, lines=10, min_lines=1, cpus=2)


def test_usable_cpus_counts_what_this_process_may_use():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert usable_cpus() == expected
