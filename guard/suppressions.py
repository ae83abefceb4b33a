"""`# guard: ignore[rule-id] reason` comments: parsing them, and applying them to findings.

A suppression is a reviewable decision, so it must say why: one without a
reason is itself a finding, and so is one naming a rule guard does not have
(a typo would otherwise suppress nothing, silently). On its own line's code it
covers that line; on a `def` or `class` line (or one of its decorators) it
covers the whole block. A rule may be named in full (`naming.vague`) or by
family (`naming`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from guard.model import Finding, Measured, Severity

NO_REASON = "suppression.no-reason"
UNKNOWN_RULE = "suppression.unknown-rule"
ADDED = "suppression.added"

_COMMENT = re.compile(r"#\s*guard:\s*ignore\[([^\]]*)\](.*)$")
_REASON_LEAD = " \t:-—"


@dataclass(frozen=True)
class Suppression:
    """One `# guard: ignore[...]` comment."""

    line: int
    rules: tuple[str, ...]
    reason: str

    def covers(self, rule: str) -> bool:
        """Whether this comment names `rule` or its family."""
        return any(rule == named or rule.startswith(named + ".") for named in self.rules)


def find_suppressions(source: str, tree: ast.Module | None) -> list[Suppression]:
    """Every suppression comment in `source`, by line; text inside strings does not count.

    Without a tree (a file only libcst could parse) every match counts.
    """
    candidates = _candidates(source) if "guard:" in source else []
    strings = _string_spans(tree) if tree is not None and candidates else []
    found: list[Suppression] = []
    for number, text, match in candidates:
        where = (number, len(text[: match.start()].encode()))  # ast columns are bytes
        if not any(start <= where < end for start, end in strings):
            rules = tuple(part.strip() for part in match.group(1).split(",") if part.strip())
            found.append(Suppression(number, rules, match.group(2).strip(_REASON_LEAD)))
    return found


def _candidates(source: str) -> list[tuple[int, str, re.Match[str]]]:
    """Lines with text shaped like a suppression, wherever it sits."""
    return [
        (number, text, match)
        for number, text in enumerate(source.splitlines(), start=1)
        if "guard:" in text and (match := _COMMENT.search(text))
    ]


def _string_spans(tree: ast.Module) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where each string literal starts and ends, as (line, byte column) pairs."""
    return [
        ((node.lineno, node.col_offset), (node.end_lineno or node.lineno, node.end_col_offset or 0))
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        or (isinstance(node, ast.Constant) and isinstance(node.value, str | bytes))
    ]


def block_starts(tree: ast.Module) -> dict[int, int]:
    """For each `def`/`class` line and decorator line, the last line of that block."""
    starts: dict[int, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            end = node.end_lineno or node.lineno
            for line in [node.lineno, *(mark.lineno for mark in node.decorator_list)]:
                starts[line] = max(end, starts.get(line, end))
    return starts


def apply_suppressions(
    measured: Iterable[Measured], suppressions: Sequence[Suppression], blocks: dict[int, int]
) -> list[Measured]:
    """The findings no suppression covers."""
    spans = [
        (comment, comment.line, blocks.get(comment.line, comment.line))
        for comment in suppressions
        if comment.reason
    ]
    kept: list[Measured] = []
    for entry in measured:
        line, rule = entry.finding.line, entry.finding.rule
        if not any(start <= line <= end and comment.covers(rule) for comment, start, end in spans):
            kept.append(entry)
    return kept


def suppression_findings(
    path: str, suppressions: Sequence[Suppression], known_rules: Collection[str]
) -> list[Measured]:
    """Findings for suppressions without a reason or naming no rule guard has."""
    families = {rule.split(".")[0] for rule in known_rules}
    findings: list[Measured] = []
    for comment in suppressions:
        if not comment.reason:
            findings.append(_finding(path, comment, NO_REASON, "has no reason", _REASON_HINT))
        for rule in comment.rules:
            if rule not in known_rules and rule not in families:
                problem = f"names `{rule}`, which is not a guard rule"
                findings.append(_finding(path, comment, UNKNOWN_RULE, problem, _UNKNOWN_HINT))
        if not comment.rules:
            findings.append(_finding(path, comment, UNKNOWN_RULE, "names no rule", _UNKNOWN_HINT))
    return findings


def added_suppression(path: str, comment: Suppression) -> Finding:
    """The report line for a suppression the change added: a warning, so a reviewer sees it."""
    return Finding(
        rule=ADDED,
        severity=Severity.WARNING,
        path=path,
        line=comment.line,
        end_line=comment.line,
        message=f"the change suppresses {', '.join(comment.rules)}: "
        f"{comment.reason or '(no reason)'}",
        hint="A reviewer should agree with the reason; fixing the finding is better.",
        new=True,
    )


def generated_marker_added(path: str, line: int) -> Finding:
    """A `# @generated` marker the change added: it switches every quality rule off."""
    return Finding(
        rule=ADDED,
        severity=Severity.WARNING,
        path=path,
        line=line,
        end_line=line,
        message="the change marks this file `@generated`, which turns every quality rule off "
        "for it",
        hint="Keep the marker for files a tool writes; hand-written code should meet the rules.",
        new=True,
    )


_REASON_HINT = (
    "Say why after the brackets, e.g. `# guard: ignore[size.function-lines] generated table`."
)
_UNKNOWN_HINT = "Run `guard explain` for the rule ids; a misspelt id suppresses nothing."


def _finding(path: str, comment: Suppression, rule: str, problem: str, hint: str) -> Measured:
    named = ", ".join(comment.rules)
    finding = Finding(
        rule=rule,
        severity=Severity.ERROR,
        path=path,
        line=comment.line,
        end_line=comment.line,
        message=f"the suppression `# guard: ignore[{named}]` {problem}",
        hint=hint,
    )
    return Measured(finding, subject=f"{rule}:{path}:{named}")
