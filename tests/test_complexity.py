from __future__ import annotations

import ast
import sysconfig
import textwrap
from pathlib import Path
from typing import Any

import pytest
from radon.metrics import mi_visit
from radon.visitors import ComplexityVisitor

from guard import complexity
from guard.complexity import ComplexitySettings, complexity_findings
from guard.model import Measured, Severity
from tests.quality_samples import CLEAN_MODULE

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def _measure(source: str, path: str = "pkg/calc.py", **limits: Any) -> list[Measured]:
    source = textwrap.dedent(source)
    settings = ComplexitySettings(**limits)
    return complexity_findings(ast.parse(source), source, path, settings)


def _rule(found: list[Measured], rule: str) -> list[Measured]:
    return [m for m in found if m.finding.rule == rule]


def _summary(found: list[Measured]) -> list[tuple[str, int, str | None, float]]:
    return [(m.finding.rule, m.finding.line, m.finding.symbol, m.figure) for m in found]


PICK = """\
def pick(n):
    if n == 1:
        return "one"
    if n == 2:
        return "two"
    return "many"
"""

PICK_MORE = PICK.replace(
    '    return "many"', '    if n == 3:\n        return "three"\n    return "many"'
)


def test_a_clean_module_has_no_findings():
    assert _measure(CLEAN_MODULE, min_maintainability="A") == []


@pytest.mark.parametrize("source", ["", '"""Only a docstring."""\n'])
def test_an_empty_or_docstring_only_module_has_no_findings(source):
    assert _measure(source, min_maintainability="A", max_nesting=0, max_complexity=0) == []


def test_complexity_at_the_limit_passes():
    assert _measure(PICK, max_complexity=3) == []


def test_complexity_one_over_the_limit_fails_with_its_decision_points():
    [found] = _measure(PICK_MORE, max_complexity=3)
    finding = found.finding
    assert (finding.rule, finding.severity, finding.line, finding.end_line) == (
        "complexity.cyclomatic",
        Severity.ERROR,
        1,
        8,
    )
    assert finding.symbol == "pkg.calc.pick"
    assert finding.message == "`pick` has cyclomatic complexity 4 (rank A), over the limit of 3"
    assert finding.hint == (
        "Its 3 decision points are 3 if, at lines 2, 4, 6; "
        "move the largest branch, the `if` at lines 2-3 (2 lines), into a named helper."
    )
    assert finding.new is None
    assert (found.subject, found.figure) == ("complexity.cyclomatic:pkg.calc.pick", 4)


def test_a_method_is_named_by_its_class_and_found_at_its_def_line():
    source = """\
    class Account:
        def balance(self):
            return 0

        @property
        def refund(self, order):
            if order.paid and order.open:
                for line in order.lines:
                    if line.returned:
                        return line
            return None
    """
    [found] = _measure(source, max_complexity=4)
    finding = found.finding
    assert (finding.line, finding.end_line, finding.symbol) == (6, 11, "pkg.calc.Account.refund")
    assert finding.message.startswith("`Account.refund` has cyclomatic complexity 5 (rank A)")


def test_a_closure_is_measured_on_its_own_and_not_in_its_parent():
    source = """\
    def outer(items):
        def inner(item):
            if item:
                return 1
            return 0
        return [inner(i) for i in items if i]
    """
    assert _summary(_measure(source, max_complexity=1)) == [
        ("complexity.cyclomatic", 1, "pkg.calc.outer", 3),
        ("complexity.cyclomatic", 2, "pkg.calc.outer.inner", 2),
    ]


def test_a_method_of_a_class_defined_in_a_function_is_measured():
    source = """\
    def build():
        class Local:
            def method(self, x):
                if x:
                    return 1
                return 0
        return Local
    """
    assert _summary(_measure(source, max_complexity=1)) == [
        ("complexity.cyclomatic", 3, "pkg.calc.build.Local.method", 2),
    ]


def test_an_async_function_is_measured():
    source = """\
    async def fetch(urls):
        async for url in urls:
            if url:
                await url
    """
    assert _summary(_measure(source, max_complexity=2)) == [
        ("complexity.cyclomatic", 1, "pkg.calc.fetch", 3),
    ]


def test_the_hint_counts_every_kind_of_decision_point_radon_counts():
    source = """\
    def route(request, items):
        for item in items:
            pass
        else:
            log = 1
        while request.more:
            request.step()
        try:
            value = request.value
        except KeyError:
            value = None
        except ValueError:
            value = 0
        else:
            value += 1
        match request.kind:
            case "a":
                pass
            case "b":
                pass
            case _:
                pass
        assert request.ok and items
        evens = [i for i in items if i % 2]
        label = "x" if request.x or request.y else "y"
        return evens, label, value, log
    """
    [found] = _measure(source)
    assert found.figure == 14
    assert found.finding.hint == (
        "Its 13 decision points are 2 except, 2 case, 1 for, 1 loop else, 1 while, 1 try else, "
        "1 assert, 1 comprehension, 1 comprehension if, 1 and/or, 1 conditional expression, "
        "at lines 2, 5, 6, 10, 12, 15, 17, 19, …; "
        "move the largest branch, the `try` at lines 8-15 (8 lines), into a named helper."
    )


