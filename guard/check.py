"""The `guard check` pipeline: run the tests under coverage, then judge the gates."""

from __future__ import annotations

import io
import tempfile
import tokenize
from pathlib import Path
from typing import TextIO

from guard.config import GuardConfig
from guard.coverage_data import measure
from guard.coverage_findings import coverage_findings
from guard.failure_findings import failure_findings
from guard.gates import (
    coverage_totals,
    order_findings,
    tests_gate,
    total_coverage_gate,
    verdict_for,
)
from guard.model import Report
from guard.runner import run_tests


def run_check(config: GuardConfig, stream: TextIO) -> Report:
    """Run the suite under branch coverage and build the report; test output goes to `stream`."""
    with tempfile.TemporaryDirectory(prefix="guard-") as scratch:
        work_dir = Path(scratch)
        run = run_tests(config, work_dir, stream)
        measurement = measure(config.root, work_dir / ".coverage", [run.data_dir], config.source)
    totals = coverage_totals(
        (
            (len(file.statements), len(file.missing), file.branches, len(file.missed_branches))
            for file in measurement.files
        ),
        config.fail_under,
    )
    findings = failure_findings(run.outcomes) + coverage_findings(
        measurement, lambda path: read_source(config.root / path)
    )
    gates = (
        tests_gate(run.outcomes, run.exit_status),
        total_coverage_gate(totals, len(measurement.unreadable)),
    )
    verdict, exit_code = verdict_for(gates)
    return Report(
        verdict=verdict,
        exit_code=exit_code,
        command="check",
        gates=gates,
        findings=order_findings(findings),
        coverage=totals,
        tests=run.outcomes,
    )


def read_source(path: Path) -> str:
    """Decode a source file the way Python would (coding cookie, BOM), never failing."""
    raw = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError:
        encoding = "utf-8"
    return raw.decode(encoding, errors="replace")
