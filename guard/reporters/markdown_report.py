"""The Markdown report: a short summary that fits a pull-request comment or a step summary.

A reviewer reads this on GitHub, where a long comment is folded away and raw
HTML is stripped, so it shows the verdict, the gates and at most `MAX_ROWS`
findings, and escapes what GitHub's Markdown would otherwise eat: a `|` ends a
table cell, a newline ends the table, and a backtick inside a code span ends
the span. Dots are left alone (diff-cover writes `calc&#46;py`, which is
noise in the raw text and buys nothing: GitHub does not autolink `calc.py`).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from guard.model import Finding, Gate, Report, RunError

MAX_ROWS = 30
"""Findings listed at most; a PR comment longer than a screen or two goes unread."""

SEE_ALL = "run `guard check --format text`, or read the JSON report (`--report json=PATH`)"

_BACKTICKS = re.compile(r"`+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A code span as CommonMark reads one: a run of backticks closed by a run of the
# same length. What lies outside such spans is text to escape.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
# ASCII punctuation that GitHub's Markdown would read as emphasis, a link, HTML,
# an entity, strike-through or a code span. Only what would be read so is
# escaped, to keep the raw text readable: `.`, `#` and `>` are harmless inside a
# table cell, `&` only starts an entity such as `&amp;`, and `_` between two
# letters or digits (`test_calc.py`) can neither open nor close emphasis.
_MARKUP = re.compile(r"[\\`*\[\]<~|]|&(?=#?\w+;)|(?<![^\W_])_|_(?![^\W_])")


class MarkdownReporter:
    """Renders a `Report` as compact GitHub-flavoured Markdown."""

    def render(self, report: Report) -> str:
        """Return the heading, the run's errors, notes and risk, the gates, and the findings."""
        blocks = [
            f"## guard: {report.verdict.value.upper()} (exit code {int(report.exit_code)})",
            *_error_block(report.errors),
            *_context_block(report),
            *_gate_block(report.gates),
            *_finding_blocks(report.findings),
        ]
        return "\n\n".join(blocks) + "\n"


def _error_block(errors: tuple[RunError, ...]) -> list[str]:
    if not errors:
        return []
    lines = [f"- **{escape_text(error.kind)}**: {message_cell(error.message)}" for error in errors]
    return ["### Errors\n\n" + "\n".join(lines)]


def _context_block(report: Report) -> list[str]:
    lines = [f"- note: {message_cell(note)}" for note in report.notes]
    risk = report.risk
    if risk is not None:
        reasons = "; ".join(risk.reasons)
        lines.append(f"- risk: **{escape_text(risk.tier)}** ({message_cell(reasons)})")
        if risk.approval_required:
            lines.append("- **a human must approve this change**: it edits a protected path")
    return ["\n".join(lines)] if lines else []


def _gate_block(gates: tuple[Gate, ...]) -> list[str]:
    if not gates:
        return []
    rows = [
        f"| {code_span(gate.id)} | {'pass' if gate.passed else '**fail**'} "
        f"| {message_cell(gate.detail)} |"
        for gate in gates
    ]
    return ["| gate | result | detail |\n|---|---|---|\n" + "\n".join(rows)]


def _finding_blocks(findings: tuple[Finding, ...]) -> list[str]:
    # With a base, only what the change introduced is listed; `new` is None when
    # there was no base, and then every finding is the change's business.
    shown = [finding for finding in findings if finding.new is not False]
    blocks = _table_blocks(shown) if shown else []
    older = len(findings) - len(shown)
    if older == 1:
        blocks.append(f"1 finding the change did not introduce is not listed; {SEE_ALL}.")
    elif older:
        blocks.append(f"{older} findings the change did not introduce are not listed; {SEE_ALL}.")
    return blocks


def _table_blocks(shown: list[Finding]) -> list[str]:
    title = "New findings" if any(finding.new for finding in shown) else "Findings"
    rows = [_finding_row(finding) for finding in shown[:MAX_ROWS]]
    blocks = [f"### {title}", "| rule | location | symbol | message |\n|---|---|---|---|\n"]
    blocks[-1] += "\n".join(rows)
    cut = len(shown) - MAX_ROWS
    if cut > 0:
        noun = "finding" if cut == 1 else "findings"
        blocks.append(f"{cut} more {noun} not listed here; {SEE_ALL}.")
    return blocks


def _finding_row(finding: Finding) -> str:
    symbol = code_span(finding.symbol) if finding.symbol else ""
    cells = [code_span(finding.rule), location_link(finding), symbol, message_cell(finding.message)]
    return "| " + " | ".join(cells) + " |"


def location_link(finding: Finding) -> str:
    """`[path:line](path#Lline)`: a link relative to the repository root, as GitHub reads it."""
    anchor = f"L{finding.line}"
    if finding.end_line > finding.line:
        anchor += f"-L{finding.end_line}"
    # The target is a URL: percent-encode what would end it or change its meaning
    # (spaces, parentheses, `#`, `|`); the text is Markdown and is escaped as such.
    target = quote(finding.path, safe="/")
    return f"[{escape_text(finding.path)}:{finding.line}]({target}#{anchor})"


def code_span(text: str) -> str:
    """`text` as one code span in a table cell, whatever backticks or pipes it holds.

    The fence is one backtick longer than the longest run inside, and a space
    pads a text that starts or ends with a backtick or a space, which CommonMark
    strips again. A table cell needs `\\|` even inside a code span.
    """
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    flat = _LINE_BREAK.sub(" ", text)
    pad = " " if flat[:1] in ("`", " ") or flat[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{flat}{pad}{fence}".replace("|", "\\|")


def escape_text(text: str) -> str:
    """Plain text for a table cell: markup characters escaped, newlines as `<br>`."""
    return "<br>".join(_MARKUP.sub(r"\\\g<0>", line) for line in _LINE_BREAK.split(text))


def message_cell(text: str) -> str:
    """A message for a table cell, keeping the code spans guard's messages use.

    A span is kept as written, since it is already valid Markdown: only a pipe
    (which ends the cell even inside a span) and a line break (which ends the
    table; CommonMark reads one inside a span as a space anyway) change.
    """
    pieces, start = [], 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(escape_text(text[start : span.start()]))
        pieces.append(_LINE_BREAK.sub(" ", span.group(0)).replace("|", "\\|"))
        start = span.end()
    pieces.append(escape_text(text[start:]))
    return "".join(pieces)
