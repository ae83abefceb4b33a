"""The quality gate: which files to analyse, and which findings the change is to blame for.

With a base, the gate is a ratchet, so that guard can be adopted on a codebase
that is not clean yet: only changed files are analysed (the cost follows the
change) and a finding fails only if the change introduced it or made it worse:

- in a new file, every finding;
- size and complexity: the same subject (module, function) was not over the
  limit at the base, or its figure got worse (more lines, more complexity,
  deeper nesting, a lower maintainability index);
- names, parse errors and suppressions: on a line the change touched.

The rest is reported with `new: false`. Without a base, or with `--all` /
`all_findings`, every finding counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from guard.config import GuardConfig
from guard.diff_parse import ChangeKind, FileChange
from guard.git_diff import ChangeSet, read_at
from guard.integrity_files import is_test_path
from guard.model import Finding, Gate, Measured, Severity
from guard.quality import FileQuality, analyse_blobs, analyse_sources
from guard.quality_scope import Scope, python_files, source_paths
from guard.suppressions import added_suppression, generated_marker_added
from guard.symbols import module_name

GATE_ID = "quality"
TEST_MODULE = "naming.test-module"
# Figures where a lower value is the worse one.
_LOWER_IS_WORSE = frozenset({"complexity.maintainability"})
_NOT_NEEDING_TESTS = frozenset({"__init__", "__main__", "conftest", "setup", "noxfile"})


@dataclass(frozen=True)
class QualityOutcome:
    """The quality findings of one run, its gate, and what the report should mention."""

    findings: tuple[Finding, ...]
    gate: Gate
    notes: tuple[str, ...] = ()


def run_quality(
    config: GuardConfig, changes: ChangeSet, paths: Sequence[str] | None = None
) -> QualityOutcome:
    """Analyse `paths` (default: `source`) and judge the findings against the change."""
    entries = list(paths) if paths else source_paths(config.root, config.source)
    scope = python_files(config.root, entries, config.exclude)
    ratchet = changes.has_base and not config.all_findings
    changed = _changed_python(changes)
    # The ratchet analyses only what changed: its cost follows the change.
    files = [path for path in scope.files if path in changed or not ratchet]
    head = analyse_sources(config.root, files, config.quality_settings(), config.cache())
    if changes.has_base:
        findings = _against_base(config, changes, head, changed)
    else:
        findings = [measured.finding for quality in head for measured in quality.findings]
    gate = _gate(_counted(findings, ratchet), len(files), ratchet)
    notes = _notes(scope, head)
    unchanged = len(scope.files) - len(files)
    if unchanged:
        notes += (
            f"{unchanged} file(s) in scope are unchanged since the base and were not analysed "
            "(`--all` analyses them)",
        )
    return QualityOutcome(tuple(findings), gate, notes)


def _counted(findings: Sequence[Finding], ratchet: bool) -> list[Finding]:
    """The findings that fail the gate: errors, and under the ratchet only the new ones."""
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    return [finding for finding in errors if finding.new is not False] if ratchet else errors


def _against_base(
    config: GuardConfig,
    changes: ChangeSet,
    head: Sequence[FileQuality],
    changed: dict[str, FileChange],
) -> list[Finding]:
    """Every head finding marked new or not, plus added suppressions and missing test modules."""
    touched = [changed[quality.path] for quality in head if quality.path in changed]
    base = _base_results(config, changes, touched)
    findings: list[Finding] = []
    for quality in head:
        findings.extend(_judged(quality, changed.get(quality.path), base.get(quality.path)))
    added = [change.path for change in touched if change.kind is ChangeKind.ADDED]
    findings.extend(_missing_test_modules(config, added))
    return findings


def _changed_python(changes: ChangeSet) -> dict[str, FileChange]:
    return {
        change.path: change
        for change in changes.files
        if change.path.endswith(".py") and change.kind is not ChangeKind.DELETED
    }


def _base_results(
    config: GuardConfig, changes: ChangeSet, changed: Sequence[FileChange]
) -> dict[str, FileQuality]:
    """Each changed file's analysis at the base, under its head path so that subjects match."""
    existing = [change for change in changed if change.kind is not ChangeKind.ADDED]
    commit = changes.base.merge_base
    assert commit is not None
    blobs = read_at(config.root, commit, [change.old_path or change.path for change in existing])
    pairs = [
        (change.path, blob)
        for change in existing
        if (blob := blobs[change.old_path or change.path]) is not None
    ]
    analysed = analyse_blobs(pairs, config.quality_settings(), config.cache())
    return {quality.path: quality for quality in analysed}


