from __future__ import annotations

import pytest

from guard.model import CoverageTotals, TestOutcomes


@pytest.mark.parametrize(
    ("totals", "percent", "meets"),
    [
        (CoverageTotals(0, 0, 0, 0, 100.0), 100.0, True),
        (CoverageTotals(3, 1, 1, 0, 100.0), 75.0, False),
        (CoverageTotals(3, 1, 1, 0, 75.0), 75.0, True),
    ],
)
def test_coverage_totals_percent_and_threshold(totals: CoverageTotals, percent: float, meets: bool):
    assert totals.percent == percent
    assert totals.meets_threshold is meets


def test_collected_counts_every_result():
    outcomes = TestOutcomes(passed=1, failed=2, errors=3, skipped=4, xfailed=5, xpassed=6)
    assert outcomes.collected == 21
