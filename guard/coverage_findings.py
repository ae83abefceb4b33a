"""Turns coverage records into findings an agent can act on.

Pure: it takes the measured files and their source text, and returns
findings with the enclosing symbol, a snippet and a hint written from the
code that guards the missed lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Sequence

from guard.cache import Cache
from guard.coverage_data import Measurement
from guard.file_analysis import FileCoverage, MissedBranch, UnreadableFile
from guard.hints import hint_for_branch, hint_for_lines
from guard.model import Branch, Finding, Severity
from guard.symbol_cache import symbol_indexes
from guard.symbols import SymbolIndex, module_name, snippet

UNCOVERED = "coverage.uncovered-line"
MISSED_BRANCH = "coverage.missed-branch"
UNPARSABLE = "coverage.unparsable-file"
UNMEASURED = "coverage.unmeasured-file"

NAMESPACE = "file-findings"

SourceReader = Callable[[str], str]


def coverage_findings(
    measurement: Measurement,
    read_source: SourceReader,
    *,
    diff: bool = False,
    cache: Cache | None = None,
) -> list[Finding]:
    """Findings for every missed statement range and branch, plus unparsable files.

    With `diff`, each finding says whether the change added it (`new`), and a
    changed file that `source` should have measured but did not is an error.
    `cache` keeps each file's symbol index across runs.
    """
    findings = _gap_findings(measurement, read_source, diff, cache or Cache(None))
    findings.extend(_unmeasured_finding(path) for path in measurement.unmeasured)
    findings.extend(_unparsable_finding(unreadable) for unreadable in measurement.unreadable)
    return findings


def _gap_findings(
    measurement: Measurement, read_source: SourceReader, diff: bool, cache: Cache
) -> list[Finding]:
    """The findings of each file with a gap, from the cache or written afresh."""
    gaps = [file for file in measurement.files if file.missing or file.missed_branches]
    sources = {file.path: read_source(file.path) for file in gaps}
    keys = {file.path: _key(file, sources[file.path], diff) for file in gaps}
    found = _cached(keys, cache)
    indexes = symbol_indexes({path: sources[path] for path in keys if path not in found}, cache)
    findings: list[Finding] = []
    for measured in gaps:
        path = measured.path
        if path not in found:
            found[path] = list(_file_findings(measured, sources[path], indexes[path], diff))
            cache.store(NAMESPACE, keys[path], found[path])
        findings.extend(found[path])
    return findings


def _cached(keys: dict[str, str], cache: Cache) -> dict[str, list[Finding]]:
    """The findings the cache holds, by path."""
    found: dict[str, list[Finding]] = {}
    for path, key in keys.items():
        cached = cache.load(NAMESPACE, key)
        if isinstance(cached, list):
            found[path] = cached
    return found


def _key(measured: FileCoverage, source: str, diff: bool) -> str:
    """Findings depend on the record, the text, and whether there is a change to judge."""
    record = (
        sorted(measured.statements),
        sorted(measured.missing),
        measured.missed_branches,
        sorted(measured.new_statements),
        diff,
    )
    return Cache.fingerprint(NAMESPACE, measured.path, source, repr(record))


def _unmeasured_finding(path: str) -> Finding:
    return Finding(
        rule=UNMEASURED,
        severity=Severity.ERROR,
        path=path,
        line=1,
        end_line=1,
        message="this changed file is under `source` but coverage never measured it: "
        "no test imported it, or its path did not match the data",
        hint=f"Add a test that imports `{module_name(path)}` and exercises it, or check "
        "that the coverage data comes from this checkout.",
        symbol=module_name(path),
        new=True,
    )


def _unparsable_finding(unreadable: UnreadableFile) -> Finding:
    match = re.search(r"at line (\d+)", unreadable.reason)
    line = int(match.group(1)) if match else 1
    gone = unreadable.reason.startswith("No source for code")
    return Finding(
        rule=UNPARSABLE,
        severity=Severity.ERROR,
        path=unreadable.path,
        line=line,
        end_line=line,
        message=f"coverage cannot measure this file: {unreadable.reason}",
        hint=(
            "Record the coverage data in this checkout, or map its paths with [paths] "
            "in the coverage config."
            if gone
            else f"Make `{unreadable.path}` valid Python in UTF-8 (or declare its "
            "encoding) so that coverage can measure it."
        ),
    )


def _file_findings(
    measured: FileCoverage, source: str, index: SymbolIndex, diff: bool
) -> Iterator[Finding]:
    lines = source.splitlines()
    new = measured.new_statements

    def group(line: int) -> tuple[str, bool]:
        return index.symbol_at(line), line in new

    for start, end in missing_ranges(sorted(measured.statements), measured.missing, group):
        symbol = index.symbol_at(start)
        span = f"line {start}" if start == end else f"lines {start}-{end}"
        added = " (new code in this change)" if start in new else ""
        yield Finding(
            rule=UNCOVERED,
            severity=Severity.ERROR,
            path=measured.path,
            line=start,
            end_line=end,
            message=f"{span} of `{symbol}` never ran under the tests{added}",
            hint=hint_for_lines(index, start, end),
            symbol=symbol,
            snippet=snippet(lines, start, end),
            new=(start in new) if diff else None,
        )
    for missed in measured.missed_branches:
        # A branch from a line that never ran is already part of an uncovered range.
        if missed.from_line not in measured.missing:
            is_new = (missed.from_line in new) if diff else None
            yield _branch_finding(measured.path, missed, index, lines, is_new)


def _branch_finding(
    path: str, missed: MissedBranch, index: SymbolIndex, lines: Sequence[str], new: bool | None
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
        new=new,
    )


def missing_ranges(
    statements: Sequence[int], missing: frozenset[int], group_of: Callable[[int], Hashable]
) -> list[tuple[int, int]]:
    """Group missing statements that follow each other in the same group into ranges.

    Statements are adjacent when no executed statement lies between them, so
    blank lines and comments inside a block do not split it. The group (the
    enclosing symbol, and whether the change added the line) splits ranges so
    that one finding has one symbol and one answer to "is it new?".
    """
    ranges: list[tuple[int, int]] = []
    current: list[int] = []
    for line in statements:
        if line in missing and (not current or group_of(current[0]) == group_of(line)):
            current.append(line)
            continue
        if current:
            ranges.append((current[0], current[-1]))
        current = [line] if line in missing else []
    if current:
        ranges.append((current[0], current[-1]))
    return ranges
