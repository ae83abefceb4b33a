from __future__ import annotations

import ast
import textwrap

import pytest

from guard.model import Measured, Severity
from guard.size_rules import SizeSettings, size_findings
from tests.quality_samples import CLEAN_MODULE


def _measure(source: str, path: str = "pkg/calc.py", **limits: int) -> list[Measured]:
    source = textwrap.dedent(source)
    return size_findings(ast.parse(source), source, path, SizeSettings(**limits))


def _rules(found: list[Measured]) -> list[tuple[str, int, str | None]]:
    return [(m.finding.rule, m.finding.line, m.finding.symbol) for m in found]


def _function(name: str, body_lines: int, indent: str = "") -> str:
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(body_lines))
    return f"{indent}def {name}():\n{body}"


def test_a_clean_module_has_no_findings():
    assert _measure(CLEAN_MODULE) == []


@pytest.mark.parametrize("source", ["", '"""Only a docstring."""\n'])
def test_an_empty_or_docstring_only_module_has_no_findings(source):
    assert _measure(source, max_definitions=0) == []


def test_a_file_at_the_line_limit_passes():
    assert _measure("x = 1\n" * 5, max_file_lines=5) == []


def test_a_file_one_line_over_the_limit_fails_over_its_whole_length():
    [found] = _measure("x = 1\n" * 6, path="src/pkg/calc.py", max_file_lines=5)
    finding = found.finding
    assert (finding.rule, finding.severity, finding.line, finding.end_line) == (
        "size.file-lines",
        Severity.ERROR,
        1,
        6,
    )
    assert finding.symbol == "pkg.calc"
    assert finding.message == "`src/pkg/calc.py` has 6 lines, over the limit of 5"
    assert finding.hint == "Split the module by responsibility."
    assert finding.new is None
    assert (found.subject, found.figure) == ("size.file-lines:src/pkg/calc.py", 6)


def test_a_long_file_hint_names_its_three_largest_top_level_definitions():
    source = (
        _function("small", 1)
        + "class Big:\n    a = 1\n    b = 2\n    c = 3\n    d = 4\n"
        + "if True:\n"
        + _function("guarded", 3, indent="    ")
        + _function("medium", 2)
    )
    [found] = _measure(source, max_file_lines=5)
    assert found.finding.hint == (
        "Split the module by responsibility; candidates to move: "
        "`Big` (5 lines), `guarded` (4 lines), `medium` (3 lines)."
    )


def test_a_function_at_the_line_limit_passes():
    assert _measure(_function("step", 5), max_function_lines=5) == []


def test_a_function_one_line_over_the_limit_fails_from_its_def_line():
    source = "import functools\n\n\n@functools.cache\n" + _function("load", 6)
    [found] = _measure(source, max_function_lines=5)
    finding = found.finding
    assert (finding.rule, finding.line, finding.end_line) == ("size.function-lines", 5, 11)
    assert finding.symbol == "pkg.calc.load"
    assert finding.message == (
        "`load` is 6 lines long without its signature and docstring, over the limit of 5"
    )
    assert finding.hint == "Extract its steps into named helpers."
    assert (found.subject, found.figure) == ("size.function-lines:pkg.calc.load", 6)


SIGNED = '''\
def render(
    rows: list[str],
    *,
    width: int = 80,
) -> str:
    """Render the rows.

    One line per row, cut at `width`.
    """
    text = "-".join(rows)
    return text[:width]
'''


def test_the_signature_and_the_docstring_do_not_count():
    assert _measure(SIGNED, max_function_lines=2) == []
    [found] = _measure(SIGNED, max_function_lines=1)
    assert (found.finding.line, found.finding.end_line, found.figure) == (1, 11, 2)


@pytest.mark.parametrize(
    ("body", "figure"),
    [
        ('    """Only a docstring,\n\n    on three lines."""\n', 1),
        ("    ...\n    return 1\n", 2),  # `...` is no docstring
        ('    total = 1\n    """A string after a statement counts."""\n', 2),
        ('    """Doc."""\n    @cache\n    def inner():\n        pass\n', 3),  # from `@cache`
    ],
)
def test_the_body_counts_from_its_first_statement_after_the_docstring(body, figure):
    found = _measure(f"def run():\n{body}", max_function_lines=0)
    assert (found[0].finding.symbol, found[0].figure) == ("pkg.calc.run", figure)


def test_a_long_function_hint_names_its_largest_blocks_with_their_spans():
    source = """\
    def run(items):
        total = 0
        for item in items:
            total += item
            total *= 2
        if total:
            total -= 1
        while total > 10:
            total //= 2
            total -= 1
            total += 0
        with open("log") as log:
            log.write(str(total))
        return total
    """
    [found] = _measure(source, max_function_lines=10)
    assert found.finding.hint == (
        "Extract its steps into named helpers; candidates: "
        "the `while` at lines 8-11 (4 lines), the `for` at lines 3-5 (3 lines), "
        "the `if` at lines 6-7 (2 lines)."
    )


