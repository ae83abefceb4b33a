"""Judges gates from findings and totals, orders findings, and picks the verdict."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from guard.file_analysis import FileCoverage
from guard.model import (
    CoverageTotals,
    DiffTotals,
    ExitCode,
    Finding,
    Gate,
    Severity,
    TestOutcomes,
    Verdict,
    format_percent,
)

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


def total_coverage_gate(totals: CoverageTotals, unparsable_files: int = 0) -> Gate:
    """`coverage.total`: line and branch coverage together must reach `fail_under` exactly.

    A file coverage could not parse was not measured at all, so it fails the
    gate whatever the figures say: a gate that cannot see must not pass.
    """
    detail = (
        f"{format_percent(totals.covered, totals.total)}% of {totals.statements} statements "
        f"and {totals.branches} branches covered ({totals.missing_statements} statements and "
        f"{totals.missing_branches} branches missed); fail under {totals.fail_under:g}%"
    )
    if unparsable_files:
        detail += f"; {unparsable_files} file(s) could not be parsed and were not measured"
    return Gate("coverage.total", totals.meets_threshold and not unparsable_files, detail)


def tests_gate(outcomes: TestOutcomes, exit_status: int) -> Gate:
    """`tests.passed`: every collected test passed, and pytest agreed."""
    counts = ", ".join(
        f"{getattr(outcomes, name)} {name}"
        for name in ("passed", "failed", "errors", "skipped", "xfailed", "xpassed")
        if getattr(outcomes, name)
    )
    passed = outcomes.failed == 0 and outcomes.errors == 0 and exit_status == 0
    if exit_status != 0 and outcomes.failed == 0 and outcomes.errors == 0:
        counts += f"; pytest exited with status {exit_status} without reporting a failure"
    return Gate("tests.passed", passed, counts or "no test reached a result")


def coverage_totals(files: Sequence[FileCoverage], fail_under: float) -> CoverageTotals:
    """Sum the measured files' statements and branches, as coverage.py's total does."""
    return CoverageTotals(
        statements=sum(len(file.statements) for file in files),
        missing_statements=sum(len(file.missing) for file in files),
        branches=sum(file.branches for file in files),
        missing_branches=sum(len(file.missed_branches) for file in files),
        fail_under=fail_under,
    )


def order_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Errors first, then new before old, then by path and line."""
    return tuple(
        sorted(
            findings,
            key=lambda finding: (
                _SEVERITY_ORDER[finding.severity],
                finding.new is not True,
                finding.path,
                finding.line,
                finding.end_line,
                finding.rule,
            ),
        )
    )


def verdict_for(gates: Sequence[Gate]) -> tuple[Verdict, ExitCode]:
    """Pass only when every gate passed."""
    if all(gate.passed for gate in gates):
        return Verdict.PASS, ExitCode.PASS
    return Verdict.FAIL, ExitCode.GATE_FAILED


def diff_totals(
    files: Iterable[FileCoverage],
    changed_files: int,
    outside_source: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> DiffTotals:
    """Count new statements and branches, and those of them the tests never reached."""
    counts = [0, 0, 0, 0]
    for measured in files:
        new = measured.new_statements
        counts[0] += len(new)
        counts[1] += len(new & measured.missing)
        counts[2] += measured.new_branches
        counts[3] += sum(1 for missed in measured.missed_branches if missed.from_line in new)
    return DiffTotals(
        new_statements=counts[0],
        uncovered_new_statements=counts[1],
        new_branches=counts[2],
        missed_new_branches=counts[3],
        changed_files=changed_files,
        outside_source=tuple(outside_source),
        notes=tuple(notes),
    )


def diff_coverage_gate(diff: DiffTotals, unmeasured_files: int) -> Gate:
    """`coverage.diff`: every new statement and branch ran; no averaging over the diff."""
    detail = (
        f"{diff.uncovered_new_statements} of {diff.new_statements} new statements and "
        f"{diff.missed_new_branches} of {diff.new_branches} new branches not covered"
    )
    if unmeasured_files:
        detail += f"; {unmeasured_files} changed file(s) under `source` never measured"
    passed = not (diff.uncovered_new_statements or diff.missed_new_branches or unmeasured_files)
    return Gate("coverage.diff", passed, detail)
