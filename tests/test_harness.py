"""Harness tampering in test code, and product code that knows it is under test."""

from __future__ import annotations

import ast
import textwrap

import pytest

from guard.harness import harness_findings, source_awareness_findings


def _harness(source: str, touched: set[int] | None = None) -> list[tuple[str, int]]:
    text = textwrap.dedent(source)
    found = harness_findings("tests/conftest.py", ast.parse(text), touched)
    return [(finding.rule, finding.line) for finding in found]


def _aware(source: str, touched: set[int] | None = None) -> list[tuple[str, int]]:
    text = textwrap.dedent(source)
    found = source_awareness_findings("shop/cart.py", ast.parse(text), text, touched)
    return [(finding.rule, finding.line) for finding in found]


def test_a_report_hook_in_a_conftest_is_tampering():
    source = """
        import pytest

        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(item, call):
            outcome = yield
            outcome.get_result().outcome = "passed"
        """
    assert _harness(source) == [("integrity.report-hook", 5)]
    [finding] = harness_findings("tests/conftest.py", ast.parse(textwrap.dedent(source)))
    assert "`pytest_runtest_makereport` is implemented here" in finding.message
    assert finding.new is True


def test_an_ordinary_fixture_in_a_conftest_is_fine():
    source = """
        import pytest

        @pytest.fixture
        def basket():
            return [1, 2]

        def pytest_configure(config):
            config.addinivalue_line("markers", "slow: slow tests")
        """
    assert _harness(source) == []


@pytest.mark.parametrize("call", ["os._exit(0)", "sys.exit(0)", "exit()", "quit()", "os.abort()"])
def test_leaving_the_process_from_a_test_is_tampering(call: str):
    source = f"import os, sys\n\ndef test_total():\n    {call}\n"
    assert _harness(source) == [("integrity.process-exit", 4)]


def test_importing_coverage_in_test_code_is_tampering():
    source = """
        import coverage
        from coverage.data import CoverageData

        def test_total():
            coverage.Coverage.current().stop()
        """
    assert _harness(source) == [
        ("integrity.coverage-tampering", 2),
        ("integrity.coverage-tampering", 3),
    ]


@pytest.mark.parametrize(
    "patch",
    [
        'monkeypatch.setattr(pytest, "fail", lambda *a: None)',
        'mock.patch("_pytest.runner.call_and_report")',
        'mock.patch.object(unittest.TestCase, "fail")',
        "setattr(coverage.Coverage, 'save', print)",
    ],
)
def test_patching_the_harness_is_tampering(patch: str):
    source = f"def test_total(monkeypatch):\n    {patch}\n"
    assert _harness(source) == [("integrity.harness-patched", 2)]


def test_patching_the_code_under_test_is_fine():
    source = """
        def test_total(monkeypatch):
            monkeypatch.setattr(shop, "tax_rate", lambda: 0)
            mock.patch("shop.cart.now")
            monkeypatch.setattr("shop.cart.TAX", 0)
            setattr(obj_under_test, "x", 1)
            patch()
        """
    assert _harness(source) == []


def test_only_touched_lines_count():
    source = "import os\n\ndef test_a():\n    os._exit(0)\n\ndef test_b():\n    os._exit(1)\n"
    assert _harness(source, {7}) == [("integrity.process-exit", 7)]


def test_product_code_that_probes_for_pytest_is_test_aware():
    source = """
        import os
        import sys

        def price():
            if os.environ.get("PYTEST_CURRENT_TEST"):
                return 0
            if "pytest" in sys.modules:
                return 1
            if os.getenv("PYTEST_CURRENT_TEST") or "PYTEST_CURRENT_TEST" in os.environ:
                return 3
            if os.environ["PYTEST_CURRENT_TEST"]:
                return 4
            return 2  # special case for the tests
        """
    assert _aware(source) == [
        ("integrity.test-aware-source", 6),
        ("integrity.test-aware-source", 8),
        ("integrity.test-aware-source", 10),
        ("integrity.test-aware-source", 10),
        ("integrity.test-aware-source", 12),
        ("integrity.test-aware-source", 14),
    ]


def test_an_eq_that_always_agrees_is_test_aware():
    source = """
        class Money:
            def __eq__(self, other):
                return True

        class Fair:
            def __eq__(self, other):
                return self.cents == other.cents

            def __ne__(self, other):
                return True
        """
    assert _aware(source) == [("integrity.test-aware-source", 3)]


def test_ordinary_code_is_not_test_aware():
    source = """
        import os
        import sys

        def modules():
            return "json" in sys.modules, "pytest" in ["pytest"]  # test data

        def names(node):
            home = os.environ.get("HOME") or os.environ["USER"] or os.getenv()
            return node.value == "PYTEST_CURRENT_TEST", "pytest" == sys.modules, home
        """
    assert _aware(source) == []


def test_awareness_on_untouched_lines_is_not_reported():
    source = "import os\nFLAG = os.environ.get('PYTEST_CURRENT_TEST')\n"
    assert _aware(source, {1}) == []
