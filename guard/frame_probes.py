"""Source that looks up its callers' frames, and whether it looks for a test there.

`sys._getframe`, `inspect.stack` and their kin are how logging and debugging
libraries find the caller's file and line, so reading the stack is no proof
of gaming. What is: a function that reads the stack and, in the same function,
compares what it found (a file name, a function name, a module's `__name__`)
with a string naming a test: "test", "tests", "pytest", "conftest", "unittest"
or a `test_` prefix. That comparison is an error at its line; a stack read
with no such comparison is a warning at the call, for a human to glance at.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping

from guard.ast_names import callee, dotted
from guard.import_aliases import import_aliases, resolved
from guard.model import Severity
from guard.sightings import Sighting
from guard.syntax_trees import nodes_of

TEST_AWARE_SOURCE = "integrity.test-aware-source"

FRAME_PROBES = frozenset(
    {
        "sys._getframe",
        "sys._getframemodulename",
        "inspect.currentframe",
        "inspect.stack",
        "inspect.trace",
        "inspect.getouterframes",
        "traceback.extract_stack",
        "traceback.format_stack",
        "traceback.walk_stack",
    }
)
# Attributes that only frames, code objects and frame records have; `filename`
# or `function` on a record from `inspect.stack()` are found through the names
# bound to it instead, since those attribute names are common elsewhere.
_FRAME_FIELDS = frozenset(
    {"f_back", "f_code", "f_globals", "f_locals", "co_filename", "co_name", "co_qualname"}
)
_SEARCHES = frozenset(
    {"startswith", "endswith", "find", "rfind", "index", "count", "search", "match", "fullmatch"}
    | {"findall", "fnmatch", "fnmatchcase", "__contains__"}
)
_TEST_WORD = re.compile(r"(?<![a-z])(?:py|conf|unit)?tests?(?![a-z])", re.IGNORECASE)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def frame_probe_sightings(tree: ast.Module) -> Iterator[Sighting]:
    """Stack reads in each function (or class body, or module body), judged per scope."""
    aliases = import_aliases(tree)
    for scope in [tree, *(node for node in nodes_of(tree) if isinstance(node, _SCOPES))]:
        yield from _judge_scope(_own_nodes(scope), aliases)


def _own_nodes(scope: ast.AST) -> list[ast.AST]:
    """The nodes of a scope, without those of the functions and classes nested in it."""
    nodes: list[ast.AST] = []
    pending = list(ast.iter_child_nodes(scope))
    while pending:
        node = pending.pop()
        if not isinstance(node, _SCOPES):
            nodes.append(node)
            pending.extend(ast.iter_child_nodes(node))
    return nodes


def _judge_scope(nodes: list[ast.AST], aliases: Mapping[str, str]) -> Iterator[Sighting]:
    probes = _probes(nodes, aliases)
    if not probes:
        return
    searches = _FrameNames(aliases, nodes).searches(nodes)
    for node, marker in searches:
        yield Sighting(
            TEST_AWARE_SOURCE,
            node.lineno,
            f"the caller's frames are searched for {marker!r}",
            "code that checks whether a test called it behaves differently under test",
            "Make the code behave the same for every caller, and test the real behaviour.",
        )
    if not searches:
        yield from (_stack_read(call.lineno, name) for call, name in probes)


def _stack_read(line: int, name: str) -> Sighting:
    return Sighting(
        TEST_AWARE_SOURCE,
        line,
        f"`{name}()` reads the call stack",
        "logging and debugging code does this, but it is also how code finds out that "
        "a test called it; nothing here compares the frames with a test's name",
        "If this only logs or debugs, a human can approve it; if behaviour depends on "
        "the caller, make it the same for every caller.",
        severity=Severity.WARNING,
    )


def _probes(nodes: list[ast.AST], aliases: Mapping[str, str]) -> list[tuple[ast.Call, str]]:
    calls = [node for node in nodes if isinstance(node, ast.Call)]
    return [(call, name) for call in calls if (name := _probe_name(call, aliases))]


def _probe_name(call: ast.Call, aliases: Mapping[str, str]) -> str:
    name = resolved(dotted(call.func), aliases)
    return name if name in FRAME_PROBES else ""


class _FrameNames:
    """The names a scope binds to frames or to what was read from them.

    `caller = sys._getframe(1)`, `for record in inspect.stack()` and
    `name = caller.f_code.co_name` each bind a name to frame data; so does any
    binding whose value mentions such a name, followed until nothing new is bound.
    """

    def __init__(self, aliases: Mapping[str, str], nodes: list[ast.AST]) -> None:
        self._aliases = aliases
        self._names: set[str] = set()
        bindings = [binding for node in nodes for binding in _bindings(node)]
        grew = True
        while grew:
            before = len(self._names)
            for targets, bound in bindings:
                if self.mentions_frame(bound):
                    self._names |= {
                        name.id for name in ast.walk(targets) if isinstance(name, ast.Name)
                    }
            grew = len(self._names) > before

    def mentions_frame(self, expression: ast.AST) -> bool:
        """Whether `expression` reads the stack, a frame's fields, or a name bound to them."""
        for node in ast.walk(expression):
            if isinstance(node, ast.Call) and _probe_name(node, self._aliases):
                return True
            if isinstance(node, ast.Attribute) and node.attr in _FRAME_FIELDS:
                return True
            if isinstance(node, ast.Name) and node.id in self._names:
                return True
        return False

    def searches(self, nodes: list[ast.AST]) -> list[tuple[ast.expr, str]]:
        """Each comparison in `nodes` of frame data with a test's name, and that name."""
        expressions = [node for node in nodes if isinstance(node, ast.expr)]
        return [(node, marker) for node in expressions if (marker := self.test_marker(node))]

    def test_marker(self, node: ast.expr) -> str:
        """The test-naming string that `node` compares frame data with, or ""."""
        operands = _operands(node)
        markers = [marker for operand in operands if (marker := _test_word(operand))]
        others = [operand for operand in operands if not _test_word(operand)]
        if markers and any(self.mentions_frame(operand) for operand in others):
            return markers[0]
        return ""


def _bindings(node: ast.AST) -> Iterator[tuple[ast.AST, ast.AST]]:
    """(targets, value) of each way a scope binds a name to a value."""
    if isinstance(node, ast.Assign):
        yield from ((target, node.value) for target in node.targets)
    elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
        yield node.target, node.value
    elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
        yield node.target, node.iter
    elif isinstance(node, ast.withitem) and node.optional_vars is not None:
        yield node.optional_vars, node.context_expr


def _operands(node: ast.expr) -> list[ast.expr]:
    """What a comparison, or a search such as `name.startswith("test_")`, compares."""
    if isinstance(node, ast.Compare):
        return [node.left, *node.comparators]
    if isinstance(node, ast.Call) and callee(node) in _SEARCHES:
        receiver = [node.func.value] if isinstance(node.func, ast.Attribute) else []
        return [*receiver, *node.args, *(keyword.value for keyword in node.keywords)]
    return []


def _test_word(operand: ast.expr) -> str:
    """The string in `operand` (or in its tuple, list or set) that names a test, or ""."""
    elements = operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) else [operand]
    for element in elements:
        text = element.value if isinstance(element, ast.Constant) else None
        if isinstance(text, str) and _TEST_WORD.search(text):
            return text
    return ""
