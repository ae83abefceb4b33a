"""Where the bundled example projects live, the project factory's type, and a sample change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ProjectFactory = Callable[[dict[str, str]], Path]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# A covered base (except `legacy`) and a change: an edit inside a multi-line call,
# a new partly tested function, and a test file outside `source`.
BASE_OPS = """\
def sign(number):
    if number < 0:
        return -1
    return 1


def legacy(amount):
    return amount * 2


def total(amounts):
    return sum(
        amounts,
        0,
    )
"""

CHANGED_OPS = (
    BASE_OPS.replace("        0,\n", "        10,\n")
    + """

def clamp(number, low):
    if number < low:
        return low
    return number
"""
)

BASE_TESTS = """\
from calc.ops import sign, total

def test_sign():
    assert sign(-1) == -1
    assert sign(1) == 1

def test_total():
    assert total([1]) == 1
"""

CHANGED_TESTS = (
    BASE_TESTS.replace("total([1]) == 1", "total([1]) == 11").replace(
        "import sign, total", "import clamp, sign, total"
    )
    + """
def test_clamp_keeps_a_value_in_range():
    assert clamp(5, 0) == 5
"""
)
