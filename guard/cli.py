"""The command line: parse arguments, load config, call the library, map errors to exit codes.

A known error prints one line on stderr and still writes a valid report
(verdict "error") in the chosen format, so an agent reading JSON on stdout
always gets a document. `--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from guard import __version__
from guard.errors import GuardError, UsageError
from guard.model import RISK_TIERS, ExitCode, Report
from guard.reporters import FORMATS, parse_report_spec, write_reports, write_stdout
from guard.rules import RULES

if TYPE_CHECKING:  # the config module imports the analysis; `guard explain` stays fast
    from guard.config import GuardConfig

_COMMANDS = ("check", "diff", "analyze", "explain")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so usage errors get a report too."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="guard", description="Coverage and quality gate for Python code.")
    parser.add_argument("--version", action="version", version=f"guard {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    shared = _shared_options()
    check = commands.add_parser(
        "check",
        parents=[shared],
        help="run the tests under branch coverage and enforce the gates",
        description="Run the tests under branch coverage and enforce the gates. "
        "Arguments after `--` are appended to pytest_args.",
    )
    check.add_argument("tests", nargs="*", help="test paths for pytest (overrides `tests`)")
    check.add_argument(
        "--test-timeout", type=float, default=None, help="override `test_timeout` (seconds)"
    )
    diff = commands.add_parser(
        "diff",
        parents=[shared],
        help="map existing coverage data onto the change, without running tests",
        description="Map existing coverage data onto the change, without running tests.",
    )
    diff.add_argument(
        "--data",
        action="append",
        type=Path,
        default=None,
        metavar="PATH",
        help="a coverage data file, or a directory of .coverage.* shards (repeatable; "
        "relative to the root; default .coverage there)",
    )
    diff.add_argument(
        "--coverage-only",
        action="store_true",
        help="judge only coverage; leave the quality and integrity gates to another job",
    )

    analyze = commands.add_parser(
        "analyze",
        parents=[shared],
        help="run the quality rules (size, complexity, naming) without running tests",
        description="Run the quality rules without running tests. With a base, only changed "
        "files are analysed and only what the change made worse fails (see --all).",
    )
    analyze.add_argument(
        "paths", nargs="*", help="files or directories to analyse (default: `source`)"
    )

    explain = commands.add_parser("explain", help="print what a rule means and how to fix it")
    explain.add_argument("rule", nargs="?", help="a rule id such as coverage.missed-branch")
    return parser


def _shared_options() -> _Parser:
    shared = _Parser(add_help=False)
    shared.add_argument("--root", type=Path, default=None, help="project root (default: cwd)")
    shared.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="what to print on stdout (the html page goes to a directory: --report html=DIR)",
    )
    shared.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FORMAT=PATH",
        help="also write a report in FORMAT to PATH (repeatable; PATH '-' is stdout); "
        "FORMAT html takes a directory and writes DIR/index.html",
    )
    shared.add_argument("--base", default=None, help="git ref to diff against (overrides `base`)")
    shared.add_argument(
        "--base-sha", default=None, help="diff from this commit, skipping the merge-base"
    )
    shared.add_argument("--fail-under", type=float, default=None, help="override `fail_under`")
    shared.add_argument(
        "--source", action="append", default=None, help="override `source` (repeatable)"
    )
    shared.add_argument(
        "--max-risk",
        choices=RISK_TIERS,
        default=None,
        help="fail the integrity gate when the change's risk tier is above this",
    )
    shared.add_argument(
        "--all",
        action="store_true",
        dest="all_findings",
        help="every quality finding fails the gate, not only what the change made worse",
    )
    shared.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the parse cache"
    )
    shared.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    return shared


def main(argv: Sequence[str] | None = None) -> int:
    """Run guard; return the exit code (0 pass, 1 gate failed, 2 usage/config, 3 tool error)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    extra_pytest_args: list[str] = []
    if "--" in args_list:
        split = args_list.index("--")
        args_list, extra_pytest_args = args_list[:split], args_list[split + 1 :]
    fmt = _requested_format(args_list)
    # Report files asked for are written on every exit code, so a CI step can read them.
    reports: list[tuple[str, str]] = []
    try:
        args = _build_parser().parse_args(args_list)
        if args.command == "explain":
            return _explain(args.rule)
        reports = [parse_report_spec(spec) for spec in args.report]
        report = _run(args, extra_pytest_args)
    except Exception as exc:
        report = _failure_report(args_list, exc)
    return _emit(report, fmt, reports)


