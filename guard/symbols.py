"""Where a line sits in a module: the symbol around it and the construct that decides if it runs.

Findings name their enclosing symbol (`pkg.calc.Account.refund`) and hints name the condition
an agent must arrange. Both come from one `ast.parse` and one walk over the statements
(expressions never hold statements), so that each lookup by line is an array read.
"""

from __future__ import annotations

import ast
import enum
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

_LEAVES = (ast.Return, ast.Raise, ast.Break, ast.Continue)
# `except*` (ast.TryStar) exists from Python 3.11; guard supports 3.10.
_TRY_NODES: tuple[type[ast.Try], ...] = tuple(
    getattr(ast, name) for name in ("Try", "TryStar") if hasattr(ast, name)
)
_Located = ast.stmt | ast.expr | ast.pattern | ast.excepthandler


def module_name(relpath: str) -> str:
    """The dotted module name of a repo-relative posix path: `src/pkg/__init__.py` is `pkg`."""
    parts = list(PurePosixPath(relpath).with_suffix("").parts)
    if parts[0] == "src" and len(parts) > 1:
        parts.pop(0)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def snippet(source_lines: Sequence[str], start: int, end: int, max_lines: int = 5) -> str:
    """Lines `start`..`end` (1-based, inclusive), dedented, with a final `…` line if cut short."""
    end = min(end, len(source_lines))
    shown = [line.rstrip() for line in source_lines[start - 1 : min(end, start + max_lines - 1)]]
    text = textwrap.dedent("\n".join(shown))
    if end - start + 1 > max_lines:
        text += "\n…"
    return text


class ScopeKind(enum.Enum):
    """The constructs that give code a qualified name."""

    FUNCTION = "function"
    CLASS = "class"


@dataclass(frozen=True)
class Scope:
    """A `def`, `async def` or `class`, located the way coverage.py locates its code object."""

    kind: ScopeKind
    name: str
    qualname: str  # relative to the module: `Account.refund`, `outer.inner`
    line: int  # the first decorator, else the def/class line; coverage's exit arcs point here
    body: int  # the first body line that is not on the def line (past `end` for a one-liner)
    end: int
    first_statement: int  # the first body statement after any docstring


class GuardKind(enum.Enum):
    """The ways a block can depend on a decision."""

    IF_BODY = "if"  # `text` true, every condition in `earlier` false
    ELSE_BODY = "else"  # `text` and every condition in `earlier` false
    FOR_BODY = "for"  # the iterable `text` is non-empty
    FOR_ELSE = "for-else"  # the loop over `text` ran to completion
    WHILE_BODY = "while"  # `text` true on entry
    WHILE_ELSE = "while-else"  # the loop ran until `text` was false
    EXCEPT = "except"  # `text` (an exception type, or "" for a bare except) was raised
    EXCEPT_STAR = "except*"  # an exception group holding `text` was raised
    TRY_ELSE = "try-else"  # the `try` block at `line` finished without raising
    MATCH_CASE = "case"  # `subject` matches the pattern `text`
    NO_MATCH = "no-match"  # `subject` matches neither `text` nor any pattern in `earlier`


@dataclass(frozen=True)
class Guard:
    """The construct that decides whether a block runs, in the code's own words."""

    kind: GuardKind
    line: int  # the line of the if/elif/for/while/try/except/case that decides
    text: str = ""  # a condition, iterable, exception type or pattern, as `ast.unparse` spells it
    earlier: tuple[str, ...] = ()  # earlier conditions or patterns of the same chain
    subject: str = ""  # the subject of a `match`


@dataclass(frozen=True)
class Decision:
    """A statement that coverage.py sees branch, and the guard of each way it can go."""

    line: int
    code: str  # the header: `if n > 0`, `with open(p) as f`
    body: tuple[int, int]  # the first and last lines of the block it enters
    enter: Guard | None  # what makes it enter that block
    skip: Guard | None  # what makes it go elsewhere


def _end(node: _Located) -> int:
    return node.end_lineno or node.lineno


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None)
    return decorators[0].lineno if decorators else node.lineno


def _is_docstring(node: ast.stmt) -> bool:
    expression = node.value if isinstance(node, ast.Expr) else None
    return isinstance(expression, ast.Constant) and isinstance(expression.value, str)


def _elif(stmts: list[ast.stmt]) -> ast.If | None:
    only = stmts[0] if len(stmts) == 1 else None
    return only if isinstance(only, ast.If) else None


def _leaves(stmts: list[ast.stmt]) -> bool:
    return bool(stmts) and isinstance(stmts[-1], _LEAVES)


