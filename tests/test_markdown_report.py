"""What a reviewer sees in the Markdown report: the verdict, the gates, and escaped findings."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from guard.check import run_check
from guard.config import load_config
from guard.model import ExitCode, Finding, Gate, Report, Risk, RunError, Severity, Verdict
from guard.reporters.markdown_report import MAX_ROWS, MarkdownReporter
from tests.projects import FIXTURES
from tests.report_samples import errored, failing

HEADER = "| rule | location | symbol | message |"


def render(report: Report) -> str:
    return MarkdownReporter().render(report)


BASE = Finding(
    rule="coverage.uncovered-line",
    severity=Severity.ERROR,
    path="pkg/calc.py",
    line=20,
    end_line=20,
    message="line 20 never ran",
    hint="Add a test.",
    symbol="pkg.calc.total",
)


def finding(**changes: Any) -> Finding:
    return replace(BASE, **changes)


def rows(text: str) -> list[str]:
    """The table rows under the findings header."""
    lines = text.splitlines()
    start = lines.index(HEADER) + 2
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    root = tmp_path_factory.mktemp("markdown") / "example"
    shutil.copytree(FIXTURES / "example", root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(root.parent / "xdg-cache"))
        yield run_check(load_config(root, {}, {}), io.StringIO())


def test_a_failed_run_shows_verdict_gates_and_linked_findings(example_report: Report) -> None:
    text = render(example_report)
    lines = text.splitlines()

    assert lines[:4] == [
        "## guard: FAIL (exit code 1)",
        "",
        "- note: no diff: not a git repository",
        "",
    ]
    assert "| `tests.passed` | **fail** | 2 passed, 1 failed |" in lines
    assert "| `quality` | pass | no quality findings in the analysed files" in text
    assert "### Findings" in lines  # no base, so every finding is listed
    listed = rows(text)
    assert len(listed) == len(example_report.findings) == 7
    assert listed[2] == (
        "| `coverage.uncovered-line` | [billing/refund.py:14](billing/refund.py#L14-L18) "
        "| `billing.refund.refund_order` "
        "| lines 14-18 of `billing.refund.refund_order` never ran under the tests |"
    )
    assert listed[-1].startswith(
        "| `tests.failed` | [tests/test_discount.py:5](tests/test_discount.py#L5) "
    )
    assert text.endswith("|\n")


def test_a_pass_is_a_heading_and_the_gates() -> None:
    report = Report(
        verdict=Verdict.PASS,
        exit_code=ExitCode.PASS,
        command="guard check",
        gates=(Gate("coverage.total", passed=True, detail="100.00% of 4 statements"),),
    )

    assert render(report) == (
        "## guard: PASS (exit code 0)\n"
        "\n"
        "| gate | result | detail |\n"
        "|---|---|---|\n"
        "| `coverage.total` | pass | 100.00% of 4 statements |\n"
    )


def test_an_error_run_lists_its_errors_with_their_lines_kept() -> None:
    report = errored(
        RunError("pytest", "pytest could not run:\nImportError: no module named 'pkg'"),
        RunError("coverage", "no data in <root>/.coverage"),
        command="guard check",
    )

    assert render(report) == (
        "## guard: ERROR (exit code 3)\n"
        "\n"
        "### Errors\n"
        "\n"
        "- **pytest**: pytest could not run:<br>ImportError: no module named 'pkg'\n"
        "- **coverage**: no data in \\<root>/.coverage\n"
    )


def test_the_risk_and_the_notes_come_before_the_gates() -> None:
    report = Report(
        verdict=Verdict.PASS,
        exit_code=ExitCode.PASS,
        command="guard check",
        notes=("no diff of submodule lib",),
        risk=Risk("high", ("high: shop/pay.py matches `shop/pay*`", "medium: source changed")),
    )

    assert render(report).splitlines()[2:4] == [
        "- note: no diff of submodule lib",
        "- risk: **high** (high: shop/pay.py matches `shop/pay*`; medium: source changed)",
    ]


def test_a_change_to_a_protected_path_asks_for_a_human() -> None:
    report = Report(
        verdict=Verdict.FAIL,
        exit_code=ExitCode.GATE_FAILED,
        command="guard check",
        risk=Risk("critical", ("critical: .github/workflows/ci.yml changed",), (), True),
    )

    assert render(report).splitlines()[2:] == [
        "- risk: **critical** (critical: .github/workflows/ci.yml changed)",
        "- **a human must approve this change**: it edits a protected path",
    ]


def test_a_pipe_in_a_message_does_not_split_the_cell() -> None:
    text = render(failing(finding(message="expected a|b, got `x|y`")))

    assert rows(text) == [
        "| `coverage.uncovered-line` | [pkg/calc.py:20](pkg/calc.py#L20) | `pkg.calc.total` "
        "| expected a\\|b, got `x\\|y` |"
    ]


def test_a_newline_in_a_cell_becomes_a_line_break() -> None:
    text = render(failing(finding(message="assert 1 == 2\r\n  where 1 = f()\n")))

    assert rows(text)[0].endswith("| assert 1 == 2<br>  where 1 = f()<br> |")


@pytest.mark.parametrize(
    ("symbol", "cell"),
    [
        ("pkg.calc.total", "`pkg.calc.total`"),
        ("a`b", "``a`b``"),
        ("`a`b`", "`` `a`b` ``"),
        ("x ``y`` z", "```x ``y`` z```"),
        (" leading", "`  leading `"),  # the pad keeps the space CommonMark strips
        ("or_else|default", "`or_else\\|default`"),
    ],
)
def test_a_code_span_is_fenced_longer_than_the_backticks_inside(symbol: str, cell: str) -> None:
    assert f"| {cell} |" in rows(render(failing(finding(symbol=symbol))))[0]


def test_markup_in_text_is_escaped_and_dots_are_left_alone() -> None:
    text = render(failing(finding(path="pkg/__init__.py", message="a*b_c <b>&amp; ~x~ [y]")))

    row = rows(text)[0]
    assert "[pkg/\\_\\_init\\_\\_.py:20](pkg/__init__.py#L20)" in row
    assert row.endswith("| a\\*b_c \\<b>\\&amp; \\~x\\~ \\[y\\] |")
    assert "&#46;" not in text


def test_a_path_that_would_end_the_link_is_percent_encoded() -> None:
    row = rows(render(failing(finding(path="my dir/calc (old)#1.py", line=3, end_line=3))))[0]

    assert "[my dir/calc (old)#1.py:3](my%20dir/calc%20%28old%29%231.py#L3)" in row


def test_a_finding_without_a_symbol_leaves_the_cell_empty() -> None:
    row = rows(render(failing(finding(symbol=None))))[0]

    assert row.split(" | ")[1:] == ["[pkg/calc.py:20](pkg/calc.py#L20)", "", "line 20 never ran |"]


@pytest.mark.parametrize(
    ("extra", "last_line"),
    [
        (1, "1 more finding not listed here; run `guard check --format text`, or read the JSON"),
        (5, "5 more findings not listed here; run `guard check --format text`, or read the JSON"),
    ],
)
def test_findings_past_the_cap_are_counted_not_listed(extra: int, last_line: str) -> None:
    many = [finding(line=number, end_line=number) for number in range(1, MAX_ROWS + extra + 1)]

    text = render(failing(*many))

    assert MAX_ROWS == 30
    assert len(rows(text)) == MAX_ROWS
    assert rows(text)[-1].startswith("| `coverage.uncovered-line` | [pkg/calc.py:30](")
    assert text.splitlines()[-1].startswith(last_line)
    assert text.endswith(" report (`--report json=PATH`).\n")


def test_with_a_base_only_new_findings_are_listed() -> None:
    text = render(
        failing(
            finding(line=1, end_line=1, new=True),
            finding(line=2, end_line=2, new=False),
            finding(line=3, end_line=3, new=True),
        )
    )

    assert "### New findings" in text
    assert [row.split(" | ")[1] for row in rows(text)] == [
        "[pkg/calc.py:1](pkg/calc.py#L1)",
        "[pkg/calc.py:3](pkg/calc.py#L3)",
    ]
    assert text.splitlines()[-1].startswith(
        "1 finding the change did not introduce is not listed; run `guard check"
    )


def test_when_every_finding_is_old_only_their_count_is_shown() -> None:
    text = render(failing(finding(new=False), finding(line=30, end_line=30, new=False)))

    assert HEADER not in text
    assert text.splitlines()[-1].startswith(
        "2 findings the change did not introduce are not listed; run `guard check"
    )
