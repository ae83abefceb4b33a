"""The quality rules over one file: decode, parse once, run every rule, apply suppressions.

One `ast.parse` feeds every rule. The stdlib parser is about eight times faster
than libcst's (158,000 against 18,600 lines a second on Django), and radon
walks the same tree. libcst is kept for what only it can do here: a file that
this interpreter's `ast` rejects may be valid newer Python (a `type` alias on
Python 3.11), and libcst's grammar knows every version. Such a file gets the
size and module-name rules and a note, not a false `syntax.parse-error`.

The result depends only on the path, the bytes and the settings, so it is
cached by them; files are analysed in processes when there are many.
"""

from __future__ import annotations

import ast
import codecs
import io
import json
import re
import sys
import tokenize
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from guard.cache import Cache
from guard.complexity import ComplexitySettings, complexity_findings
from guard.model import Finding, Measured, Severity
from guard.naming import NamingSettings, module_name_findings, naming_findings
from guard.parallel import map_files
from guard.size_rules import SizeSettings, size_findings
from guard.suppressions import (
    Suppression,
    apply_suppressions,
    block_starts,
    find_suppressions,
    suppression_findings,
)

PARSE_ERROR = "syntax.parse-error"
NAMESPACE = "quality"
GENERATED_MARKER = "@generated"
_HEADER_BYTES = 2048  # the marker counts only near the top, where generators put it
# Only in a comment: a string that mentions the marker (as this module does) is code.
_GENERATED_COMMENT = re.compile(rb"^[ \t]*#.*@generated\b", re.MULTILINE)
# Limits of CPython's tokenizer that no version lifts. libcst is not asked about such a file:
# its native parser overflows the stack, killing the process, on 10,000 open parentheses.
_PARSER_LIMITS = ("too many nested parentheses", "too many levels of indentation")
_NOT_UTF8 = "invalid or missing encoding declaration"  # tokenize's words for it


@dataclass(frozen=True)
class QualitySettings:
    """Every threshold and list the quality rules read."""

    size: SizeSettings = field(default_factory=SizeSettings)
    complexity: ComplexitySettings = field(default_factory=ComplexitySettings)
    naming: NamingSettings = field(default_factory=NamingSettings)

    def key(self) -> str:
        """A stable text for cache keys: sets sorted, so no hash seed changes it."""
        return json.dumps(asdict(self), sort_keys=True, default=sorted)


