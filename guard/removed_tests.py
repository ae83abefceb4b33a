"""Tests of the base suite that a change deleted while the code they called still exists.

Deleting the failing test is the simplest way past a gate. A test counts as
removed when no test of the head has its name (keyed by `path::qualname`, so a
test moved to another file keeps its key's body) and none has its body or its
checks under a new name (a rename). A test deleted together with the code it
called is ordinary cleanup, so a finding needs a called name that the head's
source still defines.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from guard.hollow_tests import collected_tests
from guard.model import Finding, Severity
from guard.symbols import module_name
from guard.syntax_trees import parse_or_none

TEST_REMOVED = "integrity.test-removed"

_Function = ast.FunctionDef | ast.AsyncFunctionDef
_Definition = ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef


# Calls that name no code under test: builtins, methods of builtin types, and unittest checks.
_NOT_TARGETS = frozenset(dir(builtins)).union(
    *(dir(kind) for kind in (str, bytes, list, dict, set, tuple, int, float))
)
_NOT_SUBJECTS = frozenset({"pytest", "unittest", "mock", "self", "cls", "mocker", "monkeypatch"})


@dataclass(frozen=True)
class RemovedTest:
    """A test function as one version of a file has it; `calls` names what it calls."""

    path: str
    qualname: str  # `test_add`, `TestAccount.test_refund`
    calls: frozenset[str]  # called names, without the test module's own helpers
    line: int = 1  # of the `def`, in the version it was read from
    body: str = ""  # `ast.dump` of the body: equal bodies under two names are a rename
    checks: str = ""  # `ast.dump` of its assert statements


def removed_across(sides: Sequence[tuple[str, str | None, str | None]]) -> list[RemovedTest]:
    """The base tests of changed test files that the head has under no name, over all files.

    `sides` holds (path, base source, head source). Tests are keyed by `path::qualname`, so a
    test moved to another file with its body kept is a rename. Records (bodies, calls) are
    built only for the tests gone by name and the tests new by name: most changes remove no
    test, and then no record is needed.
    """
    before = {path: _named(base) for path, base, _ in sides}
    after = {path: _named(head) for path, _, head in sides}
    still_there = {f"{path}::{name}" for path, names in after.items() for name in names}
    gone = {
        path: {n for n in names if f"{path}::{n}" not in still_there}
        for path, names in before.items()
    }
    if not any(gone.values()):
        return []
    base_tests: dict[str, RemovedTest] = {}
    head_tests: dict[str, RemovedTest] = {}
    for path, base, head in sides:
        base_tests |= _keyed(path, base, gone[path])
        head_tests |= _keyed(path, head, after[path] - before[path])
    return removed_tests(base_tests, head_tests)


def _keyed(path: str, source: str | None, only: Collection[str]) -> dict[str, RemovedTest]:
    """The records of the tests `only` names, keyed by `path::qualname`."""
    return {f"{path}::{name}": test for name, test in recorded_tests(path, source, only).items()}


def _named(source: str | None) -> set[str]:
    tree = parse_or_none(source)
    return set() if tree is None else {qualname for qualname, _ in collected_tests(tree)}


def recorded_tests(
    path: str, source: str | None, only: Collection[str] | None = None
) -> dict[str, RemovedTest]:
    """The test functions of Python file `path` by qualname (those in `only`, unless None);
    none if `source` is None or bad."""
    tree = parse_or_none(source)
    if tree is None:
        return {}
    helpers = {stmt.name for stmt in tree.body if isinstance(stmt, _Definition)}
    try:
        return {
            qualname: _test_record(path, qualname, node, helpers)
            for qualname, node in collected_tests(tree)
            if only is None or qualname in only
        }
    except RecursionError:  # `ast.dump` of a test nested a thousand deep: as unparsable
        return {}


def _test_record(path: str, qualname: str, node: _Function, helpers: set[str]) -> RemovedTest:
    calls = {_called_name(call.func) for call in ast.walk(node) if isinstance(call, ast.Call)}
    body = "\n".join(ast.dump(stmt) for stmt in node.body)
    checks = "\n".join(ast.dump(check) for check in ast.walk(node) if isinstance(check, ast.Assert))
    return RemovedTest(path, qualname, frozenset(calls - helpers - {""}), node.lineno, body, checks)


def _called_name(func: ast.AST) -> str:
    """`add` for `add(...)`, `refund` for `account.refund(...)`; "" for `self.x()`, `pytest.x()`."""
    if isinstance(func, ast.Name):
        return func.id
    if not isinstance(func, ast.Attribute):
        return ""
    root = func.value
    while isinstance(root, ast.Attribute):
        root = root.value
    return "" if isinstance(root, ast.Name) and root.id in _NOT_SUBJECTS else func.attr


def renamed_tests(
    base_tests: Mapping[str, RemovedTest], head_tests: Mapping[str, RemovedTest]
) -> set[tuple[str, str]]:
    """(base key, head key) of each test that only changed name: same body, or same checks and
    no fewer calls, or the same name in another file. Key by qualname in one file, or by
    `path::qualname` to pair moved tests."""
    added = [key for key in head_tests if key not in base_tests]
    pairs: set[tuple[str, str]] = set()
    for old_key, old in base_tests.items():
        if old_key in head_tests:
            continue
        new_key = next((key for key in added if _same_test(old, head_tests[key])), None)
        if new_key is not None:
            added.remove(new_key)
            pairs.add((old_key, new_key))
    return pairs


def _same_test(old: RemovedTest, new: RemovedTest) -> bool:
    if old.body == new.body:
        return True
    if old.qualname == new.qualname and old.path != new.path:
        # Moved to another module under its own name, maybe edited on the way: it is a test
        # the change added to that module, so the hollow-test rules judge what it now checks.
        return True
    # Equal asserts alone would pair `assert total == 3` with a test that no longer computes it.
    return bool(old.checks) and old.checks == new.checks and old.calls <= new.calls


def removed_tests(
    base_tests: Mapping[str, RemovedTest], head_tests: Mapping[str, RemovedTest]
) -> list[RemovedTest]:
    """The base tests that the head no longer has under any name."""
    kept = head_tests.keys() | {old_key for old_key, _ in renamed_tests(base_tests, head_tests)}
    return [test for key, test in base_tests.items() if key not in kept]


def removed_test_findings(
    removed: Sequence[RemovedTest], still_defined: Collection[str]
) -> list[Finding]:
    """A finding for each removed test whose called code is still defined in the head tree."""
    findings: list[Finding] = []
    for test in removed:
        candidates = test.calls.intersection(still_defined) - _NOT_TARGETS
        targets = sorted(name for name in candidates if not name.startswith("assert"))
        if not targets:
            continue  # deleted together with the code it tested
        names = ", ".join(f"`{name}`" for name in targets[:3]) + (" …" if len(targets) > 3 else "")
        message = (
            f"Test `{test.qualname}` (line {test.line} of the base version; reported at line 1 "
            f"because the head has no such test) was deleted while {names} that it called "
            "still exist, so that code lost a check."
        )
        hint = (
            f"Restore `{test.qualname}`; if the behaviour changed on purpose, update its "
            "assertions instead of deleting it. Delete a test only with the code it tests."
        )
        symbol = f"{module_name(test.path)}.{test.qualname}"
        findings.append(
            Finding(TEST_REMOVED, Severity.ERROR, test.path, 1, 1, message, hint, symbol, new=True)
        )
    return findings
