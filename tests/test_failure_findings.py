from __future__ import annotations

from guard.failure_findings import failure_findings
from guard.model import Severity, TestFailure, TestOutcomes


def test_a_failed_test_becomes_a_finding_at_its_failing_line():
    failure = TestFailure(
        "tests/test_calc.py::TestAdd::test_adds", "tests/test_calc.py", 12, "assert 3 == 4"
    )
    (finding,) = failure_findings(TestOutcomes(failed=1, failures=(failure,)))
    assert finding.rule == "tests.failed"
    assert finding.severity is Severity.ERROR
    assert (finding.path, finding.line, finding.end_line) == ("tests/test_calc.py", 12, 12)
    assert finding.symbol == "tests.test_calc.TestAdd.test_adds"
    assert finding.message == "test `tests/test_calc.py::TestAdd::test_adds` failed: assert 3 == 4"
    assert "python -m pytest tests/test_calc.py::TestAdd::test_adds" in finding.hint


def test_a_parametrized_node_id_is_quoted_for_the_shell():
    failure = TestFailure("t/test_a.py::test_x[a b]", "t/test_a.py", 4, "boom", "setup")
    (finding,) = failure_findings(TestOutcomes(errors=1, failures=(failure,)))
    assert "errored in setup" in finding.message
    assert "python -m pytest 't/test_a.py::test_x[a b]'" in finding.hint


def test_a_collection_error_names_the_file_to_fix():
    failure = TestFailure(
        "tests/test_bad.py", "tests/test_bad.py", 0, "ImportError: no x", "collect"
    )
    (finding,) = failure_findings(TestOutcomes(errors=1, failures=(failure,)))
    assert finding.line == 1
    assert finding.symbol == "tests.test_bad"
    assert finding.message == "test `tests/test_bad.py` could not be collected: ImportError: no x"
    assert finding.hint.startswith("Fix the import or syntax error")


def test_a_failure_outside_a_python_file_has_no_symbol():
    failure = TestFailure("doc.txt::doc.txt", "doc.txt", 3, "doctest failed", "call")
    (finding,) = failure_findings(TestOutcomes(failed=1, failures=(failure,)))
    assert finding.symbol is None
