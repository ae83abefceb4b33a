"""Which files the quality rules read: the walk, what it skips, `exclude`, symlink loops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guard.quality_scope import Scope, is_excluded, python_files


def _write(root: Path, *paths: str) -> None:
    for relative in paths:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("VALUE = 1\n", encoding="utf-8")


def test_python_files_under_a_directory_and_single_files_are_found(tmp_path: Path):
    _write(tmp_path, "pkg/__init__.py", "pkg/sub/calc.py", "pkg/notes.txt", "tools/run.py")
    scope = python_files(tmp_path, ["pkg", "tools/run.py"], [])
    assert scope == Scope(("pkg/__init__.py", "pkg/sub/calc.py", "tools/run.py"), ())


def test_hidden_directories_caches_egg_info_and_virtual_environments_are_skipped(
    tmp_path: Path,
):
    _write(
        tmp_path,
        "pkg/calc.py",
        "pkg/.hidden/secret.py",
        ".git/hooks/pre_commit.py",
        "pkg/__pycache__/calc.py",
        "pkg.egg-info/setup_info.py",
        "env/lib/python3.11/site-packages/dependency.py",
    )
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    assert python_files(tmp_path, ["."], []).files == ("pkg/calc.py",)


def test_exclude_globs_leave_files_out_and_list_them(tmp_path: Path):
    _write(
        tmp_path,
        "app/models.py",
        "app/migrations/0001_initial.py",
        "pkg/generated_api.py",
        "pkg/api.py",
    )
    scope = python_files(tmp_path, ["app", "pkg"], ["*/migrations/*", "pkg/generated_*.py"])
    assert scope.files == ("app/models.py", "pkg/api.py")
    assert scope.excluded == ("app/migrations/0001_initial.py", "pkg/generated_api.py")


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("app/migrations/0001_initial.py", True),
        ("deep/app/migrations/0001_initial.py", True),  # `*` crosses directories
        ("migrations.py", False),
        ("pkg/generated_api.py", True),
        ("pkg/api_generated.py", False),
    ],
)
def test_is_excluded_matches_root_relative_posix_paths(path: str, excluded: bool):
    assert is_excluded(path, ["*/migrations/*", "pkg/generated_*.py"]) is excluded


def test_a_symlink_loop_neither_hangs_the_walk_nor_repeats_a_file(tmp_path: Path):
    _write(tmp_path, "pkg/calc.py", "pkg/sub/tax.py")
    os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "sub" / "loop")  # a directory to its parent
    scope = python_files(tmp_path, ["pkg"], [])
    assert scope.files == ("pkg/calc.py", "pkg/sub/tax.py")


def test_a_missing_entry_is_ignored(tmp_path: Path):
    _write(tmp_path, "pkg/calc.py")
    assert python_files(tmp_path, ["gone", "pkg", "gone.py"], []).files == ("pkg/calc.py",)


def test_overlapping_entries_give_each_file_once_in_sorted_order(tmp_path: Path):
    _write(tmp_path, "pkg/z_last.py", "pkg/sub/inner.py", "pkg/a_first.py")
    scope = python_files(tmp_path, ["pkg/sub", "pkg/z_last.py", "pkg", "./pkg/a_first.py"], [])
    assert scope.files == ("pkg/a_first.py", "pkg/sub/inner.py", "pkg/z_last.py")
