"""Times `guard diff` against `coverage xml` + `diff-cover`, and compares what they report.

Run it from the repository root with the interpreter that has guard and its
`bench` extra installed:

    python bench/diff_bench.py [--repeat N] [--project NAME ...]

Projects:

- `synthetic`: a generated package of 500 modules (about 250,000 lines) in a git
  repository, and a change that edits every module (about 55,000 new lines).
- `synthetic-100`: the first 100 modules of the same, for the "11,000-line diff
  over 100 files" target.
- `attrs`, `more-itertools`: one release's sdist committed as the base, the next
  release's files as the change, with only part of the test suite run so that
  many new lines stay uncovered.

For every project both tools read the same coverage data, made once with
`coverage run --branch --source=<pkg> -m pytest ...`. Each round times
`guard diff --format json` and `coverage xml` followed by `diff-cover --format
json:...`, end to end, interleaved, each round starting from the other tool.
A last run of guard with a stopwatch around its git step splits its time into
"git" and "after git answered".

For the release projects it then compares, file by file, the lines diff-cover
reports as uncovered with guard's new `coverage.uncovered-line` findings and
classifies every difference.

Everything is made under `bench/.work/diff/`; the figures are printed and
written to `bench/.work/diff/section.md` and `bench/.work/diff/compare-*.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MAIN = BENCH.parent
WORK = (BENCH / ".work" / "diff").resolve()  # resolved: .work may be a link to a shared one
VENV = WORK / "venv"
PYTHON = VENV / "bin" / "python"
BASE_BRANCH = "base"
GIT_USER = ("-c", "user.name=x", "-c", "user.email=x@x")
# Kept out of `git status` in every generated repository, without committing a .gitignore.
EXCLUDES = "__pycache__/\n.pytest_cache/\n.hypothesis/\n*.egg-info/\n"
# Test dependencies of the release projects (attrs' `tests` extra, less what we do not run).
TEST_DEPS = ("pytest", "hypothesis", "pympler", "diff-cover")
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

GUARD_TOOL = "guard diff"  # warm: its cache holds the parse of every file from the warm-up
GUARD_COLD_TOOL = "guard diff --no-cache"
DIFF_COVER_TOOL = "coverage xml + diff-cover"

# `python -m guard` with a stopwatch around guard's git step (changed_files), so that
# the time guard spends after git answered can be read off one run.
GUARD_WITH_TIMER = """\
import sys, time
import guard.check
from guard.cli import main
changed_files = guard.check.changed_files
marks = {}
def timed(*args):
    marks["git_start"] = time.perf_counter()
    try:
        return changed_files(*args)
    finally:
        marks["git_end"] = time.perf_counter()
guard.check.changed_files = timed
code = main(sys.argv[2:])
end = time.perf_counter()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(f"{marks['git_end'] - marks['git_start']} {end - marks['git_end']}")
sys.exit(code)
"""


@dataclass(frozen=True)
class Release:
    """A project's release-to-release change, run with part of its suite."""

    name: str
    old: str
    new: str
    archive: str  # the sdist's file name, with {version} for the version
    source: tuple[str, ...]  # directories to measure, relative to the project root
    tests: tuple[str, ...]  # the part of the suite that runs


RELEASES = {
    "attrs": Release(
        "attrs",
        "24.2.0",
        "25.3.0",
        "attrs-{version}.tar.gz",
        ("src/attr", "src/attrs"),
        ("tests/test_funcs.py", "tests/test_validators.py"),
    ),
    "more-itertools": Release(
        "more-itertools",
        "10.5.0",
        "10.7.0",
        "more{sep}itertools-{version}.tar.gz",
        ("more_itertools",),
        ("tests/test_recipes.py",),
    ),
}
SYNTHETIC = {"synthetic": 500, "synthetic-100": 100}
PROJECTS = (*SYNTHETIC, *RELEASES)


