"""Code in tests, conftests and plugins that tampers with the test harness.

A gate that reads pytest's results and coverage's data can be fooled from the
inside: a conftest hook rewrites failures into passes, a test calls `os._exit`
before the failure is recorded, a test stops coverage or writes its data, or a
test replaces part of pytest, unittest, the clock or a builtin for every test
that runs after it. These checks read the AST of changed test files and report
each construct on a line the change added (or anywhere in a new file). Product
code that knows it is under test is `guard.source_awareness`'s job.
"""

from __future__ import annotations

import ast
import builtins
import time
from collections.abc import Collection, Iterator, Mapping, Sequence

from guard.ast_names import dotted
from guard.import_aliases import import_aliases, resolved
from guard.model import Finding
from guard.sightings import Sighting, sighting_findings
from guard.syntax_trees import nodes_of

REPORT_HOOK = "integrity.report-hook"
PROCESS_EXIT = "integrity.process-exit"
COVERAGE_TAMPERING = "integrity.coverage-tampering"
HARNESS_PATCHED = "integrity.harness-patched"

# Hooks that see or change outcomes, reports, or the session's exit status.
REPORT_HOOKS = frozenset(
    {
        "pytest_runtest_makereport",
        "pytest_report_teststatus",
        "pytest_runtest_logreport",
        "pytest_runtest_protocol",
        "pytest_runtest_call",
        "pytest_pyfunc_call",
        "pytest_sessionfinish",
        "pytest_terminal_summary",
        "pytest_report_collectionfinish",
        "pytest_collectreport",
        "pytest_exception_interact",
        "pytest_assertrepr_compare",
    }
)
_EXITS = frozenset({"os._exit", "sys.exit", "exit", "quit", "os.abort"})
_HARNESS_MODULES = ("pytest", "_pytest", "unittest", "coverage", "pluggy")
# Modules whose attributes a test may not replace by plain assignment; a restoring
# tool (`monkeypatch`, `mock.patch`) is fine for the clock and builtins only.
_RESTORABLE_MODULES = {"time": time, "builtins": builtins}
_SETTERS = frozenset({"setattr", "delattr", "builtins.setattr", "builtins.delattr"})
# They change how a failure is printed, never whether it is one.
_DISPLAY_SETTINGS = frozenset({"unittest.TestCase.maxDiff", "unittest.TestCase.longMessage"})


def harness_findings(
    path: str, tree: ast.Module, touched: Collection[int] | None = None
) -> list[Finding]:
    """Tampering in a test module, conftest or plugin, on `touched` lines (all when None)."""
    aliases = import_aliases(tree)
    seen = [
        *_report_hooks(tree),
        *_calls_in_tests(tree, aliases),
        *_coverage_imports(tree),
        *_replacements(tree, aliases),
    ]
    return sighting_findings(path, seen, touched)


