from __future__ import annotations

from pathlib import Path

from guard.model import TestFailure, TestOutcomes
from guard.outcome_file import read_outcomes, write_outcomes


def test_record_round_trips_through_the_file(tmp_path: Path):
    failure = TestFailure("t.py::test_a", "t.py", 3, "boom", "call")
    outcomes = TestOutcomes(
        passed=2, failed=1, failures=(failure,), assertions=(("t.py::test_a", 2),)
    )
    write_outcomes(tmp_path / "o.json", outcomes, 1, 3)
    read = read_outcomes(tmp_path / "o.json")
    assert read == (outcomes, 1, 3)
    assert read[0].assertions == (("t.py::test_a", 2),)
