from __future__ import annotations

import sys
import textwrap

import pytest

from guard.hints import _condition, hint_for_branch, hint_for_lines
from guard.symbols import Guard, GuardKind, SymbolIndex

BILLING = '''\
import sys


def refund_order(order):
    try:
        order.refund()
    except TimeoutError:
        order.retry()
        return False
    except (KeyError, LookupError):
        return None
    except billing.Declined:
        raise
    except:
        raise
    else:
        return True


class Account:
    def withdraw(self, amount, limit):
        if amount > limit:
            self.alert(amount)
            raise ValueError(amount)
        elif amount < 0:
            return 0
        elif amount == 0:
            return None
        else:
            self.balance -= amount
        return amount

    class Ledger:
        rate = 1

        @staticmethod
        def post(entries, n, command):
            for entry in entries:
                print(entry)
            else:
                print("done")
            while n > 0:
                n -= 1
            else:
                print("empty")
            match command:
                case [x, y]:
                    return x
                case "go":
                    return y
                case _:
                    return None


def unused(x):
    """Never called."""
    y = x + 1
    return y


if sys.version_info >= (3, 11):
    FAST = True

print("loaded")

if __name__ == "__main__":
    main()
'''


def _billing() -> SymbolIndex:
    return SymbolIndex.from_source(BILLING, "billing.refund")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            7,
            9,
            "Add a test that calls `refund_order` so that `TimeoutError` is raised inside its "
            "`try` block, so that lines 7-9 (the `except TimeoutError` path) run.",
        ),
        (
            10,
            11,
            "Add a test that calls `refund_order` so that an exception matching "
            "`(KeyError, LookupError)` is raised inside its `try` block, so that lines 10-11 "
            "(the `except (KeyError, LookupError)` path) run.",
        ),
        (
            12,
            13,
            "Add a test that calls `refund_order` so that `billing.Declined` is raised inside its "
            "`try` block, so that lines 12-13 (the `except billing.Declined` path) run.",
        ),
        (
            14,
            15,
            "Add a test that calls `refund_order` so that an exception is raised inside its "
            "`try` block, so that lines 14-15 (the `except` path) run.",
        ),
        (
            17,
            17,
            "Add a test that calls `refund_order` so that the `try` block on line 5 finishes "
            "without raising, so that line 17 runs.",
        ),
        (
            23,
            24,
            "Add a test that calls `Account.withdraw` with `amount > limit` true, "
            "so that lines 23-24 run.",
        ),
        (
            25,
            26,
            "Add a test that calls `Account.withdraw` with `amount > limit` false, "
            "so that lines 25-26 run.",
        ),
        (
            28,
            28,
            "Add a test that calls `Account.withdraw` with `amount > limit` and `amount < 0` both "
            "false and `amount == 0` true, so that line 28 runs.",
        ),
        (
            30,
            30,
            "Add a test that calls `Account.withdraw` with `amount > limit`, `amount < 0` and "
            "`amount == 0` all false, so that line 30 runs.",
        ),
        # Only the final `else` falls through, so the line after the chain needs it too.
        (
            31,
            31,
            "Add a test that calls `Account.withdraw` with `amount > limit`, `amount < 0` and "
            "`amount == 0` all false, so that line 31 runs.",
        ),
        (
            39,
            39,
            "Add a test that calls `Account.Ledger.post` with `entries` non-empty, "
            "so that line 39 runs.",
        ),
        (
            41,
            41,
            "Add a test that calls `Account.Ledger.post` so that the loop over `entries` runs to "
            "completion, so that line 41 runs.",
        ),
        (
            43,
            43,
            "Add a test that calls `Account.Ledger.post` with `n > 0` true on entry, "
            "so that line 43 runs.",
        ),
        (
            45,
            45,
            "Add a test that calls `Account.Ledger.post` so that the `while` loop runs until "
            "`n > 0` is false, so that line 45 runs.",
        ),
        (
            47,
            48,
            "Add a test that calls `Account.Ledger.post` with `command` matching `[x, y]`, "
            "so that lines 47-48 run.",
        ),
        (
            51,
            52,
            "Add a test that calls `Account.Ledger.post` with `command` matching none of "
            "`[x, y]`, `'go'`, so that lines 51-52 run.",
        ),
        (
            57,
            58,
            "Add a test that calls `billing.refund.unused`; it never ran (lines 57-58).",
        ),
        # Decorator and def lines run at import, in the module, not in the function.
        (36, 37, "Import or run `billing.refund` in a test so that lines 36-37 run."),
        (
            62,
            62,
            "Import `billing.refund` in a test with `sys.version_info >= (3, 11)` true, "
            "so that line 62 runs.",
        ),
        (64, 64, "Import or run `billing.refund` in a test so that line 64 runs."),
        (
            67,
            67,
            "Run `billing.refund` as a script (`python -m billing.refund`) in a test "
            "so that line 67 runs.",
        ),
    ],
)
def test_hint_for_lines_names_the_call_and_the_condition(start, end, expected):
    assert hint_for_lines(_billing(), start, end) == expected


