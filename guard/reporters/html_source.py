"""One file in the HTML report: its source, with new, uncovered and flagged lines, findings inline.

A reviewer opens the page to see *where* the gaps are, so each finding sits
under the line it is about, as a review comment would. A 3,000-line file with
two findings must not be 3,000 lines to scroll: runs of lines with nothing to
say fold into a closed `<details>`, keeping `CONTEXT` lines around each line
that has something. Everything taken from the project (source, paths,
messages) is HTML-escaped here or in the page module; nothing is trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from guard.model import Finding

CONTEXT = 3
"""Lines shown above and below a marked line, as `diff -U3` shows."""

MIN_FOLD = 8
"""A shorter run of quiet lines is shown: its summary line would hide almost nothing."""

UNCOVERED = "coverage.uncovered-line"
MISSED_BRANCH = "coverage.missed-branch"

# Python ends a line at \r\n, \r or \n, and only there: str.splitlines would also
# split at a form feed or U+2028 and put every later line number out of step.
_LINE_END = re.compile(r"\r\n|\r|\n")
# guard's messages and hints quote code in backticks, as Markdown does.
_CODE_SPAN = re.compile(r"`([^`\n]+)`")


@dataclass(frozen=True)
class FileView:
    """A file the page shows: its anchor, its findings (each with its own anchor), its new lines."""

    path: str
    anchor: str
    findings: tuple[tuple[str, Finding], ...] = ()
    changed: frozenset[int] = frozenset()

    @property
    def uncovered(self) -> frozenset[int]:
        """Lines no test ran, from the `coverage.uncovered-line` ranges."""
        return frozenset(
            number
            for _, finding in self.findings
            if finding.rule == UNCOVERED
            for number in range(finding.line, finding.end_line + 1)
        )

    def count(self, rule: str) -> int:
        """How many findings of `rule` the file has."""
        return sum(1 for _, finding in self.findings if finding.rule == rule)

    @property
    def others(self) -> int:
        """Findings other than uncovered lines and missed branches: quality, integrity, tests."""
        return len(self.findings) - self.count(UNCOVERED) - self.count(MISSED_BRANCH)


class UnreadableSource(Exception):
    """The file cannot be shown; the message says why, for the page."""


def read_lines(root: str | None, path: str) -> list[str]:
    """The file's lines as Python numbers them, decoded the way guard decoded them to judge."""
    if root is None:
        raise UnreadableSource("the report does not say where the project is")
    # Imported here: guard.check pulls in coverage, which a page without source never needs.
    from guard.check import read_source

    try:
        text = read_source(Path(root) / path)
    except OSError as exc:
        raise UnreadableSource(exc.strerror or str(exc)) from exc
    return split_lines(text)


def split_lines(text: str) -> list[str]:
    """Split at Python's line ends; a final line end does not start another line."""
    lines = _LINE_END.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def plan_runs(
    total: int, marked: set[int], context: int = CONTEXT, min_fold: int = MIN_FOLD
) -> list[tuple[int, int, bool]]:
    """Cut lines 1..total into runs `(first, last, folded)`.

    A line within `context` of a marked line is shown; a run of other lines folds
    when it is at least `min_fold` long, and is shown otherwise.
    """
    near = {number for line in marked for number in range(line - context, line + context + 1)}
    runs = _join([(number, number, number not in near) for number in range(1, total + 1)])
    return _join(
        [(first, last, folded and last - first + 1 >= min_fold) for first, last, folded in runs]
    )


