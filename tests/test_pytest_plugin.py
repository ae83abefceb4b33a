"""`pytest --guard` as a user runs it: the verdict, the exit status, the reports, xdist.

Most runs are true subprocesses (`runpytest_subprocess`), so that the inner
coverage never fights the one measuring these tests. The in-process runs exist
so that guard's own gate sees the plugin's lines run: it does not measure
subprocesses.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from guard.plugin_session import PYTEST_COV_CONFLICT
from tests.git_repo import GitRepo
from tests.plugin_projects import CONFTEST_REGISTRY, OPS, UNTESTED, json_report, write_project


def test_a_covered_project_passes_and_writes_thejson_report(pytester: pytest.Pytester):
    root = write_project(pytester)
    pytest_run = pytester.runpytest_subprocess("--guard", "--guard-report", "json=out/guard.json")
    assert pytest_run.ret == 0
    pytest_run.stdout.fnmatch_lines(
        ["*= guard =*", "guard: PASS - coverage 100.00% of 4 statements*"]
    )
    report = json_report(root / "out" / "guard.json")
    assert report["verdict"] == "pass"
    assert report["coverage"] == {
        "percent": 100.0,
        "fail_under": 100.0,
        "statements": 4,
        "missing_statements": 0,
        "branches": 2,
        "missing_branches": 0,
    }


def test_an_uncovered_line_fails_with_its_finding(pytester: pytest.Pytester):
    write_project(pytester, OPS + UNTESTED)
    pytest_run = pytester.runpytest_subprocess("--guard")
    assert pytest_run.ret == 1
    pytest_run.stdout.fnmatch_lines(
        [
            "guard: FAIL - coverage 87.50% (fail under 100%), 1 finding in 1 file",
            "calc/ops.py",
            "  8 *error  coverage.uncovered-line  calc.ops.double: line 8 of `calc.ops.double`*",
            "guard: pytest exits 1: failed coverage.total",
        ]
    )


def test_a_failing_test_fails_the_tests_gate_at_its_line(pytester: pytest.Pytester):
    write_project(
        pytester,
        tests__test_more="""
            from calc.ops import sign


            def test_sign_of_zero():
                assert sign(0) == 0
            """,
    )
    pytest_run = pytester.runpytest_subprocess("--guard")
    assert pytest_run.ret == 1
    pytest_run.stdout.fnmatch_lines(
        [
            "tests/test_more.py",
            "  5 *error  tests.failed  *test_sign_of_zero*assert 1 == 0",
            "guard: pytest exits 1: failed tests.passed",
        ]
    )


def test_xdist_workers_are_combined_into_the_same_verdict(pytester: pytest.Pytester):
    root = write_project(
        pytester,
        OPS + UNTESTED,
        tests__test_more="""
            from calc.ops import sign


            def test_sign_of_zero():
                assert sign(0) == 1
            """,
    )
    alone = pytester.runpytest_subprocess("--guard", "--guard-report", "json=alone.json")
    shared = pytester.runpytest_subprocess(
        "--guard", "-n", "2", "--guard-report", "json=shared.json"
    )
    assert (alone.ret, shared.ret) == (1, 1)
    shared.stdout.fnmatch_lines(["2 workers [3 items]", "guard: FAIL - coverage 87.50%*"])
    by_one, by_two = json_report(root / "alone.json"), json_report(root / "shared.json")
    for key in ("verdict", "coverage", "gates", "findings"):
        assert by_two[key] == by_one[key], key
    assert by_two["tests"] == by_one["tests"]
    assert by_one["tests"]["passed"] == 3  # type: ignore[index]


def test_pytest_cov_and_guard_together_are_refused_in_one_line(pytester: pytest.Pytester):
    write_project(pytester)
    pytest_run = pytester.runpytest_subprocess("--guard", "--cov=calc")
    assert pytest_run.ret == pytest.ExitCode.USAGE_ERROR
    assert pytest_run.stderr.lines[0] == f"ERROR: {PYTEST_COV_CONFLICT}"
    assert "Traceback" not in pytest_run.stderr.str()


def test_without_guard_the_plugin_imports_nothing_heavy(pytester: pytest.Pytester):
    write_project(
        pytester,
        tests__test_imports="""
            import sys


            def test_only_the_plugin_module_is_loaded():
                assert "guard.pytest_plugin" in sys.modules
                heavy = {"libcst", "coverage", "guard.check", "guard.plugin_session"}
                assert sorted(heavy & set(sys.modules)) == []
            """,
    )
    pytest_run = pytester.runpytest_subprocess("-p", "no:pytest_cov")
    pytest_run.assert_outcomes(passed=3)
    assert "= guard =" not in pytest_run.stdout.str()


def test_a_bad_base_stops_the_run_with_exit_3_and_one_line(pytester: pytest.Pytester):
    write_project(pytester)
    pytest_run = pytester.runpytest_subprocess("--guard", "--guard-base", "nope")
    assert pytest_run.ret == 3
    assert pytest_run.stderr.lines == [
        "guard: error: cannot diff against nope: not a git repository"
    ]
    assert "passed" not in pytest_run.stdout.str()  # no test ran


def test_coverage_starts_before_conftests_are_imported(pytester: pytest.Pytester):
    write_project(pytester, calc__registry=CONFTEST_REGISTRY, conftest="import calc.registry\n")
    pytest_run = pytester.runpytest_subprocess("--guard")
    assert pytest_run.ret == 0
    pytest_run.stdout.fnmatch_lines(["guard: PASS - coverage 100.00% of 7 statements*"])


def test_xdist_workers_start_measuring_before_their_conftests(pytester: pytest.Pytester):
    # Only the workers import the registry, so only their early start can cover it.
    conftest = """
        import os

        if os.environ.get("PYTEST_XDIST_WORKER"):
            import calc.registry
        """
    write_project(pytester, calc__registry=CONFTEST_REGISTRY, conftest=conftest)
    pytest_run = pytester.runpytest_subprocess("--guard", "-n", "2")
    assert pytest_run.ret == 0
    pytest_run.stdout.fnmatch_lines(["guard: PASS - coverage 100.00% of 7 statements*"])


# --- in-process runs: the same behaviour, measured by guard's own gate ------


@pytest.mark.parametrize(
    ("ops", "args", "status", "last_line"),
    [
        (OPS, (), 0, "guard: PASS - coverage 100.00% of 4 statements and 2 branches"),
        (OPS + UNTESTED, (), 1, "guard: pytest exits 1: failed coverage.total"),
        # The counter registered by hand as well: the run still completes and passes.
        (OPS, ("-p", "guard.assertion_counter"), 0, "guard: PASS - coverage 100.00%*"),
        (OPS, ("-o", "enable_assertion_pass_hook=true"), 0, "guard: PASS - coverage 100.00%*"),
    ],
)
def test_in_process_the_verdict_sets_the_exit_status(
    pytester: pytest.Pytester, ops: str, args: tuple[str, ...], status: int, last_line: str
):
    write_project(pytester, ops)
    pytest_run = pytester.runpytest_inprocess("--guard", *args)
    assert pytest_run.ret == status
    pytest_run.stdout.fnmatch_lines(["*= guard =*", last_line])


def test_guard_format_json_prints_the_document_and_the_verdict(pytester: pytest.Pytester):
    write_project(pytester)
    pytest_run = pytester.runpytest_inprocess("--guard", "--guard-format", "json")
    assert pytest_run.ret == 0
    text = pytest_run.stdout.str()
    document = text[text.index("{") : text.rindex("}") + 1]
    assert json.loads(document)["verdict"] == "pass"
    pytest_run.stdout.fnmatch_lines(["}", "guard: PASS - coverage 100.00%*"])


def test_a_report_that_cannot_be_written_is_exit_3(pytester: pytest.Pytester):
    root = write_project(pytester)
    (root / "blocked").write_text("a file where a directory should be", encoding="utf-8")
    pytest_run = pytester.runpytest_inprocess("--guard", "--guard-report", "json=blocked/r.json")
    assert pytest_run.ret == 3
    pytest_run.stdout.fnmatch_lines(
        ["guard: ERROR - cannot write json report to 'blocked/r.json'*"]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--guard-format", "yaml"], "ERROR: guard: --guard-format 'yaml': choose from text, *"),
        (
            ["--guard-report", "json"],
            "ERROR: guard: invalid --report 'json': expected FORMAT=PATH*",
        ),
    ],
)
def test_bad_guard_options_are_pytest_usage_errors(
    pytester: pytest.Pytester, args: list[str], message: str
):
    write_project(pytester)
    pytest_run = pytester.runpytest_inprocess("--guard", *args)
    assert pytest_run.ret == pytest.ExitCode.USAGE_ERROR
    pytest_run.stderr.fnmatch_lines([message])


HOLLOW_TESTS = """
    from calc.ops import sign


    def test_sign_of_many():
        for number in range(0):
            assert sign(number) == 1
    """


@pytest.mark.parametrize(
    ("pass_hook", "expected"),
    [
        (
            True,
            ["tests/test_more.py", "  4 *error  integrity.no-assertion-run  *", "guard: pytest *"],
        ),
        (False, ["*tests that executed no assertion were not looked for*"]),
    ],
)
def test_a_changed_test_that_ran_no_assertion_is_judged_as_guard_check_does(
    pytester: pytest.Pytester, git_env: None, pass_hook: bool, expected: list[str]
):
    root = write_project(pytester)
    if pass_hook:
        with (root / "pyproject.toml").open("a", encoding="utf-8") as config:
            config.write("enable_assertion_pass_hook = true\n")
    repo = GitRepo(root)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    (root / "tests" / "test_more.py").write_text(
        textwrap.dedent(HOLLOW_TESTS).lstrip("\n"), encoding="utf-8"
    )
    for pytest_run in (
        pytester.runpytest_subprocess("--guard", "--guard-base", "main"),
        pytester.runpytest_inprocess("--guard", "--guard-base", "main"),  # measured by guard
    ):
        pytest_run.stdout.fnmatch_lines(expected)
        assert pytest_run.ret == (1 if pass_hook else 0)
