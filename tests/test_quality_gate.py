"""The quality gate in real git repositories: the ratchet, new files, suppressions, --all."""

from __future__ import annotations

from pathlib import Path

import pytest

from guard.config import load_config
from guard.git_diff import changed_files
from guard.model import Finding, Severity
from guard.quality_gate import QualityOutcome, run_quality
from tests.git_repo import GitRepo

PYPROJECT = '[tool.guard]\nsource = ["shop"]\nmax_function_lines = 5\n'

# `checkout`'s body is 6 lines long at the base: already over the limit of 5.
BASE_CART = """\
def checkout(basket, discount):
    total = sum(basket)
    if discount:
        total -= discount
    if total < 0:
        total = 0
    return total


def describe(basket):
    return f"{len(basket)} things"
"""


@pytest.fixture
def repo(tmp_path: Path, git_env: None) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("pyproject.toml", PYPROJECT)
    repo.write("shop/__init__.py", "")
    repo.write("shop/cart.py", BASE_CART)
    repo.write("tests/test_cart.py", "def test_nothing_yet():\n    assert True\n")
    repo.write("shop/legacy.py", "def run(q):\n    return q\n")  # `q`: an old finding
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def _quality(root: Path, paths: list[str] | None = None, **overrides: object) -> QualityOutcome:
    config = load_config(root, {}, overrides)
    return run_quality(config, changed_files(root, "main"), paths)


def _located(outcome: QualityOutcome) -> list[tuple[str, str, int, bool | None]]:
    return [(f.rule, f.path, f.line, f.new) for f in outcome.findings]


def test_without_a_change_nothing_is_analysed_and_the_gate_passes(repo: GitRepo):
    outcome = _quality(repo.path)
    assert outcome.findings == ()
    assert outcome.gate.passed
    assert outcome.notes == (
        "3 file(s) in scope are unchanged since the base and were not analysed "
        "(`--all` analyses them)",
    )
    assert outcome.gate.detail == (
        "no quality findings introduced or made worse by the change (0 file(s) analysed)"
    )


def test_a_function_already_too_long_that_did_not_grow_does_not_fail(repo: GitRepo):
    repo.write("shop/cart.py", BASE_CART.replace('"{len(basket)} things"', '"{len(basket)} items"'))
    outcome = _quality(repo.path)
    assert _located(outcome) == [("size.function-lines", "shop/cart.py", 1, False)]
    assert outcome.gate.passed


def test_a_function_already_too_long_that_grew_fails(repo: GitRepo):
    longer = BASE_CART.replace(
        "    return total\n", "    total = round(total, 2)\n    return total\n"
    )
    repo.write("shop/cart.py", longer)
    outcome = _quality(repo.path)
    assert _located(outcome) == [("size.function-lines", "shop/cart.py", 1, True)]
    assert not outcome.gate.passed
    assert outcome.gate.detail == (
        "1 quality finding(s) introduced or made worse by the change (1 file(s) analysed)"
    )


def test_a_too_long_function_the_base_did_not_have_is_new(repo: GitRepo):
    refund = "\n\ndef refund(basket):\n" + "".join(f"    step{i} = {i}\n" for i in range(6))
    repo.write("shop/cart.py", BASE_CART + refund)
    outcome = _quality(repo.path)
    assert _located(outcome) == [
        ("size.function-lines", "shop/cart.py", 1, False),
        ("size.function-lines", "shop/cart.py", 14, True),
    ]


def test_a_bad_name_counts_only_on_a_line_the_change_touched(repo: GitRepo):
    repo.write("shop/legacy.py", "def run(q):\n    return q\n\n\ndef rerun(w):\n    return w\n")
    outcome = _quality(repo.path)
    assert _located(outcome) == [
        ("naming.single-letter", "shop/legacy.py", 1, False),
        ("naming.single-letter", "shop/legacy.py", 5, True),
    ]
    assert not outcome.gate.passed


def test_every_finding_in_a_new_file_is_new_and_it_needs_a_test_module(repo: GitRepo):
    repo.write("shop/pricing.py", "def price(q):\n    return q\n")
    outcome = _quality(repo.path)
    assert _located(outcome) == [
        ("naming.single-letter", "shop/pricing.py", 1, True),
        ("naming.test-module", "shop/pricing.py", 1, True),
    ]
    test_module = next(f for f in outcome.findings if f.rule == "naming.test-module")
    assert "`test_pricing.py`" in test_module.message
    assert "tests/test_pricing.py" in test_module.hint


