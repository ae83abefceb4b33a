"""The two sides of each changed file, as text: what the integrity checks compare.

The head side is the working tree (uncommitted work included, as everywhere in
guard); the base side comes from the merge-base in one `git cat-file --batch`,
under the file's old path when it was renamed. Bytes are decoded as UTF-8 with
replacement: these checks read structure and comments, and a file that does
not decode is reported by the quality rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from guard.diff_parse import ChangeKind, FileChange
from guard.git_diff import ChangeSet, read_at

CONFIG_NAMES = (
    "pyproject.toml",
    ".coveragerc",
    ".coveragerc.toml",
    "setup.cfg",
    "tox.ini",
    "pytest.ini",
)


@dataclass(frozen=True)
class ChangedText:
    """One changed file: its path, both sides (None where absent), and the touched lines."""

    path: str
    base: str | None
    head: str | None
    touched: frozenset[int]


def is_test_path(path: str) -> bool:
    """Test modules, conftest files and anything under a `tests`/`test` directory."""
    posix = PurePosixPath(path)
    name = posix.name
    in_tests = any(part in ("tests", "test", "testing") for part in posix.parts[:-1])
    return (
        in_tests or name.startswith("test_") or name.endswith("_test.py") or (name == "conftest.py")
    )


def read_changed_texts(root: Path, changes: ChangeSet) -> list[ChangedText]:
    """Both sides of every changed file that is not binary, a symlink or a submodule."""
    readable = [change for change in changes.files if not (change.binary or change.symlink)]
    commit = changes.base.merge_base
    assert commit is not None
    existed = [change for change in readable if change.kind is not ChangeKind.ADDED]
    blobs = read_at(root, commit, [_base_path(change) for change in existed])
    texts = []
    for change in readable:
        base_blob = blobs.get(_base_path(change)) if change.kind is not ChangeKind.ADDED else None
        texts.append(
            ChangedText(
                path=change.path,
                base=_decoded(base_blob),
                head=_head_text(root, change),
                touched=change.added_lines,
            )
        )
    return texts


def config_sides(
    root: Path, changes: ChangeSet
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """The config files coverage and pytest read, at the base and at the head."""
    commit = changes.base.merge_base
    assert commit is not None
    base = {name: _decoded(blob) for name, blob in read_at(root, commit, CONFIG_NAMES).items()}
    head = {name: _read(root / name) for name in CONFIG_NAMES}
    return base, head


def python_sources(texts: Iterable[ChangedText]) -> list[ChangedText]:
    """The changed Python files that exist at the head."""
    return [text for text in texts if text.path.endswith(".py") and text.head is not None]


def _base_path(change: FileChange) -> str:
    return change.old_path or change.path


def _head_text(root: Path, change: FileChange) -> str | None:
    return None if change.kind is ChangeKind.DELETED else _read(root / change.path)


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:  # absent, or a directory
        return None


def _decoded(blob: bytes | None) -> str | None:
    return None if blob is None else blob.decode("utf-8", errors="replace")
