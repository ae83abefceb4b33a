"""Hollow tests: the rules run over real test modules parsed with `ast.parse`."""

from __future__ import annotations

import ast
import sys
import textwrap
from collections.abc import Collection

import pytest

from guard.hollow_tests import (
    BROAD_RAISES,
    CONDITIONAL_ASSERTION,
    MOCKED_SUBJECT,
    NO_ASSERTION,
    RETURNS_VALUE,
    SWALLOWED_ASSERTION,
    TAUTOLOGY,
    hollow_test_findings,
)
from guard.model import Finding, Severity

PATH = "tests/test_cart.py"


def _findings(source: str, lines: Collection[int] | None = None) -> list[Finding]:
    return hollow_test_findings(ast.parse(textwrap.dedent(source)), PATH, lines)


def _seen(source: str, lines: Collection[int] | None = None) -> list[tuple[str, int, str | None]]:
    """(rule, line, symbol) of every finding: what a reader of the report sees first."""
    return [(found.rule, found.line, found.symbol) for found in _findings(source, lines)]


def _test(body: str, args: str = "self, cart") -> str:
    """A test `test_total(args)` whose body is `body`: its first line is line 2."""
    return f"def test_total({args}):\n" + textwrap.indent(textwrap.dedent(body), "    ")


def _rules(source: str) -> list[str]:
    return [found.rule for found in _findings(source)]


def _only(source: str) -> Finding:
    (found,) = _findings(source)
    return found


CLEAN_MODULE = '''\
    """The cart: totals, discounts and what checkout does with them."""

    from unittest import mock

    import pytest

    from shop import cart, mailer


    @pytest.fixture
    def full_cart():
        return cart.Cart([cart.Line("apple", 3, 100)])


    def assert_priced(line):
        assert line.price > 0


    def test_total_sums_every_line(full_cart):
        assert full_cart.total() == 300


    def test_a_negative_quantity_is_refused():
        with pytest.raises(ValueError, match="negative quantity"):
            cart.Line("apple", -1, 100)


    def test_discounts_are_applied(full_cart):
        full_cart.apply(cart.Discount(percent=10))
        assert full_cart.total() == pytest.approx(270, rel=1e-9)


    @mock.patch("shop.mailer.send")
    def test_checkout_mails_the_receipt(send, full_cart):
        cart.checkout(full_cart)
        send.assert_called_once_with("receipt", total=300)


    class TestLines:
        def test_every_line_has_a_price(self, full_cart):
            for line in full_cart.lines:
                assert_priced(line)
'''


def test_a_clean_test_module_has_no_findings():
    assert _findings(CLEAN_MODULE) == []


def test_a_test_that_only_calls_code_has_no_assertion():
    found = _only(
        """\
        import pytest

        def test_checkout(full_cart):
            full_cart.checkout()
            print(full_cart.total())
        """
    )
    assert found.rule == NO_ASSERTION
    assert (found.line, found.end_line, found.symbol) == (3, 5, "tests.test_cart.test_checkout")
    assert found.severity is Severity.ERROR
    assert found.new is True
    assert found.path == PATH
    assert "`test_checkout` runs code but asserts nothing" in found.message
    assert "assert cart.total() == 30" in found.hint


@pytest.mark.parametrize(
    "body",
    [
        "assert total(cart) == 3",
        "pytest.raises(ValueError, total, None)",
        "with pytest.warns(DeprecationWarning): total(cart)",
        "with pytest.deprecated_call(): total(cart)",
        "with raises(ValueError): total(None)",
        "pytest.fail('not written yet')",
        "send.assert_called_once_with('receipt')",
        "send.assert_awaited()",
        "send.assert_not_called()",
        "assert_valid(total(cart))",
        "check_total(cart, 3)",
        "expect(page).to_have_title('Cart')",
        "verify_receipt(cart)",
        "np.testing.assert_allclose(total(cart), 3.0)",
        "xp_assert_close(total(cart), 3.0)",
        "check.equal(total(cart), 3)",
        "result.stdout.fnmatch_lines(['*3 passed*'])",
        "raise AssertionError('total is wrong')",
        "raise AssertionError",
    ],
)
def test_each_kind_of_assertion_counts(body: str):
    assert _findings(_test(body, "cart, send, page, result")) == []


