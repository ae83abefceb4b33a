"""GitHub Actions annotations: the findings, pinned to their lines in a pull request's diff.

GitHub turns each `::error file=...::message` line of a step's log into an
annotation, but shows only 10 error and 10 warning annotations per step and
drops the rest without a word. So this format picks the 10 that matter most of
each (new before old, then integrity, tests, coverage and quality, then by
place), and ends with a notice that says how many were left out and where to
see them. When the step has a summary file (`GITHUB_STEP_SUMMARY`), the
Markdown report is appended to it, so the whole picture is one click away.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from guard.errors import ToolError
from guard.model import Finding, Gate, Report, Severity
from guard.reporters.markdown_report import MarkdownReporter

MAX_ERRORS = 10
MAX_WARNINGS = 10
"""GitHub's limits per step; annotations past them are not shown."""

SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY"

# Lower weighs more: a change that games the gate matters before a failing test,
# which matters before untested code, which matters before style.
_FAMILY_WEIGHT = {"integrity": 0, "tests": 1, "coverage": 2}
_OTHER_WEIGHT = 3

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning"}


class GithubReporter:
    """Renders a `Report` as GitHub workflow commands."""

    def render(self, report: Report) -> str:
        """Return one workflow command a line (nothing on a clean pass)."""
        errors = [*_run_error_lines(report), *_gate_lines(report)]
        errors += [_finding_line(finding) for finding in _ranked(report.findings, Severity.ERROR)]
        warnings = [
            _finding_line(finding) for finding in _ranked(report.findings, Severity.WARNING)
        ]
        lines = errors[:MAX_ERRORS] + warnings[:MAX_WARNINGS]
        notice = _left_out_notice(len(errors) - MAX_ERRORS, len(warnings) - MAX_WARNINGS)
        if notice:
            lines.append(notice)
        return "".join(line + "\n" for line in lines)


def append_step_summary(report: Report, environ: Mapping[str, str] | None = None) -> None:
    """Append the Markdown report to the step's summary file, when the step has one.

    Called once per run by whoever writes the github format (rendering stays pure): a run
    that prints annotations and also writes them to a file must not add two summaries.
    """
    destination = (os.environ if environ is None else environ).get(SUMMARY_VARIABLE)
    if not destination:
        return
    try:
        with open(destination, "a", encoding="utf-8") as summary:
            summary.write(MarkdownReporter().render(report))
    except OSError as exc:
        raise ToolError(
            f"cannot append the report to {SUMMARY_VARIABLE} file {destination!r}: "
            f"{exc.strerror or exc}"
        ) from exc


def _ranked(findings: Sequence[Finding], severity: Severity) -> list[Finding]:
    return sorted(
        (finding for finding in findings if finding.severity is severity),
        key=lambda finding: (
            finding.new is not True,
            _FAMILY_WEIGHT.get(finding.rule.split(".")[0], _OTHER_WEIGHT),
            finding.path,
            finding.line,
            finding.end_line,
        ),
    )


def _run_error_lines(report: Report) -> list[str]:
    return [
        f"::error title={escape_property(f'guard {error.kind} error')}::"
        f"{escape_message(error.message)}"
        for error in report.errors
    ]


def _gate_lines(report: Report) -> list[str]:
    return [
        f"::error title={escape_property(gate.id)}::{escape_message(gate.detail)}"
        for gate in report.gates
        if not gate.passed and not _shown_by_findings(gate, report.findings)
    ]


def _shown_by_findings(gate: Gate, findings: Sequence[Finding]) -> bool:
    # The integrity gate fails through its `integrity.*` findings, which say more
    # than its detail. coverage.total is a figure, not a place: no finding shows it.
    return any(f"{finding.rule}.".startswith(f"{gate.id}.") for finding in findings)


def _finding_line(finding: Finding) -> str:
    properties = [f"file={escape_property(finding.path)}"]
    if finding.line >= 1:
        end_line = max(finding.line, finding.end_line)
        properties += [f"line={finding.line}", f"endLine={end_line}"]
    properties.append(f"title={escape_property(finding.rule)}")
    message = f"{finding.message}\n{finding.hint}" if finding.hint else finding.message
    return f"::{_COMMAND[finding.severity]} {','.join(properties)}::{escape_message(message)}"


def _left_out_notice(errors: int, warnings: int) -> str | None:
    left_out = [_count(errors, "error"), _count(warnings, "warning")]
    said = [words for words in left_out if words]
    if not said:
        return None
    text = (
        f"{' and '.join(said)} not shown as annotations: GitHub shows "
        f"{MAX_ERRORS} errors and {MAX_WARNINGS} warnings per step. "
        "See them all with `guard check --format text`, or in the JSON report "
        "(`--report json=PATH`)."
    )
    return f"::notice title=guard::{escape_message(text)}"


def _count(number: int, noun: str) -> str:
    if number <= 0:
        return ""
    return f"{number} more {noun}" + ("" if number == 1 else "s")


def escape_message(text: str) -> str:
    """Escape a workflow command's message the way GitHub's toolkit does (`escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property (`escapeProperty`): also `:` and `,`."""
    return escape_message(text).replace(":", "%3A").replace(",", "%2C")
