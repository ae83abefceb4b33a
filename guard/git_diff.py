"""Runs git to find what changed against a base: commits, staged, unstaged and untracked work.

An agent checks itself before it commits, so the change runs from the
merge-base of the base and HEAD to the working tree, plus untracked files. git
runs with its behaviour pinned: the user's config, the repository's config and
leaked GIT_* variables must not change a single line number. See docs/diff.md.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from guard.diff_parse import ChangeKind, FileChange, parse_diff
from guard.errors import ToolError
from guard.model import BaseInfo

__all__ = ["DEFAULT_BASES", "ChangeKind", "ChangeSet", "FileChange", "changed_files"]

DEFAULT_BASES = ("origin/main", "main", "master")

# Overrides for settings that a repository's own .git/config could hold. The
# user's global and system files are switched off through the environment.
# core.fsmonitor would run a program named in the repository's config.
_PINNED_CONFIG = (
    "core.quotePath=false core.fsmonitor=false core.attributesFile=/dev/null"
    " core.excludesFile=/dev/null core.safecrlf=false diff.noprefix=false color.ui=false"
    " diff.mnemonicPrefix=false diff.relative=false diff.suppressBlankEmpty=false"
)
_CONFIG_ARGS = tuple(arg for setting in _PINNED_CONFIG.split() for arg in ("-c", setting))
# Each flag overrides a setting that could change the output; -z --raw names files exactly.
_DIFF_FLAGS = (
    "--no-ext-diff --no-textconv --no-color --submodule=short --ignore-submodules=dirty"
    " -U0 --inter-hunk-context=0 --diff-algorithm=myers --indent-heuristic -M -l1000"
    " -O/dev/null --src-prefix=a/ --dst-prefix=b/ -z --raw -p"
)
_KEPT_GIT_ENV = frozenset({"GIT_EXEC_PATH", "GIT_CEILING_DIRECTORIES"})
_PINNED_ENV = {
    "LC_ALL": "C",  # git's messages are matched below, so they must be in English
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_ATTR_NOSYSTEM": "1",
    "GIT_OPTIONAL_LOCKS": "0",  # never write the index behind the user's back
    "GIT_TERMINAL_PROMPT": "0",
}
_NOT_A_REPO = "fatal: not a git repository (or any "
_BINARY_PROBE = 8000  # git calls a file binary when its first 8000 bytes hold a NUL


@dataclass(frozen=True)
class ChangeSet:
    """The files changed since the base, with paths relative to the project root.

    An empty `base` (no merge_base) means there is nothing to diff against:
    `notes` says why, and only the whole-project gates can apply.
    """

    base: BaseInfo
    files: tuple[FileChange, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def has_base(self) -> bool:
        """True when a base commit was found and `files` is the change against it."""
        return self.base.merge_base is not None


def changed_files(root: Path, base: str | None = None, base_sha: str | None = None) -> ChangeSet:
    """Return what changed under `root` since the base, including uncommitted work.

    `base` names the base ref; when None, the first of DEFAULT_BASES that
    exists is used. `base_sha` skips the merge-base and diffs from that commit.
    Raises ToolError when a base the caller named cannot be used.
    """
    asked = base_sha or base
    located = _locate(root)
    if isinstance(located, str):
        return _no_base(located, asked)
    prefix, shallow = located
    if base_sha is not None:
        start: BaseInfo | str = _given_start(root, base, base_sha)
    else:
        start = _merge_base(root, base, shallow)
    if isinstance(start, str):
        return _no_base(start, asked)
    diff = parse_diff(_git(root, "diff", *_DIFF_FLAGS.split(), str(start.merge_base), "--"))
    untracked, nested = _untracked(root)
    taken = {change.path for change in untracked}
    files = [change for change in _under(diff.files, prefix) if change.path not in taken]
    ordered = sorted([*files, *untracked], key=lambda change: change.path)
    return ChangeSet(start, tuple(ordered), _unexamined(diff.submodules, nested, prefix))


def _unexamined(submodules: Sequence[str], nested: Sequence[str], prefix: str) -> tuple[str, ...]:
    """Notes for the repositories inside this one that the diff does not look into."""
    notes = [
        f"submodule {path[len(prefix) :]} changed; guard does not look inside submodules"
        for path in submodules
        if path.startswith(prefix)
    ]
    notes += [
        f"{path} is a nested git repository; guard does not look inside it" for path in nested
    ]
    return tuple(notes)


def _no_base(reason: str, asked: str | None) -> ChangeSet:
    if asked is not None:
        raise ToolError(f"cannot diff against {asked}: {reason}", kind="git")
    return ChangeSet(BaseInfo(), notes=(f"no diff: {reason}",))


def _locate(root: Path) -> tuple[str, bool] | str:
    """Where `root` sits in its repository ("" or "dir/sub/"), and whether it is shallow."""
    try:
        proc = _run(root, "rev-parse", "--is-shallow-repository", "--show-cdup")
    except OSError as exc:
        if shutil.which("git") is None:
            return "git is not installed"
        raise ToolError(f"cannot run git in {root}: {exc.strerror}", kind="git") from exc
    if proc.returncode != 0:
        if _NOT_A_REPO in _text(proc.stderr):
            return "not a git repository"
        raise _failure("rev-parse", proc)
    # --show-cdup is only "../" steps: unlike --show-prefix it cannot hold a newline.
    shallow, cdup = _text(proc.stdout).split("\n")[:2]
    prefix = Path(os.path.relpath(root.resolve(), (root / cdup).resolve())).as_posix()
    return ("" if prefix == "." else prefix + "/"), shallow == "true"


def _given_start(root: Path, base: str | None, base_sha: str) -> BaseInfo:
    start = _resolve(root, [base_sha])[0]
    if start is None:
        raise ToolError(
            f"--base-sha {base_sha} is not a commit in this repository; fetch it, "
            f"e.g. `git fetch origin {base_sha}`",
            kind="git",
        )
    return BaseInfo(base or base_sha, start)  # `base`, if given, is only a label here


def _merge_base(root: Path, base: str | None, shallow: bool) -> BaseInfo | str:
    names = DEFAULT_BASES if base is None else (base,)
    *found, head = _resolve(root, [*names, "HEAD"])
    named = next(((name, sha) for name, sha in zip(names, found, strict=True) if sha), None)
    if named is None:
        if base is not None:
            raise ToolError(f"base {base} not found; {_fetch_hint(base)}", kind="git")
        return f"none of {', '.join(DEFAULT_BASES)} exists"
    if head is None:
        return "HEAD has no commits yet"
    name, sha = named
    proc = _run(root, "merge-base", sha, head)
    if proc.returncode == 0:
        return BaseInfo(name, _text(proc.stdout).strip())
    if shallow:
        raise ToolError(
            f"{name} and HEAD have no common ancestor in this shallow clone; deepen it with "
            "`git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on actions/checkout), "
            "or pass --base-sha",
            kind="git",
        )
    raise ToolError(f"{name} and HEAD have no common ancestor; pass --base-sha", kind="git")


def _fetch_hint(base: str) -> str:
    branch = base.split("/", 1)[-1]
    return f"fetch it, e.g. `git fetch origin {branch}`, or pass --base-sha"


def _resolve(root: Path, names: list[str]) -> list[str | None]:
    """Each name's commit sha, or None; one git process for all of them."""
    # One name per line: a name with a newline cannot be a ref, so it is asked as "".
    lines = ["" if "\n" in name else name + "^{commit}" for name in names]
    out = _git(root, "cat-file", "--batch-check", stdin="".join(line + "\n" for line in lines))
    shas: list[str | None] = []
    for line in out.split("\n")[: len(names)]:
        fields = line.split(" ")
        shas.append(fields[0] if len(fields) == 3 and fields[1] == "commit" else None)
    return shas


