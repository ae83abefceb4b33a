"""Parses `git diff -z --raw -p -U0` output into one record per changed file.

Pure: no git, no files, so every shape of git output is unit-tested from a
recorded string. The NUL-separated raw section names each file exactly, even
with a newline in its name; the patch that follows is only read for its hunk
headers and `+` lines. Patch chunks are paired with raw records by position,
and each chunk's `diff --git` line must match the path git would print for
that record, so a misread can only end in an error, never in wrong lines.
See docs/diff.md.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import NamedTuple

from guard.errors import ToolError

_HUNK = re.compile(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_SUBMODULE = "160000"
_SYMLINK = "120000"
_ABSENT = "000000"
# git's C-style quoting (quote.c): these characters make a path quoted.
_ESCAPES = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r"}
_ESCAPES |= {'"': '"', "\\": "\\"}


class ChangeKind(str, enum.Enum):
    """What happened to a file between the base and the working tree."""

    ADDED = "added"
    MODIFIED = "modified"  # content, mode, or both
    RENAMED = "renamed"  # possibly edited as well; old_path says from where
    DELETED = "deleted"
    TYPE_CHANGED = "type-changed"  # file <-> symlink <-> submodule


_KINDS = {
    "A": ChangeKind.ADDED,
    "M": ChangeKind.MODIFIED,
    "R": ChangeKind.RENAMED,
    "D": ChangeKind.DELETED,
    "T": ChangeKind.TYPE_CHANGED,
}


@dataclass(frozen=True)
class FileChange:
    """One changed path and the new-side line numbers that were added or changed.

    `added_lines` is empty for deletions, pure renames, mode-only changes,
    binary files and symlinks: there is no new source line to test.
    """

    path: str
    kind: ChangeKind
    added_lines: frozenset[int] = frozenset()
    old_path: str | None = None
    binary: bool = False
    symlink: bool = False
    untracked: bool = False


class ParsedDiff(NamedTuple):
    """The files of a diff, and the submodule paths it left out."""

    files: tuple[FileChange, ...]
    submodules: tuple[str, ...]


class _Raw(NamedTuple):
    status: str
    old_mode: str
    new_mode: str
    old_path: str
    path: str


def parse_diff(output: str) -> ParsedDiff:
    """Parse the output of `git diff -z --raw -p -U0 --src-prefix=a/ --dst-prefix=b/`.

    Paths are as git prints them: relative to the repository's top level.
    Raises ToolError when the text is not what that command prints.
    """
    records, patch = _split_raw(output)
    chunks = _split_patch(patch)
    files: list[FileChange] = []
    submodules: list[str] = []
    used = 0
    for raw in records:
        count = 2 if raw.status == "T" else 1  # git prints a type change as delete + add
        mine = chunks[used : used + count]
        used += count
        if len(mine) < count:
            raise _bad(f"no patch for {raw.path!r}")
        for chunk in mine:
            _check_header(chunk[0], raw)
        if _SUBMODULE in (raw.new_mode, _old_mode_if_deleted(raw)):
            submodules.append(raw.path)
        else:
            files.append(_file_change(raw, mine[-1]))
    if used != len(chunks):
        raise _bad(f"{len(chunks) - used} patch(es) without a raw record")
    return ParsedDiff(tuple(files), tuple(submodules))


def _split_raw(output: str) -> tuple[list[_Raw], str]:
    records: list[_Raw] = []
    pos = 0
    try:
        while output.startswith(":", pos):
            end = output.index("\0", pos)
            fields = output[pos + 1 : end].split(" ")
            status, pos = fields[4][:1], end + 1
            names = []
            for _ in range(2 if status in ("R", "C") else 1):  # a rename or copy names both sides
                end = output.index("\0", pos)
                names.append(output[pos:end])
                pos = end + 1
            records.append(_Raw(status, fields[0], fields[1], names[0], names[-1]))
    except (ValueError, IndexError):
        raise _bad("truncated raw record") from None
    if pos < len(output) and output[pos] != "\0":
        raise _bad("no separator after the raw records")
    return records, output[pos + 1 :]


def _split_patch(patch: str) -> list[list[str]]:
    # A content line always starts with "+", "-", " " or "\", so a line that
    # starts with "diff --git " is always a file header.
    if not patch:
        return []
    if not patch.startswith("diff --git "):
        raise _bad("the patch does not start with 'diff --git'")
    text = patch[len("diff --git ") :].removesuffix("\n")
    return [chunk.split("\n") for chunk in text.split("\ndiff --git ")]


def _check_header(header: str, raw: _Raw) -> None:
    expected = f"{_quote('a/' + raw.old_path)} {_quote('b/' + raw.path)}"
    if header != expected:
        raise _bad(f"patch header {header!r} does not match {raw.path!r}")


def _quote(path: str) -> str:
    """Quote a path the way git does with core.quotePath=false."""
    if not any(char in _ESCAPES or char < " " or char == "\x7f" for char in path):
        return path
    out = []
    for char in path:
        if char in _ESCAPES:
            out.append("\\" + _ESCAPES[char])
        elif char < " " or char == "\x7f":
            out.append(f"\\{ord(char):03o}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _old_mode_if_deleted(raw: _Raw) -> str:
    return raw.old_mode if raw.new_mode == _ABSENT else _ABSENT


def _file_change(raw: _Raw, chunk: list[str]) -> FileChange:
    kind = _KINDS.get(raw.status)
    if kind is None:
        raise _bad(f"unexpected status {raw.status!r} for {raw.path!r}")
    binary, lines = _added_lines(chunk)
    symlink = _SYMLINK in (raw.new_mode, _old_mode_if_deleted(raw))
    if kind is ChangeKind.DELETED or binary or symlink:
        lines = []
    old_path = raw.old_path if kind is ChangeKind.RENAMED else None
    return FileChange(raw.path, kind, frozenset(lines), old_path, binary, symlink)


def _added_lines(chunk: list[str]) -> tuple[bool, list[int]]:
    """The new-side numbers of `+` lines, counting context lines if there are any."""
    start = next((i for i, line in enumerate(chunk) if line.startswith("@@")), len(chunk))
    binary = any(line.startswith("Binary files ") for line in chunk[:start])
    added: list[int] = []
    line_no = end = 0
    for line in chunk[start:]:
        tag = line[:1]
        if tag == "+":
            added.append(line_no)
            line_no += 1
        elif tag == "@":
            _check_count(line_no, end)
            match = _HUNK.match(line)
            if match is None:
                raise _bad(f"bad hunk header {line!r}")
            line_no = int(match[1])
            end = line_no + int(match[2] or "1")
        elif tag in (" ", ""):  # "" is an empty context line under diff.suppressBlankEmpty
            line_no += 1
    _check_count(line_no, end)
    return binary, added


def _check_count(line_no: int, end: int) -> None:
    if line_no != end:
        raise _bad("a hunk's line count does not match its header")


def _bad(detail: str) -> ToolError:
    return ToolError(f"could not parse git diff output: {detail}", kind="git")