def test_unittest_assertions_count_in_a_test_case():
    source = """\
        import unittest

        class CartTest(unittest.TestCase):
            def setUp(self):
                self.cart = Cart()

            def test_total(self):
                self.assertEqual(self.cart.total(), 0)

            def test_never_written(self):
                self.fail("write me")

            def test_empty(self):
                self.cart.clear()
        """
    assert _seen(source) == [(NO_ASSERTION, 13, "tests.test_cart.CartTest.test_empty")]


def test_a_local_helper_that_asserts_counts_one_level_deep():
    source = """\
        def _matches(cart, total):
            assert cart.total() == total

        def _delegates(cart):
            _matches(cart, 3)

        class TestCart:
            def _same(self, cart):
                assert cart.lines == []

            def test_helper(self, cart):
                _matches(cart, 3)

            def test_method_helper(self, cart):
                self._same(cart)

            def test_two_levels(self, cart):
                _delegates(cart)
                _delegates(cart)
        """
    assert _seen(source) == [(NO_ASSERTION, 17, "tests.test_cart.TestCart.test_two_levels")]


def test_a_fixture_that_asserts_is_no_helper_and_no_test():
    source = """\
        import pytest

        @pytest.fixture
        def test_cart():
            cart = Cart()
            assert cart.total() == 0
            return cart

        def test_total(test_cart):
            test_cart(3)
        """
    assert _seen(source) == [(NO_ASSERTION, 9, "tests.test_cart.test_total")]


def test_fixtures_helpers_and_other_classes_are_not_tests():
    source = """\
        import pytest

        @pytest.fixture()
        def test_data():
            return {}

        def make_cart():
            return Cart()

        class Cart:
            def test_mode(self):
                self.mode = "test"

        class TestCheckout:
            def helper(self):
                return 3

            class TestNested:
                def test_inner(self):
                    checkout()
        """
    assert _seen(source) == [
        (NO_ASSERTION, 19, "tests.test_cart.TestCheckout.TestNested.test_inner")
    ]


def test_nested_functions_are_neither_tests_nor_the_tests_assertions():
    source = """\
        def test_callback(cart):
            def test_inner():
                assert cart.total() == 3

            class TestLocal:
                def test_method(self):
                    assert True

            cart.on_change(test_inner)
            cart.on_change(lambda: print("called"))
        """
    assert _seen(source) == [(NO_ASSERTION, 1, "tests.test_cart.test_callback")]


def test_async_tests_are_checked_too():
    source = """\
        async def test_fetch(client):
            await client.fetch()

        async def test_stream(client):
            async for chunk in client.stream():
                assert chunk
            async with client.session() as session:
                assert await session.status() == 200
        """
    assert _seen(source) == [(NO_ASSERTION, 1, "tests.test_cart.test_fetch")]


def test_skipped_and_xfailed_tests_are_still_checked():
    source = """\
        import pytest

        @pytest.mark.skip(reason="flaky")
        def test_total(cart):
            cart.total()
        """
    assert _seen(source) == [(NO_ASSERTION, 4, "tests.test_cart.test_total")]


