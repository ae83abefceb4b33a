"""The output formats, and the one helper that owns a report's destination.

Every format renders the same finished `Report`; none of them computes a
verdict or reorders findings. `write_report` is the only code that opens a
report file, so "-" means stdout everywhere and a half-written file never
survives a failed write (coverage's `report_core.render_report` does the same).
"""

from __future__ import annotations

import os
import secrets
import sys
from typing import Protocol

from guard.errors import ToolError, UsageError
from guard.model import Report
from guard.reporters.github_report import GithubReporter
from guard.reporters.json_report import JsonReporter
from guard.reporters.markdown_report import MarkdownReporter
from guard.reporters.sarif_report import SarifReporter
from guard.reporters.text import TextReporter


class Reporter(Protocol):
    """One output format: a pure function from a finished report to text."""

    def render(self, report: Report) -> str:
        """Return the whole document for `report`, ending in a newline."""


_REPORTERS: dict[str, Reporter] = {
    "text": TextReporter(),
    "json": JsonReporter(),
    "sarif": SarifReporter(),
    "github": GithubReporter(),
    "markdown": MarkdownReporter(),
}

FORMATS: tuple[str, ...] = tuple(_REPORTERS)
"""The format names `--format` and `--report FORMAT=PATH` accept."""

_CHOICES = ", ".join(FORMATS)


def render(report: Report, fmt: str) -> str:
    """Render `report` in format `fmt`; an unknown format is a usage error."""
    reporter = _REPORTERS.get(fmt)
    if reporter is None:
        raise UsageError(f"unknown report format {fmt!r}; choose from: {_CHOICES}")
    return reporter.render(report)


def parse_report_spec(spec: str) -> tuple[str, str]:
    """Split a `--report FORMAT=PATH` value into its format and destination."""
    fmt, sep, destination = spec.partition("=")
    if not sep or not fmt or not destination:
        raise UsageError(
            f"invalid --report {spec!r}: expected FORMAT=PATH with FORMAT one of: {_CHOICES}"
        )
    if fmt not in _REPORTERS:
        raise UsageError(
            f"unknown report format {fmt!r} in --report {spec!r}; choose from: {_CHOICES}"
        )
    return fmt, destination


def write_report(report: Report, fmt: str, destination: str) -> None:
    """Write `report` as `fmt` to `destination` ("-" is stdout), all or nothing."""
    text = render(report, fmt)
    if destination == "-":
        sys.stdout.write(text)
        return
    scratch = _temp_name(destination)
    try:
        parent = os.path.dirname(destination)
        if parent:
            os.makedirs(parent, exist_ok=True)
        # O_EXCL so two runs never share a scratch file; 0o666 so the umask,
        # not mkstemp's private 0o600, decides who can read the report.
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with open(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(scratch, destination)
    except OSError as exc:
        if os.path.lexists(scratch):
            os.remove(scratch)
        raise ToolError(
            f"cannot write {fmt} report to {destination!r}: {_reason(exc, scratch, destination)}"
        ) from exc


def _temp_name(destination: str) -> str:
    parent, name = os.path.split(destination)
    return os.path.join(parent, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _reason(exc: OSError, scratch: str, destination: str) -> str:
    reason = exc.strerror or str(exc)
    # Name the path at fault only when it is not the report itself or our scratch
    # file: "File exists: 'out'" says that a file blocks the report's directory.
    if exc.filename is not None and exc.filename not in (scratch, destination):
        return f"{reason}: {exc.filename!r}"
    return reason
