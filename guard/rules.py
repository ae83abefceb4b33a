"""Every rule guard can report, with what it means and how to fix it.

`guard explain RULE` prints these, and tests check that every rule id a
finding or gate can carry is registered here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A rule id and the text that explains it."""

    id: str
    summary: str
    why: str
    fix: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "coverage.total",
            "Total line and branch coverage is below `fail_under` (100 % by default).",
            "Counted the way coverage.py counts it: covered statements plus taken branches "
            "over all statements plus branches. The comparison is exact: 99.99 % is not "
            "100 %. Branch coverage is always on, whatever the project's coverage config says.",
            "Fix the `coverage.uncovered-line` and `coverage.missed-branch` findings; each "
            "carries a hint naming the function and the path to exercise. Lowering "
            "`fail_under` is a visible, reviewable change in [tool.guard].",
        ),
        Rule(
            "coverage.uncovered-line",
            "Statements that never ran while the tests ran.",
            "Code that no test runs can break without anyone noticing. At 100 % every "
            "uncovered line is one the current change added, so the signal needs no "
            "interpretation. Adjacent missed statements in one function form one finding.",
            "Add a test that drives execution into the range: the hint names the enclosing "
            "function and the condition or `except` clause that guards it. If the code is "
            "dead, delete it.",
        ),
        Rule(
            "coverage.missed-branch",
            "A branch that was never taken: the line ran, but never went to one destination.",
            "A condition that is always true (or always false) under the tests leaves one "
            "side of it unchecked. The finding gives the destination in `branch` (a negative "
            "`to` means leaving the function) and coverage.py's own description.",
            "Add a test whose input makes the condition go the other way, as the hint says. "
            "If the branch can never be taken, simplify the condition.",
        ),
        Rule(
            "coverage.unparsable-file",
            "coverage.py cannot parse or find a measured file, so none of it is measured.",
            "A file with a syntax error or bytes that do not decode cannot be measured, and "
            "neither can a file the data names that is not in this checkout; guard never "
            "lets that pass silently the way some tools skip such files.",
            "Fix the syntax error, or make the file valid UTF-8 (or declare its encoding "
            "with a coding cookie). For a missing file, record the data in this checkout or "
            "remap its paths with [paths].",
        ),
        Rule(
            "coverage.diff",
            "Every statement and branch the change added or edited must have run.",
            "The change is taken from the merge-base of the base and HEAD to the working "
            "tree, plus untracked files. A changed line counts as the statement it belongs "
            "to, so an edit on line 3 of a 4-line call is a change to that call. There is "
            "no averaging: one uncovered new line fails the gate, whatever the percentage.",
            "Fix the findings with `new: true`; they come first in the report.",
        ),
        Rule(
            "coverage.unmeasured-file",
            "A changed Python file under `source` that coverage never measured.",
            "Either no test imported it (and coverage could not find it on its own, for "
            "example outside a package), or the coverage data was recorded under other "
            "paths. Either way the gate cannot see it, so it fails instead of passing.",
            "Add a test that imports and exercises the module; if the data came from "
            "another checkout, map its paths with [paths] or set relative_files.",
        ),
        Rule(
            "tests.passed",
            "Every collected test must pass.",
            "A failing test means the code does not do what its tests say. pytest's exit "
            "status must agree with the results guard recorded.",
            "Fix the `tests.failed` findings.",
        ),
        Rule(
            "tests.failed",
            "A test failed, errored in setup or teardown, or could not be collected.",
            "guard records outcomes from pytest's report objects, not its terminal output, "
            "and locates each failure at the line inside the test where it happened.",
            "Re-run the test with the command in the hint, read the failure, then fix the "
            "code under test, or the test if its expectation is wrong. Skipping or deleting "
            "the test is not a fix.",
        ),
    )
}
