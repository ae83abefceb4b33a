"""Changes that switch tests off: skips, collection tricks, narrowed pytest config, deleted tests.

An agent that cannot make a test pass can make it stop counting: skip it, mark it xfail, hide it
from collection, narrow `addopts` or `testpaths`, or delete it, and the gate passes while nothing
checks the code. Each function compares a file's base and head text (the caller reads git), so
that only what the change adds is a finding, and moving a line is not.
"""

from __future__ import annotations

import ast
import importlib
import re
import shlex
import sys
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import Any

import iniconfig

from guard.import_aliases import import_aliases
from guard.model import Finding, Severity
from guard.symbols import module_name
from guard.syntax_trees import parse_or_none

SKIP_ADDED = "integrity.skip-added"
COLLECTION_DISABLED = "integrity.collection-disabled"
EMPTY_PARAMETRIZE = "integrity.empty-parametrize"
ADDOPTS_NARROWED = "integrity.addopts-narrowed"

# tomli became tomllib in 3.11; one expression, so that neither interpreter leaves a line unrun.
_toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

_Function = ast.FunctionDef | ast.AsyncFunctionDef  # also for isinstance: guard needs 3.10+
_Definition = ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
_SWITCHES_OFF = frozenset({
    "pytest.mark.skip", "pytest.mark.skipif", "pytest.mark.xfail", "pytest.skip",
    "pytest.xfail", "pytest.importorskip", "unittest.skip", "unittest.skipIf",
    "unittest.skipUnless", "unittest.expectedFailure", "unittest.SkipTest", "self.skipTest",
})  # fmt: skip
_REASON_KEYWORDS = frozenset({"reason", "msg"})  # rewording a reason switches nothing off
_HOOKS = frozenset({
    "pytest_collection_modifyitems", "pytest_ignore_collect", "pytest_deselected",
    "pytest_pycollect_makeitem",
})  # fmt: skip
_IGNORE_LISTS = frozenset({"collect_ignore", "collect_ignore_glob"})
_IGNORE_CALLS = frozenset(
    f"{name}.{method}" for name in _IGNORE_LISTS for method in ("append", "extend", "insert")
)
# Empty argvalues as `ast.unparse` spells them, whatever spacing or quotes the source used.
_EMPTY = frozenset({"[]", "()", "{}", "''", "b''", "list()", "tuple()", "set()", "dict()"})
_EFFECT = {
    SKIP_ADDED: "so pytest reports a skip or an expected failure instead of a failure, and the "
    "gate no longer checks that code",
    COLLECTION_DISABLED: "so pytest no longer collects tests it used to, and they vanish from "
    "the run without even showing as skipped",
    EMPTY_PARAMETRIZE: "which has no cases, so pytest skips the test ('got empty parameter "
    "set') and its body never runs",
}
_FIX = {
    SKIP_ADDED: "Remove `{kind}` and make the test pass by fixing the code it tests; a skip that "
    "is truly needed (a platform, an optional dependency) belongs in its own reviewed change.",
    COLLECTION_DISABLED: "Remove `{kind}`; a helper that pytest mistakes for a test should be "
    "renamed so that it no longer matches `python_files`/`python_classes`/`python_functions`.",
    EMPTY_PARAMETRIZE: "Give `{kind}` at least one case, or drop the parametrize and call the "
    "test with real inputs.",
}


def neutralised_findings(path: str, base: str | None, head: str | None) -> list[Finding]:
    """What the head of Python file `path` adds that switches tests off, compared with the base.

    `base` None (file added) or unparsable hides nothing; `head` None or unparsable finds nothing.
    """
    head_tree = parse_or_none(head)
    if head_tree is None:
        return []
    conftest = PurePosixPath(path).name == "conftest.py"
    base_tree = parse_or_none(base)
    already = Counter(_Scanner(base_tree, conftest).seen if base_tree else [])
    existing = _qualnames(base_tree) if base_tree else set()
    findings: list[Finding] = []
    for seen in _Scanner(head_tree, conftest).seen:
        already[seen] -= 1  # each one the base had, wherever it was, is not new
        if already[seen] < 0:
            new_test = seen.rule == SKIP_ADDED and (base_tree is None or seen.scope not in existing)
            findings.append(seen.new_test_finding(path) if new_test else seen.finding(path))
    return sorted(findings, key=lambda finding: (finding.line, finding.rule))


