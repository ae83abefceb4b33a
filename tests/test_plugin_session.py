"""The controller's part in `pytest --guard`: refusals, fail-closed errors, stepping aside."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import SimpleNamespace

import pytest

from guard.config import load_config
from guard.errors import ToolError
from guard.git_diff import changed_files
from guard.outcomes import OutcomeRecorder
from guard.plugin_session import (
    UNDER_GUARD_CHECK,
    ControllerRun,
    RunSettings,
    refuse_pytest_cov,
    require_complete,
)
from tests.plugin_projects import json_report, write_project


@pytest.mark.parametrize(
    ("status", "collected", "message"),
    [
        (3, 2, "pytest stopped with exit status 3"),
        (4, 2, "pytest stopped with exit status 4"),
        (5, 0, "no tests were collected"),
        (0, 0, "no tests were collected"),
    ],
)
def test_a_cut_short_or_empty_run_is_never_judged(status: int, collected: int, message: str):
    with pytest.raises(ToolError, match=message) as raised:
        require_complete(status, collected)
    assert int(raised.value.exit_code) == 3


def test_a_finished_run_is_judged():
    assert require_complete(1, 2) is None


@pytest.mark.parametrize(
    ("options", "refused"),
    [
        ({"cov_source": ["calc"], "no_cov": False}, True),
        ({"cov_source": [True], "no_cov": True}, False),
        ({"cov_source": []}, False),
        ({}, False),
    ],
)
def test_pytest_cov_is_refused_only_when_it_measures(options: dict[str, object], refused: bool):
    namespace = argparse.Namespace(**options)
    if refused:
        with pytest.raises(pytest.UsageError, match="drop --cov"):
            refuse_pytest_cov(namespace)
    else:
        assert refuse_pytest_cov(namespace) is None


def _controller(root: Path, scratch: Path) -> ControllerRun:
    return ControllerRun(RunSettings(load_config(root, {}), changed_files(root)), scratch)


def test_a_session_that_collected_nothing_fails_closed(pytester: pytest.Pytester, tmp_path: Path):
    run = _controller(write_project(pytester), tmp_path)
    session = SimpleNamespace(exitstatus=0, testscollected=0)
    run.pytest_sessionfinish(session)  # type: ignore[arg-type]
    assert session.exitstatus == 3
    assert run.report.errors[0].message.startswith("no tests were collected")


def test_a_bug_in_guard_is_exit_3_never_a_pass(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    run = _controller(write_project(pytester), tmp_path)

    def broken(status: int, collected: int) -> None:
        raise KeyError("lost")

    monkeypatch.setattr("guard.plugin_session.require_complete", broken)
    session = SimpleNamespace(exitstatus=0, testscollected=2)
    run.pytest_sessionfinish(session)  # type: ignore[arg-type]
    assert session.exitstatus == 3
    assert run.report.errors[0].message == "internal error: KeyError: 'lost'"


BAD_BASE = "guard: error: cannot diff against nope: not a git repository"


def test_a_bad_base_is_exit_3_and_still_writes_its_report(pytester: pytest.Pytester):
    root = write_project(pytester)
    pytest_run = pytester.runpytest_inprocess(
        "--guard", "--guard-base", "nope", "--guard-report", "json=error.json"
    )
    assert pytest_run.ret == 3
    assert pytest_run.stderr.lines == [BAD_BASE]
    assert json_report(root / "error.json")["verdict"] == "error"


def test_a_bad_base_and_an_unwritable_report_say_both(pytester: pytest.Pytester):
    root = write_project(pytester)
    (root / "blocked").write_text("not a directory", encoding="utf-8")
    pytest_run = pytester.runpytest_inprocess(
        "--guard", "--guard-base", "nope", "--guard-report", "json=blocked/r.json"
    )
    assert pytest_run.ret == 3
    pytest_run.stderr.fnmatch_lines(
        [BAD_BASE, "guard: error: cannot write json report to 'blocked/r.json'*"]
    )


def test_under_guard_check_the_plugin_steps_aside(pytester: pytest.Pytester):
    write_project(pytester)
    pytest_run = pytester.runpytest_inprocess("--guard", plugins=[OutcomeRecorder()])
    assert pytest_run.ret == 0
    assert UNDER_GUARD_CHECK in pytest_run.outlines[:3]
    assert "guard: PASS" not in pytest_run.stdout.str()