def _report_hooks(tree: ast.Module) -> Iterator[Sighting]:
    for node in nodes_of(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in REPORT_HOOKS:
            yield Sighting(
                REPORT_HOOK,
                node.lineno,
                f"`{node.name}` is implemented here",
                "a hook that sees reports or outcomes can turn a failure into a pass",
                "Remove the hook; if the project needs it, a human must approve it, and guard "
                "reads outcomes in its own process anyway.",
            )


def _calls_in_tests(tree: ast.Module, aliases: Mapping[str, str]) -> Iterator[Sighting]:
    for node in nodes_of(tree):
        if not isinstance(node, ast.Call):
            continue
        name = resolved(dotted(node.func), aliases)
        if name in _EXITS:
            yield Sighting(
                PROCESS_EXIT,
                node.lineno,
                f"`{name}()` in test code",
                "leaving the process early can skip the failure report and the coverage data",
                "Let the test fail with an assertion; never exit the interpreter from a test.",
            )
        elif _patches_harness(node, name, aliases):
            yield Sighting(
                HARNESS_PATCHED,
                node.lineno,
                f"`{name}` patches the test harness",
                "patching pytest, unittest or coverage changes how results are recorded",
                "Patch the code under test, never the framework that judges it.",
            )


def _patches_harness(call: ast.Call, name: str, aliases: Mapping[str, str]) -> bool:
    """`monkeypatch.setattr(pytest, ...)`, `mock.patch("_pytest.x")`, `patch.object(TestCase...)`.

    A bare `setattr(...)` is an assignment, judged with the others by `_replacements`.
    """
    patcher = name.endswith(("setattr", "patch", "patch.object", "setitem"))
    if not (patcher and call.args) or name in _SETTERS:
        return False
    target = call.args[0]
    text = target.value if isinstance(target, ast.Constant) else resolved(dotted(target), aliases)
    return isinstance(text, str) and text.split(".")[0] in _HARNESS_MODULES


def _coverage_imports(tree: ast.Module) -> Iterator[Sighting]:
    for node in nodes_of(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        if any(name.split(".")[0] == "coverage" for name in names):
            yield Sighting(
                COVERAGE_TAMPERING,
                node.lineno,
                "test code imports coverage",
                "a test that drives coverage can stop it, erase it, or write its data, and the "
                "lines it then reports as run prove nothing",
                "Test the code, not the measurement; guard runs coverage itself.",
            )


def _replacements(tree: ast.Module, aliases: Mapping[str, str]) -> Iterator[Sighting]:
    """Attributes of the harness, the clock or builtins replaced (or deleted) for good.

    A line that puts back an original saved earlier (`saved = time.time` ...
    `time.time = saved`) restores, and is not counted.
    """
    saved = _saved_originals(tree, aliases)
    for node in nodes_of(tree):
        if not isinstance(node, ast.stmt | ast.expr):
            continue
        for name, replacement in _replaced(node, aliases):
            restores = isinstance(replacement, ast.Name) and saved.get(replacement.id) == name
            if _replaceable(name) and not restores:
                how = "deleted" if _deletes(node, aliases) else "replaced"
                yield _replaced_sighting(node.lineno, name, how)


def _deletes(node: ast.AST, aliases: Mapping[str, str]) -> bool:
    """`del time.sleep` or `delattr(time, "time")`."""
    if isinstance(node, ast.Call):
        return resolved(dotted(node.func), aliases).endswith("delattr")
    return isinstance(node, ast.Delete)


def _saved_originals(tree: ast.Module, aliases: Mapping[str, str]) -> dict[str, str]:
    """`saved = time.time`: each name that keeps an original, and what it keeps."""
    return {
        node.targets[0].id: resolved(dotted(node.value), aliases)
        for node in nodes_of(tree)
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
    }


def _replaced(node: ast.AST, aliases: Mapping[str, str]) -> Iterator[tuple[str, ast.expr | None]]:
    """(dotted name, new value) of each attribute `node` assigns, deletes or `setattr`s."""
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in _flattened(targets):
            yield _target_name(target, aliases), node.value
    elif isinstance(node, ast.Delete):
        yield from ((_target_name(target, aliases), None) for target in _flattened(node.targets))
    elif isinstance(node, ast.Call) and resolved(dotted(node.func), aliases) in _SETTERS:
        yield _set_by_call(node.args, aliases)


def _set_by_call(
    arguments: Sequence[ast.expr], aliases: Mapping[str, str]
) -> tuple[str, ast.expr | None]:
    """`setattr(time, "time", fake)` sets `time.time`; a computed name is `time.*`."""
    owner, attribute, replacement = [*arguments, None, None, None][:3]
    constant = attribute.value if isinstance(attribute, ast.Constant) else None
    name = constant if isinstance(constant, str) else "*"
    return f"{resolved(dotted(owner), aliases)}.{name}", replacement


def _flattened(targets: Sequence[ast.expr]) -> Iterator[ast.expr]:
    for target in targets:
        if isinstance(target, ast.Tuple | ast.List):
            yield from _flattened(target.elts)
        else:
            yield target.value if isinstance(target, ast.Starred) else target


def _target_name(target: ast.expr, aliases: Mapping[str, str]) -> str:
    """`time.time` for `time.time`, `vars(time)["time"]`, `time.__dict__["time"]`."""
    if isinstance(target, ast.Attribute):
        return resolved(dotted(target), aliases)
    index = target.slice if isinstance(target, ast.Subscript) else None
    key = index.value if isinstance(index, ast.Constant) else None
    if not (isinstance(target, ast.Subscript) and isinstance(key, str)):
        return ""
    return _item_name(target.value, key, aliases)


def _item_name(owner: ast.expr, key: str, aliases: Mapping[str, str]) -> str:
    """`vars(time)[key]`, `time.__dict__[key]` and `__builtins__[key]` name `module.key`."""
    if isinstance(owner, ast.Call) and dotted(owner.func) == "vars" and owner.args:
        owner = owner.args[0]
    elif isinstance(owner, ast.Attribute) and owner.attr == "__dict__":
        owner = owner.value
    elif dotted(owner) != "__builtins__":  # the only module that is also a dict
        return ""
    return f"{resolved(dotted(owner), aliases)}.{key}"


def _replaceable(name: str) -> bool:
    """An existing attribute of a watched module: adding `builtins._` replaces nothing."""
    module, dot, attribute = name.partition(".")
    if not (dot and attribute) or name in _DISPLAY_SETTINGS:
        return False
    if module in _HARNESS_MODULES:
        return True
    restorable = _RESTORABLE_MODULES.get(module)
    first = attribute.split(".")[0]
    return restorable is not None and (first == "*" or hasattr(restorable, first))


def _replaced_sighting(line: int, name: str, how: str) -> Sighting:
    module = name.split(".")[0]
    if module in _HARNESS_MODULES:
        why = (
            "replacing part of pytest, unittest or coverage changes how every later test's "
            "result is recorded, for the rest of the session"
        )
        hint = "Patch the code under test, never the framework that judges it."
    else:
        why = (
            "a plain assignment persists for the whole session and changes what every later "
            "test sees; `monkeypatch.setattr` and `mock.patch` put the original back"
        )
        hint = (
            "Use `monkeypatch.setattr` or `mock.patch`, which put the original back after the test."
        )
    return Sighting(HARNESS_PATCHED, line, f"`{name}` is {how} in test code", why, hint)