def test_every_case_of_a_match_without_a_catch_all_is_a_decision_point():
    source = """\
    def kind(x):
        match x:
            case 1:
                return "one"
            case [a, b]:
                return "pair"
    """
    [found] = _measure(source, max_complexity=2)
    assert found.finding.hint == (
        "Its 2 decision points are 2 case, at lines 3, 5; "
        "move the largest branch, the `match` at lines 2-6 (5 lines), into a named helper."
    )


def test_a_function_without_blocks_is_told_to_name_its_conditions():
    source = "def ready(a, b, c, d):\n    return a and b and c or d\n"
    [found] = _measure(source, max_complexity=3)
    assert found.finding.hint == (
        "Its 3 decision points are 3 and/or, at line 2; "
        "move groups of conditions into named predicate functions."
    )


@pytest.mark.parametrize(
    "relpath", ["asyncio/base_events.py", "email/_header_value_parser.py", "dataclasses.py"]
)
def test_the_hint_count_matches_radon_on_real_code(relpath):
    found = _rule(
        _measure((STDLIB / relpath).read_text(), max_complexity=1), "complexity.cyclomatic"
    )
    counted = [int(m.finding.hint.split()[1]) for m in found]  # "Its 13 decision points are …"
    assert counted == [int(m.figure) - 1 for m in found]
    assert len({m.subject for m in found}) == len(found) > 20


DEEP = """\
def deep(rows):
    for row in rows:
        if row:
            while row.next:
                with row.lock:
                    try:
                        row.step()
                    except OSError:
                        pass
"""


def test_nesting_at_the_limit_passes():
    assert _measure(DEEP, max_nesting=5) == []


def test_nesting_one_over_the_limit_fails_at_the_statement_past_it():
    [found] = _measure(DEEP, max_nesting=4)
    finding = found.finding
    assert (finding.rule, finding.line, finding.end_line) == ("complexity.nesting", 6, 9)
    assert finding.symbol == "pkg.calc.deep"
    assert finding.message == "`deep` nests blocks 5 deep, over the limit of 4"
    assert finding.hint == (
        "The deepest block is the `try` at line 6; return early from guard clauses instead of "
        "wrapping the rest in a block, or extract the inner block into a named helper."
    )
    assert (found.subject, found.figure) == ("complexity.nesting:pkg.calc.deep", 5)


def test_the_finding_is_at_the_first_statement_over_and_the_hint_names_the_deepest():
    source = """\
    def walk(tree):
        if tree:
            for a in tree:
                pass
            for b in tree:
                if b:
                    while b:
                        pass
    """
    [found] = _measure(source, max_nesting=2)
    assert (found.finding.line, found.figure) == (6, 4)
    assert found.finding.hint.startswith("The deepest block is the `while` at line 7;")


def test_an_elif_is_no_deeper_than_its_if():
    source = """\
    def classify(rows):
        for row in rows:
            if row.a:
                pass
            elif row.b:
                pass
            elif row.c:
                if row.d:
                    pass
    """
    assert _measure(source, max_nesting=3) == []


def test_an_if_inside_an_else_is_one_deeper():
    source = """\
    def classify(row):
        if row.a:
            pass
        else:
            if row.b:
                pass
    """
    assert _summary(_measure(source, max_nesting=1)) == [
        ("complexity.nesting", 5, "pkg.calc.classify", 2),
    ]


def test_a_nested_def_starts_its_own_depth():
    source = """\
    def outer(rows):
        for row in rows:
            if row:
                def inner(cells):
                    for cell in cells:
                        if cell:
                            pass
                inner(row)
    """
    assert _measure(source, max_nesting=2) == []
    assert _summary(_measure(source, max_nesting=1)) == [
        ("complexity.nesting", 3, "pkg.calc.outer", 2),
        ("complexity.nesting", 6, "pkg.calc.outer.inner", 2),
    ]


def test_async_blocks_and_match_count_but_a_case_is_no_deeper_than_its_match():
    source = """\
    async def serve(conn):
        async with conn:
            async for msg in conn:
                match msg:
                    case {"kind": kind}:
                        if kind:
                            pass
    """
    assert _summary(_measure(source, max_nesting=3)) == [
        ("complexity.nesting", 6, "pkg.calc.serve", 4),
    ]


