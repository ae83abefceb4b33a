"""The GitLab Code Quality report: valid issues, fingerprints that survive edits, fail closed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from guard.cli import main
from guard.model import ExitCode, Finding, Report, RunError, Severity, Verdict
from guard.reporters import REPORT_FORMATS, parse_report_spec
from guard.reporters.gitlab_report import MAX_DESCRIPTION, GitlabReporter, description
from guard.reporters.sarif_report import FINGERPRINT_KEY, SarifReporter
from tests.example_runs import check_example, copy_example
from tests.projects import FIXTURES
from tests.report_samples import errored, failing

SCHEMA = json.loads((FIXTURES / "gitlab" / "codequality.schema.json").read_text(encoding="utf-8"))

UNCOVERED = Finding(
    rule="coverage.uncovered-line",
    severity=Severity.ERROR,
    path="pkg/calc.py",
    line=12,
    end_line=14,
    message="lines 12-14 of `pkg.calc.classify` never ran under the tests",
    hint="Add a test that calls `classify` with `amount < 0` true.",
    symbol="pkg.calc.classify",
    snippet="if amount < 0:\n    return 'negative'",
    new=True,
)


def issues(report: Report) -> Any:
    return json.loads(GitlabReporter().render(report))


def schema_errors(document: Any) -> list[str]:
    return [error.message for error in Draft202012Validator(SCHEMA).iter_errors(document)]


def fingerprints(report: Report) -> list[str]:
    return [issue["fingerprint"] for issue in issues(report)]


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return check_example(copy_example(tmp_path_factory.mktemp("gitlab")))


def test_the_schema_is_a_valid_json_schema_that_rejects_what_gitlab_cannot_read() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    issue = issues(failing(UNCOVERED))[0]
    wrong = [
        {**issue, "severity": "error"},
        {**issue, "location": {"path": "./pkg/calc.py", "lines": {"begin": 12}}},
        {**issue, "location": {"path": "pkg/calc.py", "lines": {"begin": 0}}},
        {key: value for key, value in issue.items() if key != "fingerprint"},
    ]

    assert [len(schema_errors([bad])) for bad in wrong] == [1, 1, 1, 1]


def test_the_example_run_is_one_valid_issue_per_finding_in_report_order(
    example_report: Report,
) -> None:
    document = issues(example_report)

    assert schema_errors(document) == []
    assert [(issue["check_name"], issue["location"]["path"]) for issue in document] == [
        (finding.rule, finding.path) for finding in example_report.findings
    ]


def test_the_example_uncovered_except_block_reads_as_one_major_issue_on_its_lines(
    example_report: Report,
) -> None:
    (issue,) = [
        issue
        for issue in issues(example_report)
        if issue["location"]["lines"] == {"begin": 14, "end": 18}
    ]

    assert {key: value for key, value in issue.items() if key != "fingerprint"} == {
        "description": "lines 14-18 of `billing.refund.refund_order` never ran under the tests"
        " — Add a test that calls `refund_order` so that `PaymentTimeout` is raised inside its"
        " `try` block, so that lines 14-18 (the `except PaymentTimeout` path) run.",
        "check_name": "coverage.uncovered-line",
        # no git repository, so no base: guard cannot tell whether the change added it
        "severity": "major",
        "location": {"path": "billing/refund.py", "lines": {"begin": 14, "end": 18}},
    }


def test_example_fingerprints_are_unique_stable_and_survive_a_blank_line_above(
    example_report: Report, tmp_path: Path
) -> None:
    again = check_example(copy_example(tmp_path / "again"))
    moved_root = copy_example(tmp_path / "moved")
    source = moved_root / "billing" / "refund.py"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("    try:\n")
    source.write_text("".join([*lines[:at], "\n", *lines[at:]]), encoding="utf-8")
    moved = check_example(moved_root)

    first = fingerprints(example_report)
    assert len(set(first)) == len(first) == 7
    assert fingerprints(again) == first
    assert fingerprints(moved) == first
    # the finding did move, so the widget shows it on its new lines
    places = [issue["location"]["lines"] for issue in issues(moved)]
    assert {"begin": 15, "end": 19} in places
    assert {"begin": 14, "end": 18} not in places


def test_a_fingerprint_is_the_sarif_alerts_so_both_track_one_finding_alike(
    example_report: Report,
) -> None:
    (run,) = json.loads(SarifReporter().render(example_report))["runs"]

    assert fingerprints(example_report) == [
        alert["partialFingerprints"][FINGERPRINT_KEY] for alert in run["results"]
    ]


def test_the_same_code_twice_gets_numbered_fingerprints_in_report_order() -> None:
    twin = replace(UNCOVERED, line=30, end_line=32)
    other = replace(UNCOVERED, snippet="return 'other'")

    first, second, third = fingerprints(failing(UNCOVERED, twin, other))

    assert [first[-2:], second[-2:], third[-2:]] == [":1", ":2", ":1"]
    assert first.removesuffix(":1") == second.removesuffix(":2") != third.removesuffix(":1")
    assert fingerprints(failing(UNCOVERED, twin, other)) == [first, second, third]


@pytest.mark.parametrize(
    ("severity", "new", "expected"),
    [
        (Severity.ERROR, True, "critical"),
        (Severity.ERROR, None, "major"),
        (Severity.ERROR, False, "major"),
        (Severity.WARNING, True, "minor"),
        (Severity.WARNING, None, "minor"),
        (Severity.WARNING, False, "info"),
    ],
)
def test_severity_weighs_errors_over_warnings_and_what_the_change_added_over_the_rest(
    severity: Severity, new: bool | None, expected: str
) -> None:
    (issue,) = issues(failing(replace(UNCOVERED, severity=severity, new=new)))

    assert issue["severity"] == expected


def test_a_whole_file_finding_sits_on_line_one() -> None:
    whole_file = replace(UNCOVERED, rule="naming.vague", line=0, end_line=0)

    (issue,) = issues(failing(whole_file))

    assert issue["location"] == {"path": "pkg/calc.py", "lines": {"begin": 1, "end": 1}}
    assert schema_errors([issue]) == []


def test_an_end_line_before_the_line_is_clamped_to_it() -> None:
    (issue,) = issues(failing(replace(UNCOVERED, line=12, end_line=3)))

    assert issue["location"]["lines"] == {"begin": 12, "end": 12}


def test_the_description_is_one_line_with_the_hint_after_a_dash() -> None:
    assert description("test `t` failed:\n  assert 1 == 2\n", "Run it  again.") == (
        "test `t` failed: assert 1 == 2 — Run it again."
    )


def test_a_finding_without_a_hint_is_described_by_its_message_alone() -> None:
    assert description("a message", "") == "a message"


def test_a_hint_that_would_not_fit_is_left_out_and_the_message_is_never_cut() -> None:
    message = "m" * (MAX_DESCRIPTION - 10)
    long_message = "m" * (MAX_DESCRIPTION + 50)

    assert description(message, "a short hint") == message
    assert description(message, "hint") == f"{message} — hint"
    assert len(description(message, "hint")) == MAX_DESCRIPTION - 3
    assert description(long_message, "hint") == long_message


def test_an_error_run_is_never_an_empty_array_but_one_blocker_per_error() -> None:
    report = errored(
        RunError("git", "base 'origin/main' not found; fetch it or pass --base-sha"),
        RunError("coverage", "no coverage data was written"),
        command="guard check --base origin/main",
    )

    document = issues(report)

    assert schema_errors(document) == []
    assert [{k: v for k, v in issue.items() if k != "fingerprint"} for issue in document] == [
        {
            "description": "guard could not judge this run (git error): base 'origin/main' not"
            " found; fetch it or pass --base-sha — This is not a clean result: fix the error,"
            " then run guard again.",
            "check_name": "guard.error",
            "severity": "blocker",
            "location": {"path": "pyproject.toml", "lines": {"begin": 1, "end": 1}},
        },
        {
            "description": "guard could not judge this run (coverage error): no coverage data"
            " was written — This is not a clean result: fix the error, then run guard again.",
            "check_name": "guard.error",
            "severity": "blocker",
            "location": {"path": "pyproject.toml", "lines": {"begin": 1, "end": 1}},
        },
    ]
    assert len({issue["fingerprint"] for issue in document}) == 2
    assert fingerprints(report) == [issue["fingerprint"] for issue in document]


def test_a_clean_pass_is_an_empty_array() -> None:
    report = Report(verdict=Verdict.PASS, exit_code=ExitCode.PASS, command="guard check")

    assert GitlabReporter().render(report) == "[]\n"


def test_each_issue_is_one_line_of_the_array() -> None:
    text = GitlabReporter().render(failing(UNCOVERED, replace(UNCOVERED, line=40)))

    lines = text.splitlines()
    assert (lines[0], lines[-1], len(lines)) == ("[", "]", 4)
    assert json.loads(lines[1].rstrip(",")) == issues(failing(UNCOVERED))[0]


def test_gitlab_is_a_format_for_stdout_and_for_report_files() -> None:
    assert "gitlab" in REPORT_FORMATS
    assert parse_report_spec("gitlab=gl-code-quality.json") == ("gitlab", "gl-code-quality.json")


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.mark.usefixtures("private_cache")
def test_guard_check_on_the_example_prints_the_issues_and_writes_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_example(tmp_path)
    written = tmp_path / "gl-code-quality.json"

    code = main(
        ["check", "--root", str(root), "--format", "gitlab", "--report", f"gitlab={written}"]
    )

    out = capsys.readouterr().out
    document = json.loads(out)
    assert code == 1
    assert schema_errors(document) == []
    assert len(document) == 7
    assert {issue["check_name"] for issue in document} == {
        "tests.failed",
        "coverage.uncovered-line",
        "coverage.missed-branch",
    }
    failed = next(issue for issue in document if issue["check_name"] == "tests.failed")
    assert failed["location"] == {"path": "tests/test_discount.py", "lines": {"begin": 5, "end": 5}}
    assert written.read_text(encoding="utf-8") == out


@pytest.mark.usefixtures("private_cache")
def test_guard_check_that_cannot_run_still_writes_a_blocker_issue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = tmp_path / "gl-code-quality.json"

    missing = tmp_path / "missing"
    code = main(
        ["check", "--root", str(missing), "--format", "gitlab", f"--report=gitlab={written}"]
    )

    captured = capsys.readouterr()
    (issue,) = json.loads(captured.out)
    assert code == 2
    assert issue["check_name"] == "guard.error"
    assert issue["severity"] == "blocker"
    assert issue["description"].startswith(
        f"guard could not judge this run (usage error): --root {missing} is not a directory"
    )
    assert written.read_text(encoding="utf-8") == captured.out