def _fallthrough(node: ast.stmt | None) -> Guard | None:
    """What reaching the next statement takes, if `node` is an `if` or `match` that leaves."""
    if isinstance(node, ast.Match):
        return _after_match(node)
    if not isinstance(node, ast.If):
        return None
    conditions: list[str] = []
    branch = node
    while True:
        if not _leaves(branch.body):
            return None
        conditions.append(ast.unparse(branch.test))
        chained = _elif(branch.orelse)
        if chained is None:
            break
        branch = chained
    if _leaves(branch.orelse):
        return None  # every branch leaves, so nothing after it runs
    return Guard(GuardKind.ELSE_BODY, branch.lineno, conditions[-1], tuple(conditions[:-1]))


def _after_match(node: ast.Match) -> Guard | None:
    cases = node.cases
    if any(_irrefutable(case) or not _leaves(case.body) for case in cases):
        return None
    patterns = [_pattern(case) for case in cases]
    subject = ast.unparse(node.subject)
    return Guard(GuardKind.NO_MATCH, node.lineno, patterns[-1], tuple(patterns[:-1]), subject)


def _pattern(case: ast.match_case) -> str:
    guard = f" if {ast.unparse(case.guard)}" if case.guard else ""
    return ast.unparse(case.pattern) + guard


def _irrefutable(case: ast.match_case) -> bool:
    return case.guard is None and isinstance(case.pattern, ast.MatchAs) and not case.pattern.pattern


class _Walker:
    """Collects scopes, guarded blocks and decisions in one pass over the statements."""

    def __init__(self) -> None:
        self.scopes: list[tuple[Scope, int]] = []  # (scope, index of its parent or -1)
        self.blocks: list[tuple[int, int, Guard | None]] = []  # a function body has no guard
        self.decisions: dict[int, Decision] = {}
        self.after_exit: dict[int, Guard] = {}

    def statements(self, stmts: list[ast.stmt], scope: int) -> None:
        previous: ast.stmt | None = None
        for node in stmts:
            guard = _fallthrough(previous)
            if guard is not None:
                self.after_exit[_first_line(node)] = guard
            self.statement(node, scope)
            previous = node

    def statement(self, node: ast.stmt, scope: int) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.definition(node, scope)
        elif isinstance(node, ast.If):
            self.if_chain(node, scope, ())
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            self.loop(node, scope)
        elif isinstance(node, _TRY_NODES):
            self.try_statement(node, scope)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            code = "with " + ", ".join(ast.unparse(managed) for managed in node.items)
            self.decide(node.lineno, node.body, code, None, None)
            self.statements(node.body, scope)
        elif isinstance(node, ast.Match):
            self.match(node, scope)

    def definition(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, scope: int
    ) -> None:
        parent = self.scopes[scope][0].qualname + "." if scope >= 0 else ""
        body = node.body
        first = body[1] if len(body) > 1 and _is_docstring(body[0]) else body[0]
        is_class = isinstance(node, ast.ClassDef)
        new = Scope(
            kind=ScopeKind.CLASS if is_class else ScopeKind.FUNCTION,
            name=node.name,
            qualname=parent + node.name,
            line=_first_line(node),
            body=body[0].lineno if body[0].lineno > node.lineno else _end(node) + 1,
            end=_end(node),
            first_statement=_first_line(first),
        )
        self.scopes.append((new, scope))
        if not is_class:
            # A function body is a boundary: what guards the def does not guard the call.
            self.blocks.append((new.body, new.end, None))
        self.statements(body, len(self.scopes) - 1)

    def decide(
        self, line: int, body: list[ast.stmt], code: str, enter: Guard | None, skip: Guard | None
    ) -> None:
        first = body[0].lineno
        decision = Decision(line, code, (first, _end(body[-1])), enter, skip)
        for header_line in range(line, max(line, first - 1) + 1):
            self.decisions[header_line] = decision

    def guarded(self, stmts: list[ast.stmt], guard: Guard, after: int, scope: int) -> None:
        # A body on its header's line is that header's statement, decided by the outer block.
        if stmts and stmts[0].lineno > after:
            self.blocks.append((_first_line(stmts[0]), _end(stmts[-1]), guard))
        self.statements(stmts, scope)

    def if_chain(self, node: ast.If, scope: int, earlier: tuple[str, ...]) -> None:
        test = ast.unparse(node.test)
        enter = Guard(GuardKind.IF_BODY, node.lineno, test, earlier)
        skip = Guard(GuardKind.ELSE_BODY, node.lineno, test, earlier)
        self.decide(node.lineno, node.body, f"if {test}", enter, skip)
        self.guarded(node.body, enter, _end(node.test), scope)
        chained = _elif(node.orelse)
        if chained is None:
            self.guarded(node.orelse, skip, _end(node.body[-1]), scope)
            return
        self.blocks.append((chained.lineno, _end(chained), skip))
        self.if_chain(chained, scope, (*earlier, test))

    def loop(self, node: ast.For | ast.AsyncFor | ast.While, scope: int) -> None:
        if isinstance(node, ast.While):
            head: ast.expr = node.test
            text = ast.unparse(head)
            code = f"while {text}"
            kinds = (GuardKind.WHILE_BODY, GuardKind.WHILE_ELSE)
        else:
            head = node.iter
            text = ast.unparse(head)
            code = f"for {ast.unparse(node.target)} in {text}"
            kinds = (GuardKind.FOR_BODY, GuardKind.FOR_ELSE)
        enter, skip = (Guard(kind, node.lineno, text) for kind in kinds)
        self.decide(node.lineno, node.body, code, enter, skip)
        self.guarded(node.body, enter, _end(head), scope)
        self.guarded(node.orelse, skip, _end(node.body[-1]), scope)

    def try_statement(self, node: ast.Try, scope: int) -> None:
        self.statements(node.body, scope)
        star = type(node).__name__ == "TryStar"
        kind = GuardKind.EXCEPT_STAR if star else GuardKind.EXCEPT
        for clause in node.handlers:
            text = ast.unparse(clause.type) if clause.type else ""
            guard = Guard(kind, clause.lineno, text)
            code = f"{kind.value} {text}".rstrip()
            self.decide(clause.lineno, clause.body, code, guard, None)
            self.blocks.append((clause.lineno, _end(clause), guard))
            self.statements(clause.body, scope)
        self.guarded(node.orelse, Guard(GuardKind.TRY_ELSE, node.lineno), node.lineno, scope)
        self.statements(node.finalbody, scope)

    def match(self, node: ast.Match, scope: int) -> None:
        subject = ast.unparse(node.subject)
        seen: list[str] = []
        for case in node.cases:
            line = case.pattern.lineno
            if _irrefutable(case) and seen:
                enter = Guard(GuardKind.NO_MATCH, line, seen[-1], tuple(seen[:-1]), subject)
            else:
                pattern = _pattern(case)
                enter = Guard(GuardKind.MATCH_CASE, line, pattern, (), subject)
                seen.append(pattern)
            skip = Guard(GuardKind.NO_MATCH, line, seen[-1], tuple(seen[:-1]), subject)
            self.decide(line, case.body, f"case {enter.text}", enter, skip)
            self.blocks.append((line, _end(case.body[-1]), enter))
            self.statements(case.body, scope)


