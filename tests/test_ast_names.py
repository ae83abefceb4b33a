"""Reading the dotted name an expression spells."""

from __future__ import annotations

import ast

import pytest

from guard.ast_names import callee, dotted


def _expr(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("os._exit", "os._exit"),
        ("pytest", "pytest"),
        ("make().mock.assert_called", ".mock.assert_called"),
        ("3", ""),
    ],
)
def test_dotted_names_follow_attribute_chains(text: str, expected: str):
    assert dotted(_expr(text)) == expected


def test_the_callee_is_the_last_name_called():
    assert callee(_expr("mock.patch.object(api, 'x')")) == "object"
    assert callee(_expr("fixture")) == "fixture"
    assert dotted(None) == ""
