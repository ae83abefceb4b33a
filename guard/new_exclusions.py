"""Finds code that a change newly hides from coverage (`integrity.exclusion-added`).

A `# pragma: no cover` on a changed line makes untested code stop counting, so
the gate passes without a test. coverage.py's own parser reads both revisions,
so any spelling coverage accepts counts (`#PRAGMA:NO COVER`, a custom
`exclude_also` regex, `# pragma: no branch`). What the base already excluded,
even where an insertion moved it, is no finding, and neither are the exclusions
coverage applies by default for code that never runs (`if TYPE_CHECKING:` and
`...` bodies), when the base applied them too and `TYPE_CHECKING` is typing's
own: a local `TYPE_CHECKING = True` would hide code that runs.
"""

from __future__ import annotations

import ast
import bisect
import difflib
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence

from coverage.config import DEFAULT_EXCLUDE, DEFAULT_PARTIAL
from coverage.exceptions import NotPython
from coverage.misc import join_regex
from coverage.parser import PythonParser

from guard.model import Finding, Severity
from guard.syntax_trees import UNPARSABLE, nodes_of, parse_once
from guard.weakening import CoverageSettings

# NotPython is coverage's word for it; on Python 3.10 a null byte is a ValueError that
# coverage lets through.
_UNPARSABLE = (NotPython, *UNPARSABLE)

RULE = "integrity.exclusion-added"

# coverage's default exclusions for code that never runs, as opposed to its pragma.
_NEVER_RUNS = tuple(pattern for pattern in DEFAULT_EXCLUDE if "pragma" not in pattern)
_TYPING_MODULES = ("typing", "typing_extensions")
_TYPING_NAMES = ("TYPE_CHECKING", "typing")
DEFAULT_PARTIAL_REGEX = join_regex(DEFAULT_PARTIAL)

_HINT = (
    "Remove the exclusion and test the code. An exclusion is for code that cannot run "
    "under test, and needs a person's approval in a change of its own."
)


class _SeededParser(PythonParser):
    """coverage's parser, excluding only from the matching lines that `seeds` accepts."""

    def __init__(self, source: str, exclude_regex: str, seeds: Callable[[int], bool]) -> None:
        # coverage's parser refuses empty text; one newline reads the same.
        super().__init__(text=source or "\n", exclude=exclude_regex)
        self._seeds = seeds

    def lines_matching(self, regex: str) -> set[int]:
        """The lines matching `regex` that `seeds` accepts; coverage then excludes their blocks."""
        return {line for line in super().lines_matching(regex) if self._seeds(line)}


def excluded_lines(source: str, exclude_regex: str) -> set[int]:
    """The lines coverage excludes from `source`: each matching line, the block it opens, and
    a whole function or class, decorators to last line. Unparseable source excludes nothing."""
    try:
        return set(_parse(source, exclude_regex, lambda line: True).excluded)
    except _UNPARSABLE:
        return set()


def exclusion_findings(
    path: str,
    base_source: str | None,
    head_source: str,
    before: CoverageSettings,
    after: CoverageSettings,
    changed_lines: Collection[int],
) -> list[Finding]:
    """Both families for one file, with each revision's regexes from its settings."""
    return [
        *new_exclusion_findings(
            path, base_source, head_source, before.exclude_regex, after.exclude_regex, changed_lines
        ),
        *new_partial_findings(
            path, base_source, head_source, before.partial_regex, after.partial_regex, changed_lines
        ),
    ]


def new_exclusion_findings(
    path: str,
    base_source: str | None,
    head_source: str,
    base_regex: str,
    head_regex: str,
    changed_lines: Collection[int],
) -> list[Finding]:
    """An error at each exclusion that starts on a changed line and hides statements the base
    counted; `base_source` is None for a new file.

    Lines map between revisions by content: a head line is old news when its
    text was an excluded line's text at base, or when the line it replaced was
    excluded (a signature edited on an excluded function).
    """
    head_lines = head_source.splitlines()
    fresh = _fresh_seeds(head_source, head_lines, changed_lines, base_regex)
    try:
        added = _parse(head_source, head_regex, fresh.__contains__)
    except _UNPARSABLE:
        return []  # coverage cannot measure it at all; the coverage rules report that
    if not added.raw_excluded:
        return []
    kept = _parse(head_source, head_regex, lambda line: line not in fresh)
    hidden = _not_at_base(
        added.excluded - kept.excluded,
        kept.excluded,
        head_lines,
        (base_source or "").splitlines(),
        excluded_lines(base_source or "", base_regex),
    )
    statements = added.first_lines(added.raw_statements) - added.raw_docstrings
    seeds = sorted(added.first_lines(added.raw_excluded))
    return [
        _finding(
            path,
            (seed, max(lines)),
            _text(head_lines, seed),
            f"`{_text(head_lines, seed)}` excludes {_count(len(lines), 'statement')} "
            "from coverage that the base's bar counts",
        )
        for seed, lines in _by_seed(seeds, hidden & statements).items()
    ]


def _fresh_seeds(
    head_source: str, head_lines: Sequence[str], changed_lines: Collection[int], base_regex: str
) -> set[int]:
    """Changed lines, less those matching a default for code that never runs (the
    base applying that default too): only these may start a new exclusion."""
    never_runs = [
        pattern
        for pattern in _NEVER_RUNS
        if _applies(base_regex, pattern)
        and ("TYPE_CHECKING" not in pattern or _type_checking_is_typings(head_source))
    ]
    return {
        line
        for line in changed_lines
        if not any(re.search(pattern, _text(head_lines, line)) for pattern in never_runs)
    }


