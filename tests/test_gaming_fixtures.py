"""The gaming moves in fixtures/gaming: each passes plain coverage, and guard catches it."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guard.check import run_check
from guard.config import load_config
from tests.git_repo import GitRepo
from tests.projects import FIXTURES

GAMING = FIXTURES / "gaming"
CASES = sorted(path.name for path in GAMING.iterdir() if (path / "expected.json").is_file())


def _apply(case: Path, root: Path) -> None:
    for source in sorted((case / "head").rglob("*")):
        if source.is_dir():
            continue
        target = root / source.relative_to(case / "head")
        if source.read_text(encoding="utf-8").strip() == "DELETE":
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def _plain_coverage_passes(root: Path) -> bool:
    """What a gate without guard runs: the suite under branch coverage, then 100 %."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE")}
    commands = [
        [sys.executable, "-m", "coverage", "run", "--branch", "--source=shop", "-m", "pytest"],
        [sys.executable, "-m", "coverage", "report", "--fail-under=100"],
    ]
    for command in commands:
        if subprocess.run(command, cwd=root, env=env, capture_output=True).returncode:
            return False
    return True


@pytest.fixture
def agent_branch(tmp_path: Path, git_env: None) -> GitRepo:
    repo = GitRepo(tmp_path / "shop")
    shutil.copytree(GAMING / "base", repo.path, dirs_exist_ok=True)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "agent")
    return repo


@pytest.mark.parametrize("case", CASES)
def test_each_gaming_move_passes_plain_coverage_and_guard_catches_it(
    agent_branch: GitRepo, case: str
):
    _apply(GAMING / case, agent_branch.path)
    expected = json.loads((GAMING / case / "expected.json").read_text(encoding="utf-8"))
    assert _plain_coverage_passes(agent_branch.path)
    config = load_config(agent_branch.path, {}, {"base": "main"})
    report = run_check(config, io.StringIO())
    integrity = [
        [finding.rule, finding.path, finding.line]
        for finding in report.findings
        if finding.rule.startswith("integrity.")
    ]
    assert sorted(integrity) == expected["findings"]
    assert report.verdict.value == expected["verdict"]
    assert report.risk is not None
    assert report.risk.tier == expected["tier"]
    assert report.risk.approval_required is expected.get("approval_required", False)


def test_there_is_a_control_and_a_case_for_each_family_of_moves():
    assert len(CASES) >= 12
    assert {"honest-change", "special-case-the-test", "patch-the-clock"} <= set(CASES)