def test_a_nested_function_counts_toward_its_parent_and_is_named_by_its_path():
    source = "class Account:\n    def refund(self):\n" + _function("inner", 4, indent="        ")
    found = _measure(source, max_function_lines=3)
    assert _rules(found) == [
        ("size.function-lines", 2, "pkg.calc.Account.refund"),
        ("size.function-lines", 3, "pkg.calc.Account.refund.inner"),
    ]
    assert [m.figure for m in found] == [5, 4]


def test_an_async_function_is_measured_like_any_other():
    source = "async def fetch():\n" + "    await step()\n" * 3
    [found] = _measure(source, max_function_lines=2)
    assert (found.finding.symbol, found.figure) == ("pkg.calc.fetch", 3)


def test_a_class_is_not_a_function():
    assert _measure("class Big:\n" + "    x = 1\n" * 10, max_function_lines=3) == []


def test_parameters_at_the_limit_pass():
    assert _measure("def f(a, b, c):\n    pass\n", max_parameters=3) == []


def test_keyword_only_parameters_with_a_default_do_not_count():
    source = "def plot(rows, *, width=80, height=24, title):\n    pass\n"
    assert _measure(source, max_parameters=2) == []
    [found] = _measure(source, max_parameters=1)
    assert found.figure == 2
    assert "(rows, title)" in found.finding.hint


def test_parameters_with_a_default_that_a_caller_may_pass_by_position_count():
    source = "def plot(rows, width=80, height=24):\n    pass\n"
    [found] = _measure(source, max_parameters=2)
    assert found.figure == 3


def test_every_kind_of_parameter_counts():
    source = """\
    def call(
        a, /, b, *args, c, **kwargs
    ):
        pass
    """
    [found] = _measure(source, max_parameters=4)
    finding = found.finding
    assert (finding.rule, finding.line, finding.end_line) == ("size.parameters", 1, 2)
    assert finding.symbol == "pkg.calc.call"
    assert finding.message == "`call` takes 5 parameters, over the limit of 4"
    assert finding.hint == (
        "Group the parameters that travel together (a, b, *args, c, **kwargs) into a "
        "dataclass, or split the function so that each part needs fewer."
    )
    assert (found.subject, found.figure) == ("size.parameters:pkg.calc.call", 5)


@pytest.mark.parametrize(
    ("definition", "count"),
    [
        ("def method(self, a, b, c):", None),  # self is bound: 3 parameters
        ("@classmethod\n    def method(cls, a, b, c):", None),
        ("@staticmethod\n    def method(a, b, c, d):", 4),
        ("@builtins.staticmethod\n    def method(a, b, c, d):", 4),
        ("def method(*args, a, b, c):", 4),  # no first positional parameter to bind
        ("def method(self, /, a, b, c):", None),
    ],
)
def test_a_method_does_not_count_its_self_or_cls(definition, count):
    source = f"class Shop:\n    {definition}\n        pass\n"
    found = _measure(source, max_parameters=3)
    assert [m.figure for m in found] == ([count] if count else [])


def test_a_method_defined_under_an_if_in_the_class_body_is_still_a_method():
    source = "class Shop:\n    if True:\n        def method(self, a, b, c):\n            pass\n"
    assert _measure(source, max_parameters=3) == []


def test_a_function_nested_in_a_method_counts_its_first_parameter():
    source = """\
    class Shop:
        def method(self):
            def helper(self, a, b, c):
                pass
    """
    [found] = _measure(source, max_parameters=3)
    assert (found.finding.symbol, found.figure) == ("pkg.calc.Shop.method.helper", 4)


def test_lambdas_are_not_counted():
    assert _measure("f = lambda a, b, c, d, e: a\n", max_parameters=3) == []


def test_definitions_at_the_limit_pass():
    assert _measure(_function("a", 1) + _function("b", 1), max_definitions=2) == []


def test_top_level_definitions_over_the_limit_fail_at_the_first_one_past_it():
    source = """\
    from typing import TYPE_CHECKING

    class Shop:
        def method(self):
            def helper():
                pass

    def one():
        pass

    if TYPE_CHECKING:
        def two():
            pass
    try:
        async def three():
            pass
    except ImportError:
        class Four:
            pass
    """
    [found] = _measure(source, max_definitions=3)
    finding = found.finding
    assert (finding.rule, finding.line, finding.end_line) == ("size.definitions", 15, 19)
    assert finding.symbol == "pkg.calc"
    assert finding.message == "`pkg/calc.py` has 5 top-level definitions, over the limit of 3"
    assert "starting with `three` and after" in finding.hint
    assert (found.subject, found.figure) == ("size.definitions:pkg/calc.py", 5)


def test_findings_come_sorted_by_line():
    source = _function("long", 3) + "def wide(a, b):\n    pass\n" + "class A: pass\n"
    found = _measure(
        source, max_file_lines=1, max_function_lines=2, max_parameters=1, max_definitions=1
    )
    assert _rules(found) == [
        ("size.file-lines", 1, "pkg.calc"),
        ("size.function-lines", 1, "pkg.calc.long"),
        ("size.definitions", 5, "pkg.calc"),
        ("size.parameters", 5, "pkg.calc.wide"),
    ]
