"""A change cannot lower the thresholds that judge it: the base's bar holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from guard.base_bar import held_to_base
from guard.config import GuardConfig, load_config
from guard.git_diff import changed_files
from tests.git_repo import GitRepo

BASE = (
    '[tool.guard]\nsource = ["shop"]\nfail_under = 100\nmax_complexity = 8\n'
    'min_maintainability = "A"\n'
)


@pytest.fixture
def repo(tmp_path: Path, git_env: None) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("shop/__init__.py", "")
    repo.write("pyproject.toml", BASE)
    repo.commit("base")
    return repo


def _held(repo: GitRepo) -> GuardConfig:
    config = load_config(repo.path, {}, {})
    return held_to_base(config, changed_files(repo.path, "HEAD"))


def test_a_lowered_bar_is_held_at_the_base_s_value(repo: GitRepo):
    repo.write(
        "pyproject.toml",
        '[tool.guard]\nsource = ["shop"]\nfail_under = 50\nmax_complexity = 30\n'
        'min_maintainability = "C"\n',
    )
    held = _held(repo)
    assert (held.fail_under, held.max_complexity, held.min_maintainability) == (100.0, 8, "A")


@pytest.mark.parametrize(
    ("name", "base_value", "looser_value", "held_value"),
    [
        ("fail_under", "90", "50", 90.0),
        ("max_file_lines", "300", "900", 300),
        ("max_function_lines", "40", "90", 40),
        ("max_parameters", "4", "9", 4),
        ("max_definitions", "20", "50", 20),
        ("max_complexity", "8", "30", 8),
        ("max_nesting", "3", "7", 3),
        ("min_maintainability", '"A"', '"C"', "A"),
        ("all_findings", "true", "false", True),
        ("max_risk", '"medium"', '"critical"', "medium"),
    ],
)
def test_every_threshold_is_held_at_the_base_s_value(
    repo: GitRepo, name: str, base_value: str, looser_value: str, held_value: object
):
    settings = '[tool.guard]\nsource = ["shop"]\n'
    repo.write("pyproject.toml", f"{settings}{name} = {base_value}\n")
    repo.commit(f"a {name} bar")
    repo.write("pyproject.toml", f"{settings}{name} = {looser_value}\n")
    assert getattr(_held(repo), name) == held_value


def test_a_tightened_bar_takes_effect(repo: GitRepo):
    repo.write("pyproject.toml", BASE.replace("max_complexity = 8", "max_complexity = 5"))
    assert _held(repo).max_complexity == 5


def test_all_findings_cannot_be_switched_off(repo: GitRepo):
    repo.write("pyproject.toml", BASE + "all_findings = true\n")
    repo.commit("strict")
    repo.write("pyproject.toml", BASE + "all_findings = false\n")
    assert _held(repo).all_findings is True


def test_a_base_guard_cannot_read_sets_no_bar(repo: GitRepo):
    repo.write("pyproject.toml", "[tool.guard\n")
    repo.commit("broken config")
    repo.write("pyproject.toml", BASE.replace("max_complexity = 8", "max_complexity = 12"))
    assert _held(repo).max_complexity == 12


def test_without_a_base_pyproject_the_head_stands(tmp_path: Path, git_env: None):
    repo = GitRepo(tmp_path / "repo")
    repo.write("shop/__init__.py", "")
    repo.commit("base")
    repo.write("pyproject.toml", '[tool.guard]\nsource = ["shop"]\nmax_nesting = 9\n')
    assert _held(repo).max_nesting == 9


def test_without_a_base_the_config_is_unchanged(tmp_path: Path):
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("", encoding="utf-8")
    config = load_config(tmp_path, {}, {"source": ("shop",)})
    assert held_to_base(config, changed_files(tmp_path)) is config


def test_the_stricter_max_risk_holds(repo: GitRepo):
    repo.write("pyproject.toml", BASE + 'max_risk = "medium"\n')
    repo.commit("a risk limit")
    repo.write("pyproject.toml", BASE)
    assert _held(repo).max_risk == "medium"
    repo.write("pyproject.toml", BASE + 'max_risk = "low"\n')
    assert _held(repo).max_risk == "low"


def test_a_flag_or_variable_is_the_operator_s_choice_and_stands(repo: GitRepo):
    repo.write(
        "pyproject.toml", BASE.replace('min_maintainability = "A"', 'min_maintainability = "C"')
    )
    config = load_config(repo.path, {"GUARD_MAX_COMPLEXITY": "20"}, {"fail_under": 90.0})
    held = held_to_base(config, changed_files(repo.path, "HEAD"))
    assert (held.fail_under, held.max_complexity) == (90.0, 20)
    assert held.min_maintainability == "A"
