"""What a check saw becomes a finding only where the change added a line."""

from __future__ import annotations

from guard.model import Severity
from guard.sightings import Sighting, sighting_findings


def _sighting(line: int, end_line: int | None = None) -> Sighting:
    return Sighting(
        "integrity.test-aware-source",
        line,
        "`__eq__` always returns True",
        "it equals anything",
        "Compare fields.",
        severity=Severity.WARNING,
        end_line=end_line,
    )


def test_a_sighting_on_an_added_line_becomes_a_finding():
    [finding] = sighting_findings("src/shop/cart.py", [_sighting(4, 6)], {6})
    assert (finding.line, finding.end_line, finding.severity) == (4, 6, Severity.WARNING)
    assert finding.message == "`__eq__` always returns True: it equals anything"
    assert (finding.symbol, finding.new, finding.hint) == ("shop.cart", True, "Compare fields.")


def test_only_sightings_on_added_lines_count_in_line_order():
    seen = [_sighting(9), _sighting(4, 6), _sighting(2)]
    assert [f.line for f in sighting_findings("shop/cart.py", seen, {2, 3, 7, 9})] == [2, 9]
    assert [f.line for f in sighting_findings("shop/cart.py", seen, None)] == [2, 4, 9]
