"""Size limits: how much of a module an agent must read to change one thing in it.

Agents read whole files into their context and find code by name. A long file costs context on
every read, a long function hides its steps, a long signature hides the data it needs, and a
module with many definitions has no single job. Each rule measures one of these on the tree the
caller already parsed, in one walk over the statements: expressions never hold a `def`, so the
walk skips them and stays cheap on a codebase the size of Django.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from guard.model import Finding, Measured, Severity
from guard.symbols import module_name

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
_Function = ast.FunctionDef | ast.AsyncFunctionDef

# The compound statements a hint can name as a block to extract.
BLOCK_NAMES: dict[type[ast.stmt], str] = {
    ast.If: "if",
    ast.For: "for",
    ast.AsyncFor: "async for",
    ast.While: "while",
    ast.Try: "try",
    ast.With: "with",
    ast.AsyncWith: "async with",
    ast.Match: "match",
    # `except*` (ast.TryStar) exists from Python 3.11; guard supports 3.10.
    **{getattr(ast, name): "try" for name in ("TryStar",) if hasattr(ast, name)},
}
_CANDIDATES = 3  # how many blocks or definitions a hint names


@dataclass(frozen=True)
class SizeSettings:
    """The limits; a figure equal to its limit passes."""

    max_file_lines: int = 500
    max_function_lines: int = 60  # of the body after the docstring
    max_parameters: int = 6  # keyword-only ones with a default do not count
    max_definitions: int = 30


@dataclass(frozen=True)
class _Def:
    node: _Definition
    qualname: str  # relative to the module, without `<locals>`: `Account.refund`, `outer.inner`
    in_class: bool  # in a class body, so a function here is a method
    top_level: bool  # in the module body, or under a module-level `if`/`try`/...


def size_findings(
    tree: ast.Module, source: str, path: str, settings: SizeSettings
) -> list[Measured]:
    """Every size limit `tree` (parsed from `source`, at repo-relative `path`) goes over."""
    module = module_name(path)
    definitions = list(_definitions(tree.body, "", in_class=False, top_level=True))
    top = [d for d in definitions if d.top_level]
    found = _file_lines(source, path, module, top, settings.max_file_lines)
    found += _definition_count(path, module, top, settings.max_definitions)
    for definition in definitions:
        node = definition.node
        if isinstance(node, _FUNCTIONS):
            found += _function_lines(node, definition, path, module, settings.max_function_lines)
            found += _too_many_parameters(node, definition, path, module, settings.max_parameters)
    return sorted(found, key=lambda m: (m.finding.line, m.finding.rule, m.subject))


def lines_of(node: ast.stmt) -> int:
    """The lines from the statement's first line (a def's `def`, not its decorators) to its last."""
    return (node.end_lineno or node.lineno) - node.lineno + 1


def largest_blocks(body: list[ast.stmt]) -> list[str]:
    """The biggest compound statements of `body`, biggest first: "the `for` at lines 3-40"."""
    blocks = [node for node in body if type(node) in BLOCK_NAMES]
    blocks.sort(key=lines_of, reverse=True)
    return [
        f"the `{BLOCK_NAMES[type(node)]}` at lines {node.lineno}-{node.end_lineno}"
        f" ({lines_of(node)} lines)"
        for node in blocks[:_CANDIDATES]
    ]


def child_blocks(node: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists directly inside a compound statement, in source order."""
    yield getattr(node, "body", [])
    for clause in getattr(node, "handlers", ()) or getattr(node, "cases", ()):
        yield clause.body
    yield getattr(node, "orelse", [])
    yield getattr(node, "finalbody", [])


def _definitions(
    stmts: list[ast.stmt], prefix: str, *, in_class: bool, top_level: bool
) -> Iterator[_Def]:
    for node in stmts:
        if isinstance(node, _DEFINITIONS):
            qualname = prefix + node.name
            yield _Def(node, qualname, in_class, top_level)
            is_class = isinstance(node, ast.ClassDef)
            yield from _definitions(node.body, qualname + ".", in_class=is_class, top_level=False)
        elif type(node) in BLOCK_NAMES:
            for block in child_blocks(node):
                yield from _definitions(block, prefix, in_class=in_class, top_level=top_level)


def _measured(finding: Finding, key: str, figure: int) -> list[Measured]:
    return [Measured(finding, subject=f"{finding.rule}:{key}", figure=figure)]


