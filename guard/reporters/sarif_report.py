"""The SARIF 2.1.0 report: guard's findings as code-scanning alerts.

GitHub code scanning, Azure DevOps and most IDEs read SARIF, so uploading this
file (github/codeql-action/upload-sarif) turns findings into alerts that stay
open across runs until the code is fixed. That only works if an alert can be
recognised on the next run, so every result carries a `partialFingerprints`
key built from what the finding is (rule, file, symbol, code) and never from
its line number, which moves with every edit above it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any
from urllib.parse import quote

import guard
from guard.model import Finding, Gate, Report, RunError, Severity, Verdict
from guard.rules import RULES, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
PROJECT_URI = "https://github.com/guard-harness/guard"
DOCS_URI = f"{PROJECT_URI}/blob/main/"
"""Where rule help lives; every `helpUri` is a page under it."""

FINGERPRINT_KEY = "guardFingerprint/v1"
"""Bumped if what the fingerprint hashes ever changes, so old alerts are not matched wrongly."""

SOURCE_ROOT = "%SRCROOT%"
"""The `uriBaseId` of every path: guard's paths are relative to the project root."""

# The page that explains each rule family; the README's rule table covers the rest.
_HELP_PAGES = {
    "integrity": "docs/integrity.md",
    "size": "docs/quality.md#rules",
    "complexity": "docs/quality.md#rules",
    "naming": "docs/quality.md#rules",
    "syntax": "docs/quality.md#rules",
    "suppression": "docs/quality.md#suppressions",
    "quality": "docs/quality.md#the-ratchet",
}
_DEFAULT_HELP_PAGE = "README.md#rules"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}

JsonObject = dict[str, Any]


class SarifReporter:
    """Renders a `Report` as one SARIF 2.1.0 log with a single run."""

    def render(self, report: Report) -> str:
        """Return the SARIF log as indented UTF-8 JSON with a final newline."""
        log = {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [sarif_run(report)]}
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def sarif_run(report: Report) -> JsonObject:
    """The run: guard and its rules, the invocation, and one result per finding."""
    rule_ids = _rule_ids(report)
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    occurrences: Counter[str] = Counter()
    alerts = []
    for finding in report.findings:
        digest = fingerprint(finding)
        occurrences[digest] += 1
        alerts.append(_alert(finding, index[finding.rule], f"{digest}:{occurrences[digest]}"))
    return {
        "tool": {
            "driver": {
                "name": "guard",
                "version": guard.__version__,
                "informationUri": PROJECT_URI,
                "rules": [_descriptor(rule_id) for rule_id in rule_ids],
            }
        },
        "originalUriBaseIds": {
            SOURCE_ROOT: {"description": {"text": "The project root guard checked."}}
        },
        "invocations": [_invocation(report)],
        "results": alerts,
        "properties": {
            "verdict": report.verdict.value,
            "gates": [_gate(gate) for gate in report.gates],
        },
    }


def _rule_ids(report: Report) -> list[str]:
    """Every registered rule, then any gate or finding id the registry lacks."""
    rule_ids = list(RULES)
    carried = [gate.id for gate in report.gates] + [finding.rule for finding in report.findings]
    for rule_id in carried:
        if rule_id not in rule_ids:
            rule_ids.append(rule_id)
    return rule_ids


def _descriptor(rule_id: str) -> JsonObject:
    rule = RULES.get(rule_id)
    if rule is None:
        return {"id": rule_id, "shortDescription": {"text": rule_id}}
    help_text = _help_text(rule)
    page = _HELP_PAGES.get(rule_id.split(".")[0], _DEFAULT_HELP_PAGE)
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text},
        "helpUri": DOCS_URI + page,
    }


def _help_text(rule: Rule) -> str:
    return f"{rule.why}\n\nFix: {rule.fix}"


def fingerprint(finding: Finding) -> str:
    """A sha256 of rule, path, symbol and code (or message), which lines moving do not change.

    The snippet is the finding's code with its whitespace runs folded, so a
    re-indent does not reopen an alert; a finding without code is known by its
    message. Two findings with the same digest in one report are told apart by
    their order, as `:1`, `:2`, in the value `sarif_run` writes.
    """
    code = finding.snippet if finding.snippet is not None else finding.message
    parts = [finding.rule, finding.path, finding.symbol or "", " ".join(code.split())]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _alert(finding: Finding, rule_index: int, fingerprint_value: str) -> JsonObject:
    message = f"{finding.message}\n{finding.hint}" if finding.hint else finding.message
    physical: JsonObject = {
        "artifactLocation": {"uri": quote(finding.path, safe="/"), "uriBaseId": SOURCE_ROOT}
    }
    if finding.line >= 1:
        physical["region"] = {
            "startLine": finding.line,
            "endLine": max(finding.line, finding.end_line),
        }
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint_value},
        "properties": {"new": finding.new, "symbol": finding.symbol},
    }


def _invocation(report: Report) -> JsonObject:
    notifications = [_error_notification(error) for error in report.errors]
    notifications += [
        {"level": "note", "message": {"text": note}, "descriptor": {"id": "note"}}
        for note in report.notes
    ]
    invocation: JsonObject = {
        "executionSuccessful": report.verdict is not Verdict.ERROR,
        "exitCode": int(report.exit_code),
        "commandLine": report.command,
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def _error_notification(error: RunError) -> JsonObject:
    return {"level": "error", "message": {"text": error.message}, "descriptor": {"id": error.kind}}


def _gate(gate: Gate) -> JsonObject:
    return {"id": gate.id, "passed": gate.passed, "detail": gate.detail}