def _qualnames(tree: ast.Module) -> set[str]:
    """Every def and class of `tree` by qualname: `TestCart`, `TestCart.test_total`."""
    names: set[str] = set()
    pending: list[tuple[list[ast.stmt], str]] = [(tree.body, "")]
    while pending:
        body, prefix = pending.pop()
        for stmt in body:
            if isinstance(stmt, _Definition):
                names.add(prefix + stmt.name)
                pending.append((stmt.body, f"{prefix}{stmt.name}."))
    return names


def _source(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except RecursionError:  # nested hundreds deep: still recorded, under a stand-in
        return f"<{type(node).__name__} nested too deeply to show>"


@dataclass(frozen=True)
class _Seen:
    """One construct that switches tests off, keyed so that moving it does not make it new."""

    rule: str
    scope: str  # qualname of the enclosing def or class, "" at module level
    kind: str  # the construct, normalised: `pytest.mark.skipif(sys.platform == 'win32')`
    lines: tuple[int, int] = field(compare=False)  # first and last; a moved line is no change

    def finding(self, path: str) -> Finding:
        where = f"`{self.scope}`" if self.scope else "The module"
        message = f"{where} gains `{self.kind}`, {_EFFECT[self.rule]}."
        hint = _FIX[self.rule].format(kind=self.kind)
        symbol = ".".join(filter(None, (module_name(path), self.scope)))
        return Finding(
            self.rule, Severity.ERROR, path, *self.lines, message, hint, symbol, new=True
        )

    def new_test_finding(self, path: str) -> Finding:
        """A skip on a test the base did not have switches nothing off that was running: a
        warning, since where it skips it checks nothing (a version or platform gate is fine)."""
        where = f"`{self.scope}`" if self.scope else "This new module"
        message = (
            f"{where} is new and comes with `{self.kind}`: where it skips it checks nothing, "
            "and code that only it tests stays unmeasured there."
        )
        hint = (
            "Keep it for a real platform, version or optional-dependency gate; otherwise remove "
            "it, so that the new test runs and checks the code."
        )
        symbol = ".".join(filter(None, (module_name(path), self.scope)))
        return Finding(
            self.rule, Severity.WARNING, path, *self.lines, message, hint, symbol, new=True
        )


class _Scanner:
    """Walks one module and keeps each skip, collection switch and empty parametrize in it."""

    def __init__(self, tree: ast.Module, conftest: bool) -> None:
        self.tree = tree
        self.aliases = import_aliases(tree)
        self.conftest = conftest
        self.scopes: tuple[_Definition, ...] = ()  # around the node being looked at
        self.seen: list[_Seen] = []
        # A stack, not recursion: each term of a long `a + b + ...` is one level deeper.
        pending: list[tuple[ast.AST, tuple[_Definition, ...]]] = [(tree, ())]
        while pending:
            node, self.scopes = pending.pop()
            if self._look_inside(node):
                # A def's decorators are inside its scope: a marker belongs to what it decorates.
                inner = (*self.scopes, node) if isinstance(node, _Definition) else self.scopes
                pending.extend((child, inner) for child in ast.iter_child_nodes(node))
        self.seen.sort(key=lambda seen: seen.lines)

    def _look_inside(self, node: ast.AST) -> bool:
        """Record what `node` switches off; False when its children belong to that record."""
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, (ast.Attribute, ast.Name)):
            # A marker named, not called: `pytestmark = pytest.mark.skip`, `@pytest.mark.skip`.
            name = self._resolve(node)
            if name in _SWITCHES_OFF:
                self._record(SKIP_ADDED, node, name)
            return name not in _SWITCHES_OFF
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(self._disables(target, node.value) for target in targets):
                self._record(COLLECTION_DISABLED, node, _source(node))
        elif isinstance(node, _Function) and node.name in _HOOKS:
            self._record(COLLECTION_DISABLED, node, f"def {node.name}")
        return True

    def _call(self, node: ast.Call) -> bool:
        name = self._resolve(node.func)
        if name in _SWITCHES_OFF:
            self._record(SKIP_ADDED, node, _call_kind(name, node))
            return False  # its func is the name just matched, not a second occurrence
        if name.rsplit(".", 1)[-1] == "parametrize" and _empty_argvalues(node):
            self._record(EMPTY_PARAMETRIZE, node, _source(node))
        elif self.conftest and name in _IGNORE_CALLS:
            self._record(COLLECTION_DISABLED, node, _source(node))
        return True

    def _disables(self, target: ast.expr, assigned: ast.expr | None) -> bool:
        if isinstance(target, ast.Name) and target.id in _IGNORE_LISTS:
            return self.conftest
        turned_off = not (isinstance(assigned, ast.Constant) and assigned.value is True)
        if isinstance(target, ast.Attribute) and target.attr == "__test__":
            return turned_off  # `test_x.__test__ = False`
        is_flag = isinstance(target, ast.Name) and target.id == "__test__"
        scope = self.scopes[-1] if self.scopes else self.tree
        return is_flag and turned_off and _holds_tests(scope)

    def _resolve(self, expr: ast.expr) -> str:
        """The dotted name `expr` stands for through the imports (`pt.mark` is `pytest.mark`)."""
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name):
            return ""
        parts.append(self.aliases.get(expr.id, expr.id))
        return ".".join(reversed(parts))

    def _record(self, rule: str, node: ast.stmt | ast.expr, kind: str) -> None:
        scope = ".".join(outer.name for outer in self.scopes)
        self.seen.append(_Seen(rule, scope, kind, (node.lineno, node.end_lineno or node.lineno)))


