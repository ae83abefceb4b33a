"""The outcome record the test-run child writes and guard reads back.

Kept apart from the pytest plugin so that the parent process never imports
pytest just to read a small JSON file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from guard.model import TestFailure, TestOutcomes


def write_outcomes(path: Path, outcomes: TestOutcomes, exit_status: int, collected: int) -> None:
    """Write the record the parent reads; called only once coverage data is safe."""
    record = {
        "exit_status": exit_status,
        "collected": collected,
        "counts": {
            name: getattr(outcomes, name)
            for name in ("passed", "failed", "errors", "skipped", "xfailed", "xpassed")
        },
        "failures": [vars(failure) for failure in outcomes.failures],
        "assertions": [list(pair) for pair in outcomes.assertions],
    }
    path.write_text(json.dumps(record), encoding="utf-8")


def read_outcomes(path: Path) -> tuple[TestOutcomes, int, int]:
    """Read a record back: the outcomes, pytest's exit status, and how many tests were collected."""
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    failures = tuple(TestFailure(**failure) for failure in record["failures"])
    assertions = tuple((str(nodeid), int(count)) for nodeid, count in record["assertions"])
    outcomes = TestOutcomes(**record["counts"], failures=failures, assertions=assertions)
    return outcomes, int(record["exit_status"]), int(record["collected"])
