"""Hollow tests: tests that run code but cannot fail for the right reasons.

A coverage gate rewards tests that execute lines, and coverage cannot tell a test that checks
the result from one that only calls the code. The syntax tree can. One pass over a test module
finds each test (module-level `test*` functions, and `test*` methods of `Test*` classes and
`TestCase` subclasses), collects its assertions with the constructs around each one, and judges
them: none at all, none that can fail, failures swallowed or skipped, and checks of a mock.

`integrity.mocked-subject` is a heuristic kept narrow on purpose: it would rather miss a case
than raise a false alarm. It flags a test only when a `patch`, `patch.object` or `setattr`
replaces `pkg.api.fetch`, the test itself calls it by a dotted name that ends that path
(`api.fetch(...)`), and every assertion reads nothing but the replacement: the mock, `fetch`,
names assigned from either, builtins and `pytest`. A bare `fetch(...)` does not count: that name
is the object the test module imported, which patching `fetch` in its home module leaves alone.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace

from guard.assertion_strength import (
    Strength,
    call_strength,
    literal,
    strength,
)
from guard.ast_names import callee, dotted
from guard.mock_patches import PatchScan
from guard.model import Finding, Severity
from guard.symbols import module_name

NO_ASSERTION = "integrity.no-assertion"
TAUTOLOGY = "integrity.tautology"
SWALLOWED_ASSERTION = "integrity.swallowed-assertion"
CONDITIONAL_ASSERTION = "integrity.conditional-assertion"
RETURNS_VALUE = "integrity.returns-value"
BROAD_RAISES = "integrity.broad-raises"
MOCKED_SUBJECT = "integrity.mocked-subject"

# What each finding says, by case: (rule, message, hint), formatted with `test` and details.
_TEXTS = {
    "none": (
        NO_ASSERTION,
        "{test} runs code but asserts nothing, so it passes whatever the code does.",
        "Assert on what the code returns or changes, e.g. `assert cart.total() == 30`, or "
        "expect an error with `pytest.raises(ValueError, match=...)`.",
    ),
    "always": (
        TAUTOLOGY,
        "{test} has an assertion that cannot fail: `{shown}`.",
        "Compare the result with the exact expected value, e.g. `assert total == 30`; keep "
        "`pytest.approx` tolerances small, e.g. `rel=1e-6`.",
    ),
    "weak": (
        TAUTOLOGY,
        "{test} has no assertion that can catch a wrong result: checks such as `{shown}` pass "
        "for almost any value.",
        "Add an assertion on the value itself, e.g. `assert order.total == 30` after "
        "`assert order is not None`.",
    ),
    "swallowed": (
        SWALLOWED_ASSERTION,
        "{test} has an assertion inside a `try` or `suppress` that catches its failure and "
        "drops it, so the assertion can never fail.",
        "Remove the `try`/`suppress` around the assertion or narrow it to the error the code "
        'raises; to expect an error, use `with pytest.raises(ValueError, match="...")`.',
    ),
    "conditional": (
        CONDITIONAL_ASSERTION,
        "Every assertion in {test} sits under the {construct} at line {line}, so the test "
        "passes without checking anything when that code does not run.",
        "Let the test's setup decide the path and assert unconditionally, e.g. "
        '`assert parsed.kind == "order"`; use `pytest.mark.parametrize` for separate cases.',
    ),
    "returns": (
        RETURNS_VALUE,
        "{test} returns a value, which pytest ignores, so the check it was meant for never runs.",
        "Replace `return <expression>` with `assert <expression> == <expected value>`.",
    ),
    "broad": (
        BROAD_RAISES,
        "{test} expects any `Exception`, so it also passes when the code fails for a wrong "
        "reason, such as a typo or a wrong argument.",
        'Name the exact exception and message: `pytest.raises(ValueError, match="negative")` '
        'or `self.assertRaisesRegex(ValueError, "negative")`.',
    ),
    "mocked": (
        MOCKED_SUBJECT,
        "{test} replaces `{target}` with a mock, calls it and asserts only on the mock, so it "
        "tests the mock instead of the code.",
        "Call the real `{target}` and assert on its result, or patch only what the code under "
        "test depends on (network, clock, files) and call that code instead.",
    ),
}

_Function = ast.FunctionDef | ast.AsyncFunctionDef
_Blocks = list[tuple[list[ast.stmt], "_Context"]]
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_BLOCK_PARTS = (ast.stmt, ast.excepthandler, ast.match_case)  # walked with their own context
# `except*` (ast.TryStar) exists from Python 3.11; guard supports 3.10.
_TRY_NODES: tuple[type[ast.Try], ...] = tuple(
    getattr(ast, name) for name in ("Try", "TryStar") if hasattr(ast, name)
)
# pytest's checks, also imported bare (`from pytest import raises`). They fail with pytest's
# OutcomeException, a BaseException, so `except Exception` does not swallow them.
_PYTEST_CHECKS = frozenset(
    prefix + name for prefix in ("pytest.", "") for name in ("raises", "warns", "fail")
) | {"pytest.deprecated_call"}
# `assertEqual`, mock's `assert_called_once`, numpy's `assert_`, `xp_assert_close`, and helpers
# such as `check_total` and Playwright's `expect(...)`.
_CHECK_NAME = re.compile(r"(?:^|_)[aA]ssert(?:_|[A-Z]|$)|^_*(?:check|expect|verify)(?:_|[A-Z]|$)")
_CHECKING_NAMES = frozenset({"fnmatch_lines", "re_match_lines"})  # pytester's output matchers
# A handler made only of these drops the failure: no raise, no assertion, no record of it.
_IDLE_STATEMENTS = (ast.Pass, ast.Continue, ast.Break, ast.Return)
_REPORTING_CALLS = frozenset({"print", "print_exc", "exception", "error", "warning", "warn"})
_CATCHES_ASSERTION = frozenset({"AssertionError", "Exception", "BaseException"})
_BROAD = frozenset({"Exception", "BaseException"})


@dataclass(frozen=True)
class _Context:
    """What may skip an assertion, and which exceptions a surrounding `try` or `suppress` eats."""

    guard: tuple[str, int] | None = None  # the outermost such construct and its line
    caught: frozenset[str] = frozenset()

    def guarded(self, construct: str, line: int) -> _Context:
        return self if self.guard else replace(self, guard=(construct, line))

    def catching(self, names: set[str]) -> _Context:
        return replace(self, caught=self.caught | names)


@dataclass(frozen=True)
class _Assertion:
    node: ast.stmt | ast.expr
    context: _Context
    strength: Strength = Strength.REAL
    outcome: bool = False  # fails with pytest's OutcomeException, not AssertionError
    fails_always: bool = False  # `pytest.fail()`, `assert False`: under an `if`, that is the check


@dataclass(frozen=True)
class _Test:
    node: _Function
    qualname: str  # relative to the module: `TestCart.test_total`
    method: bool

    def touches(self, lines: Collection[int]) -> bool:
        start = min([self.node.lineno, *(marker.lineno for marker in self.node.decorator_list)])
        return any(start <= line <= (self.node.end_lineno or start) for line in lines)


def hollow_test_findings(
    tree: ast.Module, path: str, lines: Collection[int] | None = None
) -> list[Finding]:
    """Findings for the tests in `tree` that cannot fail for the right reasons.

    With `lines` (the lines a change added or edited), only the tests whose span, decorators
    included, holds one of them are checked. A test with no assertion at all gets only
    `integrity.no-assertion`; otherwise each rule reports at most once per test.
    """
    walk = _AssertionWalk(tree)
    found: list[Finding] = []
    for test in _tests(tree.body, "", method=False):
        if lines is None or test.touches(lines):
            assertions = list(walk.body(test.node.body, _Context()))
            nodes = _own_nodes(test.node.body)
            found += _TestReview(test, assertions, path, nodes).findings()
    return sorted(found, key=lambda finding: (finding.line, finding.rule))


@dataclass(frozen=True)
class TestChecks:
    """One test and the assertions its source holds: what a run of it should execute."""

    __test__ = False  # not a pytest test class, despite the name

    qualname: str  # relative to the module: `TestCart.test_total`
    line: int  # the `def` line
    checks: tuple[ast.stmt | ast.expr, ...]  # `assert` statements and asserting calls


def checks_by_test(tree: ast.Module, lines: Collection[int] | None = None) -> list[TestChecks]:
    """The tests in `tree` (only those touching `lines`, when given), with their assertions."""
    walk = _AssertionWalk(tree)
    return [
        TestChecks(
            test.qualname,
            test.node.lineno,
            tuple(check.node for check in walk.body(test.node.body, _Context())),
        )
        for test in _tests(tree.body, "", method=False)
        if lines is None or test.touches(lines)
    ]


def collected_tests(tree: ast.Module) -> Iterator[tuple[str, _Function]]:
    """(qualname, def) of each test pytest or unittest collects from `tree`: module-level
    `test*` functions and `test*` methods of `Test*` classes and `TestCase` subclasses,
    fixtures left out."""
    return ((test.qualname, test.node) for test in _tests(tree.body, "", method=False))


def _is_fixture(node: _Function) -> bool:
    return any(callee(decorator) == "fixture" for decorator in node.decorator_list)


def _tests(body: list[ast.stmt], prefix: str, method: bool) -> Iterator[_Test]:
    """The tests pytest or unittest collect from `body`; `prefix` is the class's qualname."""
    for stmt in body:
        if isinstance(stmt, _FUNCTIONS) and stmt.name.startswith("test"):
            if not _is_fixture(stmt):
                yield _Test(stmt, prefix + stmt.name, method)
        elif isinstance(stmt, ast.ClassDef) and (
            stmt.name.startswith("Test")
            or any(callee(base).endswith("TestCase") for base in stmt.bases)
        ):
            yield from _tests(stmt.body, f"{prefix}{stmt.name}.", method=True)


