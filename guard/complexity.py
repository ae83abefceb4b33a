"""Complexity limits: functions an agent can follow path by path, and modules it can keep up.

An agent that changes a function must reason about every path through it, so the number of paths
(radon's cyclomatic complexity) and how deeply blocks nest bound how safely it can edit. radon's
maintainability index (MI) sums volume, complexity and size up per module. Its figure is the one
where lower is worse: a ratchet must flag a fall in the MI, not a rise.

For speed on a large tree everything comes from the tree the caller parsed: one radon complexity
walk serves both the per-function figures and the module total inside the MI, and one walk over
the statements finds the qualified names and the nesting. Only the line counts of the MI need the
source, because comments are not in the tree: one tokenize pass, grouped the way radon groups
lines, so the MI equals `radon.metrics.mi_visit(source, multi=True)` in linear time.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from radon import metrics, raw, visitors  # type: ignore[import-untyped]
from radon.complexity import cc_rank  # type: ignore[import-untyped]

from guard.model import Finding, Measured, Severity
from guard.size_rules import BLOCK_NAMES, child_blocks, largest_blocks
from guard.symbols import module_name

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_Function = ast.FunctionDef | ast.AsyncFunctionDef
_Position = tuple[int, int]  # a def's line and column, which is how radon names a function
_Point = tuple[int, str]  # a decision point: its line and its kind
MI_RANKS = ("A", "B", "C")  # radon maintainability ranks, best first
_MI_FLOOR = {"A": 19, "B": 9}  # radon ranks an index above 19 A, above 9 B, else C
_SHOWN = 8  # how many decision-point lines a hint lists
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")
_LINE_ENDS = (tokenize.NEWLINE, tokenize.NL)
_END_MARKER = tokenize.TokenInfo(tokenize.ENDMARKER, "", (0, 0), (0, 0), "")


@dataclass(frozen=True)
class ComplexitySettings:
    """The limits; a figure equal to its limit passes."""

    max_complexity: int = 10  # radon cyclomatic complexity per function or method
    min_maintainability: str = "B"  # the worst radon MI rank that passes; "C" turns the rule off
    max_nesting: int = 4

    def __post_init__(self) -> None:
        if self.min_maintainability not in MI_RANKS:
            wrong = self.min_maintainability
            raise ValueError(f"min_maintainability must be A, B or C, not {wrong!r}")


@dataclass(frozen=True)
class _Place:
    """The file being measured, and the module name its symbols start with."""

    path: str
    module: str
    lines: int

    def symbol(self, qualname: str) -> str:
        return f"{self.module}.{qualname}" if qualname else self.module


@dataclass
class _Scope:
    """A function, a class or the module: code whose nesting is measured on its own."""

    qualname: str  # relative to the module; "" for the module itself
    is_function: bool
    depth: int = 0  # the deepest nesting of compound statements seen so far
    deepest: ast.stmt | None = None  # the first statement at that depth
    first_over: ast.stmt | None = None  # the first statement deeper than the limit

    def note(self, node: ast.stmt, level: int, limit: int) -> None:
        if level > self.depth:
            self.depth, self.deepest = level, node
        if level > limit and self.first_over is None:
            self.first_over = node


class _Walk:
    """One pass over the statements: scopes with their nesting, and every def by position."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.scopes = [_Scope("", is_function=False)]
        self.functions: dict[_Position, tuple[str, _Function]] = {}
        self.hidden_classes: list[ast.ClassDef] = []  # classes in functions, which radon skips

    def statements(self, stmts: list[ast.stmt], depth: int, scope: _Scope) -> None:
        for node in stmts:
            if isinstance(node, _DEFINITIONS):
                self.definition(node, scope)
            elif type(node) in BLOCK_NAMES:
                self.compound(node, depth + 1, scope)

    def definition(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, parent: _Scope
    ) -> None:
        qualname = f"{parent.qualname}.{node.name}".lstrip(".")
        scope = _Scope(qualname, is_function=not isinstance(node, ast.ClassDef))
        self.scopes.append(scope)
        if isinstance(node, _FUNCTIONS):
            self.functions[node.lineno, node.col_offset] = (qualname, node)
        elif parent.is_function:
            self.hidden_classes.append(node)
        self.statements(node.body, 0, scope)

    def compound(self, node: ast.stmt, level: int, scope: _Scope) -> None:
        scope.note(node, level, self.limit)
        chained = _elif(node)
        for block in child_blocks(node):
            if block and block[0] is chained:
                self.compound(chained, level, scope)  # an `elif` is no deeper than its `if`
            else:
                self.statements(block, level, scope)


