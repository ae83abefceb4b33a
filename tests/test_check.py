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
from guard.runner import run_tests
from tests.git_repo import GitRepo
from tests.projects import CHANGED_TESTS, FIXTURES, ProjectFactory

COVERED_PROJECT = {
    "pyproject.toml": """
        [tool.guard]
        source = ["calc"]
        """,
    "calc/__init__.py": "",
    "calc/ops.py": """
        def sign(number):
            if number < 0:
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
    assert gates == {"tests.passed": False, "coverage.total": False, "quality": True}


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
    located = sorted((f.rule, f.path, f.line) for f in report.findings)
    assert located == [
        ("coverage.unparsable-file", "calc/legacy.py", 2),
        ("syntax.parse-error", "calc/legacy.py", 2),
    ]
    failed = {gate.id for gate in report.gates if not gate.passed}
    assert failed == {"coverage.total", "quality"}


def test_source_that_measures_nothing_is_a_tool_error(make_project: ProjectFactory):
    with pytest.raises(ToolError, match="no measured file matches `source` in this checkout;"):
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
        run_tests(config, tmp_path, io.StringIO())


# --- the change against a base, in real git repositories -------------------------------


def test_new_lines_and_branches_are_told_apart_from_old_gaps(feature_repo: GitRepo):
    report, _ = _check(feature_repo.path)
    assert report.base.ref == "main"
    assert report.base.merge_base == feature_repo.git("rev-parse", "main").strip()
    assert report.diff is not None
    # The edit on line 14 counts as the statement starting on line 12.
    assert (report.diff.new_statements, report.diff.uncovered_new_statements) == (5, 1)
    assert (report.diff.new_branches, report.diff.missed_new_branches) == (2, 1)
    assert report.diff.outside_source == ("tests/test_ops.py",)
    found = [(f.rule, f.line, f.new) for f in report.findings]
    assert found == [
        ("coverage.missed-branch", 19, True),
        ("coverage.uncovered-line", 20, True),
        ("coverage.uncovered-line", 8, False),
    ]
    assert report.findings[1].message.endswith("(new code in this change)")
    gates = {gate.id: gate.passed for gate in report.gates}
    assert gates == {
        "tests.passed": True,
        "coverage.total": False,
        "coverage.diff": False,
        "quality": True,
        "integrity": True,
    }
    assert next(g for g in report.gates if g.id == "coverage.diff").detail == (
        "1 of 5 new statements and 1 of 2 new branches not covered"
    )


def test_a_covered_change_passes_the_diff_gate_while_old_gaps_fail_the_total(
    feature_repo: GitRepo,
):
    feature_repo.write(
        "tests/test_ops.py",
        CHANGED_TESTS + "\n\ndef test_clamp_low():\n    assert clamp(-5, 0) == 0\n",
    )
    report, _ = _check(feature_repo.path)
    gates = {gate.id: gate.passed for gate in report.gates}
    assert gates == {
        "tests.passed": True,
        "coverage.total": False,
        "coverage.diff": True,
        "quality": True,
        "integrity": True,
    }
    assert [(f.line, f.new) for f in report.findings] == [(8, False)]


def test_a_changed_file_under_source_that_was_never_measured_is_an_error(
    feature_repo: GitRepo,
):
    feature_repo.write("calc/scripts/tool.py", "print('not in a package')\n")
    report, _ = _check(feature_repo.path)
    unmeasured = [f for f in report.findings if f.rule == "coverage.unmeasured-file"]
    assert [(f.path, f.new) for f in unmeasured] == [("calc/scripts/tool.py", True)]
    assert "1 changed file(s) under `source` never measured" in next(
        g.detail for g in report.gates if g.id == "coverage.diff"
    )


def test_an_omitted_file_is_listed_outside_source_never_silently(feature_repo: GitRepo):
    feature_repo.write(
        "pyproject.toml",
        '[tool.guard]\nsource = ["calc"]\n[tool.coverage.run]\nomit = ["*/generated_*.py"]\n',
    )
    feature_repo.write("calc/generated_table.py", "TABLE = {}\n")
    report, _ = _check(feature_repo.path)
    assert report.diff is not None
    assert report.diff.outside_source == ("calc/generated_table.py", "tests/test_ops.py")


def test_an_explicit_base_that_does_not_exist_fails_before_the_tests_run(
    feature_repo: GitRepo,
):
    with pytest.raises(ToolError, match="base no-such-branch not found; fetch it") as caught:
        _check(feature_repo.path, base="no-such-branch")
    assert caught.value.exit_code == 3


def test_base_sha_skips_the_merge_base(feature_repo: GitRepo):
    first = feature_repo.git("rev-parse", "main").strip()
    report = run_check(load_config(feature_repo.path, {}, {}), io.StringIO(), base_sha=first)
    assert report.base.merge_base == first
    assert report.diff is not None
    assert report.diff.new_statements == 5


def test_a_process_the_tests_leave_behind_does_not_hold_up_the_verdict(
    make_project: ProjectFactory,
):
    files = dict(COVERED_PROJECT)
    # The sleeper inherits the output pipe; guard must not wait for it to end.
    files["tests/test_leak.py"] = (
        "import subprocess\n\ndef test_leaves_a_sleeper():\n"
        "    subprocess.Popen(['sleep', '600'])\n    assert True\n"
    )
    report, _ = _check(make_project(files))
    assert report.verdict is Verdict.PASS


def test_a_gitattributes_binary_marking_cannot_hide_changed_lines(feature_repo: GitRepo):
    feature_repo.write(".gitattributes", "*.py binary\n")
    report, _ = _check(feature_repo.path)
    assert report.diff is not None
    # git shows no lines for a "binary" file, so every line of it counts as changed.
    assert report.diff.new_statements == 12
    assert [(f.line, f.new) for f in report.findings] == [(8, True), (19, True), (20, True)]
