"""Turns failing tests into `tests.failed` findings."""

from __future__ import annotations

import shlex

from guard.model import Finding, Severity, TestFailure, TestOutcomes
from guard.symbols import module_name

TEST_FAILED = "tests.failed"

_PHASES = {
    "call": "failed",
    "setup": "errored in setup",
    "teardown": "errored in teardown",
    "collect": "could not be collected",
}


def failure_findings(outcomes: TestOutcomes) -> list[Finding]:
    """One finding per failing or erroring test, at the line where it failed."""
    return [_finding(failure) for failure in outcomes.failures]


def _finding(failure: TestFailure) -> Finding:
    what = _PHASES.get(failure.when, "failed")
    rerun = shlex.quote(failure.nodeid)
    if failure.when == "collect":
        hint = f"Fix the import or syntax error that stops pytest from collecting `{failure.path}`."
    else:
        hint = (
            f"Run `python -m pytest {rerun}` to see the failure, then fix the code under test, "
            "or the test if its expectation is wrong."
        )
    test_name = failure.nodeid.split("::", 1)[-1] if "::" in failure.nodeid else None
    symbol = module_name(failure.path) if failure.path.endswith(".py") else None
    if symbol and test_name:
        symbol = f"{symbol}.{test_name.replace('::', '.')}"
    return Finding(
        rule=TEST_FAILED,
        severity=Severity.ERROR,
        path=failure.path,
        line=max(failure.line, 1),
        end_line=max(failure.line, 1),
        message=f"test `{failure.nodeid}` {what}: {failure.message}",
        hint=hint,
        symbol=symbol,
    )
