"""The report model: frozen records that every pipeline stage passes along.

Reporters render a finished `Report`; they never compute. The JSON reporter is
the one place that knows the JSON shape, so the names here follow the
published contract in docs/json-report.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How much a finding weighs. Errors fail a gate; warnings are advice."""

    ERROR = "error"
    WARNING = "warning"


class Verdict(str, enum.Enum):
    """The one-word outcome of a run, matching the exit code."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"


class ExitCode(enum.IntEnum):
    """guard's documented exit codes."""

    PASS = 0
    GATE_FAILED = 1
    USAGE_ERROR = 2
    TOOL_ERROR = 3


@dataclass(frozen=True)
class Branch:
    """A branch as coverage.py sees it. A negative `to` is an exit from the code object."""

    from_line: int
    to_line: int


@dataclass(frozen=True)
class Finding:
    """One problem at one place, with what an agent needs to act on it."""

    rule: str
    severity: Severity
    path: str
    line: int
    end_line: int
    message: str
    hint: str
    symbol: str | None = None
    snippet: str | None = None
    branch: Branch | None = None
    new: bool | None = None


@dataclass(frozen=True)
class Gate:
    """A pass/fail decision over the findings, with the figures behind it."""

    id: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class RunError:
    """A reason the run could not reach a verdict (exit codes 2 and 3)."""

    kind: str
    message: str


def format_percent(covered: int, total: int) -> str:
    """Show covered/total as a percentage with 2 decimals, rounded down."""
    if total == 0:
        return "100.00"
    # Integer arithmetic: a float product such as 0.29 * 100 can land just
    # below the true value, and flooring would then drop a whole hundredth.
    hundredths = covered * 10000 // total
    return f"{hundredths // 100}.{hundredths % 100:02d}"


@dataclass(frozen=True)
class CoverageTotals:
    """Whole-run line and branch figures, counted the way coverage.py counts them."""

    statements: int
    missing_statements: int
    branches: int
    missing_branches: int
    fail_under: float

    @property
    def covered(self) -> int:
        """Statements and branches that ran."""
        return self.statements - self.missing_statements + self.branches - self.missing_branches

    @property
    def total(self) -> int:
        """All statements and branches measured."""
        return self.statements + self.branches

    @property
    def percent(self) -> float:
        """Covered share in percent; 100.0 when there is nothing to measure."""
        if self.total == 0:
            return 100.0
        return 100.0 * self.covered / self.total

    @property
    def meets_threshold(self) -> bool:
        """Exact comparison in integers: 99.99 % never rounds up to 100 %."""
        return self.covered * 100 >= self.fail_under * self.total


@dataclass(frozen=True)
class TestFailure:
    """A test that failed or errored, located without parsing terminal text."""

    __test__ = False  # not a pytest test class, despite the name

    nodeid: str
    path: str
    line: int
    message: str
    when: str = "call"


@dataclass(frozen=True)
class TestOutcomes:
    """What pytest reported, counted from its report objects."""

    __test__ = False

    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    xfailed: int = 0
    xpassed: int = 0
    failures: tuple[TestFailure, ...] = ()
    # For each passed test the assertion counter could follow: its node id and how many
    # assertions its call phase executed (guard.assertion_counter).
    assertions: tuple[tuple[str, int], ...] = ()

    @property
    def collected(self) -> int:
        """Tests that reached a verdict of any kind."""
        return self.passed + self.failed + self.errors + self.skipped + self.xfailed + self.xpassed


@dataclass(frozen=True)
class BaseInfo:
    """The revision a change is judged against; empty until the diff stage runs."""

    ref: str | None = None
    merge_base: str | None = None


@dataclass(frozen=True)
class DiffTotals:
    """New statements and branches in the change, and how many lack tests."""

    new_statements: int = 0
    uncovered_new_statements: int = 0
    new_branches: int = 0
    missed_new_branches: int = 0
    changed_files: int = 0
    outside_source: tuple[str, ...] = ()  # changed Python files `source` does not cover
    notes: tuple[str, ...] = ()  # what the diff left out, e.g. submodules


RISK_TIERS = ("low", "medium", "high", "critical")
"""The risk tiers, lowest first."""


@dataclass(frozen=True)
class Risk:
    """How much a change could break: its tier, why, and the modules its changes reach."""

    tier: str  # low, medium, high or critical
    reasons: tuple[str, ...]
    blast_radius: tuple[str, ...] = ()
    approval_required: bool = False  # a protected path changed: a human must approve


@dataclass(frozen=True)
class Report:
    """Everything one run found. Every output format renders this and only this."""

    verdict: Verdict
    exit_code: ExitCode
    command: str
    gates: tuple[Gate, ...] = ()
    findings: tuple[Finding, ...] = ()
    errors: tuple[RunError, ...] = ()
    coverage: CoverageTotals | None = None
    tests: TestOutcomes | None = None
    base: BaseInfo = field(default_factory=BaseInfo)
    diff: DiffTotals | None = None
    notes: tuple[str, ...] = ()  # what the run could not look at, e.g. "no diff: no base"
    risk: Risk | None = None  # only when a change was judged against a base
    # For reports that show the source (HTML): where the files are, and which
    # lines of each changed Python file the change added or modified. The JSON
    # report leaves both out; they describe this checkout, not the verdict.
    root: str | None = None
    changed_lines: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @classmethod
    def unjudged(cls, command: str, kind: str, message: str, exit_code: ExitCode) -> Report:
        """The report of a run guard could not judge: one error, verdict "error"."""
        return cls(
            verdict=Verdict.ERROR,
            exit_code=exit_code,
            command=command,
            errors=(RunError(kind, message),),
        )


@dataclass(frozen=True)
class Measured:
    """A quality finding with the figure behind it, for diff mode's ratchet.

    A finding in code the change touched fails only if the change made it worse.
    To tell, the ratchet compares the `figure` (lines, complexity, depth) of the
    same `subject` at the base and at the head. The subject is a stable name for
    what was measured (the module path, a qualified function name, a name and its
    scope), never a line number, which moves with every edit above it.
    """

    finding: Finding
    subject: str
    figure: float = 0.0
