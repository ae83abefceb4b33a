"""End-to-end runs of the check pipeline: real pytest, real coverage, real files."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from guard.check import read_source, run_check
from guard.config import GuardConfig, load_config
from guard.errors import ToolError, UsageError
from guard.model import Branch, Verdict
from tests.projects import FIXTURES, ProjectFactory

COVERED_PROJECT = {
    "pyproject.toml": """
        [tool.guard]
        source = ["calc"]
        """,
    "calc/__init__.py": "",
    "calc/ops.py": """
        def sign(n):
            if n < 0:
                return -1
            return 1
        """,
    "tests/test_ops.py": """
        from calc.ops import sign

        def test_sign_of_negative():
            assert sign(-3) == -1

        def test_sign_of_positive():
            assert sign(3) == 1
        """,
}


def _check(root: Path, **overrides: object):
    stream = io.StringIO()
    report = run_check(load_config(root, {}, overrides), stream)
    return report, stream.getvalue()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(FIXTURES / "example", root)
    return root


def test_example_names_the_missed_lines_branches_and_failing_test(example: Path):
    report, output = _check(example)
    assert report.verdict is Verdict.FAIL
    assert int(report.exit_code) == 1
    assert "1 failed, 2 passed" in output  # the test output went to the stream
    located = {(f.rule, f.path, f.line, f.end_line) for f in report.findings}
    assert located == {
        ("tests.failed", "tests/test_discount.py", 5, 5),
        ("coverage.uncovered-line", "billing/refund.py", 12, 12),
        ("coverage.uncovered-line", "billing/refund.py", 14, 18),
        ("coverage.uncovered-line", "billing/refund.py", 28, 28),
        ("coverage.missed-branch", "billing/refund.py", 11, 11),
        ("coverage.missed-branch", "billing/refund.py", 25, 25),
        ("coverage.missed-branch", "billing/refund.py", 27, 27),
    }
    branches = {f.branch: f.message for f in report.findings if f.branch}
    assert branches[Branch(25, 27)] == (
        "line 25 didn't jump to line 27 because the condition on line 25 was always true"
    )
    assert branches[Branch(27, 28)] == (
        "line 27 didn't jump to line 28 because the condition on line 27 was never true"
    )
    except_range = next(f for f in report.findings if f.line == 14)
    assert except_range.symbol == "billing.refund.refund_order"
    assert "PaymentTimeout" in except_range.hint
    assert "queue = payment.setdefault" in (except_range.snippet or "")
    gates = {gate.id: gate.passed for gate in report.gates}
    assert gates == {"tests.passed": False, "coverage.total": False}


def test_fully_covered_project_passes(make_project: ProjectFactory):
    report, _ = _check(make_project(COVERED_PROJECT))
    assert report.verdict is Verdict.PASS
    assert report.findings == ()
    assert report.coverage is not None
    assert (report.coverage.statements, report.coverage.branches) == (4, 2)
    assert report.tests is not None
    assert report.tests.passed == 2


def test_branch_coverage_is_on_even_when_the_project_turns_it_off(make_project: ProjectFactory):
    files = dict(COVERED_PROJECT)
    files["tests/test_ops.py"] = """
        from calc.ops import sign

        def test_sign_of_negative():
            assert sign(-3) == -1
        """
    files["pyproject.toml"] += "\n[tool.coverage.run]\nbranch = false\n"
    report, _ = _check(make_project(files))
    assert report.verdict is Verdict.FAIL
    rules = sorted(f.rule for f in report.findings)
    assert rules == ["coverage.missed-branch", "coverage.uncovered-line"]


def test_parallel_mode_data_files_are_combined(make_project: ProjectFactory):
    files = dict(COVERED_PROJECT)
    files["pyproject.toml"] += "\n[tool.coverage.run]\nparallel = true\n"
    report, _ = _check(make_project(files))
    assert report.verdict is Verdict.PASS


def test_a_lower_fail_under_written_explicitly_lets_a_gap_pass(make_project: ProjectFactory):
    files = dict(COVERED_PROJECT)
    files["tests/test_ops.py"] = """
        from calc.ops import sign

        def test_sign_of_positive():
            assert sign(3) == 1
        """
    report, _ = _check(make_project(files), fail_under=50.0)
    assert report.verdict is Verdict.PASS
    assert [f.rule for f in report.findings] == [
        "coverage.missed-branch",
        "coverage.uncovered-line",
    ]


def test_a_source_module_never_imported_counts_as_uncovered(make_project: ProjectFactory):
    files = dict(COVERED_PROJECT)
    files["calc/unused.py"] = "def forgotten():\n    return 1\n"
    report, _ = _check(make_project(files))
    assert report.verdict is Verdict.FAIL
    (finding,) = report.findings
    assert (finding.path, finding.line, finding.end_line) == ("calc/unused.py", 1, 2)


def test_no_tests_is_a_tool_error_never_a_pass(make_project: ProjectFactory):
    files = {k: v for k, v in COVERED_PROJECT.items() if not k.startswith("tests/")}
    with pytest.raises(ToolError, match="no tests were collected") as caught:
        _check(make_project(files))
    assert caught.value.exit_code == 3


def test_a_hanging_test_is_killed_at_the_timeout(make_project: ProjectFactory):
    files = dict(COVERED_PROJECT)
    files["tests/test_hang.py"] = "import time\n\ndef test_hangs():\n    time.sleep(60)\n"
    with pytest.raises(ToolError, match=r"exceeded test_timeout \(1 s\)") as caught:
        _check(make_project(files), test_timeout=1.0)
    assert caught.value.kind == "timeout"


def test_a_test_that_kills_the_interpreter_never_passes(make_project: ProjectFactory):
    files = dict(COVERED_PROJECT)
    files["tests/test_exit.py"] = "import os\n\ndef test_bail():\n    os._exit(0)\n"
    with pytest.raises(ToolError, match="exited with 0 before it reported results") as caught:
        _check(make_project(files))
    assert "coverage data is missing or partial" in caught.value.message


def test_a_segfault_is_reported_with_its_signal(make_project: ProjectFactory):
    files = dict(COVERED_PROJECT)
    files["tests/test_crash.py"] = (
        "import os, signal\n\ndef test_crash():\n    os.kill(os.getpid(), signal.SIGSEGV)\n"
    )
    with pytest.raises(ToolError, match="was killed by signal 11"):
        _check(make_project(files))


def test_a_pytest_usage_error_is_exit_2_with_pytests_message(make_project: ProjectFactory):
    with pytest.raises(UsageError, match="unrecognized arguments: --no-such-flag") as caught:
        _check(make_project(COVERED_PROJECT), pytest_args=("--no-such-flag",))
    assert caught.value.exit_code == 2


def test_a_non_utf8_source_file_is_a_finding_not_a_traceback(make_project: ProjectFactory):
    root = make_project(COVERED_PROJECT)
    (root / "calc" / "legacy.py").write_bytes(b"x = 1\n\xff\xfe = 2\n")
    report, _ = _check(root)
    assert report.verdict is Verdict.FAIL
    (finding,) = report.findings
    assert finding.rule == "coverage.unparsable-file"
    assert (finding.path, finding.line) == ("calc/legacy.py", 2)
    assert not next(g for g in report.gates if g.id == "coverage.total").passed


def test_source_that_measures_nothing_is_a_tool_error(make_project: ProjectFactory):
    with pytest.raises(ToolError, match="measured no file"):
        _check(make_project(COVERED_PROJECT), source=("does_not_exist",))


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"# -*- coding: latin-1 -*-\nname = '\xe9'\n", "name = 'é'"),
        (b"\xef\xbb\xbfx = 1\n", "x = 1"),
        (b"# coding: no-such-codec\nx = 1\n", "x = 1"),
    ],
)
def test_read_source_decodes_like_python(tmp_path: Path, raw: bytes, text: str):
    (tmp_path / "m.py").write_bytes(raw)
    assert text in read_source(tmp_path / "m.py").splitlines()


def test_a_pytest_internal_error_is_a_tool_error(make_project: ProjectFactory):
    files = dict(COVERED_PROJECT)
    files["tests/conftest.py"] = (
        "def pytest_collection_modifyitems(items):\n    raise RuntimeError('plugin bug')\n"
    )
    with pytest.raises(ToolError, match="pytest hit an internal error") as caught:
        _check(make_project(files))
    assert caught.value.exit_code == 3


def test_a_root_that_vanished_cannot_start_pytest(tmp_path: Path):
    config = GuardConfig(root=tmp_path / "gone", source=("calc",))
    with pytest.raises(ToolError, match="cannot start pytest"):
        run_check(config, io.StringIO())
