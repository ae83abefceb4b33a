"""Real `guard check` runs of a private copy of the bundled example project.

A copy, so a test can edit the example's source and so no run writes a cache
into `fixtures/`; a private `XDG_CACHE_HOME`, so runs never share guard's
bytecode cache with the developer's.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from guard.check import run_check
from guard.config import load_config
from guard.model import Report
from tests.projects import FIXTURES


def copy_example(parent: Path) -> Path:
    """Copy `fixtures/example` to `parent/example` and return the copy's root."""
    root = parent / "example"
    shutil.copytree(FIXTURES / "example", root)
    return root


def check_example(root: Path) -> Report:
    """Run `guard check` on the project at `root`, test output discarded."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(root.parent / "xdg-cache"))
        return run_check(load_config(root, {}, {}), io.StringIO())
