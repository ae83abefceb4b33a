"""Code a change newly hides from coverage is a finding; what the base already hid is not."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from guard.model import Severity
from guard.new_exclusions import (
    DEFAULT_PARTIAL_REGEX,
    RULE,
    excluded_lines,
    exclusion_findings,
    new_exclusion_findings,
    new_partial_findings,
)
from guard.weakening import ConfigFiles, CoverageSettings, effective_coverage_settings

PATH = "pkg/orders.py"

BASE = """\
import os


def total(prices):
    subtotal = sum(prices)
    return subtotal * 2


def describe(order):
    return repr(order)
"""


def _source(text: str) -> str:
    return textwrap.dedent(text)


@pytest.fixture
def defaults(tmp_path: Path) -> CoverageSettings:
    """coverage's own settings, read from a project with no config file."""
    return effective_coverage_settings(ConfigFiles({}), tmp_path)


def _found(
    defaults: CoverageSettings, base: str | None, head: str, changed: set[int]
) -> list[tuple[int, int, str]]:
    regex = defaults.exclude_regex
    findings = new_exclusion_findings(PATH, base, _source(head), regex, regex, changed)
    return [(finding.line, finding.end_line, finding.message) for finding in findings]


def test_excluded_lines_hold_a_whole_function_excluded_at_its_def(defaults: CoverageSettings):
    source = BASE.replace("def total(prices):", "def total(prices):  # pragma: no cover")
    assert excluded_lines(source, defaults.exclude_regex) == {4, 5, 6}


@pytest.mark.parametrize("source", ["", "def broken(:\n", "x = 1\0\n"])
def test_excluded_lines_of_empty_or_unparseable_source_are_none(
    defaults: CoverageSettings, source: str
):
    assert excluded_lines(source, defaults.exclude_regex) == set()


@pytest.mark.parametrize("family", ["exclusion", "partial"])
def test_a_null_byte_in_either_side_is_no_finding_and_no_crash(
    defaults: CoverageSettings, family: str
):
    """Python 3.10 raises ValueError for a null byte, which coverage.py lets through."""
    check = new_exclusion_findings if family == "exclusion" else new_partial_findings
    regex = defaults.exclude_regex if family == "exclusion" else defaults.partial_regex
    pragma = BASE.replace("def total(prices):", "def total(prices):  # pragma: no cover")
    assert check("shop.py", BASE, pragma + "\0\n", regex, regex, {4}) == []
    if_typing = "if TYPE_CHECKING:  # pragma: no cover\n    x = 1\0\n"
    assert check("shop.py", None, if_typing, regex, regex, {1, 2}) == []


def test_a_new_pragma_on_a_changed_def_is_a_finding_with_its_statement_count(
    defaults: CoverageSettings,
):
    head = BASE.replace("def total(prices):", "def total(prices):  # pragma: no cover")
    [finding] = new_exclusion_findings(
        PATH, BASE, head, defaults.exclude_regex, defaults.exclude_regex, {4}
    )
    assert (finding.rule, finding.severity, finding.path) == (RULE, Severity.ERROR, PATH)
    assert (finding.line, finding.end_line) == (4, 6)
    assert finding.message == (
        "`def total(prices):  # pragma: no cover` excludes 3 statements from coverage "
        "that the base's bar counts"
    )
    assert finding.snippet == "def total(prices):  # pragma: no cover"
    assert finding.new is True


def test_an_oddly_spelt_pragma_that_coverage_accepts_is_a_finding(defaults: CoverageSettings):
    head = BASE.replace("return subtotal * 2", "return subtotal * 2  #PRAGMA:NO COVER")
    assert _found(defaults, BASE, head, {6}) == [
        (
            6,
            6,
            "`return subtotal * 2  #PRAGMA:NO COVER` excludes 1 statement from coverage "
            "that the base's bar counts",
        )
    ]


def test_a_pragma_the_base_had_moved_down_by_an_insertion_is_no_finding(
    defaults: CoverageSettings,
):
    base = BASE.replace("def describe(order):", "def describe(order):  # pragma: no cover")
    head = base.replace("import os\n", "import os\nimport sys\n\nLIMIT = 3\n")
    assert _found(defaults, base, head, {2, 3, 4}) == []


def test_an_excluded_function_moved_or_re_signed_is_no_finding(defaults: CoverageSettings):
    base = BASE.replace("def describe(order):", "def describe(order):  # pragma: no cover")
    head = base.replace("(order):  #", "(order, verbose=False):  #")
    # Even a caller that reports every line as changed (a rename) gets nothing.
    assert _found(defaults, base, head, set(range(1, 12))) == []


