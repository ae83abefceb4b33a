"""`guard diff`: existing coverage data mapped onto the change, no tests run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guard.cli import main
from tests.git_repo import GitRepo


def _record_coverage(root: Path, *extra: str) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE")}
    # `-p no:guard`: guard's own pytest plugin, installed editable here (not in site-packages,
    # which coverage leaves out), would otherwise land in data recorded without `source`.
    pytest_args = ["-m", "pytest", "-q", "-p", "no:guard"]
    subprocess.run(
        [sys.executable, "-m", "coverage", "run", "--branch", *extra, *pytest_args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(feature_repo: GitRepo) -> GitRepo:
    return feature_repo


def _diff_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["diff", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_diff_maps_existing_data_onto_the_change(repo: GitRepo, capsys: pytest.CaptureFixture[str]):
    _record_coverage(repo.path)
    code, document = _diff_json(capsys, "--root", str(repo.path))
    assert code == 1
    assert document["command"] == "diff"
    assert document["tests"] is None
    # Only the changed files are analysed, so there is no whole-project total.
    assert document["coverage"] is None
    assert [gate["id"] for gate in document["gates"]] == [
        "coverage.diff",
        "quality",
        "integrity",
    ]
    assert document["diff"]["uncovered_new_statements"] == 1
    findings = [(f["rule"], f["line"], f["new"]) for f in document["findings"]]
    assert findings == [
        ("coverage.missed-branch", 19, True),
        ("coverage.uncovered-line", 20, True),
        ("coverage.uncovered-line", 8, False),
    ]


def test_a_directory_of_shards_is_combined(repo: GitRepo, capsys: pytest.CaptureFixture[str]):
    _record_coverage(repo.path, "--parallel-mode")
    _record_coverage(repo.path, "--parallel-mode")
    shards = sorted(repo.path.glob(".coverage.*"))
    assert len(shards) == 2
    code, document = _diff_json(capsys, "--root", str(repo.path), "--data", ".")
    assert code == 1
    assert document["diff"]["new_statements"] == 5


def test_missing_data_is_exit_3(repo: GitRepo, capsys: pytest.CaptureFixture[str]):
    code, document = _diff_json(capsys, "--root", str(repo.path))
    assert code == 3
    assert document["errors"][0]["message"].startswith("no coverage data at ")


def test_source_edited_after_the_data_was_recorded_is_stale(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
):
    _record_coverage(repo.path)
    later = (repo.path / ".coverage").stat().st_mtime + 10
    os.utime(repo.path / "calc" / "ops.py", (later, later))
    code, document = _diff_json(capsys, "--root", str(repo.path))
    assert code == 3
    assert document["errors"][0]["message"] == (
        "stale coverage data: calc/ops.py changed after the data was recorded; "
        "rerun the tests to record fresh data"
    )


def test_data_naming_lines_past_the_end_of_a_file_is_stale(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
):
    _record_coverage(repo.path)
    ops = repo.path / "calc" / "ops.py"
    before = ops.stat().st_mtime
    ops.write_text("def sign(number):\n    return 1\n", encoding="utf-8")
    os.utime(ops, (before, before))
    code, document = _diff_json(capsys, "--root", str(repo.path))
    assert code == 3
    assert "names lines past the end of calc/ops.py" in document["errors"][0]["message"]


def test_data_from_another_checkout_names_the_paths_that_did_not_match(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    _record_coverage(repo.path)
    other = tmp_path / "other"
    shutil.copytree(repo.path, other)
    shutil.rmtree(repo.path / "calc")
    code, document = _diff_json(capsys, "--root", str(other))
    assert code == 3
    message = document["errors"][0]["message"]
    assert message.startswith("no measured file matches `source` in this checkout (the data names ")
    assert str(repo.path / "calc" / "ops.py") in message


def test_pytest_arguments_make_no_sense_for_diff(capsys: pytest.CaptureFixture[str]):
    assert main(["diff", "--", "-x"]) == 2
    assert "`guard diff` runs no tests" in capsys.readouterr().err


def test_data_whose_files_are_gone_here_is_not_a_pass(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    _record_coverage(repo.path)
    other = tmp_path / "other"
    shutil.copytree(repo.path, other)
    shutil.rmtree(repo.path)
    # `ghost` is not on disk, so guard cannot narrow the data to `source` paths.
    code, document = _diff_json(
        capsys, "--root", str(other), "--source", "calc", "--source", "ghost"
    )
    assert code == 3
    assert document["errors"][0]["message"].startswith(
        "no measured file matches `source` in this checkout (the data names "
    )


def test_paths_remapping_makes_data_from_another_checkout_usable(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    _record_coverage(repo.path)
    other = tmp_path / "other"
    shutil.copytree(repo.path, other)
    with (other / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[tool.coverage.paths]\nsource = ["calc/", "{repo.path}/calc/"]\n')
    shutil.rmtree(repo.path)
    code, document = _diff_json(capsys, "--root", str(other))
    assert code == 1
    assert document["diff"]["uncovered_new_statements"] == 1


def test_a_truncated_data_file_is_exit_3(repo: GitRepo, capsys: pytest.CaptureFixture[str]):
    _record_coverage(repo.path)
    data = repo.path / ".coverage"
    data.write_bytes(data.read_bytes()[:2048])
    code, document = _diff_json(capsys, "--root", str(repo.path))
    assert code == 3
    assert document["errors"][0]["message"].startswith("cannot read coverage data")


def test_a_change_with_no_python_in_it_passes_the_diff_gate(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
):
    repo.commit("feature")
    _record_coverage(repo.path)
    repo.write("README.md", "docs only\n")
    code, document = _diff_json(capsys, "--root", str(repo.path), "--base", "feature")
    assert code == 0
    assert document["diff"]["new_statements"] == 0
    assert document["findings"] == []


def test_a_rerun_reads_the_cache_and_leaves_the_worktree_clean(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
):
    _record_coverage(repo.path)
    first = _diff_json(capsys, "--root", str(repo.path))
    assert (repo.path / ".guard_cache" / "coverage-parser").is_dir()
    status = repo.git("status", "--porcelain", "--untracked-files=all")
    assert ".guard_cache" not in status
    assert _diff_json(capsys, "--root", str(repo.path)) == first


def test_no_cache_neither_reads_nor_writes_it(repo: GitRepo, capsys: pytest.CaptureFixture[str]):
    _record_coverage(repo.path)
    code, document = _diff_json(capsys, "--root", str(repo.path), "--no-cache")
    assert code == 1
    assert document["diff"]["uncovered_new_statements"] == 1
    assert not (repo.path / ".guard_cache").exists()


def test_cache_dir_moves_the_cache(repo: GitRepo, capsys: pytest.CaptureFixture[str]):
    _record_coverage(repo.path)
    (repo.path / "pyproject.toml").write_text(
        '[tool.guard]\nsource = ["calc"]\ncache_dir = "build/guard-cache"\n', encoding="utf-8"
    )
    _diff_json(capsys, "--root", str(repo.path))
    assert (repo.path / "build" / "guard-cache" / "coverage-parser").is_dir()
    assert not (repo.path / ".guard_cache").exists()


def test_coverage_only_leaves_the_other_gates_to_another_job(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
):
    _record_coverage(repo.path)
    code, document = _diff_json(capsys, "--root", str(repo.path), "--coverage-only")
    assert code == 1
    assert [gate["id"] for gate in document["gates"]] == ["coverage.diff"]
    assert document["risk"] is None
