"""Times `guard check` against plain pytest, coverage.py and pytest-cov on the same suites.

Run it from the repository root with the interpreter that has guard and its
`bench` extra installed:

    python bench/run_bench.py [--repeat N] [--project NAME ...]

It measures guard's own suite, a copy of `fixtures/example` (for guard's fixed
cost) and the test suite shipped in the attrs sdist. The sdist, its venv and
every data file live in `bench/.work/`, which is made on the first run and
reused after. The figures go to `bench/RESULTS.md`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MAIN = BENCH.parent
WORK = BENCH / ".work"
ATTRS_VERSION = "25.3.0"
# attrs' `tests` extra, less pytest-xdist and the mypy plugin tests (slow, and not what we time).
ATTRS_TEST_DEPS = ("hypothesis", "pympler", "cloudpickle")

# The tiny project takes a second a round and its figures are the noisiest, so more rounds.
TINY_FACTOR = 5

PYTEST = "pytest"
COV_RUN = "coverage run"
COV_JSON = "coverage json"
PYTEST_COV = "pytest --cov"
COV_XML = "coverage xml"
GUARD = "guard check"
GUARD_CHILD = "guard's test run"  # not a command: the child's share of a `guard check` run
COMBINE = "coverage combine"
TIMED = (PYTEST, COV_RUN, COV_JSON, PYTEST_COV, COV_XML, GUARD, GUARD_CHILD)
# RESULTS.md has other sections too; this script rewrites only the one between these.
BEGIN = "<!-- run_bench.py: begin -->"
END = "<!-- run_bench.py: end -->"
# What a user runs: each tool with its report step.
PIPELINES = {
    PYTEST: (PYTEST,),
    f"{COV_RUN} --branch + json": (COV_RUN, COV_JSON),
    f"{PYTEST_COV} --cov-branch + xml": (PYTEST_COV, COV_XML),
    GUARD: (GUARD,),
}
# Steps that run the tests exit 1 when a test fails (guard: when a gate fails), which
# is fine here; any other non-zero exit is a broken run and stops the benchmark.
RUNS_TESTS = frozenset({PYTEST, COV_RUN, PYTEST_COV, GUARD})

# `python -m guard` plus a stopwatch around the child that runs the instrumented
# tests (guard.runner._run_child), so that guard's own work is read off the same
# run rather than only by subtracting two separate, noisy runs.
GUARD_WITH_TIMER = """\
import sys, time
import guard.runner
from guard.cli import main
run_child = guard.runner._run_child
def timed_child(*args):
    start = time.perf_counter()
    try:
        return run_child(*args)
    finally:
        with open(sys.argv[1], "w", encoding="utf-8") as out:
            out.write(str(time.perf_counter() - start))
guard.runner._run_child = timed_child
sys.exit(main(sys.argv[2:]))
"""


@dataclass(frozen=True)
class Project:
    """A suite to time: where it runs, with which Python, measuring what."""

    name: str
    root: Path
    python: Path
    source: tuple[str, ...]
    tests: tuple[str, ...]
    note: str
    tiny: bool = False  # too small for the 10 % target; it gives the fixed cost instead

    @property
    def out(self) -> Path:
        return WORK / "out" / self.name

    @property
    def stopwatch(self) -> Path:
        return self.out / "child-time"


def run_quiet(command: Sequence[str | Path]) -> None:
    """Run a setup step, showing its output only if it fails."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"setup step failed: {' '.join(map(str, command))}\n{done.stdout}{done.stderr}")


def project_guard() -> Project:
    return Project(
        "guard",
        MAIN,
        Path(sys.executable),
        ("guard",),
        ("tests",),
        "guard's own suite, in the repository, with the running interpreter",
    )


def project_example() -> Project:
    root = WORK / "example"
    if not root.exists():
        shutil.copytree(MAIN / "fixtures" / "example", root)
        # Without a pytest table of its own, pytest would take guard's pyproject.toml
        # above it as its config and rootdir (the example has one today; a second is an error).
        config_path = root / "pyproject.toml"
        if "[tool.pytest.ini_options]" not in config_path.read_text(encoding="utf-8"):
            with config_path.open("a", encoding="utf-8") as config:
                config.write("\n[tool.pytest.ini_options]\n")
    return Project(
        "example",
        root,
        Path(sys.executable),
        ("billing",),
        ("tests",),
        "a copy of fixtures/example: 2 modules, 3 tests, one failing; for the fixed cost",
        tiny=True,
    )


