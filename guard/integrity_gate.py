"""The integrity gate: a change may not lower the bar that judges it, nor game the tests.

Every check compares the head with the base (the merge-base of the change),
file by file, for the files the change touched: config that got looser, lines
newly excluded from coverage, tests switched off, deleted or hollowed out,
harness tampering, product code that knows it is under test, and protected
paths. Without a base there is no change to judge, and the gate does not run.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guard.config import GuardConfig
from guard.git_diff import ChangeSet
from guard.harness import harness_findings
from guard.hollow_tests import hollow_test_findings
from guard.integrity_files import (
    ChangedText,
    config_sides,
    is_test_path,
    python_sources,
    read_changed_texts,
)
from guard.model import Finding, Gate, Risk, Severity, TestOutcomes
from guard.neutralised_tests import PYTEST_CONFIG_NAMES, addopts_findings, neutralised_findings
from guard.new_exclusions import exclusion_findings
from guard.quality_scope import is_excluded, python_files, source_paths
from guard.removed_tests import removed_across, removed_test_findings
from guard.risk import above, blast_radius, protected_findings, risk_of
from guard.source_awareness import source_awareness_findings
from guard.source_facts import SourceFacts, source_facts
from guard.special_cases import special_case_findings
from guard.symbols import module_name
from guard.syntax_trees import parse_or_none
from guard.unrun_assertions import unrun_assertion_findings
from guard.weakening import (
    ConfigFiles,
    CoverageSettings,
    effective_coverage_settings,
    weakened_config_findings,
)

GATE_ID = "integrity"


@dataclass(frozen=True)
class IntegrityOutcome:
    """The integrity findings of one change, its gate, and its risk."""

    findings: tuple[Finding, ...]
    gate: Gate
    risk: Risk
    notes: tuple[str, ...] = ()


def run_integrity(
    config: GuardConfig, changes: ChangeSet, outcomes: TestOutcomes | None = None
) -> IntegrityOutcome | None:
    """Judge the change against its base; None when there is no base to judge against.

    `outcomes` (from a test run, not `guard diff`) add what only the run shows: changed
    tests that executed no assertion."""
    if not changes.has_base:
        return None
    texts = read_changed_texts(config.root, changes)
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="guard-config-") as scratch:
        before, after, weakened = _config_change(config.root, changes, Path(scratch))
    findings.extend(weakened)
    measured = source_paths(config.root, config.source)
    judged = [text for text in python_sources(texts) if not is_excluded(text.path, config.exclude)]
    for text in judged:
        findings.extend(_python_findings(text, before, after, _under(text.path, measured)))
    findings.extend(special_case_findings(judged))  # source and tests of the change together
    findings.extend(unrun_assertion_findings(judged, outcomes))
    findings.extend(_addopts_findings(texts))
    whole = _WholeSource(config)
    findings.extend(_removed_test_findings(config, texts, whole))
    weakened_gate = any(finding.severity is Severity.ERROR for finding in findings)
    paths = [change.path for change in changes.files]
    protected = protected_findings(paths, config.protected_paths, weakened_gate)
    findings = protected + findings
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    risk = risk_of(
        set(paths), config.risk_paths, len(errors), _blast_radius(texts, whole), bool(protected)
    )
    notes: tuple[str, ...] = ()
    if before.unreadable is not None:
        notes = (
            f"the base's coverage or guard config cannot be read ({before.unreadable}); "
            "the change was compared with the defaults",
        )
    return IntegrityOutcome(tuple(findings), _gate(errors, risk, config.max_risk), risk, notes)


def _config_change(
    root: Path, changes: ChangeSet, scratch: Path
) -> tuple[CoverageSettings, CoverageSettings, list[Finding]]:
    """Both sides' effective coverage settings, and what the change loosened."""
    base_files, head_files = config_sides(root, changes)
    base, head = ConfigFiles(base_files), ConfigFiles(head_files)
    before = effective_coverage_settings(base, scratch)
    after = effective_coverage_settings(head, scratch)
    return before, after, weakened_config_findings(base, head, scratch)


def _python_findings(
    text: ChangedText, before: CoverageSettings, after: CoverageSettings, measured: bool
) -> list[Finding]:
    """Every per-file check of one changed Python file; exclusions matter where coverage
    measures, under `source`."""
    assert text.head is not None
    tree = parse_or_none(text.head)
    if tree is None:
        return []  # the quality rules report what does not parse; coverage cannot measure it
    found: list[Finding] = []
    if measured:
        found += exclusion_findings(text.path, text.base, text.head, before, after, text.touched)
    if is_test_path(text.path):
        found += harness_findings(text.path, tree, text.touched)
        found += hollow_test_findings(tree, text.path, text.touched)
        found += neutralised_findings(text.path, text.base, text.head)
    else:
        found += source_awareness_findings(text.path, tree, text.head, text.touched)
    return found


def _addopts_findings(texts: Sequence[ChangedText]) -> list[Finding]:
    return [
        finding
        for text in texts
        if text.path in PYTEST_CONFIG_NAMES
        for finding in addopts_findings(text.path, text.base, text.head)
    ]


def _removed_test_findings(
    config: GuardConfig, texts: Sequence[ChangedText], whole: _WholeSource
) -> list[Finding]:
    """Tests of the base suite that are gone while the code they called is still there.

    Tests are keyed by `path::qualname` over every changed test file, so a test moved
    to another file with its body kept is a rename, not a removal.
    """
    test_texts = [
        text
        for text in texts
        if is_test_path(text.path)
        and text.path.endswith(".py")
        and not is_excluded(text.path, config.exclude)
    ]
    removed = removed_across([(text.path, text.base, text.head) for text in test_texts])
    if not removed:
        return []
    defined = {name for facts in whole.facts.values() for name in facts.defined}
    return removed_test_findings(removed, defined)


def _blast_radius(texts: Sequence[ChangedText], whole: _WholeSource) -> list[str]:
    """The modules that import a changed source module, directly or through others."""
    changed = {
        module_name(text.path) for text in python_sources(texts) if not is_test_path(text.path)
    }
    if not changed:
        return []
    facts = whole.facts
    known = {module_name(path) for path in facts}
    imports = {module_name(path): facts[path].imports & known for path in facts}
    return blast_radius(imports, changed)


class _WholeSource:
    """Every source file's definitions and imports: read at most once per run, only when a
    check needs them, and kept in guard's cache by content."""

    def __init__(self, config: GuardConfig) -> None:
        self._config = config

    @functools.cached_property
    def facts(self) -> dict[str, SourceFacts]:
        config = self._config
        files = python_files(config.root, source_paths(config.root, config.source), ()).files
        return source_facts(config.root, files, config.cache())


def _under(path: str, roots: Sequence[str]) -> bool:
    return any(path == root or path.startswith(f"{root}/") for root in roots)


def _gate(errors: Sequence[Finding], risk: Risk, max_risk: str | None) -> Gate:
    problems = []
    if errors:
        rules = sorted({finding.rule for finding in errors})
        problems.append(f"{len(errors)} integrity finding(s): {', '.join(rules)}")
    if above(risk.tier, max_risk):
        problems.append(f"risk {risk.tier} is above `max_risk` {max_risk}")
    if not problems:
        return Gate(
            GATE_ID, passed=True, detail=f"nothing in the change weakens the gate; risk {risk.tier}"
        )
    return Gate(GATE_ID, passed=False, detail="; ".join(problems))