def test_only_tests_whose_span_holds_a_changed_line_are_checked():
    source = """\
        def test_old(cart):
            cart.total()

        @mock.patch("shop.mailer.send")
        def test_new(send, cart):
            cart.checkout()
        """
    assert _seen(source, lines=[6]) == [(NO_ASSERTION, 5, "tests.test_cart.test_new")]
    assert _seen(source, lines=[4]) == [(NO_ASSERTION, 5, "tests.test_cart.test_new")]
    assert _seen(source, lines=[3]) == []
    assert _seen(source, lines=[]) == []
    assert [line for _, line, _ in _seen(source)] == [1, 5]


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("assert total(cart) == 3 or True", "assert total(cart) == 3 or True"),
        ("assert (total(cart) == 3, 'total is off')", "assert (total(cart) == 3, 'total is off')"),
        ("assert len(cart.lines) >= 0", "assert len(cart.lines) >= 0"),
        ("assert 0 <= len(cart.lines)", "assert 0 <= len(cart.lines)"),
        ("assert total(cart) == pytest.approx(3, abs=1e6)", "abs=1000000.0"),
        ("assert total(cart) == pytest.approx(3, rel=1)", "rel=1"),
        ("assert total(cart) == approx(3, abs=float('inf'))", "float('inf')"),
        ("assert total(cart) == approx(3, rel=math.inf)", "math.inf"),
        ("self.assertTrue(cart.total() == 3 or 1)", "self.assertTrue"),
    ],
)
def test_an_assertion_that_cannot_fail_is_a_tautology_even_beside_real_ones(body: str, shown: str):
    found = _only(_test(f"assert cart.lines == []\n{body}"))
    assert (found.rule, found.line, found.symbol) == (TAUTOLOGY, 3, "tests.test_cart.test_total")
    assert "`test_total` has an assertion that cannot fail" in found.message
    assert shown in found.message
    assert "exact expected value" in found.hint


@pytest.mark.parametrize(
    "checks",
    [
        ["assert True"],
        ["assert 1"],
        ["assert 'done'"],
        ["assert order is not None"],
        ["assert isinstance(order, Order)", "assert hasattr(order, 'total')"],
        ["assert callable(order.total)"],
        ["assert order"],
        ["assert order == order"],
        ["assert order.total <= order.total"],
        ["assert place_order() == place_order()"],
        ["assert order is not None and isinstance(order, Order)"],
        ["assert True and order"],
        ["self.assertIsNotNone(order)", "self.assertIsInstance(order, Order)"],
        ["self.assertTrue(order)"],
        ["self.assertEqual(order, order)"],
    ],
)
def test_a_test_whose_every_assertion_is_weak_is_a_tautology(checks: list[str]):
    found = _only(_test("\n".join(["order = place_order()", *checks])))
    assert (found.rule, found.line) == (TAUTOLOGY, 3)
    assert "has no assertion that can catch a wrong result" in found.message
    assert f"`{checks[0]}`" in found.message
    assert "assert order.total == 30" in found.hint


@pytest.mark.parametrize(
    "checks",
    [
        ["assert order is not None", "assert order.total == 3"],
        ["assert order.total == 3"],
        ["assert order.total == pytest.approx(3.0, rel=1e-6)", "assert order.lines"],
        ["assert order.total == approx(3.0, abs=1)", "assert order.total == approx(3.0, x=1e9)"],
        ["assert order.total == approx(3.0, abs=tolerance)"],
        ["assert order.total == approx(3.0, abs='wide')"],
        ["assert order or fallback"],
        ["assert not order.lines"],
        ["assert len(order.lines) == 0"],
        ["assert len(order.lines) >= 1"],
        ["assert 0 < order.total <= 10"],
        ["assert order.id is None"],
        ["assert order.total != order.total"],
        ["assert ()", "assert order.total"],
        ["self.assertTrue()", "self.assertEqual(order)"],
        ["self.assertEqual(order.total, 3)", "self.assertIn('apple', order.lines)"],
    ],
)
def test_a_real_assertion_is_no_tautology(checks: list[str]):
    assert TAUTOLOGY not in _rules(_test("\n".join(["order = place_order()", *checks])))


def test_an_assertion_in_a_try_that_swallows_its_failure_never_fails():
    source = """\
        def test_total(cart):
            try:
                assert cart.total() == 3
            except AssertionError:
                print("total is off")
        """
    found = _only(source)
    assert (found.rule, found.line, found.end_line) == (SWALLOWED_ASSERTION, 3, 3)
    assert "`test_total` has an assertion inside a `try`" in found.message
    assert "pytest.raises(ValueError" in found.hint


@pytest.mark.parametrize(
    "clause",
    [
        "except AssertionError: pass",
        "except Exception: ...",
        "except BaseException: return",
        "except: logger.exception('ignored')",
        "except (ValueError, AssertionError): pass",
    ],
)
def test_each_catch_all_handler_that_drops_the_failure_swallows_it(clause: str):
    source = _test(f"try:\n    assert cart.total() == 3\n{clause}")
    assert _seen(source) == [(SWALLOWED_ASSERTION, 3, "tests.test_cart.test_total")]


