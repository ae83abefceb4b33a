"""Each file's finished analysis, cached by text, settings and executed arcs: same answers,
never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import coverage
import pytest
from coverage import CoverageData

from guard.cache import Cache
from guard.check import read_source
from guard.coverage_data import Measurement, measure
from guard.coverage_findings import NAMESPACE as FINDINGS
from guard.coverage_findings import coverage_findings
from guard.coverage_parsers import NAMESPACE as PARSERS
from guard.file_analysis import NAMESPACE as ANALYSES
from guard.file_analysis import FileCoverage, analyse_files
from tests.test_coverage_parsers import POSITIVE_ONLY, _project

# sign(-5) and sign(5) both ran: every line and both ways out of line 2.
BOTH_SIGNS = [*POSITIVE_ONLY, (2, 3), (3, -1)]

MULTI_LINE = """\
def total(prices):
    amount = sum(
        prices,
    )
    if amount > 100:
        return amount - 5
    return amount
"""
TOTAL_SMALL = [(-1, 1), (1, -1), (-1, 2), (2, 5), (5, 7), (7, -1)]


def _run(
    root: Path,
    tmp_path: Path,
    arcs: list[tuple[int, int]],
    changed: dict[str, frozenset[int]] | None = None,
) -> Measurement:
    runs = tmp_path / "runs"
    shutil.rmtree(runs, ignore_errors=True)
    runs.mkdir()
    data = CoverageData(basename=str(runs / ".coverage.run1"))
    data.add_arcs({str(root / "calc" / "ops.py"): set(arcs)})
    data.write()
    return measure(root, [runs], ["calc"], changed, cache=Cache(root / ".guard_cache"))


def _entries(root: Path, namespace: str) -> list[Path]:
    folder = root / ".guard_cache" / namespace
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_rerun_is_answered_from_the_analysis_cache_without_a_parse(tmp_path: Path):
    root = _project(tmp_path)
    cold = _run(root, tmp_path, POSITIVE_ONLY)
    assert len(_entries(root, ANALYSES)) == 1
    shutil.rmtree(root / ".guard_cache" / PARSERS)
    warm = _run(root, tmp_path, POSITIVE_ONLY)
    assert warm == cold
    assert warm.files[0].missing == {3}
    assert [missed.description for missed in warm.files[0].missed_branches] == [
        "line 2 didn't jump to line 3 because the condition on line 2 was never true"
    ]
    assert _entries(root, PARSERS) == []  # nothing had to be parsed again


def test_new_data_for_the_same_text_is_analysed_again(tmp_path: Path):
    root = _project(tmp_path)
    _run(root, tmp_path, POSITIVE_ONLY)
    both = _run(root, tmp_path, BOTH_SIGNS).files[0]
    assert both.missing == frozenset()
    assert both.missed_branches == ()
    assert len(_entries(root, ANALYSES)) == 2


def test_a_new_partial_branch_rule_takes_effect_despite_the_cache(tmp_path: Path):
    root = _project(tmp_path)
    _run(root, tmp_path, POSITIVE_ONLY)
    partial = "[tool.coverage.report]\npartial_branches = ['if n < 0']\n"
    (root / "pyproject.toml").write_text(partial, encoding="utf-8")
    measured = _run(root, tmp_path, POSITIVE_ONLY).files[0]
    assert measured.missed_branches == ()
    assert measured.missing == {3}


def test_changed_lines_map_onto_statements_from_a_cached_analysis(tmp_path: Path):
    root = _project(tmp_path, source=MULTI_LINE)
    _run(root, tmp_path, TOTAL_SMALL)
    shutil.rmtree(root / ".guard_cache" / PARSERS)
    changed = {"calc/ops.py": frozenset({3, 6})}  # inside the call; the return under the `if`
    measured = _run(root, tmp_path, TOTAL_SMALL, changed).files[0]
    assert measured.new_statements == {2, 6}
    assert measured.new_branches == 0  # neither is a branching statement
    branching = _run(root, tmp_path, TOTAL_SMALL, {"calc/ops.py": frozenset({5})}).files[0]
    assert branching.new_statements == {5}
    assert branching.new_branches == 2


def test_stale_data_is_still_found_stale_from_the_cache(tmp_path: Path):
    root = _project(tmp_path)
    past_the_end = [*POSITIVE_ONLY, (4, 9), (9, -1)]
    assert _run(root, tmp_path, past_the_end).past_the_end == ("calc/ops.py",)
    assert _run(root, tmp_path, past_the_end).past_the_end == ("calc/ops.py",)


def _findings(root: Path, measured: FileCoverage, diff: bool) -> list[tuple[str, int, bool | None]]:
    measurement = Measurement(files=(measured,), unreadable=())
    found = coverage_findings(
        measurement,
        lambda path: read_source(root / path),
        diff=diff,
        cache=Cache(root / ".guard_cache"),
    )
    return [(finding.rule, finding.line, finding.new) for finding in found]


def _not_judged_again(measured: FileCoverage, *_args: object):
    raise AssertionError(f"findings written again for {measured.path}")


def test_findings_come_from_the_cache_only_for_the_same_record_and_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    root = _project(tmp_path)
    measured = _run(root, tmp_path, POSITIVE_ONLY).files[0]
    first = _findings(root, measured, diff=True)
    assert first == [("coverage.uncovered-line", 3, False), ("coverage.missed-branch", 2, False)]
    with monkeypatch.context() as patched:
        patched.setattr("guard.coverage_findings._file_findings", _not_judged_again)
        assert _findings(root, measured, diff=True) == first
    assert len(_entries(root, FINDINGS)) == 1
    # The same file, judged without a base, or with line 3 new: other findings.
    assert _findings(root, measured, diff=False)[0] == ("coverage.uncovered-line", 3, None)
    changed = _run(root, tmp_path, POSITIVE_ONLY, {"calc/ops.py": frozenset({3})}).files[0]
    assert _findings(root, changed, diff=True)[0] == ("coverage.uncovered-line", 3, True)
    assert len(_entries(root, FINDINGS)) == 3


class _TemplateReporter(coverage.FileReporter):
    """A coverage plugin's reporter for a non-Python file, as Django's template plugin has."""

    def lines(self) -> set[int]:
        return {1, 2, 3}

    def source(self) -> str:
        return "{% if user %}\nhello\n{% endif %}\n"


def test_a_plugin_s_reporter_is_analysed_by_coverage_and_never_cached(tmp_path: Path):
    data_file = tmp_path / ".coverage"
    data = CoverageData(basename=str(data_file))
    template = str(tmp_path / "page.html")
    data.add_arcs({template: {(-1, 1), (1, 2), (2, -1)}})
    data.write()
    cov = coverage.Coverage(data_file=str(data_file), branch=True)
    cov.load()
    cache = Cache(tmp_path / ".guard_cache")
    selected = [(_TemplateReporter(template), template, "page.html")]
    outcome = analyse_files(cov, selected, {"page.html": frozenset({3})}, cache)
    [measured] = outcome.files
    assert (measured.statements, measured.missing) == ({1, 2, 3}, {3})
    assert measured.new_statements == {3}
    assert not (tmp_path / ".guard_cache").exists()