def complexity_findings(
    tree: ast.Module, source: str, path: str, settings: ComplexitySettings
) -> list[Measured]:
    """Every complexity limit `tree` (`ast.parse(source)`, at repo-relative `path`) goes over."""
    place = _Place(path, module_name(path), len(source.splitlines()))
    walk = _Walk(settings.max_nesting)
    walk.statements(tree.body, 0, walk.scopes[0])
    visitor = visitors.ComplexityVisitor.from_ast(tree)
    named = _named_scores(_function_scores(visitor, walk.hidden_classes), walk.functions)
    found = [
        _cyclomatic(qualname, node, score, place, settings.max_complexity)
        for qualname, node, score in named
        if score > settings.max_complexity
    ]
    found += [
        _nesting(scope, over, place, settings.max_nesting)
        for scope in walk.scopes
        if (over := scope.first_over)
    ]
    if settings.min_maintainability != "C":
        index = _maintainability_index(tree, source, visitor)
        if _mi_rank(index) > settings.min_maintainability:
            found.append(_maintainability(index, named, place, settings.min_maintainability))
    return sorted(found, key=lambda m: (m.finding.line, m.finding.rule, m.subject))


def _function_scores(visitor: Any, hidden_classes: list[ast.ClassDef]) -> dict[_Position, int]:
    """radon's complexity of every function, method and closure, by the position of its def."""
    pending = [*visitor.functions, *visitor.classes]
    for node in hidden_classes:
        pending += visitors.ComplexityVisitor.from_ast(node).classes
    scores: dict[_Position, int] = {}
    while pending:
        block = pending.pop()
        if isinstance(block, visitors.Class):
            pending += [*block.methods, *block.inner_classes]
        else:
            scores[block.lineno, block.col_offset] = int(block.complexity)
            pending += block.closures
    return scores


def _named_scores(
    scores: dict[_Position, int], functions: dict[_Position, tuple[str, _Function]]
) -> list[tuple[str, _Function, int]]:
    return [(*functions[position], score) for position, score in sorted(scores.items())]


def _maintainability_index(tree: ast.Module, source: str, visitor: Any) -> float:
    """What `radon.metrics.mi_visit(source, multi=True)` returns, without parsing `source` again."""
    lloc, sloc, comment_lines = _line_counts(source)
    comments = comment_lines / float(sloc) * 100 if sloc != 0 else 0
    volume = metrics.h_visit_ast(tree).total.volume
    return float(metrics.mi_compute(volume, visitor.total_complexity, lloc, comments))


def _line_counts(source: str) -> tuple[int, int, int]:
    """radon.raw.analyze's logical lines, source lines and comment lines (comments + docstrings).

    radon finds the lines of each statement by tokenizing a growing buffer until it tokenizes,
    which takes time quadratic in the statement's length: minutes for a 3,000-line literal. One
    tokenize pass finds the same groups; each goes through radon's own counting.
    """
    lloc = sloc = comment_lines = 0
    for lines, tokens in _statements([line.strip() for line in source.splitlines()]):
        comment_lines += sum(1 for token in tokens if token.type == tokenize.COMMENT)
        written = sum(1 for line in lines if line)
        if raw.is_single_token(tokenize.STRING, tokens):  # a docstring, if on several lines
            comment_lines += written if tokens[0].start[0] != tokens[0].end[0] else 0
        elif not raw.is_single_token(tokenize.COMMENT, tokens):
            sloc += written
        lloc += raw._logical(tokens)
    return lloc, sloc, comment_lines


def _statements(lines: list[str]) -> Iterator[tuple[list[str], list[tokenize.TokenInfo]]]:
    """The groups of stripped lines radon tokenizes one at a time, with the tokens radon sees.

    A group is a logical line, or a blank or comment line between them. Stripped lines never
    indent, so the tokens of a group are what tokenizing it alone gives, up to the end marker.
    """
    depth, start, tokens = 0, 0, []
    for token in tokenize.generate_tokens(io.StringIO("\n".join(lines)).readline):
        tokens.append(token)
        if token.type == tokenize.OP:
            depth += (token.string in _OPENING) - (token.string in _CLOSING)
        elif token.type in _LINE_ENDS and depth == 0:
            group = lines[start : token.end[0]]
            if not _ends_mid_statement(group):
                yield group, [*tokens, _END_MARKER]
                start, tokens = token.end[0], []


def _ends_mid_statement(group: list[str]) -> bool:
    """A blank line ends a statement continued by `\\`, but radon reads the group alone, meets the
    end of its input mid-statement, and goes on to the next group."""
    return not group[-1] and len(group) > 1 and group[-2].endswith("\\")


def _mi_rank(index: float) -> str:
    return str(metrics.mi_rank(index))


def _measured(finding: Finding, key: str, figure: float) -> Measured:
    return Measured(finding, subject=f"{finding.rule}:{key}", figure=figure)


def _cyclomatic(qualname: str, node: _Function, score: int, place: _Place, limit: int) -> Measured:
    symbol = place.symbol(qualname)
    finding = Finding(
        rule="complexity.cyclomatic",
        severity=Severity.ERROR,
        path=place.path,
        line=node.lineno,
        end_line=node.end_lineno or node.lineno,
        symbol=symbol,
        message=(
            f"`{qualname}` has cyclomatic complexity {score} (rank {cc_rank(score)}), "
            f"over the limit of {limit}"
        ),
        hint=_cyclomatic_hint(node),
    )
    return _measured(finding, symbol, score)


