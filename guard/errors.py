"""The exceptions that end a run early, each tied to its documented exit code."""

from __future__ import annotations

from guard.model import ExitCode


class GuardError(Exception):
    """A known failure: the CLI prints its message on one line, never a traceback."""

    exit_code = ExitCode.TOOL_ERROR
    kind = "tool"

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind


class UsageError(GuardError):
    """Bad command-line arguments (exit 2)."""

    exit_code = ExitCode.USAGE_ERROR
    kind = "usage"


class ConfigError(GuardError):
    """Invalid configuration: bad TOML, an unknown key or a wrong type (exit 2)."""

    exit_code = ExitCode.USAGE_ERROR
    kind = "config"


class ToolError(GuardError):
    """A tool or the environment failed: pytest, coverage data, git (exit 3)."""

    exit_code = ExitCode.TOOL_ERROR
    kind = "tool"
