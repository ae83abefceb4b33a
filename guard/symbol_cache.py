"""Symbol indexes for many files at once: from the cache, else built in parallel.

Naming the enclosing symbol and writing a hint needs a walk over each file's
AST (`guard.symbols`), which costs as much as coverage's own parse when a
change touches a hundred files. The index depends only on the source text and
the module name, so it is cached by both.
"""

from __future__ import annotations

from collections.abc import Mapping

from guard.cache import Cache
from guard.parallel import map_files
from guard.symbols import SymbolIndex, module_name

NAMESPACE = "symbol-index"


def symbol_indexes(sources: Mapping[str, str], cache: Cache) -> dict[str, SymbolIndex]:
    """The index of each root-relative path's source text."""
    indexes: dict[str, SymbolIndex] = {}
    pending: list[tuple[str, str]] = []
    keys: dict[str, str] = {}
    for path, source in sources.items():
        keys[path] = Cache.fingerprint(NAMESPACE, module_name(path), source)
        cached = cache.load(NAMESPACE, keys[path])
        if isinstance(cached, SymbolIndex):
            indexes[path] = cached
        else:
            pending.append((path, source))
    lines = sum(source.count("\n") for _, source in pending)
    for (path, _), index in zip(pending, map_files(build_index, pending, lines), strict=True):
        cache.store(NAMESPACE, keys[path], index)
        indexes[path] = index
    return indexes


def build_index(job: tuple[str, str]) -> SymbolIndex:
    """Index one file; raises SyntaxError or ValueError when it does not parse."""
    path, source = job
    return SymbolIndex.from_source(source, module_name(path))
