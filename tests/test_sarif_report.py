"""The SARIF log: valid against the official 2.1.0 schema, with alerts that survive moved lines."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from jsonschema import Draft7Validator

import guard
from guard.check import run_check
from guard.config import load_config
from guard.model import ExitCode, Finding, Gate, Report, RunError, Severity, Verdict
from guard.reporters.sarif_report import DOCS_URI, FINGERPRINT_KEY, SarifReporter, fingerprint
from guard.rules import RULES
from tests.projects import FIXTURES
from tests.report_samples import errored, failing

SCHEMA_DIR = FIXTURES / "sarif"
SCHEMA = json.loads((SCHEMA_DIR / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
REPOSITORY = FIXTURES.parent

MISSED = Finding(
    rule="coverage.missed-branch",
    severity=Severity.ERROR,
    path="pkg/calc.py",
    line=12,
    end_line=12,
    message="line 12 didn't jump to line 14 because the condition on line 12 was never true",
    hint="Add a test where `amount < 0` is true.",
    symbol="pkg.calc.classify",
    snippet="if amount < 0:",
    new=True,
)


def sarif(report: Report) -> Any:
    return json.loads(SarifReporter().render(report))


def schema_errors(log: Any) -> list[str]:
    return [error.message for error in Draft7Validator(SCHEMA).iter_errors(log)]


def only_alert(report: Report) -> Any:
    (alert,) = sarif(report)["runs"][0]["results"]
    return alert


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    root = tmp_path_factory.mktemp("sarif") / "example"
    shutil.copytree(FIXTURES / "example", root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(root.parent / "xdg-cache"))
        yield run_check(load_config(root, {}, {}), io.StringIO())


def test_the_vendored_schema_is_the_official_one_and_keeps_its_licence() -> None:
    Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] == (
        "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/"
        "sarif-schema-2.1.0.json"
    )
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    assert "Permission is hereby granted" in (SCHEMA_DIR / "LICENSE").read_text(encoding="utf-8")


def place(alert: Any) -> tuple[str, str, str, int, int]:
    """An alert's rule, level, file and lines, as the code-scanning view shows them."""
    physical = alert["locations"][0]["physicalLocation"]
    region = physical["region"]
    uri = physical["artifactLocation"]["uri"]
    return alert["ruleId"], alert["level"], uri, region["startLine"], region["endLine"]


def test_the_example_run_is_a_valid_log_by_guard_with_every_rule(example_report: Report) -> None:
    log = sarif(example_report)

    assert schema_errors(log) == []
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("guard", guard.__version__)
    assert driver["informationUri"] == "https://github.com/guard-harness/guard"
    assert [rule["id"] for rule in driver["rules"]] == list(RULES)  # every gate id is a rule


def test_the_example_run_has_one_alert_per_finding_in_place(example_report: Report) -> None:
    (run,) = sarif(example_report)["runs"]

    placed = [place(alert) for alert in run["results"]]
    assert placed == [
        (finding.rule, "error", finding.path, finding.line, finding.end_line)
        for finding in example_report.findings
    ]
    assert ("coverage.uncovered-line", "error", "billing/refund.py", 14, 18) in placed
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert [rule_ids[alert["ruleIndex"]] for alert in run["results"]] == [
        alert["ruleId"] for alert in run["results"]
    ]


def test_the_example_run_records_its_invocation_and_gates(example_report: Report) -> None:
    (run,) = sarif(example_report)["runs"]

    assert run["invocations"] == [
        {
            "executionSuccessful": True,  # the gate failed; guard itself ran fine
            "exitCode": 1,
            "commandLine": "check",
            "toolExecutionNotifications": [
                {
                    "level": "note",
                    "message": {"text": "no diff: not a git repository"},
                    "descriptor": {"id": "note"},
                }
            ],
        }
    ]
    assert run["properties"]["verdict"] == "fail"
    gates = [(gate["id"], gate["passed"]) for gate in run["properties"]["gates"]]
    assert gates == [("tests.passed", False), ("coverage.total", False), ("quality", True)]


def test_an_error_run_is_a_valid_log_whose_invocation_failed() -> None:
    report = errored(
        RunError("git", "base 'origin/main' not found; fetch it or pass --base-sha"),
        RunError("coverage", "no coverage data was written"),
        command="guard check --base origin/main",
    )

    log = sarif(report)

    assert schema_errors(log) == []
    (run,) = log["runs"]
    assert run["results"] == []
    assert run["invocations"] == [
        {
            "executionSuccessful": False,
            "exitCode": 3,
            "commandLine": "guard check --base origin/main",
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {
                        "text": "base 'origin/main' not found; fetch it or pass --base-sha"
                    },
                    "descriptor": {"id": "git"},
                },
                {
                    "level": "error",
                    "message": {"text": "no coverage data was written"},
                    "descriptor": {"id": "coverage"},
                },
            ],
        }
    ]


def test_a_pass_has_no_results_and_no_notifications() -> None:
    report = Report(verdict=Verdict.PASS, exit_code=ExitCode.PASS, command="guard check")

    (run,) = sarif(report)["runs"]

    assert run["results"] == []
    assert run["invocations"] == [
        {"executionSuccessful": True, "exitCode": 0, "commandLine": "guard check"}
    ]


