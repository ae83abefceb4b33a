"""Turning coverage records into findings: pure, with inline sources."""

from __future__ import annotations

from guard.coverage_data import Measurement
from guard.coverage_findings import coverage_findings, missing_ranges
from guard.file_analysis import FileCoverage, MissedBranch, UnreadableFile
from guard.model import Branch

SOURCE = """\
def check(n):
    if n > 0:
        return "positive"
    return "other"


def unused(flag):
    if flag:
        return 1
    return 2
"""


def _findings(measured: FileCoverage, unreadable: tuple[UnreadableFile, ...] = ()):
    return coverage_findings(Measurement((measured,), unreadable), lambda path: SOURCE)


def test_branches_from_lines_that_never_ran_are_left_to_the_range_finding():
    measured = FileCoverage(
        path="pkg/mod.py",
        statements=frozenset({1, 2, 3, 4, 7, 8, 9, 10}),
        missing=frozenset({3, 8, 9, 10}),
        branches=4,
        missed_branches=(
            MissedBranch(2, 3, "line 2 didn't jump to line 3 because the condition was never true"),
            MissedBranch(8, 9, "line 8 didn't jump to line 9"),
            MissedBranch(8, 10, "line 8 didn't jump to line 10"),
        ),
    )
    findings = _findings(measured)
    assert [(f.rule, f.line, f.end_line, f.symbol) for f in findings] == [
        ("coverage.uncovered-line", 3, 3, "pkg.mod.check"),
        ("coverage.uncovered-line", 8, 10, "pkg.mod.unused"),
        ("coverage.missed-branch", 2, 2, "pkg.mod.check"),
    ]
    assert findings[2].branch == Branch(2, 3)
    assert findings[2].snippet == "if n > 0:"
    assert findings[0].message == "line 3 of `pkg.mod.check` never ran under the tests"


def test_a_fully_covered_file_has_no_findings():
    measured = FileCoverage("pkg/mod.py", frozenset({1, 2}), frozenset(), 0, ())
    assert _findings(measured) == []


def test_an_unparsable_file_is_located_at_coverage_s_line():
    measured = FileCoverage("pkg/mod.py", frozenset({1}), frozenset(), 0, ())
    unreadable = (
        UnreadableFile("pkg/bad.py", "Couldn't parse 'pkg/bad.py' as Python source: 'x' at line 7"),
        UnreadableFile("pkg/gone.py", "No source for code: 'pkg/gone.py'."),
    )
    findings = _findings(measured, unreadable)
    assert [(f.rule, f.path, f.line) for f in findings] == [
        ("coverage.unparsable-file", "pkg/bad.py", 7),
        ("coverage.unparsable-file", "pkg/gone.py", 1),
    ]
    assert findings[0].hint.startswith("Make `pkg/bad.py` valid Python in UTF-8")
    assert findings[1].hint.startswith("Record the coverage data in this checkout")


def test_ranges_skip_blank_lines_but_split_at_run_statements_and_symbols():
    symbols = {1: "a", 2: "a", 5: "a", 6: "a", 9: "b", 10: "b"}
    ranges = missing_ranges(
        [1, 2, 5, 6, 9, 10], frozenset({1, 2, 6, 9, 10}), lambda line: symbols[line]
    )
    assert ranges == [(1, 2), (6, 6), (9, 10)]