@pytest.mark.parametrize(
    ("source", "start", "end", "expected"),
    [
        pytest.param(
            """\
            def load(path):
                data = read(path)
                return data
            """,
            3,
            3,
            "Add a test that calls `load` so that line 3 runs.",
            id="nothing decides: the function ran but stopped early",
        ),
        pytest.param(
            """\
            def load(path):
                if not path:
                    return None
                data = read(path)
                return data
            """,
            4,
            5,
            "Add a test that calls `load` with `not path` false, so that lines 4-5 run.",
            id="after an early return",
        ),
        pytest.param(
            """\
            def make():
                class Local:
                    size = compute()
                return Local
            """,
            3,
            3,
            "Add a test that calls `make` so that line 3 runs.",
            id="a class body runs when the function around it is called",
        ),
        pytest.param(
            """\
            if "__main__" == __name__:
                main()
            """,
            2,
            2,
            "Run `tool` as a script (`python -m tool`) in a test so that line 2 runs.",
            id="main guard written the other way round",
        ),
        pytest.param(
            """\
            if DEBUG:
                pass
            elif __name__ == "__main__":
                main()
            """,
            4,
            4,
            "Import `tool` in a test with `DEBUG` false and `__name__ == '__main__'` true, "
            "so that line 4 runs.",
            id="a main guard after another condition is an ordinary condition",
        ),
        pytest.param(
            """\
            try:
                import fast
            except ImportError:
                fast = None
            """,
            3,
            4,
            "Import `tool` in a test so that `ImportError` is raised inside its `try` block, "
            "so that lines 3-4 (the `except ImportError` path) run.",
            id="module-level except",
        ),
        pytest.param(
            """\
            def parse(token):
                match token:
                    case "+":
                        return 1
                return 0
            """,
            5,
            5,
            "Add a test that calls `parse` with `token` not matching `'+'`, so that line 5 runs.",
            id="after a match with one case that leaves",
        ),
    ],
)
def test_hint_for_lines_in_small_modules(source, start, end, expected):
    index = SymbolIndex.from_source(textwrap.dedent(source), "tool")
    assert hint_for_lines(index, start, end) == expected


@pytest.mark.skipif(sys.version_info < (3, 11), reason="except* is new in Python 3.11")
def test_hint_for_lines_in_an_except_star_block():
    source = """\
    def run_all(tasks):
        try:
            gather(tasks)
        except* TimeoutError:
            cancel(tasks)
    """
    index = SymbolIndex.from_source(textwrap.dedent(source), "tool")
    assert hint_for_lines(index, 4, 5) == (
        "Add a test that calls `run_all` so that a group holding `TimeoutError` is raised inside "
        "its `try` block, so that lines 4-5 (the `except* TimeoutError` path) run."
    )