@dataclass
class Project:
    """A repository ready to time: its change committed on top of `base`, its data recorded."""

    name: str
    root: Path
    source: tuple[str, ...]
    data: Path
    out: Path
    description: str
    times: dict[str, list[float]] = field(default_factory=dict)
    guard_phases: list[tuple[float, float]] = field(default_factory=list)
    guard_phases_warm: list[tuple[float, float]] = field(default_factory=list)


def run(
    cmd: Sequence[str | Path], cwd: Path, log: Path | None = None, ok: Sequence[int] = (0,)
) -> None:
    """Run a command; its output goes to `log` (or is dropped), a bad exit stops the bench."""
    args = [str(part) for part in cmd]
    if log is None:
        proc = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
        output = proc.stdout + proc.stderr
    else:
        with log.open("w", encoding="utf-8") as out:
            proc = subprocess.run(args, cwd=cwd, env=ENV, stdout=out, stderr=out, check=False)
        output = log.read_text(encoding="utf-8")
    if proc.returncode not in ok:
        sys.exit(f"{' '.join(args)} exited {proc.returncode} in {cwd}:\n{output[-3000:]}")


def git(root: Path, *args: str) -> None:
    run(["git", *GIT_USER, *args], root)


def git_out(root: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=root, env=ENV, capture_output=True, text=True, check=True
    )
    return proc.stdout


