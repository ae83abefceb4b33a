from __future__ import annotations

import pytest

from guard.outcomes import OutcomeRecorder


def _record(pytester: pytest.Pytester, *args: str) -> OutcomeRecorder:
    recorder = OutcomeRecorder()
    pytester.runpytest_inprocess(*args, plugins=[recorder])
    return recorder


def test_every_outcome_kind_is_counted(pytester: pytest.Pytester):
    pytester.makepyfile(
        test_kinds="""
        import pytest

        def test_passes():
            assert True

        def test_fails():
            assert 1 == 2

        @pytest.mark.skip(reason="not today")
        def test_skipped():
            pass

        @pytest.mark.xfail(reason="known")
        def test_xfails():
            assert False

        @pytest.mark.xfail(reason="fixed already")
        def test_xpasses():
            pass

        @pytest.mark.xfail(run=False, reason="never run")
        def test_not_run():
            pass

        @pytest.fixture
        def broken():
            raise RuntimeError("setup exploded")

        def test_setup_error(broken):
            pass

        @pytest.fixture
        def bad_teardown():
            yield
            raise RuntimeError("teardown exploded")

        def test_teardown_error(bad_teardown):
            pass
        """
    )
    recorder = _record(pytester)
    outcomes = recorder.outcomes()
    assert (outcomes.passed, outcomes.failed, outcomes.errors) == (2, 1, 2)
    assert (outcomes.skipped, outcomes.xfailed, outcomes.xpassed) == (1, 2, 1)
    assert recorder.collected == 8
    by_test = {failure.nodeid.split("::")[1]: failure for failure in outcomes.failures}
    assert set(by_test) == {"test_fails", "test_setup_error", "test_teardown_error"}
    assert by_test["test_fails"].when == "call"
    assert by_test["test_fails"].line == 7
    assert by_test["test_fails"].message == "assert 1 == 2"
    assert by_test["test_setup_error"].when == "setup"
    assert by_test["test_setup_error"].message == "RuntimeError: setup exploded"
    assert by_test["test_teardown_error"].when == "teardown"


def test_failure_inside_code_under_test_points_at_the_test_line(pytester: pytest.Pytester):
    pytester.makepyfile(
        calc="""
        def divide(a, b):
            return a / b
        """,
        test_calc="""
        from calc import divide

        def test_divide_by_zero():
            x = 1
            assert divide(x, 0) == 0
        """,
    )
    (failure,) = _record(pytester).outcomes().failures
    assert failure.path == "test_calc.py"
    assert failure.line == 5
    assert failure.message == "ZeroDivisionError: division by zero"


def test_failure_with_no_traceback_in_the_test_file_uses_the_def_line(pytester: pytest.Pytester):
    pytester.makepyfile(
        test_strict="""
        import pytest

        @pytest.mark.xfail(strict=True, reason="should fail")
        def test_unexpectedly_passes():
            pass
        """
    )
    outcomes = _record(pytester).outcomes()
    (failure,) = outcomes.failures
    assert outcomes.failed == 1
    assert failure.line == 3  # the decorated function starts at its decorator
    assert "XPASS(strict)" in failure.message


def test_collection_error_is_an_error_with_the_exception_line(pytester: pytest.Pytester):
    pytester.makepyfile(test_broken="import does_not_exist\n")
    outcomes = _record(pytester).outcomes()
    (failure,) = outcomes.failures
    assert outcomes.errors == 1
    assert failure.when == "collect"
    assert failure.path == "test_broken.py"
    assert failure.message == "ModuleNotFoundError: No module named 'does_not_exist'"


def test_a_failure_in_generated_code_still_points_at_the_test(pytester: pytest.Pytester):
    pytester.makepyfile(
        test_generated="""
        def test_runs_generated_code():
            code = compile("assert 1 == 2", "<generated>", "exec")
            exec(code)
        """
    )
    (failure,) = _record(pytester).outcomes().failures
    assert failure.line == 3


def test_paths_are_relative_to_guards_root_not_pytests_rootdir(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
):
    # pytest picks the outer directory as rootdir (it holds the ini file);
    # guard runs in the inner project and must name paths from there.
    pytester.makeini("[pytest]\n")
    inner = pytester.mkpydir("inner")
    (inner / "test_inner.py").write_text("def test_fails():\n    assert 1 == 2\n", encoding="utf-8")
    (inner / "test_broken.py").write_text("import missing_module\n", encoding="utf-8")
    monkeypatch.chdir(inner)
    recorder = OutcomeRecorder()
    pytester.runpytest_inprocess(str(inner), "--continue-on-collection-errors", plugins=[recorder])
    failures = {failure.path: failure for failure in recorder.outcomes().failures}
    assert set(failures) == {"test_inner.py", "test_broken.py"}
    assert failures["test_inner.py"].nodeid == "test_inner.py::test_fails"
    assert failures["test_inner.py"].line == 2
    assert failures["test_broken.py"].nodeid == "test_broken.py"