def _by_line(spans: Sequence[tuple[int, int]], size: int) -> list[int]:
    """For each line, the index of the last span that holds it; spans come outer before inner."""
    owner = [-1] * (size + 1)
    for index, (start, end) in enumerate(spans):
        owner[start : end + 1] = [index] * (end - start + 1)
    return owner


class SymbolIndex:
    """Lookups by line over one parsed module."""

    def __init__(self, module: str, walker: _Walker, size: int) -> None:
        self.module = module
        self._scopes = walker.scopes
        self._scope_at = _by_line([(scope.line, scope.end) for scope, _ in self._scopes], size)
        self._guards = [guard for _, _, guard in walker.blocks]
        self._guard_at = _by_line([(start, end) for start, end, _ in walker.blocks], size)
        self._decisions = walker.decisions
        self._after_exit = walker.after_exit

    @classmethod
    def from_source(cls, source: str, module: str) -> SymbolIndex:
        """Index `source`; raises SyntaxError or ValueError when it does not parse."""
        tree = ast.parse(source)
        walker = _Walker()
        walker.statements(tree.body, -1)
        return cls(module, walker, _end(tree.body[-1]) if tree.body else 0)

    def scopes_at(self, line: int) -> tuple[Scope, ...]:
        """The defs and classes around `line`, outermost first; a decorator belongs to its def."""
        index = self._scope_at[line] if 0 < line < len(self._scope_at) else -1
        chain: list[Scope] = []
        while index >= 0:
            scope, index = self._scopes[index]
            chain.append(scope)
        return tuple(reversed(chain))

    def symbol_at(self, line: int) -> str:
        """The qualified name of the innermost def or class around `line`, else the module's."""
        scopes = self.scopes_at(line)
        return f"{self.module}.{scopes[-1].qualname}" if scopes else self.module

    def function_at(self, line: int) -> str | None:
        """The bare name of the innermost function around `line`; None at module or class level."""
        scopes = self.scopes_at(line)
        if scopes and scopes[-1].kind is ScopeKind.FUNCTION:
            return scopes[-1].name
        return None

    def guard_at(self, line: int) -> Guard | None:
        """The construct that decides whether `line` runs, without looking past its function.

        That is an `if` just before the statement on `line` whose every branch leaves the
        block, else the innermost guarded block holding `line`. Later lines of a range run
        because its first line did, so a range is judged by its first line.
        """
        if line in self._after_exit:
            return self._after_exit[line]
        index = self._guard_at[line] if 0 < line < len(self._guard_at) else -1
        return self._guards[index] if index >= 0 else None

    def decision_at(self, line: int) -> Decision | None:
        """The branching statement whose header spans `line`, if any."""
        return self._decisions.get(line)
