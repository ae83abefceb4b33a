"""The plain-text report for people: the verdict first, then where to look.

A person scans this in a terminal or a CI log, so it is short on a pass,
groups findings by file in the order the report gives them, and sticks to
ASCII marks. Percentages are truncated, never rounded up: 99.999 % shows as
99.99 %, because "100.00 %" next to a failed gate would be a lie.
"""

from __future__ import annotations

from guard.model import (
    CoverageTotals,
    Finding,
    Gate,
    Report,
    RunError,
    TestOutcomes,
    Verdict,
    format_percent,
)

_INDENT = "  "
_GAP = "  "


class TextReporter:
    """Renders a `Report` as the text a person reads."""

    def render(self, report: Report) -> str:
        """Return the verdict line, the findings by file, and the gates."""
        notes = [f"{_INDENT}note: {note}" for note in report.notes]
        if report.risk is not None:
            notes.append(f"{_INDENT}risk: {report.risk.tier} ({'; '.join(report.risk.reasons)})")
        sections = [[_verdict_line(report), *_error_lines(report.errors), *notes]]
        if report.findings:
            sections.extend(_finding_sections(report.findings))
        if report.gates:
            sections.append(_gate_lines(report.gates))
        return "\n\n".join("\n".join(lines) for lines in sections) + "\n"


def _verdict_line(report: Report) -> str:
    if report.verdict is Verdict.ERROR:
        summary = [_first_line(error.message) for error in report.errors[:1]]
    elif report.verdict is Verdict.PASS:
        summary = [_pass_coverage(report.coverage)] if report.coverage else []
    else:
        summary = _fail_summary(report)
    head = f"guard: {report.verdict.value.upper()}"
    return " - ".join([head, ", ".join(summary)]) if any(summary) else head


def _pass_coverage(coverage: CoverageTotals) -> str:
    return (
        f"coverage {_percent(coverage)}% of {_count(coverage.statements, 'statement')}"
        f" and {_count(coverage.branches, 'branch')}"
    )


def _fail_summary(report: Report) -> list[str]:
    summary, short_of_threshold = [], False
    coverage = report.coverage
    if coverage is not None:
        short_of_threshold = not coverage.meets_threshold
        threshold = f" (fail under {_number(coverage.fail_under)}%)" if short_of_threshold else ""
        summary.append(f"coverage {_percent(coverage)}%{threshold}")
    reasons = _test_problems(report.tests)
    if report.findings:
        files = len({finding.path for finding in report.findings})
        reasons.insert(0, f"{_count(len(report.findings), 'finding')} in {_count(files, 'file')}")
    if not (short_of_threshold or reasons):
        # Nothing above explains the failure, so at least say how many gates failed.
        failed = sum(1 for gate in report.gates if not gate.passed)
        reasons.append(f"{_count(failed, 'gate')} failed")
    return summary + reasons


def _test_problems(tests: TestOutcomes | None) -> list[str]:
    problems = []
    if tests is not None and tests.failed:
        problems.append(_count(tests.failed, "failed test"))
    if tests is not None and tests.errors:
        problems.append(_count(tests.errors, "test error"))
    return problems


def _error_lines(errors: tuple[RunError, ...]) -> list[str]:
    # One short error is already the verdict line; repeat only what it hides.
    if len(errors) == 1 and "\n" not in errors[0].message:
        return []
    lines = []
    for error in errors:
        head = f"{_INDENT}{error.kind}: "
        lines.extend(_hanging(head, error.message, " " * len(head)))
    return lines


def _finding_sections(findings: tuple[Finding, ...]) -> list[list[str]]:
    where_width = max(len(_where(finding)) for finding in findings)
    severity_width = max(len(finding.severity.value) for finding in findings)
    rule_width = max(len(finding.rule) for finding in findings)
    hint_pad = " " * (len(_INDENT) + where_width + len(_GAP))
    by_path: dict[str, list[str]] = {}
    for finding in findings:
        head = _GAP.join(
            [
                f"{_INDENT}{_where(finding):<{where_width}}",
                f"{finding.severity.value:<{severity_width}}",
                f"{finding.rule:<{rule_width}}",
                "",
            ]
        )
        message = f"{finding.symbol}: {finding.message}" if finding.symbol else finding.message
        lines = by_path.setdefault(finding.path, [finding.path])
        lines.extend(_hanging(head, message, " " * len(head)))
        if finding.hint:
            lines.extend(_hanging(f"{hint_pad}hint: ", finding.hint, hint_pad + "      "))
    return list(by_path.values())


def _gate_lines(gates: tuple[Gate, ...]) -> list[str]:
    id_width = max(len(gate.id) for gate in gates)
    return [
        f"{_INDENT}{'ok' if gate.passed else 'x':<2}{_GAP}{gate.id:<{id_width}}{_GAP}{gate.detail}"
        for gate in gates
    ]


def _hanging(head: str, text: str, pad: str) -> list[str]:
    """Lay `text` after `head`, with any further lines indented to match."""
    first, *rest = text.splitlines() or [""]
    return [f"{head}{first}".rstrip(), *(f"{pad}{line}".rstrip() for line in rest)]


def _where(finding: Finding) -> str:
    if finding.end_line > finding.line:
        return f"{finding.line}-{finding.end_line}"
    return str(finding.line)


def _percent(coverage: CoverageTotals) -> str:
    return format_percent(coverage.covered, coverage.total)


def _number(figure: float) -> str:
    # repr, not ":g": a threshold of 99.9999999 must not print as 100.
    return str(int(figure)) if float(figure).is_integer() else repr(float(figure))


def _count(number: int, noun: str) -> str:
    if number == 1:
        return f"1 {noun}"
    plural = noun + "es" if noun.endswith("ch") else noun + "s"
    return f"{number} {plural}"


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0].strip() if lines else ""
