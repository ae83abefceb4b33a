"""Builds guard's settings from defaults, `[tool.guard]`, `GUARD_*` variables and CLI flags.

Every option is declared once, in `OPTIONS`; checking, environment parsing and
docs/configuration.md all follow that table. The checks are strict because a
gate that silently ignores a misspelt key is a gate that can be walked around:
an unknown key names the nearest valid one, and a wrong type names the key,
the file and the type expected. Nothing is read at import time.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import importlib
import math
import os
import re
import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import coverage
from coverage.exceptions import CoverageException

from guard.cache import Cache
from guard.coverage_data import working_directory
from guard.errors import ConfigError

# tomli became tomllib in 3.11. One expression, not an if/else, so that neither
# interpreter leaves a line unrun; both raise a ValueError subclass on bad TOML.
_toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")


class Kind(enum.Enum):
    """The shape of an option's value: how it is checked and how its variable is read."""

    NUMBER = ("number", "a number")
    STRING = ("string", "a non-empty string")
    STRINGS = ("strings", "a list of strings")  # comma-separated in the environment
    ARGUMENTS = ("arguments", "a list of strings")  # shell-split in the environment

    @property
    def expected(self) -> str:
        """The phrase an error message uses for a value of this kind."""
        return self.value[1]


@dataclass(frozen=True)
class OptionSpec:
    """One option of `[tool.guard]`, declared once: its name, kind, default and meaning."""

    name: str
    kind: Kind
    default: Any
    help: str
    minimum: float = 0.0
    maximum: float = math.inf

    @property
    def env_var(self) -> str:
        """The environment variable that sets this option."""
        return f"GUARD_{self.name.upper()}"


OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "source",
        Kind.STRINGS,
        (),
        "Packages or directories to measure. Empty means: coverage's own `source`, "
        "else the packages found at the root, else under src/, else top-level modules.",
    ),
    OptionSpec(
        "tests",
        Kind.STRINGS,
        (),
        "Paths passed to pytest. Empty means pytest decides (its `testpaths`).",
    ),
    OptionSpec(
        "fail_under",
        Kind.NUMBER,
        100.0,
        "Lowest total line+branch coverage, in percent, that passes.",
        maximum=100.0,
    ),
    OptionSpec("pytest_args", Kind.ARGUMENTS, (), "Extra arguments passed to pytest."),
    OptionSpec(
        "test_timeout",
        Kind.NUMBER,
        1800.0,
        "Seconds the test run may take before it is killed; 0 means no limit.",
    ),
    OptionSpec(
        "base",
        Kind.STRING,
        None,
        "Git ref to diff against. Unset means origin/main, then main, then master.",
    ),
    OptionSpec(
        "cache_dir",
        Kind.STRING,
        ".guard_cache",
        "Where guard keeps parsed files between runs, relative to the root. "
        "`--no-cache` turns the cache off for one run.",
    ),
)

_BY_NAME = {spec.name: spec for spec in OPTIONS}


def _default(name: str) -> Any:
    return _BY_NAME[name].default


@dataclass(frozen=True)
class GuardConfig:
    """The settings of one run, after every layer has been applied."""

    root: Path
    source: tuple[str, ...] = _default("source")
    tests: tuple[str, ...] = _default("tests")
    fail_under: float = _default("fail_under")
    pytest_args: tuple[str, ...] = _default("pytest_args")
    test_timeout: float = _default("test_timeout")
    base: str | None = _default("base")
    cache_dir: str = _default("cache_dir")
    use_cache: bool = True  # `--no-cache`
    config_file: Path | None = None

    def cache(self) -> Cache:
        """The parse cache this run reads and writes (disabled by `--no-cache`)."""
        return Cache(self.root / self.cache_dir if self.use_cache else None)


def load_config(
    root: Path,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, object] | None = None,
) -> GuardConfig:
    """Read the settings for the project at `root`; a bad value raises `ConfigError`.

    Later layers win: defaults, `[tool.guard]`, `GUARD_*` variables in `environ`
    (default `os.environ`), then `overrides` from the command line, where None
    means "not given". `source` is found automatically when no layer sets it.
    """
    root = root.resolve()
    if not root.is_dir():
        raise ConfigError(f"{root}: the project root is not a directory")
    values = {spec.name: spec.default for spec in OPTIONS}
    config_file, table = _read_pyproject(root / "pyproject.toml")
    if config_file is not None:
        shown = _shown(config_file)
        for key, value in table.items():
            values[key] = _check(_known_key(key, shown), value, f"{shown}: [tool.guard] {key}")
    env = os.environ if environ is None else environ
    for spec in OPTIONS:
        text = env.get(spec.env_var, "")
        if text:
            values[spec.name] = _check(spec, _parse_env(spec, text), spec.env_var)
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise ValueError(f"unknown guard option {name!r}")
        if value is not None:
            values[name] = _check(_BY_NAME[name], value, "--" + name.replace("_", "-"))
    if not values["source"]:
        values["source"] = _find_source(root)
    return GuardConfig(root=root, config_file=config_file, **values)