def _untracked(root: Path) -> tuple[list[FileChange], list[str]]:
    """Untracked, not ignored files under root (paths relative to it), and nested repositories."""
    out = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    files: list[FileChange] = []
    nested: list[str] = []
    for path in out.split("\0")[:-1]:
        if path.endswith("/"):  # git lists a nested repository as a directory
            nested.append(path)
        else:
            files.append(_untracked_file(root / path, path))
    return files, nested


def _untracked_file(file: Path, path: str) -> FileChange:
    if file.is_symlink():
        return FileChange(path, ChangeKind.ADDED, symlink=True, untracked=True)
    with file.open("rb") as stream:
        head = stream.read(_BINARY_PROBE)
        if b"\0" in head:
            return FileChange(path, ChangeKind.ADDED, binary=True, untracked=True)
        newlines, last = head.count(b"\n"), head[-1:]
        for block in iter(lambda: stream.read(1 << 20), b""):
            newlines, last = newlines + block.count(b"\n"), block[-1:]
    count = newlines + (last not in (b"", b"\n"))  # a last line without "\n" still counts
    return FileChange(path, ChangeKind.ADDED, frozenset(range(1, count + 1)), untracked=True)


def _under(changes: tuple[FileChange, ...], prefix: str) -> list[FileChange]:
    """The changes inside root, with paths made relative to it."""
    kept = []
    for change in changes:
        if change.path.startswith(prefix):
            old = change.old_path and posixpath.relpath(change.old_path, prefix or ".")
            kept.append(replace(change, path=change.path[len(prefix) :], old_path=old))
    return kept


