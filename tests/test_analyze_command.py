"""`guard analyze` from the command line: paths, formats, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guard.cli import main
from tests.projects import ProjectFactory

PROJECT = {
    "pyproject.toml": '[tool.guard]\nsource = ["shop"]\n',
    "shop/__init__.py": "",
    "shop/cart.py": "def total(prices):\n    return sum(prices)\n",
    "shop/legacy.py": "def run(q):\n    return q\n",
    "scripts/tool.py": "def go(w):\n    return w\n",
}


def _analyze(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["analyze", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_analyze_reports_findings_in_source_and_fails(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
):
    root = make_project(PROJECT)
    code, document = _analyze(capsys, "--root", str(root))
    assert code == 1
    assert document["command"] == "analyze"
    assert document["coverage"] is None
    assert document["tests"] is None
    assert [(f["rule"], f["path"], f["line"]) for f in document["findings"]] == [
        ("naming.single-letter", "shop/legacy.py", 1)
    ]
    assert document["gates"] == [
        {
            "id": "quality",
            "passed": False,
            "detail": "1 quality finding(s) in the analysed files (3 file(s) analysed)",
        }
    ]


def test_paths_choose_what_is_analysed(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str], monkeypatch
):
    root = make_project(PROJECT)
    monkeypatch.chdir(root)
    code, document = _analyze(capsys, "scripts")
    assert code == 1
    assert [f["path"] for f in document["findings"]] == ["scripts/tool.py"]
    code, document = _analyze(capsys, "shop/cart.py")
    assert code == 0
    assert document["verdict"] == "pass"


def test_a_missing_path_is_a_usage_error(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str], monkeypatch
):
    monkeypatch.chdir(make_project(PROJECT))
    code, document = _analyze(capsys, "nowhere.py")
    assert code == 2
    assert document["errors"] == [
        {"kind": "usage", "message": "nowhere.py: no such file or directory"}
    ]


def test_a_path_outside_the_root_is_a_usage_error(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str], tmp_path: Path
):
    root = make_project(PROJECT)
    outside = tmp_path / "elsewhere.py"
    outside.write_text("x = 1\n", encoding="utf-8")
    code, document = _analyze(capsys, "--root", str(root), str(outside))
    assert code == 2
    [error] = document["errors"]
    assert error["message"] == f"{outside} is outside the project root {root}"


def test_pytest_arguments_are_refused(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
):
    code = main(["analyze", "--root", str(make_project(PROJECT)), "--", "-x"])
    assert code == 2
    assert "`guard analyze` runs no tests" in capsys.readouterr().err


def test_text_output_shows_the_finding_and_the_gate(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
):
    assert main(["analyze", "--root", str(make_project(PROJECT))]) == 1
    out = capsys.readouterr().out
    assert out.startswith("guard: FAIL")
    assert "naming.single-letter" in out
    assert "shop.legacy.run" in out
    assert "quality" in out


def test_a_file_that_does_not_parse_fails_where_other_tools_pass(
    make_project: ProjectFactory, capsys: pytest.CaptureFixture[str]
):
    files = dict(PROJECT, **{"shop/broken.py": "def total(:\n    pass\n"})
    code, document = _analyze(capsys, "--root", str(make_project(files)))
    assert code == 1
    broken = [f for f in document["findings"] if f["path"] == "shop/broken.py"]
    assert [(f["rule"], f["line"]) for f in broken] == [("syntax.parse-error", 1)]
    assert "column 11" in broken[0]["message"]
