"""integrity.test-removed: base tests gone while the code they called still exists."""

from __future__ import annotations

from guard.model import Severity
from guard.removed_tests import (
    TEST_REMOVED,
    RemovedTest,
    recorded_tests,
    removed_across,
    removed_test_findings,
    removed_tests,
    renamed_tests,
)
from tests.test_neutralised_tests import DEEP_SUM, TEST_PATH

TESTS = """\
import pytest

from orders import Order, refund


def _order():
    return Order(3)


def test_total():
    order = _order()
    assert order.total() == 3


class TestRefund:
    def test_refund(self):
        self.helper()
        orders.api.refund_all()
        HANDLERS["pay"]()
        assert refund(_order(), {}.get("x")) == 0
        with pytest.raises(ValueError):
            len(str(refund(None)))
"""


def test_recorded_tests_names_each_test_with_what_it_calls_besides_its_own_helpers():
    tests = recorded_tests(TEST_PATH, TESTS)
    assert list(tests) == ["test_total", "TestRefund.test_refund"]
    assert tests["test_total"].calls == frozenset({"total"})
    assert tests["TestRefund.test_refund"].calls == frozenset(
        {"refund", "refund_all", "get", "len", "str"}
    )
    assert tests["TestRefund.test_refund"].line == 16
    assert recorded_tests(TEST_PATH, None) == {}
    assert recorded_tests(TEST_PATH, "def test_(:\n") == {}


def test_a_removed_test_whose_code_still_exists_is_reported_at_line_one():
    gone = recorded_tests(TEST_PATH, TESTS)["TestRefund.test_refund"]
    [finding] = removed_test_findings([gone], {"refund", "Order", "get", "len"})
    assert (finding.rule, finding.severity) == (TEST_REMOVED, Severity.ERROR)
    assert (finding.path, finding.line, finding.new) == (TEST_PATH, 1, True)
    assert finding.symbol == "tests.test_orders.TestRefund.test_refund"
    assert "line 16 of the base version" in finding.message
    assert "reported at line 1" in finding.message
    assert "`refund` that it called still exist" in finding.message
    assert finding.hint.startswith("Restore `TestRefund.test_refund`")


def test_a_test_removed_with_its_code_is_not_a_finding():
    gone = recorded_tests(TEST_PATH, TESTS)["TestRefund.test_refund"]
    assert removed_test_findings([gone], {"Order", "total", "assertEqual"}) == []


def test_a_removed_test_names_at_most_three_of_the_names_it_called():
    gone = RemovedTest(TEST_PATH, "test_all", frozenset({"charge", "void", "settle", "refund"}))
    [finding] = removed_test_findings([gone], {"charge", "void", "settle", "refund"})
    assert "`charge`, `refund`, `settle` … that it called" in finding.message


def test_a_renamed_test_with_the_same_body_is_not_removed():
    head = TESTS.replace("def test_total", "def test_order_total")
    base_tests, head_tests = recorded_tests(TEST_PATH, TESTS), recorded_tests(TEST_PATH, head)
    assert renamed_tests(base_tests, head_tests) == {("test_total", "test_order_total")}
    assert removed_tests(base_tests, head_tests) == []


def test_same_asserts_pair_only_when_the_new_test_still_makes_the_calls():
    base = "def test_total():\n    value = total([1, 2])\n    assert value == 3\n"
    rebuilt = (
        "def test_sum():\n    numbers = [1, 2]\n    value = total(numbers)\n    assert value == 3\n"
    )
    hollow = "def test_sum():\n    value = 3\n    assert value == 3\n"
    base_tests = recorded_tests(TEST_PATH, base)
    assert removed_tests(base_tests, recorded_tests(TEST_PATH, rebuilt)) == []
    assert removed_tests(base_tests, recorded_tests(TEST_PATH, hollow)) == [
        base_tests["test_total"]
    ]


def test_a_test_moved_to_another_file_pairs_when_keyed_by_path():
    base = {f"a.py::{key}": test for key, test in recorded_tests("a.py", TESTS).items()}
    head = {f"b.py::{key}": test for key, test in recorded_tests("b.py", TESTS).items()}
    assert removed_tests(base, head) == []
    assert removed_tests(base, {}) == list(base.values())


def test_a_test_too_deep_to_fingerprint_reads_as_an_unparsable_file():
    assert recorded_tests(TEST_PATH, f"def test_sum():\n    assert {DEEP_SUM}\n") == {}


def test_across_files_a_moved_test_is_kept_and_a_deleted_one_is_removed():
    moved = [("a.py", TESTS, None), ("b.py", None, TESTS)]
    assert removed_across(moved) == []
    without_refund = TESTS[: TESTS.index("class TestRefund")]
    [gone] = removed_across([(TEST_PATH, TESTS, without_refund)])
    assert (gone.path, gone.qualname) == (TEST_PATH, "TestRefund.test_refund")


def test_across_files_a_change_that_keeps_every_test_name_records_nothing():
    edited = TESTS.replace("== 3", "== 4")
    assert removed_across([(TEST_PATH, TESTS, edited), ("tests/test_new.py", None, TESTS)]) == []


def test_a_test_moved_under_its_own_name_and_edited_on_the_way_is_kept():
    edited = TESTS.replace("assert order.total() == 3", "assert order.total() == 3.0")
    moved = [(TEST_PATH, TESTS, None), ("tests/test_totals.py", None, edited)]
    assert removed_across(moved) == []
    renamed_and_edited = edited.replace("def test_total", "def test_sum")
    [gone] = removed_across([(TEST_PATH, TESTS, None), ("tests/b.py", None, renamed_and_edited)])
    assert gone.qualname == "test_total"


def test_a_fixture_or_a_helper_class_method_named_like_a_test_is_not_a_test():
    base = (
        "import pytest\n\n@pytest.fixture\ndef test_data():\n    return load()\n\n"
        "class Cart:\n    def test_mode(self):\n        return total()\n"
    )
    assert recorded_tests(TEST_PATH, base) == {}
    assert removed_across([(TEST_PATH, base, "import pytest\n")]) == []
