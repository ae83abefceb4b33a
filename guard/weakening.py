"""Finds changes that lower the bar instead of meeting it.

guard judges a change by the bar its base set. An agent that cannot reach that
bar can instead widen `omit`, add an `exclude_also` regex, lower `fail_under` or
add a `# pragma: no cover`: each makes the gate pass without one new test. This
module finds the configuration side (`integrity.config-weakened`); the source
side lives in guard/new_exclusions.py. Both sides are read by coverage.py
itself, so any spelling coverage accepts is caught, and the functions are pure:
the caller passes the texts of the base and the head.
"""

from __future__ import annotations

import enum
import importlib
import re
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias, cast

import coverage
from coverage.exceptions import CoverageWarning

from guard.coverage_data import working_directory
from guard.model import Finding, Severity
from guard.options import OPTIONS, Kind, OptionSpec

# tomli became tomllib in 3.11. One expression, not an if/else, so that neither
# interpreter leaves a line unrun; both raise a ValueError subclass on bad TOML.
_toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

RULE = "integrity.config-weakened"

# Where coverage.py looks, in its own order of preference.
CONFIG_FILE_NAMES = (".coveragerc", ".coveragerc.toml", "setup.cfg", "tox.ini", "pyproject.toml")

Setting: TypeAlias = "tuple[str, ...] | float | bool | str"

_SPECS: dict[str, OptionSpec] = {spec.name: spec for spec in OPTIONS}
_RANKS = _SPECS["min_maintainability"].choices  # A, B, C: later is looser


class Direction(enum.Enum):
    """Which way a setting moves when it lets more through."""

    MORE = "more entries loosen"  # omit, exclude_also, allowed_names
    FEWER = "fewer entries loosen"  # source, meaningless_names
    NARROWER = "a narrower set loosens"  # include, where no entries means every file
    LOWER = "a lower value loosens"  # fail_under
    HIGHER = "a higher value loosens"  # max_*, min_maintainability
    OFF = "turning it off loosens"  # branch, all_findings


@dataclass(frozen=True)
class Threshold:
    """Settings that together set one part of the bar, and what loosening them lets through.

    Entries of list settings are compared across all `keys`, so that moving a
    pattern from `exclude_lines` to `exclude_also` is no finding.
    """

    keys: tuple[str, ...]
    direction: Direction
    effect: str


COVERAGE_THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(("run:omit", "report:omit"), Direction.MORE, "files matching it stop counting"),
    Threshold(
        ("report:exclude_lines", "report:exclude_also"),
        Direction.MORE,
        "lines matching it stop counting",
    ),
    Threshold(
        ("report:partial_branches", "report:partial_also"),
        Direction.MORE,
        "branches from lines matching it stop counting",
    ),
    Threshold(("run:plugins",), Direction.MORE, "a plugin now decides what is measured"),
    Threshold(("paths",), Direction.MORE, "data recorded elsewhere can stand for these files"),
    Threshold(("run:include",), Direction.NARROWER, "files outside it stop counting"),
    Threshold(("report:include",), Direction.NARROWER, "files outside it stop counting"),
    Threshold(("run:source", "run:source_pkgs"), Direction.FEWER, "files there stop counting"),
    Threshold(("run:branch",), Direction.OFF, "branches stop counting"),
    Threshold(("report:fail_under",), Direction.LOWER, "a lower total passes"),
)

_NAMES_ACCEPTED = "the naming rules accept more names"
_NAMES_FLAGGED = "the naming rules flag fewer names"

