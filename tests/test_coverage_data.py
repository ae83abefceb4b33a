"""Reading coverage data through coverage.py's API, with data files written by that API."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from coverage import CoverageData

from guard.coverage_data import measure
from guard.errors import ToolError
from guard.file_analysis import MissedBranch

SOURCE = """\
def sign(n):
    if n < 0:
        return -1
    return 1
"""


def _write_data(path: Path, arcs: dict[str, list[tuple[int, int]]]) -> Path:
    data = CoverageData(basename=str(path))
    data.add_arcs({name: set(pairs) for name, pairs in arcs.items()})
    data.write()
    return path


def _project(tmp_path: Path, pyproject: str = "") -> Path:
    root = tmp_path / "project"
    (root / "calc").mkdir(parents=True)
    (root / "calc" / "__init__.py").write_text("", encoding="utf-8")
    (root / "calc" / "ops.py").write_text(SOURCE, encoding="utf-8")
    (root / "pyproject.toml").write_text(textwrap.dedent(pyproject), encoding="utf-8")
    return root


def _measure(root: Path, tmp_path: Path, arcs: dict[str, list[tuple[int, int]]]):
    runs = tmp_path / "runs"
    runs.mkdir(exist_ok=True)
    _write_data(runs / ".coverage.run1", arcs)
    return measure(root, [runs], ["calc"])


# sign(5) ran: the module body, the def, line 2 false, line 4.
POSITIVE_ONLY = [(-1, 1), (1, -1), (-1, 2), (2, 4), (4, -1)]


def test_partial_run_gives_missing_lines_and_coverage_s_branch_words(tmp_path: Path):
    root = _project(tmp_path)
    ops = str(root / "calc" / "ops.py")
    measurement = _measure(root, tmp_path, {ops: POSITIVE_ONLY})
    by_path = {item.path: item for item in measurement.files}
    assert set(by_path) == {"calc/ops.py"}
    measured = by_path["calc/ops.py"]
    assert measured.statements == {1, 2, 3, 4}
    assert measured.missing == {3}
    assert measured.branches == 2
    assert measured.missed_branches == (
        MissedBranch(
            2, 3, "line 2 didn't jump to line 3 because the condition on line 2 was never true"
        ),
    )


def test_shards_are_combined(tmp_path: Path):
    root = _project(tmp_path)
    ops = str(root / "calc" / "ops.py")
    runs = tmp_path / "runs"
    runs.mkdir()
    _write_data(runs / ".coverage.shard1", {ops: POSITIVE_ONLY})
    _write_data(runs / ".coverage.shard2", {ops: [(-1, 2), (2, 3), (3, -1)]})
    measurement = measure(root, [runs], ["calc"])
    measured = next(item for item in measurement.files if item.path == "calc/ops.py")
    assert measured.missing == frozenset()
    assert measured.missed_branches == ()


@pytest.mark.parametrize(
    ("pyproject", "paths"),
    [
        ('[tool.coverage.report]\nomit = ["*/__init__.py"]\n', ["calc/ops.py"]),
        ('[tool.coverage.report]\ninclude = ["*/__init__.py"]\n', ["calc/__init__.py"]),
    ],
)
def test_report_include_and_omit_are_honoured(tmp_path: Path, pyproject: str, paths: list[str]):
    root = _project(tmp_path, pyproject)
    ops = str(root / "calc" / "ops.py")
    init = str(root / "calc" / "__init__.py")
    measurement = _measure(root, tmp_path, {ops: POSITIVE_ONLY, init: [(-1, -1)]})
    assert [item.path for item in measurement.files] == paths


def test_a_file_outside_the_root_keeps_its_absolute_path(tmp_path: Path):
    root = _project(tmp_path)
    elsewhere = tmp_path / "elsewhere.py"
    elsewhere.write_text("x = 1\n", encoding="utf-8")
    runs = tmp_path / "runs"
    runs.mkdir()
    _write_data(runs / ".coverage.run1", {str(elsewhere): [(-1, 1), (1, -1)]})
    measurement = measure(root, [runs], [])
    assert [item.path for item in measurement.files] == [elsewhere.as_posix()]


def test_a_measured_file_that_is_gone_is_unreadable(tmp_path: Path):
    root = _project(tmp_path)
    gone = root / "calc" / "gone.py"
    measurement = _measure(root, tmp_path, {str(gone): [(-1, 1), (1, -1)]})
    assert [item.path for item in measurement.unreadable] == ["calc/gone.py"]
    assert "No source for code" in measurement.unreadable[0].reason


def test_no_data_files_is_a_tool_error(tmp_path: Path):
    root = _project(tmp_path)
    (tmp_path / "runs").mkdir()
    with pytest.raises(ToolError, match="no usable coverage data") as caught:
        measure(root, [tmp_path / "runs"], ["calc"])
    assert caught.value.exit_code == 3


def test_a_truncated_data_file_is_a_tool_error_even_beside_good_data(tmp_path: Path):
    root = _project(tmp_path)
    runs = tmp_path / "runs"
    runs.mkdir()
    _write_data(runs / ".coverage.good", {str(root / "calc" / "ops.py"): POSITIVE_ONLY})
    good = (runs / ".coverage.good").read_bytes()
    (runs / ".coverage.broken").write_bytes(good[: len(good) // 2])
    with pytest.raises(ToolError, match="cannot read coverage data: Couldn't use data file"):
        measure(root, [runs], ["calc"])


def test_line_data_cannot_be_combined_with_branch_data(tmp_path: Path):
    root = _project(tmp_path)
    runs = tmp_path / "runs"
    runs.mkdir()
    ops = str(root / "calc" / "ops.py")
    _write_data(runs / ".coverage.arcs", {ops: POSITIVE_ONLY})
    lines = CoverageData(basename=str(runs / ".coverage.lines"))
    lines.add_lines({ops: {1, 2}})
    lines.write()
    with pytest.raises(ToolError, match="cannot read coverage data: Can't combine"):
        measure(root, [runs], ["calc"])


def test_data_that_measured_nothing_is_a_tool_error(tmp_path: Path):
    root = _project(tmp_path)
    runs = tmp_path / "runs"
    runs.mkdir()
    _write_data(runs / ".coverage.empty", {})
    with pytest.raises(ToolError, match="no measured file matches `source` in this checkout;"):
        measure(root, [runs], [])


def test_data_without_branches_is_refused_not_judged(tmp_path: Path):
    root = _project(tmp_path)
    runs = tmp_path / "runs"
    runs.mkdir()
    lines_only = CoverageData(basename=str(runs / ".coverage.run1"))
    lines_only.add_lines({str(root / "calc" / "ops.py"): {1, 2, 4}})
    lines_only.write()
    with pytest.raises(ToolError, match="the coverage data has lines but no branches"):
        measure(root, [runs], ["calc"])
