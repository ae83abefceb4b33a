"""Counts the assertions each test executed, while the suite runs.

A test can look right and still check nothing: its asserts sit behind a
condition that is false, in a loop over nothing, or after an early return.
Only the run can tell. This pytest plugin counts, per test, during its call
phase:

- plain `assert` statements that passed, through pytest's assertion-pass hook
  (guard.runner turns on `enable_assertion_pass_hook` and keeps the
  rewritten modules apart, since the hook works only in modules rewritten
  with it on);
- `pytest.raises`, `pytest.warns` and `pytest.deprecated_call`;
- `unittest.TestCase` `assert*` and `fail*` methods;
- `Mock.assert_*` methods.

The count travels on the call-phase report as a user property, so it crosses
from pytest-xdist workers to the controller like any other report field. The
module itself is the plugin (`-p guard.assertion_counter`), so that xdist
loads it in every worker, where the tests run.

PYTEST_DONT_REWRITE: the module has no asserts of its own, and guard's child
imports it before pytest could rewrite it.
"""

from __future__ import annotations

import functools
import unittest
import unittest.mock
from collections.abc import Callable, Generator, Iterator
from types import CodeType
from typing import Any

import pytest

from guard.assertion_calls import ASYNC_MOCK_CHECKS, MOCK_CHECKS, PYTEST_CHECKS

PROPERTY = "guard_assertions"
"""The user property that carries a test's count on its call-phase report."""


def unittest_checks() -> list[str]:
    """`TestCase` methods that assert: `assertEqual`, `assertRaises`, `fail`, ..."""
    return [
        name
        for name in dir(unittest.TestCase)
        if name.startswith(("assert", "fail")) and callable(getattr(unittest.TestCase, name))
    ]


class AssertionCounter:
    """How many assertions each running test executed, and the wrapped helpers.

    State is per test item, and the wrapping is counted by session, so that a test that runs
    pytest inside pytest (pytester) keeps its own count: the innermost running test gets the
    ticks of the wrapped helpers, and the pass hook names its item itself.
    """

    def __init__(self) -> None:
        self.counts: dict[pytest.Item, int] = {}
        self.running: list[pytest.Item] = []
        self._sessions = 0
        self._originals: list[tuple[object, str, object]] = []

    def wrap_checks(self) -> None:
        """Wrap the assertion helpers once, before any test module imports them."""
        self._sessions += 1
        if self._sessions > 1:
            return
        for owner, names in _checks():
            for name in names:
                original = getattr(owner, name)
                self._originals.append((owner, name, original))
                setattr(owner, name, self._counting(original))

    def unwrap_checks(self) -> None:
        """Put the originals back when the last session ends."""
        self._sessions -= 1
        if self._sessions > 0:
            return
        for owner, name, original in reversed(self._originals):
            setattr(owner, name, original)
        self._originals.clear()

    def _counting(self, original: Any) -> Callable[..., Any]:
        @functools.wraps(original)
        def counted(*args: Any, **kwargs: Any) -> Any:
            if self.running:
                self.tick(self.running[-1])
            return original(*args, **kwargs)

        return counted

    def tick(self, item: pytest.Item) -> None:
        """One assertion of `item` ran."""
        self.counts[item] = self.counts.get(item, 0) + 1


def _checks() -> Iterator[tuple[object, list[str]]]:
    yield pytest, list(PYTEST_CHECKS)
    yield unittest.TestCase, unittest_checks()
    yield unittest.mock.NonCallableMock, list(MOCK_CHECKS)
    yield unittest.mock.AsyncMockMixin, list(ASYNC_MOCK_CHECKS)


COUNTER = AssertionCounter()


@pytest.hookimpl
def pytest_configure(config: pytest.Config) -> None:
    COUNTER.wrap_checks()


@pytest.hookimpl
def pytest_unconfigure(config: pytest.Config) -> None:
    COUNTER.unwrap_checks()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    COUNTER.counts[item] = 0
    COUNTER.running.append(item)
    try:
        return (yield)
    finally:
        COUNTER.running.pop()


@pytest.hookimpl
def pytest_assertion_pass(item: pytest.Item, lineno: int, orig: str, expl: str) -> None:
    if item in COUNTER.running:  # asserts in fixtures do not check the test's outcome
        COUNTER.tick(item)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    count = COUNTER.counts.pop(item, None) if report.when == "call" else None
    if count is not None and counts_reliably(item):
        report.user_properties.append((PROPERTY, count))
    return report


def counts_reliably(item: pytest.Item) -> bool:
    """Whether every plain `assert` of the test reports its passing to the hook.

    That holds only in a run that rewrites asserts with the pass hook on (not `--assert=plain`),
    in a module pytest rewrote (not one marked PYTEST_DONT_REWRITE), and only if it rewrote it
    with the hook on: a module loaded from bytecode cached by a plain pytest run has rewritten
    asserts that never call it.
    """
    config = item.config
    if config.getoption("assertmode") != "rewrite" or not config.getini(
        "enable_assertion_pass_hook"
    ):
        return False
    module = getattr(item, "module", None)
    code = getattr(getattr(item, "function", None), "__code__", None)
    if module is None or code is None or "@py_builtins" not in vars(module):
        return False
    names = _names(code)
    return "_format_explanation" not in names or "_check_if_assertion_pass_impl" in names


def _names(code: CodeType) -> set[str]:
    """The global and attribute names a function's code uses, nested code included."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            names |= _names(constant)
    return names


def executed(report: pytest.TestReport) -> int | None:
    """The count a report carries; None when the counter did not see the test."""
    for name, value in report.user_properties:
        if name == PROPERTY and isinstance(value, int):
            return value
    return None
