"""Source that special-cases the exact value a new test asserts.

An agent that cannot make a function right can make it right for the test:
`if text == "magic-input": return 42`, next to `assert parse("magic-input") ==
42`. Neither file alone shows it, so this check reads the whole change once:
the literals the changed tests assert on, and the literals of each new branch
that is taken for literal inputs (`==`, `!=`, `in`, `is` in an `if` or a
conditional expression, a `match` case) and gives a fixed answer: returns a
constant, or raises an exception built from constants. A literal in both is a
warning at the source line: a real rule may well name the value its test
checks, so a human judges. A branch that computes its answer
(`if command == "explain": return explain(args)`) is ordinary dispatch.
Trivial literals (None, booleans, 0, 1, -1, strings of one character or none)
are in every condition and every test, and never count.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from guard.ast_names import callee
from guard.integrity_files import ChangedText, is_test_path
from guard.model import Finding, Severity
from guard.risk import import_candidates
from guard.symbols import module_name
from guard.syntax_trees import nodes_of, parse_or_none

SPECIAL_CASED_LITERAL = "integrity.special-cased-literal"

_EQUALITY = (ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot)
_RAISES = frozenset({"raises", "warns"})
_TRIVIAL_NUMBERS = (0, 1, -1)

_Key = tuple[str, object]  # type name and value: 1, 1.0 and "1" are three literals


@dataclass(frozen=True)
class _Literal:
    key: _Key
    line: int

    @property
    def shown(self) -> str:
        return repr(self.key[1])


@dataclass(frozen=True)
class _ChangedTest:
    """A changed test module: what it imports, and the literals its changed checks assert."""

    path: str
    imports: frozenset[str]
    asserted: dict[_Key, int]

    def tests(self, module: str) -> bool:
        """Whether it imports `module` or something from inside it."""
        return any(name == module or name.startswith(f"{module}.") for name in self.imports)


def special_case_findings(texts: Sequence[ChangedText]) -> list[Finding]:
    """Warnings for literals that new source lines special-case and that a changed test of
    the same module (one that imports it) asserts."""
    tests = _changed_tests(text for text in texts if is_test_path(text.path))
    findings: list[Finding] = []
    for text in texts:
        module = module_name(text.path)
        related = [test for test in tests if test.tests(module)]
        if related and not is_test_path(text.path):
            findings += _special_case_findings(text, related)
    return findings


def _special_case_findings(text: ChangedText, tests: list[_ChangedTest]) -> list[Finding]:
    tree = parse_or_none(text.head)
    cases = _special_cases(tree) if tree else ()
    touched = {literal for literal in cases if literal.line in text.touched}
    findings = []
    for literal in sorted(touched, key=lambda seen: (seen.line, seen.shown)):
        asserting = [test for test in tests if literal.key in test.asserted]
        if asserting:
            test = asserting[0]
            findings.append(_finding(text.path, literal, test.path, test.asserted[literal.key]))
    return findings


def _changed_tests(texts: Iterable[ChangedText]) -> list[_ChangedTest]:
    """The changed test modules that assert a literal, by path."""
    tests = []
    for text in sorted(texts, key=lambda changed: changed.path):
        tree = parse_or_none(text.head)
        asserted: dict[_Key, int] = {}
        for literal in _asserted_literals(tree, text.touched) if tree else ():
            asserted.setdefault(literal.key, literal.line)
        if tree and asserted:
            tests.append(_ChangedTest(text.path, import_candidates(text.path, tree), asserted))
    return tests


def _asserted_literals(tree: ast.Module, touched: frozenset[int]) -> Iterator[_Literal]:
    """The literals in the checks of every function the change added to or edited."""
    for node in nodes_of(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            span = range(node.lineno, (node.end_lineno or node.lineno) + 1)
            if any(line in touched for line in span):
                for check in ast.walk(node):
                    yield from _checked_literals(check)


def _checked_literals(node: ast.AST) -> Iterator[_Literal]:
    """`assert ...`, `self.assertEqual(...)`, `mock.assert_called_with(...)`, and the
    `match=` of `pytest.raises`/`pytest.warns`."""
    if isinstance(node, ast.Assert):
        yield from _literals(node.test)
    elif isinstance(node, ast.Call) and callee(node).startswith("assert"):
        for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
            yield from _literals(argument)
    elif isinstance(node, ast.Call) and callee(node) in _RAISES:
        for keyword in node.keywords:
            if keyword.arg == "match":
                yield from _literals(keyword.value)


def _special_cases(tree: ast.Module) -> Iterator[_Literal]:
    """The literals of each branch taken for literal inputs that gives a fixed answer."""
    for node in nodes_of(tree):
        if isinstance(node, ast.If | ast.IfExp):
            yield from _fixed_answer(list(_compared(node.test)), node.body)
        elif isinstance(node, ast.Match):
            for case in node.cases:
                yield from _fixed_answer(list(_matched(case.pattern)), case.body)


def _fixed_answer(inputs: list[_Literal], body: list[ast.stmt] | ast.expr) -> Iterator[_Literal]:
    """`inputs` and the answer's literals, when the branch returns a constant or raises an
    exception built from constants; nothing when it computes its answer.

    `if command == "explain": return explain(args)` dispatches, and is ordinary code;
    `if text == "magic-input": return 42` answers from a table.
    """
    fixed = [answer for answer in _answers(body) if answer is None or _is_constant(answer)]
    if inputs and fixed:
        yield from inputs
        yield from (literal for answer in fixed if (literal := _literal(answer)) is not None)


def _answers(body: list[ast.stmt] | ast.expr) -> list[ast.expr | None]:
    """What a branch returns directly (None for a bare `return`), and the arguments of the
    exception it raises when they are constants."""
    if isinstance(body, ast.expr):
        return [body]
    answers: list[ast.expr | None] = [
        statement.value for statement in body if isinstance(statement, ast.Return)
    ]
    return answers + [argument for statement in body for argument in _raised_with(statement)]


def _raised_with(statement: ast.stmt) -> list[ast.expr]:
    """The arguments of `raise Error(...)`, when every one is a constant."""
    error = statement.exc if isinstance(statement, ast.Raise) else None
    arguments = error.args if isinstance(error, ast.Call) else []
    return arguments if all(_is_constant(argument) for argument in arguments) else []


def _is_constant(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant)


def _matched(pattern: ast.pattern) -> Iterator[_Literal]:
    """The literals of a `case` pattern: `case "north" | "south":`, `case Point(x=42):`."""
    for node in ast.walk(pattern):
        literal = _literal(node.value) if isinstance(node, ast.MatchValue) else None
        if literal is not None:
            yield literal


def _compared(test: ast.expr) -> Iterator[_Literal]:
    for node in ast.walk(test):
        if isinstance(node, ast.Compare) and any(isinstance(op, _EQUALITY) for op in node.ops):
            found = [_operand_literals(operand) for operand in [node.left, *node.comparators]]
            if not all(found):  # a value compared with literals, not literals with each other
                yield from (literal for literals in found for literal in literals)


def _operand_literals(operand: ast.expr) -> list[_Literal]:
    elements = operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) else [operand]
    found = [_literal(element) for element in elements]
    return [literal for literal in found if literal is not None]


def _literals(expression: ast.AST) -> Iterator[_Literal]:
    literal = _literal(expression)
    if literal is not None:
        yield literal
        return
    for child in ast.iter_child_nodes(expression):
        yield from _literals(child)


def _literal(node: ast.AST | None) -> _Literal | None:
    """A non-trivial string, bytes or number literal (`-42` included), or None."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node, sign = node.operand, -1
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return None
    constant = node.value
    if isinstance(constant, int | float | complex):
        constant = sign * constant
        trivial = constant in _TRIVIAL_NUMBERS
    elif isinstance(constant, str | bytes) and sign == 1:
        trivial = len(constant) <= 1
    else:
        return None  # None, Ellipsis
    return None if trivial else _Literal((type(constant).__name__, constant), node.lineno)


def _finding(path: str, literal: _Literal, test_path: str, test_line: int) -> Finding:
    return Finding(
        rule=SPECIAL_CASED_LITERAL,
        severity=Severity.WARNING,
        path=path,
        line=literal.line,
        end_line=literal.line,
        message=(
            f"{literal.shown} is special-cased here, and {test_path}:{test_line} asserts it: a "
            "branch for the exact value a new test checks may exist only to pass that test"
        ),
        hint=(
            "Check that the branch implements a real rule and not the test's expected answer; "
            "test it with other inputs, or drop the special case."
        ),
        symbol=module_name(path),
        new=True,
    )