def test_every_rule_carries_its_summary_explanation_and_an_existing_help_page() -> None:
    rules = sarif(failing())["runs"][0]["tool"]["driver"]["rules"]

    for descriptor in rules:
        rule = RULES[descriptor["id"]]
        assert descriptor["shortDescription"] == {"text": rule.summary}
        assert descriptor["fullDescription"] == {"text": f"{rule.why}\n\nFix: {rule.fix}"}
        assert descriptor["help"] == descriptor["fullDescription"]
        page = descriptor["helpUri"].removeprefix(DOCS_URI).partition("#")[0]
        assert (REPOSITORY / page).is_file(), descriptor["helpUri"]
    pages = {descriptor["id"]: descriptor["helpUri"] for descriptor in rules}
    assert pages["integrity.skip-added"] == DOCS_URI + "docs/integrity.md"
    assert pages["naming.vague"] == DOCS_URI + "docs/quality.md#rules"
    assert pages["coverage.uncovered-line"] == DOCS_URI + "README.md#rules"


def test_an_id_the_registry_lacks_still_gets_a_rule_to_point_at() -> None:
    stray = replace(MISSED, rule="experimental.rule")
    report = failing(stray, gates=(Gate("experimental", passed=False, detail="1 finding"),))

    log = sarif(report)

    assert schema_errors(log) == []
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[len(RULES) :] == [
        {"id": "experimental", "shortDescription": {"text": "experimental"}},
        {"id": "experimental.rule", "shortDescription": {"text": "experimental.rule"}},
    ]
    assert log["runs"][0]["results"][0]["ruleIndex"] == len(RULES) + 1


def test_a_result_says_what_where_and_whether_the_change_added_it() -> None:
    alert = only_alert(failing(MISSED))

    assert alert["message"] == {
        "text": "line 12 didn't jump to line 14 because the condition on line 12 was never true"
        "\nAdd a test where `amount < 0` is true."
    }
    assert alert["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "pkg/calc.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 12, "endLine": 12},
            }
        }
    ]
    assert alert["properties"] == {"new": True, "symbol": "pkg.calc.classify"}


def test_a_warning_is_a_warning_and_a_message_without_hint_stands_alone() -> None:
    warning = replace(MISSED, severity=Severity.WARNING, hint="", rule="suppression.added")

    alert = only_alert(failing(warning))

    assert alert["level"] == "warning"
    assert alert["message"] == {"text": MISSED.message}


def test_a_path_is_written_as_a_uri_and_a_whole_file_finding_has_no_region() -> None:
    whole_file = replace(MISSED, path="my dir/ünï#1.py", line=0, end_line=0)

    log = sarif(failing(whole_file))

    assert schema_errors(log) == []
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "my%20dir/%C3%BCn%C3%AF%231.py", "uriBaseId": "%SRCROOT%"}
    }


def test_the_fingerprint_survives_lines_moving_above_the_finding() -> None:
    moved = replace(
        MISSED,
        line=17,
        end_line=17,
        message="line 17 didn't jump to line 19 because the condition on line 17 was never true",
    )

    before = only_alert(failing(MISSED))["partialFingerprints"]
    after = only_alert(failing(moved))["partialFingerprints"]

    assert before == after
    assert list(before) == [FINGERPRINT_KEY] == ["guardFingerprint/v1"]
    digest, occurrence = before[FINGERPRINT_KEY].split(":")
    assert (len(digest), occurrence) == (64, "1")


def test_a_reindented_snippet_keeps_its_fingerprint() -> None:
    assert fingerprint(replace(MISSED, snippet="if  amount <\n    0:")) == fingerprint(
        replace(MISSED, snippet="if amount < 0:")
    )


@pytest.mark.parametrize(
    "changed",
    [
        replace(MISSED, snippet="if amount <= 0:"),
        replace(MISSED, rule="coverage.uncovered-line"),
        replace(MISSED, path="pkg/other.py"),
        replace(MISSED, symbol="pkg.calc.other"),
    ],
    ids=["code", "rule", "path", "symbol"],
)
def test_a_different_finding_gets_a_different_fingerprint(changed: Finding) -> None:
    assert fingerprint(changed) != fingerprint(MISSED)


def test_without_code_the_message_identifies_the_finding() -> None:
    failed = replace(MISSED, rule="tests.failed", snippet=None, message="test `t` failed")

    assert fingerprint(failed) == fingerprint(replace(failed, line=99, end_line=99))
    assert fingerprint(failed) != fingerprint(replace(failed, message="test `u` failed"))


def test_twin_findings_are_told_apart_by_their_order() -> None:
    twin = replace(MISSED, line=30, end_line=30)

    alerts = sarif(failing(MISSED, twin))["runs"][0]["results"]

    prints = [alert["partialFingerprints"][FINGERPRINT_KEY].split(":") for alert in alerts]
    assert prints[0][0] == prints[1][0]
    assert [occurrence for _, occurrence in prints] == ["1", "2"]
