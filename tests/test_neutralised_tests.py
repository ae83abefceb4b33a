"""Changes that switch tests off: skips, collection tricks, narrowed config, deleted tests."""

from __future__ import annotations

import pytest

from guard.model import Finding, Severity
from guard.neutralised_tests import (
    ADDOPTS_NARROWED,
    COLLECTION_DISABLED,
    EMPTY_PARAMETRIZE,
    SKIP_ADDED,
    addopts_findings,
    neutralised_findings,
)

TEST_PATH = "tests/test_orders.py"

BASE = """\
import pytest

from orders import Order


@pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows")
def test_total():
    assert Order(3).total == 3


def test_refund():
    assert Order(3).refund() == 0
"""


def _found(path: str, base: str | None, head: str | None) -> list[tuple[str, int]]:
    return [(finding.rule, finding.line) for finding in neutralised_findings(path, base, head)]


def _assert_error(finding: Finding, rule: str, path: str, line: int) -> None:
    assert (finding.rule, finding.path, finding.line, finding.end_line) == (rule, path, line, line)
    assert finding.severity is Severity.ERROR
    assert finding.new is True


# --- integrity.skip-added -------------------------------------------------------------------


def test_a_skip_the_base_had_is_not_new_when_its_test_moves_down_the_file():
    head = BASE.replace(
        "\n\n@pytest.mark.skipif", "\n\ndef test_new():\n    pass\n\n\n@pytest.mark.skipif"
    )
    assert head != BASE
    assert _found(TEST_PATH, BASE, head) == []


def test_an_added_skipif_is_reported_at_its_line_with_the_test_it_switches_off():
    head = BASE.replace(
        "def test_refund",
        '@pytest.mark.skipif(sys.version_info < (3, 12), reason="")\ndef test_refund',
    )
    [finding] = neutralised_findings(TEST_PATH, BASE, head)
    _assert_error(finding, SKIP_ADDED, TEST_PATH, 11)
    assert finding.symbol == "tests.test_orders.test_refund"
    assert "`test_refund` gains `pytest.mark.skipif(sys.version_info < (3, 12))`" in finding.message
    assert "no longer checks" in finding.message
    assert finding.hint.startswith("Remove `pytest.mark.skipif(sys.version_info < (3, 12))`")


def test_rewording_a_reason_is_not_a_new_skip_but_widening_the_condition_is():
    reworded = BASE.replace("no fork on Windows", "Windows cannot fork")
    widened = BASE.replace('sys.platform == "win32"', "True")
    assert _found(TEST_PATH, BASE, reworded) == []
    assert _found(TEST_PATH, BASE, widened) == [(SKIP_ADDED, 6)]


def test_a_second_identical_skip_in_the_same_test_counts_as_new():
    base = "import pytest\n\n\ndef test_io():\n    pytest.skip('flaky')\n"
    head = base + "    pytest.skip('still flaky')\n"
    assert _found(TEST_PATH, base, head) == [(SKIP_ADDED, 6)]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        pytest.param("pytestmark = pytest.mark.skip\n", [(SKIP_ADDED, 5)], id="module-pytestmark"),
        pytest.param(
            "class TestOrder:\n    pytestmark = [pytest.mark.xfail(strict=False)]\n",
            [(SKIP_ADDED, 6)],
            id="class-pytestmark-list",
        ),
        pytest.param(
            "def test_csv():\n    pytest.importorskip('pandas')\n",
            [(SKIP_ADDED, 6)],
            id="importorskip-in-a-test",
        ),
        pytest.param(
            "pytest.skip('needs a database', allow_module_level=True)\n",
            [(SKIP_ADDED, 5)],
            id="module-level-skip",
        ),
        pytest.param(
            "def test_slow():\n    if SLOW:\n        pytest.xfail('too slow')\n",
            [(SKIP_ADDED, 7)],
            id="runtime-xfail",
        ),
        pytest.param(
            "@pytest.mark.parametrize('n', [1, pytest.param(2, marks=pytest.mark.skip)])\n"
            "def test_n(n):\n    assert n\n",
            [(SKIP_ADDED, 5)],
            id="a-skipped-param",
        ),
        pytest.param(
            "@pt.mark.xfail\nasync def test_pay():\n    assert await pay()\n",
            [(SKIP_ADDED, 5)],
            id="aliased-import-on-an-async-test",
        ),
        pytest.param(
            "@mark.skipif(True, reason='')\ndef test_tax():\n    assert ', '.join([])\n",
            [(SKIP_ADDED, 5)],
            id="from-import",
        ),
        pytest.param(
            "@skip\ndef test_fee():\n    assert fee()\n",
            [],
            id="a-local-skip-decorator-is-not-pytests",
        ),
    ],
)
def test_each_way_of_skipping_is_found(head: str, expected: list[tuple[str, int]]):
    prelude = "import pytest\nimport pytest as pt\nfrom pytest import mark\nfrom . import skip\n"
    assert _found(TEST_PATH, prelude, prelude + head) == expected


