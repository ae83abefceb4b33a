"""What a person sees in the text report, asserted line by line."""

from __future__ import annotations

import pytest

from guard.model import (
    Branch,
    CoverageTotals,
    ExitCode,
    Finding,
    Gate,
    Report,
    Risk,
    RunError,
    Severity,
    TestFailure,
    TestOutcomes,
    Verdict,
    format_percent,
)
from guard.reporters.text import TextReporter
from tests.report_samples import UNUSED, errored

CLASSIFY = Finding(
    rule="coverage.missed-branch",
    severity=Severity.ERROR,
    path="pkg/calc.py",
    line=12,
    end_line=12,
    symbol="pkg.calc.classify",
    message="line 12 didn't jump to line 14 because the condition on line 12 was never false",
    hint="Add a test where the condition is false.",
    branch=Branch(12, 14),
)
FAILED_TEST = Finding(
    rule="tests.failed",
    severity=Severity.ERROR,
    path="tests/test_calc.py",
    line=8,
    end_line=8,
    symbol="tests/test_calc.py::test_add",
    message="AssertionError: assert 3 == 4",
    hint="",
)


def render(report: Report) -> str:
    return TextReporter().render(report)


def test_a_failing_run_shows_verdict_then_findings_by_file_then_gates() -> None:
    report = Report(
        verdict=Verdict.FAIL,
        exit_code=ExitCode.GATE_FAILED,
        command="guard check",
        coverage=CoverageTotals(
            statements=12, missing_statements=2, branches=4, missing_branches=0, fail_under=100
        ),
        tests=TestOutcomes(
            passed=5, failed=1, failures=(TestFailure("tests/test_calc.py::test_add", "t", 8, "x"),)
        ),
        findings=(UNUSED, FAILED_TEST, CLASSIFY),
        gates=(
            Gate("coverage.total", passed=False, detail="87.50% < 100%"),
            Gate("tests.passed", passed=False, detail="1 of 6 tests failed"),
        ),
    )

    assert render(report) == (
        "guard: FAIL - coverage 87.50% (fail under 100%), 3 findings in 2 files, 1 failed test\n"
        "\n"
        "pkg/calc.py\n"
        "  20-23  error  coverage.uncovered-line  pkg.calc.unused: lines 20-23 never ran\n"
        "         hint: Add a test that calls pkg.calc.unused.\n"
        "  12     error  coverage.missed-branch   pkg.calc.classify: line 12 didn't jump to"
        " line 14 because the condition on line 12 was never false\n"
        "         hint: Add a test where the condition is false.\n"
        "\n"
        "tests/test_calc.py\n"
        "  8      error  tests.failed             tests/test_calc.py::test_add:"
        " AssertionError: assert 3 == 4\n"
        "\n"
        "  x   coverage.total  87.50% < 100%\n"
        "  x   tests.passed    1 of 6 tests failed\n"
    )


def test_a_pass_is_the_verdict_line_and_the_gates_only() -> None:
    report = Report(
        verdict=Verdict.PASS,
        exit_code=ExitCode.PASS,
        command="guard check",
        coverage=CoverageTotals(120, 0, 40, 0, fail_under=100),
        tests=TestOutcomes(passed=30),
        gates=(Gate("coverage.total", passed=True, detail="100.00% >= 100%"),),
    )

    assert render(report) == (
        "guard: PASS - coverage 100.00% of 120 statements and 40 branches\n"
        "\n"
        "  ok  coverage.total  100.00% >= 100%\n"
    )


def test_a_pass_names_one_statement_and_one_branch_in_the_singular() -> None:
    report = Report(
        verdict=Verdict.PASS,
        exit_code=ExitCode.PASS,
        command="guard check",
        coverage=CoverageTotals(1, 0, 1, 0, fail_under=100),
    )

    assert render(report) == "guard: PASS - coverage 100.00% of 1 statement and 1 branch\n"


def test_a_pass_without_coverage_is_one_word() -> None:
    report = Report(verdict=Verdict.PASS, exit_code=ExitCode.PASS, command="guard analyze")

    assert render(report) == "guard: PASS\n"


def test_a_pass_still_lists_warnings_so_advice_is_not_hidden() -> None:
    warning = Finding(
        rule="naming.vague-module",
        severity=Severity.WARNING,
        path="pkg/utils.py",
        line=1,
        end_line=1,
        message="module name 'utils' says nothing about what it holds",
        hint="Name it after what it holds.",
    )
    report = Report(
        verdict=Verdict.PASS, exit_code=ExitCode.PASS, command="guard analyze", findings=(warning,)
    )

    assert render(report) == (
        "guard: PASS\n"
        "\n"
        "pkg/utils.py\n"
        "  1  warning  naming.vague-module  module name 'utils' says nothing about what it holds\n"
        "     hint: Name it after what it holds.\n"
    )


def test_an_error_run_puts_the_error_message_on_the_verdict_line() -> None:
    report = errored(
        RunError("git", "base 'origin/main' not found; fetch it or pass --base-sha"),
        command="guard check --base origin/main",
    )

    assert render(report) == (
        "guard: ERROR - base 'origin/main' not found; fetch it or pass --base-sha\n"
    )


