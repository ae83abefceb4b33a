"""coverage.py's per-file parse, done once per file content and spread over processes.

Analysing a file means parsing it with coverage.py's `PythonParser`: tokenize,
compile, and an AST walk for the arcs. That is most of what `guard diff` and
`coverage xml` spend. The parse depends only on the file's text and the
exclusion regex, so a finished parser (statements, exclusions, arcs and the
words coverage uses to describe a missed branch) is cached by content and
handed to coverage's own file reporter; coverage then computes the analysis
from it exactly as it would have. Files that do not parse are left alone, so
coverage raises its own error for them.
"""

from __future__ import annotations

from collections.abc import Sequence

import coverage
from coverage.exceptions import CoverageException
from coverage.parser import PythonParser
from coverage.python import PythonFileReporter

from guard.cache import Cache
from guard.parallel import map_files

NAMESPACE = "coverage-parser"


def prime_parsers(cov: coverage.Coverage, reporters: Sequence[object], cache: Cache) -> None:
    """Give each Python file reporter its parser, from the cache or freshly parsed.

    `cov` must have loaded its configuration (it has, once it combined data).
    """
    exclude = cov._exclude_regex("exclude")
    pending: list[tuple[PythonFileReporter, str, tuple[str, str, str]]] = []
    for reporter in reporters:
        if not isinstance(reporter, PythonFileReporter):
            continue  # a plugin's reporter parses in its own way
        try:
            text = reporter.source()  # what coverage itself would parse, read once per file
        except (OSError, CoverageException):
            continue  # coverage will report what is wrong with it
        key = Cache.fingerprint(NAMESPACE, reporter.filename, exclude, text)
        parser = cache.load(NAMESPACE, key)
        if isinstance(parser, PythonParser):
            reporter._parser = parser
        else:
            pending.append((reporter, key, (reporter.filename, text, exclude)))
    jobs = [job for _, _, job in pending]
    lines = sum(text.count("\n") for _, text, _ in jobs)
    for (reporter, key, _), parser in zip(pending, map_files(parse, jobs, lines), strict=True):
        if parser is not None:
            cache.store(NAMESPACE, key, parser)
            reporter._parser = parser


def parse(job: tuple[str, str, str]) -> PythonParser | None:
    """A parser with everything computed that an analysis asks of it; None if it does not parse."""
    filename, text, exclude = job
    parser = PythonParser(text=text, filename=filename, exclude=exclude)
    try:
        parser.parse_source()
        parser.arcs()  # also records the descriptions of every possible missed branch
    except (CoverageException, SyntaxError, ValueError):
        return None
    return parser
