"""GitLab Code Quality: guard's findings in a merge request's Code Quality widget.

GitLab reads a JSON array of issues, a subset of the Code Climate spec, from the
file a job declares as `artifacts: reports: codequality:`. The widget shows the
issues the merge request adds or resolves against the target branch's report,
matched by `fingerprint` alone. So the fingerprint is the one SARIF uses for
`partialFingerprints` (rule, path, symbol and code, never a line number): an
edit above a finding must not turn it into one "resolved" and one "new" issue.

A run that could not reach a verdict must not look clean in the widget: each
run error becomes an issue of its own, so the array is never empty when guard
could not judge (fail closed).
"""

from __future__ import annotations

import json
from collections import Counter

from guard.model import Finding, Report, RunError, Severity
from guard.reporters.sarif_report import JsonObject, fingerprint

ERROR_CHECK = "guard.error"
"""The `check_name` of a run error, which is not a finding of any rule."""

ERROR_PATH = "pyproject.toml"
"""Where a run error is placed: the file that configures guard. An issue needs a path."""

MAX_DESCRIPTION = 400
"""Past this many characters the hint is left out: the widget lists one issue a line."""

# GitLab sorts and colours issues by severity. An error the change introduced
# blocks the merge (critical); an error already there, or one no base could
# date, still fails the gate (major). A warning is advice: minor when it may be
# the change's doing, info when it was there before. A run error outranks them
# all (blocker): nothing else in the report can be trusted.
_SEVERITY = {
    (Severity.ERROR, True): "critical",
    (Severity.ERROR, False): "major",
    (Severity.ERROR, None): "major",
    (Severity.WARNING, True): "minor",
    (Severity.WARNING, False): "info",
    (Severity.WARNING, None): "minor",
}
_RUN_ERROR_SEVERITY = "blocker"


class GitlabReporter:
    """Renders a `Report` as a GitLab Code Quality report: run errors, then findings."""

    def render(self, report: Report) -> str:
        """Return the JSON array, one issue a line, with a final newline.

        One issue a line keeps the file readable and lets json's fast encoder
        write each issue, as the JSON report does for its findings.
        """
        issues = code_quality_issues(report)
        if not issues:
            return "[]\n"
        lines = ",\n".join(json.dumps(issue, ensure_ascii=False) for issue in issues)
        return f"[\n{lines}\n]\n"


def code_quality_issues(report: Report) -> list[JsonObject]:
    """One issue per run error and per finding, each with a fingerprint unique in the report.

    Findings whose fingerprints are equal (the same code twice in one function)
    are told apart by their order, as `:1`, `:2`, exactly as in the SARIF log.
    """
    placed = [(_error_finding(error), _RUN_ERROR_SEVERITY) for error in report.errors]
    placed += [(finding, _SEVERITY[finding.severity, finding.new]) for finding in report.findings]
    occurrences: Counter[str] = Counter()
    issues = []
    for finding, severity in placed:
        digest = fingerprint(finding)
        occurrences[digest] += 1
        issues.append(_issue(finding, severity, f"{digest}:{occurrences[digest]}"))
    return issues


def _error_finding(error: RunError) -> Finding:
    return Finding(
        rule=ERROR_CHECK,
        severity=Severity.ERROR,
        path=ERROR_PATH,
        line=1,
        end_line=1,
        message=f"guard could not judge this run ({error.kind} error): {error.message}",
        hint="This is not a clean result: fix the error, then run guard again.",
    )


def _issue(finding: Finding, severity: str, fingerprint_value: str) -> JsonObject:
    # Code Climate lines count from 1; a finding about a whole file (line 0) sits on line 1.
    begin = max(finding.line, 1)
    return {
        "description": description(finding.message, finding.hint),
        "check_name": finding.rule,
        "fingerprint": fingerprint_value,
        "severity": severity,
        "location": {
            "path": finding.path,
            "lines": {"begin": begin, "end": max(begin, finding.end_line)},
        },
    }


def description(message: str, hint: str) -> str:
    """The message on one line, then a dash and the hint if the whole fits in `MAX_DESCRIPTION`.

    The widget shows plain text on one line, so line breaks (a failed test's
    output) are folded into spaces, and a dash, not a full stop, ends the
    message: a message can end in code (`assert 18.0 == 17.99`). The message is
    never cut: it says what is wrong, while the hint is in every other format.
    """
    text = _one_line(message)
    if not hint:
        return text
    with_hint = f"{text} — {_one_line(hint)}"
    return with_hint if len(with_hint) <= MAX_DESCRIPTION else text


def _one_line(text: str) -> str:
    return " ".join(text.split())
