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
        Rule(
            "quality",
            "No quality finding the change introduced or made worse (every finding with `--all`).",
            "With a base, only changed files are analysed and the gate is a ratchet: a file "
            "or function already over a limit fails only if the change made it worse, and a "
            "name fails only on a line the change touched. Without a base, or with `--all` "
            "(`all_findings = true`), every finding counts.",
            "Fix the findings with `new: true`; each has a hint. A limit that does not fit "
            "the project is changed in [tool.guard], visibly.",
        ),
        Rule(
            "size.file-lines",
            "A file longer than `max_file_lines` (500 by default).",
            "An agent reads whole modules into its context and finds code by its module's "
            "name; a long file costs context and hides what it holds. pylint's limit is 1000; "
            "500 keeps a module readable in one go.",
            "Split the module by responsibility; the hint names its largest top-level "
            "definitions as candidates to move.",
        ),
        Rule(
            "size.function-lines",
            "A function longer than `max_function_lines` (60 by default), `def` line to end.",
            "A long function does several things, and its name can describe only one of them.",
            "Extract the steps into functions named after what they do; the hint names the "
            "biggest blocks.",
        ),
        Rule(
            "size.parameters",
            "A function with more than `max_parameters` parameters (6; `self`/`cls` not counted).",
            "Many parameters mean a call site that is hard to read and a function doing "
            "several jobs.",
            "Group parameters that travel together into a dataclass, or split the function.",
        ),
        Rule(
            "size.definitions",
            "A module with more than `max_definitions` top-level functions and classes (30).",
            "A module with many definitions has many reasons to change; its name cannot "
            "describe them all.",
            "Move related definitions into a module of their own, named after what they share.",
        ),
        Rule(
            "complexity.cyclomatic",
            "A function whose radon cyclomatic complexity is over `max_complexity` (10).",
            "Each decision point is a path to test; past 10 a function is hard to cover "
            "fully and hard to change safely.",
            "Split out the largest branch, or replace condition chains with a table or early "
            "returns; the hint lists where the decision points are.",
        ),
        Rule(
            "complexity.maintainability",
            "A module whose radon maintainability-index rank is worse than "
            "`min_maintainability` (B).",
            "The index combines volume, complexity and comment density; rank C (below 10) "
            "marks modules that are hard to work on.",
            "Split the module and simplify its most complex functions.",
        ),
        Rule(
            "complexity.nesting",
            "Blocks nested deeper than `max_nesting` (4) inside one function.",
            "Deep nesting hides which conditions hold at the inner lines; an agent and a "
            "reviewer both lose track.",
            "Use guard clauses and early returns, or extract the inner block into a function.",
        ),
        Rule(
            "naming.case",
            "A name not in snake_case (functions, methods, arguments, variables, modules) or "
            "CapWords (classes).",
            "Consistent case is how a reader tells a class from a function at a glance, and "
            "how grep finds a name. ALL_CAPS constants at module or class level are fine.",
            "Rename it in the conventional case.",
        ),
        Rule(
            "naming.vague",
            "A name that says nothing: `utils` modules, a bare `Manager` class, a `data` or "
            "`result` variable.",
            "Agents and people find code by its name; a vague name matches everything and "
            "explains nothing. The word list follows wemake-python-styleguide's WPS110. Names "
            "a framework imposes (dunders, `visit_*`, `setUp`, `do_GET`, `@override`) are "
            "never findings.",
            "Rename it after what it holds or does. A domain word goes in `allowed_names`.",
        ),
        Rule(
            "naming.single-letter",
            "A single-letter function, argument or variable name.",
            "A one-letter name carries no meaning outside a two-line scope. Loop and "
            "comprehension targets, `except ... as e`, lambda parameters, TypeVars and "
            "`short_names` are exempt.",
            "Spell out what it is; add math-style names such as `x` to `short_names`.",
        ),
        Rule(
            "naming.versioned",
            "A version or copy suffix on a module, class or function: `parser2`, `handler_v2`, "
            "`_new`, `_old`, `_copy`, `_final`.",
            "Two versions side by side leave a reader guessing which one is live; version "
            "control keeps history. Digits that belong to a word (`sha256`, `base64`) are fine.",
            "Replace the old version and keep one name, or name each variant after what makes "
            "it different.",
        ),
        Rule(
            "naming.test-module",
            "A new source module with no test module named after it (`test_<module>.py`).",
            "An agent looks for a module's tests by name; tests spread over unrelated files "
            "are tests it will not find or run. Checked for modules the change adds.",
            "Put its tests in `tests/test_<module>.py`, or set `test_module_names`.",
        ),
        Rule(
            "syntax.parse-error",
            "A file that does not parse as Python, or whose bytes do not decode.",
            "xenon, radon and flake8 with `--select` pass such a file silently; a gate must "
            "not. Syntax newer than the running Python is not an error: libcst reads it, and "
            "the report notes which rules ran.",
            "Fix the syntax at the line and column given, or the encoding cookie.",
        ),
        Rule(
            "suppression.no-reason",
            "A `# guard: ignore[rule]` comment that does not say why.",
            "A suppression is a decision a reviewer must be able to judge; without a reason "
            "it suppresses nothing and is itself a finding.",
            "Write the reason after the brackets: `# guard: ignore[naming.vague] protocol name`.",
        ),
        Rule(
            "suppression.unknown-rule",
            "A `# guard: ignore[...]` comment naming a rule guard does not have.",
            "A misspelt rule id suppresses nothing; saying so beats a silent no-op.",
            "Use a rule id from `guard explain`, or a family such as `naming`.",
        ),
        Rule(
            "suppression.added",
            "A suppression the change added, listed so that a reviewer sees it (a warning).",
            "Suppressing is a way around the gate; each one should be a visible, reasoned "
            "decision.",
            "Nothing, if the reason holds; better, fix the finding and drop the comment.",
        ),
    )
}