def test_new_code_under_a_changed_excluded_def_counts_only_the_new_statements(
    defaults: CoverageSettings,
):
    base = BASE.replace("def describe(order):", "def describe(order):  # pragma: no cover")
    head = base.replace(
        "def describe(order):  # pragma: no cover\n",
        "def describe(order, verbose=False):  # pragma: no cover\n"
        "    if verbose:\n        print(order)\n",
    )
    assert _found(defaults, base, head, {9, 10, 11}) == [
        (
            9,
            11,
            "`def describe(order, verbose=False):  # pragma: no cover` excludes "
            "2 statements from coverage that the base's bar counts",
        )
    ]


def test_a_pragma_on_an_unchanged_line_is_not_this_change(defaults: CoverageSettings):
    head = BASE.replace("def total(prices):", "def total(prices):  # pragma: no cover")
    assert _found(defaults, BASE, head, {10}) == []


def test_a_pragma_that_hides_no_statement_is_no_finding(defaults: CoverageSettings):
    head = BASE.replace("import os\n", "import os\n# pragma: no cover\n")
    assert _found(defaults, BASE, head, {2}) == []


def test_two_new_exclusions_are_two_findings_and_decorators_go_with_their_def(
    defaults: CoverageSettings,
):
    head = """\
    import functools


    @functools.cache
    def total(prices):  # pragma: no cover
        return sum(prices)


    def describe(order):
        if order:  # pragma: no cover
            return repr(order)
        return ""
    """
    assert [(line, end) for line, end, _ in _found(defaults, None, head, set(range(1, 13)))] == [
        (5, 6),
        (10, 11),
    ]


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(
            """\
            from __future__ import annotations

            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from collections.abc import Sequence
            """,
            id="type-checking",
        ),
        pytest.param(
            """\
            from typing import Protocol


            class Pricing(Protocol):
                def price(self, sku: str) -> int: ...
            """,
            id="protocol-stub",
        ),
        pytest.param(
            """\
            import typing

            if typing.TYPE_CHECKING:  # pragma: no cover
                import os
            """,
            id="type-checking-with-pragma",
        ),
    ],
)
def test_default_exclusions_for_code_that_never_runs_are_no_finding_in_a_new_file(
    defaults: CoverageSettings, head: str
):
    assert _found(defaults, None, head, set(range(1, 10))) == []


def test_a_pragma_in_a_new_file_is_a_finding(defaults: CoverageSettings):
    head = """\
    def main():
        print("hello")


    if __name__ == "__main__":  # pragma: no cover
        main()
    """
    assert _found(defaults, None, head, set(range(1, 7))) == [
        (
            5,
            6,
            '`if __name__ == "__main__":  # pragma: no cover` excludes 2 statements from '
            "coverage that the base's bar counts",
        )
    ]


def test_a_type_checking_block_is_a_finding_when_the_base_did_not_exclude_it(
    defaults: CoverageSettings,
):
    head = "import typing\n\nif typing.TYPE_CHECKING:\n    import os\n"
    regex = defaults.exclude_regex
    findings = new_exclusion_findings(PATH, None, head, "pragma: no cover", regex, {3, 4})
    assert [(finding.line, finding.end_line) for finding in findings] == [(3, 4)]


def test_a_custom_regex_the_base_had_applies_to_new_lines_only(tmp_path: Path):
    config = ConfigFiles(
        {"pyproject.toml": '[tool.coverage.report]\nexclude_also = ["def __repr__"]\n'}
    )
    settings = effective_coverage_settings(config, tmp_path)
    base = "class Order:\n    def __repr__(self):\n        return 'Order'\n"
    head = base + "\n\nclass Line:\n    def __repr__(self):\n        return 'Line'\n"
    findings = exclusion_findings(PATH, base, head, settings, settings, {4, 5, 6, 7, 8})
    assert [(finding.line, finding.end_line) for finding in findings] == [(7, 8)]
    assert findings[0].message.startswith("`def __repr__(self):` excludes 2 statements")


def test_a_regex_only_the_head_config_adds_is_left_to_the_config_finding(
    defaults: CoverageSettings,
):
    head_regex = defaults.exclude_regex + "|(?:def describe)"
    findings = new_exclusion_findings(PATH, BASE, BASE, defaults.exclude_regex, head_regex, set())
    assert findings == []


@pytest.mark.parametrize(
    "head", ["def total(:  # pragma: no cover\n", "if TYPE_CHECKING:\n    def f(:\n"]
)
def test_an_unparseable_head_is_left_to_the_coverage_rules(defaults: CoverageSettings, head: str):
    assert _found(defaults, BASE, head, {1, 2}) == []


