"""The command line, in process through main() and for real through `python -m guard`."""

from __future__ import annotations

import contextlib
import json
import os
import runpy
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest

import guard
from guard import __version__
from guard.cli import main
from guard.rules import RULES
from tests.projects import FIXTURES, ProjectFactory
from tests.test_json_report import schema_errors

PASSING = {
    "pyproject.toml": '[tool.guard]\nsource = ["mod"]\n',
    "mod.py": "def one():\n    return 1\n",
    "tests/test_mod.py": "from mod import one\n\ndef test_one():\n    assert one() == 1\n",
}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(FIXTURES / "example", root)
    return root


def test_check_json_on_the_example_fails_with_exit_1(
    example: Path, capsys: pytest.CaptureFixture[str]
):
    code = main(["check", "--root", str(example), "--format", "json"])
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert schema_errors(document) == []
    assert code == 1
    assert document["verdict"] == "fail"
    assert document["exit_code"] == 1
    assert {f["rule"] for f in document["findings"]} == {
        "tests.failed",
        "coverage.uncovered-line",
        "coverage.missed-branch",
    }
    assert "1 failed, 2 passed" in captured.err


def test_check_text_on_a_passing_project_is_short(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
):
    root = make_project(PASSING)
    assert main(["check", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("guard: PASS")
    assert "note: no diff: not a git repository" in out
    assert len(out.splitlines()) <= 6


def test_report_flag_writes_extra_formats(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    root = make_project(PASSING)
    target = tmp_path / "out" / "report.json"
    assert main(["check", "--root", str(root), "--report", f"json={target}"]) == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["verdict"] == "pass"
    assert schema_errors(document) == []
    assert capsys.readouterr().out.startswith("guard: PASS")


def test_report_files_are_written_for_an_error_run_too(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    root = make_project(PASSING)
    target = tmp_path / "report.json"
    code = main(["check", "--root", str(root), "--report", f"json={target}", "--", "-k", "nope"])
    assert code == 3
    document = json.loads(target.read_text(encoding="utf-8"))
    assert (document["verdict"], document["exit_code"]) == ("error", 3)
    assert document["errors"][0]["kind"] == "no-tests"
    assert capsys.readouterr().out.startswith("guard: ERROR")


def test_arguments_after_double_dash_reach_pytest(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
):
    root = make_project(PASSING)
    assert main(["check", "--root", str(root), "--", "-k", "nothing_matches"]) == 3
    assert "no tests were collected" in capsys.readouterr().err


def test_positional_tests_override_the_configured_ones(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
):
    files = dict(PASSING)
    files["tests/test_broken.py"] = "def test_broken():\n    assert False\n"
    root = make_project(files)
    assert main(["check", "--root", str(root), "tests/test_mod.py"]) == 0
    capsys.readouterr()


def test_cli_flags_override_the_file(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
):
    files = dict(PASSING)
    files["mod.py"] = "def one():\n    return 1\n\ndef two():\n    return 2\n"
    root = make_project(files)
    assert main(["check", "--root", str(root), "--fail-under", "50", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["coverage"]["fail_under"] == 50.0


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ("[tool.guard\n", "pyproject.toml:1"),
        ("[tool.guard]\nfail_undr = 90\n", "did you mean 'fail_under'?"),
        ('[tool.guard]\nfail_under = "90"\n', "fail_under must be a number"),
    ],
)
def test_config_errors_exit_2_with_a_json_error_report(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str], pyproject: str, message: str
):
    root = make_project({**PASSING, "pyproject.toml": pyproject})
    assert main(["check", "--root", str(root), "--format", "json"]) == 2
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert schema_errors(document) == []
    assert document["verdict"] == "error"
    assert document["exit_code"] == 2
    assert message in document["errors"][0]["message"]
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_usage_error_still_prints_a_json_report(capsys: pytest.CaptureFixture[str]):
    assert main(["check", "--format=json", "--no-such-flag"]) == 2
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["errors"][0]["kind"] == "usage"
    assert "unrecognized arguments: --no-such-flag" in captured.err


def test_missing_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]):
    assert main([]) == 2
    assert "the following arguments are required: COMMAND" in capsys.readouterr().err


def test_root_that_is_not_a_directory_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["check", "--root", str(tmp_path / "nowhere")]) == 2
    assert "is not a directory" in capsys.readouterr().err


