"""The assertion calls guard counts while tests run, named once for the counter and the rule.

Kept free of pytest so that guard's parent process, which judges the counts,
never imports it.
"""

from __future__ import annotations

PYTEST_CHECKS = ("raises", "warns", "deprecated_call")
"""pytest's functions that fail the test unless the code raises or warns."""

MOCK_CHECKS = (
    "assert_called",
    "assert_called_once",
    "assert_called_with",
    "assert_called_once_with",
    "assert_any_call",
    "assert_has_calls",
    "assert_not_called",
)
"""`unittest.mock.NonCallableMock`'s checks."""

ASYNC_MOCK_CHECKS = (
    "assert_awaited",
    "assert_awaited_once",
    "assert_awaited_with",
    "assert_awaited_once_with",
    "assert_any_await",
    "assert_has_awaits",
    "assert_not_awaited",
)
"""`unittest.mock.AsyncMockMixin`'s checks."""
