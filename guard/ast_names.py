"""The dotted name an expression spells, as the AST checks compare them.

Several checks ask "is this a call of `os._exit`?" or "what does this decorator
call?"; they share one reading of attribute chains.
"""

from __future__ import annotations

import ast


def dotted(node: ast.AST | None) -> str:
    """`a.b.c` for a name chain; a chain on a call or subscript starts empty: `.assert_called`."""
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def callee(node: ast.AST | None) -> str:
    """The last name of what `node` calls, or of `node` itself when it is no call."""
    return dotted(node.func if isinstance(node, ast.Call) else node).rpartition(".")[2]