UNITTEST_HEAD = """\
import unittest
from unittest import skip as unittest_skip


@unittest_skip("later")
class OrderTest(unittest.TestCase):
    def test_total(self):
        self.skipTest("broken")

    @unittest.expectedFailure
    def test_refund(self):
        raise unittest.SkipTest("no")
"""


def test_unittest_skips_and_expected_failures_are_found():
    base = "import unittest\nfrom unittest import skip as unittest_skip\n"
    findings = neutralised_findings(TEST_PATH, base, UNITTEST_HEAD)
    assert [(finding.line, finding.symbol) for finding in findings] == [
        (5, "tests.test_orders.OrderTest"),
        (8, "tests.test_orders.OrderTest.test_total"),
        (10, "tests.test_orders.OrderTest.test_refund"),
        (12, "tests.test_orders.OrderTest.test_refund"),
    ]
    assert "`unittest.skip`" in findings[0].message
    assert "`self.skipTest`" in findings[1].message


@pytest.mark.parametrize(
    ("base", "head", "expected"),
    [
        (None, BASE, [(SKIP_ADDED, 6)]),
        ("def broken(:\n", BASE, [(SKIP_ADDED, 6)]),
        (BASE, None, []),
        (BASE, BASE + "def broken(:\n", []),
    ],
    ids=["file-born-skipped", "unparsable-base", "file-deleted", "unparsable-head"],
)
def test_a_missing_or_unparsable_base_hides_nothing_and_such_a_head_finds_nothing(
    base: str | None, head: str | None, expected: list[tuple[str, int]]
):
    assert _found(TEST_PATH, base, head) == expected


NEW_TEST = """

@pytest.mark.skipif(sys.version_info < (3, 13), reason="copy.replace is new in 3.13")
def test_replace():
    assert Order(3).replace(total=4).total == 4
"""


def _severities(base: str | None, head: str) -> list[tuple[str, int, Severity]]:
    return [
        (finding.rule, finding.line, finding.severity)
        for finding in neutralised_findings(TEST_PATH, base, head)
    ]


def test_a_skip_that_comes_with_a_new_test_is_a_warning_and_says_why():
    [finding] = neutralised_findings(TEST_PATH, BASE, BASE + NEW_TEST)
    assert (finding.rule, finding.line, finding.severity) == (SKIP_ADDED, 15, Severity.WARNING)
    assert finding.message.startswith(
        "`test_replace` is new and comes with `pytest.mark.skipif(sys.version_info < (3, 13))`"
    )
    assert _severities(None, BASE) == [(SKIP_ADDED, 6, Severity.WARNING)]  # a new module


def test_a_skip_on_a_test_or_class_the_base_had_stays_an_error():
    in_class = "\n\nclass TestOrder:\n    def test_total(self):\n        assert True\n"
    head = in_class.replace("class TestOrder", "@pytest.mark.skip\nclass TestOrder")
    new_method = (
        in_class + "\n    @pytest.mark.skip\n    def test_new(self):\n        assert True\n"
    )
    assert _severities(BASE + in_class, BASE + head) == [(SKIP_ADDED, 15, Severity.ERROR)]
    assert _severities(BASE + in_class, BASE + new_method) == [(SKIP_ADDED, 19, Severity.WARNING)]


# --- integrity.collection-disabled ----------------------------------------------------------


def test_test_false_added_at_module_level_hides_the_tests():
    [finding] = neutralised_findings(TEST_PATH, BASE, BASE + "__test__ = False\n")
    _assert_error(finding, COLLECTION_DISABLED, TEST_PATH, 13)
    assert finding.symbol == "tests.test_orders"
    assert finding.message.startswith("The module gains `__test__ = False`")
    assert "no longer collects" in finding.message


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        ("class TestSlow:\n    __test__ = False\n\n    def test_a(self):\n        pass\n", [14]),
        ("test_refund.__test__ = False\n", [13]),
        ("class TestFailure:\n    __test__ = False\n    nodeid: str\n", []),
        ("__test__ = True\n", []),
        ("def helper():\n    __test__ = False\n", []),
    ],
    ids=["test-class", "one-test", "helper-named-like-a-test", "true", "local-variable"],
)
def test_test_false_counts_only_where_it_hides_tests(added: str, expected: list[int]):
    assert _found(TEST_PATH, BASE, BASE + added) == [
        (COLLECTION_DISABLED, line) for line in expected
    ]


