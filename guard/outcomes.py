"""Records pytest's outcomes from its report objects, never from its terminal text.

`OutcomeRecorder` is a pytest plugin that the test-run child process registers.
It counts results and locates each failure. The child writes the record to a
JSON file only after coverage data is saved, so a run that dies early (a
crash, `os._exit`) leaves no record and can never pass.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from guard.assertion_counter import executed
from guard.model import TestFailure, TestOutcomes

_MESSAGE_LIMIT = 300


class OutcomeRecorder:
    """Counts test results as pytest reports them."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys(
            ("passed", "failed", "errors", "skipped", "xfailed", "xpassed"), 0
        )
        self.failures: list[TestFailure] = []
        self.assertions: list[tuple[str, int]] = []
        self.collected = 0
        self.project_root = Path.cwd()
        self.rootdir = self.project_root

    @pytest.hookimpl
    def pytest_configure(self, config: pytest.Config) -> None:
        self.rootdir = Path(config.rootpath)

    @pytest.hookimpl
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.collected = len(session.items)

    @pytest.hookimpl
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.counts["errors"] += 1
            nodeid = self._from_project_root(report.nodeid or ".")
            path = nodeid.split("::")[0]
            self.failures.append(TestFailure(nodeid, path, 1, _crash_message(report), "collect"))

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        outcome = _classify(report)
        if outcome is None:
            return
        self.counts[outcome] += 1
        count = executed(report)
        if outcome == "passed" and count is not None:
            self.assertions.append((self._from_project_root(report.nodeid), count))
        if outcome in ("failed", "errors"):
            self.failures.append(self._failure(report))

    def _failure(self, report: pytest.TestReport) -> TestFailure:
        location, def_line, _ = report.location
        line = _failing_line(report, self.rootdir / location) or (def_line or 0) + 1
        nodeid = self._from_project_root(report.nodeid)
        path = self._from_project_root(location)
        return TestFailure(nodeid, path, line, _crash_message(report), report.when)

    def _from_project_root(self, nodeid: str) -> str:
        """Re-anchor a node id from pytest's rootdir to guard's root, which may differ."""
        head, sep, rest = nodeid.partition("::")
        relative = Path(os.path.relpath(self.rootdir / head, self.project_root)).as_posix()
        return f"{relative}{sep}{rest}"

    def outcomes(self) -> TestOutcomes:
        """The record so far, as the report model."""
        return TestOutcomes(
            **self.counts, failures=tuple(self.failures), assertions=tuple(self.assertions)
        )


def _classify(report: pytest.TestReport) -> str | None:
    """Map one phase report to the outcome it decides, or None if it decides nothing."""
    xfail = hasattr(report, "wasxfail")
    if report.when == "call":
        if report.passed:
            return "xpassed" if xfail else "passed"
        if report.skipped:
            return "xfailed" if xfail else "skipped"
        return "failed"
    if report.failed:
        return "errors"
    if report.skipped and report.when == "setup":
        return "xfailed" if xfail else "skipped"
    return None


def _crash_message(report: pytest.TestReport | pytest.CollectReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    first = lines[0] if lines else "failed"
    if report.when == "collect" and len(lines) > 1:
        # Collection errors end with the exception line, marked like "E   ImportError: ...".
        first = re.sub(r"^E\s+", "", lines[-1])
    return first[:_MESSAGE_LIMIT]


def _failing_line(report: pytest.TestReport, test_file: Path) -> int | None:
    """The deepest traceback line inside the test's own file: where the test failed."""
    traceback = getattr(report.longrepr, "reprtraceback", None)
    entries = getattr(traceback, "reprentries", [])
    for entry in reversed(entries):
        location = getattr(entry, "reprfileloc", None)
        if location is not None and _same_file(location.path, test_file):
            return int(location.lineno)
    return None


def _same_file(reported: str, test_file: Path) -> bool:
    try:
        return os.path.samefile(reported, test_file)
    except OSError:
        return False