def start_repo(root: Path) -> None:
    """A fresh repository at `root`, on branch `main`, ignoring the test run's droppings."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / ".git" / "info" / "exclude").write_text(EXCLUDES, encoding="utf-8")


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def ensure_venv() -> None:
    """One venv for every project: guard (a snapshot), diff-cover and the test dependencies.

    guard's cache salts its keys with a hash of guard's own source, so an editable install
    that someone edits while the bench runs would turn the warm runs cold; a copy of the
    working tree, installed not editable, also pins the code that is timed.
    """
    snapshot = WORK / "guard-snapshot"
    shutil.rmtree(snapshot, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(MAIN / "guard", snapshot / "guard", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(MAIN / name, snapshot / name)
    ready = VENV / ".bench-ready"
    if not ready.exists():
        run([sys.executable, "-m", "venv", "--clear", VENV], MAIN)
        run([PYTHON, "-m", "pip", "install", "-q", snapshot, *TEST_DEPS], MAIN)
        ready.touch()
        return
    run([PYTHON, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", snapshot], MAIN)


# --- the synthetic project --------------------------------------------------------------

FUNCS_PER_MODULE = 25
NEW_FUNCS_PER_MODULE = 5
EDITED_FUNCS = (1, 2, 3)  # edited in the change: one called by the tests, two not

MODULE_HEAD = '''\
"""Generated module {m}: small functions with branches."""

from __future__ import annotations


def _combine(total: int, constant: int, scale: int = 1) -> int:
    return (total + constant) * scale

'''

FUNCTION = '''
def f_{j}(value: int, flag: bool = False) -> int:
    """Combine `value` with the constant {j} of module {m}."""
    total = 0
    if value < {lo}:
        total -= value
    elif value > {hi}:
        total = value // 2
    else:
        total = value + {j}
    for step in range(3):
        if flag and step == {s}:
            total += step
        else:
            total -= 1
    result = _combine(
        total,
        {j},
        scale={scale},
    )
    return result
'''


def synthetic_module(m: int, changed: bool) -> str:
    """Module `m` before the change, or after it: three functions edited, five added."""
    parts = [MODULE_HEAD.format(m=m)]
    count = FUNCS_PER_MODULE + (NEW_FUNCS_PER_MODULE if changed else 0)
    for j in range(count):
        edited = changed and j in EDITED_FUNCS
        parts.append(
            FUNCTION.format(
                m=m,
                j=j,
                lo=-j if not edited else -j - 1,  # the first line of an `if`
                hi=1000 + m,
                s=j % 3,
                scale=2 if not edited else 3,  # the last argument line of a 4-line call
            )
        )
    return "".join(parts)


def synthetic_tests(modules: int, changed: bool) -> str:
    """A test per module that calls every third function (and every other new one)."""
    count = FUNCS_PER_MODULE + (NEW_FUNCS_PER_MODULE if changed else 0)
    called = [j for j in range(count) if (j % 3 == 0 if j < FUNCS_PER_MODULE else j % 2 == 0)]
    lines = [
        "from __future__ import annotations",
        "",
        "import importlib",
        "",
        "import pytest",
        "",
        "",
        f"@pytest.mark.parametrize('m', range({modules}))",
        "def test_module(m: int) -> None:",
        "    module = importlib.import_module(f'synth.mod_{m:03d}')",
        f"    for j in {called}:",
        "        assert isinstance(getattr(module, f'f_{j}')(5, flag=True), int)",
        "",
    ]
    return "\n".join(lines)


def write_synthetic(root: Path, modules: int, changed: bool) -> None:
    package = root / "synth"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text('"""Generated package."""\n', encoding="utf-8")
    for m in range(modules):
        text = synthetic_module(m, changed)
        (package / f"mod_{m:03d}.py").write_text(text, encoding="utf-8")
    tests = root / "tests"
    tests.mkdir(exist_ok=True)
    (tests / "test_synth.py").write_text(synthetic_tests(modules, changed), encoding="utf-8")


def prepare_synthetic(name: str, modules: int) -> Project:
    root = WORK / name
    out = WORK / "out" / name
    out.mkdir(parents=True, exist_ok=True)
    data = out / ".coverage"
    ready = out / ".bench-ready"
    if not ready.exists():
        start_repo(root)
        write_synthetic(root, modules, changed=False)
        commit(root, "base")
        git(root, "branch", BASE_BRANCH)
        write_synthetic(root, modules, changed=True)
        commit(root, "change")
        record_coverage(root, ("synth",), ("tests",), data, out)
        ready.touch()
    lines = sum(
        len(path.read_text(encoding="utf-8").splitlines()) for path in root.glob("synth/*.py")
    )
    added = diff_size(root)
    return Project(
        name,
        root,
        ("synth",),
        data,
        out,
        f"generated: {modules} modules, {lines:,} lines; the change adds or edits "
        f"{added:,} lines in all {modules} modules",
    )


# --- the release projects ----------------------------------------------------------------


def sdist(release: Release, version: str) -> Path:
    """Download (once) and return the sdist of `release` at `version`."""
    downloads = WORK / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    for sep in ("-", "_"):
        path = downloads / release.archive.format(version=version, sep=sep)
        if path.exists():
            return path
    spec = f"{release.name}=={version}"
    pip_download = (sys.executable, "-m", "pip", "download", "-q", "--no-deps")
    run([*pip_download, "--no-binary", ":all:", "-d", downloads, spec], MAIN)
    for sep in ("-", "_"):
        path = downloads / release.archive.format(version=version, sep=sep)
        if path.exists():
            return path
    sys.exit(f"pip download {spec} left no {release.archive} in {downloads}")


def unpack_into(archive: Path, root: Path) -> None:
    """Replace the working tree of `root` (all but .git) with the sdist's files."""
    for child in root.iterdir():
        if child.name == ".git":
            continue
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    scratch = WORK / "unpack"
    if scratch.exists():
        shutil.rmtree(scratch)
    with tarfile.open(archive) as tar:
        tar.extractall(scratch, filter="data")
    (top,) = scratch.iterdir()
    for child in top.iterdir():
        shutil.move(str(child), root / child.name)
    shutil.rmtree(scratch)


def prepare_release(release: Release) -> Project:
    root = WORK / release.name
    out = WORK / "out" / release.name
    out.mkdir(parents=True, exist_ok=True)
    data = out / ".coverage"
    ready = out / ".bench-ready"
    if not ready.exists():
        start_repo(root)
        unpack_into(sdist(release, release.old), root)
        commit(root, f"{release.name} {release.old}")
        git(root, "branch", BASE_BRANCH)
        unpack_into(sdist(release, release.new), root)
        commit(root, f"{release.name} {release.new}")
        run([PYTHON, "-m", "pip", "install", "-q", "--no-deps", "-e", root], MAIN)
        record_coverage(root, release.source, release.tests, data, out)
        ready.touch()
    added = diff_size(root)
    return Project(
        release.name,
        root,
        release.source,
        data,
        out,
        f"{release.name} {release.old} -> {release.new} from the sdists; "
        f"{added:,} new lines; tests run: {', '.join(release.tests)}",
    )


