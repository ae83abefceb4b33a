"""The annotated source of one file: where lines split, what folds, how messages read."""

from __future__ import annotations

import pytest

from guard.reporters.html_source import plan_runs, prose, split_lines


@pytest.mark.parametrize(
    ("total", "marked", "runs"),
    [
        (0, set(), []),
        (5, set(), [(1, 5, False)]),  # too short to be worth folding
        (20, set(), [(1, 20, True)]),  # nothing to report: all of it folds
        (20, {10}, [(1, 20, False)]),  # 1-6 and 14-20 are under 8 lines
        (21, {10}, [(1, 13, False), (14, 21, True)]),  # 8 quiet lines fold
        (30, {1, 30}, [(1, 4, False), (5, 26, True), (27, 30, False)]),
        (30, {10, 20}, [(1, 30, False)]),  # the gap between the two is context
        (40, {10, 20}, [(1, 23, False), (24, 40, True)]),
        (50, {10, 40}, [(1, 13, False), (14, 36, True), (37, 50, False)]),
    ],
)
def test_quiet_runs_fold_and_context_stays(
    total: int, marked: set[int], runs: list[tuple[int, int, bool]]
) -> None:
    assert plan_runs(total, marked) == runs


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("", []),
        ("a\n", ["a"]),
        ("a\nb", ["a", "b"]),
        ("a\r\nb\rc\n", ["a", "b", "c"]),
        ("a\x0cb\u2028c\n", ["a\x0cb\u2028c"]),  # Python ends lines at \r and \n only
        ("a\n\n", ["a", ""]),
    ],
)
def test_lines_split_where_python_numbers_them(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("plain", "plain"),
        ("call `f(a<b)` now", "call <code>f(a&lt;b)</code> now"),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        ("one\ntwo", "one<br>two"),
        ("a stray ` backtick", "a stray ` backtick"),
        ("`<script>`", "<code>&lt;script&gt;</code>"),
    ],
)
def test_prose_is_escaped_with_its_code_spans_and_lines_kept(text: str, html: str) -> None:
    assert prose(text) == html
