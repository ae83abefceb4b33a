"""`pytest --guard`: guard's verdict at the end of a normal pytest run.

pytest imports this module on every run, through the `pytest11` entry point,
so it imports nothing but pytest: coverage, git and the analysis load only
when `--guard` is given (guard/plugin_session.py does the work).
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """Declare the `--guard` options in a group of their own."""
    group = parser.getgroup("guard", "guard: the coverage-and-quality gate")
    group.addoption(
        "--guard",
        action="store_true",
        help="measure branch coverage and judge guard's gates at the end of the run "
        "(the verdict of `guard check`); a failed gate makes pytest exit 1",
    )
    group.addoption(
        "--guard-base",
        metavar="REF",
        default=None,
        help="the git ref to judge the change against (overrides `base`)",
    )
    group.addoption(
        "--guard-report",
        action="append",
        default=[],
        metavar="FORMAT=PATH",
        help="also write guard's report in FORMAT to PATH (repeatable)",
    )
    group.addoption(
        "--guard-format",
        default="text",
        metavar="FORMAT",
        help="format of guard's summary at the end of the run: text (default) or any other "
        "format `guard check --format` takes (json, sarif, github, markdown, gitlab)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Start measuring before any conftest is imported, so their import-time lines count."""
    if early_config.known_args_namespace.guard:
        from guard.plugin_session import begin

        begin(early_config)