def record_coverage(
    root: Path, source: Sequence[str], tests: Sequence[str], data: Path, out: Path
) -> None:
    """Run `tests` under branch coverage into `data` (outside the repository), combined."""
    coverage_run = (PYTHON, "-m", "coverage", "run", "--branch", f"--data-file={data}")
    pytest = ("-m", "pytest", "-q", "-p", "no:cacheprovider", *tests)
    run(
        [*coverage_run, f"--source={','.join(source)}", *pytest],
        root,
        log=out / "coverage-run.log",
        ok=(0, 1),
    )
    if not data.exists():  # the project's coverage config says `parallel = true`
        run([PYTHON, "-m", "coverage", "combine", f"--data-file={data}"], root)


def diff_size(root: Path) -> int:
    """The number of lines the change adds, as git counts them."""
    total = 0
    for line in git_out(root, "diff", "--numstat", f"{BASE_BRANCH}...HEAD").splitlines():
        added = line.split("\t")[0]
        total += int(added) if added.isdigit() else 0
    return total


# --- timing --------------------------------------------------------------------------------


def guard_cmd(project: Project, cache: bool = True) -> list[str | Path]:
    cmd: list[str | Path] = [VENV / "bin" / "guard", "diff", "--root", project.root]
    # Only the coverage mapping: that is what diff-cover does; the other gates are extra work.
    cmd += ["--base", BASE_BRANCH, "--data", project.data, "--format", "json", "--coverage-only"]
    for source in project.source:
        cmd += ["--source", source]
    return cmd if cache else [*cmd, "--no-cache"]


def time_guard(project: Project) -> float:
    start = time.perf_counter()
    run(guard_cmd(project), project.root, log=project.out / "guard.json", ok=(0, 1))
    return time.perf_counter() - start


def time_guard_cold(project: Project) -> float:
    start = time.perf_counter()
    cmd = guard_cmd(project, cache=False)
    run(cmd, project.root, log=project.out / "guard-cold.json", ok=(0, 1))
    return time.perf_counter() - start


def time_diff_cover(project: Project) -> float:
    xml = project.out / "coverage.xml"
    start = time.perf_counter()
    run(
        [PYTHON, "-m", "coverage", "xml", f"--data-file={project.data}", "-o", xml],
        project.root,
        log=project.out / "coverage-xml.log",
    )
    json_out = f"json:{project.out / 'diff-cover.json'}"
    run(
        [VENV / "bin" / "diff-cover", xml, "--format", json_out, f"--compare-branch={BASE_BRANCH}"],
        project.root,
        log=project.out / "diff-cover.log",
    )
    return time.perf_counter() - start


def time_guard_phases(project: Project, cache: bool) -> tuple[float, float]:
    """(seconds in guard's git step, seconds after it) for one `guard diff` run."""
    marks = project.out / "guard-phases.txt"
    cmd = [PYTHON, "-c", GUARD_WITH_TIMER, marks, *guard_cmd(project, cache)[1:]]
    run(cmd, project.root, log=project.out / "guard-timed.json", ok=(0, 1))
    git_s, after_s = marks.read_text(encoding="utf-8").split()
    return float(git_s), float(after_s)


def time_project(project: Project, repeat: int) -> None:
    tools = {
        GUARD_COLD_TOOL: time_guard_cold,
        GUARD_TOOL: time_guard,
        DIFF_COVER_TOOL: time_diff_cover,
    }
    names = list(tools)
    project.times = {name: [] for name in names}
    # One untimed warm-up run each: the page cache, pyc files, and guard's parse cache.
    shutil.rmtree(project.root / ".guard_cache", ignore_errors=True)
    time_guard(project)
    time_diff_cover(project)
    for round_no in range(repeat):
        order = names[round_no % len(names) :] + names[: round_no % len(names)]
        for name in order:
            project.times[name].append(tools[name](project))
        project.guard_phases.append(time_guard_phases(project, cache=False))
        project.guard_phases_warm.append(time_guard_phases(project, cache=True))