def _type_checking_is_typings(source: str) -> bool:
    """Whether no name here could make `TYPE_CHECKING` true at run time, hiding code that runs:
    nothing assigns it, and `TYPE_CHECKING` and `typing` come from typing if imported."""
    if "TYPE_CHECKING" not in source:
        return True  # nothing to exempt; skip the parse
    try:
        nodes = nodes_of(parse_once(source))
    except _UNPARSABLE:
        return False
    return not any(_binds_type_checking(node) or _imports_a_stand_in(node) for node in nodes)


def _binds_type_checking(node: ast.AST) -> bool:
    if isinstance(node, ast.arg):
        return node.arg == "TYPE_CHECKING"
    stored = isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Store)
    return stored and "TYPE_CHECKING" in (getattr(node, "id", None), getattr(node, "attr", None))


def _imports_a_stand_in(node: ast.AST) -> bool:
    """`from x import TYPE_CHECKING`, `import x as typing`, for any x but typing's own."""
    if isinstance(node, ast.ImportFrom):
        real = node.module in _TYPING_MODULES
        return any(
            (alias.asname or alias.name) in _TYPING_NAMES and not (real and alias.asname is None)
            for alias in node.names
        )
    if isinstance(node, ast.Import):
        return any(
            alias.asname in _TYPING_NAMES and alias.name not in _TYPING_MODULES
            for alias in node.names
        )
    return False


def new_partial_findings(
    path: str,
    base_source: str | None,
    head_source: str,
    base_regex: str,
    head_regex: str,
    changed_lines: Collection[int],
) -> list[Finding]:
    """An error at each branching statement newly marked partial (`# pragma: no branch`, or
    coverage's `partial_branches`) on a changed line: its missed exits stop counting."""
    head_lines = head_source.splitlines()
    everywhere = _raw_matches(head_source, head_regex)
    marked = everywhere & set(changed_lines)
    if not marked:
        return []
    base_lines = (base_source or "").splitlines()
    at_base = _raw_matches(base_source or "", base_regex)
    fresh = _not_at_base(marked, everywhere - marked, head_lines, base_lines, at_base)
    try:
        parser = _parse(head_source, "", lambda line: False)
        exits = parser.exit_counts()
    except _UNPARSABLE:
        return []
    starts = {parser.first_line(line) for line in fresh}
    return [
        _finding(
            path,
            (start, start),
            _text(head_lines, start),
            f"`{_text(head_lines, start)}` newly excuses the {_count(exits[start], 'branch exit')} "
            f"of line {start}: a missed one stops counting, though the base's bar counts it",
        )
        for start in sorted(starts)
        if exits.get(start, 0) > 1
    ]


def _parse(source: str, exclude_regex: str, seeds: Callable[[int], bool]) -> _SeededParser:
    parser = _SeededParser(source, exclude_regex, seeds)
    parser.parse_source()
    return parser


def _raw_matches(source: str, regex: str) -> set[int]:
    """The physical lines a match touches: before `parse_source` there is no statement map."""
    if not regex:  # an empty regex would match every line
        return set()
    return PythonParser(text=source or "\n").lines_matching(regex)


def _applies(regex: str, pattern: str) -> bool:
    """Whether coverage's joined `regex` holds `pattern` (coverage's `join_regex` shape)."""
    return regex == pattern or f"(?:{pattern})" in regex


def _not_at_base(
    candidates: set[int],
    elsewhere: set[int],
    head_lines: Sequence[str],
    base_lines: Sequence[str],
    at_base: set[int],
) -> set[int]:
    """The candidates the base did not already mark. A candidate is old news when the line
    it replaced was marked, or when its text was a marked line's text at base that no line
    marked `elsewhere` in the head accounts for (code moved within the file)."""
    pairs = _counterparts(base_lines, head_lines)
    unclaimed = Counter(_text(base_lines, line) for line in at_base)
    unclaimed.subtract(_text(head_lines, line) for line in elsewhere)
    fresh: set[int] = set()
    for line in sorted(candidates):
        text = _text(head_lines, line)
        if pairs.get(line) in at_base or unclaimed[text] > 0:
            unclaimed[text] -= 1
        else:
            fresh.add(line)
    return fresh


def _counterparts(base_lines: Sequence[str], head_lines: Sequence[str]) -> dict[int, int]:
    """Head line -> base line, for lines kept or replaced one for one."""
    matcher = difflib.SequenceMatcher(None, base_lines, head_lines, autojunk=False)
    pairs: dict[int, int] = {}
    for tag, base_start, base_end, head_start, head_end in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            span = min(base_end - base_start, head_end - head_start)
            pairs.update({head_start + k + 1: base_start + k + 1 for k in range(span)})
    return pairs


def _by_seed(seeds: Sequence[int], lines: set[int]) -> dict[int, list[int]]:
    """Each line under the nearest seed above it; decorators above the first seed go to it."""
    groups: dict[int, list[int]] = {}
    for line in sorted(lines):
        seed = seeds[max(bisect.bisect_right(seeds, line) - 1, 0)]
        groups.setdefault(seed, []).append(line)
    return groups


def _text(lines: Sequence[str], number: int) -> str:
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _finding(path: str, lines: tuple[int, int], snippet: str, message: str) -> Finding:
    first, last = lines
    return Finding(
        rule=RULE,
        severity=Severity.ERROR,
        path=path,
        line=first,
        end_line=last,
        message=message,
        hint=_HINT,
        snippet=snippet,
        new=True,
    )