def _call_kind(name: str, call: ast.Call) -> str:
    """`name` with the arguments that decide what is skipped, without the reason text."""
    keep_text = name.endswith("importorskip")  # its text argument is the module, not a reason
    reasons = [arg for arg in call.args if isinstance(arg, ast.Constant) and type(arg.value) is str]
    parts = [_source(arg) for arg in call.args if keep_text or arg not in reasons]
    parts += [_source(kw) for kw in call.keywords if kw.arg not in _REASON_KEYWORDS]
    return f"{name}({', '.join(parts)})" if parts else name


def _empty_argvalues(call: ast.Call) -> bool:
    given = [keyword.value for keyword in call.keywords if keyword.arg == "argvalues"]
    argvalues = call.args[1] if len(call.args) > 1 else next(iter(given), None)
    return argvalues is not None and _source(argvalues) in _EMPTY


def _holds_tests(scope: ast.Module | _Definition) -> bool:
    """Whether `__test__ = False` here hides tests, rather than a helper named like one."""
    tests = (stmt for stmt in scope.body if isinstance(stmt, _Definition))
    return any(stmt.name.lower().startswith("test") for stmt in tests)


# Where pytest reads its settings, by file name, as `_pytest.config.findpaths` decides.
_CONFIG_TABLES = {
    "pyproject.toml": ("toml", "tool.pytest"),  # native `[tool.pytest]` or `.ini_options`
    "pytest.toml": ("toml", "pytest"), ".pytest.toml": ("toml", "pytest"),
    "pytest.ini": ("ini", "pytest"), ".pytest.ini": ("ini", "pytest"),
    "tox.ini": ("ini", "pytest"), "setup.cfg": ("ini", "tool:pytest"),
}  # fmt: skip
PYTEST_CONFIG_NAMES = frozenset(_CONFIG_TABLES)
"""The files, at the root, that pytest reads its settings from."""
# The settings that decide what is collected and run, with pytest's value when unset.
_DEFAULTS: dict[str, list[str]] = {
    "addopts": [],
    "testpaths": ["."],  # unset: everything under the arguments or the invocation directory
    "python_files": ["test_*.py", "*_test.py"],
    "python_classes": ["Test"], "python_functions": ["test"],
    "norecursedirs": [
        "*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}"
    ],
}  # fmt: skip
_PREFIX_KEYS = frozenset({"python_classes", "python_functions"})  # a plain entry is a prefix
_SELECTING = frozenset({
    "-k", "-m", "-p", "-o", "-c", "--override-ini", "--config-file", "--deselect", "--ignore",
    "--ignore-glob", "--lf", "--last-failed", "--sw", "--stepwise", "--sw-skip", "--stepwise-skip",
    "--co", "--collect-only", "--collectonly", "--setup-only", "--setup-plan", "--fixtures",
    "--funcargs", "--fixtures-per-test", "--markers",
})  # fmt: skip
Settings = dict[str, list[str]]  # a collection setting's words, by key
_SHORT_WITH_VALUE = frozenset("kmpocrWn")  # pytest's (and xdist's) short options that take one


def addopts_findings(path: str, base: str | None, head: str | None) -> list[Finding]:
    """What the head of pytest config file `path` changes so that fewer tests could run.

    The file name decides the format. A missing or unparsable base counts as pytest's defaults.
    """
    layout = _CONFIG_TABLES.get(PurePosixPath(path).name)
    head_settings = _read_settings(head, *layout) if layout else None
    if layout is None or head is None or head_settings is None:
        return []
    base_settings = _read_settings(base, *layout) or {}
    findings: list[Finding] = []
    for key, default in _DEFAULTS.items():
        lost = _narrowing(key, base_settings.get(key, default), head_settings.get(key, default))
        if lost:
            findings.append(_config_finding(path, head, key, (base_settings, head_settings), lost))
    return findings


