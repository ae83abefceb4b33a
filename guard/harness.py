"""Code that tampers with the test harness, or source that knows it is under test.

A gate that reads pytest's results and coverage's data can be fooled from the
inside: a conftest hook rewrites failures into passes, a test calls `os._exit`
before the failure is recorded, a test stops coverage or writes its data, or
the code under test behaves differently when pytest is loaded. These checks
read the AST of changed test and source files and report each construct on a
line the change added (or anywhere in a new file).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from guard.ast_names import dotted
from guard.model import Finding, Severity
from guard.symbols import module_name

REPORT_HOOK = "integrity.report-hook"
PROCESS_EXIT = "integrity.process-exit"
COVERAGE_TAMPERING = "integrity.coverage-tampering"
HARNESS_PATCHED = "integrity.harness-patched"
TEST_AWARE_SOURCE = "integrity.test-aware-source"

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
_TEST_VARIABLE = "PYTEST_CURRENT_TEST"  # pytest sets it while a test runs
_TEST_COMMENT = re.compile(r"#.*\b(special[- ]case|hack|workaround)\b.*\btests?\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Seen:
    rule: str
    line: int
    what: str
    why: str
    hint: str


def harness_findings(
    path: str, tree: ast.Module, touched: Collection[int] | None = None
) -> list[Finding]:
    """Tampering in a test module, conftest or plugin, on `touched` lines (all when None)."""
    seen = [*_report_hooks(tree), *_calls_in_tests(tree), *_coverage_imports(tree)]
    return _findings(path, seen, touched)


def source_awareness_findings(
    path: str, tree: ast.Module, source: str, touched: Collection[int] | None = None
) -> list[Finding]:
    """Product code that behaves differently under test, on `touched` lines."""
    seen = [*_test_probes(tree), *_always_equal(tree), *_test_comments(source)]
    return _findings(path, seen, touched)


def _findings(path: str, seen: list[_Seen], touched: Collection[int] | None) -> list[Finding]:
    return [
        Finding(
            rule=item_seen.rule,
            severity=Severity.ERROR,
            path=path,
            line=item_seen.line,
            end_line=item_seen.line,
            message=f"{item_seen.what}: {item_seen.why}",
            hint=item_seen.hint,
            symbol=module_name(path),
            new=True,
        )
        for item_seen in sorted(seen, key=lambda found: (found.line, found.rule))
        if touched is None or item_seen.line in touched
    ]


def _report_hooks(tree: ast.Module) -> Iterator[_Seen]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in REPORT_HOOKS:
            yield _Seen(
                REPORT_HOOK,
                node.lineno,
                f"`{node.name}` is implemented here",
                "a hook that sees reports or outcomes can turn a failure into a pass",
                "Remove the hook; if the project needs it, a human must approve it, and guard "
                "reads outcomes in its own process anyway.",
            )


def _calls_in_tests(tree: ast.Module) -> Iterator[_Seen]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        if name in _EXITS:
            yield _Seen(
                PROCESS_EXIT,
                node.lineno,
                f"`{name}()` in test code",
                "leaving the process early can skip the failure report and the coverage data",
                "Let the test fail with an assertion; never exit the interpreter from a test.",
            )
        elif _patches_harness(node, name):
            yield _Seen(
                HARNESS_PATCHED,
                node.lineno,
                f"`{name}` patches the test harness",
                "patching pytest, unittest or coverage changes how results are recorded",
                "Patch the code under test, never the framework that judges it.",
            )


def _patches_harness(call: ast.Call, name: str) -> bool:
    """`monkeypatch.setattr(pytest, ...)`, `mock.patch("_pytest.x")`, `setattr(unittest...)`."""
    if not (name.endswith(("setattr", "patch", "patch.object", "setitem")) and call.args):
        return False
    target = call.args[0]
    text = target.value if isinstance(target, ast.Constant) else dotted(target)
    return isinstance(text, str) and text.split(".")[0] in _HARNESS_MODULES


def _coverage_imports(tree: ast.Module) -> Iterator[_Seen]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        if any(name.split(".")[0] == "coverage" for name in names):
            yield _Seen(
                COVERAGE_TAMPERING,
                node.lineno,
                "test code imports coverage",
                "a test that drives coverage can stop it, erase it, or write its data, and the "
                "lines it then reports as run prove nothing",
                "Test the code, not the measurement; guard runs coverage itself.",
            )


def _test_probes(tree: ast.Module) -> Iterator[_Seen]:
    for node in ast.walk(tree):
        if isinstance(node, ast.expr) and _reads_test_variable(node):
            yield _aware(node.lineno, f"reads `{_TEST_VARIABLE}`")
        elif isinstance(node, ast.Compare) and _probes(node, ("pytest", "_pytest"), "sys.modules"):
            yield _aware(node.lineno, "checks whether pytest is imported")


def _reads_test_variable(node: ast.expr) -> bool:
    """`os.environ.get(NAME)`, `os.getenv(NAME)`, `os.environ[NAME]`, `NAME in os.environ`."""
    if isinstance(node, ast.Call):
        getter = dotted(node.func).endswith(("environ.get", "getenv"))
        return getter and any(_is_test_variable(argument) for argument in node.args[:1])
    if isinstance(node, ast.Subscript):
        return dotted(node.value).endswith("environ") and _is_test_variable(node.slice)
    return isinstance(node, ast.Compare) and _probes(node, (_TEST_VARIABLE,), "os.environ")


def _is_test_variable(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == _TEST_VARIABLE


def _probes(node: ast.Compare, names: tuple[str, ...], container: str) -> bool:
    """`"name" in container` (or `not in`) for one of `names`."""
    left = node.left
    asks = isinstance(left, ast.Constant) and left.value in names
    membership = all(isinstance(operator, ast.In | ast.NotIn) for operator in node.ops)
    return asks and membership and any(dotted(part) == container for part in node.comparators)


def _always_equal(tree: ast.Module) -> Iterator[_Seen]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "__eq__" and len(node.body) == 1:
            statement = node.body[0]
            if (
                isinstance(statement, ast.Return)
                and isinstance(statement.value, ast.Constant)
                and statement.value.value is True
            ):
                yield _aware(node.lineno, "`__eq__` always returns True")


def _test_comments(source: str) -> Iterator[_Seen]:
    for number, text in enumerate(source.splitlines(), start=1):
        if "test" in text and _TEST_COMMENT.search(text):
            yield _aware(number, "a comment says this code special-cases the tests")


def _aware(line: int, what: str) -> _Seen:
    return _Seen(
        TEST_AWARE_SOURCE,
        line,
        what,
        "code that behaves differently under test passes tests it would fail in production",
        "Make the code behave the same everywhere, and test the real behaviour.",
    )
