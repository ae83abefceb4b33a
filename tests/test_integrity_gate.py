"""The integrity gate on real repositories: what it reads, what it skips, the risk it gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guard.config import load_config
from guard.git_diff import changed_files
from guard.integrity_gate import IntegrityOutcome, run_integrity
from tests.git_repo import GitRepo


@pytest.fixture
def repo(tmp_path: Path, git_env: None) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("pyproject.toml", '[tool.guard]\nsource = ["shop"]\n')
    repo.write("shop/__init__.py", "")
    repo.write("shop/core.py", "def price(amount):\n    return amount\n")
    repo.write(
        "shop/cart.py", "from shop.core import price\n\n\ndef total(x):\n    return price(x)\n"
    )
    repo.write("shop/api.py", "from . import cart\n")
    repo.write(
        "tests/test_core.py",
        "from shop.core import price\n\n\ndef test_price():\n    assert price(2) == 2\n",
    )
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "agent")
    return repo


def _integrity(repo: GitRepo, **overrides: object) -> IntegrityOutcome:
    outcome = run_integrity(load_config(repo.path, {}, overrides), changed_files(repo.path, "main"))
    assert outcome is not None
    return outcome


def test_without_a_base_there_is_no_integrity_gate(tmp_path: Path):
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("", encoding="utf-8")
    config = load_config(tmp_path, {}, {"source": ("shop",)})
    assert run_integrity(config, changed_files(tmp_path)) is None


def test_a_clean_source_change_passes_with_its_blast_radius(repo: GitRepo):
    repo.write("shop/core.py", "def price(amount):\n    return round(amount, 2)\n")
    outcome = _integrity(repo)
    assert outcome.findings == ()
    assert outcome.gate.passed
    assert outcome.gate.detail == "nothing in the change weakens the gate; risk medium"
    assert outcome.risk.tier == "medium"
    assert outcome.risk.blast_radius == ("shop.api", "shop.cart")


def test_a_changed_test_alone_is_low_risk(repo: GitRepo):
    repo.write(
        "tests/test_core.py",
        "from shop.core import price\n\n\ndef test_price():\n    assert price(3) == 3\n",
    )
    outcome = _integrity(repo)
    assert outcome.gate.passed
    assert outcome.risk.tier == "low"


def test_narrowing_addopts_in_pytest_ini_is_caught_twice(repo: GitRepo):
    repo.write("pytest.ini", "[pytest]\naddopts = -k 'not price'\n")
    outcome = _integrity(repo)
    rules = sorted(finding.rule for finding in outcome.findings)
    assert rules == ["integrity.addopts-narrowed", "integrity.protected-path"]
    assert not outcome.gate.passed
    assert outcome.gate.detail == (
        "2 integrity finding(s): integrity.addopts-narrowed, integrity.protected-path"
    )
    assert outcome.risk.tier == "critical"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pytest.toml", '[pytest]\naddopts = ["-k", "not price"]\n'),
        (".pytest.toml", '[pytest]\naddopts = ["-k", "not price"]\n'),
        (".pytest.ini", "[pytest]\naddopts = -k 'not price'\n"),
    ],
)
def test_every_file_pytest_reads_its_settings_from_is_judged_and_protected(
    repo: GitRepo, name: str, text: str
):
    repo.write(name, text)
    found = sorted((finding.rule, finding.path) for finding in _integrity(repo).findings)
    assert found == [("integrity.addopts-narrowed", name), ("integrity.protected-path", name)]


def test_a_protected_path_can_be_unprotected_only_by_the_config(repo: GitRepo):
    repo.write("pytest.ini", "[pytest]\nxfail_strict = true\n")
    protected = _integrity(repo)
    assert [finding.rule for finding in protected.findings] == ["integrity.protected-path"]
    unprotected = _integrity(repo, protected_paths=())
    assert unprotected.findings == ()
    assert unprotected.gate.passed


def test_binary_files_symlinks_and_unparsable_files_do_not_stop_the_checks(repo: GitRepo):
    repo.write("shop/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    os.symlink("core.py", repo.path / "shop" / "alias.py")
    repo.write("shop/broken.py", "def broken(:\n")
    clean = _integrity(repo)
    assert clean.findings == ()
    assert clean.gate.passed
    # In the same change, a removed test whose code still exists and a hollow new test:
    # both are still found.
    repo.write("tests/test_core.py", "from shop.core import price\n")
    repo.write("tests/test_more.py", "def test_nothing():\n    pass\n")
    outcome = _integrity(repo)
    assert [(finding.rule, finding.path) for finding in outcome.findings] == [
        ("integrity.no-assertion", "tests/test_more.py"),
        ("integrity.test-removed", "tests/test_core.py"),
    ]
    assert not outcome.gate.passed


def test_a_renamed_test_module_keeps_its_tests(repo: GitRepo):
    repo.git("mv", "tests/test_core.py", "tests/test_pricing.py")
    assert _integrity(repo).findings == ()


def test_deleting_the_code_with_its_tests_is_normal(repo: GitRepo):
    (repo.path / "tests" / "test_core.py").unlink()
    repo.write("shop/core.py", "")
    repo.write("shop/cart.py", "def total(amounts):\n    return sum(amounts)\n")
    assert _integrity(repo).findings == ()


def test_a_risk_rule_sets_the_tier(repo: GitRepo):
    repo.write("shop/core.py", "def price(amount):\n    return abs(amount)\n")
    outcome = _integrity(repo, risk_paths=("critical:shop/core.py",))
    assert outcome.risk.tier == "critical"
    assert outcome.risk.reasons == ("critical: shop/core.py matches `shop/core.py`",)


def test_a_deleted_test_is_caught_even_beside_a_file_that_does_not_parse(repo: GitRepo):
    repo.write("shop/broken.py", "def broken(:\n")
    (repo.path / "tests" / "test_core.py").unlink()
    outcome = _integrity(repo)
    assert [(f.rule, f.path) for f in outcome.findings] == [
        ("integrity.test-removed", "tests/test_core.py")
    ]


def test_a_test_moved_to_another_module_is_not_removed(repo: GitRepo):
    moved = (repo.path / "tests" / "test_core.py").read_text(encoding="utf-8")
    (repo.path / "tests" / "test_core.py").unlink()
    repo.write("tests/test_prices.py", moved)
    repo.git("add", "-N", "tests/test_prices.py")
    assert _integrity(repo).findings == ()


def test_exclusions_count_only_where_coverage_measures(repo: GitRepo):
    repo.write(
        "tests/test_core.py",
        "from shop.core import price\n\n\ndef test_price():  # pragma: no cover\n"
        "    assert price(2) == 2\n",
    )
    assert _integrity(repo).findings == ()
    repo.write("shop/core.py", "def price(amount):\n    return amount  # pragma: no cover\n")
    assert [(finding.rule, finding.path) for finding in _integrity(repo).findings] == [
        ("integrity.exclusion-added", "shop/core.py")
    ]


def test_excluded_paths_are_not_judged_file_by_file(repo: GitRepo):
    repo.write("fixtures/cases/test_hollow.py", "def test_nothing():\n    pass\n")
    assert [(finding.rule, finding.path) for finding in _integrity(repo).findings] == [
        ("integrity.no-assertion", "fixtures/cases/test_hollow.py")
    ]
    assert _integrity(repo, exclude=("fixtures/*",)).findings == ()


def test_max_risk_fails_the_gate_above_the_tier(repo: GitRepo):
    repo.write("shop/core.py", "def price(amount):\n    return abs(amount)\n")
    outcome = _integrity(repo, max_risk="low")
    assert not outcome.gate.passed
    assert outcome.gate.detail == "risk medium is above `max_risk` low"
    assert _integrity(repo, max_risk="medium").gate.passed


def test_a_protected_path_alone_asks_for_approval_without_failing(repo: GitRepo):
    repo.write(".github/workflows/ci.yml", "on: push\n")
    outcome = _integrity(repo)
    [finding] = outcome.findings
    assert (finding.rule, finding.severity.value) == ("integrity.protected-path", "warning")
    assert outcome.gate.passed
    assert outcome.risk.approval_required is True
    assert outcome.risk.tier == "high"


def test_a_deleted_test_in_an_excluded_path_is_not_judged(repo: GitRepo):
    repo.write(
        "fixtures/cases/test_case.py",
        "from shop.core import price\n\n\ndef test_price():\n    assert price(1) == 1\n",
    )
    repo.commit("a fixture test")
    repo.git("branch", "-f", "main")
    (repo.path / "fixtures" / "cases" / "test_case.py").unlink()
    assert [(finding.rule, finding.path) for finding in _integrity(repo).findings] == [
        ("integrity.test-removed", "fixtures/cases/test_case.py")
    ]
    assert _integrity(repo, exclude=("fixtures/*",)).findings == ()


def test_a_base_config_that_cannot_be_read_is_compared_as_defaults_and_said_so(repo: GitRepo):
    repo.write("pyproject.toml", "[tool.guard\n")
    repo.commit("a broken config")
    repo.git("branch", "-f", "main")
    repo.write("pyproject.toml", '[tool.guard]\nsource = ["shop"]\n')
    outcome = _integrity(repo)
    [note] = outcome.notes
    assert note.startswith("the base's coverage or guard config cannot be read (")
    assert note.endswith("the change was compared with the defaults")