IGNORES = """\
collect_ignore = ["setup.py"]
collect_ignore_glob: list[str] = []
collect_ignore.append("tests/test_orders.py")
collect_ignore_glob += ["tests/slow_*.py"]
collect_ignore.remove("setup.py")
"""


def test_collect_ignore_counts_in_a_conftest_only():
    findings = neutralised_findings("tests/conftest.py", None, IGNORES)
    assert [(finding.rule, finding.line) for finding in findings] == [
        (COLLECTION_DISABLED, 1),
        (COLLECTION_DISABLED, 2),
        (COLLECTION_DISABLED, 3),
        (COLLECTION_DISABLED, 4),
    ]
    assert "`collect_ignore.append('tests/test_orders.py')`" in findings[2].message
    assert _found("tests/helpers.py", None, IGNORES) == []


def test_a_new_collection_hook_is_found_and_one_the_base_had_is_not():
    hook = "def pytest_collection_modifyitems(config, items):\n    items.clear()\n"
    [finding] = neutralised_findings("tests/conftest.py", "import pytest\n", hook)
    assert (finding.rule, finding.line, finding.end_line) == (COLLECTION_DISABLED, 1, 2)
    assert "`def pytest_collection_modifyitems`" in finding.message
    assert _found("tests/conftest.py", hook, "\n\n" + hook) == []


# --- integrity.empty-parametrize ------------------------------------------------------------


@pytest.mark.parametrize(
    ("decorator", "expected"),
    [
        ('@pytest.mark.parametrize("amount", [])', [(EMPTY_PARAMETRIZE, 3)]),
        ("@pytest.mark.parametrize(('a', 'b'), ( ))", [(EMPTY_PARAMETRIZE, 3)]),
        ('@pytest.mark.parametrize("amount", argvalues=list())', [(EMPTY_PARAMETRIZE, 3)]),
        ('@pytest.mark.parametrize("amount", [0])', []),
        ('@pytest.mark.parametrize("amount", AMOUNTS)', []),
        ("@pytest.mark.parametrize(argnames='amount')", []),
    ],
)
def test_an_empty_parametrize_is_found_and_a_non_empty_one_is_not(
    decorator: str, expected: list[tuple[str, int]]
):
    head = f"import pytest\n\n{decorator}\ndef test_fee(amount):\n    assert fee(amount)\n"
    assert _found(TEST_PATH, "import pytest\n", head) == expected


def test_an_empty_parametrize_names_the_call_and_pytests_reason():
    head = "def pytest_generate_tests(metafunc):\n    metafunc.parametrize('n', [])\n"
    [finding] = neutralised_findings("tests/conftest.py", None, head)
    _assert_error(finding, EMPTY_PARAMETRIZE, "tests/conftest.py", 2)
    assert finding.symbol == "tests.conftest.pytest_generate_tests"
    assert "`metafunc.parametrize('n', [])`" in finding.message
    assert "empty parameter set" in finding.message


# --- integrity.addopts-narrowed -------------------------------------------------------------

PYPROJECT = """\
[project]
name = "orders"

[tool.pytest.ini_options]
addopts = "-v"
testpaths = ["tests", "integration"]
"""


def test_a_deselecting_k_in_pyproject_names_the_key_the_old_and_the_new_value():
    head = PYPROJECT.replace('"-v"', "\"-v -k 'not slow'\"")
    [finding] = addopts_findings("pyproject.toml", PYPROJECT, head)
    _assert_error(finding, ADDOPTS_NARROWED, "pyproject.toml", 5)
    assert "`addopts`" in finding.message
    assert "from `-v` to `-v -k 'not slow'`" in finding.message
    assert "adds `-k 'not slow'`" in finding.message
    assert finding.hint.startswith("Restore `addopts` to its base value (`-v`)")


def test_testpaths_losing_an_entry_is_found_and_a_broader_entry_is_not():
    narrowed = PYPROJECT.replace('["tests", "integration"]', '["tests"]')
    broadened = PYPROJECT.replace('["tests", "integration"]', '["./", "tests"]')
    [finding] = addopts_findings("pyproject.toml", PYPROJECT, narrowed)
    _assert_error(finding, ADDOPTS_NARROWED, "pyproject.toml", 6)
    assert "`testpaths`" in finding.message
    assert "drops `integration`" in finding.message
    assert addopts_findings("pyproject.toml", PYPROJECT, broadened) == []