def _own_nodes(body: Sequence[ast.stmt]) -> list[ast.AST]:
    """Every node of `body`, without the insides of nested functions, classes and lambdas."""
    pending: list[ast.AST] = list(body)
    found: list[ast.AST] = []
    while pending:
        found.append(pending.pop())
        if not isinstance(found[-1], _SCOPES):
            pending.extend(ast.iter_child_nodes(found[-1]))
    return found


class _AssertionWalk:
    """Finds the assertions of a body of statements, each with the constructs around it.

    A call to a function of the module that asserts directly (one level deep) is an assertion.
    """

    def __init__(self, tree: ast.Module | None) -> None:
        nodes = ast.walk(tree) if tree else ()
        self.functions = {node.name: node for node in nodes if isinstance(node, _FUNCTIONS)}
        self.asserting: dict[str, bool] = {}

    def body(self, stmts: Sequence[ast.stmt], context: _Context) -> Iterator[_Assertion]:
        for stmt in stmts:
            if isinstance(stmt, ast.If):
                yield from self._if(stmt, context)
            elif isinstance(stmt, ast.Assert):
                fails = not literal(stmt.test)
                yield _Assertion(stmt, context, strength(stmt.test), fails_always=fails)
            elif not isinstance(stmt, _SCOPES):
                yield from self._statement(stmt, context)
                for block, inner in _blocks(stmt, context):
                    yield from self.body(block, inner)

    def _if(self, stmt: ast.If, context: _Context) -> Iterator[_Assertion]:
        """With assertions on both sides of an `if`, some always run; else none may run."""
        yield from self._statement(stmt, context)
        branches = [list(self.body(stmt.body, context)), list(self.body(stmt.orelse, context))]
        guard = context.guard or ("`if`", stmt.lineno)  # the outermost construct is named
        for check in branches[0] + branches[1]:
            skipped = replace(check, context=replace(check.context, guard=guard))
            yield check if all(branches) else skipped

    def _statement(self, stmt: ast.stmt, context: _Context) -> list[_Assertion]:
        parts = [part for part in ast.iter_child_nodes(stmt) if not isinstance(part, _BLOCK_PARTS)]
        calls = [node for part in parts for node in ast.walk(part) if isinstance(node, ast.Call)]
        found = [self._call_assertion(call, context) for call in calls if self._checks(call)]
        raised = stmt.exc if isinstance(stmt, ast.Raise) else None
        if callee(raised) == "AssertionError":
            found.append(_Assertion(stmt, context, fails_always=True))
        return found

    def _checks(self, call: ast.Call) -> bool:
        called = dotted(call.func)
        receiver, _, name = called.rpartition(".")
        if called in _PYTEST_CHECKS or called == "self.fail" or receiver == "check":
            return True  # `check.equal(...)` is pytest-check
        if name in _CHECKING_NAMES or _CHECK_NAME.search(name):
            return True
        return receiver in ("", "self") and self._asserts(name)

    def _asserts(self, name: str) -> bool:
        """Whether the module's function `name` asserts directly. Fixtures are never called."""
        if name not in self.asserting:
            function = self.functions.get(name)
            self.asserting[name] = (
                function is not None
                and not _is_fixture(function)
                and any(_AssertionWalk(None).body(function.body, _Context()))
            )
        return self.asserting[name]

    @staticmethod
    def _call_assertion(call: ast.Call, context: _Context) -> _Assertion:
        outcome = dotted(call.func) in _PYTEST_CHECKS
        return _Assertion(call, context, call_strength(call), outcome, callee(call) == "fail")


