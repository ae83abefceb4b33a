"""What the integrity gate reads of every source file: the names it defines, what it imports.

Two integrity checks look past the change to the whole source tree: a removed
test counts only while the code it called still exists (the defined names),
and the blast radius follows imports (the imported modules). Both come from
one parse of each file, kept in guard's signed cache by the file's bytes, so a
rerun parses only what changed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guard.cache import Cache
from guard.risk import import_candidates

NAMESPACE = "source-facts"
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class SourceFacts:
    """One source file's definitions and imports."""

    defined: frozenset[str]  # every function and class name, nested ones included
    imports: frozenset[str]  # every module name an import could mean, relative ones resolved


def source_facts(root: Path, paths: Iterable[str], cache: Cache) -> dict[str, SourceFacts]:
    """The facts of each root-relative path; a file that cannot be read or parsed has none."""
    facts: dict[str, SourceFacts] = {}
    for path in paths:
        try:
            raw = (root / path).read_bytes()
        except OSError:
            continue
        key = Cache.fingerprint(NAMESPACE, path, raw)
        cached = cache.load(NAMESPACE, key)
        if not isinstance(cached, SourceFacts):
            cached = _read(path, raw)
            if cached is None:
                continue
            cache.store(NAMESPACE, key, cached)
        facts[path] = cached
    return facts


def _read(path: str, raw: bytes) -> SourceFacts | None:
    try:
        tree = ast.parse(raw)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # the quality rules report what does not parse
    defined = frozenset(node.name for node in ast.walk(tree) if isinstance(node, _DEFINITIONS))
    return SourceFacts(defined, import_candidates(path, tree))
