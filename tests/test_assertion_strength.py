"""How strong an assertion is, judged from its AST."""

from __future__ import annotations

import ast

import pytest

from guard.assertion_strength import NOT_LITERAL, Strength, call_strength, literal, strength


def _test_of(assertion: str) -> ast.expr:
    statement = ast.parse(assertion).body[0]
    assert isinstance(statement, ast.Assert)
    return statement.test


@pytest.mark.parametrize(
    ("assertion", "expected"),
    [
        ("assert total == 3", Strength.REAL),
        ("assert total is not None", Strength.WEAK),
        ("assert isinstance(total, int)", Strength.WEAK),
        ("assert total == total", Strength.WEAK),
        ("assert total", Strength.WEAK),
        ("assert total == 3 or True", Strength.ALWAYS_TRUE),
        ("assert len(items) >= 0", Strength.ALWAYS_TRUE),
        ("assert 0 <= len(items)", Strength.ALWAYS_TRUE),
        ("assert (total == 3, 'why')", Strength.ALWAYS_TRUE),
        ("assert total == pytest.approx(3, abs=1e6)", Strength.ALWAYS_TRUE),
        ("assert total == pytest.approx(3, rel=float('inf'))", Strength.ALWAYS_TRUE),
        ("assert total == pytest.approx(3, abs=0.01)", Strength.REAL),
        ("assert total is not None and total.amount == 3", Strength.REAL),
        ("assert total is not None and isinstance(total, int)", Strength.WEAK),
    ],
)
def test_each_kind_of_assertion_is_judged(assertion: str, expected: Strength):
    assert strength(_test_of(assertion)) is expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("self.assertEqual(total, 3)", Strength.REAL),
        ("self.assertEqual(total, total)", Strength.WEAK),
        ("self.assertIsNotNone(total)", Strength.WEAK),
        ("self.assertIsInstance(total, int)", Strength.WEAK),
        ("self.assertTrue(total == 3 or True)", Strength.ALWAYS_TRUE),
        ("self.assertIn(3, totals)", Strength.REAL),
    ],
)
def test_unittest_spellings_are_judged_like_asserts(call: str, expected: Strength):
    node = ast.parse(call).body[0]
    assert isinstance(node, ast.Expr)
    assert isinstance(node.value, ast.Call)
    assert call_strength(node.value) is expected


def test_literals_are_read_and_other_expressions_are_not():
    assert literal(ast.parse("0", mode="eval").body) == 0
    assert literal(ast.parse("total", mode="eval").body) is NOT_LITERAL