GUARD_THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(("fail_under",), Direction.LOWER, "a lower total passes"),
    Threshold(("source",), Direction.FEWER, "files there stop counting"),
    Threshold(("exclude",), Direction.MORE, "files matching it skip the quality rules"),
    Threshold(("all_findings",), Direction.OFF, "findings the change did not add stop failing"),
    Threshold(("min_maintainability",), Direction.HIGHER, "less maintainable modules pass"),
    Threshold(("allowed_names",), Direction.MORE, _NAMES_ACCEPTED),
    Threshold(("short_names",), Direction.MORE, _NAMES_ACCEPTED),
    Threshold(("imposed_names",), Direction.MORE, _NAMES_ACCEPTED),
    Threshold(("meaningless_names",), Direction.FEWER, _NAMES_FLAGGED),
    Threshold(("vague_module_names",), Direction.FEWER, _NAMES_FLAGGED),
    Threshold(("vague_class_names",), Direction.FEWER, _NAMES_FLAGGED),
    Threshold(("test_module_names",), Direction.MORE, "more files count as a module's tests"),
    Threshold(("protected_paths",), Direction.FEWER, "changes to those paths stop being flagged"),
    *(
        Threshold((spec.name,), Direction.HIGHER, "bigger or more tangled code passes")
        for spec in OPTIONS
        if spec.name.startswith("max_") and spec.kind is Kind.INTEGER
    ),
)

# How each file spells coverage's sections; .coveragerc and .coveragerc.toml use them bare.
_SECTION_NAMES = {
    "pyproject.toml": "tool.coverage.{}",
    "setup.cfg": "coverage:{}",
    "tox.ini": "coverage:{}",
}
_COVERAGE_KEYS = tuple(key for threshold in COVERAGE_THRESHOLDS for key in threshold.keys)

_VALID: dict[Kind, Callable[[object], bool]] = {
    Kind.NUMBER: lambda raw: isinstance(raw, (int, float)) and not isinstance(raw, bool),
    Kind.INTEGER: lambda raw: isinstance(raw, int) and not isinstance(raw, bool),
    Kind.BOOLEAN: lambda raw: isinstance(raw, bool),
    Kind.STRING: lambda raw: isinstance(raw, str),
    Kind.STRINGS: lambda raw: (
        isinstance(raw, (list, tuple)) and all(isinstance(entry, str) for entry in raw)
    ),
}


@dataclass(frozen=True)
class ConfigFiles:
    """The texts of the config files at one revision, by root-relative name; None = absent."""

    files: Mapping[str, str | None]


@dataclass(frozen=True)
class CoverageSettings:
    """One revision's effective coverage.py and guard settings, as each tool reads them."""

    coverage: Mapping[str, Setting]  # by coverage option name: "run:omit", "paths", ...
    guard: Mapping[str, Setting]  # the `[tool.guard]` keys that set a bar, defaults filled in
    exclude_regex: str  # the one regex coverage excludes lines with
    partial_regex: str  # the one regex that excuses a line's branches
    config_file: str | None = None  # the file coverage took its settings from
    unreadable: str | None = None  # why the files could not be read; the rest is defaults


def effective_coverage_settings(files: ConfigFiles, scratch: Path) -> CoverageSettings:
    """Read `files` exactly as coverage.py and guard would, in a fresh directory under `scratch`.

    coverage picks the first of .coveragerc, .coveragerc.toml, setup.cfg,
    tox.ini and pyproject.toml that holds its settings, so a file that appears
    for the first time counts. Files that cannot be read give the defaults,
    with the reason in `unreadable`. `COVERAGE_RCFILE`, if set, applies here as
    it would in the real run.
    """
    with tempfile.TemporaryDirectory(prefix="guard-config-", dir=scratch) as side:
        directory = Path(side)
        for name in CONFIG_FILE_NAMES:
            text = files.files.get(name)
            if text is not None:
                (directory / name).write_text(text, encoding="utf-8")
        try:
            cov = _read_coverage(directory)
            guard = _guard_settings(files.files.get("pyproject.toml"))
        # Not only CoverageException: coverage's TOML reader raises TypeError on
        # `tool = "x"`. Whatever stops the reading, the comparison fails closed.
        except Exception as exc:
            return _settings(coverage.Coverage(config_file=False), _guard_settings(None), str(exc))
        return _settings(cov, guard)


def weakened_config_findings(base: ConfigFiles, head: ConfigFiles, scratch: Path) -> list[Finding]:
    """A finding for each setting the head loosened against the base.

    A head that cannot be read is one finding: guard cannot tell what it allows,
    so it fails closed. A base that cannot be read counts as the defaults.
    """
    before = effective_coverage_settings(base, scratch)
    after = effective_coverage_settings(head, scratch)
    if after.unreadable is not None:
        return [_unreadable(after.unreadable)]
    return [*_coverage_findings(before, after, head), *_guard_findings(before, after, head)]


