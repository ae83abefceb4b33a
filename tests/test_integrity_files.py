"""Which files count as tests, and both sides of a change read as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from guard.git_diff import changed_files
from guard.integrity_files import config_sides, is_test_path, python_sources, read_changed_texts
from tests.git_repo import GitRepo


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_cart.py", True),
        ("tests/helpers/factories.py", True),
        ("src/shop/test_cart.py", True),
        ("shop/cart_test.py", True),
        ("conftest.py", True),
        ("testing/plugin.py", True),
        ("shop/cart.py", False),
        ("shop/testimonials.py", False),
        ("contest/entry.py", False),
    ],
)
def test_test_paths_are_told_from_source(path: str, expected: bool):
    assert is_test_path(path) is expected


@pytest.fixture
def repo(tmp_path: Path, git_env: None) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("shop/cart.py", "TOTAL = 1\n")
    repo.write("shop/old.py", "OLD = 1\n")
    repo.write("setup.cfg", "[coverage:run]\nbranch = true\n")
    repo.commit("base")
    return repo


def test_both_sides_of_each_change_are_read(repo: GitRepo):
    repo.write("shop/cart.py", "TOTAL = 2\n")
    repo.git("mv", "shop/old.py", "shop/renamed.py")
    repo.write("shop/new.py", "NEW = 1\n")
    repo.write("shop/latin.py", b"NAME = '\xe9'\n")
    texts = {
        text.path: text for text in read_changed_texts(repo.path, changed_files(repo.path, "HEAD"))
    }
    assert (texts["shop/cart.py"].base, texts["shop/cart.py"].head) == (
        "TOTAL = 1\n",
        "TOTAL = 2\n",
    )
    assert texts["shop/cart.py"].touched == {1}
    assert texts["shop/renamed.py"].base == "OLD = 1\n"
    assert texts["shop/new.py"].base is None
    assert texts["shop/latin.py"].head == "NAME = '\ufffd'\n"


def test_a_deleted_file_has_no_head_side(repo: GitRepo):
    (repo.path / "shop" / "cart.py").unlink()
    [text] = read_changed_texts(repo.path, changed_files(repo.path, "HEAD"))
    assert (text.path, text.base, text.head) == ("shop/cart.py", "TOTAL = 1\n", None)
    assert python_sources([text]) == []


def test_config_files_are_read_at_both_sides(repo: GitRepo):
    repo.write(".coveragerc", "[run]\nomit = shop/*\n")
    base, head = config_sides(repo.path, changed_files(repo.path, "HEAD"))
    assert base["setup.cfg"] == head["setup.cfg"] == "[coverage:run]\nbranch = true\n"
    assert base[".coveragerc"] is None
    assert head[".coveragerc"] == "[run]\nomit = shop/*\n"
    assert head["tox.ini"] is None
