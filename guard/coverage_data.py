"""Reads coverage.py data through its API into plain per-file records.

This is the only module that touches coverage's data and its analysis.
It combines every data file the run wrote (parallel mode, subprocesses), with
the project's own coverage configuration, so `[paths]`, `omit` and exclusion
rules apply exactly as `coverage report` would apply them. Branch analysis is
always on.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import coverage
from coverage.exceptions import (
    CoverageException,
    CoverageWarning,
    NoDataError,
    NoSource,
    NotPython,
)
from coverage.files import GlobMatcher, prep_patterns

from guard.errors import ToolError


@dataclass(frozen=True)
class MissedBranch:
    """A branch never taken, with coverage.py's own words for it."""

    from_line: int
    to_line: int
    description: str


@dataclass(frozen=True)
class FileCoverage:
    """One measured file: its statements, what did not run, and the branches not taken."""

    path: str
    statements: frozenset[int]
    missing: frozenset[int]
    branches: int
    missed_branches: tuple[MissedBranch, ...]


@dataclass(frozen=True)
class UnreadableFile:
    """A measured file that coverage could not parse (bad syntax, bad encoding, gone)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Measurement:
    """Every file coverage reports on, in path order."""

    files: tuple[FileCoverage, ...]
    unreadable: tuple[UnreadableFile, ...]


@contextlib.contextmanager
def working_directory(path: Path) -> Iterator[None]:
    """coverage resolves its config file and relative paths from the cwd."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def measure(
    root: Path, data_file: Path, data_paths: Sequence[Path], source: Sequence[str]
) -> Measurement:
    """Combine `data_paths` into `data_file` and analyse every file the data covers.

    A directory in `data_paths` contributes the files named like `data_file`
    plus a suffix (`.coverage.*`), as `coverage combine` does. `data_file` is
    written, so it must be a scratch path, never the user's own data.
    """
    with working_directory(root), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CoverageWarning)
        cov = coverage.Coverage(
            data_file=str(data_file), branch=True, source=list(source) or None, config_file=True
        )
        try:
            cov.combine([str(path) for path in data_paths], strict=True, keep=True)
        except NoDataError as exc:
            raise ToolError(f"no usable coverage data: {exc}", kind="coverage-data") from exc
        except CoverageException as exc:
            raise ToolError(f"cannot read coverage data: {exc}", kind="coverage-data") from exc
        # coverage skips a corrupt data file with only a warning; partial data must not pass.
        unusable = [str(w.message) for w in caught if "Couldn't use data file" in str(w.message)]
        if unusable:
            raise ToolError(f"cannot read coverage data: {unusable[0]}", kind="coverage-data")
        return _analyse_all(cov, root)


def _analyse_all(cov: coverage.Coverage, root: Path) -> Measurement:
    files: list[FileCoverage] = []
    unreadable: list[UnreadableFile] = []
    cov.get_data()
    for reporter, morf in _reportable(cov):
        path = _relative(reporter.filename, root)
        try:
            analysis = cov._analyze(morf, file_reporter=reporter)
        except (NotPython, NoSource) as exc:
            unreadable.append(UnreadableFile(path, str(exc)))
            continue
        missed = tuple(
            MissedBranch(start, end, reporter.missing_arc_description(start, end))
            for start, ends in sorted(analysis.missing_branch_arcs().items())
            for end in sorted(ends)
        )
        files.append(
            FileCoverage(
                path=path,
                statements=frozenset(analysis.statements),
                missing=frozenset(analysis.missing),
                branches=analysis.numbers.n_branches,
                missed_branches=missed,
            )
        )
    if not files and not unreadable:
        raise ToolError(
            "coverage measured no file of `source`; check `source` in [tool.guard]",
            kind="coverage-data",
        )
    files.sort(key=lambda item: item.path)
    unreadable.sort(key=lambda item: item.path)
    return Measurement(tuple(files), tuple(unreadable))


def _reportable(cov: coverage.Coverage) -> list[tuple[coverage.FileReporter, str]]:
    """The files `coverage report` would list: measured ones, less report include/omit."""
    pairs = cov._get_file_reporters(None)
    include = cov.config.report_include
    omit = cov.config.report_omit
    if include:
        matcher = GlobMatcher(prep_patterns(include), "report_include")
        pairs = [(fr, morf) for fr, morf in pairs if matcher.match(fr.filename)]
    if omit:
        matcher = GlobMatcher(prep_patterns(omit), "report_omit")
        pairs = [(fr, morf) for fr, morf in pairs if not matcher.match(fr.filename)]
    return [(fr, str(morf)) for fr, morf in pairs]


def _relative(filename: str, root: Path) -> str:
    absolute = Path(filename) if os.path.isabs(filename) else root / filename
    try:
        return absolute.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()
