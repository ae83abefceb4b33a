"""The bar that judges a change is the base's: a change may tighten it, never lower it.

`integrity.config-weakened` reports every loosening; this module makes sure the
figures of the run do not use it either. Each threshold of `[tool.guard]` is
held at the stricter of its base and head values, so a change that lowers
`fail_under` in the same commit still meets the base's 100 %.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from guard.config import GuardConfig, load_config
from guard.errors import ConfigError
from guard.git_diff import ChangeSet, read_at
from guard.model import RISK_TIERS

_RANKS = "ABC"  # best first: A is the strictest maintainability bar


def held_to_base(config: GuardConfig, changes: ChangeSet) -> GuardConfig:
    """`config` with every threshold its file sets held at least as strict as the base's.

    Only the file is held: a value given by a flag or a `GUARD_*` variable is the
    operator's explicit choice for this run (CI's own configuration is a protected
    path), so it stands.
    """
    base = _base_config(config, changes)
    if base is None:
        return config
    held = _stricter(config, base)
    # The file already loaded once with these settings, so reading it alone cannot fail.
    head_file = load_config(config.root, {}, {"source": config.source})
    chosen = {
        name: getattr(held, name)
        for name in _HELD
        if getattr(config, name) == getattr(head_file, name)
    }
    return replace(config, **chosen)


_HELD = (
    "fail_under",
    "max_file_lines",
    "max_function_lines",
    "max_parameters",
    "max_definitions",
    "max_complexity",
    "max_nesting",
    "min_maintainability",
    "all_findings",
    "max_risk",
)


def _stricter(config: GuardConfig, base: GuardConfig) -> GuardConfig:
    return replace(
        config,
        fail_under=max(config.fail_under, base.fail_under),
        max_file_lines=min(config.max_file_lines, base.max_file_lines),
        max_function_lines=min(config.max_function_lines, base.max_function_lines),
        max_parameters=min(config.max_parameters, base.max_parameters),
        max_definitions=min(config.max_definitions, base.max_definitions),
        max_complexity=min(config.max_complexity, base.max_complexity),
        max_nesting=min(config.max_nesting, base.max_nesting),
        min_maintainability=min(
            config.min_maintainability, base.min_maintainability, key=_RANKS.index
        ),
        all_findings=config.all_findings or base.all_findings,
        max_risk=_stricter_risk(config.max_risk, base.max_risk),
    )


def _stricter_risk(head: str | None, base: str | None) -> str | None:
    """The lower of two `max_risk` limits; unset is no limit at all."""
    limits = [limit for limit in (head, base) if limit is not None]
    return min(limits, key=RISK_TIERS.index) if limits else None


def _base_config(config: GuardConfig, changes: ChangeSet) -> GuardConfig | None:
    """The base's settings, read the way guard reads the head's; None if there are none."""
    commit = changes.base.merge_base
    if commit is None:
        return None
    blob = read_at(config.root, commit, ["pyproject.toml"])["pyproject.toml"]
    if blob is None:
        return None
    with tempfile.TemporaryDirectory(prefix="guard-base-") as scratch:
        (Path(scratch) / "pyproject.toml").write_bytes(blob)
        try:
            # The environment applies to both sides alike, so only the file is compared.
            return load_config(Path(scratch), {}, {"source": config.source})
        except ConfigError:
            return None  # a base that guard cannot read sets no bar; the head's stands