def _cyclomatic_hint(node: _Function) -> str:
    points = _decision_points(node)
    kinds = Counter(kind for _, kind in points).most_common()
    summary = ", ".join(f"{count} {kind}" for kind, count in kinds)
    lines = sorted({line for line, _ in points})
    shown = ", ".join(map(str, lines[:_SHOWN])) + (", …" if len(lines) > _SHOWN else "")
    where = "line" if len(lines) == 1 else "lines"
    blocks = largest_blocks(node.body)
    advice = (
        f"move the largest branch, {blocks[0]}, into a named helper"
        if blocks
        else "move groups of conditions into named predicate functions"
    )
    return f"Its {len(points)} decision points are {summary}, at {where} {shown}; {advice}."


def _decision_points(function: _Function) -> list[_Point]:
    """What radon counts in the function's own body; nested defs and classes count on their own."""
    points: list[_Point] = []
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, _DEFINITIONS):
            continue
        points += _POINTS.get(type(node), _nothing)(node)
        if not isinstance(node, ast.Assert):  # radon does not look inside an assert
            pending.extend(ast.iter_child_nodes(node))
    return sorted(points)


def _nothing(node: ast.AST) -> list[_Point]:
    return []


def _loop(node: ast.For | ast.AsyncFor | ast.While) -> list[_Point]:
    kind = "while" if isinstance(node, ast.While) else "for"
    return [(node.lineno, kind), *_else(node.orelse, "loop else")]


def _try(node: ast.Try) -> list[_Point]:
    handlers = [(clause.lineno, "except") for clause in node.handlers]
    return [*handlers, *_else(node.orelse, "try else")]


def _else(body: list[ast.stmt], kind: str) -> list[_Point]:
    """An `else:` clause leaves no line of its own in the tree, so name its first statement."""
    return [(body[0].lineno, kind)] if body else []


def _match(node: ast.Match) -> list[_Point]:
    cases = node.cases
    if any(getattr(case.pattern, "pattern", False) is None for case in cases):
        cases = cases[:-1]  # radon does not count the catch-all case
    return [(case.pattern.lineno, "case") for case in cases]


_POINTS: dict[type[ast.AST], Callable[[Any], list[_Point]]] = {
    ast.If: lambda node: [(node.lineno, "if")],
    ast.IfExp: lambda node: [(node.lineno, "conditional expression")],
    ast.For: _loop,
    ast.AsyncFor: _loop,
    ast.While: _loop,
    ast.Try: _try,
    ast.BoolOp: lambda node: [(node.lineno, "and/or")] * (len(node.values) - 1),
    ast.comprehension: lambda node: (
        [(node.target.lineno, "comprehension")]
        + [(test.lineno, "comprehension if") for test in node.ifs]
    ),
    ast.Match: _match,
    ast.Assert: lambda node: [(node.lineno, "assert")],
}


def _elif(node: ast.stmt) -> ast.If | None:
    """The `elif` that continues an `if`; an `if` inside an `else:` sits one column further in."""
    orelse = node.orelse if isinstance(node, ast.If) else []
    chained = orelse[0] if len(orelse) == 1 else None
    if isinstance(chained, ast.If) and chained.col_offset == node.col_offset:
        return chained
    return None


def _nesting(scope: _Scope, over: ast.stmt, place: _Place, limit: int) -> Measured:
    deepest = scope.deepest or over  # never None once a statement is over the limit
    symbol = place.symbol(scope.qualname)
    who = f"`{scope.qualname}`" if scope.qualname else "Module-level code"
    finding = Finding(
        rule="complexity.nesting",
        severity=Severity.ERROR,
        path=place.path,
        line=over.lineno,
        end_line=over.end_lineno or over.lineno,
        symbol=symbol,
        message=f"{who} nests blocks {scope.depth} deep, over the limit of {limit}",
        hint=(
            f"The deepest block is the `{BLOCK_NAMES[type(deepest)]}` at line {deepest.lineno}; "
            "return early from guard clauses instead of wrapping the rest in a block, "
            "or extract the inner block into a named helper."
        ),
    )
    return _measured(finding, symbol, scope.depth)


def _maintainability(
    index: float, named: list[tuple[str, _Function, int]], place: _Place, rank: str
) -> Measured:
    worst = sorted(named, key=lambda item: -item[2])[:3]
    functions = ", ".join(f"`{qualname}` ({score})" for qualname, _, score in worst)
    simplify = f", and simplify its most complex functions: {functions}" if functions else ""
    finding = Finding(
        rule="complexity.maintainability",
        severity=Severity.ERROR,
        path=place.path,
        line=1,
        end_line=max(1, place.lines),
        symbol=place.module,
        message=(
            f"`{place.path}` has maintainability index {index:.1f} (rank {_mi_rank(index)}), "
            f"under the limit of rank {rank} (an index over {_MI_FLOOR[rank]})"
        ),
        hint=(
            "The index falls as a module's volume, complexity and logical lines grow: "
            f"split the module by responsibility{simplify}."
        ),
    )
    return _measured(finding, place.path, index)
