"""changed_files against real git repositories built in tmp_path."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from guard.errors import ToolError
from guard.git_diff import ChangeKind, ChangeSet, FileChange, changed_files, read_at
from guard.model import BaseInfo
from tests.git_repo import GIT_ENV, GitRepo

A, M, R, D, T = (
    ChangeKind.ADDED,
    ChangeKind.MODIFIED,
    ChangeKind.RENAMED,
    ChangeKind.DELETED,
    ChangeKind.TYPE_CHANGED,
)


def lines(*numbers: int) -> frozenset[int]:
    return frozenset(numbers)


@pytest.fixture(autouse=True)
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """main holds a.py ("a", "b", "c"); HEAD is a branch `feature` made from it."""
    made = GitRepo(tmp_path / "repo")
    made.write("a.py", "a\nb\nc\n")
    made.commit("base")
    made.git("checkout", "-q", "-b", "feature")
    return made


def main_sha(repo: GitRepo) -> str:
    return repo.git("rev-parse", "main").strip()


def test_committed_edit_counts_only_new_side_lines(repo: GitRepo) -> None:
    repo.write("a.py", "a\nB\nc\nd\n")
    repo.commit()

    changes = changed_files(repo.path)

    assert changes == ChangeSet(
        BaseInfo("main", main_sha(repo)), (FileChange("a.py", M, lines(2, 4)),)
    )
    assert changes.has_base


def test_committed_staged_unstaged_and_untracked_work_all_count(repo: GitRepo) -> None:
    repo.write("committed.py", "c\n")
    repo.write(".gitignore", "build/\n*.log\n")
    repo.commit()
    repo.write("staged.py", "s1\ns2\n")
    repo.git("add", "staged.py")
    repo.write("a.py", "a\nb\nC\n")  # unstaged
    repo.write("untracked.py", "u1\nu2\n")
    repo.write("build/ignored.py", "x\n")
    repo.write("run.log", "x\n")

    assert changed_files(repo.path).files == (
        FileChange(".gitignore", A, lines(1, 2)),
        FileChange("a.py", M, lines(3)),
        FileChange("committed.py", A, lines(1)),
        FileChange("staged.py", A, lines(1, 2)),
        FileChange("untracked.py", A, lines(1, 2), untracked=True),
    )


def test_staged_then_partly_reverted_in_the_worktree_shows_the_worktree(repo: GitRepo) -> None:
    repo.write("a.py", "A\nB\nc\n")
    repo.git("add", "a.py")
    repo.write("a.py", "a\nB\nc\n")

    assert changed_files(repo.path).files == (FileChange("a.py", M, lines(2)),)


def test_untracked_file_line_counts(repo: GitRepo) -> None:
    repo.write("empty.py", "")
    repo.write("no_newline.py", "a\nb")
    repo.write("crlf.py", "a\r\nb\r\n")
    repo.write("long.py", "x\n" * 10_000)  # longer than the 8000 bytes sniffed for binary
    repo.write("blob.bin", b"\x89PNG\0\0")

    assert changed_files(repo.path).files == (
        FileChange("blob.bin", A, binary=True, untracked=True),
        FileChange("crlf.py", A, lines(1, 2), untracked=True),
        FileChange("empty.py", A, untracked=True),
        FileChange("long.py", A, frozenset(range(1, 10_001)), untracked=True),
        FileChange("no_newline.py", A, lines(1, 2), untracked=True),
    )


def test_deleted_file_is_listed_without_lines(repo: GitRepo) -> None:
    (repo.path / "a.py").unlink()

    assert changed_files(repo.path).files == (FileChange("a.py", D),)


def test_untracking_a_file_makes_it_wholly_new_not_deleted(repo: GitRepo) -> None:
    repo.git("rm", "-q", "--cached", "a.py")

    assert changed_files(repo.path).files == (
        FileChange("a.py", A, lines(1, 2, 3), untracked=True),
    )


def test_intent_to_add_file_is_new(repo: GitRepo) -> None:
    repo.write("new.py", "n\n")
    repo.git("add", "-N", "new.py")

    assert changed_files(repo.path).files == (FileChange("new.py", A, lines(1)),)


def test_pure_rename_has_no_lines(repo: GitRepo) -> None:
    repo.git("mv", "a.py", "b.py")

    assert changed_files(repo.path).files == (FileChange("b.py", R, old_path="a.py"),)


def test_rename_with_edit_counts_only_the_edited_lines(repo: GitRepo) -> None:
    repo.write("a.py", "".join(f"line {n}\n" for n in range(1, 11)))
    repo.commit()
    repo.git("checkout", "-q", "-b", "moved")
    repo.git("mv", "a.py", "b.py")
    repo.write("b.py", "".join(f"line {n}\n" for n in range(1, 11)).replace("line 7", "seven"))

    assert changed_files(repo.path, base="feature").files == (
        FileChange("b.py", R, lines(7), old_path="a.py"),
    )


def test_binary_files_are_listed_without_lines(repo: GitRepo) -> None:
    repo.write("img.bin", b"\0\1\2")
    repo.commit()
    repo.git("checkout", "-q", "-b", "edit")
    repo.write("img.bin", b"\0\1\3")
    repo.write("new.bin", b"\0")
    repo.git("add", "new.bin")

    assert changed_files(repo.path, base="feature").files == (
        FileChange("img.bin", M, binary=True),
        FileChange("new.bin", A, binary=True),
    )


def test_mode_only_change_has_no_lines(repo: GitRepo) -> None:
    (repo.path / "a.py").chmod(0o755)

    assert changed_files(repo.path).files == (FileChange("a.py", M),)


def test_submodule_is_left_out_with_a_note(repo: GitRepo, tmp_path: Path) -> None:
    library = GitRepo(tmp_path / "library")
    library.write("lib.py", "x = 1\n")
    library.commit()
    repo.add_submodule(library, "vendor/lib")
    repo.commit()

    changes = changed_files(repo.path)

    assert changes.files == (FileChange(".gitmodules", A, lines(1, 2, 3)),)
    assert changes.notes == ("submodule vendor/lib changed; guard does not look inside submodules",)


def test_nested_repository_is_left_out_with_a_note(repo: GitRepo) -> None:
    GitRepo(repo.path / "nested")

    changes = changed_files(repo.path)

    assert changes.files == ()
    assert changes.notes == ("nested/ is a nested git repository; guard does not look inside it",)


def test_symlinks_are_listed_without_lines(repo: GitRepo) -> None:
    (repo.path / "committed_link").symlink_to("a.py")
    repo.write("was_file.py", "w\n")
    repo.commit()
    repo.git("checkout", "-q", "-b", "links")
    (repo.path / "was_file.py").unlink()
    (repo.path / "was_file.py").symlink_to("a.py")
    (repo.path / "committed_link").unlink()
    repo.write("committed_link", "now\na file\n")
    (repo.path / "untracked_link").symlink_to("missing")

    assert changed_files(repo.path, base="feature").files == (
        FileChange("committed_link", T, lines(1, 2)),
        FileChange("untracked_link", A, symlink=True, untracked=True),
        FileChange("was_file.py", T, symlink=True),
    )
    assert changed_files(repo.path, base="main").files[0] == FileChange(
        "committed_link", A, lines(1, 2)
    )


def test_new_symlink_is_listed_without_lines(repo: GitRepo) -> None:
    (repo.path / "link").symlink_to("a.py")
    repo.git("add", "link")

    assert changed_files(repo.path).files == (FileChange("link", A, symlink=True),)


def test_crlf_line_numbers(repo: GitRepo) -> None:
    repo.write("crlf.py", "one\r\ntwo\r\nthree\r\n")
    repo.commit()
    repo.git("checkout", "-q", "-b", "edit")
    repo.write("crlf.py", "one\r\nTWO\r\nthree\r\nfour\r\n")

    assert changed_files(repo.path, base="feature").files == (
        FileChange("crlf.py", M, lines(2, 4)),
    )


ODD_NAMES = ("sp ace.py", 'qu"ote.py', "ünï cødé.py", "new\nline.py", "tab\tand\\slash.py")
TEN_LINES = "".join(f"{n}\n" for n in range(1, 11))


def test_paths_with_spaces_quotes_unicode_and_newlines(repo: GitRepo) -> None:
    for name in ODD_NAMES:
        repo.write(name, TEN_LINES)
    repo.commit()
    repo.git("checkout", "-q", "-b", "edit")
    for name in ODD_NAMES:
        repo.write(name, TEN_LINES.replace("2\n", "TWO\n", 1))
    repo.git("mv", "sp ace.py", "moved\n“ sp ace”.py")
    repo.write('untracked "x"\n.py', "u\n")

    assert changed_files(repo.path, base="feature").files == (
        FileChange("moved\n“ sp ace”.py", R, lines(2), old_path="sp ace.py"),
        FileChange("new\nline.py", M, lines(2)),
        FileChange('qu"ote.py', M, lines(2)),
        FileChange("tab\tand\\slash.py", M, lines(2)),
        FileChange('untracked "x"\n.py', A, lines(1), untracked=True),
        FileChange("ünï cødé.py", M, lines(2)),
    )


def test_detached_head(repo: GitRepo) -> None:
    repo.write("a.py", "a\nb\nc\nd\n")
    repo.commit()
    repo.git("checkout", "-q", "--detach", "HEAD")

    changes = changed_files(repo.path, base="main")

    assert changes.base == BaseInfo("main", main_sha(repo))
    assert changes.files == (FileChange("a.py", M, lines(4)),)


def test_base_equal_to_head_with_a_clean_tree_is_empty(repo: GitRepo) -> None:
    assert changed_files(repo.path) == ChangeSet(BaseInfo("main", main_sha(repo)))


def test_single_commit_on_main_diffs_the_worktree_against_it(tmp_path: Path) -> None:
    only = GitRepo(tmp_path / "only")
    only.write("a.py", "a\n")
    sha = only.commit()

    assert changed_files(only.path) == ChangeSet(BaseInfo("main", sha))
    only.write("a.py", "a\nb\n")
    assert changed_files(only.path).files == (FileChange("a.py", M, lines(2)),)


def test_merge_base_not_the_base_tip_is_the_start(repo: GitRepo) -> None:
    fork = main_sha(repo)
    repo.write("a.py", "a\nb\nc\nmine\n")
    repo.commit()
    repo.git("checkout", "-q", "main")
    repo.write("theirs.py", "t\n")
    repo.commit()
    repo.git("checkout", "-q", "feature")

    changes = changed_files(repo.path)

    assert changes.base == BaseInfo("main", fork)
    assert changes.files == (FileChange("a.py", M, lines(4)),)


def test_origin_main_comes_before_main(repo: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.path), str(clone)], check=True)
    cloned = GitRepo(clone)  # on `feature`, which repo had checked out
    cloned.write("a.py", "a\nb\nc\nd\n")
    cloned.commit()
    cloned.git("branch", "main")  # a local main at HEAD would make the change empty

    changes = changed_files(clone)

    assert changes.base == BaseInfo("origin/main", main_sha(repo))
    assert changes.files == (FileChange("a.py", M, lines(4)),)


def test_master_is_the_last_default(tmp_path: Path) -> None:
    old = GitRepo(tmp_path / "old", branch="master")
    old.write("a.py", "a\n")
    sha = old.commit()
    old.write("a.py", "A\n")

    assert changed_files(old.path) == ChangeSet(
        BaseInfo("master", sha), (FileChange("a.py", M, lines(1)),)
    )


def test_no_default_base_means_no_base(repo: GitRepo) -> None:
    repo.git("branch", "-q", "-m", "main", "trunk")

    assert changed_files(repo.path) == ChangeSet(
        BaseInfo(), notes=("no diff: none of origin/main, main, master exists",)
    )
    assert not changed_files(repo.path).has_base


def test_empty_repository_has_no_base(tmp_path: Path) -> None:
    empty = GitRepo(tmp_path / "empty")
    empty.write("new.py", "x\n")

    assert changed_files(empty.path) == ChangeSet(
        BaseInfo(), notes=("no diff: none of origin/main, main, master exists",)
    )


def test_unborn_orphan_branch_has_no_base_unless_one_is_named(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "--orphan", "fresh")

    assert changed_files(repo.path) == ChangeSet(
        BaseInfo(), notes=("no diff: HEAD has no commits yet",)
    )
    with pytest.raises(ToolError) as caught:
        changed_files(repo.path, base="main")
    assert caught.value.message == "cannot diff against main: HEAD has no commits yet"


def test_missing_explicit_base_is_an_error_with_a_hint(repo: GitRepo) -> None:
    with pytest.raises(ToolError) as caught:
        changed_files(repo.path, base="origin/develop")

    assert caught.value.message == (
        "base origin/develop not found; fetch it, e.g. `git fetch origin develop`, "
        "or pass --base-sha"
    )
    assert caught.value.exit_code == 3


@pytest.mark.parametrize("name", ["", "main\nHEAD", "-x"])
def test_names_that_are_not_refs_are_not_found(repo: GitRepo, name: str) -> None:
    with pytest.raises(ToolError, match="not found; fetch it"):
        changed_files(repo.path, base=name)


def test_unrelated_histories_are_an_error(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "--orphan", "unrelated")
    repo.commit("root of another history")

    with pytest.raises(ToolError) as caught:
        changed_files(repo.path)

    assert caught.value.message == "main and HEAD have no common ancestor; pass --base-sha"


def test_shallow_clone_without_the_merge_base_says_how_to_deepen(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.write("a.py", "a\nb\nc\nfeature\n")
    repo.commit()
    repo.git("checkout", "-q", "main")
    repo.write("main.py", "m\n")
    repo.commit()
    clone = tmp_path / "shallow"
    url = repo.path.as_uri()
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-single-branch", url, str(clone)], check=True
    )
    GitRepo(clone).git("checkout", "-q", "feature")

    with pytest.raises(ToolError) as caught:
        changed_files(clone)

    assert caught.value.message == (
        "origin/main and HEAD have no common ancestor in this shallow clone; deepen it with "
        "`git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on actions/checkout), "
        "or pass --base-sha"
    )


def test_base_sha_skips_the_merge_base(repo: GitRepo) -> None:
    first = repo.commit("empty")
    repo.write("a.py", "a\nb\nc\nd\n")
    repo.commit()
    repo.write("a.py", "a\nb\nc\nd\ne\n")

    assert changed_files(repo.path, base_sha=first) == ChangeSet(
        BaseInfo(first, first), (FileChange("a.py", M, lines(4, 5)),)
    )
    assert changed_files(repo.path, base="origin/main", base_sha=first[:12]).base == BaseInfo(
        "origin/main", first
    )


def test_unknown_base_sha_is_an_error(repo: GitRepo) -> None:
    with pytest.raises(ToolError) as caught:
        changed_files(repo.path, base_sha="0123abc")

    assert caught.value.message == (
        "--base-sha 0123abc is not a commit in this repository; fetch it, "
        "e.g. `git fetch origin 0123abc`"
    )


def test_paths_are_relative_to_a_root_inside_the_repository(repo: GitRepo) -> None:
    repo.write("lib/moved.py", "1\n2\n3\n")
    repo.write("app/stay.py", "s\n")
    repo.write("app/old_name.py", "o\n")
    repo.commit()
    repo.git("checkout", "-q", "-b", "edit")
    (repo.path / "app/pkg").mkdir()
    repo.git("mv", "lib/moved.py", "app/pkg/moved.py")
    repo.write("app/pkg/moved.py", "1\n2\n3\n4\n")
    repo.git("mv", "app/old_name.py", "app/new_name.py")
    repo.write("app/stay.py", "S\n")
    repo.write("a.py", "outside\n")
    repo.write("app/fresh.py", "f\n")
    repo.write("other/fresh.py", "f\n")

    changes = changed_files(repo.path / "app", base="feature")

    assert changes.files == (
        FileChange("fresh.py", A, lines(1), untracked=True),
        FileChange("new_name.py", R, old_path="old_name.py"),
        FileChange("pkg/moved.py", R, lines(4), old_path="../lib/moved.py"),
        FileChange("stay.py", M, lines(1)),
    )


def test_submodule_outside_the_root_gets_no_note(repo: GitRepo, tmp_path: Path) -> None:
    library = GitRepo(tmp_path / "library")
    library.commit()
    repo.add_submodule(library, "vendor/lib")
    repo.write("app/x.py", "x\n")

    assert changed_files(repo.path / "app") == ChangeSet(
        BaseInfo("main", main_sha(repo)), (FileChange("x.py", A, lines(1), untracked=True),)
    )


def test_not_a_git_repository_means_no_base(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()

    assert changed_files(plain) == ChangeSet(BaseInfo(), notes=("no diff: not a git repository",))
    with pytest.raises(ToolError) as caught:
        changed_files(plain, base="main")
    assert caught.value.message == "cannot diff against main: not a git repository"


def test_missing_git_means_no_base_unless_one_is_named(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))

    assert changed_files(repo.path) == ChangeSet(
        BaseInfo(), notes=("no diff: git is not installed",)
    )
    with pytest.raises(ToolError) as caught:
        changed_files(repo.path, base_sha="abc")
    assert caught.value.message == "cannot diff against abc: git is not installed"


@pytest.mark.parametrize("make", [lambda path: None, lambda path: path.write_text("")])
def test_root_that_is_not_a_directory_is_an_error(
    tmp_path: Path, make: Callable[[Path], object]
) -> None:
    root = tmp_path / "not-a-dir"
    make(root)

    with pytest.raises(
        ToolError, match=f"^cannot run git in {root}: (No such file or directory|Not a directory)$"
    ):
        changed_files(root)


def test_broken_repository_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / ".git").write_text(f"gitdir: {tmp_path / 'gone'}\n")

    with pytest.raises(ToolError) as caught:
        changed_files(broken)

    assert (
        caught.value.message
        == f"git rev-parse failed: fatal: not a git repository: {tmp_path / 'gone'}"
    )


def test_root_without_a_work_tree_is_an_error(repo: GitRepo) -> None:
    with pytest.raises(ToolError) as caught:
        changed_files(repo.path / ".git")

    assert (
        caught.value.message == "git diff failed: fatal: this operation must be run in a work tree"
    )


def _hostile_change(repo: GitRepo, library: GitRepo) -> None:
    """A change whose diff every setting in HOSTILE would print differently."""
    repo.write("a.py", "".join(f"{n}\n" for n in range(1, 31)))
    repo.write("gone.py", "".join(f"gone {n}\n" for n in range(1, 11)))
    repo.commit()
    repo.git("checkout", "-q", "-b", "hostile")
    repo.write(
        "a.py",
        "".join(f"{n}\n" for n in range(1, 31))
        .replace("3\n", "three\n", 1)
        .replace("\n9\n", "\nnine\n"),
    )
    repo.git("mv", "gone.py", 'né "moved".py')
    repo.write(
        'né "moved".py', "".join(f"gone {n}\n" for n in range(1, 11)) + "\nadded after a blank\n"
    )
    repo.add_submodule(library, "vendor/lib")
    repo.write("scratch.py", "s\n")


HOSTILE = {
    "diff.noprefix": "true",
    "diff.mnemonicPrefix": "true",
    "diff.relative": "true",
    "diff.external": "false",
    "diff.context": "5",
    "diff.interHunkContext": "20",
    "diff.suppressBlankEmpty": "true",
    "diff.algorithm": "patience",
    "diff.renames": "false",
    "diff.renameLimit": "1",
    "diff.submodule": "log",
    "diff.ignoreSubmodules": "all",
    "diff.indentHeuristic": "false",
    "diff.orderFile": "{tmp}/order.txt",
    "diff.wsErrorHighlight": "all",
    "color.ui": "always",
    "color.diff": "always",
    "core.quotePath": "true",
    "core.fsmonitor": "/nonexistent/fsmonitor",
    "core.attributesFile": "{tmp}/binary-attributes",
    "core.excludesFile": "{tmp}/excludes",
}


def test_hostile_config_and_environment_change_nothing(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = GitRepo(tmp_path / "library")
    library.commit()
    _hostile_change(repo, library)
    expected = changed_files(repo.path, base="feature")
    assert [change.path for change in expected.files] == [
        ".gitmodules",
        "a.py",
        'né "moved".py',
        "scratch.py",
    ]
    assert expected.files[1] == FileChange("a.py", M, lines(3, 9))
    assert expected.files[2].added_lines == lines(11, 12)
    assert expected.notes == (
        "submodule vendor/lib changed; guard does not look inside submodules",
    )

    (tmp_path / "binary-attributes").write_text("*.py binary\n")
    (tmp_path / "excludes").write_text("scratch.py\n")
    (tmp_path / "order.txt").write_text("scratch.py\n*\n")
    for key, value in HOSTILE.items():
        repo.git("config", key, value.format(tmp=tmp_path))
    user_config = tmp_path / "user.gitconfig"
    user_config.write_text("[diff]\n\tnoprefix = true\n[color]\n\tui = always\n")
    elsewhere = GitRepo(tmp_path / "elsewhere")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(user_config))
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "diff.context")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "9")
    monkeypatch.setenv("GIT_DIR", str(elsewhere.path / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(elsewhere.path))
    monkeypatch.setenv("GIT_INDEX_FILE", str(tmp_path / "other-index"))
    monkeypatch.setenv("LANG", "de_DE.UTF-8")

    assert changed_files(repo.path, base="feature") == expected


def test_a_100000_line_diff(repo: GitRepo) -> None:
    repo.write("big.py", "".join(f"line {n}\n" for n in range(1, 100_001)))
    repo.commit()
    repo.git("checkout", "-q", "-b", "rewrite")
    edited = {n for n in range(1, 100_001) if n % 7 == 0}
    repo.write(
        "big.py",
        "".join(f"edit {n}\n" if n in edited else f"line {n}\n" for n in range(1, 100_001)),
    )
    repo.write("huge.py", "".join(f"new {n}\n" for n in range(1, 100_001)))
    repo.git("add", "huge.py")

    big, huge = changed_files(repo.path, base="feature").files

    assert big == FileChange("big.py", M, frozenset(edited))
    assert huge.path == "huge.py"
    assert huge.added_lines == frozenset(range(1, 100_001))


def test_ceiling_directories_are_respected(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("sub/x.py", "x\n")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo.path))

    assert changed_files(repo.path / "sub") == ChangeSet(
        BaseInfo(), notes=("no diff: not a git repository",)
    )


# --- reading files at the base ---------------------------------------------


def test_read_at_gives_each_file_as_it_was(repo: GitRepo):
    repo.write("pkg/a.py", "old\n")
    repo.write("pkg/b.py", b"\x00binary\xff")
    base = repo.commit("base")
    repo.write("pkg/a.py", "new\n")
    blobs = read_at(repo.path, base, ["pkg/a.py", "pkg/b.py", "pkg/absent.py"])
    assert blobs == {"pkg/a.py": b"old\n", "pkg/b.py": b"\x00binary\xff", "pkg/absent.py": None}


def test_read_at_works_from_a_subdirectory_root(repo: GitRepo):
    repo.write("service/app/main.py", "print('v1')\n")
    base = repo.commit("base")
    assert read_at(repo.path / "service", base, ["app/main.py"]) == {
        "app/main.py": b"print('v1')\n"
    }


def test_read_at_cannot_ask_for_a_path_with_a_newline(repo: GitRepo):
    base = repo.commit("empty")
    assert read_at(repo.path, base, ["odd\nname.py"]) == {"odd\nname.py": None}


def test_read_at_an_unknown_commit_reads_as_no_base_version(repo: GitRepo):
    repo.write("a.py", "x = 1\n")
    repo.commit("base")
    blobs = read_at(repo.path, "0" * 40, ["a.py"])
    assert blobs == {"a.py": None}


def test_read_at_outside_a_repository_is_a_tool_error(tmp_path: Path):
    with pytest.raises(ToolError, match="git cat-file failed"):
        read_at(tmp_path, "0" * 40, ["a.py"])