def test_an_error_run_lists_every_error_when_there_are_several() -> None:
    report = errored(
        RunError("pytest", "pytest could not run:\nImportError: no module named 'pkg'"),
        RunError("coverage", "no coverage data was written"),
        command="guard check",
    )

    assert render(report) == (
        "guard: ERROR - pytest could not run:\n"
        "  pytest: pytest could not run:\n"
        "          ImportError: no module named 'pkg'\n"
        "  coverage: no coverage data was written\n"
    )


@pytest.mark.parametrize(
    "errors",
    [
        pytest.param((), id="no-errors"),
        pytest.param((RunError("tool", ""),), id="empty-message"),
    ],
)
def test_an_error_run_with_nothing_to_say_is_one_word(errors: tuple[RunError, ...]) -> None:
    report = Report(
        verdict=Verdict.ERROR, exit_code=ExitCode.TOOL_ERROR, command="guard", errors=errors
    )

    assert render(report) == "guard: ERROR\n"


def test_a_failure_with_full_coverage_does_not_claim_a_coverage_shortfall() -> None:
    report = Report(
        verdict=Verdict.FAIL,
        exit_code=ExitCode.GATE_FAILED,
        command="guard check",
        coverage=CoverageTotals(10, 0, 2, 0, fail_under=100),
        tests=TestOutcomes(passed=3, errors=2),
    )

    assert render(report) == "guard: FAIL - coverage 100.00%, 2 test errors\n"


@pytest.mark.parametrize(
    ("coverage", "first_line"),
    [
        (None, "guard: FAIL - 1 gate failed"),
        (
            CoverageTotals(4, 0, 0, 0, fail_under=100),
            "guard: FAIL - coverage 100.00%, 1 gate failed",
        ),
    ],
)
def test_a_failure_with_only_failed_gates_counts_them(
    coverage: CoverageTotals | None, first_line: str
) -> None:
    report = Report(
        verdict=Verdict.FAIL,
        exit_code=ExitCode.GATE_FAILED,
        command="guard check",
        coverage=coverage,
        tests=TestOutcomes(passed=1, failed=0),
        gates=(
            Gate("integrity.protected-paths", passed=False, detail=".github/ changed"),
            Gate("tests.passed", passed=True, detail="1 passed"),
        ),
    )

    assert render(report).splitlines()[0] == first_line


@pytest.mark.parametrize(
    ("fail_under", "shown"),
    [(97.5, "97.5"), (99.9999999, "99.9999999"), (80.0, "80")],
)
def test_a_threshold_is_shown_as_configured_and_never_rounded(
    fail_under: float, shown: str
) -> None:
    report = Report(
        verdict=Verdict.FAIL,
        exit_code=ExitCode.GATE_FAILED,
        command="guard check",
        coverage=CoverageTotals(100, 25, 0, 0, fail_under=fail_under),
    )

    assert render(report) == f"guard: FAIL - coverage 75.00% (fail under {shown}%)\n"


def test_coverage_just_short_of_100_never_displays_as_100() -> None:
    # 99 999 of 100 000 is 99.999 %: a rounding display would say 100.00 %.
    report = Report(
        verdict=Verdict.FAIL,
        exit_code=ExitCode.GATE_FAILED,
        command="guard check",
        coverage=CoverageTotals(100_000, 1, 0, 0, fail_under=100),
    )

    text = render(report)

    assert text == "guard: FAIL - coverage 99.99% (fail under 100%)\n"
    assert "100.00" not in text


@pytest.mark.parametrize(
    ("covered", "total", "shown"),
    [
        (99_999, 100_000, "99.99"),
        (19_999, 20_000, "99.99"),  # 99.995: rounding would reach 100.00
        (29, 10_000, "0.29"),  # in floats 0.29 * 100 is 28.999..., floored to 0.28
        (7, 8, "87.50"),
        (2, 3, "66.66"),
        (0, 5, "0.00"),
        (5, 5, "100.00"),
        (0, 0, "100.00"),
    ],
)
def test_percentages_are_truncated_to_two_decimals(covered: int, total: int, shown: str) -> None:
    assert format_percent(covered, total) == shown


def test_a_multi_line_message_keeps_its_lines_under_the_message_column() -> None:
    finding = Finding(
        rule="tests.failed",
        severity=Severity.ERROR,
        path="tests/test_x.py",
        line=3,
        end_line=3,
        message="assert 1 == 2\n  where 1 = f()",
        hint="Fix the code or the test.\nRun it alone with pytest -x.",
    )
    report = Report(
        verdict=Verdict.FAIL, exit_code=ExitCode.GATE_FAILED, command="guard", findings=(finding,)
    )

    assert render(report) == (
        "guard: FAIL - 1 finding in 1 file\n"
        "\n"
        "tests/test_x.py\n"
        "  3  error  tests.failed  assert 1 == 2\n"
        "                            where 1 = f()\n"
        "     hint: Fix the code or the test.\n"
        "           Run it alone with pytest -x.\n"
    )


def test_the_risk_of_a_change_follows_the_notes() -> None:
    report = Report(
        verdict=Verdict.PASS,
        exit_code=ExitCode.PASS,
        command="guard check",
        notes=("no diff of submodule lib",),
        risk=Risk("high", ("high: shop/pay.py matches `shop/pay*`",), ("shop.api",)),
    )
    lines = TextReporter().render(report).splitlines()
    assert lines[1:3] == [
        "  note: no diff of submodule lib",
        "  risk: high (high: shop/pay.py matches `shop/pay*`)",
    ]
