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
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import coverage
from coverage.exceptions import CoverageException, CoverageWarning, NoDataError
from coverage.files import GlobMatcher, prep_patterns

from guard.cache import Cache
from guard.errors import ToolError
from guard.file_analysis import FileCoverage, Selected, UnreadableFile, analyse_files


@dataclass(frozen=True)
class Measurement:
    """Every file coverage reports on, in path order."""

    files: tuple[FileCoverage, ...]
    unreadable: tuple[UnreadableFile, ...]
    # Changed Python files that coverage did not report on, split by whether
    # `source` should have measured them (a gap) or never covers them.
    unmeasured: tuple[str, ...] = ()
    outside_source: tuple[str, ...] = ()
    # Files whose data names lines past the end of the source: the data is stale.
    past_the_end: tuple[str, ...] = ()


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
    root: Path,
    data_paths: Sequence[Path],
    source: Sequence[str],
    changed: Mapping[str, frozenset[int]] | None = None,
    *,
    only_changed: bool = False,
    cache: Cache | None = None,
) -> Measurement:
    """Combine the data in `data_paths` and analyse every file it covers.

    A directory in `data_paths` contributes its `.coverage.*` files, as
    `coverage combine` does; the combined data goes to a scratch file, never
    the user's own. `changed` maps root-relative Python paths to their changed
    line numbers. With `only_changed` (and a `changed` map), only the changed
    files are analysed: the cost then follows the change, not the size of the
    project. `cache` keeps coverage's parse of each file content across runs.
    """
    with tempfile.TemporaryDirectory(prefix="guard-data-") as scratch, working_directory(root):
        cov = _combined(Path(scratch) / ".coverage", data_paths, source)
        roots = source_roots(root, source)
        # Data recorded without `source` (a plain `coverage run`) also holds the
        # tests; keep to `source` when every entry was found on disk.
        within = roots if roots and len(roots) == len(source) else None
        only = changed if only_changed and changed is not None else None
        parsers = cache or Cache(None)
        measurement = _analyse_all(cov, root, changed or {}, within, only, parsers)
        return _sort_unmeasured(cov, root, source, measurement, changed or {})


def _combined(
    data_file: Path, data_paths: Sequence[Path], source: Sequence[str]
) -> coverage.Coverage:
    """A Coverage object holding every shard's data; any unreadable shard is a ToolError."""
    cov = coverage.Coverage(
        data_file=str(data_file), branch=True, source=list(source) or None, config_file=True
    )
    failure: CoverageException | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CoverageWarning)
        try:
            cov.combine([str(path) for path in data_paths], strict=True, keep=True)
        except CoverageException as exc:
            failure = exc
    # coverage skips a corrupt data file with only a warning; partial data must not pass.
    unusable = [str(w.message) for w in caught if "Couldn't use data file" in str(w.message)]
    if unusable:
        raise ToolError(f"cannot read coverage data: {unusable[0]}", kind="coverage-data")
    if failure is not None:
        lead = "no usable" if isinstance(failure, NoDataError) else "cannot read"
        raise ToolError(f"{lead} coverage data: {failure}", kind="coverage-data")
    _require_branches(cov)
    return cov


def _require_branches(cov: coverage.Coverage) -> None:
    """Line-only data cannot show a missed branch: judged on it, every branch would pass."""
    recorded = cov.get_data()
    if recorded.measured_files() and not recorded.has_arcs():
        raise ToolError(
            "the coverage data has lines but no branches; record it with branch coverage "
            "(`coverage run --branch`, or `branch = true` in the coverage config)",
            kind="coverage-data",
        )


def _analyse_all(
    cov: coverage.Coverage,
    root: Path,
    changed: Mapping[str, frozenset[int]],
    within: list[Path] | None,
    only: Mapping[str, frozenset[int]] | None,
    cache: Cache,
) -> Measurement:
    selected, skipped, here = _select(cov, root, within, only)
    outcome = analyse_files(cov, selected, changed, cache)
    if not outcome.files and not outcome.unreadable and not here:
        raise _nothing_matches(skipped)
    return Measurement(
        tuple(sorted(outcome.files, key=lambda measured: measured.path)),
        tuple(sorted(outcome.unreadable, key=lambda gone: gone.path)),
        past_the_end=tuple(sorted(outcome.past_the_end)),
    )


def _nothing_matches(skipped: Sequence[str]) -> ToolError:
    named = f" (the data names {', '.join(sorted(skipped)[:3])})" if skipped else ""
    return ToolError(
        f"no measured file matches `source` in this checkout{named}; check `source` in "
        "[tool.guard], or remap paths with [paths] or relative_files in the coverage config",
        kind="coverage-data",
    )


def _select(
    cov: coverage.Coverage,
    root: Path,
    within: list[Path] | None,
    only: Mapping[str, frozenset[int]] | None,
) -> tuple[list[Selected], list[str], bool]:
    """The reporters to analyse with their root-relative paths, the names skipped, and
    whether any file the data names exists in this checkout."""
    selected: list[Selected] = []
    skipped: list[str] = []
    here = False
    for reporter, morf in _reportable(cov):
        if within is not None and not _inside(Path(reporter.filename).resolve(), within):
            skipped.append(reporter.filename)
            continue
        path = _relative(reporter.filename, root)
        if only is not None and path not in only:
            here = here or (root / path).is_file()
            skipped.append(reporter.filename)
            continue
        selected.append((reporter, morf, path))
    return selected, skipped, here


def _sort_unmeasured(
    cov: coverage.Coverage,
    root: Path,
    source: Sequence[str],
    measurement: Measurement,
    changed: Mapping[str, frozenset[int]],
) -> Measurement:
    """Split changed files coverage did not report on: under `source` (a gap) or not."""
    reported = {file.path for file in measurement.files} | {
        gone.path for gone in measurement.unreadable
    }
    omit = [*(cov.config.run_omit or []), *(cov.config.report_omit or [])]
    omitted = GlobMatcher(prep_patterns(omit), "omit") if omit else None
    roots = source_roots(root, source)
    unmeasured: list[str] = []
    outside: list[str] = []
    for path in sorted(set(changed) - reported):
        absolute = (root / path).resolve()
        inside = _inside(absolute, roots)
        if inside and not (omitted and omitted.match(str(absolute))):
            unmeasured.append(path)
        else:
            outside.append(path)
    return replace(measurement, unmeasured=tuple(unmeasured), outside_source=tuple(outside))


def _inside(path: Path, tops: Sequence[Path]) -> bool:
    return any(path == top or top in path.parents for top in tops)


def source_roots(root: Path, source: Sequence[str]) -> list[Path]:
    """Where each `source` entry lives: a directory or file path, or an importable name."""
    roots: list[Path] = []
    for entry in source:
        dotted = entry.replace(".", "/")
        for candidate in (entry, dotted, f"{dotted}.py", f"src/{dotted}", f"src/{dotted}.py"):
            if (root / candidate).exists():
                roots.append((root / candidate).resolve())
                break
    return roots


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
