"""Times `pytest --guard` against `pytest --cov --cov-branch` and plain pytest on the same suites.

Run it from the repository root with the interpreter that has guard, pytest-cov
and pytest-xdist installed:

    python bench/plugin_bench.py [--repeat N]

Two suites: a copy of `fixtures/example` (3 tests, one failing: the fixed cost
of each tool) and a generated one (40 modules, 320 tested functions with
branches, fully covered), the latter also under pytest-xdist with 2 workers.
Every round runs each command once, starting from a different one each round,
so that load on the shared machine falls on all of them alike; the figures
are medians. pytest-cov prints its term-missing table, guard its text report:
what each user reads. The section goes at the end of `bench/RESULTS.md`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_bench import MAIN, WORK, Summary, guard_revision, seconds, versions

RESULTS_FILE = Path(__file__).resolve().parent / "RESULTS.md"
BEGIN = "<!-- plugin_bench.py: begin -->"
END = "<!-- plugin_bench.py: end -->"
MODULES = 40
FUNCTIONS = 8

PLAIN = "pytest"
COV = "pytest --cov --cov-branch"
GUARD = "pytest --guard"
TOOLS = (PLAIN, COV, GUARD)
NOTES = """
Reading the figures: `pytest --guard` does more than pytest-cov's report: it
also runs the quality and integrity gates and writes every finding with its
hint, so its fixed cost (the difference with pytest-cov on the tiny suite,
0.3 to 0.5 s across runs) is importing guard and judging. On the generated
suite that cost is paid once and the measurement itself costs what
pytest-cov's does. Under `-n 2` every tool pays for
starting workers, and the spread is wide: the two CPUs were shared with other
work, so compare medians, not single runs."""


def example_suite() -> Path:
    """A copy of fixtures/example, which has its own pytest table (so pytest roots there)."""
    root = WORK / "plugin-example"
    if not root.exists():
        shutil.copytree(MAIN / "fixtures" / "example", root)
    return root


def synthetic_suite() -> Path:
    """A fully covered project of MODULES modules, each with FUNCTIONS branching functions."""
    root = WORK / "plugin-synthetic"
    if root.exists():
        return root
    (root / "synth").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.guard]\nsource = ["synth"]\n\n[tool.pytest.ini_options]\npythonpath = ["."]\n',
        encoding="utf-8",
    )
    (root / "synth" / "__init__.py").write_text("", encoding="utf-8")
    for module in range(MODULES):
        functions, tests = [], [f"from synth import mod_{module:02d}\n"]
        for number in range(FUNCTIONS):
            functions.append(
                f"""
                def bucket_{number}(amount):
                    if amount < {number}:
                        return "low"
                    if amount > {number * 10}:
                        return "high"
                    return "mid"
                """
            )
            tests.append(
                f"""
                def test_bucket_{number}():
                    assert mod_{module:02d}.bucket_{number}(-1) == "low"
                    assert mod_{module:02d}.bucket_{number}({number * 10 + 1}) == "high"
                    assert mod_{module:02d}.bucket_{number}({number}) == "mid"
                """
            )
        source = "\n".join(textwrap.dedent(text) for text in functions)
        (root / "synth" / f"mod_{module:02d}.py").write_text(source, encoding="utf-8")
        test_text = "\n".join(textwrap.dedent(text) for text in tests)
        (root / "tests" / f"test_mod_{module:02d}.py").write_text(test_text, encoding="utf-8")
    return root


def commands(source: str, workers: bool) -> dict[str, list[str]]:
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    if workers:
        pytest += ["-n", "2"]
    return {
        PLAIN: pytest,
        COV: [*pytest, f"--cov={source}", "--cov-branch", "--cov-report=term-missing"],
        GUARD: [*pytest, "--guard"],
    }


def run_timed(root: Path, command: list[str]) -> float:
    env = dict(os.environ)
    env.pop("COVERAGE_PROCESS_START", None)
    env["COVERAGE_FILE"] = str(root / ".bench-coverage")  # pytest-cov's data, out of the way
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode > 1:  # 1 is a failing test or gate, which the example has on purpose
        sys.exit(f"`{' '.join(command)}` exited {done.returncode}\n{done.stdout[-2000:]}")
    return elapsed


def bench_suite(root: Path, source: str, workers: bool, repeat: int) -> dict[str, list[float]]:
    cmds = commands(source, workers)
    run_timed(root, cmds[PLAIN])  # warm-up: bytecode caches
    timings: dict[str, list[float]] = {tool: [] for tool in TOOLS}
    for round_no in range(repeat):
        shift = round_no % len(TOOLS)
        for tool in TOOLS[shift:] + TOOLS[:shift]:
            timings[tool].append(run_timed(root, cmds[tool]))
    return timings


def suite_table(title: str, timings: dict[str, list[float]]) -> list[str]:
    plain = statistics.median(timings[PLAIN])
    cov = statistics.median(timings[COV])
    lines = [
        f"### {title}",
        "",
        "| command | median s | min s | max s | / pytest | / pytest --cov |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for tool in TOOLS:
        summary = Summary.of(timings[tool])
        ratios = f"{summary.median / plain:.2f}x | {summary.median / cov:.2f}x"
        lines.append(
            f"| `{tool}` | {seconds(summary.median)} | {seconds(summary.low)} | "
            f"{seconds(summary.high)} | {ratios} |"
        )
    return [*lines, ""]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time pytest --guard against pytest-cov.")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per suite (default 3)")
    args = parser.parse_args(argv)
    example, synthetic = example_suite(), synthetic_suite()
    suites = [
        ("fixtures/example copy (3 tests, 1 failing)", example, "billing", False),
        (f"generated suite ({MODULES * FUNCTIONS} tests)", synthetic, "synth", False),
        (f"generated suite ({MODULES * FUNCTIONS} tests), `-n 2`", synthetic, "synth", True),
    ]
    load_before = os.getloadavg()[0]
    sections = []
    for title, root, source, workers in suites:
        sections += suite_table(title, bench_suite(root, source, workers, args.repeat))
        print(f"  {title}: done", file=sys.stderr)
    load_after = os.getloadavg()[0]
    header = [
        "## pytest --guard vs pytest --cov",
        "",
        f"`python bench/plugin_bench.py --repeat {args.repeat}`: {args.repeat} interleaved rounds "
        f"per suite, medians. {versions(Path(sys.executable))}; guard {guard_revision()}. "
        f"Load average (1 min) {load_before:.2f} before, {load_after:.2f} after, on "
        f"{os.cpu_count()} CPUs shared with other work.",
        "",
    ]
    section = "\n".join(header + sections).rstrip() + "\n" + NOTES
    old = RESULTS_FILE.read_text(encoding="utf-8")
    before, found, rest = old.partition(BEGIN)
    after = rest.partition(END)[2] if found else ""
    rest_of_file = after.lstrip("\n")
    RESULTS_FILE.write_text(
        f"{before.rstrip()}\n\n{BEGIN}\n{section}\n{END}\n{rest_of_file}", encoding="utf-8"
    )
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
