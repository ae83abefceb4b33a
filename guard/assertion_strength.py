"""How strong one assertion is: a real check, a weak one, or one that cannot fail.

`integrity.tautology` needs to tell `assert total == 3` from `assert total is not None`
(passes for almost any result) and from `assert total == 3 or True` (cannot fail). The
judgement is made on the assertion's AST alone, the same for `assert` statements and
for unittest's `assertTrue`/`assertEqual` spellings.
"""

from __future__ import annotations

import ast
import enum

from guard.ast_names import callee, dotted

_WEAK_PREDICATES = frozenset({"isinstance", "hasattr", "callable"})
_TOLERANCE_LIMITS = {"abs": 1e3, "rel": 1.0}
_INFINITE = frozenset({"math.inf", "np.inf", "numpy.inf", "float('inf')", "float('infinity')"})
NOT_LITERAL = object()  # truthy, so `not literal(test)` means "a false literal"


class Strength(enum.Enum):
    REAL = "real"
    WEAK = "weak"  # passes for almost any result: `is not None`, `x == x`, `assert True`
    ALWAYS_TRUE = "always true"  # looks like a check but cannot fail: `assert x == 1 or True`


def literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return NOT_LITERAL


def strength(test: ast.expr) -> Strength:
    disguised = _always_true(test) and literal(test) is NOT_LITERAL
    if disguised or any(_absurd_approx(node) for node in ast.walk(test)):
        return Strength.ALWAYS_TRUE
    return Strength.WEAK if _weak(test) else Strength.REAL


def call_strength(call: ast.Call) -> Strength:
    """unittest's spellings of the `assert` statements `_strength` judges."""
    name, args = callee(call), call.args
    if name in ("assertIsNotNone", "assertIsInstance"):
        return Strength.WEAK
    if name == "assertTrue" and args:
        return strength(args[0])
    if name in ("assertEqual", "assertIs") and len(args) > 1:
        return strength(ast.Compare(args[0], [ast.Eq()], [args[1]]))
    return Strength.REAL


def _always_true(test: ast.expr) -> bool:
    written = literal(test)
    if written is not NOT_LITERAL:
        return bool(written)
    if isinstance(test, ast.BoolOp):
        checks = [_always_true(operand) for operand in test.values]
        return any(checks) if isinstance(test.op, ast.Or) else all(checks)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _compare_strength(test) is Strength.ALWAYS_TRUE
    return isinstance(test, ast.Tuple) and bool(test.elts)  # `assert (x == 1, "why")`


def _compare_strength(test: ast.Compare) -> Strength:
    """`len(x) >= 0` cannot fail; `x is not None` and `x == x` (maybe testing `__eq__`) are weak."""
    operator, left, right = test.ops[0], test.left, test.comparators[0]
    if isinstance(operator, ast.LtE):
        left, right = right, left
    measured = isinstance(left, ast.Call) and dotted(left.func) == "len" and literal(right) == 0
    if measured and isinstance(operator, (ast.GtE, ast.LtE)):
        return Strength.ALWAYS_TRUE
    reflexive = isinstance(operator, (ast.Eq, ast.Is, ast.GtE, ast.LtE))
    same = reflexive and ast.dump(left) == ast.dump(right)
    unset = isinstance(operator, ast.IsNot) and literal(right) is None
    return Strength.WEAK if same or unset else Strength.REAL


def _absurd_approx(node: ast.AST) -> bool:
    """`pytest.approx(x, abs=1e9)`: a tolerance so wide that nearly any result matches."""
    if not (isinstance(node, ast.Call) and callee(node) == "approx"):
        return False
    for keyword in node.keywords:
        limit = _TOLERANCE_LIMITS.get(keyword.arg or "")
        infinite = ast.unparse(keyword.value).lower() in _INFINITE
        written = float("inf") if infinite else literal(keyword.value)
        if limit is not None and isinstance(written, (int, float)) and written >= limit:
            return True
    return False


def _weak(test: ast.expr) -> bool:
    """A check that passes for almost any value. `x == x` may test a custom `__eq__`."""
    if isinstance(test, ast.BoolOp):
        operands = test.values
        return isinstance(test.op, ast.And) and all(_weak(o) or _always_true(o) for o in operands)
    if isinstance(test, ast.Compare):
        return len(test.ops) == 1 and _compare_strength(test) is Strength.WEAK
    if isinstance(test, ast.Call):
        return dotted(test.func) in _WEAK_PREDICATES
    written = literal(test)
    return isinstance(test, ast.Name) or (written is not NOT_LITERAL and bool(written))
