"""GitHub annotations as a user sees them: escaped, capped, most important first; the summary."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from guard.check import run_check
from guard.cli import main
from guard.config import load_config
from guard.errors import ToolError
from guard.model import ExitCode, Finding, Gate, Report, RunError, Severity, Verdict
from guard.reporters import render
from guard.reporters.github_report import (
    MAX_ERRORS,
    MAX_WARNINGS,
    GithubReporter,
    append_step_summary,
    escape_message,
    escape_property,
)
from guard.reporters.markdown_report import MarkdownReporter
from tests.projects import FIXTURES
from tests.report_samples import errored, failing


def annotate(report: Report) -> list[str]:
    return GithubReporter().render(report).splitlines()


BASE = Finding(
    rule="coverage.uncovered-line",
    severity=Severity.ERROR,
    path="pkg/calc.py",
    line=20,
    end_line=20,
    message="line 20 never ran",
    hint="",
)


def finding(**changes: Any) -> Finding:
    """BASE with `changes`; a finding moved to another line ends there unless told."""
    changes.setdefault("end_line", changes.get("line", BASE.line))
    return replace(BASE, **changes)


def where(line: str) -> str:
    """`error pkg/a.py:3 rule`: the kind, place and title of one annotation."""
    command, _, _ = line[2:].partition("::")
    kind, _, properties = command.partition(" ")
    fields = dict(part.split("=", 1) for part in properties.split(","))
    return f"{kind} {fields['file']}:{fields['line']} {fields['title']}"


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    root = tmp_path_factory.mktemp("github") / "example"
    shutil.copytree(FIXTURES / "example", root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(root.parent / "xdg-cache"))
        yield run_check(load_config(root, {}, {}), io.StringIO())


def test_the_example_run_annotates_gates_then_the_failing_test_then_coverage(
    example_report: Report,
) -> None:
    lines = annotate(example_report)

    assert lines[:2] == [
        "::error title=tests.passed::2 passed, 1 failed",
        "::error title=coverage.total::62.96%25 of 21 statements and 6 branches covered "
        "(7 statements and 3 branches missed); fail under 100%25",
    ]
    assert [where(line) for line in lines[2:]] == [
        "error tests/test_discount.py:5 tests.failed",
        "error billing/refund.py:11 coverage.missed-branch",
        "error billing/refund.py:12 coverage.uncovered-line",
        "error billing/refund.py:14 coverage.uncovered-line",
        "error billing/refund.py:25 coverage.missed-branch",
        "error billing/refund.py:27 coverage.missed-branch",
        "error billing/refund.py:28 coverage.uncovered-line",
    ]
    assert lines[5] == (
        "::error file=billing/refund.py,line=14,endLine=18,title=coverage.uncovered-line::"
        "lines 14-18 of `billing.refund.refund_order` never ran under the tests%0A"
        "Add a test that calls `refund_order` so that `PaymentTimeout` is raised inside its "
        "`try` block, so that lines 14-18 (the `except PaymentTimeout` path) run."
    )


def test_the_message_escapes_percent_and_line_breaks() -> None:
    assert escape_message("100% sure\r\nnext\nline: a, b") == "100%25 sure%0D%0Anext%0Aline: a, b"


def test_a_property_also_escapes_colons_and_commas() -> None:
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def test_a_finding_line_escapes_its_properties_and_its_message() -> None:
    odd = finding(
        path="odd,dir/a:b%.py",
        rule="naming.case",
        message="name `Bad,Name` at 50%",
        hint="Rename it:\nsnake_case",
        severity=Severity.WARNING,
        line=3,
        end_line=4,
    )

    assert annotate(failing(odd)) == [
        "::warning file=odd%2Cdir/a%3Ab%25.py,line=3,endLine=4,title=naming.case::"
        "name `Bad,Name` at 50%25%0ARename it:%0Asnake_case"
    ]


def test_a_finding_for_a_whole_file_has_no_line() -> None:
    whole_file = finding(line=0, end_line=0, rule="integrity.protected-path", message="CI edited")

    assert annotate(failing(whole_file)) == [
        "::error file=pkg/calc.py,title=integrity.protected-path::CI edited"
    ]


def test_an_end_line_before_the_line_is_clamped_to_it() -> None:
    assert annotate(failing(finding(line=7, end_line=5))) == [
        "::error file=pkg/calc.py,line=7,endLine=7,title=coverage.uncovered-line::line 20 never ran"
    ]


def test_new_findings_come_first_then_integrity_tests_coverage_quality_then_place() -> None:
    report = failing(
        finding(rule="naming.case", path="a.py", line=1, new=False),
        finding(rule="coverage.uncovered-line", path="b.py", line=9, new=False),
        finding(rule="coverage.uncovered-line", path="b.py", line=2, new=False),
        finding(rule="tests.failed", path="z.py", line=1, new=False),
        finding(rule="integrity.skip-added", path="y.py", line=1, new=False),
        finding(rule="size.file-lines", path="c.py", line=1, new=True),
        finding(rule="coverage.missed-branch", path="c.py", line=1, new=True),
    )

    assert [where(line) for line in annotate(report)] == [
        "error c.py:1 coverage.missed-branch",
        "error c.py:1 size.file-lines",
        "error y.py:1 integrity.skip-added",
        "error z.py:1 tests.failed",
        "error b.py:2 coverage.uncovered-line",
        "error b.py:9 coverage.uncovered-line",
        "error a.py:1 naming.case",
    ]


def test_past_ten_of_each_the_most_important_are_kept_and_a_notice_counts_the_rest() -> None:
    old_errors = [finding(path="old.py", line=number, new=False) for number in range(1, 7)]
    new_errors = [finding(path="new.py", line=number, new=True) for number in range(1, 7)]
    warnings = [
        finding(severity=Severity.WARNING, rule="suppression.added", path="w.py", line=number)
        for number in range(1, 14)
    ]

    lines = annotate(failing(*old_errors, *warnings, *new_errors))

    assert (MAX_ERRORS, MAX_WARNINGS) == (10, 10)
    assert [where(line) for line in lines[:10]] == [
        *(f"error new.py:{number} coverage.uncovered-line" for number in range(1, 7)),
        *(f"error old.py:{number} coverage.uncovered-line" for number in range(1, 5)),
    ]
    assert [where(line) for line in lines[10:20]] == [
        f"warning w.py:{number} suppression.added" for number in range(1, 11)
    ]
    assert lines[20:] == [
        "::notice title=guard::2 more errors and 3 more warnings not shown as annotations: "
        "GitHub shows 10 errors and 10 warnings per step. See them all with "
        "`guard check --format text`, or in the JSON report (`--report json=PATH`)."
    ]


def test_one_left_out_error_is_counted_in_the_singular() -> None:
    lines = annotate(failing(*(finding(line=number) for number in range(1, 12))))

    assert len(lines) == 11
    assert lines[-1].startswith("::notice title=guard::1 more error not shown as annotations:")


def test_ten_of_each_fit_without_a_notice() -> None:
    errors = [finding(line=number) for number in range(1, 11)]
    warnings = [finding(line=number, severity=Severity.WARNING) for number in range(1, 11)]

    lines = annotate(failing(*errors, *warnings))

    assert len(lines) == 20
    assert not any(line.startswith("::notice") for line in lines)


def test_gate_lines_count_towards_the_ten_errors() -> None:
    gates = (Gate("coverage.total", passed=False, detail="99.00% < 100%"),)
    lines = annotate(failing(*(finding(line=number) for number in range(1, 11)), gates=gates))

    assert lines[0] == "::error title=coverage.total::99.00%25 < 100%25"
    assert where(lines[9]) == "error pkg/calc.py:9 coverage.uncovered-line"
    assert lines[10].startswith("::notice title=guard::1 more error not shown")


def test_a_failed_gate_whose_own_findings_show_it_gets_no_line_of_its_own() -> None:
    gates = (
        Gate("integrity", passed=False, detail="1 finding"),
        Gate("quality", passed=False, detail="2 new findings"),
        Gate("tests.passed", passed=True, detail="3 passed"),
    )
    skip = finding(rule="integrity.skip-added", path="tests/test_a.py", line=4, message="skip")

    assert annotate(failing(skip, gates=gates)) == [
        "::error title=quality::2 new findings",
        "::error file=tests/test_a.py,line=4,endLine=4,title=integrity.skip-added::skip",
    ]


def test_an_error_run_annotates_each_error() -> None:
    report = errored(
        RunError("git", "base 'origin/main' not found:\nfetch it"), command="guard check"
    )

    assert annotate(report) == [
        "::error title=guard git error::base 'origin/main' not found:%0Afetch it"
    ]


def test_a_clean_pass_prints_nothing() -> None:
    report = Report(
        verdict=Verdict.PASS,
        exit_code=ExitCode.PASS,
        command="guard check",
        gates=(Gate("coverage.total", passed=True, detail="100.00%"),),
    )

    assert GithubReporter().render(report) == ""


def test_the_step_summary_gets_the_markdown_report_appended(tmp_path: Path) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("## An earlier step\n", encoding="utf-8")
    report = failing(finding(), gates=(Gate("coverage.total", passed=False, detail="99%"),))

    append_step_summary(report, {"GITHUB_STEP_SUMMARY": str(summary)})

    written = summary.read_text(encoding="utf-8")
    assert written == "## An earlier step\n" + MarkdownReporter().render(report)
    assert "| `coverage.total` | **fail** | 99% |" in written


@pytest.mark.parametrize("environ", [{}, {"GITHUB_STEP_SUMMARY": ""}], ids=["unset", "empty"])
def test_without_a_step_summary_no_file_is_written(
    environ: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    append_step_summary(failing(finding()), environ)

    assert list(tmp_path.iterdir()) == []


def test_a_run_that_prints_and_files_annotations_adds_one_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    annotations = tmp_path / "annotations.txt"
    root = str(FIXTURES / "example")
    args = ["analyze", "--root", root, "--all", "--format", "github"]

    assert main([*args, "--report", f"github={annotations}"]) == 0

    assert capsys.readouterr().out == annotations.read_text(encoding="utf-8")
    assert summary.read_text(encoding="utf-8").count("## guard: PASS (exit code 0)") == 1
    assert render(errored(), "github") == ""  # rendering alone writes no summary
    assert summary.read_text(encoding="utf-8").count("## guard:") == 1


def test_a_step_summary_that_cannot_be_written_is_a_tool_error(tmp_path: Path) -> None:
    with pytest.raises(ToolError) as caught:
        append_step_summary(failing(finding()), {"GITHUB_STEP_SUMMARY": str(tmp_path)})

    assert caught.value.message == (
        f"cannot append the report to GITHUB_STEP_SUMMARY file '{tmp_path}': Is a directory"
    )
    assert caught.value.exit_code == ExitCode.TOOL_ERROR
