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
            "A function whose body, after its signature and docstring, is longer than "
            "`max_function_lines` (60 by default).",
            "A long function does several things, and its name can describe only one of them.",
            "Extract the steps into functions named after what they do; the hint names the "
            "biggest blocks.",
        ),
        Rule(
            "size.parameters",
            "A function with more than `max_parameters` parameters (6; `self`, `cls` and "
            "keyword-only parameters with a default not counted).",
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
            "never findings; parameters and loop targets are not checked, since a signature "
            "or a protocol often fixes them.",
            "Rename it after what it holds or does. A domain word goes in `allowed_names`.",
        ),
        Rule(
            "naming.single-letter",
            "A single-letter function, argument or variable name.",
            "A one-letter name carries no meaning outside a two-line scope. Loop and "
            "comprehension targets, `except ... as e`, lambda parameters, TypeVars and "
            "`short_names` (by default `_`, `x`, `y`, `z`) are exempt.",
            "Spell out what it is; add conventional names of your domain to `short_names`.",
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
        Rule(
            "integrity",
            "No change that lowers the bar that judges it, or games the tests.",
            "Runs only with a base: every check compares the change with the merge-base. A change "
            "cannot loosen the config, exclude lines, switch tests off, hollow them out, tamper "
            "with the harness, or touch protected paths and still pass.",
            "Fix each `integrity.*` finding; each says what was seen and why it weakens the gate.",
        ),
        Rule(
            "integrity.protected-path",
            "The change edits a protected path: CI, guard's, coverage's or pytest's config, or a "
            "conftest.",
            "These files decide how every change is checked; an agent that edits them can switch "
            "the reviewer off. It is a warning that requires a human's approval "
            "(`risk.approval_required`), and an error when the change also weakens the gate.",
            "Revert the edit and fix the code. A human changes protected files on the base branch;"
            " the list is `protected_paths`.",
        ),
        Rule(
            "integrity.config-weakened",
            "The change loosens a setting the base set: coverage's omit, exclusions, source, "
            "branch, fail_under, plugins, or guard's limits.",
            "The bar that judges a change is the base's. Any file coverage reads counts "
            "(pyproject.toml, .coveragerc, setup.cfg, tox.ini), including one that appears for the"
            " first time. Tightening is fine.",
            "Restore the base's value; meet the bar with tests and code.",
        ),
        Rule(
            "integrity.exclusion-added",
            "The change excludes lines from coverage on lines it touched (a `no cover` pragma in "
            "any spelling, `no branch`).",
            "Excluded lines stop counting, so untested code passes the 100 % gate. Judged with "
            "coverage.py's own parser and the effective exclusion regexes, base against head, not "
            "by grepping one spelling.",
            "Remove the pragma and test the code, or delete the code if it cannot run.",
        ),
        Rule(
            "integrity.skip-added",
            "The change adds a skip, skipif, xfail or importorskip, as a marker or a runtime call.",
            "A skipped test cannot fail; skipping the failing test is the most common way around a"
            " red suite.",
            "Fix the code or the test instead; a skip needs a human's reason on the base branch.",
        ),
        Rule(
            "integrity.collection-disabled",
            "The change stops pytest from collecting tests: `__test__ = False`, `collect_ignore`, "
            "or a collection hook in a conftest.",
            "A test that is not collected is neither run nor counted, and nothing in pytest's "
            "summary says it is missing.",
            "Remove the setting and let the tests run.",
        ),
        Rule(
            "integrity.empty-parametrize",
            "The change adds a `parametrize` with an empty list, which makes pytest skip the test.",
            "An empty parameter list turns a test into a skip without the word skip.",
            "Give the parametrize real cases.",
        ),
        Rule(
            "integrity.addopts-narrowed",
            "The change narrows what pytest runs through its config: `-k`, `-m`, `--deselect`, "
            "`--ignore`, `-p`, or fewer testpaths.",
            "pytest's addopts apply to every run, so one line in a config file can deselect the "
            "failing tests silently.",
            "Restore the base's pytest settings; select tests on the command line when you need "
            "to, not in the config.",
        ),
        Rule(
            "integrity.test-removed",
            "A test of the base suite is gone while the code it called still exists.",
            "Deleting the failing test turns a red suite green. Deleting a test together with its "
            "code, or renaming a test and keeping its body, is normal and not reported.",
            "Restore the test, and fix the code it tests.",
        ),
        Rule(
            "integrity.no-assertion",
            "A new or changed test asserts nothing.",
            "A test that only runs code covers it without checking it: the coverage gate passes "
            "and nothing is tested.",
            "Assert on what the code returns or does: `assert total([1, 2]) == 3`.",
        ),
        Rule(
            "integrity.no-assertion-run",
            "A new or changed test passed without executing any of its assertions (counted "
            "during `guard check`'s run: passing `assert`s, `pytest.raises`/`warns`, unittest "
            "`assert*` and mock `assert_*` calls).",
            "Its assertions sit on a path it never took (a false `if`, a loop over nothing, "
            "after an early `return`): it passes whatever the code does, though its source "
            "looks fine.",
            "Build the input so that the checked path runs, and assert unconditionally on the "
            "result.",
        ),
        Rule(
            "integrity.tautology",
            "An assertion that cannot fail (`... or True`, `len(x) >= 0`, an absurd `approx` "
            "tolerance), or a test whose every check is weak (`is not None`, `isinstance`, "
            "`x == x`, `assert True`).",
            "Such checks pass whatever the code does, so the lines they cover are not tested.",
            "Assert the value the code must produce.",
        ),
        Rule(
            "integrity.swallowed-assertion",
            "An assertion inside a `try` whose `except` swallows AssertionError, or inside "
            "`contextlib.suppress`.",
            "The assertion can fail without failing the test.",
            "Let assertion errors propagate; use `pytest.raises` for expected exceptions.",
        ),
        Rule(
            "integrity.conditional-assertion",
            "Every assertion of the test sits under a condition or in a loop that may never run.",
            "If the condition is false or the sequence empty, the test passes without checking "
            "anything.",
            "Assert unconditionally, or assert the condition itself first.",
        ),
        Rule(
            "integrity.returns-value",
            "A test function returns a value.",
            "pytest ignores a test's return value; a returned comparison checks nothing.",
            "Assert the value instead of returning it.",
        ),
        Rule(
            "integrity.broad-raises",
            "`pytest.raises(Exception)` (or BaseException) with no `match`.",
            "Any error at all, a typo included, satisfies it, so the test cannot tell the right "
            "failure from a wrong one.",
            "Name the exact exception type and add `match=`.",
        ),
        Rule(
            "integrity.mocked-subject",
            "The test patches the function it then checks, and asserts only on the mock.",
            "The real code never runs; the test checks the mock it configured.",
            "Patch the collaborators of the code under test, never the code itself.",
        ),
        Rule(
            "integrity.report-hook",
            "A conftest or plugin implements a hook that sees reports or outcomes "
            "(`pytest_runtest_makereport`, `pytest_report_teststatus`, ...).",
            "Such a hook can turn a failure into a pass before anything records it.",
            "Remove the hook; a needed one is a protected decision for a human.",
        ),
        Rule(
            "integrity.process-exit",
            "Test code calls `os._exit`, `sys.exit`, `exit` or `os.abort`.",
            "Leaving the process early can skip the failure report and the coverage data.",
            "Let the test fail with an assertion.",
        ),
        Rule(
            "integrity.coverage-tampering",
            "Test code imports coverage.",
            "A test that drives coverage can stop it, erase it or write its data; the lines it "
            "reports prove nothing.",
            "Test the code, not the measurement; guard runs coverage itself.",
        ),
        Rule(
            "integrity.harness-patched",
            "Test code patches pytest, unittest, pluggy or coverage, or replaces an attribute "
            "of `time` or builtins by plain assignment (`time.time = ...`, "
            '`builtins.open = ...`, `__builtins__["print"] = ...`, `setattr(time, ...)`, `del`).',
            "Patching the framework that judges the tests changes how results are recorded. A "
            "plain assignment to the clock or a builtin persists for the whole session and "
            "changes what every later test sees; `monkeypatch.setattr` and `mock.patch` put "
            "the original back, so they are fine for `time` and builtins (never for the "
            "framework). Import aliases are followed; a line that restores a saved original, "
            "adding a name builtins lacks (`builtins._`), and `TestCase.maxDiff` or "
            "`longMessage` (display only) are not counted.",
            "Patch the code under test's collaborators, never the framework; for the clock or "
            "a builtin, use `monkeypatch.setattr` or `mock.patch`.",
        ),
        Rule(
            "integrity.test-aware-source",
            'Product code that behaves differently under test: `PYTEST_CURRENT_TEST`, `"pytest" in'
            " sys.modules`, a special-case-for-tests comment, an `__eq__` or `__ne__` that "
            "returns a constant, or a function that reads its callers' frames and compares "
            "them with a test's name.",
            "Code that knows it is tested passes tests it would fail in production. Reading "
            "the stack (`sys._getframe`, `inspect.stack`, `inspect.currentframe`, "
            "`traceback.extract_stack`..., aliases followed) is an error when the same function "
            "compares what it read (a file or function name, `f_globals['__name__']`) with a "
            'string naming a test ("test", "tests", "test_...", "pytest", "conftest", '
            '"unittest"), and a warning otherwise, since logging and debugging code reads the '
            "stack legitimately. `return NotImplemented` is the comparison protocol, not a "
            "constant answer.",
            "Make the code behave the same everywhere and test the real behaviour; an `__eq__` "
            "compares the fields that make two values equal.",
        ),
        Rule(
            "integrity.special-cased-literal",
            'A warning: a new branch taken for literal inputs (`if text == "magic":`, '
            "`if n in (41, 42):`, a conditional expression, a `match` case) gives a fixed "
            "answer (returns a constant, or raises an exception built from constants), and a "
            "test of that module (one that imports it) that the same change added or edited "
            "asserts one of those literals.",
            '`if text == "magic-input": return 42` beside `assert parse("magic-input") == '
            "42` passes the test and nothing else. A real rule may also name the value its "
            "test checks, so this is a warning for a human to judge, not an error. A branch "
            "that computes its answer is ordinary dispatch and does not count; neither do "
            "ordering comparisons (`n > 100`) or trivial literals (None, booleans, 0, 1, -1, "
            "strings of at most one character). The literals asserted are those of `assert`, "
            "`assert*` calls and the `match=` of `pytest.raises`/`warns`.",
            "Make the branch a real rule and test it with other inputs too, or drop the special "
            "case.",
        ),
    )
}
