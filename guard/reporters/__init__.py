"""The output formats, and the one helper that owns a report's destination.

Every format renders the same finished `Report`; none of them computes a
verdict or reorders findings. `write_report` is the only code that opens a
report file, so "-" means stdout everywhere and a half-written file never
survives a failed write (coverage's `report_core.render_report` does the same).

`html` is a report for a directory, not a stream: `--report html=DIR` writes
`DIR/index.html`. A page is for a browser, not for stdout, where it would only
mix with the terminal output, so `--format html` and `html=-` are usage errors.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Sequence
from typing import Protocol

from guard.errors import ToolError, UsageError
from guard.model import Report
from guard.reporters.github_report import GithubReporter, append_step_summary
from guard.reporters.gitlab_report import GitlabReporter
from guard.reporters.html_report import INDEX, HtmlReporter
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
    "gitlab": GitlabReporter(),
}

FORMATS: tuple[str, ...] = tuple(_REPORTERS)
"""The format names `--format` accepts: the ones that can go to stdout."""

# Formats written as a file in a directory that `--report FORMAT=DIR` names.
_DIRECTORY_REPORTERS: dict[str, tuple[Reporter, str]] = {"html": (HtmlReporter(), INDEX)}

REPORT_FORMATS: tuple[str, ...] = (*FORMATS, *_DIRECTORY_REPORTERS)
"""The format names `--report FORMAT=PATH` accepts."""

_CHOICES = ", ".join(FORMATS)
_REPORT_CHOICES = ", ".join(REPORT_FORMATS)


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
            f"invalid --report {spec!r}: expected FORMAT=PATH with FORMAT one of: {_REPORT_CHOICES}"
        )
    if fmt not in REPORT_FORMATS:
        raise UsageError(
            f"unknown report format {fmt!r} in --report {spec!r}; choose from: {_REPORT_CHOICES}"
        )
    if fmt in _DIRECTORY_REPORTERS and destination == "-":
        raise UsageError(_no_stdout(fmt))
    return fmt, destination


def _no_stdout(fmt: str) -> str:
    return f"the {fmt} report is a page in a directory, not for stdout: use --report {fmt}=DIR"


def write_reports(
    report: Report, outputs: Sequence[tuple[str, str]], shown: str | None = None
) -> None:
    """Write `report` to each (format, destination) of `outputs`, in order.

    When the github format is among them, or is `shown` (printed elsewhere, as pytest's
    terminal summary does), the Markdown report goes to the step summary, once.
    """
    for fmt, destination in outputs:
        write_report(report, fmt, destination)
    if "github" in {shown, *(fmt for fmt, _ in outputs)}:
        append_step_summary(report)


def write_report(report: Report, fmt: str, destination: str) -> None:
    """Write `report` as `fmt` to `destination` ("-" is stdout), all or nothing.

    For a directory format (`html`), `destination` is the directory, created if
    need be, and the page is written to its `index.html`.
    """
    directory_format = _DIRECTORY_REPORTERS.get(fmt)
    if directory_format is not None:
        if destination == "-":
            raise UsageError(_no_stdout(fmt))
        reporter, file_name = directory_format
        text = reporter.render(report)
        destination = os.path.join(destination, file_name)
    else:
        text = render(report, fmt)
    if destination == "-":
        write_stdout(text, f"the {fmt} report")
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


def write_stdout(text: str, what: str) -> None:
    """Write `text` to stdout; a closed pipe or a full disk is a ToolError, not a traceback.

    After a failure stdout points at the null device, so that Python's own flush at exit
    cannot raise the same error again (the recipe in the `signal` module's docs).
    """
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise ToolError(f"cannot write {what} to stdout: {exc.strerror or exc}") from exc


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
