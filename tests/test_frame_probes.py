"""Stack reads in product code: an error when they look for a test, a warning otherwise."""

from __future__ import annotations

import ast
import textwrap

import pytest

from guard.source_awareness import source_awareness_findings

_SEARCHED = "code that checks whether a test called it behaves differently under test"
_READS = (
    "logging and debugging code does this, but it is also how code finds out that a test "
    "called it; nothing here compares the frames with a test's name"
)


def _found(source: str, touched: set[int] | None = None) -> list[tuple[str, int, str]]:
    text = textwrap.dedent(source)
    found = source_awareness_findings("shop/cart.py", ast.parse(text), text, touched)
    assert {finding.rule for finding in found} <= {"integrity.test-aware-source"}
    return [(finding.severity.value, finding.line, finding.message) for finding in found]


@pytest.mark.parametrize(
    ("body", "marker"),
    [
        ('caller = sys._getframe(1)\n    if "pytest" in caller.f_code.co_filename:', "pytest"),
        (
            'name = inspect.currentframe().f_back.f_code.co_name\n    if name.startswith("test_"):',
            "test_",
        ),
        (
            "for record in inspect.stack():\n"
            '        found = record.filename.endswith(("conftest.py", "x.py"))\n'
            "    if found:",
            "conftest.py",
        ),
        (
            "frame = _getframe(2)\n"
            "    module = frame.f_globals['__name__']\n"
            '    if module in ["tests.test_cart"]:',
            "tests.test_cart",
        ),
        (
            'if any("unittest" in summary.filename for summary in tb.extract_stack()):',
            "unittest",
        ),
        (
            "if re.search(r'(^|/)tests?/', i.getouterframes(i.currentframe())[1].filename):",
            "(^|/)tests?/",
        ),
        (
            "with contextlib.nullcontext(sys._getframe()) as (frame):\n"
            "        label: str = frame.f_code.co_name\n"
            '    if (found := label) == "Test":',
            "Test",
        ),
    ],
)
def test_reading_the_stack_to_look_for_a_test_is_an_error(body: str, marker: str):
    source = (
        "import contextlib\nimport inspect as i\nimport re\nimport sys\n"
        "import traceback as tb\nfrom sys import _getframe\n\n\n"
        f"def price():\n    {body}\n        return 0\n    return 1\n"
    )
    found = _found(source)
    assert found[0][0] == "error"
    assert found[0][2] == f"the caller's frames are searched for {marker!r}: {_SEARCHED}"
    assert [severity for severity, *_ in found] == ["error"] * len(found)


def test_the_error_is_reported_at_the_comparison():
    source = """
        import inspect

        def price():
            frame = inspect.stack()[1]
            return 0 if "pytest" in frame.filename else 1
        """
    assert _found(source) == [
        ("error", 6, f"the caller's frames are searched for 'pytest': {_SEARCHED}")
    ]
    assert _found(source, {5}) == []


def test_a_logging_style_stack_read_is_a_warning():
    source = """
        import logging
        import sys
        from inspect import currentframe as here

        class Logger:
            def caller(self):
                frame = sys._getframe(2)
                if frame.f_code.co_filename == logging.__file__:
                    frame = frame.f_back
                return frame.f_code.co_name, frame.f_lineno

        def where():
            return here().f_back.f_lineno

        CALLER = sys._getframe(0)
        """
    assert _found(source) == [
        ("warning", 8, f"`sys._getframe()` reads the call stack: {_READS}"),
        ("warning", 14, f"`inspect.currentframe()` reads the call stack: {_READS}"),
        ("warning", 16, f"`sys._getframe()` reads the call stack: {_READS}"),
    ]


def test_test_words_elsewhere_in_a_stack_reading_function_are_not_a_search():
    source = """
        import inspect
        import re

        def log(message, contest="latest"):
            frame = inspect.stack()[1]
            if "test" in message or message.startswith("tests"):
                print(frame.lineno, re.sub("test", "", message), contest == "contest")
            def inner(record):
                return "pytest" in record.filename
            return frame.filename == "latest.py"
        """
    assert _found(source) == [("warning", 6, f"`inspect.stack()` reads the call stack: {_READS}")]


def test_a_test_search_without_a_stack_read_is_not_a_probe():
    source = """
        def is_test_file(record):
            return "pytest" in record.filename or record.co_name.startswith("test_")
        """
    assert _found(source) == []