def _run(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {
        key: setting
        for key, setting in os.environ.items()
        if not key.startswith("GIT_") or key in _KEPT_GIT_ENV
    }
    return subprocess.run(
        ["git", *_CONFIG_ARGS, *args],
        cwd=cwd,
        env=env | _PINNED_ENV,
        input=None if stdin is None else stdin.encode("utf-8", "surrogateescape"),
        capture_output=True,
        check=False,
    )


def _git(cwd: Path, *args: str, stdin: str | None = None) -> str:
    proc = _run(cwd, *args, stdin=stdin)
    if proc.returncode != 0:
        raise _failure(args[0], proc)
    return _text(proc.stdout)


def _failure(command: str, proc: subprocess.CompletedProcess[bytes]) -> ToolError:
    reason = _text(proc.stderr).strip().splitlines() or [f"exit status {proc.returncode}"]
    return ToolError(f"git {command} failed: {reason[-1]}", kind="git")


def _text(raw: bytes) -> str:
    # Paths and file contents need not be UTF-8; surrogateescape keeps every byte.
    return raw.decode("utf-8", "surrogateescape")


def read_at(root: Path, commit: str, paths: Sequence[str]) -> dict[str, bytes | None]:
    """The bytes of each root-relative path at `commit`; None where it did not exist.

    One `git cat-file --batch` for all paths. Its input is line-based, so a path
    holding a newline cannot be asked for and reads as None (no base version).
    """
    located = _locate(root)
    prefix = located[0] if isinstance(located, tuple) else ""
    askable = [path for path in paths if "\n" not in path]
    found: dict[str, bytes | None] = dict.fromkeys(paths)
    if not askable:
        return found
    request = "".join(f"{commit}:{prefix}{path}\n" for path in askable)
    proc = _run(root, "cat-file", "--batch", stdin=request)
    if proc.returncode != 0:
        raise _failure("cat-file", proc)
    output, offset = proc.stdout, 0
    for path in askable:
        header_end = output.index(b"\n", offset)
        header = output[offset:header_end].split(b" ")
        offset = header_end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[path] = output[offset : offset + size]
            offset += size + 1
    return found
