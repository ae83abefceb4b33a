"""One parse per text per run: the integrity checks all read the same changed files.

The harness, hollow-test, skip, removed-test, special-case and assertion checks
each need the syntax tree of a changed test or source file, at the head and
often at the base. Parsing is most of their cost on a change that rewrites many
test modules, so the trees are kept by text for the run. The checks only read
the trees; none may change one.
"""

from __future__ import annotations

import ast
import functools

UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)
"""What `ast.parse` raises for text that is not Python it can read (ValueError: a null byte
on Python 3.10; RecursionError/MemoryError: nesting too deep)."""


def parse_or_none(source: str | None) -> ast.Module | None:
    """`parse_once(source)`, or None for no text or text that does not parse: the checks that
    call it leave reporting a broken file to the quality rules."""
    if source is None:
        return None
    try:
        return parse_once(source)
    except UNPARSABLE:
        return None


@functools.lru_cache(maxsize=256)
def parse_once(source: str) -> ast.Module:
    """`ast.parse(source)`, shared; raises what `ast.parse` raises (failures are not kept)."""
    return ast.parse(source)


@functools.lru_cache(maxsize=256)
def nodes_of(tree: ast.AST) -> tuple[ast.AST, ...]:
    """`tuple(ast.walk(tree))`, shared: each check that looks at every node walks a list."""
    return tuple(ast.walk(tree))