def _judged(
    head: FileQuality, change: FileChange | None, base: FileQuality | None
) -> list[Finding]:
    """Head findings with `new` set, plus the suppressions the change added."""
    if change is None:  # a file the change left alone (analysed because of `--all`)
        return [replace(measured.finding, new=False) for measured in head.findings]
    touched = change.added_lines
    before = {measured.subject: measured.figure for measured in base.findings} if base else None
    judged = [
        replace(measured.finding, new=_is_new(measured, touched, before))
        for measured in head.findings
    ]
    judged.extend(
        added_suppression(head.path, suppression)
        for suppression in head.suppressions
        if suppression.line in touched
    )
    if head.generated_line in touched:
        judged.append(generated_marker_added(head.path, head.generated_line))
    return judged


def _is_new(measured: Measured, touched: frozenset[int], before: dict[str, float] | None) -> bool:
    if before is None:  # no base version: a new file, or one the base cannot show
        return True
    rule = measured.finding.rule
    if rule.startswith(("size.", "complexity.")):
        if measured.subject not in before:
            return True
        if rule in _LOWER_IS_WORSE:
            return measured.figure < before[measured.subject]
        return measured.figure > before[measured.subject]
    lines = range(measured.finding.line, measured.finding.end_line + 1)
    return any(line in touched for line in lines)


def _missing_test_modules(config: GuardConfig, added: Sequence[str]) -> list[Finding]:
    """A new source module with no test module named after it anywhere under the root."""
    new_modules = [path for path in added if not _is_test_or_boilerplate(path)]
    if not new_modules:
        return []
    existing = {Path(path).name for path in python_files(config.root, ["."], ()).files}
    findings = []
    for path in new_modules:
        wanted = [pattern.format(stem=Path(path).stem) for pattern in config.test_module_names]
        if not existing.intersection(wanted):
            findings.append(_test_module_finding(path, wanted))
    return findings


def _is_test_or_boilerplate(path: str) -> bool:
    return is_test_path(path) or Path(path).stem in _NOT_NEEDING_TESTS


def _test_module_finding(path: str, wanted: Sequence[str]) -> Finding:
    names = " or ".join(f"`{name}`" for name in wanted)
    return Finding(
        rule=TEST_MODULE,
        severity=Severity.ERROR,
        path=path,
        line=1,
        end_line=1,
        message=f"this new module has no test module named after it ({names})",
        hint=f"Put the tests of `{module_name(path)}` in `tests/{wanted[0]}`, so that an agent "
        "finds them by name.",
        symbol=module_name(path),
        new=True,
    )


def _gate(counted: Sequence[Finding], analysed: int, ratchet: bool) -> Gate:
    what = "introduced or made worse by the change" if ratchet else "in the analysed files"
    if counted:
        detail = f"{len(counted)} quality finding(s) {what} ({analysed} file(s) analysed)"
    else:
        detail = f"no quality findings {what} ({analysed} file(s) analysed)"
    return Gate(GATE_ID, passed=not counted, detail=detail)


def _notes(scope: Scope, head: Sequence[FileQuality]) -> tuple[str, ...]:
    notes = [
        f"{quality.path}: skipped by the quality rules, {quality.skipped}"
        for quality in head
        if quality.skipped
    ]
    notes.extend(quality.note for quality in head if quality.note)
    if scope.excluded:
        shown = ", ".join(scope.excluded[:5]) + (", …" if len(scope.excluded) > 5 else "")
        notes.append(f"{len(scope.excluded)} file(s) left out by `exclude`: {shown}")
    return tuple(notes)
