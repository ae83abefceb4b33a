"""Throwaway git repositories for tests, built the way pre-commit's tests build them.

The `git_env` fixture in a test module pins the author, the committer and the
config through `monkeypatch.setenv`; this module only runs git and writes files.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.projects import BASE_OPS, BASE_TESTS, CHANGED_OPS, CHANGED_TESTS

# What a test module passes to monkeypatch.setenv before it builds a repository.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Guard Test",
    "GIT_AUTHOR_EMAIL": "guard@example.invalid",
    "GIT_COMMITTER_NAME": "Guard Test",
    "GIT_COMMITTER_EMAIL": "guard@example.invalid",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


class GitRepo:
    """A working tree in tmp_path, driven through the real git."""

    def __init__(self, path: Path, *, branch: str = "main") -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", branch)

    def git(self, *args: str) -> str:
        """Run git in the working tree and return its stdout; fail the test if git fails."""
        return subprocess.run(
            ["git", *args], cwd=self.path, check=True, capture_output=True, text=True
        ).stdout

    def write(self, relative: str, content: str | bytes) -> Path:
        """Write a file byte for byte (no newline translation), creating its directories."""
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)
        return target

    def commit(self, message: str = "change") -> str:
        """Stage everything and commit it; return the new commit's sha."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.head()

    def add_submodule(self, library: GitRepo, path: str) -> None:
        """Add `library` as a submodule at `path` (staged, not committed)."""
        self.git(
            "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library.path), path
        )

    def head(self) -> str:
        """The sha HEAD points at."""
        return self.git("rev-parse", "HEAD").strip()


def feature_repo_at(root: Path) -> GitRepo:
    """The sample change of tests.projects at `root`: `main` covered except `legacy`, and
    uncommitted work on a `feature` branch. Git's environment (GIT_ENV) is the caller's."""
    repo = GitRepo(root)
    repo.write("pyproject.toml", '[tool.guard]\nsource = ["calc"]\n')
    repo.write("calc/__init__.py", "")
    repo.write("calc/ops.py", BASE_OPS)
    repo.write("tests/test_ops.py", BASE_TESTS)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("calc/ops.py", CHANGED_OPS)
    repo.write("tests/test_ops.py", CHANGED_TESTS)
    return repo
