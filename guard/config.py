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
from guard.complexity import ComplexitySettings
from guard.coverage_data import working_directory
from guard.errors import ConfigError
from guard.model import RISK_TIERS
from guard.naming import NamingSettings
from guard.options import OPTIONS, Kind, OptionSpec
from guard.quality import QualitySettings
from guard.size_rules import SizeSettings

# tomli became tomllib in 3.11. One expression, not an if/else, so that neither
# interpreter leaves a line unrun; both raise a ValueError subclass on bad TOML.
_toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

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
    exclude: tuple[str, ...] = _default("exclude")
    all_findings: bool = _default("all_findings")
    max_file_lines: int = _default("max_file_lines")
    max_function_lines: int = _default("max_function_lines")
    max_parameters: int = _default("max_parameters")
    max_definitions: int = _default("max_definitions")
    max_complexity: int = _default("max_complexity")
    min_maintainability: str = _default("min_maintainability")
    max_nesting: int = _default("max_nesting")
    allowed_names: tuple[str, ...] = _default("allowed_names")
    meaningless_names: tuple[str, ...] = _default("meaningless_names")
    vague_module_names: tuple[str, ...] = _default("vague_module_names")
    vague_class_names: tuple[str, ...] = _default("vague_class_names")
    short_names: tuple[str, ...] = _default("short_names")
    imposed_names: tuple[str, ...] = _default("imposed_names")
    test_module_names: tuple[str, ...] = _default("test_module_names")
    protected_paths: tuple[str, ...] = _default("protected_paths")
    risk_paths: tuple[str, ...] = _default("risk_paths")
    max_risk: str | None = _default("max_risk")
    use_cache: bool = True  # `--no-cache`
    config_file: Path | None = None

    def cache(self) -> Cache:
        """The parse cache this run reads and writes (disabled by `--no-cache`)."""
        return Cache(self.root / self.cache_dir if self.use_cache else None)

    def quality_settings(self) -> QualitySettings:
        """The thresholds and name lists of the quality rules."""
        return QualitySettings(
            size=SizeSettings(
                max_file_lines=self.max_file_lines,
                max_function_lines=self.max_function_lines,
                max_parameters=self.max_parameters,
                max_definitions=self.max_definitions,
            ),
            complexity=ComplexitySettings(
                max_complexity=self.max_complexity,
                min_maintainability=self.min_maintainability,
                max_nesting=self.max_nesting,
            ),
            naming=NamingSettings(
                allowed_names=frozenset(self.allowed_names),
                meaningless_names=frozenset(self.meaningless_names),
                vague_module_names=frozenset(self.vague_module_names),
                vague_class_names=frozenset(self.vague_class_names),
                short_names=frozenset(self.short_names),
                imposed_names=frozenset(self.imposed_names),
            ),
        )


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
    settings: dict[str, Any] = {spec.name: spec.default for spec in OPTIONS}
    config_file, table = _read_pyproject(root / "pyproject.toml")
    settings.update(_file_layer(config_file, table))
    settings.update(_environment_layer(os.environ if environ is None else environ))
    settings.update(_flag_layer(overrides or {}))
    if not settings["source"]:
        settings["source"] = _find_source(root)
    _check_risk_rules(settings["risk_paths"])
    return GuardConfig(root=root, config_file=config_file, **settings)


def _check_risk_rules(rules: tuple[str, ...]) -> None:
    for rule in rules:
        tier, colon, pattern = rule.partition(":")
        if not (colon and pattern and tier in RISK_TIERS):
            raise ConfigError(
                f"risk_paths entry {rule!r} must be TIER:GLOB, with TIER one of "
                f"{', '.join(RISK_TIERS)}"
            )


def _file_layer(config_file: Path | None, table: Mapping[str, object]) -> dict[str, Any]:
    if config_file is None:
        return {}
    shown = _shown(config_file)
    return {
        key: _check(_known_key(key, shown), setting, f"{shown}: [tool.guard] {key}")
        for key, setting in table.items()
    }