def project_attrs() -> Project:
    root = WORK / f"attrs-{ATTRS_VERSION}"
    sdist = f"attrs=={ATTRS_VERSION}"
    if not root.exists():
        downloads = WORK / "downloads"
        pip = [sys.executable, "-m", "pip"]
        run_quiet([*pip, "download", "--no-deps", "--no-binary", ":all:", "-d", downloads, sdist])
        with tarfile.open(downloads / f"attrs-{ATTRS_VERSION}.tar.gz") as archive:
            if hasattr(tarfile, "data_filter"):
                archive.extractall(WORK, filter="data")
            else:  # pragma: no cover - Pythons before the 3.11.4 security backport
                archive.extractall(WORK)
    venv = WORK / "venv-attrs"
    python = venv / "bin" / "python"
    ready = venv / ".bench-ready"
    if not ready.exists():
        run_quiet([sys.executable, "-m", "venv", "--clear", venv])
        run_quiet([python, "-m", "pip", "install", "-q", "-e", MAIN, "-e", root, "pytest-cov"])
        run_quiet([python, "-m", "pip", "install", "-q", *ATTRS_TEST_DEPS])
        ready.write_text("installed\n", encoding="utf-8")
    return Project(
        "attrs",
        root,
        python,
        ("attr", "attrs"),
        ("tests",),
        f"attrs {ATTRS_VERSION} from its sdist, editable install, in its own venv",
    )


PROJECTS: dict[str, Callable[[], Project]] = {
    "guard": project_guard,
    "example": project_example,
    "attrs": project_attrs,
}


def commands(project: Project) -> dict[str, list[str]]:
    """The command behind every timed step. Reports go to scratch files, never the project."""
    py = str(project.python)
    tests = list(project.tests)
    data = f"--data-file={project.out / '.coverage'}"
    sources = f"--source={','.join(project.source)}"
    cov_flags = [f"--cov={source}" for source in project.source]
    guard = [py, "-c", GUARD_WITH_TIMER, str(project.stopwatch)]
    guard_sources = [arg for source in project.source for arg in ("--source", source)]
    return {
        PYTEST: [py, "-m", "pytest", *tests],
        COV_RUN: [py, "-m", "coverage", "run", "--branch", data, sources, "-m", "pytest", *tests],
        COMBINE: [py, "-m", "coverage", "combine", data],
        COV_JSON: [py, "-m", "coverage", "json", data, "-o", str(project.out / "coverage.json")],
        PYTEST_COV: [py, "-m", "pytest", *cov_flags, "--cov-branch", "--cov-report=", *tests],
        COV_XML: [py, "-m", "coverage", "xml", data, "-o", str(project.out / "coverage.xml")],
        GUARD: [*guard, "check", *tests, "--format", "json", *guard_sources],
    }


def run_timed(project: Project, step: str, command: list[str]) -> float:
    """Run one step with its output in a log file, and return its wall time."""
    env = dict(os.environ)
    env.pop("COVERAGE_PROCESS_START", None)
    if step in (PYTEST_COV, COV_XML):
        env["COVERAGE_FILE"] = str(project.out / ".coverage")  # pytest-cov has no flag for it
    log = project.out / f"{step.replace(' ', '_')}.log"
    with log.open("w", encoding="utf-8") as sink:
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=project.root, env=env, stdout=sink, stderr=subprocess.STDOUT, check=False
        )
        elapsed = time.perf_counter() - start
    if done.returncode > (1 if step in RUNS_TESTS else 0):
        tail = log.read_text(encoding="utf-8").splitlines()[-15:]
        sys.exit(
            f"{project.name}: `{step}` exited {done.returncode}\n$ {' '.join(command)}\n"
            + "\n".join(tail)
        )
    return elapsed


def clear_data(project: Project) -> None:
    for stale in project.out.glob(".coverage*"):
        stale.unlink()


def run_round(project: Project, round_no: int, timings: dict[str, list[float]]) -> None:
    """Time every pipeline once, starting from a different one each round."""
    cmds = commands(project)
    names = list(PIPELINES)
    shift = round_no % len(names)
    for name in names[shift:] + names[:shift]:
        clear_data(project)
        for step in PIPELINES[name]:
            elapsed = 0.0
            if step == COV_JSON and any(project.out.glob(".coverage.*")):
                # The project's coverage config says `parallel = true`, so the report
                # needs a combine first; guard and pytest-cov combine too.
                elapsed = run_timed(project, COMBINE, cmds[COMBINE])
            timings[step].append(elapsed + run_timed(project, step, cmds[step]))
            if step == GUARD:
                timings[GUARD_CHILD].append(read_child_time(project))


