"""The assertion counter: what each test executed, as pytest itself ran it."""

from __future__ import annotations

import unittest.mock

import pytest

from guard.assertion_counter import AssertionCounter
from guard.outcomes import OutcomeRecorder

COUNTING = ("-p", "guard.assertion_counter", "-o", "enable_assertion_pass_hook=true")


def _counts(pytester: pytest.Pytester, *args: str) -> dict[str, int]:
    recorder = OutcomeRecorder()
    pytester.runpytest_inprocess(*COUNTING, *args, plugins=[recorder])
    return {nodeid.rsplit("::", 1)[-1]: count for nodeid, count in recorder.outcomes().assertions}


def test_each_kind_of_assertion_is_counted_as_it_runs(pytester: pytest.Pytester):
    pytester.makepyfile(
        test_kinds="""
        import unittest
        from unittest import mock

        import pytest

        def test_two_asserts():
            assert 1 + 1 == 2
            assert "a" in "abc"

        def test_asserts_on_a_path_never_taken():
            if 1 > 2:
                assert False

        def test_loop_over_nothing():
            for value in []:
                assert value

        def test_expects_an_error():
            with pytest.raises(ZeroDivisionError):
                1 / 0

        def test_checks_a_mock():
            fake = mock.Mock()
            fake()
            fake.assert_called_once()

        def _check(value):
            assert value == 3

        def test_through_a_helper_of_the_module():
            _check(3)

        class Case(unittest.TestCase):
            def test_equal(self):
                self.assertEqual(2, 2)

        @pytest.fixture
        def checked_setup():
            with pytest.raises(KeyError):
                {}["missing"]

        def test_setup_checks_are_not_the_test_s(checked_setup, record_property):
            record_property("owner", "billing")
        """
    )
    counts = _counts(pytester)
    assert counts["test_two_asserts"] == 2
    assert counts["test_asserts_on_a_path_never_taken"] == 0
    assert counts["test_loop_over_nothing"] == 0
    assert counts["test_expects_an_error"] == 1
    assert counts["test_checks_a_mock"] == 1
    assert counts["test_through_a_helper_of_the_module"] == 1
    assert counts["test_equal"] >= 1
    assert counts["test_setup_checks_are_not_the_test_s"] == 0


def test_only_passed_tests_in_rewritten_modules_are_counted(pytester: pytest.Pytester):
    pytester.makepyfile(
        test_fails="""
        def test_fails():
            assert 1 == 2
        """,
        test_plain='''
        """PYTEST_DONT_REWRITE: this module's asserts report nothing to pytest."""

        def test_in_a_module_pytest_leaves_alone():
            assert True
        ''',
    )
    assert _counts(pytester) == {}


def test_a_run_without_assertion_rewriting_counts_nothing(pytester: pytest.Pytester):
    pytester.makepyfile(test_one="def test_one():\n    assert True\n")
    assert _counts(pytester, "--assert=plain") == {}


def test_counts_cross_from_xdist_workers(pytester: pytest.Pytester):
    pytester.makepyfile(
        test_spread="""
        def test_one():
            assert True

        def test_none():
            pass

        def test_three():
            for n in range(3):
                assert n < 3
        """
    )
    counts = _counts(pytester, "-n", "2", "-p", "no:randomly")
    assert counts == {"test_one": 1, "test_none": 0, "test_three": 3}


def test_the_helpers_are_wrapped_once_and_restored_by_the_last_session():
    original = unittest.mock.NonCallableMock.assert_called_once
    counter = AssertionCounter()
    counter.wrap_checks()
    counter.wrap_checks()  # a pytester session inside a test session
    wrapped = unittest.mock.NonCallableMock.assert_called_once
    assert wrapped is not original
    unittest.mock.Mock().assert_not_called()  # outside any test's call phase: nobody's
    assert counter.counts == {}
    counter.unwrap_checks()
    assert unittest.mock.NonCallableMock.assert_called_once is wrapped
    counter.unwrap_checks()
    assert unittest.mock.NonCallableMock.assert_called_once is original