def test_a_suppress_around_an_assertion_swallows_it():
    source = """\
        import contextlib

        def test_total(cart):
            with contextlib.suppress(AssertionError), open("log") as log:
                assert cart.total() == 3
            with suppress(KeyError):
                assert cart.lines["apple"] == 1
        """
    assert _seen(source) == [(SWALLOWED_ASSERTION, 5, "tests.test_cart.test_total")]


@pytest.mark.parametrize(
    "body",
    [
        # a handler that re-raises, fails, asserts or records the failure keeps it
        """\
        try:
            assert cart.total() == 3
        except AssertionError:
            raise
        """,
        """\
        try:
            assert cart.total() == 3
        except Exception as error:
            pytest.fail(str(error))
        """,
        """\
        try:
            assert cart.total() == 3
        except AssertionError:
            assert cart.total() == 4
        """,
        """\
        try:
            assert cart.total() == 3
        except AssertionError:
            failures.append(cart)
        """,
        # a narrow handler lets an AssertionError through
        """\
        try:
            assert cart.total() == 3
        except KeyError:
            pass
        """,
        # pytest's outcome exceptions are BaseExceptions: `except Exception` lets them through
        """\
        try:
            pytest.fail("no")
        except Exception:
            pass
        """,
        """\
        try:
            with pytest.raises(ValueError):
                cart.refund(-1)
        except Exception:
            pass
        """,
        # the `else` block is outside what the handlers catch
        """\
        try:
            cart.pay()
        except Exception:
            pass
        else:
            assert cart.paid
        """,
    ],
)
def test_an_assertion_that_can_still_fail_is_not_swallowed(body: str):
    assert SWALLOWED_ASSERTION not in _rules(_test(body, "cart, failures"))


def test_pytest_fail_in_a_catch_all_except_is_swallowed():
    source = _test("try:\n    pytest.fail('no')\nexcept:\n    pass")
    assert _seen(source) == [(SWALLOWED_ASSERTION, 3, "tests.test_cart.test_total")]


@pytest.mark.parametrize(
    ("body", "construct", "line"),
    [
        ("if cart.lines:\n    assert cart.total() > 0", "`if`", 2),
        ("if cart.lines:\n    pass\nelse:\n    assert cart.total() > 0", "`if`", 2),
        ("if cart.lines:\n    if cart.paid:\n        assert cart.total() > 0", "`if`", 2),
        ("for line in []:\n    assert line.price > 0", "`for` over an empty literal", 2),
        ("for line in ():\n    assert line.price > 0", "`for` over an empty literal", 2),
        ("for line in {}:\n    assert line.price > 0", "`for` over an empty literal", 2),
        ("while False:\n    assert cart.total() > 0", "`while` with a false condition", 2),
        ("while 0:\n    assert cart.total() > 0", "`while` with a false condition", 2),
        ("try:\n    cart.pay()\nexcept PaymentError as e:\n    assert e.code", "`except`", 4),
        ("match cart.kind:\n    case 'gift':\n        assert cart.total() == 0", "`match`", 2),
    ],
)
def test_assertions_that_may_never_run_are_conditional(body: str, construct: str, line: int):
    found = _only(_test(body))
    assert (found.rule, found.line, found.symbol) == (
        CONDITIONAL_ASSERTION,
        line,
        "tests.test_cart.test_total",
    )
    assert f"Every assertion in `test_total` sits under the {construct} at line {line}" in (
        found.message
    )
    assert "assert unconditionally" in found.hint


