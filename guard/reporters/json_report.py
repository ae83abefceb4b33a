"""The JSON report: the agent's interface, and the one place that knows its shape.

Tools outside this repository read these fields (docs/json-report.md), and
guard/schema/report.schema.json describes them, so a name here changes only
with `FORMAT_VERSION`. Every key is always present, with null for "did not
run" or "unknown", so a reader never has to tell a missing key from a null.
"""

from __future__ import annotations

import json
from typing import Any

import guard
from guard.model import (
    CoverageTotals,
    DiffTotals,
    Finding,
    Report,
    Risk,
    TestFailure,
    TestOutcomes,
)

FORMAT = "guard-report"
FORMAT_VERSION = 1
"""Bumped only when a field is renamed, removed or changes meaning."""

JsonObject = dict[str, Any]


class JsonReporter:
    """Renders a `Report` as the documented JSON document."""

    def render(self, report: Report) -> str:
        """Return the document as UTF-8 JSON with a final newline: indented, one finding a line.

        A finding per line reads well and greps well, and it lets the C encoder write
        the findings (`indent` would force json's pure-Python encoder, which took
        0.3 s for the 7,000 findings of a hundred-file change).
        """
        document = report_document(report)
        findings = document.pop("findings")
        text = json.dumps(document, indent=2, ensure_ascii=False)
        compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
        lines = ",\n".join(f"    {compact(finding)}" for finding in findings)
        listed = f"[\n{lines}\n  ]" if findings else "[]"
        # "findings" goes back in its documented place, before "errors".
        head, tail = text.split('\n  "errors": ', 1)
        return f'{head}\n  "findings": {listed},\n  "errors": {tail}\n'


def _risk(risk: Risk | None) -> JsonObject | None:
    if risk is None:
        return None
    return {
        "tier": risk.tier,
        "reasons": list(risk.reasons),
        "blast_radius": list(risk.blast_radius),
        "approval_required": risk.approval_required,
    }


def report_document(report: Report) -> JsonObject:
    """Return the report as plain JSON values, keys in their documented order."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "guard", "version": guard.__version__},
        "verdict": report.verdict.value,
        "exit_code": int(report.exit_code),
        "command": report.command,
        "base": {"ref": report.base.ref, "merge_base": report.base.merge_base},
        "coverage": _coverage(report.coverage),
        "diff": _diff(report.diff),
        "tests": _tests(report.tests),
        "risk": _risk(report.risk),
        "gates": [
            {"id": gate.id, "passed": gate.passed, "detail": gate.detail} for gate in report.gates
        ],
        "findings": [_finding(finding) for finding in report.findings],
        "errors": [{"kind": error.kind, "message": error.message} for error in report.errors],
        "notes": list(report.notes),
    }


def _coverage(coverage: CoverageTotals | None) -> JsonObject | None:
    if coverage is None:
        return None
    return {
        # The exact float: the gate was decided upstream in integers, and a
        # reader that wants 2 decimals must round down, never up.
        "percent": coverage.percent,
        "fail_under": float(coverage.fail_under),
        "statements": coverage.statements,
        "missing_statements": coverage.missing_statements,
        "branches": coverage.branches,
        "missing_branches": coverage.missing_branches,
    }


def _diff(diff: DiffTotals | None) -> JsonObject | None:
    if diff is None:
        return None
    return {
        "new_statements": diff.new_statements,
        "uncovered_new_statements": diff.uncovered_new_statements,
        "new_branches": diff.new_branches,
        "missed_new_branches": diff.missed_new_branches,
        "changed_files": diff.changed_files,
        "outside_source": list(diff.outside_source),
        "notes": list(diff.notes),
    }


def _tests(tests: TestOutcomes | None) -> JsonObject | None:
    if tests is None:
        return None
    return {
        "passed": tests.passed,
        "failed": tests.failed,
        "errors": tests.errors,
        "skipped": tests.skipped,
        "xfailed": tests.xfailed,
        "xpassed": tests.xpassed,
        "collected": tests.collected,
        "failures": [_failure(failure) for failure in tests.failures],
    }


def _failure(failure: TestFailure) -> JsonObject:
    return {
        "nodeid": failure.nodeid,
        "path": failure.path,
        "line": failure.line,
        "message": failure.message,
        "when": failure.when,
    }


def _finding(finding: Finding) -> JsonObject:
    branch = finding.branch
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "new": finding.new,
        "path": finding.path,
        "line": finding.line,
        "end_line": finding.end_line,
        "symbol": finding.symbol,
        "message": finding.message,
        "hint": finding.hint,
        "snippet": finding.snippet,
        "branch": None if branch is None else {"from": branch.from_line, "to": branch.to_line},
    }
