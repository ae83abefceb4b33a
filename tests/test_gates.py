from __future__ import annotations

import pytest

from guard import gates
from guard.file_analysis import FileCoverage, MissedBranch
from guard.gates import coverage_totals, order_findings, total_coverage_gate, verdict_for
from guard.model import (
    CoverageTotals,
    ExitCode,
    Finding,
    Gate,
    Severity,
    TestFailure,
    TestOutcomes,
    Verdict,
)


def _finding(path: str, line: int, severity: Severity = Severity.ERROR, new: bool | None = None):
    return Finding("coverage.uncovered-line", severity, path, line, line, "m", "h", new=new)


@pytest.mark.parametrize(
    ("statements", "missing", "branches", "missed", "fail_under", "passed"),
    [
        (100, 0, 20, 0, 100.0, True),
        # 9999 of 10000: 99.99 % must never round up to 100 %.
        (10000, 1, 0, 0, 100.0, False),
        (80, 0, 20, 1, 100.0, False),
        (90, 10, 10, 0, 90.0, True),
        (90, 10, 10, 1, 90.0, False),
        (0, 0, 0, 0, 100.0, True),
    ],
)
def test_total_gate_compares_exactly(statements, missing, branches, missed, fail_under, passed):
    totals = CoverageTotals(statements, missing, branches, missed, fail_under)
    gate = total_coverage_gate(totals)
    assert gate.id == "coverage.total"
    assert gate.passed is passed


def test_total_gate_detail_never_rounds_up():
    gate = total_coverage_gate(CoverageTotals(10000, 1, 0, 0, 100.0))
    assert gate.detail.startswith("99.99% of 10000 statements and 0 branches covered")
    assert "1 statements and 0 branches missed" in gate.detail
    assert gate.detail.endswith("fail under 100%")


def test_total_gate_fails_when_a_file_could_not_be_parsed():
    gate = total_coverage_gate(CoverageTotals(10, 0, 2, 0, 100.0), unparsable_files=1)
    assert gate.passed is False
    assert gate.detail.endswith("1 file(s) could not be parsed and were not measured")


def test_coverage_totals_sums_per_file_figures():
    missed = MissedBranch(1, 2, "line 1 didn't jump to line 2")
    files = [
        FileCoverage("a.py", frozenset(range(1, 11)), frozenset({3}), 4, (missed, missed)),
        FileCoverage("b.py", frozenset(range(1, 6)), frozenset(), 2, ()),
    ]
    totals = coverage_totals(files, 95.0)
    assert totals == CoverageTotals(15, 1, 6, 2, 95.0)
    assert totals.covered == 18
    assert totals.percent == pytest.approx(100 * 18 / 21)


def test_tests_gate_passes_only_without_failures():
    outcomes = TestOutcomes(passed=3, skipped=1)
    gate = gates.tests_gate(outcomes, 0)
    assert gate == Gate("tests.passed", True, "3 passed, 1 skipped")


def test_tests_gate_fails_on_a_failed_test():
    failure = TestFailure("t.py::test_x", "t.py", 3, "assert 1 == 2")
    gate = gates.tests_gate(TestOutcomes(passed=1, failed=1, failures=(failure,)), 1)
    assert gate.passed is False
    assert gate.detail == "1 passed, 1 failed"


def test_tests_gate_fails_when_pytest_disagrees_with_the_record():
    # A conftest that forces a non-zero exit status without a failing report.
    gate = gates.tests_gate(TestOutcomes(passed=2), 1)
    assert gate.passed is False
    assert "pytest exited with status 1 without reporting a failure" in gate.detail


def test_tests_gate_with_nothing_reported_says_so():
    assert gates.tests_gate(TestOutcomes(), 0).detail == "no test reached a result"


def test_findings_are_ordered_errors_first_then_new_then_path_and_line():
    warning = _finding("a.py", 1, Severity.WARNING)
    old = _finding("a.py", 9, new=False)
    new_late = _finding("z.py", 5, new=True)
    early = _finding("a.py", 2)
    ordered = order_findings([warning, old, early, new_late])
    assert ordered == (new_late, early, old, warning)


def test_verdict_passes_only_when_every_gate_passed():
    assert verdict_for([Gate("a", True, ""), Gate("b", True, "")]) == (Verdict.PASS, ExitCode.PASS)
    assert verdict_for([Gate("a", True, ""), Gate("b", False, "")]) == (
        Verdict.FAIL,
        ExitCode.GATE_FAILED,
    )
