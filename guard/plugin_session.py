"""The `--guard` run in pytest's own process: set up, measure, then judge as `guard check` does.

`begin` runs in `pytest_load_initial_conftests`, before any conftest is
imported. It picks the part this process plays (an xdist worker, the
controller, or nothing under `guard check`, which measures already), and
starts coverage last. The controller judges in `pytest_sessionfinish` through
guard/check.py's pipeline, sets pytest's exit status, and prints the report in
`pytest_terminal_summary`. Every failure fails closed: exit 3 (tool error) or
pytest's usage error, one line, never a pass.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from guard import assertion_counter
from guard.base_bar import held_to_base
from guard.check import judge_run
from guard.config import GuardConfig, load_config
from guard.errors import GuardError, ToolError
from guard.git_diff import ChangeSet, changed_files
from guard.model import ExitCode, Report
from guard.outcomes import OutcomeRecorder
from guard.plugin_coverage import (
    HANDOFF,
    MeasuredRun,
    MeasurePlan,
    Measuring,
    WorkerRun,
    worker_plan,
)
from guard.reporters import FORMATS, parse_report_spec, render, write_reports
from guard.runner import TestRun

PYTEST_COV_CONFLICT = (
    "--guard measures branch coverage itself, so it does not run with pytest-cov's --cov: "
    "drop --cov (or add --no-cov) to use --guard, or drop --guard to keep pytest-cov"
)
UNDER_GUARD_CHECK = "guard: --guard is ignored: `guard check` measures and judges this run itself"
NO_PASS_HOOK = (
    "tests that executed no assertion were not looked for: set `enable_assertion_pass_hook = "
    "true` in the pytest config for `pytest --guard` to count asserts (`guard check` does)"
)


@dataclass(frozen=True)
class RunSettings:
    """What the controller judges with: the config (held to the base), the change, the outputs."""

    config: GuardConfig
    changes: ChangeSet
    reports: tuple[tuple[str, str], ...] = ()
    terminal_format: str = "text"


def begin(early_config: pytest.Config) -> None:
    """Give this process its part in the `--guard` run; starting coverage comes last."""
    options = early_config.known_args_namespace
    refuse_pytest_cov(options)
    plan = worker_plan(os.environ, os.getppid())
    if plan is not None:
        part: WorkerRun | ControllerRun | Refusal | StepAside = WorkerRun(Measuring(plan))
    elif any(isinstance(p, OutcomeRecorder) for p in early_config.pluginmanager.get_plugins()):
        part = StepAside()  # a second measurement would pause guard check's own
    else:
        part = _controller(early_config, options)
    early_config.pluginmanager.register(part, "guard-run")
    if isinstance(part, WorkerRun | ControllerRun):
        count_assertions(early_config)
    part.start(early_config)


def count_assertions(early_config: pytest.Config) -> None:
    """Count each test's assertions, as `guard check` does (`integrity.no-assertion-run`).

    Plain asserts are counted only where pytest's `enable_assertion_pass_hook` is on in the
    project's pytest config: a plugin cannot turn it on for modules pytest rewrites."""
    if not early_config.pluginmanager.is_registered(assertion_counter):
        early_config.pluginmanager.register(assertion_counter, "guard-assertions")


def refuse_pytest_cov(options: argparse.Namespace) -> None:
    """Two coverage measurements in one process would each see part of the run: refuse."""
    if getattr(options, "cov_source", None) and not getattr(options, "no_cov", False):
        raise pytest.UsageError(PYTEST_COV_CONFLICT)


def _controller(
    early_config: pytest.Config, options: argparse.Namespace
) -> ControllerRun | Refusal:
    try:
        reports = tuple(parse_report_spec(spec) for spec in options.guard_report)
        if options.guard_format not in FORMATS:
            choices = ", ".join(FORMATS)
            raise GuardError(f"--guard-format {options.guard_format!r}: choose from {choices}")
        config = load_config(early_config.rootpath, os.environ, {"base": options.guard_base})
    except GuardError as exc:
        raise pytest.UsageError(f"guard: {exc.message}") from None
    try:
        changes = changed_files(config.root, config.base)  # a bad base stops the run before tests
        settings = RunSettings(
            held_to_base(config, changes), changes, reports, options.guard_format
        )
    except GuardError as exc:
        return Refusal(error_report(exc), reports)
    scratch = Path(tempfile.mkdtemp(prefix="guard-pytest-"))
    early_config.add_cleanup(functools.partial(shutil.rmtree, scratch, ignore_errors=True))
    return ControllerRun(settings, scratch)