@pytest.mark.parametrize(
    ("path", "base", "head", "line"),
    [
        (
            "pytest.ini",
            "[pytest]\naddopts = -v\n",
            "[pytest]\naddopts = -v --deselect a.py::t\n",
            2,
        ),
        (
            "setup.cfg",
            "[metadata]\nname = x\n",
            "[metadata]\n\n[tool:pytest]\naddopts = -m fast\n",
            4,
        ),
        ("tox.ini", "[tox]\n", "[tox]\n[pytest]\naddopts =\n  -q\n  --ignore=tests/slow\n", 3),
        (".pytest.ini", None, "[pytest]\naddopts = -qk 'not db'\n", 2),
        ("pytest.toml", "[pytest]\n", '[pytest]\naddopts = ["-p", "no:randomly"]\n', 2),
        ("pyproject.toml", "", '[tool.pytest]\naddopts = ["--lf"]\n', 2),
        ("pyproject.toml", "", '[tool.pytest]\naddopts = ["--strict-markers", "--co"]\n', 2),
        ("pyproject.toml", "", '[tool.pytest]\naddopts = ["tests/unit"]\n', 2),
        ("setup.cfg", "", "[tool:pytest]\npython_files = check_*.py\n", 2),
        ("setup.cfg", "", "[tool:pytest]\npython_functions = test_\n", 2),
        ("setup.cfg", "", "[tool:pytest]\nnorecursedirs = .* legacy\n", 2),
        (
            "setup.cfg",
            "[tool:pytest]\ntestpaths = tests\n",
            "[tool:pytest]\ntestpaths = tests/unit\n",
            2,
        ),
    ],
)
def test_each_config_format_and_narrowing_setting_is_found(
    path: str, base: str | None, head: str, line: int
):
    [finding] = addopts_findings(path, base, head)
    _assert_error(finding, ADDOPTS_NARROWED, path, line)


@pytest.mark.parametrize(
    ("path", "base", "head"),
    [
        ("pyproject.toml", PYPROJECT, PYPROJECT.replace('"-v"', '"-v -x --maxfail=2"')),
        ("pyproject.toml", PYPROJECT, PYPROJECT.replace('"-v"', '"--cov-report term -v"')),
        ("pytest.ini", "[pytest]\naddopts = -k fast -v\n", "[pytest]\naddopts = -v -k fast\n"),
        ("pytest.ini", "[pytest]\naddopts = -k fast\n", "[pytest]\naddopts = -q\n"),
        ("setup.cfg", "", "[tool:pytest]\npython_functions = t\npython_classes = *Test\n"),
        ("setup.cfg", "", "[tool:pytest]\nnorecursedirs = .venv build\n"),
        ("setup.cfg", "", "[flake8]\naddopts = -k x\n"),
        ("pyproject.toml", "[tool]\npytest = 3\n", "[tool.pytest]\nini_options = 3\n"),
        ("conf.py", "", "addopts = '-k x'\n"),
        ("pytest.ini", "[pytest]\naddopts = -k x\n", None),
        ("pytest.ini", "", "[pytest]\naddopts = -k 'x\n"),
        ("pyproject.toml", "", "[tool.pytest\n"),
        ("tox.ini", "", "[pytest\n"),
    ],
    ids=[
        "x-and-maxfail",
        "a-plugin-option-with-its-argument",
        "reordered",
        "an-option-removed",
        "broader-name-patterns",
        "norecursedirs-inside-the-defaults",
        "another-section",
        "not-tables",
        "not-a-config-file",
        "config-deleted",
        "unbalanced-quote",
        "bad-toml",
        "bad-ini",
    ],
)
def test_changes_that_collect_no_fewer_tests_are_not_findings(
    path: str, base: str | None, head: str | None
):
    assert addopts_findings(path, base, head) == []


def test_an_unparsable_base_counts_as_pytests_defaults():
    [finding] = addopts_findings("pytest.ini", "[pytest\n", "[pytest]\ntestpaths = tests\n")
    assert "changed from not set to `tests`, which drops `.`" in finding.message


# Nested one level per term: deeper than `ast.unparse` (500) or `ast.dump` (1000+) can recurse.
DEEP_SUM = " + ".join(["1"] * 1500)


def test_a_long_expression_neither_crashes_the_scan_nor_hides_a_skip_in_it():
    decorator = f"@pytest.mark.skipif({DEEP_SUM}, reason='')"
    head = f"import pytest\n\n\n{decorator}\ndef test_a():\n    pass\n"
    [finding] = neutralised_findings(TEST_PATH, "import pytest\n", head)
    assert (finding.rule, finding.line) == (SKIP_ADDED, 4)
    assert "nested too deeply to show" in finding.message