def test_a_test_module_anywhere_under_the_root_satisfies_the_rule(repo: GitRepo):
    repo.write("shop/pricing.py", "def price(amount):\n    return amount\n")
    repo.write("tests/unit/test_pricing.py", "def test_price():\n    assert True\n")
    repo.write("shop/__main__.py", "print('hi')\n")  # never needs a test module of its own
    assert _quality(repo.path).findings == ()


def test_a_renamed_file_is_compared_with_its_old_self(repo: GitRepo):
    repo.git("mv", "shop/cart.py", "shop/basket.py")
    repo.write("shop/basket.py", BASE_CART.replace("things", "articles"))
    outcome = _quality(repo.path)
    assert _located(outcome) == [("size.function-lines", "shop/basket.py", 1, False)]
    assert outcome.gate.passed


def test_an_added_suppression_is_listed_as_a_warning(repo: GitRepo):
    repo.write(
        "shop/legacy.py", "def run(q):  # guard: ignore[naming] the API names it so\n    return q\n"
    )
    outcome = _quality(repo.path)
    [added] = outcome.findings
    assert (added.rule, added.severity, added.line, added.new) == (
        "suppression.added",
        Severity.WARNING,
        1,
        True,
    )
    assert added.message == "the change suppresses naming: the API names it so"
    assert outcome.gate.passed


def test_all_makes_every_finding_in_every_file_count(repo: GitRepo):
    outcome = _quality(repo.path, all_findings=True)
    assert ("naming.single-letter", "shop/legacy.py", 1, False) in _located(outcome)
    assert not outcome.gate.passed
    assert "in the analysed files (3 file(s) analysed)" in outcome.gate.detail


def test_without_a_base_every_finding_counts(tmp_path: Path):
    root = tmp_path / "plain"
    (root / "shop").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "shop" / "__init__.py").write_text("", encoding="utf-8")
    (root / "shop" / "legacy.py").write_text("def run(q):\n    return q\n", encoding="utf-8")
    config = load_config(root, {}, {})
    outcome = run_quality(config, changed_files(root))
    assert _located(outcome) == [("naming.single-letter", "shop/legacy.py", 1, None)]
    assert not outcome.gate.passed


def test_excluded_files_are_skipped_and_said_so(repo: GitRepo):
    repo.write("shop/legacy.py", "def run(q):\n    return q * 2\n")
    outcome = _quality(repo.path, exclude=("shop/legacy*",))
    assert outcome.findings == ()
    assert outcome.notes[0] == "1 file(s) left out by `exclude`: shop/legacy.py"


def test_paths_narrow_the_analysis(repo: GitRepo):
    outcome = _quality(repo.path, ["shop/cart.py"], all_findings=True)
    assert {f.path for f in outcome.findings} == {"shop/cart.py"}


def _branchy(count: int) -> str:
    """A module whose maintainability index falls as `count` grows (26 at 40, 12 at 80)."""
    branches = "".join(
        f"    if n == {i}:\n        return {i} * n + n // 3 - {i} ** 2\n" for i in range(count)
    )
    return "def run(n):\n" + branches + "    return 0\n"


def test_a_lower_maintainability_index_is_the_worse_one(repo: GitRepo):
    # Both sides fail rank A, so the two indexes are compared: the head's is the lower one.
    repo.write("shop/legacy.py", _branchy(80))
    repo.commit("a hard module")
    repo.git("branch", "-f", "main")
    repo.write("shop/legacy.py", _branchy(90))
    outcome = _quality(repo.path, min_maintainability="A", max_complexity=100)
    found = [f for f in outcome.findings if f.rule == "complexity.maintainability"]
    assert [(f.path, f.new) for f in found] == [("shop/legacy.py", True)]


def _rules(findings: tuple[Finding, ...]) -> list[str]:
    return [finding.rule for finding in findings]


def test_a_module_that_stays_hard_to_maintain_but_improves_does_not_fail(repo: GitRepo):
    repo.write("shop/legacy.py", _branchy(90))
    repo.commit("a hard module")
    repo.git("branch", "-f", "main")
    repo.write("shop/legacy.py", _branchy(80))
    outcome = _quality(repo.path, min_maintainability="A", max_complexity=100)
    assert "complexity.maintainability" in _rules(outcome.findings)
    assert outcome.gate.passed


def test_marking_a_file_generated_is_listed_as_a_warning(repo: GitRepo):
    repo.write("shop/legacy.py", "# @generated\ndef run(q):\n    return q\n")
    outcome = _quality(repo.path)
    [marked] = outcome.findings
    assert (marked.rule, marked.severity, marked.line) == ("suppression.added", Severity.WARNING, 1)
    assert "turns every quality rule off" in marked.message
    assert outcome.notes[0] == (
        "shop/legacy.py: skipped by the quality rules, generated: a `# @generated` comment on "
        "line 1"
    )
