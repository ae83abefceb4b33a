"""Product code that knows it is under test: probes for pytest, constant comparisons."""

from __future__ import annotations

import ast
import textwrap

import pytest

from guard.source_awareness import source_awareness_findings


def _aware(source: str, touched: set[int] | None = None) -> list[tuple[str, int]]:
    text = textwrap.dedent(source)
    found = source_awareness_findings("shop/cart.py", ast.parse(text), text, touched)
    return [(finding.rule, finding.line) for finding in found]


def _messages(source: str, touched: set[int] | None = None) -> list[tuple[str, str, int, str]]:
    text = textwrap.dedent(source)
    found = source_awareness_findings("shop/cart.py", ast.parse(text), text, touched)
    return [(f.rule, f.severity.value, f.line, f.message) for f in found]


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


_EQUALS_ANYTHING = (
    "an object that compares the same with everything makes every equality assertion on it pass"
)


@pytest.mark.parametrize(
    ("method", "body", "constant"),
    [
        ("__eq__", "return True", "True"),
        ("__ne__", "return False", "False"),
        ("__eq__", "return False", "False"),
        ("__ne__", "return 0", "0"),
        ("__eq__", '"""Money is money."""\n        return True', "True"),
    ],
)
def test_a_comparison_that_returns_a_constant_is_test_aware(method: str, body: str, constant: str):
    source = f"class Money:\n    def {method}(self, other):\n        {body}\n"
    assert _messages(source) == [
        (
            "integrity.test-aware-source",
            "error",
            2,
            f"`{method}` always returns {constant}: {_EQUALS_ANYTHING}",
        )
    ]


def test_a_constant_comparison_lambda_in_a_class_body_is_test_aware():
    source = """
        class Money:
            __eq__ = lambda self, other: True
            __ne__ = __hash__ = lambda self, other: False
            __lt__ = lambda self, other: True
            __ne__: object = lambda self, other: self is not other
        """
    assert [message.split(":")[0] for *_, message in _messages(source)] == [
        "`__eq__` always returns True",
        "`__ne__` always returns False",
    ]


def test_comparisons_that_compare_or_defer_are_fine():
    source = """
        class Money:
            def __eq__(self, other):
                \"\"\"Equal amounts in the same currency.\"\"\"
                if not isinstance(other, Money):
                    return NotImplemented
                return self.cents == other.cents

            def __ne__(self, other):
                return NotImplemented

            def __lt__(self, other):
                return True

        class Stub:
            def __eq__(self, other): ...

        class Silent:
            def __eq__(self, other):
                \"\"\"Only a docstring.\"\"\"
        """
    assert _aware(source) == []


def test_an_edit_to_the_return_line_alone_makes_a_constant_comparison_new():
    source = "class Money:\n    def __eq__(self, other):\n        return True\n"
    assert _aware(source, {3}) == [("integrity.test-aware-source", 2)]
    assert _aware(source, {1}) == []
