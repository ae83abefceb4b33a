"""`# guard: ignore[rule] reason` comments: what they suppress, and when they are findings."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from guard.cache import Cache
from guard.model import Severity
from guard.quality import FileQuality, QualitySettings, analyse_sources
from guard.suppressions import Suppression, added_suppression, find_suppressions

PATH = "pkg/orders.py"


def _analyse(tmp_path: Path, source: str) -> FileQuality:
    """The quality rules over `source`, written to a real file under `tmp_path`."""
    target = tmp_path / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(textwrap.dedent(source), encoding="utf-8")
    [quality] = analyse_sources(tmp_path, [PATH], QualitySettings(), Cache(None))
    return quality


def _found(quality: FileQuality) -> list[tuple[str, int]]:
    return [(item.finding.rule, item.finding.line) for item in quality.findings]


def test_a_suppression_covers_its_rule_on_its_line_only(tmp_path: Path):
    quality = _analyse(
        tmp_path,
        """\
        data = q = 1  # guard: ignore[naming.vague] the wire format calls it data
        result = 2
        """,
    )
    assert _found(quality) == [("naming.single-letter", 1), ("naming.vague", 2)]
    assert quality.suppressions == (
        Suppression(1, ("naming.vague",), "the wire format calls it data"),
    )


def test_a_family_name_covers_every_rule_of_the_family_and_no_other(tmp_path: Path):
    quality = _analyse(
        tmp_path,
        """\
        data = q = 1  # guard: ignore[naming] names from the vendor's schema
        result = 2  # guard: ignore[size] the wrong family
        """,
    )
    assert _found(quality) == [("naming.vague", 2)]


def test_on_a_def_line_a_suppression_covers_the_whole_function(tmp_path: Path):
    quality = _analyse(
        tmp_path,
        """\
        def load(data):  # guard: ignore[naming.vague] the plugin API fixes these names
            result = data
            return result


        result = load(1)
        """,
    )
    assert _found(quality) == [("naming.vague", 6)]


def test_on_a_decorator_line_a_suppression_covers_the_decorated_class(tmp_path: Path):
    quality = _analyse(
        tmp_path,
        """\
        import functools


        @functools.total_ordering  # guard: ignore[naming.case, naming.vague] ORM table names
        class order_row:
            data = 1

            def info(self):
                return self.data


        class other_row:
            data = 2
        """,
    )
    assert _found(quality) == [("naming.case", 12), ("naming.vague", 13)]
    assert quality.suppressions[0].rules == ("naming.case", "naming.vague")


def test_a_suppression_without_a_reason_suppresses_nothing_and_is_a_finding(tmp_path: Path):
    quality = _analyse(tmp_path, "data = 1  # guard: ignore[naming.vague]\n")
    assert _found(quality) == [("naming.vague", 1), ("suppression.no-reason", 1)]
    finding = quality.findings[1].finding
    assert finding.severity is Severity.ERROR
    assert finding.message == "the suppression `# guard: ignore[naming.vague]` has no reason"
    assert "after the brackets" in finding.hint


def test_a_separator_alone_is_no_reason(tmp_path: Path):
    quality = _analyse(tmp_path, "data = 1  # guard: ignore[naming.vague] —\n")
    assert _found(quality) == [("naming.vague", 1), ("suppression.no-reason", 1)]


def test_a_misspelt_rule_is_a_finding_and_suppresses_nothing(tmp_path: Path):
    quality = _analyse(
        tmp_path,
        """\
        data = 1  # guard: ignore[naming.vauge] the wire format calls it data
        result = 2  # guard: ignore[naming, complexity.nesting] both are real rule ids
        """,
    )
    assert _found(quality) == [("naming.vague", 1), ("suppression.unknown-rule", 1)]
    message = quality.findings[1].finding.message
    assert message == (
        "the suppression `# guard: ignore[naming.vauge]` names `naming.vauge`, "
        "which is not a guard rule"
    )
    assert "guard explain" in quality.findings[1].finding.hint


@pytest.mark.parametrize("brackets", ["[]", "[ , ]"])
def test_empty_brackets_name_no_rule(tmp_path: Path, brackets: str):
    quality = _analyse(tmp_path, f"data = 1  # guard: ignore{brackets} someone forgot\n")
    assert _found(quality) == [("naming.vague", 1), ("suppression.unknown-rule", 1)]
    assert quality.findings[1].finding.message == (
        "the suppression `# guard: ignore[]` names no rule"
    )


@pytest.mark.parametrize(
    "source",
    [
        pytest.param('data = "# guard: ignore[naming.vague] in a string"\n', id="string"),
        pytest.param("data = b'# guard: ignore[naming.vague] in bytes'\n", id="bytes"),
        pytest.param('data = f"{1} # guard: ignore[naming.vague] in an f-string"\n', id="f-string"),
        pytest.param('data = "héllo # guard: ignore[naming.vague] after ü"\n', id="non-ascii"),
        pytest.param(
            'data = """\n    # guard: ignore[naming.vague] in a multi-line string\n"""\n',
            id="multi-line",
        ),
        pytest.param(
            'def load():\n    """Load.\n\n    # guard: ignore[naming.vague]\n    """\n'
            "    data = 1\n    return data\n",
            id="docstring",
        ),
    ],
)
def test_the_comment_text_inside_a_string_is_not_a_suppression(tmp_path: Path, source: str):
    quality = _analyse(tmp_path, source)
    assert quality.suppressions == ()
    assert [rule for rule, _ in _found(quality)] == ["naming.vague"]


def test_a_comment_after_non_ascii_text_on_its_line_is_a_suppression(tmp_path: Path):
    """ast columns count bytes: `éééé` is 8 of them, and the comment is still past the string."""
    quality = _analyse(tmp_path, 'data = "éééé"  # guard: ignore[naming.vague] accents\n')
    assert _found(quality) == []
    assert quality.suppressions == (Suppression(1, ("naming.vague",), "accents"),)


def test_a_comment_after_a_multi_line_string_is_a_suppression(tmp_path: Path):
    quality = _analyse(
        tmp_path,
        'TEXT = """\nfirst\n"""  # guard: ignore[naming.vague] after the closing quotes\n',
    )
    assert quality.suppressions == (Suppression(3, ("naming.vague",), "after the closing quotes"),)


def test_a_guard_comment_that_is_no_ignore_is_not_a_suppression():
    source = "total = 1  # guard: this is not a suppression\n"
    assert find_suppressions(source, ast.parse(source)) == []
    assert find_suppressions("total = 1\n", ast.parse("total = 1\n")) == []


@pytest.mark.parametrize("separator", [":", " -", " —", " : —"])
def test_separators_before_the_reason_are_not_part_of_it(separator: str):
    source = f"total = 1  # guard: ignore[naming.vague]{separator} a vendor name\n"
    [suppression] = find_suppressions(source, ast.parse(source))
    assert suppression.reason == "a vendor name"


def test_an_added_suppression_is_a_warning_that_quotes_its_reason():
    finding = added_suppression(PATH, Suppression(7, ("naming.vague", "size"), "vendor names"))
    assert (finding.rule, finding.severity, finding.line, finding.new) == (
        "suppression.added",
        Severity.WARNING,
        7,
        True,
    )
    assert finding.message == "the change suppresses naming.vague, size: vendor names"
    unreasoned = added_suppression(PATH, Suppression(3, ("naming",), ""))
    assert unreasoned.message == "the change suppresses naming: (no reason)"
