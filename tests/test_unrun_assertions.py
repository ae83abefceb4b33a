"""integrity.no-assertion-run: a changed test that passed without executing an assertion."""

from __future__ import annotations

import textwrap

from guard.integrity_files import ChangedText
from guard.model import Severity, TestOutcomes
from guard.unrun_assertions import NO_ASSERTION_RUN, unrun_assertion_findings

TESTS = textwrap.dedent(
    """\
    import numpy
    import pytest

    from shop import bulk, total


    def test_bulk_discount():
        for amount in bulk([50], 10):
            assert amount == 45


    def test_total():
        assert total([1, 2]) == 3


    def test_close():
        numpy.testing.assert_allclose(total([0.1, 0.2]), 0.3)


    @pytest.mark.parametrize("amounts", [[], [100]])
    def test_each(amounts):
        for amount in bulk(amounts, 10):
            assert amount == 90


    class TestRefund:
        def test_refund(self):
            if total([]) > 0:
                self.assertEqual(1, 1)


    def test_raises_by_hand():
        if total([1]) != 1:
            raise AssertionError("wrong total")
    """
)
PATH = "tests/test_shop.py"


def _runs(**counts: int) -> TestOutcomes:
    return TestOutcomes(
        passed=len(counts),
        assertions=tuple((f"{PATH}::{name.replace('__', '::')}", n) for name, n in counts.items()),
    )


def _findings(outcomes: TestOutcomes | None, touched: set[int], base: str | None = "old"):
    text = ChangedText(PATH, base, TESTS, frozenset(touched))
    return unrun_assertion_findings([text], outcomes)


def test_a_changed_test_that_ran_none_of_its_assertions_is_an_error():
    [finding] = _findings(_runs(test_bulk_discount=0, test_total=1), touched={8, 9, 13})
    assert (finding.rule, finding.severity, finding.line) == (NO_ASSERTION_RUN, Severity.ERROR, 7)
    assert finding.symbol == "tests.test_shop.test_bulk_discount"
    assert finding.message.startswith(
        "`test_bulk_discount` passed without executing any of its assertions: "
        "the checks at line(s) 9 are on a path the test never took"
    )
    assert finding.new is True


def test_a_test_that_ran_its_assertions_or_was_not_changed_is_fine():
    assert _findings(_runs(test_bulk_discount=1, test_total=0), touched={8}) == []
    assert _findings(_runs(test_bulk_discount=0), touched={13}) == []


def test_a_new_file_has_every_test_judged():
    findings = _findings(_runs(test_bulk_discount=0, test_total=2), touched=set(), base=None)
    assert [finding.line for finding in findings] == [7]


def test_checks_the_counter_cannot_see_leave_the_test_to_the_static_rules():
    assert _findings(_runs(test_close=0), touched={17}) == []
    assert _findings(_runs(test_raises_by_hand=0), touched={33}) == []


def test_the_parametrized_instances_that_ran_nothing_are_named():
    runs = _runs(**{"test_each[amounts0]": 0, "test_each[amounts1]": 1})
    [finding] = _findings(runs, touched={22})
    assert finding.line == 21
    assert "(in `test_each[amounts0]`)" in finding.message


def test_a_method_of_a_test_class_is_matched_by_its_node_id():
    [finding] = _findings(_runs(TestRefund__test_refund=0), touched={28})
    assert (finding.line, finding.symbol) == (27, "tests.test_shop.TestRefund.test_refund")


def test_without_a_run_or_a_count_there_is_nothing_to_judge():
    assert _findings(None, touched={8}) == []
    assert _findings(TestOutcomes(failed=1), touched={8}) == []
    source = ChangedText("shop/bulk.py", None, "def bulk():\n    assert True\n", frozenset())
    assert unrun_assertion_findings([source], _runs(test_bulk_discount=0)) == []
    broken = ChangedText(PATH, None, "def test_(:\n", frozenset())
    assert unrun_assertion_findings([broken], _runs(test_bulk_discount=0)) == []