def _shown(path: Path) -> str:
    """Paths in messages are relative to the working directory when they are under it."""
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


def _read_pyproject(path: Path) -> tuple[Path | None, dict[str, Any]]:
    if not path.is_file():
        return None, {}
    shown = _shown(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: not valid UTF-8 (byte {exc.start})") from None
    try:
        document: dict[str, Any] = _toml.loads(text)
    except ValueError as exc:
        # Only 3.14 gives `lineno`; every version puts "(at line N, ...)" in the message.
        found = re.search(r"at line (\d+)", str(exc))
        line = found.group(1) if found else str(len(text.splitlines()))
        raise ConfigError(f"{shown}:{line}: invalid TOML: {exc}") from None
    tool = _table(document, "tool", "[tool]", shown)
    if "guard" not in tool:
        return None, {}
    return path, _table(tool, "guard", "[tool.guard]", shown)


def _table(parent: dict[str, Any], key: str, label: str, shown: str) -> dict[str, Any]:
    value = parent.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{shown}: {label} must be a table, got {_describe(value)}")
    return value


def _known_key(key: str, shown: str) -> OptionSpec:
    if key in _BY_NAME:
        return _BY_NAME[key]
    close = difflib.get_close_matches(key, list(_BY_NAME), n=1)
    hint = f"did you mean {close[0]!r}?" if close else "valid keys: " + ", ".join(_BY_NAME)
    raise ConfigError(f"{shown}: [tool.guard] unknown key {key!r}; {hint}")


# How TOML names the types that tomllib returns, where Python's names differ.
_TOML_TYPES = {bool: "boolean", int: "integer", str: "string", list: "array", dict: "table"}


def _describe(value: object) -> str:
    return f"{_TOML_TYPES.get(type(value), type(value).__name__)} {value!r}"


def _check(spec: OptionSpec, value: object, where: str) -> Any:
    """Return `value` in the option's Python type, or raise naming `where` it came from."""
    wrong = ConfigError(f"{where} must be {spec.kind.expected}, got {_describe(value)}")
    if spec.kind is Kind.NUMBER:
        # bool is an int subclass, but `fail_under = true` is a mistake, not 1 %.
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise wrong
        if not math.isfinite(value):
            raise wrong
        if not spec.minimum <= value <= spec.maximum:
            bounds = f"between {spec.minimum:g} and {spec.maximum:g}"
            bounds = bounds if math.isfinite(spec.maximum) else f"at least {spec.minimum:g}"
            raise ConfigError(f"{where} must be {bounds}, got {value:g}")
        return float(value)
    if spec.kind is Kind.STRING:
        if not isinstance(value, str) or not value:
            raise wrong
        return value
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise wrong
    return tuple(value)


def _parse_env(spec: OptionSpec, text: str) -> object:
    if spec.kind is Kind.NUMBER:
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"{spec.env_var} must be a number, got {text!r}") from None
    if spec.kind is Kind.STRINGS:
        return [part.strip() for part in text.split(",") if part.strip()]
    if spec.kind is Kind.ARGUMENTS:
        try:
            return shlex.split(text)
        except ValueError as exc:
            raise ConfigError(f"{spec.env_var} cannot be split into arguments: {exc}") from None
    return text


# Directories that hold packages but never the code under test.
_NOT_SOURCE = frozenset(
    {"tests", "test", "testing", "docs", "doc", "build", "dist", "venv", "env", "fixtures"}
)
_NOT_SOURCE_MODULES = frozenset({"setup", "conftest", "noxfile"})


def _find_source(root: Path) -> tuple[str, ...]:
    # coverage resolves its config files (.coveragerc, setup.cfg, ...) against the cwd.
    with working_directory(root):
        try:
            configured = coverage.Coverage(config_file=True).get_option("run:source")
        except CoverageException as exc:
            # coverage's message spans lines; guard's errors are one line.
            raise ConfigError("coverage: " + " ".join(str(exc).split())) from None
    if isinstance(configured, list) and configured:
        return tuple(configured)
    found = _packages(root, "") or _packages(root / "src", "src/") or _modules(root)
    if not found:
        raise ConfigError(
            f"cannot tell what to measure: set source in [tool.guard] (no package found at {root})"
        )
    return found


def _packages(directory: Path, prefix: str) -> tuple[str, ...]:
    if not directory.is_dir():
        return ()
    return tuple(
        prefix + child.name
        for child in sorted(directory.iterdir())
        if child.name.isidentifier()  # also rules out hidden dirs and site-packages
        and child.name not in _NOT_SOURCE
        and (child / "__init__.py").is_file()
    )


def _modules(root: Path) -> tuple[str, ...]:
    return tuple(
        path.stem
        for path in sorted(root.glob("*.py"))
        if path.stem.isidentifier()
        and path.stem not in _NOT_SOURCE_MODULES
        and not path.stem.startswith("test_")
        and not path.stem.endswith("_test")
    )
