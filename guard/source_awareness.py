"""Product code that knows it is under test.

Code that reads `PYTEST_CURRENT_TEST`, asks whether pytest is imported, looks
up its callers' frames for a test, carries a "special case for the tests"
comment, or compares equal (or unequal) to anything, passes tests it would fail
in production. These checks read the AST and comments of changed non-test
files and report each construct on a line the change added.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator

from guard.ast_names import dotted
from guard.frame_probes import TEST_AWARE_SOURCE, frame_probe_sightings
from guard.model import Finding
from guard.sightings import Sighting, sighting_findings
from guard.syntax_trees import nodes_of

_TEST_VARIABLE = "PYTEST_CURRENT_TEST"  # pytest sets it while a test runs
_TEST_COMMENT = re.compile(r"#.*\b(special[- ]case|hack|workaround)\b.*\btests?\b", re.IGNORECASE)
_COMPARISONS = ("__eq__", "__ne__")


def source_awareness_findings(
    path: str, tree: ast.Module, source: str, touched: Collection[int] | None = None
) -> list[Finding]:
    """Product code that behaves differently under test, on `touched` lines."""
    seen = [
        *_test_probes(tree),
        *_constant_comparisons(tree),
        *_test_comments(source),
        *frame_probe_sightings(tree),
    ]
    return sighting_findings(path, seen, touched)


def _test_probes(tree: ast.Module) -> Iterator[Sighting]:
    for node in nodes_of(tree):
        if isinstance(node, ast.expr) and _reads_test_variable(node):
            yield _aware(node.lineno, f"reads `{_TEST_VARIABLE}`")
        elif isinstance(node, ast.Compare) and _probes(node, ("pytest", "_pytest"), "sys.modules"):
            yield _aware(node.lineno, "checks whether pytest is imported")


def _reads_test_variable(node: ast.expr) -> bool:
    """`os.environ.get(NAME)`, `os.getenv(NAME)`, `os.environ[NAME]`, `NAME in os.environ`."""
    if isinstance(node, ast.Call):
        getter = dotted(node.func).endswith(("environ.get", "getenv"))
        return getter and any(_is_test_variable(argument) for argument in node.args[:1])
    if isinstance(node, ast.Subscript):
        return dotted(node.value).endswith("environ") and _is_test_variable(node.slice)
    return isinstance(node, ast.Compare) and _probes(node, (_TEST_VARIABLE,), "os.environ")


def _is_test_variable(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == _TEST_VARIABLE


def _probes(node: ast.Compare, names: tuple[str, ...], container: str) -> bool:
    """`"name" in container` (or `not in`) for one of `names`."""
    left = node.left
    asks = isinstance(left, ast.Constant) and left.value in names
    membership = all(isinstance(operator, ast.In | ast.NotIn) for operator in node.ops)
    return asks and membership and any(dotted(part) == container for part in node.comparators)


def _constant_comparisons(tree: ast.Module) -> Iterator[Sighting]:
    """`__eq__`/`__ne__` whose only statement (after a docstring) returns a constant, and
    `__eq__ = lambda self, other: True` in a class body.

    `return NotImplemented` is the protocol's "ask the other operand", a name and
    not a constant, so it is never flagged.
    """
    for node in nodes_of(tree):
        if isinstance(node, ast.FunctionDef) and node.name in _COMPARISONS:
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            if len(body) == 1 and isinstance(body[0], ast.Return):
                yield from _constant_answer(node.name, node.lineno, body[0].value, body[0].lineno)
        elif isinstance(node, ast.ClassDef):
            for statement in node.body:
                yield from _constant_lambda(statement)


def _constant_lambda(statement: ast.stmt) -> Iterator[Sighting]:
    if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Lambda):
        for target in statement.targets:
            if isinstance(target, ast.Name) and target.id in _COMPARISONS:
                lambda_body = statement.value.body
                yield from _constant_answer(target.id, statement.lineno, lambda_body, None)


def _constant_answer(
    method: str, line: int, answer: ast.expr | None, end_line: int | None
) -> Iterator[Sighting]:
    if isinstance(answer, ast.Constant):
        what = f"`{method}` always returns {answer.value!r}"
        yield Sighting(
            TEST_AWARE_SOURCE,
            line,
            what,
            "an object that compares the same with everything makes every equality "
            "assertion on it pass",
            "Compare the fields that make two values equal, and return NotImplemented "
            "for types you do not know.",
            end_line=end_line,
        )


def _test_comments(source: str) -> Iterator[Sighting]:
    for number, text in enumerate(source.splitlines(), start=1):
        if "test" in text and _TEST_COMMENT.search(text):
            yield _aware(number, "a comment says this code special-cases the tests")


def _aware(line: int, what: str) -> Sighting:
    return Sighting(
        TEST_AWARE_SOURCE,
        line,
        what,
        "code that behaves differently under test passes tests it would fail in production",
        "Make the code behave the same everywhere, and test the real behaviour.",
    )
