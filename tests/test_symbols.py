from __future__ import annotations

import sys
import textwrap

import pytest

from guard.symbols import (
    Decision,
    Guard,
    GuardKind,
    Scope,
    ScopeKind,
    SymbolIndex,
    module_name,
    snippet,
)


def _index(source: str) -> SymbolIndex:
    return SymbolIndex.from_source(textwrap.dedent(source), "pkg.calc")


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        ("pkg/calc.py", "pkg.calc"),
        ("pkg/__init__.py", "pkg"),
        ("src/pkg/calc.py", "pkg.calc"),
        ("src/pkg/__init__.py", "pkg"),
        ("tool.py", "tool"),
        ("src.py", "src"),
        ("__init__.py", "__init__"),
        ("pkg/__main__.py", "pkg.__main__"),
    ],
)
def test_module_name_follows_the_import_path(relpath, expected):
    assert module_name(relpath) == expected


@pytest.mark.parametrize(
    ("lines", "start", "end", "max_lines", "expected"),
    [
        (["def f():", "    return 1  ", "x = 2"], 2, 2, 5, "return 1"),
        (["    if x:", "        y()", "    z()"], 1, 3, 5, "if x:\n    y()\nz()"),
        (["a", "b", "c", "d"], 1, 4, 2, "a\nb\n…"),
        # A range past the end of the file is clipped, not padded or marked as cut.
        (["a", "b"], 2, 9, 5, "b"),
        (["    a\n", "\n", "    b\n"], 1, 3, 5, "a\n\nb"),
    ],
)
def test_snippet_shows_the_dedented_lines(lines, start, end, max_lines, expected):
    assert snippet(lines, start, end, max_lines) == expected


CALC = '''\
"""A module."""
import functools

LIMIT = 10


class Account:
    """An account."""

    rate = 2

    @functools.cache
    @staticmethod
    def refund(amount):
        total = [a for a in range(amount)
                 if a]
        return lambda: total

    class Ledger:
        async def post(self):
            def inner():
                return 1
            return inner


async def fetch():
    return 3
'''


@pytest.mark.parametrize(
    ("line", "symbol", "function"),
    [
        (1, "pkg.calc", None),
        (4, "pkg.calc", None),
        (7, "pkg.calc.Account", None),
        (10, "pkg.calc.Account", None),
        # Decorators and the def line belong to the function they decorate.
        (12, "pkg.calc.Account.refund", "refund"),
        (14, "pkg.calc.Account.refund", "refund"),
        # A comprehension's lines and a lambda belong to the def around them.
        (16, "pkg.calc.Account.refund", "refund"),
        (17, "pkg.calc.Account.refund", "refund"),
        (19, "pkg.calc.Account.Ledger", None),
        (20, "pkg.calc.Account.Ledger.post", "post"),
        (22, "pkg.calc.Account.Ledger.post.inner", "inner"),
        (23, "pkg.calc.Account.Ledger.post", "post"),
        (25, "pkg.calc", None),
        (27, "pkg.calc.fetch", "fetch"),
        # Lines outside the parsed statements, such as a trailing comment, are module level.
        (0, "pkg.calc", None),
        (99, "pkg.calc", None),
    ],
)
def test_symbol_at_names_the_innermost_def_or_class(line, symbol, function):
    index = SymbolIndex.from_source(CALC, "pkg.calc")
    assert index.symbol_at(line) == symbol
    assert index.function_at(line) == function


def test_scopes_at_locates_each_scope_as_coverage_does():
    account, refund = SymbolIndex.from_source(CALC, "pkg.calc").scopes_at(15)
    assert account == Scope(ScopeKind.CLASS, "Account", "Account", 7, 8, 23, 10)
    # coverage.py's exit arcs point at the first decorator, so `line` is 12, not 14.
    assert refund == Scope(ScopeKind.FUNCTION, "refund", "Account.refund", 12, 15, 17, 15)


def test_a_one_line_def_has_no_body_line_of_its_own():
    (scope,) = _index("def f(): return 1\n").scopes_at(1)
    assert (scope.line, scope.body, scope.end, scope.first_statement) == (1, 2, 1, 1)


def test_a_module_without_statements_is_all_module_level():
    index = _index("# nothing here\n")
    assert index.symbol_at(1) == "pkg.calc"
    assert index.guard_at(1) is None
    assert index.decision_at(1) is None


@pytest.mark.parametrize("source", ["def f(:\n", "x = '\0'\n"])
def test_from_source_raises_on_source_that_does_not_parse(source):
    with pytest.raises((SyntaxError, ValueError)):
        SymbolIndex.from_source(source, "pkg.bad")


IF, ELSE = GuardKind.IF_BODY, GuardKind.ELSE_BODY