# --- comparison ----------------------------------------------------------------------------


@dataclass
class FileComparison:
    path: str
    both: list[int] = field(default_factory=list)
    guard_only: dict[str, list[int]] = field(default_factory=dict)
    diff_cover_only: dict[str, list[int]] = field(default_factory=dict)
    missed_branches: list[int] = field(default_factory=list)
    unmeasured: bool = False


def added_lines(root: Path) -> dict[str, set[int]]:
    """New-side line numbers per file, from `git diff -U0 base...HEAD`."""
    changed: dict[str, set[int]] = {}
    current: set[int] = set()
    text = git_out(root, "diff", "-U0", "--no-color", "-M", f"{BASE_BRANCH}...HEAD", "--")
    for line in text.splitlines():
        if line.startswith("+++ "):
            current = changed.setdefault(line[6:], set()) if line != "+++ /dev/null" else set()
        elif line.startswith("@@ "):
            new = line.split()[2][1:]
            start, _, count = new.partition(",")
            current.update(range(int(start), int(start) + int(count or "1")))
    return changed


def statement_spans(path: Path) -> dict[int, set[int]]:
    """Each statement's first line -> every physical line of the statement (coverage's view)."""
    from coverage.parser import PythonParser

    parser = PythonParser(text=path.read_text(encoding="utf-8"))
    parser.parse_source()
    spans: dict[int, set[int]] = {line: {line} for line in parser.statements}
    for line, first in parser.multiline_map.items():
        if first in spans:
            spans[first].add(line)
    return spans


def compare(project: Project) -> list[FileComparison]:
    """Line by line: diff-cover's violation_lines against guard's new uncovered statements."""
    import coverage

    cov = coverage.Coverage(data_file=str(project.data))
    cov.load()
    measured = {
        str(Path(name).relative_to(project.root)) for name in cov.get_data().measured_files()
    }
    report = json.loads((project.out / "guard.json").read_text(encoding="utf-8"))
    diff_cover = json.loads((project.out / "diff-cover.json").read_text(encoding="utf-8"))
    changed = added_lines(project.root)

    guard_lines: dict[str, set[int]] = {}
    branches: dict[str, list[int]] = {}
    unmeasured: set[str] = set()
    for finding in report["findings"]:
        if finding["new"] is not True:
            continue
        path = finding["path"]
        if finding["rule"] == "coverage.uncovered-line":
            statements = set(statement_spans(project.root / path))
            span = range(finding["line"], finding["end_line"] + 1)
            guard_lines.setdefault(path, set()).update(s for s in span if s in statements)
        elif finding["rule"] == "coverage.missed-branch":
            branches.setdefault(path, []).append(finding["line"])
        elif finding["rule"] == "coverage.unmeasured-file":
            unmeasured.add(path)

    paths = sorted(set(guard_lines) | set(branches) | unmeasured | set(diff_cover["src_stats"]))
    results = []
    for path in paths:
        if not path.endswith(".py") or not path.startswith(project.source):
            continue
        ours = guard_lines.get(path, set())
        theirs = set(diff_cover["src_stats"].get(path, {}).get("violation_lines", []))
        spans = statement_spans(project.root / path)
        new = changed.get(path, set())
        result = FileComparison(path, sorted(ours & theirs))
        result.missed_branches = sorted(branches.get(path, []))
        result.unmeasured = path in unmeasured or path not in measured
        for line in sorted(ours - theirs):
            if result.unmeasured:
                kind = "unmeasured file"
            elif line not in new and spans.get(line, set()) & new:
                kind = "multi-line statement"
            else:
                kind = "unexplained"
            result.guard_only.setdefault(kind, []).append(line)
        for line in sorted(theirs - ours):
            kind = "unmeasured file" if result.unmeasured else "unexplained"
            result.diff_cover_only.setdefault(kind, []).append(line)
        results.append(result)
    return results