def _read_coverage(directory: Path) -> coverage.Coverage:
    # coverage resolves its config files from the cwd; an unknown option is only
    # a warning there, and no reason to stop comparing.
    with working_directory(directory), warnings.catch_warnings():
        warnings.simplefilter("ignore", CoverageWarning)
        return coverage.Coverage(config_file=True)


def _guard_settings(pyproject: str | None) -> dict[str, Setting]:
    table = _guard_table(pyproject)
    return {
        threshold.keys[0]: _checked(_SPECS[threshold.keys[0]], table)
        for threshold in GUARD_THRESHOLDS
    }


def _guard_table(pyproject: str | None) -> dict[str, object]:
    if pyproject is None:
        return {}
    tool = _toml.loads(pyproject).get("tool", {})
    table = tool.get("guard", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ValueError("pyproject.toml: [tool.guard] is not a table")
    return table


def _checked(spec: OptionSpec, table: Mapping[str, object]) -> Setting:
    raw = table.get(spec.name, spec.default)
    if not _VALID[spec.kind](raw) or (spec.choices and raw not in spec.choices):
        raise ValueError(f"pyproject.toml: [tool.guard] {spec.name} is not {spec.kind.expected}")
    return _normalized(raw)


def _settings(
    cov: coverage.Coverage, guard: Mapping[str, Setting], unreadable: str | None = None
) -> CoverageSettings:
    options = {key: _normalized(cov.get_option(key)) for key in _COVERAGE_KEYS}
    # coverage appends the *_also lists to their main lists; keep each entry under one key.
    for main, also in (("exclude_lines", "exclude_also"), ("partial_branches", "partial_also")):
        own = _entries(options[f"report:{main}"])
        options[f"report:{main}"] = own[: len(own) - len(_entries(options[f"report:{also}"]))]
    found = cov.config.config_file
    return CoverageSettings(
        coverage=options,
        guard=guard,
        # Private coverage APIs, used because they are exactly the regexes coverage applies.
        exclude_regex=cov._exclude_regex("exclude"),
        partial_regex=cov._exclude_regex("partial"),
        config_file=Path(found).name if found else None,
        unreadable=unreadable,
    )


def _normalized(raw: object) -> Setting:
    if isinstance(raw, (bool, str)):
        return raw
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, dict):  # [paths]: alias -> patterns
        return tuple(
            f"{alias} = {pattern}" for alias, patterns in raw.items() for pattern in patterns
        )
    return tuple(str(entry) for entry in cast("Iterable[object]", raw or ()))


def _entries(setting: Setting) -> tuple[str, ...]:
    return cast("tuple[str, ...]", setting)


def _coverage_findings(
    before: CoverageSettings, after: CoverageSettings, head: ConfigFiles
) -> list[Finding]:
    path = after.config_file or before.config_file or "pyproject.toml"
    where = after.config_file or "the coverage configuration"
    text = head.files.get(after.config_file) if after.config_file else None
    findings: list[Finding] = []
    for threshold in COVERAGE_THRESHOLDS:
        for key, change in _loosenings(threshold, before.coverage, after.coverage):
            section, _, option = key.partition(":")
            label = _SECTION_NAMES.get(after.config_file or "", "{}").format(section)
            message = f"`[{label}]{' ' if option else ''}{option}` in {where} {change}"
            findings.append(
                _finding(path, _line_of(text, label, option), f"{message}: {threshold.effect}")
            )
    return findings


def _guard_findings(
    before: CoverageSettings, after: CoverageSettings, head: ConfigFiles
) -> list[Finding]:
    text = head.files.get("pyproject.toml")
    return [
        _finding(
            "pyproject.toml",
            _line_of(text, "tool.guard", key),
            f"`[tool.guard] {key}` in pyproject.toml {change}: {threshold.effect}",
        )
        for threshold in GUARD_THRESHOLDS
        for key, change in _loosenings(threshold, before.guard, after.guard)
    ]