@pytest.mark.parametrize(
    ("source", "line", "expected"),
    [
        pytest.param(
            """\
            def withdraw(amount, limit):
                if amount > limit:
                    raise ValueError(amount)
                return amount
            """,
            3,
            Guard(IF, 2, "amount > limit"),
            id="if body",
        ),
        pytest.param(
            """\
            def f(x):
                if x:
                    return 1
                else:
                    y = 2
                    return y
            """,
            5,
            Guard(ELSE, 2, "x"),
            id="else body",
        ),
        pytest.param(
            """\
            def f(a, b):
                if a:
                    return 1
                elif b:
                    return 2
            """,
            5,
            Guard(IF, 4, "b", ("a",)),
            id="elif body needs the earlier condition false",
        ),
        pytest.param(
            """\
            def f(a, b):
                if a:
                    return 1
                elif b:
                    return 2
            """,
            4,
            Guard(ELSE, 2, "a"),
            id="elif line is in the else of the first if",
        ),
        pytest.param(
            """\
            def f(a, b):
                if a:
                    x = 1
                elif b:
                    x = 2
                else:
                    x = 3
                return x
            """,
            7,
            Guard(ELSE, 4, "b", ("a",)),
            id="else after elif needs every condition false",
        ),
        pytest.param(
            """\
            def f(a, b):
                if a:
                    x = 1
                else:
                    if b:
                        x = 2
                return x
            """,
            6,
            Guard(IF, 5, "b", ("a",)),
            id="an if alone in an else is an elif",
        ),
        pytest.param(
            """\
            def f(a, b):
                if a:
                    x = 1
                else:
                    x = 0
                    if b:
                        x = 2
                return x
            """,
            7,
            Guard(IF, 6, "b"),
            id="an if among other statements in an else stands alone",
        ),
        pytest.param(
            """\
            def f(x):
                if x: return 1
                return 2
            """,
            2,
            None,
            id="a one-line if body is decided by the block around it",
        ),
        pytest.param(
            """\
            def f(items):
                if not items:
                    return None
                first = items[0]
                return first
            """,
            4,
            Guard(ELSE, 2, "not items"),
            id="after an early return",
        ),
        pytest.param(
            """\
            def f(a, b):
                for x in a:
                    if x > 1:
                        continue
                    elif x < 0:
                        break
                    print(x)
            """,
            7,
            Guard(ELSE, 5, "x < 0", ("x > 1",)),
            id="after an if-elif chain that always leaves",
        ),
        pytest.param(
            """\
            def f(a):
                if a:
                    return 1
                else:
                    print(a)
                return 2
            """,
            6,
            Guard(ELSE, 2, "a"),
            id="after an if whose else falls through",
        ),
        pytest.param(
            """\
            def f(a, b):
                while b:
                    if a:
                        return 1
                    else:
                        raise ValueError
                    print(a)
            """,
            7,
            Guard(GuardKind.WHILE_BODY, 2, "b"),
            id="nothing after an if whose every branch leaves",
        ),
        pytest.param(
            """\
            def f(a, b):
                if a:
                    print(a)
                elif b:
                    return 2
                return 3
            """,
            6,
            None,
            id="no guard after an if that can fall through",
        ),
        pytest.param(
            """\
            def f(a, b):
                if a:
                    return 1
                elif b:
                    print(b)
                return 3
            """,
            6,
            None,
            id="no guard after an elif that can fall through",
        ),
        pytest.param(
            """\
            def f(items):
                for item in items:
                    print(item)
                else:
                    print("done")
            """,
            3,
            Guard(GuardKind.FOR_BODY, 2, "items"),
            id="for body",
        ),
        pytest.param(
            """\
            async def f(items):
                async for item in items:
                    print(item)
                else:
                    print("done")
            """,
            5,
            Guard(GuardKind.FOR_ELSE, 2, "items"),
            id="async for else",
        ),
        pytest.param(
            """\
            def f(n):
                while n > 0:
                    n -= 1
                else:
                    print("done")
            """,
            3,
            Guard(GuardKind.WHILE_BODY, 2, "n > 0"),
            id="while body",
        ),
        pytest.param(
            """\
            def f(n):
                while n > 0:
                    n -= 1
                else:
                    print("done")
            """,
            5,
            Guard(GuardKind.WHILE_ELSE, 2, "n > 0"),
            id="while else",
        ),
        pytest.param(
            """\
            def refund_order(order):
                try:
                    order.refund()
                except TimeoutError:
                    order.retry()
                    return False
                except:
                    raise
                else:
                    return True
                finally:
                    order.close()
            """,
            4,
            Guard(GuardKind.EXCEPT, 4, "TimeoutError"),
            id="except line and body",
        ),
        pytest.param(
            """\
            def f(order):
                try:
                    order.refund()
                except:
                    raise
            """,
            5,
            Guard(GuardKind.EXCEPT, 4, ""),
            id="bare except",
        ),
        pytest.param(
            """\
            def f(order):
                try:
                    order.refund()
                except ValueError:
                    return False
                else:
                    return True
            """,
            7,
            Guard(GuardKind.TRY_ELSE, 2),
            id="try else",
        ),
        pytest.param(
            """\
            def f(order):
                try:
                    order.refund()
                finally:
                    order.close()
            """,
            5,
            None,
            id="try body and finally are not guarded",
        ),
        pytest.param(
            """\
            def f(path):
                with open(path) as handle:
                    return handle.read()
            """,
            3,
            None,
            id="with body is not guarded",
        ),
        pytest.param(
            """\
            def f(command):
                match command:
                    case [x, y] if x > y:
                        return x
                    case {"go": where}:
                        return where
                    case _:
                        return None
            """,
            4,
            Guard(GuardKind.MATCH_CASE, 3, "[x, y] if x > y", (), "command"),
            id="case with a guard",
        ),
        pytest.param(
            """\
            def f(command):
                match command:
                    case [x, y] if x > y:
                        return x
                    case {"go": where}:
                        return where
                    case _:
                        return None
            """,
            7,
            Guard(GuardKind.NO_MATCH, 7, "{'go': where}", ("[x, y] if x > y",), "command"),
            id="catch-all case needs every other pattern missed",
        ),
        pytest.param(
            """\
            def f(command):
                match command:
                    case other:
                        return other
            """,
            4,
            Guard(GuardKind.MATCH_CASE, 3, "other", (), "command"),
            id="a lone catch-all case",
        ),
        pytest.param(
            """\
            def f(command):
                match command:
                    case 1:
                        return "one"
                    case 2 | 3:
                        return "few"
                return "many"
            """,
            7,
            Guard(GuardKind.NO_MATCH, 2, "2 | 3", ("1",), "command"),
            id="after a match whose every case leaves",
        ),
        pytest.param(
            """\
            def f(command):
                match command:
                    case 1:
                        print("one")
                return "many"
            """,
            5,
            None,
            id="no guard after a match that can fall through",
        ),
        pytest.param(
            """\
            def f(command):
                match command:
                    case 1:
                        return "one"
                    case _:
                        return "other"
                return "never"
            """,
            7,
            None,
            id="no guard after a match with a catch-all",
        ),
        pytest.param(
            """\
            if DEBUG:
                def f(x):
                    return x
            """,
            3,
            None,
            id="a guard around a def does not guard its body",
        ),
        pytest.param(
            """\
            if DEBUG:
                def f(x):
                    return x
            """,
            2,
            Guard(IF, 1, "DEBUG"),
            id="a guard around a def guards the def statement",
        ),
        pytest.param(
            """\
            if sys.version_info >= (3, 11):
                class A:
                    x = 1
            """,
            3,
            Guard(IF, 1, "sys.version_info >= (3, 11)"),
            id="a class body runs when its class statement does",
        ),
    ],
)
def test_guard_at_finds_what_decides_a_line(source, line, expected):
    assert _index(source).guard_at(line) == expected


