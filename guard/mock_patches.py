"""What a test patches, and whether it then checks only the patch.

`integrity.mocked-subject`: a test that replaces the very function it calls and asserts
only on the replacement never runs the real code. Patches come from `mock.patch`,
`patch.object` and `monkeypatch.setattr` with a string target, as decorators (matched to
the mock arguments pytest passes in) or calls.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator
from dataclasses import dataclass, replace

from guard.ast_names import callee, dotted

_Function = ast.FunctionDef | ast.AsyncFunctionDef
FREE_NAMES = frozenset(dir(builtins)) | {"pytest"}


@dataclass(frozen=True)
class Patch:
    path: str  # what is replaced: `pkg.api.fetch`, or `api.fetch` for `patch.object(api, ...)`
    line: int
    mock: str | None  # the name the test holds the replacement by
    replaced: bool  # given a replacement, so a decorator passes no mock argument

    @property
    def target(self) -> str:
        return self.path.rpartition(".")[2]

    @classmethod
    def made_by(cls, call: ast.Call, path: str, after: int) -> Patch:
        """The patch `call` makes of `path`; arguments from `after` on, or `new=`, replace it."""
        new = [keyword.value for keyword in call.keywords if keyword.arg == "new"]
        rest = [*call.args[after:], *new]
        mock = rest[0].id if rest and isinstance(rest[0], ast.Name) else None
        return cls(path, call.lineno, mock, replaced=bool(rest))


@dataclass(frozen=True)
class PatchScan:
    """What a test patches, and whether its assertions look at nothing but a replacement."""

    test: _Function
    method: bool  # a test method: its first parameter is `self`, not a mock
    nodes: list[ast.AST]  # the test's own nodes, without nested functions

    def subject(self, checks: list[ast.stmt | ast.expr]) -> Patch | None:
        """The patch of what the test calls itself, when every check reads only the mock."""
        calls = {dotted(node.func) for node in self.nodes if isinstance(node, ast.Call)}
        subjects = [ast.Tuple(self._subjects(check), ast.Load()) for check in checks]
        for patch in self._patches():
            direct = any(f".{patch.path}".endswith(f".{call}") for call in calls if "." in call)
            allowed = self._derived(patch)
            if direct and all(only_on(subject, allowed, patch.target) for subject in subjects):
                return patch
        return None

    @staticmethod
    def bound_names(nodes: list[ast.AST]) -> dict[int, str]:
        """The name each `with ... as name` or `name = ...` binds, by `id` of the bound value."""
        bound: dict[int, str] = {}
        for node in nodes:
            if isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
                bound[id(node.context_expr)] = node.optional_vars.id
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                bound[id(node.value)] = node.targets[0].id
        return bound

    @staticmethod
    def _subjects(node: ast.stmt | ast.expr) -> list[ast.expr]:
        """What an assertion checks: a mock method's receiver, else its test or its arguments."""
        if isinstance(node, ast.Assert):
            return [node.test]
        if not isinstance(node, ast.Call):
            return []
        if isinstance(node.func, ast.Attribute) and dotted(node.func.value) != "self":
            return [node.func.value]  # `fetch.assert_called_once_with(...)` checks `fetch`
        return [*node.args, *(keyword.value for keyword in node.keywords)]

    def _patches(self) -> Iterator[Patch]:
        arguments = self.test.args
        names = [argument.arg for argument in (*arguments.posonlyargs, *arguments.args)]
        injected = names[int(self.method) :]  # mock arguments come first, after `self`
        for decorator in reversed(self.test.decorator_list):  # the lowest one's comes first
            if isinstance(decorator, ast.Call) and (patch := patch_target(decorator)):
                if not patch.replaced and injected:
                    patch = replace(patch, mock=injected.pop(0))
                yield patch
        bound = PatchScan.bound_names(self.nodes)
        for node in self.nodes:
            if isinstance(node, ast.Call) and (patch := patch_target(node)):
                yield replace(patch, mock=bound.get(id(node), patch.mock))

    def _derived(self, patch: Patch) -> set[str]:
        """The mock, the target, and the names assigned from them, in source order."""
        names = {patch.target, patch.mock or patch.target}
        assigns = [node for node in self.nodes if isinstance(node, ast.Assign)]
        for assign in sorted(assigns, key=lambda node: node.lineno):
            read = {part for node in ast.walk(assign.value) for part in dotted(node).split(".")}
            if read & names:
                names |= {bound.id for bound in assign.targets if isinstance(bound, ast.Name)}
        return names


def patch_target(call: ast.Call) -> Patch | None:
    """What a `patch`, `patch.object` or `setattr` call replaces, named by a string argument."""
    called = dotted(call.func)
    if not (called.endswith("patch.object") or callee(call) in ("patch", "setattr")):
        return None
    for index, arg in enumerate(call.args[:2]):
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            owner = f"{dotted(call.args[0])}." if index else ""
            return Patch.made_by(call, owner + arg.value, after=index + 1)
    return None


def only_on(expr: ast.expr, allowed: set[str], target: str) -> bool:
    """Whether `expr` reads an `allowed` name or `target`, and otherwise only builtins.

    What leads to `target` or goes into a call of it (`api` and `cart` in `api.fetch(cart)`) is
    part of the replacement, not a value of its own.
    """
    nodes = list(ast.walk(expr))
    reaching = [node for node in nodes if callee(node) == target]  # `fetch(...)`, `api.fetch`
    inside = {id(inner) for node in reaching for inner in ast.walk(node)}
    names = {node.id for node in nodes if isinstance(node, ast.Name) and id(node) not in inside}
    return bool(reaching or names & allowed) and names <= allowed | FREE_NAMES
