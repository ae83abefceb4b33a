from __future__ import annotations

import pytest

from guard.runner import _pytest_complaint


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (
            ["ERROR: usage: pytest [options]", "pytest: error: unrecognized arguments: -Z", "  x"],
            "pytest: error: unrecognized arguments: -Z",
        ),
        (["something odd happened", "", "  "], "something odd happened"),
        ([], "no output"),
    ],
)
def test_pytest_complaint_prefers_pytests_error_line(tail: list[str], expected: str):
    assert _pytest_complaint(tail) == expected