@pytest.mark.parametrize(
    ("from_line", "to_line", "description", "expected"),
    [
        pytest.param(
            22,
            25,
            "line 22 didn't jump to line 25 because the condition on line 22 was always true",
            "Add a test that calls `Account.withdraw` with `amount > limit` false, "
            "so that line 22 jumps to line 25.",
            id="if never false",
        ),
        pytest.param(
            22,
            25,
            "line 22 didn't jump to line 25 because the condition on line 22 was never false",
            "Add a test that calls `Account.withdraw` with `amount > limit` false, "
            "so that line 22 jumps to line 25.",
            id="older coverage wording",
        ),
        pytest.param(
            25,
            26,
            "line 25 didn't jump to line 26 because the condition on line 25 was never true",
            "Add a test that calls `Account.withdraw` with `amount > limit` false and "
            "`amount < 0` true, so that line 25 jumps to line 26.",
            id="elif never true",
        ),
        pytest.param(
            38,
            39,
            "line 38 didn't jump to line 39 because the loop on line 38 never started",
            "Add a test that calls `Account.Ledger.post` with `entries` non-empty, "
            "so that line 38 jumps to line 39.",
            id="for never started",
        ),
        pytest.param(
            38,
            41,
            "line 38 didn't jump to line 41 because the loop on line 38 didn't complete",
            "Add a test that calls `Account.Ledger.post` so that the loop over `entries` runs to "
            "completion, so that line 38 jumps to line 41.",
            id="for never completed",
        ),
        pytest.param(
            42,
            45,
            "line 42 didn't jump to line 45 because the condition on line 42 was always true",
            "Add a test that calls `Account.Ledger.post` so that the `while` loop runs until "
            "`n > 0` is false, so that line 42 jumps to line 45.",
            id="while never ended",
        ),
        pytest.param(
            47,
            49,
            "line 47 didn't jump to line 49 because the pattern on line 47 always matched",
            "Add a test that calls `Account.Ledger.post` with `command` not matching `[x, y]`, "
            "so that line 47 jumps to line 49.",
            id="pattern always matched",
        ),
        pytest.param(
            49,
            50,
            "line 49 didn't jump to line 50 because the pattern on line 49 never matched",
            "Add a test that calls `Account.Ledger.post` with `command` matching `'go'`, "
            "so that line 49 jumps to line 50.",
            id="pattern never matched",
        ),
        pytest.param(
            49,
            51,
            "line 49 didn't jump to line 51 because the pattern on line 49 always matched",
            "Add a test that calls `Account.Ledger.post` with `command` matching none of "
            "`[x, y]`, `'go'`, so that line 49 jumps to line 51.",
            id="second pattern always matched",
        ),
        pytest.param(
            7,
            8,
            "line 7 didn't jump to line 8 because the exception caught by line 7 didn't happen",
            "Add a test that calls `refund_order` so that `TimeoutError` is raised inside its "
            "`try` block, so that line 7 jumps to line 8.",
            id="exception never caught",
        ),
        pytest.param(
            61,
            64,
            "line 61 didn't jump to line 64 because the condition on line 61 was always true",
            "Import `billing.refund` in a test with `sys.version_info >= (3, 11)` false, "
            "so that line 61 jumps to line 64.",
            id="module-level condition",
        ),
        pytest.param(
            66,
            67,
            "line 66 didn't jump to line 67 because the condition on line 66 was never true",
            "Run `billing.refund` as a script (`python -m billing.refund`) in a test "
            "so that line 66 jumps to line 67.",
            id="main guard never true",
        ),
        pytest.param(
            66,
            -1,
            "line 66 didn't exit the module because the condition on line 66 was always true",
            "Import `billing.refund` in a test with `__name__ == '__main__'` false, "
            "so that `billing.refund` exits from line 66.",
            id="module exit",
        ),
        # Without a known cause, the destination tells which way the branch goes.
        pytest.param(
            22,
            23,
            "line 22 didn't jump to line 23",
            "Add a test that calls `Account.withdraw` with `amount > limit` true, "
            "so that line 22 jumps to line 23.",
            id="unknown cause, into the body",
        ),
        pytest.param(
            22,
            25,
            "line 22 didn't jump to line 25",
            "Add a test that calls `Account.withdraw` with `amount > limit` false, "
            "so that line 22 jumps to line 25.",
            id="unknown cause, past the body",
        ),
        pytest.param(
            27,
            -21,
            "line 27 didn't jump to the function exit",
            "Add a test that calls `Account.withdraw` with `amount > limit`, `amount < 0` and "
            "`amount == 0` all false, so that `Account.withdraw` returns from line 27.",
            id="unknown cause, out of the function",
        ),
        pytest.param(
            6,
            9,
            "line 6 didn't jump to line 9",
            "Add a test that calls `refund_order` so that line 6 jumps to line 9.",
            id="not a branching statement",
        ),
        pytest.param(
            34,
            -33,
            "line 34 didn't exit class 'Ledger'",
            "Import or run `billing.refund` in a test so that the body of class `Account.Ledger` "
            "exits from line 34.",
            id="class exit",
        ),
        pytest.param(
            13,
            -4,
            "line 13 didn't except from function 'refund_order' because the raise on line 13 "
            "wasn't executed",
            "Add a test that calls `refund_order` so that `refund_order` raises an exception "
            "from line 13.",
            id="exception out of the function",
        ),
        pytest.param(
            58,
            -55,
            "line 58 didn't return from function 'unused' because the return on line 58 "
            "wasn't executed",
            "Add a test that calls `unused` so that `unused` returns from line 58.",
            id="return",
        ),
    ],
)
def test_hint_for_branch_names_the_condition_at_the_branch(
    from_line, to_line, description, expected
):
    assert hint_for_branch(_billing(), from_line, to_line, description) == expected