def read_child_time(project: Project) -> float:
    try:
        elapsed = float(project.stopwatch.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        sys.exit(f"{project.name}: guard ran, but its test run was not timed; see its log")
    project.stopwatch.unlink()
    return elapsed


@dataclass(frozen=True)
class Summary:
    """Median, min and max of a list of wall times, in seconds."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        return cls(statistics.median(values), min(values), max(values))


def bench_project(project: Project, repeat: int) -> dict[str, list[float]]:
    if project.tiny:
        repeat *= TINY_FACTOR
    project.out.mkdir(parents=True, exist_ok=True)
    cmds = commands(project)
    run_timed(project, PYTEST, cmds[PYTEST])  # warm-up: bytecode caches, hypothesis database
    timings: dict[str, list[float]] = {step: [] for step in TIMED}
    for round_no in range(repeat):
        run_round(project, round_no, timings)
        print(f"  {project.name}: round {round_no + 1}/{repeat} done", file=sys.stderr)
    return timings


def pipeline_times(timings: dict[str, list[float]], name: str) -> list[float]:
    steps = PIPELINES[name]
    return [sum(values) for values in zip(*(timings[step] for step in steps), strict=True)]


def versions(python: Path) -> str:
    code = (
        "import importlib.metadata as m, sys; print(sys.version.split()[0], "
        "*(f'{d} {m.version(d)}' for d in ('pytest', 'coverage', 'pytest-cov')), sep=', ')"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def guard_revision() -> str:
    """The commit guard was timed at, and whether its code had uncommitted changes."""
    git = ["git", "-C", str(MAIN)]
    head = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "guard"], capture_output=True, text=True, check=False
    )
    revision = head.stdout.strip() or "unknown"
    return f"{revision} + uncommitted changes in guard/" if dirty.stdout.strip() else revision


def seconds(value: float) -> str:
    return f"{value:.2f}"


@dataclass(frozen=True)
class Overhead:
    """guard's own work: everything `guard check` does beyond the instrumented test run."""

    own: Summary  # round by round, guard's wall time minus that of its own test run
    percent: float  # own.median as a share of the median test run inside guard
    subtracted: float  # median guard minus median `coverage run` alone, two separate runs
    subtracted_percent: float

    @classmethod
    def of(cls, timings: dict[str, list[float]]) -> Overhead:
        rounds = [g - c for g, c in zip(timings[GUARD], timings[GUARD_CHILD], strict=True)]
        own = Summary.of(rounds)
        cov_run = statistics.median(timings[COV_RUN])
        subtracted = statistics.median(timings[GUARD]) - cov_run
        percent = 100 * own.median / statistics.median(timings[GUARD_CHILD])
        return cls(own, percent, subtracted, 100 * subtracted / cov_run)


def project_section(project: Project, timings: dict[str, list[float]]) -> list[str]:
    plain = statistics.median(timings[PYTEST])
    cov_run = statistics.median(timings[COV_RUN])
    lines = [
        f"### {project.name}",
        "",
        f"{project.note}. Python {versions(project.python)}.",
        "",
        "| tool | median s | min s | max s | vs plain pytest | vs coverage run |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = [(name, pipeline_times(timings, name)) for name in PIPELINES]
    rows.insert(1, (f"{COV_RUN} --branch alone", timings[COV_RUN]))
    rows.append((f"{GUARD}: its test run alone", timings[GUARD_CHILD]))
    for name, values in rows:
        s = Summary.of(values)
        lines.append(
            f"| `{name}` | {seconds(s.median)} | {seconds(s.low)} | {seconds(s.high)} "
            f"| {s.median / plain:.2f}x | {s.median / cov_run:.2f}x |"
        )
    over = Overhead.of(timings)
    lines += [
        "",
        f"guard's own work, in the same run: **{seconds(over.own.median)} s, "
        f"{over.percent:.1f} %** of its test run (min {seconds(over.own.low)} s, "
        f"max {seconds(over.own.high)} s). By subtraction (median guard - median "
        f"`coverage run` alone): {seconds(over.subtracted)} s, {over.subtracted_percent:.1f} %.",
        "",
    ]
    return lines


def targets_section(
    projects: list[Project], results: dict[str, dict[str, list[float]]]
) -> list[str]:
    lines = ["## Targets", ""]
    for project in projects:
        over = Overhead.of(results[project.name])
        if project.tiny:
            met = over.own.median < 0.5
            lines.append(
                f"- fixed cost under 0.5 s (guard's own work on {project.name}): "
                f"{seconds(over.own.median)} s, **{'met' if met else 'not met'}** "
                f"(by subtraction: {seconds(over.subtracted)} s)"
            )
        else:
            met = over.percent < 10
            lines.append(
                f"- guard's own work under 10 % of the instrumented run, on {project.name}: "
                f"{over.percent:.1f} % ({seconds(over.own.median)} s), "
                f"**{'met' if met else 'not met'}** (by subtraction: "
                f"{over.subtracted_percent:.1f} %)"
            )
    return [*lines, ""]


def write_results(
    path: Path, projects: list[Project], results: dict[str, dict[str, list[float]]], repeat: int
) -> None:
    today = datetime.date.today().isoformat()
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        "# Benchmark results",
        "",
        "Rerun from the repository root (the first run downloads the attrs sdist and builds "
        "its venv under `bench/.work/`, which later runs reuse):",
        "",
        "```sh",
        'python3 -m venv .venv && .venv/bin/pip install -e ".[bench]" && '
        f".venv/bin/python bench/run_bench.py --repeat {repeat}",
        "```",
        "",
        f"- date: {today}",
        f"- guard: {guard_revision()}",
        f"- machine: {os.cpu_count()} CPUs, {platform.platform()}, "
        f"Python {platform.python_version()}",
        f"- load average (1/5/15 min) when the run ended: {load}",
        f"- rounds: {repeat} per project ({repeat * TINY_FACTOR} for the tiny one), tools "
        "interleaved, each round starting from a different tool, after one untimed warm-up "
        "run of plain pytest",
        "",
        "Each figure is the wall time of the whole command (`time.perf_counter` around "
        "`subprocess.run`), its output going to a log file. `coverage run --branch + json` and "
        "`pytest --cov --cov-branch + xml` include their report step (with `coverage combine` "
        "first when the project's coverage config has `parallel = true`).",
        "",
        "guard's own work is everything `guard check` does beyond the instrumented test run. "
        "It is measured in the same run: the script starts guard as `python -m guard` does, "
        "plus a stopwatch around the child process that runs the tests under coverage "
        "(`guard.runner._run_child`), and takes guard's wall time minus the child's, round "
        "by round. The same figure by subtraction (median `guard check` minus median "
        "`coverage run --branch -m pytest` alone, run separately) is shown too; it carries "
        "the noise of two separate runs of the whole suite.",
        "",
        "Reading them: on a 2-CPU machine with other work going on (see the load average), "
        "one run of a whole suite varies by several seconds, more than any gap between the "
        "instrumented tools here, so compare those only through min and max; the in-run "
        "figure for guard's own work does not carry that noise. guard's own suite spends "
        "most of its time in child processes that the outer tools do not instrument, so "
        "there coverage barely slows it down.",
        "",
    ]
    lines += targets_section(projects, results)
    for project in projects:
        lines += project_section(project, results[project.name])
    replace_section(path, "\n".join(lines))


def replace_section(path: Path, section: str) -> None:
    """Write our section between its markers, keeping what others wrote around it."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    before, found, rest = old.partition(BEGIN)
    if found:
        _, _, after = rest.partition(END)
    else:
        before, after = "", f"\n\n{old}" if old else "\n"
    path.write_text(f"{before}{BEGIN}\n{section}\n{END}{after}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time guard against pytest, coverage, pytest-cov.")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per project (default 3)")
    parser.add_argument(
        "--project", action="append", choices=sorted(PROJECTS), help="repeatable; default: all"
    )
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md", help="Markdown file")
    args = parser.parse_args(argv)
    names = args.project or list(PROJECTS)
    projects = [PROJECTS[name]() for name in names]
    results = {project.name: bench_project(project, args.repeat) for project in projects}
    (WORK / "out" / "timings.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    write_results(args.output, projects, results, args.repeat)
    print(f"figures written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