def _join(runs: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    joined: list[tuple[int, int, bool]] = []
    for first, last, folded in runs:
        if joined and joined[-1][2] == folded:
            joined[-1] = (joined[-1][0], last, folded)
        else:
            joined.append((first, last, folded))
    return joined


def render_file(view: FileView, root: str | None) -> str:
    """The file's section: a heading, then the annotated source, or why it cannot be shown."""
    title = escape(view.path)
    head = (
        f'<section class="file" id="{view.anchor}" aria-labelledby="{view.anchor}-title">'
        f'<h2 id="{view.anchor}-title">{title}</h2>'
    )
    try:
        lines = read_lines(root, view.path)
    except UnreadableSource as reason:
        notes = "".join(note(anchor, finding, view.anchor) for anchor, finding in view.findings)
        missing = f"The source of {title} is not shown: it cannot be read ({escape(str(reason))})."
        return f'{head}<p class="missing">{missing}</p>{notes}</section>'
    return head + _source(view, lines) + "</section>"


def _source(view: FileView, lines: list[str]) -> str:
    uncovered = view.uncovered
    partial = frozenset(
        finding.line for _, finding in view.findings if finding.rule == MISSED_BRANCH
    )
    flagged = frozenset(finding.line for _, finding in view.findings) - uncovered - partial
    notes_at: dict[int, list[str]] = {}
    loose: list[str] = []  # findings about the whole file, or past its end
    for anchor, finding in view.findings:
        at = finding.end_line if finding.rule == UNCOVERED else finding.line
        if 1 <= at <= len(lines):
            notes_at.setdefault(at, []).append(note(anchor, finding, view.anchor))
        else:
            loose.append(note(anchor, finding, view.anchor))
    marks = {"new": view.changed, "miss": uncovered, "part": partial, "flag": flagged}
    chunks = []
    for first, last, folded in plan_runs(len(lines), set().union(*marks.values())):
        rows = "".join(
            _row(view.anchor, number, lines[number - 1], marks) + "".join(notes_at.get(number, []))
            for number in range(first, last + 1)
        )
        if folded:
            count = last - first + 1
            summary = f"Lines {first}-{last}: {count} lines with nothing to report"
            rows = f'<details class="fold"><summary>{summary}</summary>{rows}</details>'
        chunks.append(rows)
    return "".join(loose) + '<div class="src">' + "".join(chunks) + "</div>"


# The gutter's signs, with the words a screen reader or a hover gives for each.
_SIGNS = {
    "new": ("+", "new line"),
    "miss": ("✗", "never ran"),
    "part": ("◐", "a branch never taken"),
    "flag": ("●", "a finding"),
}


def _row(file_anchor: str, number: int, text: str, marks: dict[str, frozenset[int]]) -> str:
    kinds = [kind for kind, lines in marks.items() if number in lines]
    # One sign for the change and one for what the tests or the rules say,
    # so colour is never the only thing that tells a line apart.
    status = [kind for kind in ("miss", "part", "flag") if kind in kinds][:1]
    change = ["new"] if "new" in kinds else []
    gutter = (_SIGNS["new"][0] if change else " ") + (_SIGNS[status[0]][0] if status else " ")
    words = ", ".join(_SIGNS[kind][1] for kind in change + status)
    label = f' title="{words}"' if words else ""
    return (
        f'<div class="{" ".join(["ln", *kinds])}" id="{file_anchor}-L{number}">'
        f'<span class="no">{number}</span><span class="gut"{label}>{gutter}</span>'
        f"<code>{escape(text)}</code></div>"
    )


def note(anchor: str, finding: Finding, file_anchor: str) -> str:
    """A finding as a review comment: severity, rule, where, then the message and the hint."""
    severity = finding.severity.value
    symbol = f" in <code>{escape(finding.symbol)}</code>" if finding.symbol else ""
    hint = f'<p class="hint">Hint: {prose(finding.hint)}</p>' if finding.hint else ""
    return (
        f'<div class="note {severity}" id="{anchor}" tabindex="-1">'
        f'<p><span class="sev {severity}">{severity}</span> <code>{escape(finding.rule)}</code>'
        f"{new_badge(finding)} {_where(finding, file_anchor)}{symbol}</p>"
        f'<p class="msg">{prose(finding.message)}</p>{hint}</div>'
    )


def prose(text: str) -> str:
    """A message, hint or note as HTML: escaped, its lines kept, its `code` spans as code.

    The spans are found after escaping, which leaves backticks alone, so a span
    can only wrap text that is already inert.
    """
    escaped = "<br>".join(escape(line) for line in split_lines(text))
    return _CODE_SPAN.sub(r"<code>\1</code>", escaped)


def new_badge(finding: Finding) -> str:
    """A "new" label for a finding the change introduced; nothing for older ones or no base."""
    return ' <span class="badge">new</span>' if finding.new else ""


def _where(finding: Finding, file_anchor: str) -> str:
    branch = finding.branch
    if branch is not None:
        # coverage.py's convention: a negative destination is the exit of the
        # function whose definition starts on line -to.
        if branch.to_line < 0:
            target = f"the exit of the function on {_line_link(file_anchor, -branch.to_line)}"
        else:
            target = _line_link(file_anchor, branch.to_line)
        return f"branch from line {branch.from_line} to {target} never taken"
    if finding.line < 1:
        return "the whole file"
    if finding.end_line > finding.line:
        return f"lines {finding.line}-{finding.end_line}"
    return f"line {finding.line}"


def _line_link(file_anchor: str, number: int) -> str:
    return f'<a href="#{file_anchor}-L{number}">line {number}</a>'
