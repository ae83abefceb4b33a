"""Hand-built reports for the reporter tests, where a real run cannot reach a case.

Each reporter renders the same finished `Report`; these build one around the
findings a test names, so the reporter tests differ only in what they assert.
"""

from __future__ import annotations

from guard.model import ExitCode, Finding, Gate, Report, RunError, Severity, Verdict


def failing(*findings: Finding, gates: tuple[Gate, ...] = (), command: str = "check") -> Report:
    """A failed run's report that holds `findings` (in this order) and `gates`."""
    return Report(
        verdict=Verdict.FAIL,
        exit_code=ExitCode.GATE_FAILED,
        command=command,
        findings=findings,
        gates=gates,
    )


def errored(*errors: RunError, command: str = "check") -> Report:
    """The report of a run that could not be judged, with `errors` in this order (exit 3)."""
    return Report(
        verdict=Verdict.ERROR, exit_code=ExitCode.TOOL_ERROR, command=command, errors=errors
    )


UNUSED = Finding(
    rule="coverage.uncovered-line",
    severity=Severity.ERROR,
    path="pkg/calc.py",
    line=20,
    end_line=23,
    symbol="pkg.calc.unused",
    message="lines 20-23 never ran",
    hint="Add a test that calls pkg.calc.unused.",
    snippet="def unused():\n    return 1",
    new=True,
)
"""A new uncovered range with every field set."""