def _read_settings(text: str | None, file_format: str, table: str) -> Settings | None:
    """The collection settings in `text`; None when there is no text or it does not parse."""
    if text is None:
        return None
    try:
        raw = _toml_table(text, table) if file_format == "toml" else _ini_table(text, table)
        # As pytest splits them: a TOML list as it is, a string the way a shell would.
        return {
            key: [str(word) for word in raw[key]]
            if isinstance(raw[key], list)
            else shlex.split(str(raw[key]))
            for key in _DEFAULTS
            if key in raw
        }
    except (ValueError, iniconfig.ParseError):  # TOMLDecodeError and shlex's are ValueErrors
        return None


def _toml_table(text: str, table: str) -> dict[str, Any]:
    found: Any = _toml.loads(text)
    for part in table.split("."):
        found = found.get(part) if isinstance(found, dict) else None
    if not isinstance(found, dict):
        return {}
    ini_mode = found.get("ini_options")  # `[tool.pytest.ini_options]`, beside native keys
    return {**(ini_mode if isinstance(ini_mode, dict) else {}), **found}


def _ini_table(text: str, table: str) -> dict[str, Any]:
    parsed = iniconfig.IniConfig("pytest-config", data=text)
    return dict(parsed[table].items()) if table in parsed else {}


def _narrowing(key: str, old: list[str], new: list[str]) -> list[str]:
    """What `new` adds (addopts, norecursedirs) or drops (the others) that collects fewer tests."""
    if key == "addopts":
        added = Counter(_selecting_options(new)) - Counter(_selecting_options(old))
        return list(added.elements())
    if key == "norecursedirs":
        return [pattern for pattern in new if not any(_covers(pattern, was) for was in old)]
    prefix = key in _PREFIX_KEYS
    return [entry for entry in old if not any(_covers(entry, kept, prefix) for kept in new)]


def _covers(narrow: str, broad: str, prefix: bool = False) -> bool:
    """Whether everything entry `narrow` collects, entry `broad` collects too."""
    narrow, broad = narrow.removeprefix("./").rstrip("/"), broad.removeprefix("./").rstrip("/")
    if broad in ("", ".") or fnmatchcase(narrow, broad) or narrow.startswith(broad + "/"):
        return True
    is_glob = any(char in broad for char in "*?[")
    return prefix and not is_glob and narrow.startswith(broad)


def _selecting_options(words: list[str]) -> list[str]:
    """The addopts words that select tests, each with its argument: `-k 'not slow'`, `tests/a`."""
    options: list[list[str]] = []
    waiting = False  # the last option has no argument yet and may take the next word
    for word in words:
        if waiting and not word.startswith("-"):
            options[-1].append(word)
            waiting = False
            continue
        option, argument = _split_word(word)
        options.append([option, argument] if argument else [option])
        waiting = argument is None
    return [
        shlex.join(option)
        for option in options
        if option[0] in _SELECTING or not option[0].startswith("-")  # a path: only it runs
    ]


def _split_word(word: str) -> tuple[str, str | None]:
    """An addopts word as (option, argument); None when the argument is the next word."""
    if word.startswith("--"):
        option, equals, argument = word.partition("=")
        return option, (argument if equals else None)
    if word.startswith("-") and len(word) > 1:
        for position, letter in enumerate(word[1:], start=2):
            if letter in _SHORT_WITH_VALUE:  # `-vk expr`, `-knot_slow`: the rest is its argument
                return f"-{letter}", word[position:] or None
    return word, ""


def _config_finding(
    path: str, head: str, key: str, settings: tuple[Settings, Settings], lost: list[str]
) -> Finding:
    old, new = (f"`{shlex.join(side[key])}`" if key in side else "not set" for side in settings)
    verb = "adds" if key in ("addopts", "norecursedirs") else "drops"
    entries = ", ".join(f"`{entry}`" for entry in lost)
    message = (
        f"`{key}` in the pytest configuration changed from {old} to {new}, which {verb} "
        f"{entries}, so pytest could collect or run fewer tests and the gate would check less."
    )
    hint = (
        f"Restore `{key}` to its base value ({old}); select a subset on the command line when "
        "you need one, so that the gate still runs every test."
    )
    found = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*[=:]", head, re.MULTILINE)
    line = head.count("\n", 0, found.start()) + 1 if found else 1
    return Finding(ADDOPTS_NARROWED, Severity.ERROR, path, line, line, message, hint, new=True)