def _line_of(text: str | None, section: str, option: str) -> int:
    """The line that sets `option` in `[section]` (the header itself when no option); else 1."""
    wanted = re.compile(rf"\s*{re.escape(option)}\s*[=:]" if option else r"\s*\[")
    current = None
    for number, line in enumerate((text or "").splitlines(), start=1):
        header = re.match(r"\s*\[([^\]]+)\]", line)
        current = header.group(1).strip() if header else current
        if current == section and wanted.match(line):
            return number
    return 1


def _loosenings(
    threshold: Threshold, before: Mapping[str, Setting], after: Mapping[str, Setting]
) -> list[tuple[str, str]]:
    """(key, what changed) for each key of `threshold` that lets more through at `after`."""
    if threshold.direction is Direction.MORE:
        return _entries_outside(threshold.keys, before, after, "gained")
    if threshold.direction is Direction.FEWER:
        return _entries_outside(threshold.keys, after, before, "lost")
    if threshold.direction is Direction.NARROWER:
        return _narrowed(threshold.keys[0], before, after)
    return _moved(threshold, before, after)


def _entries_outside(
    keys: tuple[str, ...], other: Mapping[str, Setting], own: Mapping[str, Setting], verb: str
) -> list[tuple[str, str]]:
    """(key, verb and entries) for each key's entries in `own` that no key has in `other`."""
    elsewhere = {entry for key in keys for entry in _entries(other[key])}
    return [
        (key, f"{verb} {_listed(outside)}")
        for key in keys
        if (outside := [entry for entry in _entries(own[key]) if entry not in elsewhere])
    ]


def _narrowed(
    key: str, before: Mapping[str, Setting], after: Mapping[str, Setting]
) -> list[tuple[str, str]]:
    """An include list: empty means every file, so emptying it widens."""
    if not _entries(after[key]):
        return []
    if not _entries(before[key]):
        return [(key, f"now limits measurement to {_listed(_entries(after[key]))}")]
    return _entries_outside((key,), after, before, "lost")


def _moved(
    threshold: Threshold, before: Mapping[str, Setting], after: Mapping[str, Setting]
) -> list[tuple[str, str]]:
    key = threshold.keys[0]
    old, new = before[key], after[key]
    if threshold.direction is Direction.OFF:
        looser = old is True and new is False
    elif threshold.direction is Direction.HIGHER:
        looser = _rank(new) > _rank(old)
    else:
        looser = _rank(new) < _rank(old)
    return [(key, f"went from {_shown(old)} to {_shown(new)}")] if looser else []


def _rank(setting: Setting) -> float:
    if isinstance(setting, str):
        return float(_RANKS.index(setting))
    return float(cast(float, setting))


def _shown(setting: Setting) -> str:
    if isinstance(setting, bool):
        return str(setting).lower()
    if isinstance(setting, float):
        return f"{setting:g}"
    return str(setting)


def _listed(entries: Iterable[str]) -> str:
    return ", ".join(f"`{entry!r}`" for entry in entries)


def _unreadable(reason: str) -> Finding:
    # The longer name first: ".coveragerc" is a prefix of ".coveragerc.toml".
    named = sorted((name for name in CONFIG_FILE_NAMES if name in reason), key=len, reverse=True)
    reason = " ".join(reason.split())  # INI errors span lines
    found = re.search(r"line:?\s+(\d+)", reason)
    return _finding(
        named[0] if named else "pyproject.toml",
        int(found.group(1)) if found else 1,
        f"the head's configuration cannot be read ({reason}); guard cannot tell how far "
        "it lowers the bar, so it fails closed",
    )


def _finding(path: str, line: int, message: str) -> Finding:
    return Finding(
        rule=RULE,
        severity=Severity.ERROR,
        path=path,
        line=line,
        end_line=line,
        message=message,
        hint=(
            "Restore the base's setting and meet the bar with tests. A lower bar needs "
            "its own change, reviewed by a person, before this one."
        ),
        new=True,
    )
