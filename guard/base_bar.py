"""The bar that judges a change is the base's: a change may tighten it, never lower it.

`integrity.config-weakened` reports every loosening; this module makes sure the
figures of the run do not use it either. Each threshold of `[tool.guard]` is
held at the stricter of its base and head values, so a change that lowers
`fail_under` in the same commit still meets the base's 100 %.
"""

from __future__ import annotations

import operator
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from guard.complexity import MI_RANKS
from guard.config import GuardConfig, load_config
from guard.errors import ConfigError
from guard.git_diff import ChangeSet, read_at
from guard.model import RISK_TIERS


def held_to_base(config: GuardConfig, changes: ChangeSet) -> GuardConfig:
    """`config` with every threshold its file sets held at least as strict as the base's.

    Only the file is held: a value given by a flag or a `GUARD_*` variable is the
    operator's explicit choice for this run (CI's own configuration is a protected
    path), so it stands.
    """
    base = _base_config(config, changes)
    if base is None:
        return config
    # The file already loaded once with these settings, so reading it alone cannot fail.
    head_file = load_config(config.root, {}, {"source": config.source})
    chosen = {
        name: stricter(getattr(config, name), getattr(base, name))
        for name, stricter in _STRICTER.items()
        if getattr(config, name) == getattr(head_file, name)
    }
    return replace(config, **chosen)


def _stricter_risk(head: str | None, base: str | None) -> str | None:
    """The lower of two `max_risk` limits; unset is no limit at all."""
    limits = [limit for limit in (head, base) if limit is not None]
    return min(limits, key=RISK_TIERS.index) if limits else None


# Each held threshold and how to pick the stricter of its head and base values.
_STRICTER: dict[str, Callable[[Any, Any], Any]] = {
    "fail_under": max,
    "max_file_lines": min,
    "max_function_lines": min,
    "max_parameters": min,
    "max_definitions": min,
    "max_complexity": min,
    "max_nesting": min,
    "min_maintainability": lambda head, base: min(head, base, key=MI_RANKS.index),
    "all_findings": operator.or_,
    "max_risk": _stricter_risk,
}


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
