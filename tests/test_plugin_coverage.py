"""Which process measures what: the xdist handoff, and a worker's part in the run."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from guard.plugin_coverage import HANDOFF, MeasurePlan, worker_plan
from tests.plugin_projects import write_project

PLAN = MeasurePlan(41, "/project", "/scratch/data", ("calc",))


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"PYTEST_XDIST_WORKER": "gw0", HANDOFF: PLAN.encoded()}, PLAN),
        ({HANDOFF: PLAN.encoded()}, None),  # not started by xdist
        ({"PYTEST_XDIST_WORKER": "gw0"}, None),  # its controller runs without --guard
        ({"PYTEST_XDIST_WORKER": "gw1", HANDOFF: replace(PLAN, controller=7).encoded()}, None),
    ],
)
def test_only_a_worker_of_a_guard_controller_takes_the_workers_part(
    environ: dict[str, str], expected: MeasurePlan | None
):
    assert worker_plan(environ, parent_pid=41) == expected


def test_an_xdist_worker_saves_its_data_and_leaves_judging_to_the_controller(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
):
    root = write_project(pytester)
    data_dir = root / "shared-data"
    plan = MeasurePlan(os.getppid(), str(root), str(data_dir), ("calc",))
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    monkeypatch.setenv(HANDOFF, plan.encoded())
    pytest_run = pytester.runpytest_inprocess("--guard")
    assert pytest_run.ret == 0
    assert "guard:" not in pytest_run.stdout.str()
    assert [shard.name.startswith(".coverage.") for shard in data_dir.iterdir()] == [True]
    assert HANDOFF not in os.environ  # a pytest run a test starts is no worker of ours


def test_a_nested_run_gives_back_the_outer_runs_handoff(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
):
    write_project(pytester)
    outer = MeasurePlan(1, "/elsewhere", "/elsewhere/data", ("pkg",)).encoded()
    monkeypatch.setenv(HANDOFF, outer)
    pytest_run = pytester.runpytest_inprocess("--guard")
    assert pytest_run.ret == 0
    assert os.environ[HANDOFF] == outer