class ControllerRun(MeasuredRun):
    """The process that runs the session: it combines every process's data and judges."""

    def __init__(self, settings: RunSettings, scratch: Path) -> None:
        config = settings.config
        self._plan = MeasurePlan(
            os.getpid(), str(config.root), str(scratch / "data"), config.source
        )
        super().__init__(Measuring(self._plan))
        self._settings = settings
        self._recorder = OutcomeRecorder()
        self._recorder.project_root = config.root
        self._pass_hook = False
        # Replaced when the session finishes; a run that ends before that never passes.
        self.report = error_report(ToolError("the run ended before guard could judge it"))

    def start(self, early_config: pytest.Config) -> None:
        """Record outcomes, hand the plan to xdist workers, and start measuring."""
        early_config.pluginmanager.register(self._recorder, "guard-outcomes")
        self._pass_hook = bool(early_config.getini("enable_assertion_pass_hook"))
        early_config.add_cleanup(functools.partial(_restore, HANDOFF, os.environ.get(HANDOFF)))
        os.environ[HANDOFF] = self._plan.encoded()
        self._measuring.start(early_config)

    def finish(self, session: pytest.Session) -> None:
        """Judge the run; guard's exit code becomes pytest's."""
        try:
            self.report = self._judged(int(session.exitstatus), session.testscollected)
        except GuardError as exc:
            self.report = error_report(exc)
        except Exception as exc:  # a bug in guard must still fail closed, never pass
            self.report = error_report(ToolError(f"internal error: {type(exc).__name__}: {exc}"))
        try:
            settings = self._settings
            write_reports(self.report, settings.reports, shown=settings.terminal_format)
        except GuardError as exc:
            self.report = error_report(exc)
        session.exitstatus = int(self.report.exit_code)

    def _judged(self, status: int, collected: int) -> Report:
        require_complete(status, collected)
        config, changes = self._settings.config, self._settings.changes
        run = TestRun(self._recorder.outcomes(), status, Path(self._plan.data_dir))
        report = judge_run(config, changes, run)
        if not self._pass_hook and changes.has_base:  # without a base no test is judged
            report = replace(report, notes=(*report.notes, NO_PASS_HOOK))
        return report

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """Print the report in `--guard-format`, then what it did to the exit status."""
        terminalreporter.write_sep("=", "guard")
        for line in summary_lines(self.report, self._settings.terminal_format):
            terminalreporter.write_line(line)


class Refusal:
    """`--guard` when guard cannot judge this run (a bad base): no test runs, exit 3."""

    def __init__(self, report: Report, reports: tuple[tuple[str, str], ...]) -> None:
        self._report = report
        self._reports = reports

    def start(self, early_config: pytest.Config) -> None:
        """Nothing to measure: the run stops before its session starts."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_cmdline_main(self) -> int:
        """Say why in one line, and stop pytest with guard's exit code."""
        for error in self._report.errors:
            print(f"guard: error: {error.message}", file=sys.stderr)
        try:
            write_reports(self._report, self._reports)
        except GuardError as exc:
            print(f"guard: error: {exc.message}", file=sys.stderr)
        return int(self._report.exit_code)


class StepAside:
    """`--guard` under `guard check`, which measures and judges the run already: say so."""

    def start(self, early_config: pytest.Config) -> None:
        """Nothing to measure."""

    def pytest_report_header(self) -> str:
        """Shown at the top of the run, where nothing captures it."""
        return UNDER_GUARD_CHECK


def require_complete(status: int, collected: int) -> None:
    """A run that pytest cut short, or that collected nothing, is never judged a pass."""
    if status in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        raise ToolError(f"pytest stopped with exit status {status}; see its output above")
    if status == pytest.ExitCode.NO_TESTS_COLLECTED or collected == 0:
        raise ToolError(
            "no tests were collected; a run without tests is never a pass", kind="no-tests"
        )


def summary_lines(report: Report, fmt: str) -> list[str]:
    """The report in `fmt`, its verdict in one line, and the exit status a failure gives."""
    lines = render(report, fmt).rstrip("\n").splitlines()
    if fmt != "text":
        lines.append(render(report, "text").splitlines()[0])
    failed = [gate.id for gate in report.gates if not gate.passed]
    if failed:
        lines.append(f"guard: pytest exits {int(report.exit_code)}: failed {', '.join(failed)}")
    return lines


def error_report(exc: GuardError) -> Report:
    """The report of a run guard could not judge."""
    return Report.unjudged("check", exc.kind, exc.message, ExitCode(exc.exit_code))


def _restore(name: str, previous: str | None) -> None:
    if previous is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = previous