def _blocks(stmt: ast.stmt, context: _Context) -> _Blocks:
    """The statement blocks nested in `stmt`, each with the context its statements run in."""
    if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
        return _loop_blocks(stmt, context)
    if isinstance(stmt, _TRY_NODES):
        return _try_blocks(stmt, context)
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return [(stmt.body, context.catching(_suppressed(stmt)))]
    if isinstance(stmt, ast.Match):
        inner = context.guarded("`match`", stmt.lineno)
        return [(case.body, inner) for case in stmt.cases]
    return []


def _loop_blocks(loop: ast.For | ast.AsyncFor | ast.While, context: _Context) -> _Blocks:
    if isinstance(loop, ast.While):
        never, construct = not literal(loop.test), "`while` with a false condition"
    else:
        elements = literal(loop.iter)
        never = isinstance(elements, (str, bytes, tuple, list, dict)) and not elements
        construct = "`for` over an empty literal"
    body = context.guarded(construct, loop.lineno) if never else context
    return [(loop.body, body), (loop.orelse, context)]


def _try_blocks(stmt: ast.Try, context: _Context) -> _Blocks:
    """A `try` body runs with what its idle handlers swallow; a handler may never run at all."""
    swallowed: set[str] = set()
    for clause in stmt.handlers:
        if all(_idle(handled) for handled in clause.body):
            swallowed |= _exception_names(clause.type)
    handlers = [
        (clause.body, context.guarded("`except`", clause.lineno)) for clause in stmt.handlers
    ]
    others = [(stmt.orelse, context), (stmt.finalbody, context), *handlers]
    return [(stmt.body, context.catching(swallowed)), *others]


