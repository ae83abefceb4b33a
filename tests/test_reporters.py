"""The format registry, `--report FORMAT=PATH` parsing, and safe report files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from guard.errors import ToolError, UsageError
from guard.model import CoverageTotals, ExitCode, Gate, Report, Verdict
from guard.reporters import FORMATS, Reporter, parse_report_spec, render, write_report
from guard.reporters.github_report import GithubReporter
from guard.reporters.gitlab_report import GitlabReporter
from guard.reporters.json_report import JsonReporter
from guard.reporters.markdown_report import MarkdownReporter
from guard.reporters.sarif_report import SarifReporter
from guard.reporters.text import TextReporter

REPORT = Report(
    verdict=Verdict.PASS,
    exit_code=ExitCode.PASS,
    command="guard check",
    coverage=CoverageTotals(3, 0, 2, 0, fail_under=100),
    gates=(Gate("coverage.total", passed=True, detail="100.00% >= 100%"),),
)


FAILED = Report(
    verdict=Verdict.FAIL,
    exit_code=ExitCode.GATE_FAILED,
    command="guard check",
    gates=(Gate("coverage.total", passed=False, detail="99.00% < 100%"),),
)


def test_these_are_the_formats_on_offer() -> None:
    assert FORMATS == ("text", "json", "sarif", "github", "markdown", "gitlab")


@pytest.mark.parametrize(
    ("reporter", "report", "ending"),
    [
        (TextReporter(), REPORT, "\n  ok  coverage.total  100.00% >= 100%\n"),
        (JsonReporter(), REPORT, "\n}\n"),
        (SarifReporter(), REPORT, "\n}\n"),
        # Annotations have nothing to say about a clean pass, so this one fails a gate.
        (GithubReporter(), FAILED, "::error title=coverage.total::99.00%25 < 100%25\n"),
        (MarkdownReporter(), REPORT, "\n| `coverage.total` | pass | 100.00% >= 100% |\n"),
        (GitlabReporter(), REPORT, "[]\n"),
    ],
    ids=FORMATS,
)
def test_each_reporter_renders_a_whole_document_ending_in_a_newline(
    reporter: Reporter, report: Report, ending: str
) -> None:
    assert reporter.render(report).endswith(ending)


def test_render_picks_the_format_by_name() -> None:
    assert render(REPORT, "text").startswith("guard: PASS - coverage 100.00%")
    assert json.loads(render(REPORT, "json"))["verdict"] == "pass"


def test_render_rejects_an_unknown_format_and_lists_the_valid_ones() -> None:
    with pytest.raises(
        UsageError,
        match=r"^unknown report format 'xml'; choose from: "
        r"text, json, sarif, github, markdown, gitlab$",
    ):
        render(REPORT, "xml")


def test_a_dash_writes_the_report_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    write_report(REPORT, "json", "-")

    out, err = capsys.readouterr()
    assert json.loads(out)["exit_code"] == 0
    assert err == ""


def test_a_path_gets_the_report_and_its_missing_directories(tmp_path: Path) -> None:
    destination = tmp_path / "out" / "nested" / "report.json"

    write_report(REPORT, "json", str(destination))

    assert destination.read_text(encoding="utf-8") == render(REPORT, "json")
    assert os.listdir(destination.parent) == ["report.json"]


def test_an_existing_report_is_replaced_whole(tmp_path: Path) -> None:
    destination = tmp_path / "report.txt"
    destination.write_text("stale report from the last run, much longer than the new one\n" * 50)

    write_report(REPORT, "text", str(destination))

    assert destination.read_text(encoding="utf-8") == render(REPORT, "text")


def test_a_bare_file_name_is_written_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    write_report(REPORT, "text", "guard.txt")

    assert (tmp_path / "guard.txt").read_text(encoding="utf-8").startswith("guard: PASS")
    assert os.listdir(tmp_path) == ["guard.txt"]


def test_a_destination_that_is_a_directory_fails_cleanly(tmp_path: Path) -> None:
    destination = tmp_path / "reports"
    destination.mkdir()

    with pytest.raises(ToolError) as caught:
        write_report(REPORT, "json", str(destination))

    assert caught.value.message == f"cannot write json report to '{destination}': Is a directory"
    assert caught.value.exit_code == ExitCode.TOOL_ERROR
    assert os.listdir(tmp_path) == ["reports"]
    assert os.listdir(destination) == []


def test_a_file_in_place_of_the_parent_directory_fails_and_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a directory")
    destination = blocker / "report.json"

    with pytest.raises(ToolError) as caught:
        write_report(REPORT, "json", str(destination))

    assert caught.value.message == (
        f"cannot write json report to '{destination}': File exists: '{blocker}'"
    )
    assert os.listdir(tmp_path) == ["out"]
    assert blocker.read_text() == "not a directory"


def test_an_unknown_format_fails_before_any_file_is_touched(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_report(REPORT, "sarif-ish", str(tmp_path / "report.sarif"))

    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("json=out/report.json", ("json", "out/report.json")),
        ("text=-", ("text", "-")),
        ("json=odd=name.json", ("json", "odd=name.json")),
        ("json=reports/ünïcode report.json", ("json", "reports/ünïcode report.json")),
    ],
)
def test_a_report_spec_splits_into_format_and_destination(
    spec: str, parsed: tuple[str, str]
) -> None:
    assert parse_report_spec(spec) == parsed


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("json", "invalid --report 'json': expected FORMAT=PATH with FORMAT one of: text, json"),
        ("=out.json", "invalid --report '=out.json': expected FORMAT=PATH"),
        ("json=", "invalid --report 'json=': expected FORMAT=PATH"),
        ("xml=out.xml", "unknown report format 'xml' in --report 'xml=out.xml'; choose from: text"),
        ("JSON=out.json", "unknown report format 'JSON'"),
    ],
)
def test_a_bad_report_spec_is_a_one_line_usage_error(spec: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_report_spec(spec)

    assert caught.value.message.startswith(message)
    assert "\n" not in caught.value.message
    assert caught.value.exit_code == ExitCode.USAGE_ERROR
