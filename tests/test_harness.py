"""Harness tampering in test code: report hooks, exits, coverage, patched frameworks."""

from __future__ import annotations

import ast
import textwrap

import pytest

from guard.harness import harness_findings


def _harness(source: str, touched: set[int] | None = None) -> list[tuple[str, int]]:
    text = textwrap.dedent(source)
    found = harness_findings("tests/conftest.py", ast.parse(text), touched)
    return [(finding.rule, finding.line) for finding in found]


def _messages(source: str) -> list[tuple[str, str, int, str]]:
    found = harness_findings("tests/conftest.py", ast.parse(textwrap.dedent(source)))
    return [(f.rule, f.severity.value, f.line, f.message) for f in found]


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


def test_patching_the_harness_through_an_import_alias_is_tampering():
    source = """
        from unittest import TestCase
        import pytest as pt

        def test_total(monkeypatch):
            monkeypatch.setattr(TestCase, "fail", print)
            monkeypatch.setattr(pt, "fail", print)
        """
    assert _harness(source) == [
        ("integrity.harness-patched", 6),
        ("integrity.harness-patched", 7),
    ]


def test_an_exit_imported_under_another_name_is_still_an_exit():
    source = "from os import _exit as leave\n\ndef test_total():\n    leave(0)\n"
    assert _messages(source)[0][:3] == ("integrity.process-exit", "error", 4)
    assert _messages(source)[0][3].startswith("`os._exit()` in test code")


_KEPT = (
    "a plain assignment persists for the whole session and changes what every later test "
    "sees; `monkeypatch.setattr` and `mock.patch` put the original back"
)
_FRAMEWORK = (
    "replacing part of pytest, unittest or coverage changes how every later test's result is "
    "recorded, for the rest of the session"
)


@pytest.mark.parametrize(
    ("statement", "name", "why"),
    [
        ("time.time = lambda: 0", "time.time", _KEPT),
        ("time.sleep = print", "time.sleep", _KEPT),
        ("clock.monotonic = lambda: 0", "time.monotonic", _KEPT),
        ("builtins.open = print", "builtins.open", _KEPT),
        ('__builtins__["print"] = len', "builtins.print", _KEPT),
        ('builtins.__dict__["input"] = str', "builtins.input", _KEPT),
        ('vars(builtins)["input"] = str', "builtins.input", _KEPT),
        ("pytest.fail = print", "pytest.fail", _FRAMEWORK),
        ("unittest.TestCase.assertEqual = print", "unittest.TestCase.assertEqual", _FRAMEWORK),
        ("TestCase.assertTrue = print", "unittest.TestCase.assertTrue", _FRAMEWORK),
        ('setattr(time, "time", lambda: 0)', "time.time", _KEPT),
        ("setattr(builtins, name, print)", "builtins.*", _KEPT),
        ("a, (time.time, b) = 1, (2, 3)", "time.time", _KEPT),
        ("time.time: object = print", "time.time", _KEPT),
    ],
)
def test_replacing_the_clock_builtins_or_the_framework_is_tampering(
    statement: str, name: str, why: str
):
    source = f"""
        import builtins
        import time
        import time as clock
        import unittest
        from unittest import TestCase

        import pytest

        {statement}
        """
    assert _messages(source) == [
        ("integrity.harness-patched", "error", 10, f"`{name}` is replaced in test code: {why}")
    ]


def test_deleting_an_attribute_of_a_watched_module_is_tampering():
    source = """
        import builtins
        import time

        def test_total():
            del builtins.print, time.sleep
            delattr(time, "time")
        """
    assert [message.split(":")[0] for *_, message in _messages(source)] == [
        "`builtins.print` is deleted in test code",
        "`time.sleep` is deleted in test code",
        "`time.time` is deleted in test code",
    ]


def test_the_hint_names_the_restoring_tools_for_the_clock():
    [finding] = harness_findings("tests/test_a.py", ast.parse("import time\ntime.time = int\n"))
    assert finding.hint == (
        "Use `monkeypatch.setattr` or `mock.patch`, which put the original back after the test."
    )


def test_restoring_tools_and_restores_are_not_tampering():
    source = """
        import builtins
        import time
        import unittest
        from unittest import mock

        def test_clock(monkeypatch):
            monkeypatch.setattr(time, "time", lambda: 0)
            monkeypatch.setattr("time.sleep", print)
            monkeypatch.setitem(__builtins__, "print", len)
            mock.patch("time.time")
            mock.patch.object(builtins, "open")
            mock.patch("builtins.open")

        def test_saved_clock():
            saved = time.time
            time.time = saved

        builtins._ = str
        time.not_a_clock = 1
        unittest.TestCase.maxDiff = None
        config["time"] = time
        __builtins__[0] = time
        clock = time.time
        other.time = 3
        setattr()
        """
    assert _harness(source) == []
