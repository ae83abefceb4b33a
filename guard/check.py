"""The `guard check` and `guard diff` pipelines: measure, map the change, judge the gates."""

from __future__ import annotations

import io
import tempfile
import tokenize
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from guard.base_bar import held_to_base
from guard.config import GuardConfig
from guard.coverage_data import Measurement, measure
from guard.coverage_findings import coverage_findings
from guard.diff_parse import ChangeKind
from guard.errors import ToolError
from guard.failure_findings import failure_findings
from guard.gates import (
    coverage_totals,
    diff_coverage_gate,
    diff_totals,
    order_findings,
    tests_gate,
    total_coverage_gate,
    verdict_for,
)
from guard.git_diff import ChangeSet, changed_files
from guard.integrity_gate import run_integrity
from guard.model import Finding, Gate, Report, Risk, TestOutcomes
from guard.quality_gate import run_quality
from guard.runner import TestRun, run_tests


def run_check(config: GuardConfig, stream: TextIO, base_sha: str | None = None) -> Report:
    """Run the suite under branch coverage and build the report; test output goes to `stream`."""
    changes = changed_files(config.root, config.base, base_sha)  # a bad base fails before tests
    config = held_to_base(config, changes)
    with tempfile.TemporaryDirectory(prefix="guard-") as scratch:
        work_dir = Path(scratch)
        run = run_tests(config, work_dir, stream)
        return judge_run(config, changes, run)


def judge_run(config: GuardConfig, changes: ChangeSet, run: TestRun) -> Report:
    """The verdict on a finished test run (by `guard check` or `pytest --guard`)."""
    measurement = measure(
        config.root,
        [run.data_dir],
        config.source,
        changed_python(changes, config.root),
        cache=config.cache(),
    )
    return judge(config, "check", measurement, changes, run)


def run_diff(
    config: GuardConfig,
    data_paths: Sequence[Path],
    base_sha: str | None = None,
    coverage_only: bool = False,
) -> Report:
    """Map existing coverage data (files or directories of shards) onto the change.

    With `coverage_only`, the quality and integrity gates are left to another job.
    """
    changes = changed_files(config.root, config.base, base_sha)
    config = held_to_base(config, changes)
    missing = [str(path) for path in data_paths if not path.exists()]
    if missing:
        raise ToolError(f"no coverage data at {', '.join(missing)}", kind="coverage-data")
    measurement = measure(
        config.root,
        [path.resolve() for path in data_paths],
        config.source,
        changed_python(changes, config.root),
        only_changed=True,
        cache=config.cache(),
    )
    _require_fresh(config.root, measurement, data_paths)
    return judge(config, "diff", measurement, changes, None, coverage_only)


def changed_python(changes: ChangeSet, root: Path) -> dict[str, frozenset[int]] | None:
    """The changed Python files and their changed lines; None when there is no base.

    git shows no lines for a file it takes as binary, which a `.gitattributes`
    line such as `*.py binary` can arrange; every line of such a file counts as
    changed, so that the attribute cannot hide a change from the gate.
    """
    if not changes.has_base:
        return None
    return {
        change.path: _all_lines(root / change.path) if change.binary else change.added_lines
        for change in changes.files
        if change.path.endswith(".py")
        and change.kind is not ChangeKind.DELETED
        and not change.symlink
    }


def changed_lines(changes: ChangeSet, root: Path) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """`changed_python` as the report holds it: sorted, immutable, empty without a base."""
    changed = changed_python(changes, root) or {}
    return tuple((path, tuple(sorted(lines))) for path, lines in sorted(changed.items()))


def _all_lines(path: Path) -> frozenset[int]:
    return frozenset(range(1, len(path.read_bytes().splitlines()) + 1))


