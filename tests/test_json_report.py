"""The JSON report: the fields agents and outside tools rely on, and its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import guard
from guard.model import (
    BaseInfo,
    Branch,
    CoverageTotals,
    DiffTotals,
    ExitCode,
    Finding,
    Gate,
    Report,
    RunError,
    Severity,
    TestFailure,
    TestOutcomes,
    Verdict,
)
from guard.reporters.json_report import JsonReporter, report_document
from tests.report_samples import UNUSED

SCHEMA = json.loads(
    (Path(guard.__file__).parent / "schema" / "report.schema.json").read_text(encoding="utf-8")
)

EARLY_EXIT = Finding(
    rule="coverage.missed-branch",
    severity=Severity.ERROR,
    path="pkg/calc.py",
    line=12,
    end_line=12,
    symbol="pkg.calc.classify",
    message="line 12 didn't return from function 'classify' because the condition was never true",
    hint="Add a test where the condition is true.",
    branch=Branch(12, -10),
    new=True,
)
FAILED_TEST = Finding(
    rule="tests.failed",
    severity=Severity.ERROR,
    path="tests/test_calc.py",
    line=8,
    end_line=8,
    symbol="tests/test_calc.py::test_add",
    message="AssertionError: assert 3 == 4",
    hint="Make the test pass; do not skip or weaken it.",
)

PASS_REPORT = Report(
    verdict=Verdict.PASS,
    exit_code=ExitCode.PASS,
    command="guard check --base origin/main",
    coverage=CoverageTotals(120, 0, 40, 0, fail_under=100),
    tests=TestOutcomes(passed=30, skipped=1),
    base=BaseInfo(ref="origin/main", merge_base="0123456789abcdef0123456789abcdef01234567"),
    diff=DiffTotals(new_statements=7, new_branches=2),
    notes=("submodule vendor/lib changed; guard does not look inside submodules",),
    gates=(Gate("coverage.total", passed=True, detail="100.00% >= 100%"),),
)
FAIL_REPORT = Report(
    verdict=Verdict.FAIL,
    exit_code=ExitCode.GATE_FAILED,
    command="guard check",
    coverage=CoverageTotals(100_000, 1, 0, 0, fail_under=100),
    tests=TestOutcomes(
        passed=5,
        failed=1,
        xfailed=2,
        failures=(
            TestFailure(
                nodeid="tests/test_calc.py::test_add",
                path="tests/test_calc.py",
                line=8,
                message="AssertionError: assert 3 == 4",
            ),
        ),
    ),
    diff=DiffTotals(
        new_statements=9, uncovered_new_statements=4, new_branches=2, missed_new_branches=1
    ),
    findings=(UNUSED, EARLY_EXIT, FAILED_TEST),
    gates=(
        Gate("coverage.total", passed=False, detail="99.99% < 100%"),
        Gate("tests.passed", passed=False, detail="1 failed"),
    ),
)
ERROR_REPORT = Report(
    verdict=Verdict.ERROR,
    exit_code=ExitCode.TOOL_ERROR,
    command="guard check",
    errors=(RunError("pytest", "pytest could not run: no tests were collected"),),
)


def document(report: Report) -> Any:
    return json.loads(JsonReporter().render(report))


def schema_errors(doc: Any) -> list[str]:
    return [error.message for error in Draft202012Validator(SCHEMA).iter_errors(doc)]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "report",
    [
        pytest.param(PASS_REPORT, id="pass"),
        pytest.param(FAIL_REPORT, id="fail-with-every-finding-kind"),
        pytest.param(ERROR_REPORT, id="error-without-coverage"),
    ],
)
def test_every_kind_of_report_validates_against_the_published_schema(report: Report) -> None:
    assert schema_errors(document(report)) == []


def test_the_header_names_the_format_the_tool_and_the_verdict() -> None:
    doc = document(FAIL_REPORT)

    assert list(doc)[:6] == ["format", "format_version", "tool", "verdict", "exit_code", "command"]
    assert doc["format"] == "guard-report"
    assert doc["format_version"] == 1
    assert doc["tool"] == {"name": "guard", "version": guard.__version__}
    assert (doc["verdict"], doc["exit_code"], doc["command"]) == ("fail", 1, "guard check")


def test_a_pass_report_carries_base_coverage_diff_tests_and_gates() -> None:
    doc = document(PASS_REPORT)

    assert doc["base"] == {
        "ref": "origin/main",
        "merge_base": "0123456789abcdef0123456789abcdef01234567",
    }
    assert doc["coverage"] == {
        "percent": 100.0,
        "fail_under": 100.0,
        "statements": 120,
        "missing_statements": 0,
        "branches": 40,
        "missing_branches": 0,
    }
    assert doc["diff"] == {
        "new_statements": 7,
        "uncovered_new_statements": 0,
        "new_branches": 2,
        "missed_new_branches": 0,
        "changed_files": 0,
        "outside_source": [],
        "notes": [],
    }
    assert doc["tests"]["collected"] == 31
    assert doc["gates"] == [{"id": "coverage.total", "passed": True, "detail": "100.00% >= 100%"}]
    assert (doc["findings"], doc["errors"]) == ([], [])
    assert doc["notes"] == ["submodule vendor/lib changed; guard does not look inside submodules"]


def test_the_coverage_percent_is_the_exact_float_and_never_rounded_up() -> None:
    percent = document(FAIL_REPORT)["coverage"]["percent"]

    assert percent == 99.999  # 99 999 of 100 000: not 100.0, and not cut to 99.99


def test_an_uncovered_line_finding_has_every_documented_field() -> None:
    assert document(FAIL_REPORT)["findings"][0] == {
        "rule": "coverage.uncovered-line",
        "severity": "error",
        "new": True,
        "path": "pkg/calc.py",
        "line": 20,
        "end_line": 23,
        "symbol": "pkg.calc.unused",
        "message": "lines 20-23 never ran",
        "hint": "Add a test that calls pkg.calc.unused.",
        "snippet": "def unused():\n    return 1",
        "branch": None,
    }


def test_a_missed_branch_to_a_function_exit_keeps_its_negative_destination() -> None:
    finding = document(FAIL_REPORT)["findings"][1]

    assert finding["branch"] == {"from": 12, "to": -10}
    assert (finding["line"], finding["end_line"]) == (12, 12)


def test_findings_keep_the_order_the_report_gives_them() -> None:
    rules = [finding["rule"] for finding in document(FAIL_REPORT)["findings"]]

    assert rules == ["coverage.uncovered-line", "coverage.missed-branch", "tests.failed"]


def test_a_finding_of_unknown_novelty_says_null_not_false() -> None:
    assert document(FAIL_REPORT)["findings"][2]["new"] is None


def test_test_outcomes_list_each_failure_with_its_location() -> None:
    assert document(FAIL_REPORT)["tests"] == {
        "passed": 5,
        "failed": 1,
        "errors": 0,
        "skipped": 0,
        "xfailed": 2,
        "xpassed": 0,
        "collected": 8,
        "failures": [
            {
                "nodeid": "tests/test_calc.py::test_add",
                "path": "tests/test_calc.py",
                "line": 8,
                "message": "AssertionError: assert 3 == 4",
                "when": "call",
            }
        ],
    }


def test_an_error_report_is_still_a_full_document_with_nulls_for_what_never_ran() -> None:
    doc = document(ERROR_REPORT)

    assert (doc["verdict"], doc["exit_code"]) == ("error", 3)
    assert (doc["coverage"], doc["diff"], doc["tests"]) == (None, None, None)
    assert doc["base"] == {"ref": None, "merge_base": None}
    assert doc["errors"] == [
        {"kind": "pytest", "message": "pytest could not run: no tests were collected"}
    ]


def test_output_is_indented_utf8_with_a_final_newline() -> None:
    report = Report(
        verdict=Verdict.ERROR,
        exit_code=ExitCode.USAGE_ERROR,
        command="guard check",
        errors=(RunError("config", "unknown key 'façade' in [tool.guard]"),),
    )

    text = JsonReporter().render(report)

    assert text.startswith('{\n  "format": "guard-report",\n')
    assert text.endswith("}\n")
    assert "unknown key 'façade'" in text


def test_the_document_is_plain_json_values() -> None:
    assert json.loads(json.dumps(report_document(FAIL_REPORT))) == report_document(FAIL_REPORT)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        pytest.param({"verdict": "pass", "exit_code": 1}, "0 was expected", id="pass-exit-1"),
        pytest.param({"verdict": "error", "exit_code": 0}, "is not one of", id="error-exit-0"),
        pytest.param({"exit_code": 4}, "greater than the maximum", id="exit-4"),
        pytest.param({"format_version": 2}, "1 was expected", id="future-version"),
        pytest.param({"errors": []}, "should be non-empty", id="error-without-reason"),
    ],
)
def test_the_schema_rejects_a_document_that_breaks_the_contract(
    change: dict[str, Any], complaint: str
) -> None:
    doc = {**document(ERROR_REPORT), **change}

    assert any(complaint in message for message in schema_errors(doc))


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        pytest.param({"rule": "Coverage.Missed"}, "does not match", id="rule-id-shape"),
        pytest.param({"severity": "fatal"}, "is not one of", id="severity"),
        pytest.param({"line": 0}, "less than the minimum", id="line-zero"),
        pytest.param({"branch": {"from": 12, "to": 0}}, "is not valid", id="branch-to-zero"),
        pytest.param({"hint": None}, "is not of type", id="hint-null"),
    ],
)
def test_the_schema_rejects_a_finding_that_breaks_the_contract(
    change: dict[str, Any], complaint: str
) -> None:
    doc = document(FAIL_REPORT)
    doc["findings"] = [{**doc["findings"][1], **change}]

    assert any(complaint in message for message in schema_errors(doc))


def test_the_schema_lets_new_fields_be_added() -> None:
    doc = document(FAIL_REPORT)
    doc["timing"] = {"seconds": 1.5}
    doc["findings"][0]["fix"] = "call unused() from a test"

    assert schema_errors(doc) == []


def test_every_example_in_the_documentation_validates_against_the_schema() -> None:
    docs = Path(__file__).parents[1] / "docs" / "json-report.md"
    examples = re.findall(r"```json\n(.*?)```", docs.read_text(encoding="utf-8"), re.DOTALL)

    assert len(examples) == 2
    for example in examples:
        assert schema_errors(json.loads(example)) == []