def test_module_level_code_is_measured_as_the_module():
    source = """\
    for a in range(2):
        if a:
            with open("f"):
                pass
    """
    [found] = _measure(source, max_nesting=2)
    finding = found.finding
    assert (finding.line, finding.symbol) == (3, "pkg.calc")
    assert finding.message == "Module-level code nests blocks 3 deep, over the limit of 2"
    assert found.subject == "complexity.nesting:pkg.calc"


def test_a_class_body_is_measured_as_the_class():
    source = """\
    class Config:
        if DEBUG:
            if VERBOSE:
                level = 2
    """
    [found] = _measure(source, max_nesting=1)
    assert (found.finding.line, found.finding.symbol, found.figure) == (3, "pkg.calc.Config", 2)
    assert found.finding.message == "`Config` nests blocks 2 deep, over the limit of 1"


FLAT = "".join(f"v{i} = a{i} * 1 + b{i} * 2 + c{i} * 3\n" for i in range(500))  # index 6.4


def test_a_module_under_the_maintainability_rank_fails_over_its_whole_length():
    [found] = _measure(FLAT, path="src/pkg/calc.py")
    finding = found.finding
    assert (finding.rule, finding.line, finding.end_line) == ("complexity.maintainability", 1, 500)
    assert finding.symbol == "pkg.calc"
    index = mi_visit(FLAT, True)
    assert found.figure == index
    assert finding.message == (
        f"`src/pkg/calc.py` has maintainability index {index:.1f} (rank C), "
        "under the limit of rank B (an index over 9)"
    )
    assert finding.hint == (
        "The index falls as a module's volume, complexity and logical lines grow: "
        "split the module by responsibility."
    )
    assert found.subject == "complexity.maintainability:src/pkg/calc.py"


def test_rank_c_allows_any_index():
    assert _measure(FLAT, min_maintainability="C") == []


def test_the_maintainability_hint_names_the_most_complex_functions():
    source = PICK_MORE + PICK_MORE.replace("pick", "choose").replace(
        '    return "many"', '    if n == 4:\n        return "four"\n    return "many"'
    )
    source += "def noop():\n    pass\n" + FLAT
    [found] = _measure(source)
    assert found.finding.hint.endswith(
        "split the module by responsibility, and simplify its most complex functions: "
        "`choose` (5), `pick` (4), `noop` (1)."
    )


@pytest.mark.parametrize(
    "relpath", ["email/message.py", "configparser.py", "difflib.py", "dataclasses.py"]
)
def test_the_maintainability_index_equals_radons_mi_visit(relpath):
    # The index itself, not a finding: whether a stdlib module ranks A varies by version.
    source = (STDLIB / relpath).read_text()
    tree = ast.parse(source)
    visitor = ComplexityVisitor.from_ast(tree)
    assert complexity._maintainability_index(tree, source, visitor) == mi_visit(source, True)


QUIRKS = [
    "x = 1 \\\n\n# a comment after the blank line that ends a continued statement\n",
    '"""A docstring\n\nover lines."""\n"""One line."""\n# comment\nif x: y = 1; z = 2\n',
    "table = {\n    'a': 1,  # first\n\n    'b': [2,\n          3],\n}\nf = lambda: 0\n",
    'def f():\n    """Doc."""\n    return (1 +\n            2)  # sum\n\n\n',
]


@pytest.mark.parametrize("quirk", QUIRKS)
def test_the_maintainability_index_groups_lines_the_way_radon_does(quirk):
    source = quirk + FLAT
    [found] = _rule(_measure(source, min_maintainability="A"), "complexity.maintainability")
    assert found.figure == mi_visit(source, True)


def test_a_long_literal_is_measured_in_linear_time():
    items = [f"{i}: {i}," for i in range(1000)]
    # radon's own line grouping takes some 15 s over the 1,000 lines of this literal ...
    source = "TABLE = {\n" + "\n".join(items) + "\n}\n" + FLAT
    [found] = _measure(source)
    # ... but it scores the same as the literal on one line, without comments to weigh.
    assert found.figure == mi_visit("TABLE = {" + " ".join(items) + "}\n" + FLAT, True)


def test_an_unknown_maintainability_rank_is_refused():
    with pytest.raises(ValueError, match="must be A, B or C, not 'D'"):
        ComplexitySettings(min_maintainability="D")


def test_findings_come_sorted_by_line():
    source = "x = 0\n" + DEEP + PICK_MORE + FLAT
    assert [(m.finding.rule, m.finding.line) for m in _measure(source, max_complexity=4)] == [
        ("complexity.maintainability", 1),
        ("complexity.cyclomatic", 2),
        ("complexity.nesting", 7),
    ]
