"""One measured file's coverage record, from coverage.py's analysis or from the cache.

coverage.py's analysis of a file depends only on the file's text, the
exclusion and partial-branch regexes, and the arcs the tests executed in it.
An agent reruns guard after every edit, and the tests then execute the same
arcs in nearly every file, so the finished record is cached under a hash of
exactly those inputs: a rerun reads one small entry per unchanged file
instead of unpickling coverage's parser and redoing its analysis. Anything
that changes the outcome changes the key, so a stale record is never found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import coverage
from coverage.exceptions import CoverageException, NoSource, NotPython
from coverage.python import PythonFileReporter

from guard.cache import Cache
from guard.coverage_parsers import prime_parsers

NAMESPACE = "file-analysis"
_REGEX_LISTS = ("exclude", "partial", "partial_always")  # coverage's settings that shape analysis


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
    # Filled only for files the change touched: statements with a changed line
    # (any line of a multi-line statement counts), and the branches leaving them.
    new_statements: frozenset[int] = frozenset()
    new_branches: int = 0


@dataclass(frozen=True)
class UnreadableFile:
    """A measured file that coverage could not parse (bad syntax, bad encoding, gone)."""

    path: str
    reason: str


@dataclass(frozen=True)
class _Analysed:
    """What the cache keeps of one analysis: the record, and what maps changed lines onto it."""

    coverage: FileCoverage
    first_lines: Mapping[int, int]  # a line of a multi-line statement -> its first line
    branch_exits: Mapping[int, int]  # a branching statement -> how many ways it can go
    past_the_end: bool  # the data names a line the source does not have: stale data


@dataclass(frozen=True)
class Analyses:
    """The outcome for a set of files, in the order given."""

    files: list[FileCoverage]
    unreadable: list[UnreadableFile]
    past_the_end: list[str]


Selected = tuple[coverage.FileReporter, str, str]  # reporter, coverage's name, our path


def analyse_files(
    cov: coverage.Coverage,
    selected: Sequence[Selected],
    changed: Mapping[str, frozenset[int]],
    cache: Cache,
) -> Analyses:
    """Analyse each selected file, reading unchanged ones from `cache`."""
    keys, found = _lookup(cov, selected, cache)
    pending = [reporter for reporter, _, path in selected if path not in found]
    prime_parsers(cov, pending, cache)
    outcome = Analyses([], [], [])
    for reporter, morf, path in selected:
        analysed = found.get(path)
        if analysed is None:
            try:
                analysed = _record(cov, path, reporter, morf)
            except (NotPython, NoSource) as exc:
                outcome.unreadable.append(UnreadableFile(path, str(exc)))
                continue
            _store(cache, keys[path], analysed)
        if analysed.past_the_end:
            outcome.past_the_end.append(path)
        outcome.files.append(_with_change(analysed, changed.get(path, frozenset())))
    return outcome


def _lookup(
    cov: coverage.Coverage, selected: Sequence[Selected], cache: Cache
) -> tuple[dict[str, str | None], dict[str, _Analysed]]:
    """Each file's cache key (None: not cacheable), and the records the cache holds."""
    regexes = "\0".join(cov._exclude_regex(kind) for kind in _REGEX_LISTS)
    keys = {path: _key(cov, reporter, morf, regexes) for reporter, morf, path in selected}
    found: dict[str, _Analysed] = {}
    for path, key in keys.items():
        cached = cache.load(NAMESPACE, key) if key is not None else None
        if isinstance(cached, _Analysed):
            found[path] = cached
    return keys, found


def _store(cache: Cache, key: str | None, analysed: _Analysed) -> None:
    if key is not None:
        cache.store(NAMESPACE, key, analysed)


def _key(
    cov: coverage.Coverage, reporter: coverage.FileReporter, morf: str, regexes: str
) -> str | None:
    """The hash of everything the analysis depends on; None when only coverage can tell."""
    if not isinstance(reporter, PythonFileReporter):
        return None  # a plugin's reporter analyses in its own way
    try:
        text = reporter.source()  # kept by the reporter: the parse and the stale check reuse it
    except (OSError, CoverageException):
        return None  # coverage reports what is wrong with it
    arcs = sorted(cov.get_data().arcs(morf) or [])
    return Cache.fingerprint(NAMESPACE, reporter.filename, regexes, text, repr(arcs))


def _record(
    cov: coverage.Coverage, path: str, reporter: coverage.FileReporter, morf: str
) -> _Analysed:
    """coverage.py's own analysis of the file; raises NotPython or NoSource as coverage does."""
    analysis = cov._analyze(morf, file_reporter=reporter)
    missed = tuple(
        MissedBranch(start, end, reporter.missing_arc_description(start, end))
        for start, ends in sorted(analysis.missing_branch_arcs().items())
        for end in sorted(ends)
    )
    parser = getattr(reporter, "parser", None)
    first_lines = dict(getattr(parser, "multiline_map", {}))
    return _Analysed(
        coverage=FileCoverage(
            path=path,
            statements=frozenset(analysis.statements),
            missing=frozenset(analysis.missing),
            branches=analysis.numbers.n_branches,
            missed_branches=missed,
        ),
        first_lines=first_lines,
        branch_exits={line: exits for line, exits in analysis.exit_counts.items() if exits > 1},
        past_the_end=_names_lines_past_the_end(cov, reporter, morf),
    )


def _names_lines_past_the_end(
    cov: coverage.Coverage, reporter: coverage.FileReporter, morf: str
) -> bool:
    # An empty module still runs "line 1" on some Pythons, hence the floor of 1.
    recorded = cov.get_data().lines(morf) or [0]
    return max(recorded) > max(1, len(reporter.source().splitlines()))


def _with_change(analysed: _Analysed, changed: frozenset[int]) -> FileCoverage:
    """The record with the statements the change touched, and the branches leaving them."""
    record = analysed.coverage
    touched = {analysed.first_lines.get(line, line) for line in changed}
    new = frozenset(touched & record.statements)
    branches = sum(exits for line, exits in analysed.branch_exits.items() if line in new)
    return replace(record, new_statements=new, new_branches=branches)