def _failure_report(args_list: Sequence[str], exc: Exception) -> Report:
    """The report for a run that stopped: a known error, or a bug that must still fail closed."""
    command = next((arg for arg in args_list if arg in _COMMANDS), "guard")
    debug = "--debug" in args_list
    if isinstance(exc, GuardError):
        if debug:
            traceback.print_exc()
        return Report.unjudged(command, exc.kind, exc.message, exc.exit_code)
    if debug:
        raise exc
    message = f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)"
    return Report.unjudged(command, "internal", message, ExitCode.TOOL_ERROR)


def _run(args: argparse.Namespace, extra_pytest_args: list[str]) -> Report:
    # Imported here so that `guard explain` and usage errors stay fast.
    from guard.check import run_analyze, run_check, run_diff

    if extra_pytest_args and args.command != "check":
        raise UsageError(
            f"arguments after `--` go to pytest, and `guard {args.command}` runs no tests"
        )
    config = _config(args)
    if args.command == "analyze":
        return run_analyze(config, _within(config.root, args.paths), args.base_sha)
    if args.command == "diff":
        shards = [config.root / path for path in args.data or [Path(".coverage")]]
        return run_diff(config, shards, args.base_sha, args.coverage_only)
    config = replace(config, pytest_args=(*config.pytest_args, *extra_pytest_args))
    return run_check(config, sys.stderr, args.base_sha)


def _config(args: argparse.Namespace) -> GuardConfig:
    """The settings for this run: pyproject and environment, then the flags given."""
    from guard.config import load_config

    overrides: dict[str, object] = {
        "fail_under": args.fail_under,
        "source": tuple(args.source or ()) or None,
        "base": args.base,
        "all_findings": args.all_findings or None,
        "max_risk": args.max_risk,
    }
    if args.command == "check":
        overrides["tests"] = tuple(args.tests) or None
        overrides["test_timeout"] = args.test_timeout
    root = (args.root or Path.cwd()).resolve()
    if not root.is_dir():
        raise UsageError(f"--root {args.root} is not a directory")
    return replace(load_config(root, os.environ, overrides), use_cache=not args.no_cache)


def _within(root: Path, paths: Sequence[str]) -> list[str]:
    """PATHS as root-relative posix paths; each must exist inside the root."""
    relative = []
    for given in paths:
        target = (Path.cwd() / given).resolve()
        if not target.exists():
            raise UsageError(f"{given}: no such file or directory")
        try:
            relative.append(target.relative_to(root).as_posix())
        except ValueError:
            raise UsageError(f"{given} is outside the project root {root}") from None
    return relative


def _explain(rule_id: str | None) -> int:
    if rule_id is None:
        width = max(len(name) for name in RULES)
        listing = "".join(f"{listed.id:<{width}}  {listed.summary}\n" for listed in RULES.values())
        write_stdout(listing, "the rule list")
        return ExitCode.PASS
    rule = RULES.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, list(RULES), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; run `guard explain` to list rules"
        raise UsageError(f"unknown rule {rule_id!r}{hint}")
    write_stdout(
        f"{rule.id}: {rule.summary}\n\nWhy: {rule.why}\n\nHow to fix: {rule.fix}\n",
        f"the explanation of {rule.id}",
    )
    return ExitCode.PASS


def _requested_format(args: Sequence[str]) -> str:
    """The stdout format, found even when the rest of the command line is invalid."""
    for position, arg in enumerate(args):
        if arg.startswith("--format="):
            chosen = arg.split("=", 1)[1]
        elif arg == "--format" and position + 1 < len(args):
            chosen = args[position + 1]
        else:
            continue
        if chosen in FORMATS:
            return chosen
    return "text"


def _emit(report: Report, fmt: str, reports: list[tuple[str, str]]) -> int:
    for error in report.errors:
        print(f"guard: error: {error.message}", file=sys.stderr)
    try:
        write_reports(report, [(fmt, "-"), *reports])
    except GuardError as exc:
        print(f"guard: error: {exc.message}", file=sys.stderr)
        return int(ExitCode.TOOL_ERROR)
    return int(report.exit_code)
