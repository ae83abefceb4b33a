"""Every option of `[tool.guard]`, declared once: its name, kind, default and meaning.

Checking (guard/config.py), environment parsing and docs/configuration.md all
follow this table, so an option cannot exist in one place and not another.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any

from guard import naming
from guard.complexity import MI_RANKS
from guard.model import RISK_TIERS


class Kind(enum.Enum):
    """The shape of an option's value: how it is checked and how its variable is read."""

    NUMBER = ("number", "a number")
    INTEGER = ("integer", "a whole number")
    BOOLEAN = ("boolean", "true or false")
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
    choices: tuple[str, ...] = ()  # for a STRING that takes one of a few values

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
    OptionSpec(
        "exclude",
        Kind.STRINGS,
        (),
        "Globs of root-relative paths the quality rules and the per-file integrity checks "
        "skip (`*` also matches `/`), e.g. `*/migrations/*`; each skip is listed in the report.",
    ),
    OptionSpec(
        "all_findings",
        Kind.BOOLEAN,
        False,
        "Make every quality finding fail the gate, not only those the change introduced "
        "or made worse (the ratchet); `--all` for one run.",
    ),
    OptionSpec("max_file_lines", Kind.INTEGER, 500, "Most lines in one file.", minimum=1),
    OptionSpec(
        "max_function_lines",
        Kind.INTEGER,
        60,
        "Most lines in one function's body, after its signature and docstring.",
        minimum=1,
    ),
    OptionSpec(
        "max_parameters",
        Kind.INTEGER,
        6,
        "Most parameters of one function, not counting `self`, `cls` or keyword-only "
        "parameters with a default.",
        minimum=1,
    ),
    OptionSpec(
        "max_definitions",
        Kind.INTEGER,
        30,
        "Most top-level functions and classes in one module.",
        minimum=1,
    ),
    OptionSpec(
        "max_complexity",
        Kind.INTEGER,
        10,
        "Highest radon cyclomatic complexity of one function.",
        minimum=1,
    ),
    OptionSpec(
        "min_maintainability",
        Kind.STRING,
        "B",
        "Worst radon maintainability-index rank a module may have: A, B or C.",
        choices=MI_RANKS,
    ),
    OptionSpec(
        "max_nesting",
        Kind.INTEGER,
        4,
        "Deepest nesting of blocks (if, for, while, try, with, match) in one function.",
        minimum=1,
    ),
    OptionSpec(
        "allowed_names",
        Kind.STRINGS,
        (),
        "Domain words the naming rules accept anywhere, e.g. `data` in a data-pipeline project.",
    ),
    OptionSpec(
        "meaningless_names",
        Kind.STRINGS,
        tuple(sorted(naming.MEANINGLESS_NAMES)),
        "Names that say nothing about what they hold (`naming.vague`); this list replaces "
        "the default.",
    ),
    OptionSpec(
        "vague_module_names",
        Kind.STRINGS,
        tuple(sorted(naming.VAGUE_MODULE_NAMES)),
        "Module and package names that say nothing about their contents; replaces the default.",
    ),
    OptionSpec(
        "vague_class_names",
        Kind.STRINGS,
        tuple(sorted(naming.VAGUE_CLASS_NAMES)),
        "Bare class names that say nothing; replaces the default.",
    ),
    OptionSpec(
        "short_names",
        Kind.STRINGS,
        tuple(sorted(naming.SHORT_NAMES)),
        "Single-letter names accepted anywhere; the default is `_` and the coordinates `x`, "
        "`y`, `z`.",
    ),
    OptionSpec(
        "imposed_names",
        Kind.STRINGS,
        tuple(sorted(naming.IMPOSED_NAMES)),
        "Method names a framework or protocol dictates (`setUp`, `do_GET`); replaces the default.",
    ),
    OptionSpec(
        "test_module_names",
        Kind.STRINGS,
        ("test_{stem}.py", "{stem}_test.py"),
        "File names that count as the test module of a new source module `{stem}.py` "
        "(`naming.test-module`), found anywhere under the root.",
    ),
    OptionSpec(
        "protected_paths",
        Kind.STRINGS,
        (
            ".github/workflows/*",
            ".github/actions/*",
            ".github/CODEOWNERS",
            ".gitlab-ci.yml",
            ".circleci/*",
            ".ci/*",
            "Jenkinsfile",
            "azure-pipelines.yml",
            ".pre-commit-config.yaml",
            "pyproject.toml",
            ".coveragerc",
            "setup.cfg",
            "tox.ini",
            "pytest.ini",
            ".pytest.ini",
            "pytest.toml",
            ".pytest.toml",
            "noxfile.py",
            "conftest.py",
            "*/conftest.py",
        ),
        "Globs of root-relative paths that decide how changes are checked (CI, guard's, "
        "coverage's and pytest's config, conftest files); a change to one is an "
        "`integrity.protected-path` warning that asks for a human's approval, and an error when "
        "the change also weakens the gate. Replaces the default.",
    ),
    OptionSpec(
        "risk_paths",
        Kind.STRINGS,
        (
            "high:.github/workflows/*",
            "high:.github/actions/*",
            "high:.ci/*",
            "high:pyproject.toml",
            "high:setup.cfg",
            "high:tox.ini",
            "high:.coveragerc",
            "high:*conftest.py",
            "high:*/migrations/*",
            "high:*auth*",
            "low:docs/*",
            "low:tests/*",
        ),
        "Rules `TIER:GLOB` (TIER is low, medium, high or critical) that set the risk tier of a "
        "change touching a matching path, e.g. `critical:src/pkg/billing/*`; the highest "
        "match wins. Replaces the default.",
    ),
    OptionSpec(
        "max_risk",
        Kind.STRING,
        None,
        "The highest risk tier that passes the integrity gate (low, medium, high or "
        "critical); unset means any tier passes. `--max-risk` for one run.",
        choices=RISK_TIERS,
    ),
)