@pytest.mark.parametrize(
    ("source", "from_line", "to_line", "description", "expected"),
    [
        pytest.param(
            """\
            def sign(n):
                if n > 0: return 1
                return 0
            """,
            2,
            -1,
            "line 2 didn't return from function 'sign' because the return on line 2 wasn't "
            "executed",
            "Add a test that calls `sign` with `n > 0` true, so that `sign` returns from line 2.",
            id="a one-line body returns from its header",
        ),
        pytest.param(
            """\
            @cache
            def sign(n):
                if n > 0:
                    return 1
            """,
            3,
            -1,
            "line 3 didn't jump to the function exit",
            "Add a test that calls `sign` with `n > 0` false, so that `sign` returns from line 3.",
            id="exit arcs point at the first decorator",
        ),
        pytest.param(
            """\
            def read(path):
                with open(path) as handle:
                    return handle.read()
                return None
            """,
            2,
            4,
            "line 2 didn't jump to line 4",
            "Add a test that calls `read` so that line 2 (`with open(path) as handle`) jumps to "
            "line 4.",
            id="with names its context managers",
        ),
        pytest.param(
            """\
            def first(items):
                for item in items:
                    if item:
                        break
                return item
            """,
            4,
            5,
            "line 4 didn't jump to line 5 because the break on line 4 wasn't executed",
            "Add a test that calls `first` so that line 4 jumps to line 5.",
            id="break is not a branching statement",
        ),
    ],
)
def test_hint_for_branch_in_small_modules(source, from_line, to_line, description, expected):
    index = SymbolIndex.from_source(textwrap.dedent(source), "tool")
    assert hint_for_branch(index, from_line, to_line, description) == expected


def test_an_except_star_guard_asks_for_an_exception_group():
    # Built directly so that this runs on 3.10 too, where `except*` cannot be parsed.
    guard = Guard(GuardKind.EXCEPT_STAR, 4, "TimeoutError")
    assert _condition(guard) == (
        "so that a group holding `TimeoutError` is raised inside its `try` block"
    )