@dataclass(frozen=True)
class FileQuality:
    """What the rules found in one file, after suppressions."""

    path: str
    findings: tuple[Measured, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    skipped: str | None = None  # why the rules did not run (generated, gone)
    note: str | None = None  # how the file was analysed when not in the usual way
    generated_line: int | None = None  # where a `# @generated` marker switched the rules off


def analyse_sources(
    root: Path, paths: Sequence[str], settings: QualitySettings, cache: Cache
) -> list[FileQuality]:
    """Analyse each root-relative path as it is on disk; results in `paths` order."""
    blobs: list[tuple[str, bytes]] = []
    unreadable: dict[str, FileQuality] = {}
    for path in paths:
        try:
            blobs.append((path, (root / path).read_bytes()))
        except OSError as exc:  # removed, a symlink loop, no permission
            reason = f"could not be read ({exc.strerror or exc})"
            unreadable[path] = FileQuality(path, skipped=reason)
    analysed = {quality.path: quality for quality in analyse_blobs(blobs, settings, cache)}
    return [unreadable.get(path) or analysed[path] for path in paths]


def analyse_blobs(
    blobs: Sequence[tuple[str, bytes]], settings: QualitySettings, cache: Cache
) -> list[FileQuality]:
    """Analyse (path, bytes) pairs, from the cache where it has them, in processes when many."""
    by_path: dict[str, FileQuality] = {}
    pending: list[tuple[str, bytes, QualitySettings]] = []
    keys: dict[str, str] = {}
    settings_key = settings.key()
    for path, raw in blobs:
        keys[path] = Cache.fingerprint(NAMESPACE, path, raw, settings_key)
        cached = cache.load(NAMESPACE, keys[path])
        if isinstance(cached, FileQuality):
            by_path[path] = cached
        else:
            pending.append((path, raw, settings))
    lines = sum(raw.count(b"\n") for _, raw, _ in pending)
    for quality in map_files(analyse_job, pending, lines):
        cache.store(NAMESPACE, keys[quality.path], quality)
        by_path[quality.path] = quality
    return [by_path[path] for path, _ in blobs]


def analyse_job(job: tuple[str, bytes, QualitySettings]) -> FileQuality:
    """`analyse_source` for one (path, bytes, settings) job: the unit of parallel work."""
    path, raw, settings = job
    return analyse_source(path, raw, settings)


def analyse_source(path: str, raw: bytes, settings: QualitySettings) -> FileQuality:
    """Run every rule over one file's bytes."""
    marker = _GENERATED_COMMENT.search(raw[:_HEADER_BYTES])
    if marker:
        line = raw.count(b"\n", 0, marker.start()) + 1
        reason = f"generated: a `# {GENERATED_MARKER}` comment on line {line}"
        return FileQuality(path, skipped=reason, generated_line=line)
    text_or_error = _decode(path, raw)
    if isinstance(text_or_error, Finding):
        return FileQuality(path, findings=(_measured(text_or_error),))
    text = text_or_error
    module_findings = module_name_findings(path, settings.naming)
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        return _unparsed(path, text, exc, module_findings, settings)
    except (ValueError, RecursionError, MemoryError) as exc:  # nested too deep for any Python
        return FileQuality(path, findings=(_measured(_parse_error(path, exc)),))
    suppressions = find_suppressions(text, tree)
    try:
        found = [
            *size_findings(tree, text, path, settings.size),
            *complexity_findings(tree, text, path, settings.complexity),
            *naming_findings(tree, path, settings.naming),
            *module_findings,
        ]
    except RecursionError:  # it parses, but is nested too deeply for the rules' tree walks
        too_deep = "nested too deeply to analyse (Python's recursion limit)"
        return FileQuality(path, findings=(_measured(_error_finding(path, 1, 1, too_deep)),))
    kept = apply_suppressions(found, suppressions, block_starts(tree) if suppressions else {})
    return FileQuality(
        path, _with_suppression_findings(path, kept, suppressions), tuple(suppressions)
    )


def _with_suppression_findings(
    path: str, kept: Sequence[Measured], suppressions: Sequence[Suppression]
) -> tuple[Measured, ...]:
    from guard.rules import RULES  # the registry imports nothing of the analysis

    extra = suppression_findings(path, suppressions, RULES)
    return tuple(sorted([*kept, *extra], key=lambda item: (item.finding.line, item.finding.rule)))


def _unparsed(
    path: str,
    text: str,
    error: BaseException,
    module_findings: list[Measured],
    settings: QualitySettings,
) -> FileQuality:
    """A file `ast` rejects: newer Python that libcst reads, else a parse error."""
    import libcst  # only here: importing it costs every run a tenth of a second

    suppressions = find_suppressions(text, None)
    if any(limit in str(error) for limit in _PARSER_LIMITS):
        return FileQuality(path, findings=(_measured(_parse_error(path, error)),))
    try:
        libcst.parse_module(text)
    except Exception:  # libcst raises its own ParserSyntaxError and, rarely, others
        return FileQuality(path, findings=(_measured(_parse_error(path, error)),))
    size = size_findings(ast.Module(body=[], type_ignores=[]), text, path, settings.size)
    found = [finding for finding in size if finding.finding.rule == "size.file-lines"]
    kept = apply_suppressions([*found, *module_findings], suppressions, {})
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    note = (
        f"{path}: syntax newer than Python {version}, parsed with libcst; only the file-size "
        "and module-name rules ran (run guard on a newer Python for the rest)"
    )
    return FileQuality(
        path, _with_suppression_findings(path, kept, suppressions), tuple(suppressions), note=note
    )


def _decode(path: str, raw: bytes) -> str | Finding:
    """The text, decoded as Python would decode it (cookie, BOM); a finding if it cannot be."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as exc:
        if not str(exc).startswith(_NOT_UTF8):  # an unknown or contradictory coding cookie
            return _parse_error(path, exc)
        encoding = "utf-8"  # no cookie and a line 1 or 2 that is not UTF-8: decoding says where
    try:
        codecs.lookup(encoding)
        return raw.decode(encoding)
    except LookupError as exc:  # a cookie naming a codec that is no text encoding, e.g. `hex`
        return _parse_error(path, exc)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"cannot decode byte {raw[exc.start]:#04x} as {exc.encoding}"
        return _error_finding(path, line, column, message)


def _parse_error(path: str, error: BaseException) -> Finding:
    line = getattr(error, "lineno", None) or 1
    column = getattr(error, "offset", None) or 1
    detail = getattr(error, "msg", None) or str(error) or type(error).__name__
    return _error_finding(path, line, column, detail)


def _error_finding(path: str, line: int, column: int, detail: str) -> Finding:
    return Finding(
        rule=PARSE_ERROR,
        severity=Severity.ERROR,
        path=path,
        line=line,
        end_line=line,
        message=f"this file does not parse as Python: {detail} (line {line}, column {column})",
        hint="Fix the syntax; no rule, and no test, can check a file that does not parse.",
    )


def _measured(finding: Finding) -> Measured:
    return Measured(finding, subject=f"{PARSE_ERROR}:{finding.path}")
