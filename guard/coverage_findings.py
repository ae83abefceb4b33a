"""Turns coverage records into findings an agent can act on.

Pure: it takes the measured files and their source text, and returns
findings with the enclosing symbol, a snippet and a hint written from the
code that guards the missed lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from guard.coverage_data import FileCoverage, Measurement, MissedBranch
from guard.hints import hint_for_branch, hint_for_lines
from guard.model import Branch, Finding, Severity
from guard.symbols import SymbolIndex, module_name, snippet

UNCOVERED = "coverage.uncovered-line"
MISSED_BRANCH = "coverage.missed-branch"
UNPARSABLE = "coverage.unparsable-file"

SourceReader = Callable[[str], str]


def coverage_findings(measurement: Measurement, read_source: SourceReader) -> list[Finding]:
    """Findings for every missed statement range and branch, plus unparsable files."""
    findings: list[Finding] = []
    for measured in measurement.files:
        if measured.missing or measured.missed_branches:
            findings.extend(_file_findings(measured, read_source(measured.path)))
    for unreadable in measurement.unreadable:
        match = re.search(r"at line (\d+)", unreadable.reason)
        line = int(match.group(1)) if match else 1
        findings.append(
            Finding(
                rule=UNPARSABLE,
                severity=Severity.ERROR,
                path=unreadable.path,
                line=line,
                end_line=line,
                message=f"coverage cannot parse this file, so it is not measured: "
                f"{unreadable.reason}",
                hint=f"Make `{unreadable.path}` valid UTF-8 Python (or declare its encoding) "
                "so that coverage can measure it.",
            )
        )
    return findings


def _file_findings(measured: FileCoverage, source: str) -> Iterator[Finding]:
    lines = source.splitlines()
    index = SymbolIndex.from_source(source, module_name(measured.path))
    for start, end in missing_ranges(
        sorted(measured.statements), measured.missing, index.symbol_at
    ):
        symbol = index.symbol_at(start)
        span = f"line {start}" if start == end else f"lines {start}-{end}"
        yield Finding(
            rule=UNCOVERED,
            severity=Severity.ERROR,
            path=measured.path,
            line=start,
            end_line=end,
            message=f"{span} of `{symbol}` never ran under the tests",
            hint=hint_for_lines(index, start, end),
            symbol=symbol,
            snippet=snippet(lines, start, end),
        )
    for missed in measured.missed_branches:
        # A branch from a line that never ran is already part of an uncovered range.
        if missed.from_line not in measured.missing:
            yield _branch_finding(measured.path, missed, index, lines)


def _branch_finding(
    path: str, missed: MissedBranch, index: SymbolIndex, lines: Sequence[str]
) -> Finding:
    line = missed.from_line
    return Finding(
        rule=MISSED_BRANCH,
        severity=Severity.ERROR,
        path=path,
        line=line,
        end_line=line,
        message=missed.description,
        hint=hint_for_branch(index, line, missed.to_line, missed.description),
        symbol=index.symbol_at(line),
        snippet=snippet(lines, line, line),
        branch=Branch(line, missed.to_line),
    )


def missing_ranges(
    statements: Sequence[int], missing: frozenset[int], symbol_at: Callable[[int], str]
) -> list[tuple[int, int]]:
    """Group missing statements that follow each other in the same symbol into ranges.

    Statements are adjacent when no executed statement lies between them, so
    blank lines and comments inside a block do not split it.
    """
    ranges: list[tuple[int, int]] = []
    current: list[int] = []
    for line in statements:
        if line in missing and (not current or symbol_at(current[0]) == symbol_at(line)):
            current.append(line)
            continue
        if current:
            ranges.append((current[0], current[-1]))
        current = [line] if line in missing else []
    if current:
        ranges.append((current[0], current[-1]))
    return ranges