def _file_lines(source: str, path: str, module: str, top: list[_Def], limit: int) -> list[Measured]:
    count = len(source.splitlines())
    if count <= limit:
        return []
    biggest = sorted(top, key=lambda d: lines_of(d.node), reverse=True)[:_CANDIDATES]
    names = ", ".join(f"`{d.qualname}` ({lines_of(d.node)} lines)" for d in biggest)
    candidates = f"; candidates to move: {names}" if names else ""
    finding = Finding(
        rule="size.file-lines",
        severity=Severity.ERROR,
        path=path,
        line=1,
        end_line=count,
        symbol=module,
        message=f"`{path}` has {count} lines, over the limit of {limit}",
        hint=f"Split the module by responsibility{candidates}.",
    )
    return _measured(finding, path, count)


def _definition_count(path: str, module: str, top: list[_Def], limit: int) -> list[Measured]:
    if len(top) <= limit:
        return []
    first_over = top[limit].node
    finding = Finding(
        rule="size.definitions",
        severity=Severity.ERROR,
        path=path,
        line=first_over.lineno,
        end_line=top[-1].node.end_lineno or first_over.lineno,
        symbol=module,
        message=f"`{path}` has {len(top)} top-level definitions, over the limit of {limit}",
        hint=(
            "Split the module by responsibility: move each group of definitions that work "
            f"together into its own module, starting with `{top[limit].qualname}` and after."
        ),
    )
    return _measured(finding, path, len(top))


def _body_lines(node: _Function) -> int:
    """From the first statement after the docstring, or that statement's decorators, to the end.

    A long typed signature or a thorough docstring is not a step to extract, so neither
    counts. A function whose body is only a docstring counts as one line: its `def`.
    """
    body = node.body[1:] if ast.get_docstring(node, clean=False) is not None else node.body
    if not body:
        return 1
    first = body[0]
    decorators: list[ast.expr] = getattr(first, "decorator_list", [])
    start = min([first.lineno, *(decorator.lineno for decorator in decorators)])
    return (node.end_lineno or node.lineno) - start + 1


def _function_lines(
    node: _Function, definition: _Def, path: str, module: str, limit: int
) -> list[Measured]:
    length = _body_lines(node)
    if length <= limit:
        return []
    blocks = largest_blocks(node.body)
    candidates = f"; candidates: {', '.join(blocks)}" if blocks else ""
    symbol = f"{module}.{definition.qualname}"
    finding = Finding(
        rule="size.function-lines",
        severity=Severity.ERROR,
        path=path,
        line=node.lineno,
        end_line=node.end_lineno or node.lineno,
        symbol=symbol,
        message=(
            f"`{definition.qualname}` is {length} lines long without its signature and "
            f"docstring, over the limit of {limit}"
        ),
        hint=f"Extract its steps into named helpers{candidates}.",
    )
    return _measured(finding, symbol, length)


def _too_many_parameters(
    node: _Function, definition: _Def, path: str, module: str, limit: int
) -> list[Measured]:
    names = _parameter_names(node, definition.in_class)
    if len(names) <= limit:
        return []
    symbol = f"{module}.{definition.qualname}"
    finding = Finding(
        rule="size.parameters",
        severity=Severity.ERROR,
        path=path,
        line=node.lineno,
        end_line=max(arg.end_lineno or arg.lineno for arg in signature(node.args)),
        symbol=symbol,
        message=(
            f"`{definition.qualname}` takes {len(names)} parameters, over the limit of {limit}"
        ),
        hint=(
            f"Group the parameters that travel together ({', '.join(names)}) into a dataclass, "
            "or split the function so that each part needs fewer."
        ),
    )
    return _measured(finding, symbol, len(names))


def signature(arguments: ast.arguments) -> list[ast.arg]:
    """Every parameter, in the order the signature lists them."""
    vararg = [arguments.vararg] if arguments.vararg else []
    kwarg = [arguments.kwarg] if arguments.kwarg else []
    return [*arguments.posonlyargs, *arguments.args, *vararg, *arguments.kwonlyargs, *kwarg]


def _parameter_names(node: _Function, in_class: bool) -> list[str]:
    """The parameters that count: a method's `self` or `cls` is bound, so it does not.

    Nor does a keyword-only parameter with a default: a caller who passes it names it, so
    it cannot be mixed up with its neighbours the way a long positional list can.
    """
    arguments = node.args
    stars = {id(arguments.vararg): "*", id(arguments.kwarg): "**"}
    optional = {
        id(arg)
        for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
        if default is not None
    }
    names = [
        stars.get(id(arg), "") + arg.arg for arg in signature(arguments) if id(arg) not in optional
    ]
    bound = in_class and not _is_static(node) and (arguments.posonlyargs or arguments.args)
    return names[1:] if bound else names


def _is_static(node: _Function) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id == "staticmethod")
        or (isinstance(d, ast.Attribute) and d.attr == "staticmethod")
        for d in node.decorator_list
    )
