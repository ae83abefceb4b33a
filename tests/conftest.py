"""Shared fixtures: throwaway projects written into tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.projects import ProjectFactory


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    """Write `{relative path: source}` into a fresh directory and return its root."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "project"
        for relative, text in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make
