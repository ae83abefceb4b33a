"""Shared fixtures: throwaway projects written into tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.git_repo import GIT_ENV, GitRepo, feature_repo_at
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


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """git with a fixed identity and no user or system config, for repos built in tests."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def feature_repo(tmp_path: Path, git_env: None) -> GitRepo:
    """A repo whose main is covered except `legacy`, with uncommitted work on a branch."""
    return feature_repo_at(tmp_path / "repo")


@pytest.fixture(autouse=True)
def private_cache_key(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """guard signs its cache with a key in the user's cache directory; keep tests out of $HOME."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
