"""Which files the quality rules read: Python files under the given paths, minus excludes.

The walk never follows a symlinked directory, so a symlink loop cannot trap it,
and it skips what is never project code: hidden directories, `__pycache__`,
virtual environments (a directory holding `pyvenv.cfg`) and `*.egg-info`.
Paths are root-relative and posix, as everywhere in guard's reports.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guard.coverage_data import source_roots


@dataclass(frozen=True)
class Scope:
    """The files to analyse, and those an `exclude` glob left out."""

    files: tuple[str, ...]
    excluded: tuple[str, ...]


def source_paths(root: Path, source: Sequence[str]) -> list[str]:
    """`source` as root-relative posix paths (an entry may be an importable name)."""
    return [
        Path(path).relative_to(root.resolve()).as_posix() for path in source_roots(root, source)
    ]


def is_excluded(path: str, patterns: Sequence[str]) -> bool:
    """Whether a root-relative posix path matches one of the `exclude` globs."""
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def python_files(root: Path, entries: Sequence[str], exclude: Sequence[str]) -> Scope:
    """Every `.py` file under each entry (a directory or a file), sorted and unique."""
    found: set[str] = set()
    for entry in entries:
        target = root / entry
        if target.is_file():
            found.add(_relative(root, target))
        elif target.is_dir():
            found.update(_walk(root, target))
    kept = sorted(path for path in found if not is_excluded(path, exclude))
    return Scope(tuple(kept), tuple(sorted(found - set(kept))))


def _walk(root: Path, top: Path) -> list[str]:
    files: list[str] = []
    for directory, subdirectories, names in os.walk(top):  # followlinks=False: no loops
        subdirectories[:] = sorted(
            name for name in subdirectories if not _skipped_directory(Path(directory, name))
        )
        here = Path(directory)
        files.extend(_relative(root, here / name) for name in names if name.endswith(".py"))
    return files


def _skipped_directory(path: Path) -> bool:
    name = path.name
    return (
        name.startswith(".")
        or name == "__pycache__"
        or name.endswith(".egg-info")
        or (path / "pyvenv.cfg").exists()
    )


def _relative(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()
