"""What a reader sees in the HTML report: gates first, then each file's source with its findings.

The pages come from real runs where that is practical (the bundled example,
and a git repository with a change against its base) and from hand-made
reports for the edges (hostile text, a 3,000-line file, a missing file), and
are read back as a reader sees them (tests/html_pages.py). The page in a real
browser is tests/test_html_browser.py.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from guard.check import run_check
from guard.cli import main
from guard.config import load_config
from guard.errors import ToolError, UsageError
from guard.model import Branch, ExitCode, Finding, Gate, Report, Risk, RunError, Severity, Verdict
from guard.reporters import REPORT_FORMATS, parse_report_spec, write_report
from guard.reporters.html_report import HtmlReporter
from tests.html_pages import Node, Row, feature_run, marked, parse, rows
from tests.projects import FIXTURES


def render(report: Report) -> Node:
    return parse(HtmlReporter().render(report))


def report_of(root: Path | None, *findings: Finding, **extra: Any) -> Report:
    return Report(
        verdict=Verdict.FAIL,
        exit_code=ExitCode.GATE_FAILED,
        command="check",
        findings=findings,
        root=None if root is None else str(root),
        **extra,
    )


def finding(path: str, line: int, rule: str = "size.function-lines", **extra: Any) -> Finding:
    defaults: dict[str, Any] = {
        "severity": Severity.ERROR,
        "end_line": line,
        "message": f"{rule} at {line}",
        "hint": "Split it.",
    }
    return Finding(rule=rule, path=path, line=line, **(defaults | extra))


# --- real runs -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Node]:
    """The bundled example, checked for real: no git, so no new lines."""
    root = tmp_path_factory.mktemp("html") / "example"
    shutil.copytree(FIXTURES / "example", root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(root.parent / "xdg-cache"))
        report = run_check(load_config(root, {}, {}), io.StringIO())
    return report, render(report)


@pytest.fixture(scope="module")
def feature(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Report, Path]]:
    """A covered base and an uncommitted change on a branch, checked for real."""
    root = tmp_path_factory.mktemp("html-feature") / "repo"
    for report in feature_run(root):
        yield report, root


def test_the_page_is_titled_with_the_verdict_and_says_its_encoding(
    example: tuple[Report, Node],
) -> None:
    _, dom = example

    assert dom.all("title")[0].text() == "guard: FAIL (exit code 1)"
    assert dom.all("h1")[0].text() == "guard: FAIL (exit code 1)"
    assert dom.all("meta")[0].attrs == {"charset": "utf-8"}
    assert dom.all("a")[0].text() == "Skip to the findings"


def test_the_gates_with_their_figures_and_the_notes_come_first(
    example: tuple[Report, Node],
) -> None:
    _, dom = example

    gates = [[cell.text() for cell in row.all("th") + row.all("td")] for row in dom.all("tr")]
    assert gates[1] == ["tests.passed", "FAIL", "2 passed, 1 failed"]
    assert gates[2][:2] == ["coverage.total", "FAIL"]
    assert gates[2][2].startswith("62.96% of 21 statements and 6 branches covered")
    notes = [bullet.text() for bullet in dom.all("ul", "notes")[0].all("li")]
    assert notes == ["note: no diff: not a git repository"]


def test_uncovered_lines_are_marked_and_missed_branches_name_their_destination(
    example: tuple[Report, Node],
) -> None:
    _, dom = example
    shown = rows(dom, "billing/refund.py")

    assert marked(shown, "miss") == [12, 14, 15, 16, 17, 18, 28]
    assert marked(shown, "part") == [11, 25, 27]
    assert shown[14] == Row(frozenset({"miss"}), " ✗", "    except PaymentTimeout:", False)
    assert shown[11].gutter == " ◐"
    assert marked(shown, "new") == []  # no base, so nothing is new
    branch = dom.by_id("finding-1")
    assert branch.text() == (
        "error coverage.missed-branch branch from line 11 to line 12 never taken"
        " in billing.refund.refund_order"
        "line 11 didn't jump to line 12 because the condition on line 11 was never true"
        "Hint: Add a test that calls refund_order with payment.get('timeout') true,"
        " so that line 11 jumps to line 12."
    )
    destination = branch.all("a")[0].attrs["href"]
    assert dom.by_id(destination[1:]).all("code")[0].text().strip() == (
        'raise PaymentTimeout(str(payment["id"]))'
    )


def test_the_list_of_findings_links_to_each_inline_note(example: tuple[Report, Node]) -> None:
    report, dom = example
    listed = dom.all("section", "findings")[0].all("a")

    assert len(listed) == len(report.findings) == 7
    assert [link.text() for link in listed[:3]] == [
        "billing/refund.py:11",
        "billing/refund.py:12",
        "billing/refund.py:14-18",
    ]
    targets = [dom.by_id(link.attrs["href"][1:]) for link in listed]
    assert [target.attrs["class"] for target in targets] == ["note error"] * 7


def test_an_uncovered_range_is_annotated_under_its_last_line(example: tuple[Report, Node]) -> None:
    _, dom = example
    note = dom.by_id("finding-3")

    assert note.parent is not None
    siblings = [child for child in note.parent.children if isinstance(child, Node)]
    assert siblings[siblings.index(note) - 1].attrs["id"].endswith("-L18")
    assert "lines 14-18 in billing.refund.refund_order" in note.text()


def test_a_failed_test_is_annotated_with_its_code_spans_as_code(
    example: tuple[Report, Node],
) -> None:
    _, dom = example
    message = dom.by_id("finding-7").all("p", "msg")[0]

    assert message.text() == (
        "test tests/test_discount.py::test_apply_discount_keeps_cents failed: assert 18.0 == 17.99"
    )
    assert message.all("code")[0].text() == (
        "tests/test_discount.py::test_apply_discount_keeps_cents"
    )


def test_the_file_index_counts_what_each_file_has(example: tuple[Report, Node]) -> None:
    _, dom = example
    table = next(t for t in dom.all("table") if "new lines" in t.text())
    counts = [[cell.text() for cell in row.all("th") + row.all("td")] for row in table.all("tr")]

    assert counts[1:] == [
        ["billing/refund.py", "0", "7", "3", "0"],
        ["tests/test_discount.py", "0", "0", "0", "1"],
    ]
    assert table.all("a")[0].attrs["href"] == "#file-1"


def test_the_lines_a_change_added_are_marked_new(feature: tuple[Report, Path]) -> None:
    report, _ = feature
    dom = render(report)
    shown = rows(dom, "calc/ops.py")

    assert dict(report.changed_lines)["calc/ops.py"] == (14, 16, 17, 18, 19, 20, 21)
    assert marked(shown, "new") == [14, 16, 17, 18, 19, 20, 21]
    assert shown[20] == Row(frozenset({"new", "miss"}), "+✗", "        return low", False)
    assert shown[14].gutter == "+ "
    assert shown[8].marks == {"miss"}  # an old gap, not new
    assert "new" in dom.by_id("finding-1").all("span", "badge")[0].text()
    assert dom.by_id("finding-1").all("a")[0].attrs["href"] == "#file-1-L20"
    # A changed file with no finding is shown too, with its new lines.
    assert marked(rows(dom, "tests/test_ops.py"), "new")[:2] == [1, 8]


def test_analyze_writes_the_page_with_the_changed_lines(
    feature: tuple[Report, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, root = feature
    out = tmp_path / "html"

    assert main(["analyze", "--root", str(root), "--report", f"html={out}"]) == 0

    assert os.listdir(out) == ["index.html"]
    dom = parse((out / "index.html").read_text(encoding="utf-8"))
    assert marked(rows(dom, "calc/ops.py"), "new") == [14, 16, 17, 18, 19, 20, 21]
    assert capsys.readouterr().out.startswith("guard: PASS")


# --- hand-made reports: escaping, size, missing files -------------------------------------

HOSTILE = "</script><script>alert(1)</script>"


def test_everything_from_the_project_is_shown_as_text(tmp_path: Path) -> None:
    path = "pkg/<b>odd<b> & 'name\".py"
    (tmp_path / "pkg").mkdir()
    (tmp_path / path).write_text(f"x = '{HOSTILE}'\n# café <!-- -->\n", encoding="utf-8")
    report = report_of(
        tmp_path,
        finding(path, 1, message=f"bad {HOSTILE}", hint="<img src=x onerror=alert(1)>"),
        gates=(Gate("quality", passed=False, detail=HOSTILE),),
        notes=("<i>note</i>",),
        errors=(RunError("<kind>", HOSTILE),),
    )
    dom = render(report)

    assert len(dom.all("script")) == 1  # the page's own
    assert [dom.all(tag) for tag in ("img", "b", "i")] == [[], [], []]
    shown = rows(dom, path)
    assert shown[1].text == f"x = '{HOSTILE}'"
    assert shown[2].text == "# café <!-- -->"
    assert dom.by_id("finding-1").all("p", "msg")[0].text() == f"bad {HOSTILE}"
    assert dom.by_id("finding-1").all("p", "hint")[0].text() == "Hint: <img src=x onerror=alert(1)>"
    assert HOSTILE in dom.all("table")[0].text()
    assert "note: <i>note</i>" in dom.text()
    assert f"<kind>: {HOSTILE}" in dom.text()


def test_a_3000_line_file_folds_its_quiet_runs_around_context(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text(
        "".join(f"value_{n} = {n}\n" for n in range(1, 3001)), encoding="utf-8"
    )
    report = report_of(
        tmp_path,
        finding("big.py", 1500, "coverage.uncovered-line", end_line=1501),
        finding("big.py", 2990, "complexity.cyclomatic"),
        changed_lines=(("big.py", (10,)),),
    )
    dom = render(report)
    shown = rows(dom, "big.py")

    visible = [number for number, row in shown.items() if not row.folded]
    assert visible == [*range(1, 14), *range(1497, 1505), *range(2987, 3001)]
    assert len(shown) == 3000  # folded, not dropped: a reader can open them
    summaries = [summary.text() for summary in dom.all("summary")]
    assert summaries == [
        "Lines 14-1496: 1483 lines with nothing to report",
        "Lines 1505-2986: 1482 lines with nothing to report",
    ]
    assert shown[2990] == Row(frozenset({"flag"}), " ●", "value_2990 = 2990", False)
    assert shown[10].marks == {"new"}


def test_a_missing_file_is_a_note_and_its_findings_still_show(tmp_path: Path) -> None:
    dom = render(report_of(tmp_path, finding("gone.py", 4, "integrity.test-removed")))

    section = dom.by_id("file-1")
    assert section.all("p", "missing")[0].text() == (
        "The source of gone.py is not shown: it cannot be read (No such file or directory)."
    )
    assert section.all("div", "ln") == []
    assert "integrity.test-removed line 4" in dom.by_id("finding-1").text()


def test_a_report_without_a_root_names_no_source(tmp_path: Path) -> None:
    dom = render(report_of(None, finding("pkg/a.py", 3)))

    assert (
        dom.by_id("file-1")
        .all("p", "missing")[0]
        .text()
        .endswith("(the report does not say where the project is).")
    )


def test_whole_file_findings_and_branches_to_the_exit_read_plainly(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text("def f(a):\n    if a:\n        return 1\n", encoding="utf-8")
    report = report_of(
        tmp_path,
        finding("mod.py", 0, "naming.vague", end_line=0),
        finding("mod.py", 9, "size.file-lines"),  # past the end: stale or odd, still shown
        finding(
            "mod.py", 2, "coverage.missed-branch", branch=Branch(2, -1), symbol="mod.f", new=False
        ),
    )
    dom = render(report)

    assert "naming.vague the whole file" in dom.by_id("finding-1").text()
    assert "size.file-lines line 9" in dom.by_id("finding-2").text()
    assert "branch from line 2 to the exit of the function on line 1 never taken in mod.f" in (
        dom.by_id("finding-3").text()
    )
    assert dom.by_id("finding-3").all("span", "badge") == []
    listed = [link.text() for link in dom.all("section", "findings")[0].all("a")]
    assert listed == ["mod.py", "mod.py:9", "mod.py:2"]


def test_an_error_run_shows_its_errors_and_no_findings() -> None:
    report = Report(
        verdict=Verdict.ERROR,
        exit_code=ExitCode.TOOL_ERROR,
        command="check",
        errors=(RunError("pytest", "pytest could not run:\nImportError: no module 'pkg'"),),
        risk=Risk("high", ("high: shop/pay.py matches `shop/pay*`",), approval_required=True),
    )
    dom = render(report)

    assert dom.all("h1")[0].text() == "guard: ERROR (exit code 3)"
    error = dom.all("section")[0].all("li")[0]
    assert error.text() == "pytest: pytest could not run:ImportError: no module 'pkg'"
    assert len(error.all("br")) == 1
    assert dom.all("section", "findings")[0].all("p")[0].text() == "No findings."
    assert "risk: high (high: shop/pay.py matches shop/pay*)" in dom.text()
    assert "a human must approve this change" in dom.text()
    assert dom.all("table") == []


# --- wiring: --report html=DIR ---------------------------------------------------------


def test_html_is_a_report_format_for_a_directory_only(tmp_path: Path) -> None:
    assert "html" in REPORT_FORMATS
    assert parse_report_spec("html=out/site") == ("html", "out/site")
    for spec in ("html=-",):
        with pytest.raises(UsageError, match=r"^the html report is a page in a directory"):
            parse_report_spec(spec)
    with pytest.raises(UsageError, match=r"use --report html=DIR$"):
        write_report(report_of(tmp_path), "html", "-")


def test_the_page_is_written_whole_into_the_directory(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "html"

    write_report(report_of(tmp_path), "html", str(out))
    write_report(report_of(tmp_path, finding("a.py", 1)), "html", str(out))

    assert os.listdir(out) == ["index.html"]
    assert "a.py:1" in (out / "index.html").read_text(encoding="utf-8")


def test_a_file_where_the_directory_should_be_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "html"
    blocker.write_text("not a directory", encoding="utf-8")

    with pytest.raises(ToolError, match=r"cannot write html report to '.*/html/index.html'"):
        write_report(report_of(tmp_path), "html", str(blocker))
    assert os.listdir(tmp_path) == ["html"]


def test_format_html_on_stdout_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--format", "html"]) == 2
    assert "invalid choice: 'html'" in capsys.readouterr().err


def test_source_is_decoded_as_python_reads_it(tmp_path: Path) -> None:
    (tmp_path / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n")
    (tmp_path / "broken.py").write_bytes(b"name = 'caf\xe9'\n")

    dom = render(report_of(tmp_path, finding("latin.py", 2), finding("broken.py", 1)))

    assert rows(dom, "latin.py")[2].text == "name = 'café'"
    assert rows(dom, "broken.py")[1].text == "name = 'caf\ufffd'"  # undecodable, never fatal


def test_the_page_fetches_nothing_and_links_only_within_itself(
    example: tuple[Report, Node],
) -> None:
    _, dom = example
    elements = list(dom.walk())

    assert [node for node in elements if "src" in node.attrs or node.tag == "link"] == []
    assert {node.attrs["href"][0] for node in elements if "href" in node.attrs} == {"#"}
