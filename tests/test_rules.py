from __future__ import annotations

import re
from pathlib import Path

import guard
from guard.rules import RULES

PACKAGE = Path(guard.__file__).parent


def test_every_rule_id_the_code_can_emit_is_explained():
    emitted: set[str] = set()
    for module in PACKAGE.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        emitted |= set(
            re.findall(
                r'"((?:tests|coverage|size|complexity|naming|syntax|suppression|integrity)\.[a-z-]+)"',
                text,
            )
        )
    emitted -= {"coverage.py"}
    assert emitted
    assert emitted <= set(RULES), sorted(emitted - set(RULES))


def test_every_rule_has_text_for_each_part():
    for rule in RULES.values():
        assert rule.summary.endswith(".")
        assert rule.why
        assert rule.fix