def _environment_layer(environ: Mapping[str, str]) -> dict[str, Any]:
    return {
        spec.name: _check(spec, _parse_env(spec, environ[spec.env_var]), spec.env_var)
        for spec in OPTIONS
        if environ.get(spec.env_var, "")
    }


def _flag_layer(overrides: Mapping[str, object]) -> dict[str, Any]:
    unknown = set(overrides) - set(_BY_NAME)
    if unknown:
        raise ValueError(f"unknown guard option {sorted(unknown)[0]!r}")
    return {
        name: _check(_BY_NAME[name], given, "--" + name.replace("_", "-"))
        for name, given in overrides.items()
        if given is not None
    }


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
    table = parent.get(key, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{shown}: {label} must be a table, got {_describe(table)}")
    return table


def _known_key(key: str, shown: str) -> OptionSpec:
    if key in _BY_NAME:
        return _BY_NAME[key]
    close = difflib.get_close_matches(key, list(_BY_NAME), n=1)
    hint = f"did you mean {close[0]!r}?" if close else "valid keys: " + ", ".join(_BY_NAME)
    raise ConfigError(f"{shown}: [tool.guard] unknown key {key!r}; {hint}")


# How TOML names the types that tomllib returns, where Python's names differ.
_TOML_TYPES = {bool: "boolean", int: "integer", str: "string", list: "array", dict: "table"}


def _describe(setting: object) -> str:
    return f"{_TOML_TYPES.get(type(setting), type(setting).__name__)} {setting!r}"


def _check(spec: OptionSpec, setting: object, where: str) -> Any:
    """Return `setting` in the option's Python type, or raise naming `where` it came from."""
    wrong = ConfigError(f"{where} must be {spec.kind.expected}, got {_describe(setting)}")
    return _CHECKERS[spec.kind](spec, setting, where, wrong)


def _check_boolean(spec: OptionSpec, setting: object, where: str, wrong: ConfigError) -> bool:
    if not isinstance(setting, bool):
        raise wrong
    return setting


def _check_number(spec: OptionSpec, setting: object, where: str, wrong: ConfigError) -> float:
    # bool is an int subclass, but `fail_under = true` is a mistake, not 1 %.
    if isinstance(setting, bool) or not isinstance(setting, (int, float)):
        raise wrong
    if not math.isfinite(setting):
        raise wrong
    if not spec.minimum <= setting <= spec.maximum:
        bounds = f"between {spec.minimum:g} and {spec.maximum:g}"
        bounds = bounds if math.isfinite(spec.maximum) else f"at least {spec.minimum:g}"
        raise ConfigError(f"{where} must be {bounds}, got {setting:g}")
    return float(setting)


def _check_integer(spec: OptionSpec, setting: object, where: str, wrong: ConfigError) -> int:
    number = _check_number(spec, setting, where, wrong)
    if not number.is_integer():
        raise wrong
    return int(number)


def _check_string(spec: OptionSpec, setting: object, where: str, wrong: ConfigError) -> str:
    if not isinstance(setting, str) or not setting:
        raise wrong
    if spec.choices and setting not in spec.choices:
        raise ConfigError(f"{where} must be one of {', '.join(spec.choices)}, got {setting!r}")
    return setting


def _check_strings(
    spec: OptionSpec, setting: object, where: str, wrong: ConfigError
) -> tuple[str, ...]:
    if not isinstance(setting, (list, tuple)) or not all(isinstance(s, str) for s in setting):
        raise wrong
    return tuple(setting)


_CHECKERS = {
    Kind.BOOLEAN: _check_boolean,
    Kind.NUMBER: _check_number,
    Kind.INTEGER: _check_integer,
    Kind.STRING: _check_string,
    Kind.STRINGS: _check_strings,
    Kind.ARGUMENTS: _check_strings,
}


def _parse_env(spec: OptionSpec, text: str) -> object:
    if spec.kind in (Kind.NUMBER, Kind.INTEGER):
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"{spec.env_var} must be a number, got {text!r}") from None
    if spec.kind is Kind.BOOLEAN:
        spelled = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
        if text.lower() not in spelled:
            raise ConfigError(f"{spec.env_var} must be true or false, got {text!r}")
        return spelled[text.lower()]
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