def test_unwritable_report_path_is_a_tool_error(
    make_project: ProjectFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    root = make_project(PASSING)
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert main(["check", "--root", str(root), "--report", f"json={blocker}/r.json"]) == 3
    assert "cannot write json report" in capsys.readouterr().err


def test_bad_report_spec_is_a_usage_error(capsys: pytest.CaptureFixture[str]):
    assert main(["check", "--report", "pdf=out.pdf"]) == 2
    assert "pdf" in capsys.readouterr().err


def test_debug_shows_the_traceback_of_a_known_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["check", "--root", str(tmp_path / "nowhere"), "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_an_internal_error_fails_closed_with_exit_3(
    monkeypatch: pytest.MonkeyPatch,
    make_project: ProjectFactory,
    capsys: pytest.CaptureFixture[str],
):
    # A bug inside guard cannot be produced on purpose, so this one is simulated.
    def broken(*_args: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("guard.check.run_check", broken)
    root = make_project(PASSING)
    assert main(["check", "--root", str(root), "--format", "json"]) == 3
    captured = capsys.readouterr()
    assert json.loads(captured.out)["errors"][0]["kind"] == "internal"
    assert "internal error: RuntimeError: simulated bug (rerun with --debug)" in captured.err
    with pytest.raises(RuntimeError, match="simulated bug"):
        main(["check", "--root", str(root), "--debug"])


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_explain_prints_every_rule(rule_id: str, capsys: pytest.CaptureFixture[str]):
    assert main(["explain", rule_id]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{rule_id}: ")
    assert "How to fix: " in out


def test_explain_without_a_rule_lists_them_all(capsys: pytest.CaptureFixture[str]):
    assert main(["explain"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == list(RULES)


def test_explain_an_unknown_rule_suggests_the_nearest(capsys: pytest.CaptureFixture[str]):
    assert main(["explain", "coverage.missed-branh"]) == 2
    assert "did you mean 'coverage.missed-branch'?" in capsys.readouterr().err
    assert main(["explain", "zzz"]) == 2
    assert "run `guard explain` to list rules" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"guard {__version__}"


def test_python_dash_m_guard_prints_only_json_on_stdout(example: Path):
    result = subprocess.run(
        [sys.executable, "-m", "guard", "check", "--format", "json"],
        cwd=example,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["verdict"] == "fail"
    assert "test_apply_discount_keeps_cents" in result.stderr


def test_an_unknown_format_is_a_usage_error_reported_as_text(capsys: pytest.CaptureFixture[str]):
    assert main(["check", "--format", "xml"]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("guard: ERROR")
    assert "invalid choice: 'xml'" in captured.err


def test_the_module_entry_point_runs_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr(sys, "argv", ["guard", "explain", "tests.failed"])
    # By path: guard ships a pytest plugin, so pytest marks the package for assertion
    # rewriting, and runpy cannot take a module from pytest's import hook.
    with pytest.raises(SystemExit) as caught:
        runpy.run_path(str(Path(guard.__file__).parent / "__main__.py"), run_name="__main__")
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("tests.failed: ")


@contextlib.contextmanager
def _closed_pipe() -> Iterator[TextIO]:
    """A stream like stdout after `guard ... | head` has exited: a pipe with no reader."""
    reader, writer = os.pipe()
    os.close(reader)
    with open(writer, "w", encoding="utf-8") as stream:
        yield stream


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        (["explain"], "the rule list"),
        (["explain", "tests.failed"], "the explanation of tests.failed"),
        (["analyze", "--format", "json", "--root", str(FIXTURES / "example")], "the json report"),
    ],
)
def test_a_reader_that_went_away_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], what: str
):
    with _closed_pipe() as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)  # inside the test: capture resets it per phase
        assert main(argv) == 3
        monkeypatch.undo()
    assert capsys.readouterr().err == f"guard: error: cannot write {what} to stdout: Broken pipe\n"


def test_a_full_disk_on_stdout_is_one_line_and_exit_3():
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "guard", "explain", "tests.failed"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 3
    assert done.stderr == (
        "guard: error: cannot write the explanation of tests.failed to stdout: "
        "No space left on device\n"
    )