@pytest.mark.parametrize(
    "body",
    [
        """\
        if cart.lines:
            assert cart.total() > 0
        assert cart.currency == "EUR"
        """,
        """\
        if cart.lines:
            assert cart.total() > 0
        else:
            assert cart.total() == 0
        """,
        "for line in cart.lines:\n    assert line.price > 0",
        "for line in [1]:\n    assert line > 0",
        "while True:\n    assert cart.total() > 0\n    break",
        "while cart.busy():\n    assert cart.total() > 0",
        "for line in []:\n    pass\nelse:\n    assert cart.total() == 0",
        # failing when a condition holds is a check of that condition
        "if cart.total() != 3:\n    pytest.fail('wrong total')",
        "if cart.total() != 3:\n    raise AssertionError(cart.total())",
        "if cart.total() != 3:\n    assert False, 'wrong total'",
        """\
        try:
            cart.pay()
        except PaymentError:
            assert cart.unpaid
        else:
            pytest.fail("paid")
        """,
    ],
)
def test_assertions_that_always_run_are_not_conditional(body: str):
    assert CONDITIONAL_ASSERTION not in _rules(_test(body))


@pytest.mark.skipif(sys.version_info < (3, 11), reason="`except*` is new in Python 3.11")
def test_an_except_star_clause_may_never_run():
    source = _test(
        """\
        try:
            cart.pay_all()
        except* PaymentError as group:
            assert len(group.exceptions) == 2
        """
    )
    assert _seen(source) == [(CONDITIONAL_ASSERTION, 4, "tests.test_cart.test_total")]


def test_returning_a_value_from_a_test_checks_nothing():
    source = """\
        def test_total(cart):
            assert cart.lines
            if cart.empty:
                return
            return cart.total() == 3
        """
    found = _only(source)
    assert (found.rule, found.line, found.symbol) == (
        RETURNS_VALUE,
        5,
        "tests.test_cart.test_total",
    )
    assert "`test_total` returns a value, which pytest ignores" in found.message
    assert "assert <expression> == <expected value>" in found.hint


@pytest.mark.parametrize(
    "body",
    [
        "assert cart.total() == 3\nreturn",
        "assert cart.total() == 3\nreturn None",
        "return check_total(cart, 3)",
        "def later():\n    return cart.total()\nassert later() == 3",
    ],
)
def test_a_return_without_a_value_to_check_is_fine(body: str):
    assert _findings(_test(body)) == []


@pytest.mark.parametrize(
    "call",
    [
        "pytest.raises(Exception)",
        "pytest.raises(BaseException)",
        "pytest.raises((ValueError, Exception))",
        "pytest.raises(expected_exception=Exception)",
        "raises(builtins.Exception)",
        "self.assertRaises(Exception)",
    ],
)
def test_expecting_any_exception_is_too_broad(call: str):
    found = _only(_test(f"with {call}:\n    cart.refund(-1)"))
    assert (found.rule, found.line, found.symbol) == (BROAD_RAISES, 2, "tests.test_cart.test_total")
    assert "`test_total` expects any `Exception`" in found.message
    assert 'match="negative"' in found.hint


@pytest.mark.parametrize(
    "body",
    [
        "with pytest.raises(ValueError):\n    cart.refund(-1)",
        "with pytest.raises(Exception, match='negative'):\n    cart.refund(-1)",
        """\
        with pytest.raises(Exception) as caught:
            cart.refund(-1)
        assert "negative" in str(caught.value)
        """,
        "with self.assertRaisesRegex(Exception, 'negative'):\n    cart.refund(-1)",
        "self.assertRaises(ValueError, cart.refund, -1)",
    ],
)
def test_expecting_a_named_or_matched_exception_is_fine(body: str):
    assert _findings(_test(body)) == []