# --- the report ----------------------------------------------------------------------------


def _spread(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def seconds(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.2f}"


def timing_section(projects: Sequence[Project], repeat: int) -> list[str]:
    lines = [
        "| project | guard diff, cold (`--no-cache`) s | guard diff, warm cache s "
        "| coverage xml + diff-cover s | diff-cover / guard cold | diff-cover / guard warm "
        "| guard: git step s | guard: after git answered, cold / warm s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for project in projects:
        cold = project.times[GUARD_COLD_TOOL]
        warm = project.times[GUARD_TOOL]
        theirs = project.times[DIFF_COVER_TOOL]
        git_s = statistics.median(phase[0] for phase in project.guard_phases)
        after_cold = statistics.median(phase[1] for phase in project.guard_phases)
        after_warm = statistics.median(phase[1] for phase in project.guard_phases_warm)
        lines.append(
            f"| {project.name} | {_spread(cold)} | {_spread(warm)} | {_spread(theirs)} "
            f"| {statistics.median(theirs) / statistics.median(cold):.1f}x "
            f"| {statistics.median(theirs) / statistics.median(warm):.1f}x "
            f"| {git_s:.2f} | {after_cold:.2f} / {after_warm:.2f} |"
        )
    lines.append("")
    lines.extend(f"- {project.name}: {project.description}" for project in projects)
    lines.append(
        f"- rounds: {repeat}, interleaved (each round starting from the next tool), after one "
        "untimed warm-up run of each; cold runs pass `--no-cache`, so they parse every changed "
        "file; warm runs find the parse of every file in the cache the warm-up filled, as an "
        "agent's rerun after an edit finds all but the edited files"
    )
    return lines


def comparison_section(name: str, results: Sequence[FileComparison]) -> list[str]:
    both = sum(len(r.both) for r in results)
    agreeing = sum(1 for r in results if not r.guard_only and not r.diff_cover_only)
    kinds: dict[str, int] = {}
    for r in results:
        for kind, lines in r.guard_only.items():
            kinds[f"guard only: {kind}"] = kinds.get(f"guard only: {kind}", 0) + len(lines)
        for kind, lines in r.diff_cover_only.items():
            key = f"diff-cover only: {kind}"
            kinds[key] = kinds.get(key, 0) + len(lines)
    branch_count = sum(len(r.missed_branches) for r in results)
    out = [
        f"{name}: {len(results)} changed files under source; {agreeing} with identical line "
        f"sets; {both} uncovered new statements reported by both; "
        f"{branch_count} new missed branches (guard only, by design)",
    ]
    out.extend(f"  - {kind}: {count} lines" for kind, count in sorted(kinds.items()))
    for r in results:
        if r.guard_only or r.diff_cover_only:
            out.append(
                f"  - {r.path}: guard only {r.guard_only}; diff-cover only {r.diff_cover_only}"
            )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per project")
    parser.add_argument("--project", action="append", choices=PROJECTS, help="default: all")
    args = parser.parse_args(argv)
    names = args.project or list(PROJECTS)

    WORK.mkdir(parents=True, exist_ok=True)
    ensure_venv()
    projects = []
    for name in names:
        print(f"preparing {name}", flush=True)
        if name in SYNTHETIC:
            projects.append(prepare_synthetic(name, SYNTHETIC[name]))
        else:
            projects.append(prepare_release(RELEASES[name]))
    for project in projects:
        print(f"timing {project.name}", flush=True)
        time_project(project, args.repeat)

    cpus = os.cpu_count()
    section = [
        f"- machine: {cpus} CPUs, {platform.platform()}, Python {platform.python_version()}",
        f"- load average when the run ended: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}",
        "",
        *timing_section(projects, args.repeat),
        "",
    ]
    for project in projects:
        if project.name in RELEASES:
            results = compare(project)
            dump = [r.__dict__ for r in results]
            (WORK / f"compare-{project.name}.json").write_text(json.dumps(dump, indent=2))
            section.extend(comparison_section(project.name, results))
    text = "\n".join(section) + "\n"
    (WORK / "section.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