def test_a_new_no_branch_pragma_on_a_branch_is_a_finding(defaults: CoverageSettings):
    base = "def pick(flag):\n    if flag:\n        return 1\n    return 2\n"
    head = base.replace("if flag:", "if flag:  # pragma: no branch")
    partial = defaults.partial_regex
    [finding] = new_partial_findings(PATH, base, head, partial, partial, {2})
    assert (finding.rule, finding.line, finding.end_line) == (RULE, 2, 2)
    assert finding.message == (
        "`if flag:  # pragma: no branch` newly excuses the 2 branch exits of line 2: "
        "a missed one stops counting, though the base's bar counts it"
    )


def test_a_no_branch_pragma_on_a_multi_line_condition_is_reported_at_its_first_line(
    defaults: CoverageSettings,
):
    head = (
        "def pick(a, b):\n    if (a and\n            b):  # pragma: no branch\n        return 1\n"
    )
    findings = exclusion_findings(PATH, None, head, defaults, defaults, {1, 2, 3, 4})
    assert [(finding.line, finding.snippet) for finding in findings] == [(2, "if (a and")]


@pytest.mark.parametrize(
    ("base", "head", "changed"),
    [
        pytest.param("x = 1\n", "x = 1  # pragma: no branch\n", {1}, id="not-a-branch"),
        pytest.param(
            "if x:  # pragma: no branch\n    y = 1\n",
            "import os\n\nif x:  # pragma: no branch\n    y = 1\n",
            {1, 2},
            id="already-at-base",
        ),
        pytest.param(
            "if x:\n    y = 1\n",
            "if x:  # pragma: no branch\n    y = 1\n",
            {2},
            id="pragma-line-unchanged",
        ),
        pytest.param(None, "if x:  # pragma: no branch\n    y = (\n", {1}, id="unparseable"),
    ],
)
def test_no_branch_pragmas_that_are_not_new_or_excuse_nothing_are_no_finding(
    base: str | None, head: str, changed: set[int]
):
    regex = DEFAULT_PARTIAL_REGEX
    assert new_partial_findings(PATH, base, head, regex, regex, changed) == []


def test_an_empty_partial_regex_marks_nothing():
    head = "if x:  # pragma: no branch\n    y = 1\n"
    assert new_partial_findings(PATH, None, head, "", "", {1, 2}) == []


def test_an_excluded_function_moved_within_the_file_is_no_finding(defaults: CoverageSettings):
    base = BASE.replace("def describe(order):", "def describe(order):  # pragma: no cover")
    moved = "def describe(order):  # pragma: no cover\n    return repr(order)\n\n\n"
    head = base.replace(
        "\n\ndef describe(order):  # pragma: no cover\n    return repr(order)\n", ""
    )
    head = head.replace("def total", moved + "def total")
    assert _found(defaults, base, head, {4, 5, 6, 7}) == []


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(
            "TYPE_CHECKING = True\n\nif TYPE_CHECKING:\n    print('runs')\n", id="assigned"
        ),
        pytest.param(
            "from pkg.flags import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    print('runs')\n",
            id="imported-from-elsewhere",
        ),
        pytest.param(
            "from typing import Any as TYPE_CHECKING\n\nif TYPE_CHECKING:\n    print('runs')\n",
            id="renamed-from-typing",
        ),
        pytest.param(
            "import pkg.flags as typing\n\nif typing.TYPE_CHECKING:\n    print('runs')\n",
            id="stand-in-typing-module",
        ),
        pytest.param(
            "import typing\n\ntyping.TYPE_CHECKING = True\nif typing.TYPE_CHECKING:\n"
            "    print('runs')\n",
            id="attribute-assigned",
        ),
        pytest.param(
            "def run(TYPE_CHECKING=True):\n    if TYPE_CHECKING:\n        print('runs')\n",
            id="parameter",
        ),
    ],
)
def test_a_type_checking_that_can_be_true_at_run_time_hides_code_and_is_a_finding(
    defaults: CoverageSettings, head: str
):
    findings = _found(defaults, None, head, set(range(1, 6)))
    assert [message.split("` excludes ")[1] for _, _, message in findings] == [
        "2 statements from coverage that the base's bar counts"
    ]


@pytest.mark.parametrize(
    "imports",
    [
        "from typing_extensions import TYPE_CHECKING",
        "from typing import TYPE_CHECKING as TYPE_CHECKING_ALIAS, TYPE_CHECKING",
        "import os, typing_extensions as typing\nfrom typing import TYPE_CHECKING",
    ],
)
def test_typing_s_own_type_checking_spelt_any_way_is_no_finding(
    defaults: CoverageSettings, imports: str
):
    head = f"{imports}\n\nif TYPE_CHECKING:\n    from collections.abc import Sequence\n"
    assert _found(defaults, None, head, set(range(1, 6))) == []