@pytest.mark.skipif(sys.version_info < (3, 11), reason="except* is new in Python 3.11")
def test_guard_at_understands_except_star():
    source = """\
    def f():
        try:
            run()
        except* (OSError, ValueError):
            cleanup()
    """
    assert _index(source).guard_at(5) == Guard(GuardKind.EXCEPT_STAR, 4, "(OSError, ValueError)")


LOOPS = """\
def f(items, n):
    if (n > 0 and
            n < 9):
        n = 1
    for item in (
        items
    ):
        print(item)
    with open(n) as a, open(n):
        pass
    try:
        pass
    except OSError: pass
    match n:
        case 1:
            pass
    x = 1
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            2,
            Decision(
                2,
                "if n > 0 and n < 9",
                (4, 4),
                Guard(IF, 2, "n > 0 and n < 9"),
                Guard(ELSE, 2, "n > 0 and n < 9"),
            ),
        ),
        # Every line of a multi-line header finds its statement.
        (
            3,
            Decision(
                2,
                "if n > 0 and n < 9",
                (4, 4),
                Guard(IF, 2, "n > 0 and n < 9"),
                Guard(ELSE, 2, "n > 0 and n < 9"),
            ),
        ),
        (
            7,
            Decision(
                5,
                "for item in items",
                (8, 8),
                Guard(GuardKind.FOR_BODY, 5, "items"),
                Guard(GuardKind.FOR_ELSE, 5, "items"),
            ),
        ),
        (9, Decision(9, "with open(n) as a, open(n)", (10, 10), None, None)),
        (
            13,
            Decision(13, "except OSError", (13, 13), Guard(GuardKind.EXCEPT, 13, "OSError"), None),
        ),
        (
            15,
            Decision(
                15,
                "case 1",
                (16, 16),
                Guard(GuardKind.MATCH_CASE, 15, "1", (), "n"),
                Guard(GuardKind.NO_MATCH, 15, "1", (), "n"),
            ),
        ),
        (4, None),
        (14, None),
        (17, None),
    ],
)
def test_decision_at_describes_both_ways_a_header_can_go(line, expected):
    assert SymbolIndex.from_source(LOOPS, "pkg.calc").decision_at(line) == expected
