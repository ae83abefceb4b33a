"""How much a change could break: protected paths, a risk tier, and its blast radius.

Some files decide how every other change is judged: CI workflows, guard's and
coverage's configuration. An agent that edits them can switch the reviewer
off, so a change to one is an error until a human takes it (it lands on the
base). Every change also gets a tier, from `risk_paths` rules and what the
change touched, and the list of modules that import the changed ones,
directly or through others: what a reviewer should look at besides the diff.
"""

from __future__ import annotations

import ast
import fnmatch
from collections.abc import Collection, Iterable, Mapping, Sequence

from guard.integrity_files import is_test_path
from guard.model import RISK_TIERS, Finding, Risk, Severity
from guard.symbols import module_name

PROTECTED_PATH = "integrity.protected-path"


def protected_findings(
    paths: Iterable[str], protected: Sequence[str], weakened: bool = False
) -> list[Finding]:
    """A finding for each changed path that matches a `protected_paths` glob.

    A warning that asks for a human's approval, and an error when the same change also
    weakens the gate: then the edit to the protected file is part of the walk-around.
    """
    return [
        Finding(
            rule=PROTECTED_PATH,
            severity=Severity.ERROR if weakened else Severity.WARNING,
            path=path,
            line=1,
            end_line=1,
            message=f"the change edits `{path}`, a protected path (`{pattern}`): it decides how "
            "changes are checked, so changing it needs a human's approval",
            hint="Leave this file alone and fix the code instead; if the change is needed, a "
            "human lands it on the base branch first.",
            new=True,
        )
        for path in sorted(paths)
        if (pattern := _first_match(path, protected))
    ]


def risk_of(
    changed: Collection[str],
    rules: Sequence[str],
    failing_integrity: int,
    blast_radius: Sequence[str],
    approval_required: bool = False,
) -> Risk:
    """The highest tier any rule, integrity finding or the change's reach gives."""
    reasons = [*_rule_reasons(changed, rules), *_built_in_reasons(changed, failing_integrity)]
    if len(blast_radius) > 10:
        reasons.append((2, f"high: {len(blast_radius)} modules import the changed code"))
    if not reasons:
        reasons.append((0, "low: only tests, docs or data changed"))
    top = max(level for level, _ in reasons)
    chosen = tuple(text for level, text in reasons if level == top)
    return Risk(RISK_TIERS[top], chosen, tuple(blast_radius), approval_required)


def above(tier: str, limit: str | None) -> bool:
    """Whether `tier` is higher than the `max_risk` limit (never, without one)."""
    return limit is not None and RISK_TIERS.index(tier) > RISK_TIERS.index(limit)


def _rule_reasons(changed: Collection[str], rules: Sequence[str]) -> list[tuple[int, str]]:
    """`risk_paths` rules that match a changed path, as (tier level, reason)."""
    reasons = []
    for rule in rules:
        tier, _, pattern = rule.partition(":")
        hits = [path for path in sorted(changed) if fnmatch.fnmatchcase(path, pattern)]
        if hits:
            reasons.append((RISK_TIERS.index(tier), f"{tier}: {hits[0]} matches `{pattern}`"))
    return reasons


def _built_in_reasons(changed: Collection[str], failing_integrity: int) -> list[tuple[int, str]]:
    reasons = []
    if failing_integrity:
        reasons.append((3, f"critical: {failing_integrity} integrity finding(s)"))
    if any(not is_test_path(path) and path.endswith(".py") for path in changed):
        reasons.append((1, "medium: source code changed"))
    return reasons


def blast_radius(imports: Mapping[str, frozenset[str]], changed: Collection[str]) -> list[str]:
    """Modules that import a changed module, transitively; `imports` maps module to imports."""
    importers: dict[str, set[str]] = {}
    for importer, imported in imports.items():
        for target in imported:
            importers.setdefault(target, set()).add(importer)
    reached: set[str] = set()
    frontier = [name for name in changed if name in imports]
    while frontier:
        target = frontier.pop()
        for importer in importers.get(target, ()):
            if importer not in reached and importer not in changed:
                reached.add(importer)
                frontier.append(importer)
    return sorted(reached)


def imported_modules(path: str, tree: ast.Module, known: Collection[str]) -> frozenset[str]:
    """The modules of `known` that `path`'s code imports, relative imports resolved."""
    return frozenset(name for name in import_candidates(path, tree) if name in known)


def import_candidates(path: str, tree: ast.Module) -> frozenset[str]:
    """Every module name an import in `path` could mean: `from a import b` may import `a.b`."""
    package = module_name(path).split(".")
    if not path.endswith("__init__.py"):
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            found.add(base)
            found.update(".".join(filter(None, (base, alias.name))) for alias in node.names)
    return frozenset(found)


def _absolute(node: ast.ImportFrom, package: list[str]) -> str:
    if not node.level:
        return node.module or ""
    anchor = package[: len(package) - node.level + 1]
    return ".".join([*anchor, *([node.module] if node.module else [])])


def _first_match(path: str, patterns: Sequence[str]) -> str | None:
    return next((pattern for pattern in patterns if fnmatch.fnmatchcase(path, pattern)), None)