def _idle(stmt: ast.stmt) -> bool:
    """`pass`, `continue`, `return`, `...` or a print: a statement that drops a failure."""
    if isinstance(stmt, _IDLE_STATEMENTS):
        return True
    shown = stmt.value if isinstance(stmt, ast.Expr) else None
    reported = isinstance(shown, ast.Call) and callee(shown) in _REPORTING_CALLS
    return reported or isinstance(shown, ast.Constant)


def _exception_names(caught: ast.expr | None) -> set[str]:
    """The exception names an `except` clause or `raises` call names; bare `except` catches all."""
    if caught is None:
        return {"BaseException"}
    members = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return {callee(member) for member in members}


def _suppressed(stmt: ast.With | ast.AsyncWith) -> set[str]:
    managers = [with_item.context_expr for with_item in stmt.items]
    calls = [node for node in managers if isinstance(node, ast.Call)]
    return {
        name
        for call in calls
        if callee(call) == "suppress"
        for arg in call.args
        for name in _exception_names(arg)
    }


@dataclass(frozen=True)
class _TestReview:
    """The rules, applied to one test and its assertions."""

    test: _Test
    assertions: list[_Assertion]
    path: str
    nodes: list[ast.AST]  # the test's own nodes, without nested functions

    def findings(self) -> list[Finding]:
        if not self.assertions:
            return [self._finding("none", self._span(self.test.node))]
        rules = [self._tautology, self._swallowed, self._conditional, self._returns_value]
        rules += [self._broad_raises, self._mocked_subject]
        return [finding for rule in rules if (finding := rule()) is not None]

    def _finding(self, case: str, lines: tuple[int, int], **details: object) -> Finding:
        rule, message, hint = _TEXTS[case]
        words = {"test": f"`{self.test.qualname}`", **details}
        symbol = f"{module_name(self.path)}.{self.test.qualname}"
        text, advice = message.format(**words), hint.format(**words)
        return Finding(rule, Severity.ERROR, self.path, *lines, text, advice, symbol, new=True)

    @staticmethod
    def _span(node: ast.stmt | ast.expr) -> tuple[int, int]:
        return node.lineno, node.end_lineno or node.lineno

    def _tautology(self) -> Finding | None:
        always = [check for check in self.assertions if check.strength is Strength.ALWAYS_TRUE]
        weak = [check for check in self.assertions if check.strength is Strength.WEAK]
        if not always and len(weak) < len(self.assertions):
            return None
        first = (always or weak)[0].node
        case = "always" if always else "weak"
        return self._finding(case, self._span(first), shown=ast.unparse(first)[:80])

    def _swallowed(self) -> Finding | None:
        for check in self.assertions:
            catchers = {"BaseException"} if check.outcome else _CATCHES_ASSERTION
            if check.context.caught & catchers:
                return self._finding("swallowed", self._span(check.node))
        return None

    def _conditional(self) -> Finding | None:
        guards = [check.context.guard for check in self.assertions]
        if None in guards or any(check.fails_always for check in self.assertions):
            return None  # `if total != 30: pytest.fail(...)`: the condition is the check
        construct, line = self.assertions[0].context.guard or ("", 0)
        end = self._span(self.assertions[-1].node)[1]
        return self._finding("conditional", (line, end), construct=construct, line=line)

    def _returns_value(self) -> Finding | None:
        checked = {id(check.node) for check in self.assertions}  # `return self.check_total()`
        returns = [
            node
            for node in self.nodes
            if isinstance(node, ast.Return) and node.value and id(node.value) not in checked
        ]
        valued = [node for node in returns if node.value and literal(node.value) is not None]
        if not valued:
            return None
        return self._finding("returns", self._span(min(valued, key=lambda node: node.lineno)))

    def _broad_raises(self) -> Finding | None:
        bound = PatchScan.bound_names(self.nodes)
        walked = [node for check in self.assertions for node in ast.walk(check.node)]
        read = {node.id for node in walked if isinstance(node, ast.Name)}
        for check in self.assertions:
            inspected = bound.get(id(check.node)) in read  # `excinfo.value` checked afterwards
            if isinstance(check.node, ast.Call) and not inspected and self._expects_any(check.node):
                return self._finding("broad", self._span(check.node))
        return None

    def _mocked_subject(self) -> Finding | None:
        patch = PatchScan(self.test.node, self.test.method, self.nodes).subject(
            [check.node for check in self.assertions]
        )
        if patch is None:
            return None
        return self._finding("mocked", (patch.line, patch.line), target=patch.target)

    @staticmethod
    def _expects_any(call: ast.Call) -> bool:
        """`pytest.raises(Exception)` without `match=`, or `self.assertRaises(Exception)`."""
        if dotted(call.func) not in ("pytest.raises", "raises", "self.assertRaises"):
            return False
        named = [keyword.value for keyword in call.keywords if keyword.arg == "expected_exception"]
        matched = any(keyword.arg == "match" for keyword in call.keywords)
        expected = call.args[:1] or named
        return not matched and any(_exception_names(each) & _BROAD for each in expected)