def run_analyze(config: GuardConfig, paths: Sequence[str], base_sha: str | None = None) -> Report:
    """The quality rules alone, over `paths` (default `source`), judged against the change."""
    changes = changed_files(config.root, config.base, base_sha)
    config = held_to_base(config, changes)
    quality = run_quality(config, changes, paths)
    verdict, exit_code = verdict_for([quality.gate])
    return Report(
        verdict=verdict,
        exit_code=exit_code,
        command="analyze",
        gates=(quality.gate,),
        findings=order_findings(list(quality.findings)),
        base=changes.base,
        notes=(*changes.notes, *quality.notes),
        root=str(config.root),
        changed_lines=changed_lines(changes, config.root),
    )


def judge(
    config: GuardConfig,
    command: str,
    measurement: Measurement,
    changes: ChangeSet,
    run: TestRun | None,
    coverage_only: bool = False,
) -> Report:
    """Turn a measurement (and a test run, if any) into findings, gates and a verdict.

    The quality and integrity gates run too (unless `coverage_only`): a check is the
    whole verdict on a change.
    """
    totals = coverage_totals(measurement.files, config.fail_under)
    findings = coverage_findings(
        measurement,
        lambda path: read_source(config.root / path),
        diff=changes.has_base,
        cache=config.cache(),
    )
    gates: list[Gate] = []
    if run is not None:
        findings = failure_findings(run.outcomes) + findings
        gates.append(tests_gate(run.outcomes, run.exit_status))
    # `guard diff` with a base analyses only the changed files: no whole-project total.
    whole = run is not None or not changes.has_base
    if whole:
        gates.append(total_coverage_gate(totals, len(measurement.unreadable)))
    diff = None
    if changes.has_base:
        diff = diff_totals(
            measurement.files, len(changes.files), measurement.outside_source, changes.notes
        )
        gates.append(diff_coverage_gate(diff, len(measurement.unmeasured)))
    notes = list(changes.notes)
    risk = None
    if not coverage_only:
        outcomes = run.outcomes if run else None
        risk = _change_gates(config, changes, outcomes, gates, findings, notes)
    verdict, exit_code = verdict_for(gates)
    return Report(
        verdict=verdict,
        exit_code=exit_code,
        command=command,
        gates=tuple(gates),
        findings=order_findings(findings),
        coverage=totals if whole else None,
        tests=run.outcomes if run else None,
        base=changes.base,
        diff=diff,
        notes=tuple(notes),
        risk=risk,
        root=str(config.root),
        changed_lines=changed_lines(changes, config.root),
    )


def _change_gates(
    config: GuardConfig,
    changes: ChangeSet,
    outcomes: TestOutcomes | None,
    gates: list[Gate],
    findings: list[Finding],
    notes: list[str],
) -> Risk | None:
    """Run the quality and integrity gates into `gates`, `findings` and `notes`; the risk of
    the change, when there is a base to judge it against."""
    quality = run_quality(config, changes)
    gates.append(quality.gate)
    findings.extend(quality.findings)
    notes.extend(quality.notes)
    integrity = run_integrity(config, changes, outcomes)
    if integrity is None:
        return None
    gates.append(integrity.gate)
    findings.extend(integrity.findings)
    notes.extend(integrity.notes)
    return integrity.risk


def _require_fresh(root: Path, measurement: Measurement, data_paths: Sequence[Path]) -> None:
    """Data recorded before the source last changed describes other code: stale."""
    if measurement.past_the_end:
        raise ToolError(
            f"stale coverage data: it names lines past the end of {measurement.past_the_end[0]}; "
            "rerun the tests to record fresh data",
            kind="stale-data",
        )
    shards = [
        shard
        for path in data_paths
        for shard in ([path] if path.is_file() else path.glob(".coverage*"))
    ]
    recorded = max(shard.stat().st_mtime for shard in shards)
    newer = [
        file.path for file in measurement.files if (root / file.path).stat().st_mtime > recorded
    ]
    if newer:
        raise ToolError(
            f"stale coverage data: {newer[0]} changed after the data was recorded; "
            "rerun the tests to record fresh data",
            kind="stale-data",
        )


def read_source(path: Path) -> str:
    """Decode a source file the way Python would (coding cookie, BOM), never failing."""
    raw = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError:
        encoding = "utf-8"
    return raw.decode(encoding, errors="replace")
