"""What an AST integrity check saw in one file, and the findings it becomes.

The harness and source-awareness checks walk a whole syntax tree and note each
construct they see; only what sits on a line the change added counts, so a
construct the base already had is not blamed on the change.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from guard.model import Finding, Severity
from guard.symbols import module_name


@dataclass(frozen=True)
class Sighting:
    """One construct a check saw: its rule, its lines, and what to say about it.

    `end_line` widens the lines that make it the change's doing: an `__eq__`
    whose `return True` was edited in is new even though its `def` line is not.
    """

    rule: str
    line: int
    what: str
    why: str
    hint: str
    severity: Severity = Severity.ERROR
    end_line: int | None = None

    def touched_by(self, touched: Collection[int] | None) -> bool:
        """Whether the change added one of its lines; None means every line is new."""
        last = self.end_line or self.line
        return touched is None or any(line in touched for line in range(self.line, last + 1))


def sighting_findings(
    path: str, seen: Iterable[Sighting], touched: Collection[int] | None
) -> list[Finding]:
    """The findings for what was seen on `touched` lines of `path`, in line order."""
    return [
        Finding(
            rule=sighting.rule,
            severity=sighting.severity,
            path=path,
            line=sighting.line,
            end_line=sighting.end_line or sighting.line,
            message=f"{sighting.what}: {sighting.why}",
            hint=sighting.hint,
            symbol=module_name(path),
            new=True,
        )
        for sighting in sorted(seen, key=lambda found: (found.line, found.rule))
        if sighting.touched_by(touched)
    ]
