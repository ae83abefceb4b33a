"""The real dotted names behind the names a module imported.

`import time as clock` makes `clock.time` mean `time.time`, and
`from sys import _getframe` makes `_getframe` mean `sys._getframe`; a check
that looks for `time.time` or `sys._getframe` must see through both.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping
from types import MappingProxyType

from guard.syntax_trees import nodes_of

# `__builtins__` is the builtins module (or its dict) in every module's globals.
_IMPLICIT = {"__builtins__": "builtins"}


@functools.lru_cache(maxsize=256)
def import_aliases(tree: ast.Module) -> Mapping[str, str]:
    """Each name an import binds, anywhere in `tree`, mapped to the dotted name it stands for.

    Kept per tree (trees are shared for the run, guard.syntax_trees): several checks ask."""
    aliases = dict(_IMPLICIT)
    for node in nodes_of(tree):
        if isinstance(node, ast.Import):  # `import a.b` binds `a`, which means itself
            aliases.update({alias.asname: alias.name for alias in node.names if alias.asname})
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return MappingProxyType(aliases)


def resolved(name: str, aliases: Mapping[str, str]) -> str:
    """`name` with its first part replaced by what that part was imported as."""
    first, dot, rest = name.partition(".")
    return f"{aliases.get(first, first)}{dot}{rest}"
