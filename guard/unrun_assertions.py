"""Tests that passed without executing one of their assertions.

The static hollow-test rules read a test's source; this one reads its run. A
test whose asserts all sit on a path it never takes (an `if` that was false, a
loop over nothing, code after an early `return`) looks fine and checks
nothing. guard.assertion_counter counts what each test executed; a new or
changed test that passed with a count of zero is an error.

The count covers plain `assert` statements, `pytest.raises`/`warns`/
`deprecated_call`, unittest's `assert*`/`fail*` and mock's `assert_*`, and a
call to an asserting function of the test module itself (its asserts are
rewritten with the module). A test that relies on anything else (numpy's
`assert_allclose`, a helper in another module, `raise AssertionError`) is left
to the static rules: its count would say nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Mapping, Sequence

from guard.assertion_calls import ASYNC_MOCK_CHECKS, MOCK_CHECKS, PYTEST_CHECKS
from guard.ast_names import dotted
from guard.hollow_tests import TestChecks, checks_by_test
from guard.integrity_files import ChangedText, is_test_path
from guard.model import Finding, Severity, TestOutcomes
from guard.symbols import module_name
from guard.syntax_trees import parse_or_none

NO_ASSERTION_RUN = "integrity.no-assertion-run"

_PYTEST_CHECKS = frozenset(prefix + name for prefix in ("pytest.", "") for name in PYTEST_CHECKS)
_MOCK_CHECKS = frozenset(MOCK_CHECKS + ASYNC_MOCK_CHECKS)


def unrun_assertion_findings(
    texts: Sequence[ChangedText], outcomes: TestOutcomes | None
) -> list[Finding]:
    """An error for each new or changed test that passed and executed no assertion."""
    if outcomes is None:
        return []
    counts = dict(outcomes.assertions)
    found: list[Finding] = []
    for text in texts:
        if text.head is None or not is_test_path(text.path):
            continue
        prefix = f"{text.path}::"
        runs = {nodeid: count for nodeid, count in counts.items() if nodeid.startswith(prefix)}
        if runs:
            touched = None if text.base is None else text.touched
            found += _file_findings(text.path, text.head, touched, runs)
    return found


def _file_findings(
    path: str, source: str, touched: Collection[int] | None, runs: Mapping[str, int]
) -> list[Finding]:
    tree = parse_or_none(source)
    if tree is None:
        return []  # the quality rules report what does not parse
    functions = {
        node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    found = []
    for test in checks_by_test(tree, touched):
        if test.checks and all(_counted(check, functions) for check in test.checks):
            idle = _idle_runs(f"{path}::{test.qualname.replace('.', '::')}", runs)
            if idle:
                found.append(_finding(path, test, idle))
    return found


def _idle_runs(node: str, runs: Mapping[str, int]) -> list[str]:
    """The runs of the test `node` (each parametrized case apart) that counted nothing."""
    return sorted(
        nodeid
        for nodeid, count in runs.items()
        if count == 0 and (nodeid == node or nodeid.startswith(f"{node}["))
    )


def _counted(check: ast.stmt | ast.expr, functions: Collection[str]) -> bool:
    """Whether the counter sees this assertion when it runs."""
    if isinstance(check, ast.Assert):
        return True
    if not isinstance(check, ast.Call):
        return False  # `raise AssertionError(...)`: nothing to count
    called = dotted(check.func)
    receiver, _, name = called.rpartition(".")
    if called in _PYTEST_CHECKS or name in _MOCK_CHECKS:
        return True
    if receiver == "self":
        return name.startswith(("assert", "fail"))
    return receiver == "" and name in functions


def _finding(path: str, test: TestChecks, idle: Sequence[str]) -> Finding:
    name = test.qualname.rsplit(".", 1)[-1]
    lines = sorted({check.lineno for check in test.checks})
    shown = ", ".join(str(line) for line in lines[:5]) + (", ..." if len(lines) > 5 else "")
    instances = ""
    if len(idle) > 1 or idle[0].endswith("]"):
        cases = ", ".join(f"`{nodeid.split('::')[-1]}`" for nodeid in idle[:3])
        instances = f" (in {cases}{', ...' if len(idle) > 3 else ''})"
    return Finding(
        rule=NO_ASSERTION_RUN,
        severity=Severity.ERROR,
        path=path,
        line=test.line,
        end_line=test.line,
        message=f"`{name}` passed without executing any of its assertions{instances}: "
        f"the checks at line(s) {shown} are on a path the test never took, "
        "so it passes whatever the code does.",
        hint="Make the test reach its assertions: build the input so that the checked path "
        "runs, and assert unconditionally on the result, e.g. `assert total == 30`.",
        symbol=f"{module_name(path)}.{test.qualname}",
        new=True,
    )
