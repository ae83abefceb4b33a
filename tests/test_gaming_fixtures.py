"""The gaming moves in fixtures/gaming, each applied to a real repository and caught."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from guard.config import load_config
from guard.git_diff import changed_files
from guard.integrity_gate import run_integrity
from tests.git_repo import GIT_ENV, GitRepo
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


@pytest.fixture
def base_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    for name, setting in GIT_ENV.items():
        monkeypatch.setenv(name, setting)
    repo = GitRepo(tmp_path / "shop")
    shutil.copytree(GAMING / "base", repo.path, dirs_exist_ok=True)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "agent")
    return repo


@pytest.mark.parametrize("case", CASES)
def test_each_gaming_move_is_caught_and_the_honest_change_passes(base_repo: GitRepo, case: str):
    _apply(GAMING / case, base_repo.path)
    expected = json.loads((GAMING / case / "expected.json").read_text(encoding="utf-8"))
    config = load_config(base_repo.path, {}, {})
    outcome = run_integrity(config, changed_files(base_repo.path, "main"))
    assert outcome is not None
    assert sorted({finding.rule for finding in outcome.findings}) == expected["rules"]
    assert outcome.gate.passed is (not expected["rules"])
    assert outcome.risk.tier == expected["tier"]


def test_there_is_a_case_for_every_move_the_fixtures_promise():
    assert len(CASES) >= 9
    assert "honest-change" in CASES
