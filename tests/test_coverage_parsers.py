"""coverage.py's parse of each file, cached by content: same answers, never stale."""

from __future__ import annotations

import textwrap
from pathlib import Path

import coverage
import pytest
from coverage import CoverageData
from coverage.parser import PythonParser

from guard.cache import Cache
from guard.coverage_data import measure
from guard.coverage_parsers import NAMESPACE, parse, prime_parsers
from guard.parallel import map_files

SOURCE = """\
def sign(n):
    if n < 0:
        return -1
    return 1
"""
# sign(5) ran: the module body, the def, line 2 false, line 4.
POSITIVE_ONLY = [(-1, 1), (1, -1), (-1, 2), (2, 4), (4, -1)]
# sign(-5) ran: the module body, the def, line 2 true, line 3.
NEGATIVE_ONLY = [(-1, 1), (1, -1), (-1, 2), (2, 3), (3, -1)]


def _project(tmp_path: Path, source: str = SOURCE, pyproject: str = "") -> Path:
    root = tmp_path / "project"
    (root / "calc").mkdir(parents=True, exist_ok=True)
    (root / "calc" / "ops.py").write_text(source, encoding="utf-8")
    (root / "pyproject.toml").write_text(textwrap.dedent(pyproject), encoding="utf-8")
    return root


def _measure(root: Path, tmp_path: Path, cache: Cache, arcs=POSITIVE_ONLY, runs: str = "runs"):
    data = CoverageData(basename=str(tmp_path / runs / ".coverage.run1"))
    (tmp_path / runs).mkdir(exist_ok=True)
    data.add_arcs({str(root / "calc" / "ops.py"): set(arcs)})
    data.write()
    return measure(root, [tmp_path / runs], ["calc"], cache=cache)


def _entries(root: Path) -> list[Path]:
    return sorted((root / ".guard_cache" / NAMESPACE).iterdir())


def test_a_second_run_reads_the_parse_from_the_cache_and_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    root = _project(tmp_path)
    cache = Cache(root / ".guard_cache")
    cold = _measure(root, tmp_path, cache)
    assert cold.files[0].missing == {3}
    [entry] = _entries(root)
    cached = cache.load(NAMESPACE, entry.name)
    assert isinstance(cached, PythonParser)
    assert cached.statements == {1, 2, 3, 4}

    def not_parsed_again(job):
        raise AssertionError(f"parsed again: {job[0]}")

    # Other arcs over the same text: the file-analysis cache misses, so only the
    # parser cache can spare the parse.
    monkeypatch.setattr("guard.coverage_parsers.parse", not_parsed_again)
    warm = _measure(root, tmp_path, cache, NEGATIVE_ONLY, runs="runs2")
    assert warm.files[0].statements == {1, 2, 3, 4}
    assert warm.files[0].missing == {4}
    assert [missed.description for missed in warm.files[0].missed_branches] == [
        "line 2 didn't jump to line 4 because the condition on line 2 was always true"
    ]


def test_an_edited_file_is_parsed_again_never_served_stale(tmp_path: Path):
    root = _project(tmp_path)
    cache = Cache(root / ".guard_cache")
    _measure(root, tmp_path, cache)
    (root / "calc" / "ops.py").write_text(SOURCE + "\n\ndef extra():\n    return 2\n", "utf-8")
    edited = _measure(root, tmp_path, cache)
    assert edited.files[0].statements == {1, 2, 3, 4, 7, 8}
    assert len(_entries(root)) == 2


def test_a_new_exclusion_rule_takes_effect_despite_the_cache(tmp_path: Path):
    root = _project(tmp_path)
    cache = Cache(root / ".guard_cache")
    _measure(root, tmp_path, cache)
    excluding = "[tool.coverage.report]\nexclude_also = ['return -1']\n"
    (root / "pyproject.toml").write_text(excluding, encoding="utf-8")
    measured = _measure(root, tmp_path, cache).files[0]
    assert measured.statements == {1, 2, 4}
    assert measured.missing == frozenset()


def test_a_file_that_does_not_parse_is_not_cached_and_still_reported(tmp_path: Path):
    root = _project(tmp_path, source="def sign(n:\n    return 1\n")
    measurement = _measure(root, tmp_path, Cache(root / ".guard_cache"))
    assert [item.path for item in measurement.unreadable] == ["calc/ops.py"]
    assert not (root / ".guard_cache" / NAMESPACE).exists()


def test_reporters_that_are_not_python_files_are_left_to_their_plugin(tmp_path: Path):
    cov = coverage.Coverage(data_file=None)
    cov._init()
    cache = Cache(tmp_path / ".guard_cache")
    prime_parsers(cov, [object()], cache)
    assert not (tmp_path / ".guard_cache").exists()


def test_parsing_in_worker_processes_gives_coverage_s_own_answers(tmp_path: Path):
    jobs = [(f"/virtual/m{n}.py", SOURCE * (n + 1), "no cover") for n in range(4)]
    in_pool = map_files(parse, jobs, lines=10, min_lines=1, cpus=2)
    for (filename, text, exclude), parser in zip(jobs, in_pool, strict=True):
        reference = PythonParser(text=text, filename=filename, exclude=exclude)
        reference.parse_source()
        assert parser is not None
        assert parser.statements == reference.statements
        assert parser.arcs() == reference.arcs()
        assert parser.exit_counts() == reference.exit_counts()
    assert parse(("/virtual/bad.py", "def broken(:\n", "no cover")) is None