@pytest.mark.parametrize(
    ("source", "line"),
    [
        (
            """\
            @mock.patch("shop.pricing.compute_total", return_value=30)
            def test_total(mock_total, cart):
                assert pricing.compute_total(cart) == 30
                mock_total.assert_called_once()
            """,
            1,
        ),
        (
            """\
            class TestTotal:
                @mock.patch("shop.pricing.compute_total")
                def test_total(self, compute_total, cart):
                    compute_total.return_value = 30
                    total = shop.pricing.compute_total(cart)
                    self.assertEqual(total, 30)
            """,
            2,
        ),
        (
            """\
            def test_total(mocker, cart):
                fake = mocker.patch("shop.pricing.compute_total", return_value=30)
                result = pricing.compute_total(cart)
                assert result == fake.return_value
            """,
            2,
        ),
        (
            """\
            def test_total(cart):
                with mock.patch.object(pricing, "compute_total") as fake:
                    pricing.compute_total(cart)
                fake.assert_called_once_with(cart)
            """,
            2,
        ),
        (
            """\
            def test_total(monkeypatch, cart):
                monkeypatch.setattr(pricing, "compute_total", lambda cart: 30)
                assert pricing.compute_total(cart) == 30
            """,
            2,
        ),
        (
            """\
            def test_total(monkeypatch, cart):
                monkeypatch.setattr("shop.pricing.compute_total", fake_total)
                assert len(pricing.compute_total(cart)) == fake_total.size
            """,
            2,
        ),
    ],
)
def test_asserting_only_on_the_mock_of_what_the_test_calls_tests_the_mock(source: str, line: int):
    found = _only(source)
    assert (found.rule, found.line, found.end_line) == (MOCKED_SUBJECT, line, line)
    assert found.symbol is not None
    assert found.symbol.endswith("test_total")
    assert "replaces `compute_total` with a mock" in found.message
    assert "Call the real `compute_total`" in found.hint


@pytest.mark.parametrize(
    "source",
    [
        # the mock stands in for a dependency of the code under test
        """\
        @mock.patch("shop.mailer.send")
        def test_checkout(send, cart):
            cart.checkout()
            send.assert_called_once_with("receipt")
        """,
        # same attribute name, different object: `Volume.start` calls `Tagged.start`
        """\
        @mock.patch("boto.ec2.Tagged.start")
        def test_start(start):
            volume = Volume()
            volume.start("name")
            start.assert_called_with("name")
        """,
        # a bare name is the imported original, which the patch does not replace
        """\
        @mock.patch("shop.pricing.compute_total", return_value=30)
        def test_total(mock_total, cart):
            assert compute_total(cart) == 30
        """,
        # one assertion checks the real code
        """\
        def test_total(mocker, cart):
            mocker.patch("shop.pricing.rate", return_value=2)
            assert pricing.rate() == 2
            assert cart.total() == 60
        """,
        # the value is computed by real code from the mocked one
        """\
        def test_total(monkeypatch, cart):
            monkeypatch.setattr(time, "time", lambda: 100.0)
            start = time.time()
            assert elapsed(start) == 0
        """,
        # a replacement given to the decorator takes no argument, and `new=` names none
        """\
        @mock.patch("shop.pricing.rate", new=fixed_rate)
        @mock.patch("shop.pricing.compute_total", 30)
        def test_total(cart):
            pricing.rate()
            assert pricing.compute_total(cart) == cart.expected
        """,
        # not a patch target we can read
        """\
        @mock.patch(TARGET)
        @mock.patch
        @pytest.mark.slow
        def test_total(cart):
            pricing.compute_total(cart)
            with pytest.raises(ValueError):
                pricing.compute_total(None)
        """,
    ],
)
def test_a_mock_of_a_dependency_or_a_real_check_is_fine(source: str):
    assert MOCKED_SUBJECT not in _rules(source)


def test_a_test_without_assertions_gets_only_the_no_assertion_finding():
    source = """\
        @mock.patch("shop.pricing.compute_total")
        def test_total(compute_total, cart):
            try:
                return pricing.compute_total(cart)
            except:
                pass
        """
    assert _rules(source) == [NO_ASSERTION]


def test_several_rules_report_once_each_in_line_order():
    source = """\
        def test_total(cart):
            try:
                assert cart.total() == 3 or True
            except Exception:
                pass
            if cart.lines:
                assert cart.lines[0].price == 1
            return cart
        """
    assert _seen(source) == [
        (SWALLOWED_ASSERTION, 3, "tests.test_cart.test_total"),
        (TAUTOLOGY, 3, "tests.test_cart.test_total"),
        (RETURNS_VALUE, 8, "tests.test_cart.test_total"),
    ]


def test_a_module_under_src_names_the_symbol_without_src():
    tree = ast.parse("def test_total():\n    total()\n")
    (found,) = hollow_test_findings(tree, "src/shop/tests/test_cart.py")
    assert found.symbol == "shop.tests.test_cart.test_total"
