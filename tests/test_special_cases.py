"""A literal that new source special-cases and a changed test asserts is a warning."""

from __future__ import annotations

import textwrap

import pytest

from guard.integrity_files import ChangedText
from guard.special_cases import special_case_findings

_WHY = "a branch for the exact value a new test checks may exist only to pass that test"


def _new(path: str, source: str) -> ChangedText:
    text = textwrap.dedent(source)
    return ChangedText(path, None, text, frozenset(range(1, text.count("\n") + 2)))


def _edited(path: str, source: str, touched: set[int]) -> ChangedText:
    text = textwrap.dedent(source)
    return ChangedText(path, text, text, frozenset(touched))


def _found(*texts: ChangedText) -> list[tuple[str, str, int, str]]:
    return [
        (finding.rule, finding.severity.value, finding.line, finding.message)
        for finding in special_case_findings(texts)
    ]


_SOURCE = """
    def parse(text):
        if text == "magic-input":
            return 42
        return len(text)
    """
_TEST = """
    from shop.parse import parse


    def test_parse():
        assert parse("magic-input") == 42
    """


def test_a_source_that_special_cases_the_asserted_literals_is_warned_about():
    assert _found(_new("shop/parse.py", _SOURCE), _new("tests/test_parse.py", _TEST)) == [
        (
            "integrity.special-cased-literal",
            "warning",
            3,
            f"'magic-input' is special-cased here, and tests/test_parse.py:6 asserts it: {_WHY}",
        ),
        (
            "integrity.special-cased-literal",
            "warning",
            4,
            f"42 is special-cased here, and tests/test_parse.py:6 asserts it: {_WHY}",
        ),
    ]


@pytest.mark.parametrize(
    ("condition", "check", "shown"),
    [
        ("if n in (41, 42):\n        return", "assert answer(42) is not None", "42"),
        ("if n != -7:\n        return -99", "assert answer(-7) == -99", "-7 -99"),
        ("if n == 2.5:\n        return 0", "self.assertEqual(answer(2.5), 0)", "2.5"),
        ("return 'odd' if n == 3 else 'even'", "assert answer(3) == 'odd'", "'odd' 3"),
        (
            "if n == b'raw':\n        raise ValueError('bad')",
            "with pytest.raises(ValueError, match=b'raw'):\n        answer(0)",
            "b'raw'",
        ),
        (
            "match n:\n        case 'north' | 'south':\n            return 'pole'",
            "mock.assert_called_once_with(direction='pole')",
            "'pole'",
        ),
    ],
)
def test_each_kind_of_special_case_and_of_check_is_matched(condition: str, check: str, shown: str):
    source = f"def answer(n):\n    {condition}\n    return n\n"
    test = f"from shop import answer\n\n\ndef test_answer(self, mock):\n    {check}\n"
    found = _found(_new("shop/answer.py", source), _new("tests/test_answer.py", test))
    assert [message.split(" is special-cased")[0] for *_, message in found] == shown.split()


def test_trivial_literals_never_count():
    source = """
        def answer(n, text):
            if n in (0, 1, -1, None, True, 0.0) or text == "" or text == "x":
                return False
            if n == -text or n == ...:
                return None
            if 77 == 77:
                return 0
            match n:
                case [first, *_]:
                    return 77
        """
    test = """
        from shop.answer import answer

        def test_answer():
            assert answer(0, "") is False and answer(1, "x") == 0
            assert answer(-1, "") is None and answer(77, "a") == ...
            with pytest.raises(KeyError, check=lambda error: 77):
                answer(77, "b")
        """
    assert _found(_new("shop/answer.py", source), _new("tests/test_answer.py", test)) == []


def test_a_literal_counts_only_where_each_side_changed():
    source = "def answer(n):\n    if n == 'magic':\n        return 'yes'\n    return 'no'\n"
    test = (
        "import shop.answer\n\n\n"
        "def test_old():\n    assert shop.answer.answer('magic') == 'yes'\n\n\n"
        "def test_new():\n    assert shop.answer.answer('other') == 'no'\n"
    )
    old_test_only = _edited("tests/test_answer.py", test, {9})
    assert _found(_new("shop/answer.py", source), old_test_only) == []
    old_source = _edited("shop/answer.py", source, {4})
    assert _found(old_source, _new("tests/test_answer.py", test)) == []


def test_literals_outside_conditions_and_checks_do_not_count():
    source = """
        LIMIT = "magic"

        def answer(n):
            if n > 4096:
                return "magic"
            log("magic")
            return n
        """
    test = """
        from shop.answer import answer

        def helper():
            return answer("magic")

        def test_answer():
            answer(4096)
            assert helper()
        """
    assert _found(_new("shop/answer.py", source), _new("tests/test_answer.py", test)) == []


def test_files_that_do_not_parse_and_changes_without_tests_are_skipped():
    broken = _new("tests/test_broken.py", "def test_(:\n")
    assert _found(_new("shop/parse.py", _SOURCE), broken) == []
    assert _found(_new("shop/parse.py", _SOURCE)) == []
    assert _found(_new("shop/parse.py", "def (:\n"), _new("tests/test_parse.py", _TEST)) == []


def test_a_branch_that_computes_its_answer_is_ordinary_dispatch():
    source = """
        def main(command, n):
            if command == "explain":
                return explain(n)
            if command == "price":
                total = n * 2
                return total
            if command == "refund":
                raise ValueError(f"cannot refund {n}")
            if command == "void":
                raise VoidError
            while command == "wait":
                return "waited"
            return "done" if n > 1000 else compute(n)
        """
    test = """
        from shop.cli import main

        def test_main():
            assert main("explain", 1000) == main("price", 1000) == main("refund", 1000)
            assert main("void", 1000) == main("wait", 2) == "done"
        """
    assert _found(_new("shop/cli.py", source), _new("tests/test_cli.py", test)) == []


def test_only_a_test_that_imports_the_module_counts():
    unrelated = _new("tests/test_other.py", _TEST.replace("shop.parse", "shop.pricing"))
    assert _found(_new("shop/parse.py", _SOURCE), unrelated) == []
    package = _new("src/shop/__init__.py", _SOURCE)
    assert [line for *_, line, _ in _found(package, _new("tests/test_parse.py", _TEST))] == [3, 4]


def test_a_test_that_imports_the_module_relatively_counts_as_importing_it():
    relative = _TEST.replace("from shop.parse import parse", "from ..parse import parse")
    found = _found(_new("shop/parse.py", _SOURCE), _new("shop/tests/test_parse.py", relative))
    assert [line for _, _, line, _ in found] == [3, 4]
