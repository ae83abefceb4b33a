"""Hand-built reports for the reporter tests, where a real run cannot reach a case.

Each reporter renders the same finished `Report`; these build one around the
findings a test names, so the reporter tests differ only in what they assert.
"""

from __future__ import annotations

from guard.model import ExitCode, Finding, Gate, Report, Verdict


def failing(*findings: Finding, gates: tuple[Gate, ...] = (), command: str = "check") -> Report:
    """A failed run's report that holds `findings` (in this order) and `gates`."""
    return Report(
        verdict=Verdict.FAIL,
        exit_code=ExitCode.GATE_FAILED,
        command=command,
        findings=findings,
        gates=gates,
    )
