"""The imperative sentence an agent acts on, written from the code around a finding.

A hint says what to call and which condition to arrange, in the code's own words
(`amount > limit` true), so that an agent can write the missing test without first
working out why the lines did not run.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from guard.symbols import Decision, Guard, GuardKind, Scope, ScopeKind, SymbolIndex

_MAIN_TESTS = frozenset({"__name__ == '__main__'", "'__main__' == __name__"})
# coverage.py's causes for a missed branch: the first group means the block was never
# entered, the second that it was never skipped. Older releases say "never false".
_CAUSE = re.compile(
    r"(was never true|was always false|never started|never matched|didn't happen)"
    r"|(was always true|was never false|didn't complete|didn't finish|always matched)"
)


def hint_for_lines(index: SymbolIndex, start: int, end: int) -> str:
    """How to make lines `start`..`end` run."""
    lines = f"line {start}" if start == end else f"lines {start}-{end}"
    caller = _caller(index, start)
    if caller is not None and start <= caller.first_statement:
        return f"Add a test that calls `{index.module}.{caller.qualname}`; it never ran ({lines})."
    guard = index.guard_at(start)
    path = ""
    if guard is not None and guard.kind in (GuardKind.EXCEPT, GuardKind.EXCEPT_STAR):
        clause = f"{guard.kind.value} {guard.text}".rstrip()
        path = f" (the `{clause}` path)"
    verb = "runs" if start == end else "run"
    return f"{_arrange(index, caller, guard)} so that {lines}{path} {verb}."


def hint_for_branch(index: SymbolIndex, from_line: int, to_line: int, description: str) -> str:
    """How to make coverage.py's missed branch `from_line` -> `to_line` happen.

    `description` is coverage's own sentence for the branch; a negative `to_line` is an exit
    from the code object that starts on line `-to_line`.
    """
    decision = index.decision_at(from_line)
    guard = _branch_guard(decision, to_line, description)
    if to_line < 0:
        outcome = _exit(index, from_line, -to_line, description)
    elif decision is not None and guard is None:
        outcome = f"line {from_line} (`{decision.code}`) jumps to line {to_line}"
    else:
        outcome = f"line {from_line} jumps to line {to_line}"
    return f"{_arrange(index, _caller(index, from_line), guard)} so that {outcome}."


def _caller(index: SymbolIndex, line: int) -> Scope | None:
    """The function whose call runs `line`: class bodies and def headers run in their parent."""
    for scope in reversed(index.scopes_at(line)):
        if scope.kind is ScopeKind.FUNCTION and line >= scope.body:
            return scope
    return None


def _branch_guard(decision: Decision | None, to_line: int, description: str) -> Guard | None:
    if decision is None:
        return None
    cause = _CAUSE.search(description)
    if cause is not None:
        entered = cause.group(1) is not None
    elif to_line < 0:
        entered = decision.body[0] == decision.line  # only a one-line body exits from its header
    else:
        entered = decision.body[0] <= to_line <= decision.body[1]
    return decision.enter if entered else decision.skip


def _exit(index: SymbolIndex, from_line: int, start: int, description: str) -> str:
    target = next((s for s in reversed(index.scopes_at(from_line)) if s.line == start), None)
    if target is None:
        return f"`{index.module}` exits from line {from_line}"
    if target.kind is ScopeKind.CLASS:
        return f"the body of class `{target.qualname}` exits from line {from_line}"
    if "except from" in description:
        return f"`{target.qualname}` raises an exception from line {from_line}"
    return f"`{target.qualname}` returns from line {from_line}"


def _arrange(index: SymbolIndex, caller: Scope | None, guard: Guard | None) -> str:
    """The start of a hint: what to run and, if something decides it, what to arrange."""
    module = index.module
    if caller is not None:
        who = f"Add a test that calls `{caller.qualname}`"
    elif guard is None:
        return f"Import or run `{module}` in a test"
    elif guard.kind is GuardKind.IF_BODY and guard.text in _MAIN_TESTS and not guard.earlier:
        return f"Run `{module}` as a script (`python -m {module}`) in a test"
    else:
        who = f"Import `{module}` in a test"
    return f"{who} {_condition(guard)}," if guard is not None else who


def _code(texts: tuple[str, ...], joiner: str) -> str:
    quoted = [f"`{text}`" for text in texts]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])}{joiner}{quoted[-1]}"


def _all_false(conditions: tuple[str, ...]) -> str:
    both = {1: "", 2: " both"}.get(len(conditions), " all")
    return f"{_code(conditions, ' and ')}{both} false"


def _raised(text: str) -> str:
    if not text:
        return "an exception"
    is_name = all(part.isidentifier() for part in text.split("."))
    return f"`{text}`" if is_name else f"an exception matching `{text}`"


def _condition(guard: Guard) -> str:
    """What to arrange so that `guard`'s block runs, phrased to follow the thing to call."""
    return _PHRASES[guard.kind](guard)


def _if_phrase(guard: Guard) -> str:
    if guard.earlier:
        return f"with {_all_false(guard.earlier)} and `{guard.text}` true"
    return f"with `{guard.text}` true"


def _no_match_phrase(guard: Guard) -> str:
    if guard.earlier:
        patterns = _code((*guard.earlier, guard.text), ", ")
        return f"with `{guard.subject}` matching none of {patterns}"
    return f"with `{guard.subject}` not matching `{guard.text}`"


_PHRASES: dict[GuardKind, Callable[[Guard], str]] = {
    GuardKind.IF_BODY: _if_phrase,
    GuardKind.ELSE_BODY: lambda guard: f"with {_all_false((*guard.earlier, guard.text))}",
    GuardKind.FOR_BODY: lambda guard: f"with `{guard.text}` non-empty",
    GuardKind.FOR_ELSE: lambda guard: f"so that the loop over `{guard.text}` runs to completion",
    GuardKind.WHILE_BODY: lambda guard: f"with `{guard.text}` true on entry",
    GuardKind.WHILE_ELSE: (
        lambda guard: f"so that the `while` loop runs until `{guard.text}` is false"
    ),
    GuardKind.EXCEPT: (
        lambda guard: f"so that {_raised(guard.text)} is raised inside its `try` block"
    ),
    GuardKind.EXCEPT_STAR: (
        lambda guard: (
            f"so that a group holding {_raised(guard.text)} is raised inside its `try` block"
        )
    ),
    GuardKind.TRY_ELSE: (
        lambda guard: f"so that the `try` block on line {guard.line} finishes without raising"
    ),
    GuardKind.MATCH_CASE: lambda guard: f"with `{guard.subject}` matching `{guard.text}`",
    GuardKind.NO_MATCH: _no_match_phrase,
}
