"""The assertion calls guard counts are real checks of pytest and unittest.mock."""

from __future__ import annotations

import unittest.mock

import pytest

from guard.assertion_calls import ASYNC_MOCK_CHECKS, MOCK_CHECKS, PYTEST_CHECKS


def test_every_named_check_exists_where_the_counter_wraps_it():
    assert all(callable(getattr(pytest, name)) for name in PYTEST_CHECKS)
    assert all(callable(getattr(unittest.mock.NonCallableMock, n)) for n in MOCK_CHECKS)
    assert all(callable(getattr(unittest.mock.AsyncMockMixin, n)) for n in ASYNC_MOCK_CHECKS)


def test_every_public_check_of_a_mock_is_named():
    """A new `assert_*` in a later Python would go uncounted: this test says so."""
    public = {name for name in dir(unittest.mock.AsyncMock) if name.startswith("assert_")}
    assert public == set(MOCK_CHECKS) | set(ASYNC_MOCK_CHECKS)
