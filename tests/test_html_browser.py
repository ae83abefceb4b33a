"""The HTML report in a real headless Chromium: what it renders, the keys, the folds, a screenshot.

Debian's `chromium` is started by the tests themselves, with a fresh profile
and everything that would reach the network turned off. Without it installed,
these tests fail (never skip) and say how to install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from guard.model import ExitCode, Finding, Report, Severity, Verdict
from guard.reporters import write_report
from guard.reporters.html_assets import KEYS_ACTIVE
from tests.html_pages import feature_run, parse, rows

REPO = Path(__file__).resolve().parent.parent

# A page of the test's own that loads the report in a frame and presses keys in
# it: the dumped DOM then shows where each key moved the focus. Frames of
# file:// pages may script each other only with --allow-file-access-from-files.
PROBE = """<!DOCTYPE html><meta charset="utf-8"><title>probe</title>
<script>
function probe(frame) {
  var page = frame.contentDocument, seen = [];
  ["j", "j", "k", "p", "n", "x", "j", "j"].forEach(function (key) {
    var init = {key: key, bubbles: true, cancelable: true};
    page.body.dispatchEvent(new frame.contentWindow.KeyboardEvent("keydown", init));
    seen.push(page.activeElement.id || page.activeElement.tagName);
  });
  seen.push(frame.contentWindow.location.hash, page.getElementById("keys-status").textContent);
  document.getElementById("out").textContent = seen.join("|");
}
</script>
<pre id="out">not run</pre>
<iframe src="index.html" onload="probe(this)" width="1200" height="800"></iframe>
"""


def chromium(url: str, *options: str, profile: Path) -> str:
    """Run Debian's chromium headless on `url`; return its stdout (the DOM with --dump-dom)."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail(
            "chromium is not installed; the HTML report is tested in a real browser: "
            "run `apt-get install chromium`",
            pytrace=False,
        )
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *options,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def feature(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    yield from feature_run(tmp_path_factory.mktemp("html-browser") / "repo")


@pytest.fixture
def feature_site(feature: Report, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write_report(feature, "html", str(site))
    return site


def test_chromium_shows_the_gates_the_marks_and_runs_the_keyboard_script(
    feature_site: Path, tmp_path: Path
) -> None:
    dom = parse(
        chromium((feature_site / "index.html").as_uri(), "--dump-dom", profile=tmp_path / "profile")
    )

    gates = {
        row.all("th")[0].text(): row.all("td")[0].text()
        for row in dom.all("table")[0].all("tbody")[0].all("tr")
    }
    assert gates == {
        "tests.passed": "pass",
        "coverage.total": "FAIL",
        "coverage.diff": "FAIL",
        "quality": "pass",
        "integrity": "pass",
    }
    shown = rows(dom, "calc/ops.py")
    assert shown[20].marks == {"new", "miss"}
    assert shown[19].marks == {"new", "part"}
    assert dom.by_id("keys-status").text() == KEYS_ACTIVE
    assert "keys-on" in dom.all("html")[0].attrs["class"]


def test_chromium_moves_between_findings_with_j_k_n_and_p(
    feature_site: Path, tmp_path: Path
) -> None:
    (feature_site / "probe.html").write_text(PROBE, encoding="utf-8")

    dom = parse(
        chromium(
            (feature_site / "probe.html").as_uri(),
            "--allow-file-access-from-files",
            "--dump-dom",
            profile=tmp_path / "profile",
        )
    )

    assert dom.by_id("out").text().split("|") == [
        "finding-1",
        "finding-2",
        "finding-1",
        "finding-1",  # p at the first finding stays there
        "finding-2",
        "finding-2",  # x is no key of the page
        "finding-3",
        "finding-3",  # j at the last finding stays there
        "#finding-3",
        "Finding 3 of 3.",
    ]


def test_chromium_opens_the_fold_a_link_points_into(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text("".join(f"n = {n}\n" for n in range(3000)), encoding="utf-8")
    site = tmp_path / "site"
    flagged = Finding("complexity.cyclomatic", Severity.ERROR, "big.py", 1500, 1500, "odd", "")
    report = Report(Verdict.FAIL, ExitCode.GATE_FAILED, "check", findings=(flagged,))
    write_report(replace(report, root=str(tmp_path)), "html", str(site))

    url = (site / "index.html").as_uri() + "#file-1-L700"
    dom = parse(chromium(url, "--dump-dom", profile=tmp_path / "profile"))

    shown = rows(dom, "big.py")
    assert not shown[700].folded
    assert shown[2000].folded


def test_chromium_takes_a_screenshot_kept_as_a_test_artefact(
    feature_site: Path, tmp_path: Path
) -> None:
    folder = Path(os.environ.get("GUARD_TEST_ARTIFACTS") or REPO / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "html-report.png"
    if shot.exists():
        shot.unlink()

    chromium(
        (feature_site / "index.html").as_uri(),
        f"--screenshot={shot}",
        "--window-size=1280,2000",
        profile=tmp_path / "profile",
    )

    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1280, 2000)
    assert len(png) > 50_000  # a blank or error page compresses to a few kilobytes
