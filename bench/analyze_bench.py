"""Times `guard analyze` against xenon and wemake-python-styleguide on whole codebases.

Run it from the repository root with any Python that guard supports. It copies
guard's working tree (guard/, pyproject.toml, README.md) to `bench/.work/analyze/`
and installs the copy, not editable, with its `bench` extra (xenon, hence radon)
in `bench/.work/analyze/venv`: guard's cache keys include a hash of guard's own
source, so an editable install being edited during the run would make every warm
run cold, and the copy pins the code that is timed.

    python bench/analyze_bench.py [--repeat N] [--project NAME ...] [--sample N]

Projects, each from its release sdist (`pip download --no-deps --no-binary :all:`),
unpacked and committed to a fresh git repository of its own so that guard's git step
sees one clean commit and nothing of the repository around `bench/.work`:

- `django`: Django 5.2.19, the `django` package.
- `attrs`: attrs 25.3.0, `src` (the `attr` and `attrs` packages).
- `rich`: rich 14.2.0, the `rich` package.

Timed, on the same tree, interleaved (each round starting from the next tool),
after one untimed warm-up run of each:

- `guard analyze --all --no-cache --format json PKG` (cold: every file parsed),
- `guard analyze --all --format json PKG` with the cache the previous run filled
  (warm: the second run on an unchanged tree),
- `xenon --max-absolute B --max-modules B --max-average A PKG` (radon's cyclomatic
  complexity only: xenon ranks modules by their average complexity, not by the
  maintainability index),
- `radon mi PKG` (radon's maintainability index, which guard computes too; shown
  so that xenon + radon mi is radon's whole share of guard's work),
- `flake8 --isolated --select=WPS PKG` with wemake-python-styleguide, in its own
  venv (`--isolated`: the project's flake8 settings would change which files and
  limits it uses; the other tools see no project config either).

Peak memory of guard comes from two places: `ru_maxrss` from `wait4` on each timed
cold run (the largest resident set of the guard process or of any worker process
it reaped: a maximum over processes, not a sum), and a sampler that, during the
warm-up cold run, reads `/proc/<pid>/smaps_rollup` of guard and all its descendants
every 50 ms and keeps the largest sum of their RSS and of their PSS (PSS splits the
pages forked workers share with their parent, so the PSS sum is what the tree costs).

It also writes what the calibration in docs/quality-calibration.md reads: the
findings by rule per project (`calibration.md`) and a seeded random sample of
naming findings and of size/complexity findings with their source context
(`samples.md`). Everything is made under `bench/.work/analyze/`; the timing
section is printed and written to `bench/.work/analyze/section.md`.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MAIN = BENCH.parent
WORK = BENCH / ".work" / "analyze"
DOWNLOADS = WORK / "downloads"
WEMAKE_VENV = WORK / "wemake-venv"
RADON_CWD = WORK / "empty"  # no pyproject.toml or setup.cfg for radon to read
SNAPSHOT = WORK / "guard-snapshot"  # guard's working tree, copied when the run starts
VENV = WORK / "venv"  # the snapshot (not editable), xenon and radon
BIN = VENV / "bin"
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
GIT_USER = ("-c", "user.name=x", "-c", "user.email=x@x")
RERUN = "python bench/analyze_bench.py --repeat 3"
SEED = 2026
GIB = 1024 * 1024  # in KiB, the unit of ru_maxrss and smaps_rollup
SAMPLE_EVERY = 0.05  # seconds between two looks at the process tree's memory

GUARD_COLD = "guard analyze --no-cache (cold)"
GUARD_WARM = "guard analyze, cache filled (warm)"
XENON = "xenon (radon cc)"
RADON_MI = "radon mi"
WEMAKE = "flake8 --select=WPS (wemake)"
TOOLS = (GUARD_COLD, GUARD_WARM, XENON, RADON_MI, WEMAKE)


@dataclass(frozen=True)
class Sdist:
    """A release to analyse: where its sdist comes from and which paths to pass."""

    name: str
    version: str
    paths: tuple[str, ...]  # what every tool analyses, relative to the unpacked sdist

    @property
    def archive(self) -> str:
        return f"{self.name}-{self.version}.tar.gz"


PROJECTS = {
    "django": Sdist("django", "5.2.19", ("django",)),
    "attrs": Sdist("attrs", "25.3.0", ("src",)),
    "rich": Sdist("rich", "14.2.0", ("rich",)),
}


@dataclass
class Run:
    """One command's wall time, exit status and peak RSS (KiB) as `wait4` reports it."""

    seconds: float
    code: int
    maxrss: int


@dataclass
class Project:
    """An unpacked release in its own repository, and what was measured on it."""

    sdist: Sdist
    root: Path
    out: Path
    files: int = 0
    lines: int = 0
    times: dict[str, list[float]] = field(default_factory=dict)
    guard_maxrss: list[int] = field(default_factory=list)  # KiB, from each timed cold run
    tree_rss: int = 0  # KiB, the largest sampled sum over guard's process tree
    tree_pss: int = 0
    tree_processes: int = 0
    same_findings: bool = True  # cold and warm runs reported the same findings

    @property
    def name(self) -> str:
        return self.sdist.name


# --- setup -----------------------------------------------------------------------------


def run(cmd: Sequence[str | Path], cwd: Path, ok: Sequence[int] = (0,)) -> str:
    """Run a setup command; a bad exit stops the bench with its output."""
    args = [str(part) for part in cmd]
    proc = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if proc.returncode not in ok:
        sys.exit(f"{' '.join(args)} exited {proc.returncode} in {cwd}:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def download(sdist: Sdist) -> Path:
    """The release's sdist, downloaded once."""
    path = DOWNLOADS / sdist.archive
    if not path.exists():
        DOWNLOADS.mkdir(parents=True, exist_ok=True)
        spec = f"{sdist.name}=={sdist.version}"
        pip = (sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:")
        run([*pip, "-d", DOWNLOADS, spec], MAIN)
    if not path.exists():
        sys.exit(f"pip download {sdist.name}=={sdist.version} left no {path.name}")
    return path


def prepare(sdist: Sdist) -> Project:
    """The sdist unpacked into `WORK/<name>-<version>`, committed to a repository of its own."""
    root = WORK / f"{sdist.name}-{sdist.version}"
    out = WORK / "out" / sdist.name
    out.mkdir(parents=True, exist_ok=True)
    ready = root / ".bench-ready"
    if not ready.exists():
        if root.exists():
            shutil.rmtree(root)
        with tarfile.open(download(sdist)) as tar:
            tar.extractall(WORK, filter="data")
        run(["git", "init", "-q", "-b", "main"], root)
        (root / ".git" / "info" / "exclude").write_text(".guard_cache/\n.bench-ready\n")
        run(["git", *GIT_USER, "add", "-A"], root)
        run(["git", *GIT_USER, "commit", "-q", "-m", f"{sdist.name} {sdist.version}"], root)
        ready.touch()
    project = Project(sdist, root, out)
    sources = python_sources(root, sdist.paths)
    project.files = len(sources)
    project.lines = sum(len(path.read_bytes().splitlines()) for path in sources)
    return project


def python_sources(root: Path, paths: Sequence[str]) -> list[Path]:
    """The `.py` files under `paths`, skipping what guard's walk skips."""
    found: list[Path] = []
    for entry in paths:
        for directory, subdirectories, names in os.walk(root / entry):
            subdirectories[:] = [
                name
                for name in subdirectories
                if not name.startswith(".")
                and name != "__pycache__"
                and not name.endswith(".egg-info")
                and not (Path(directory, name) / "pyvenv.cfg").exists()
            ]
            found.extend(Path(directory, name) for name in names if name.endswith(".py"))
    return sorted(found)


def install_snapshot() -> str:
    """guard's working tree as it is now, installed (not editable) in the bench's venv.

    guard's cache salts its keys with a hash of guard's own source, so with an editable
    install every edit made to guard/ while the bench runs would turn the warm runs cold;
    the copy also pins the code that is timed. Returns the revision and code digest.
    """
    if SNAPSHOT.exists():
        shutil.rmtree(SNAPSHOT)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(MAIN / "guard", SNAPSHOT / "guard", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(MAIN / name, SNAPSHOT / name)
    python = VENV / "bin" / "python"
    ready = VENV / ".bench-ready"
    if not ready.exists():
        run([sys.executable, "-m", "venv", "--clear", VENV], MAIN)
        run([python, "-m", "pip", "install", "-q", f"{SNAPSHOT}[bench]"], MAIN)
        ready.touch()
    else:
        run(
            [python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", SNAPSHOT], MAIN
        )
    return guard_revision(SNAPSHOT / "guard")


def ensure_wemake() -> str | None:
    """A venv with wemake-python-styleguide; None when it is ready, else why it is not."""
    ready = WEMAKE_VENV / ".bench-ready"
    if ready.exists():
        return None
    subprocess.run([sys.executable, "-m", "venv", "--clear", WEMAKE_VENV], check=True)
    pip = [WEMAKE_VENV / "bin" / "python", "-m", "pip", "install", "-q"]
    proc = subprocess.run(
        [*map(str, pip), "wemake-python-styleguide"], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return f"pip install wemake-python-styleguide failed: {proc.stderr.strip()[-500:]}"
    ready.touch()
    return None


# --- measuring -------------------------------------------------------------------------


def command(project: Project, tool: str) -> list[str | Path]:
    paths = project.sdist.paths
    guard: list[str | Path] = [
        BIN / "guard",
        "analyze",
        "--all",
        "--format",
        "json",
        "--root",
        project.root,
    ]
    if tool == GUARD_COLD:
        return [*guard, "--no-cache", *paths]
    if tool == GUARD_WARM:
        return [*guard, *paths]
    # radon reads its settings from the working directory's pyproject.toml and crashes on
    # some (attrs': a `%` in a hatch table), so radon and xenon run from an empty directory.
    absolute = [project.root / path for path in paths]
    if tool == XENON:
        limits = ("--max-absolute", "B", "--max-modules", "B", "--max-average", "A")
        return [BIN / "xenon", *limits, *absolute]
    if tool == RADON_MI:
        return [BIN / "radon", "mi", *absolute]
    return [WEMAKE_VENV / "bin" / "flake8", "--isolated", "--select=WPS", *paths]


def output_file(project: Project, tool: str) -> Path:
    stem = {GUARD_COLD: "guard-cold.json", GUARD_WARM: "guard-warm.json"}
    return project.out / stem.get(tool, re.sub(r"\W+", "-", tool).strip("-") + ".txt")


def run_tool(project: Project, tool: str, sampler: TreeSampler | None = None) -> Run:
    """Run one tool on the project, timed, its stdout to its output file."""
    args = [str(part) for part in command(project, tool)]
    out = output_file(project, tool)
    with out.open("wb") as stdout, out.with_suffix(".stderr").open("wb") as stderr:
        start = time.perf_counter()
        cwd = RADON_CWD if tool in (XENON, RADON_MI) else project.root
        proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=stdout, stderr=stderr)
        if sampler is not None:
            sampler.start(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if sampler is not None:
        sampler.stop()
    # guard exits 1 when findings fail the gate, flake8 when it reports anything;
    # xenon's exit status says whether its limits held, which does not matter here.
    detail = out.with_suffix(".stderr").read_text(encoding="utf-8", errors="replace")
    if (tool != XENON and code not in (0, 1)) or "Traceback (most recent call last)" in detail:
        sys.exit(f"{' '.join(args)} exited {code}:\n{detail[-3000:]}")
    if tool == RADON_MI and not out.stat().st_size:
        sys.exit(f"{' '.join(args)} printed nothing:\n{detail[-3000:]}")
    if tool in (GUARD_COLD, GUARD_WARM):
        errors = json.loads(out.read_text(encoding="utf-8")).get("errors")
        if errors:
            sys.exit(f"{' '.join(args)} reported errors: {errors}")
    return Run(elapsed, code, usage.ru_maxrss)


class TreeSampler:
    """Peak summed RSS and PSS (KiB) of a process and all its descendants, sampled."""

    def __init__(self) -> None:
        self.rss = self.pss = self.processes = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, pid: int) -> None:
        self._thread = threading.Thread(target=self._watch, args=(pid,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _watch(self, pid: int) -> None:
        while not self._stop.is_set():
            tree = descendants(pid)
            totals = [memory(member) for member in tree]
            self.rss = max(self.rss, sum(rss for rss, _ in totals))
            self.pss = max(self.pss, sum(pss for _, pss in totals))
            self.processes = max(self.processes, len(tree))
            self._stop.wait(SAMPLE_EVERY)


def descendants(pid: int) -> list[int]:
    """`pid` and every live process under it, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        parent = int(text.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(stat.parent.name))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, ()))
    return tree


def memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB of one process; zeros if it has gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(Rss|Pss):\s+(\d+) kB", text, re.MULTILINE))
    return int(values.get("Rss", 0)), int(values.get("Pss", 0))


def findings_of(path: Path) -> list[tuple[str, str, int, str]]:
    report = json.loads(path.read_text(encoding="utf-8"))
    return sorted((f["rule"], f["path"], f["line"], f["message"]) for f in report["findings"])


def time_project(project: Project, tools: Sequence[str], repeat: int) -> None:
    project.times = {tool: [] for tool in tools}
    # Untimed warm-up of each tool: the page cache, pyc files. The cold guard run is
    # watched by the memory sampler; the warm one starts from no cache and fills it.
    shutil.rmtree(project.root / ".guard_cache", ignore_errors=True)
    sampler = TreeSampler()
    run_tool(project, GUARD_COLD, sampler)
    project.tree_rss, project.tree_pss = sampler.rss, sampler.pss
    project.tree_processes = sampler.processes
    for tool in tools:
        if tool != GUARD_COLD:
            run_tool(project, tool)
    for round_no in range(repeat):
        order = [*tools[round_no % len(tools) :], *tools[: round_no % len(tools)]]
        for tool in order:
            done = run_tool(project, tool)
            project.times[tool].append(done.seconds)
            if tool == GUARD_COLD:
                project.guard_maxrss.append(done.maxrss)
            print(f"  {project.name} round {round_no + 1}: {tool} {done.seconds:.2f} s", flush=True)
    cold = findings_of(output_file(project, GUARD_COLD))
    project.same_findings = cold == findings_of(output_file(project, GUARD_WARM))


# --- agreement with radon ----------------------------------------------------------------

_XENON_BLOCK = re.compile(r'block "(.+):(\d+) [^"]+" has a rank of ([C-F])')
_RADON_MI = re.compile(r"^(.+) - ([ABC])", re.MULTILINE)


def radon_agreement(project: Project) -> str:
    """guard's cyclomatic and maintainability findings against xenon's and radon mi's output."""
    report = json.loads(output_file(project, GUARD_WARM).read_text(encoding="utf-8"))
    by_rule: dict[str, set[tuple[str, int]]] = {}
    for finding in report["findings"]:
        by_rule.setdefault(finding["rule"], set()).add((finding["path"], finding["line"]))
    prefix = f"{project.root}/"
    xenon_text = output_file(project, XENON).with_suffix(".stderr").read_text(encoding="utf-8")
    functions, classes = set(), 0
    for path, line, _ in _XENON_BLOCK.findall(xenon_text):
        where = (path.removeprefix(prefix), int(line))
        source = (project.root / where[0]).read_text(encoding="utf-8").splitlines()
        if source[where[1] - 1].lstrip().startswith("class "):
            classes += 1  # radon also ranks a class by its methods; guard ranks functions only
        else:
            functions.add(where)
    ours = by_rule.get("complexity.cyclomatic", set())
    mi_text = output_file(project, RADON_MI).read_text(encoding="utf-8")
    ranked_c = {
        path.removeprefix(prefix) for path, rank in _RADON_MI.findall(mi_text) if rank == "C"
    }
    ours_mi = {path for path, _ in by_rule.get("complexity.maintainability", set())}
    return (
        f"Agreement with radon: xenon ranks {len(functions)} functions C or worse "
        f"(complexity over 10), guard's `complexity.cyclomatic` names {len(ours)}, "
        f"{len(functions & ours)} in common ({len(ours - functions)} guard only, "
        f"{len(functions - ours)} xenon only; xenon's {classes} class blocks left out, guard "
        f"does not rank classes); `radon mi` ranks {len(ranked_c)} modules C, guard's "
        f"`complexity.maintainability` names {len(ours_mi)}, {len(ranked_c & ours_mi)} in common."
    )


# --- the timing section ------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> str:
    return f"{median(values):.2f} | {min(values):.2f} | {max(values):.2f}"


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def version_of(package: str, python: Path = VENV / "bin" / "python") -> str:
    code = f"import importlib.metadata as m; print(m.version({package!r}))"
    proc = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return proc.stdout.strip() or "not installed"


def guard_revision(code: Path) -> str:
    """The commit guard was copied at, and whether its code (at `code`) had uncommitted changes."""
    git = ["git", "-C", str(MAIN)]
    head = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "guard"], capture_output=True, text=True, check=False
    )
    revision = head.stdout.strip() or "unknown"
    if not dirty.stdout.strip():
        return revision
    # Others may edit guard/ while it is timed: a digest of its code shows whether they did.
    digest = hashlib.sha256()
    for path in sorted(code.rglob("*.py")):
        digest.update(path.read_bytes())
    return f"{revision} + uncommitted changes in guard/ (code digest {digest.hexdigest()[:12]})"


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown CPU"
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else "unknown CPU"


def project_table(project: Project, tools: Sequence[str]) -> list[str]:
    cold = median(project.times[GUARD_COLD])
    lines = [
        f"### {project.name} {project.sdist.version}",
        "",
        f"`{' '.join(project.sdist.paths)}` from the sdist: {project.files:,} files, "
        f"{project.lines:,} physical lines of Python.",
        "",
        "| tool | median s | min s | max s | guard cold / tool | guard warm / tool |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    warm = median(project.times[GUARD_WARM])
    for tool in tools:
        theirs = median(project.times[tool])
        lines.append(
            f"| {tool} | {spread(project.times[tool])} "
            f"| {cold / theirs:.2f}x | {warm / theirs:.2f}x |"
        )
    maxrss = max(project.guard_maxrss)
    lines += [
        "",
        f"guard cold: **{project.lines / cold:,.0f} lines/s**; peak RSS of the largest "
        f"process (`wait4` `ru_maxrss`, max over the guard process and its workers, "
        f"worst of {len(project.guard_maxrss)} runs): **{mib(maxrss)}**; whole process tree "
        f"(sampled, {project.tree_processes} processes at most): RSS sum {mib(project.tree_rss)}, "
        f"PSS sum {mib(project.tree_pss)}.",
        f"Cold and warm runs reported {'the same' if project.same_findings else 'DIFFERENT'} "
        "findings.",
        radon_agreement(project),
        "",
    ]
    return lines


def targets(django: Project | None) -> list[str]:
    if django is None:
        return ["(Django was not measured: no targets to judge.)"]
    cold = median(django.times[GUARD_COLD])
    warm = median(django.times[GUARD_WARM])
    rss = max(django.guard_maxrss)
    worst_cold, worst_warm = max(django.times[GUARD_COLD]), max(django.times[GUARD_WARM])

    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    return [
        f"- cold analysis of the whole of Django (`django/`, {django.lines:,} lines) under 60 s "
        f"on this {os.cpu_count()}-CPU machine: {cold:.2f} s median (worst {worst_cold:.2f} s), "
        f"{verdict(cold < 60)}",
        f"- second run with an unchanged tree under 2 s: {warm:.2f} s median (worst "
        f"{worst_warm:.2f} s), {verdict(warm < 2)}",
        f"- peak RSS for the whole of Django under 1 GiB: {mib(rss)} for the largest process; "
        f"{mib(django.tree_pss)} PSS ({mib(django.tree_rss)} RSS) summed over the whole tree, "
        f"{verdict(rss < GIB and django.tree_pss < GIB)}",
    ]


def section(
    projects: Sequence[Project], tools: Sequence[str], wemake_skip: str | None, revision: str
) -> str:
    wemake_python = WEMAKE_VENV / "bin" / "python"
    wemake = (
        f"wemake-python-styleguide {version_of('wemake-python-styleguide', wemake_python)} "
        f"(flake8 {version_of('flake8', wemake_python)})"
        if wemake_skip is None
        else "wemake-python-styleguide not measured"
    )
    repeat = len(projects[0].times[GUARD_COLD]) if projects else 0
    django = next((project for project in projects if project.name == "django"), None)
    lines = [
        "## guard analyze vs xenon and wemake",
        "",
        "Rerun from the repository root with any Python guard supports (the first run "
        "downloads the sdists and builds `bench/.work/analyze/venv`, with a copy of guard's "
        "working tree, and `bench/.work/analyze/wemake-venv`; about 15 minutes in all):",
        "",
        "```sh",
        RERUN,
        "```",
        "",
        f"- date: {datetime.date.today().isoformat()}",
        f"- guard: {revision}, copied from the working tree when the run started and "
        "installed (not editable) in `bench/.work/analyze/venv`",
        f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.platform()}, "
        f"Python {platform.python_version()}",
        f"- tools: xenon {version_of('xenon')}, radon {version_of('radon')}, {wemake}",
        f"- load average (1/5/15 min) when the run ended: "
        f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- rounds: {repeat} per project, tools interleaved (each round starting from the next "
        "tool), after one untimed warm-up run of each; wall time of the whole command "
        "(`time.perf_counter` around the process), output to a file",
        "- commands, run in the unpacked sdist (committed to a git repository of its own): "
        "`guard analyze --all --no-cache --format json --root . PKG` (cold); the same without "
        "`--no-cache`, its cache filled by the run before (warm: an unchanged tree's second "
        "run); `xenon --max-absolute B --max-modules B --max-average A PKG` (radon's cyclomatic "
        "complexity only: xenon ranks modules by average complexity, not by the "
        "maintainability index); `radon mi PKG` (the maintainability index guard also "
        "computes); `flake8 --isolated --select=WPS PKG` in a venv with wemake "
        "(`--isolated`: no project flake8 settings)",
        "- memory: `ru_maxrss` is the largest resident set of one process (guard's parent or "
        "one of its forked workers, whichever is larger), not a sum; the tree figures are the "
        "largest sum over guard and all its descendants, sampled every 50 ms from "
        "`/proc/<pid>/smaps_rollup` during the warm-up cold run (PSS counts pages the forked "
        "workers share with their parent once)",
    ]
    if wemake_skip is not None:
        lines.append(f"- wemake-python-styleguide skipped: {wemake_skip}")
    lines += ["", "### Targets", "", *targets(django), "", "### Summary", ""]
    lines += [
        "| project | lines | guard cold s | lines/s | guard warm s | xenon s | radon mi s "
        "| wemake s | guard cold / xenon | guard cold / wemake | peak RSS (largest process) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for project in projects:
        med = {tool: median(values) for tool, values in project.times.items()}
        cold = med[GUARD_COLD]
        wemake_s = f"{med[WEMAKE]:.2f}" if WEMAKE in med else "-"
        wemake_ratio = f"{cold / med[WEMAKE]:.2f}x" if WEMAKE in med else "-"
        lines.append(
            f"| {project.name} | {project.lines:,} | {cold:.2f} | {project.lines / cold:,.0f} "
            f"| {med[GUARD_WARM]:.2f} | {med[XENON]:.2f} | {med[RADON_MI]:.2f} | {wemake_s} "
            f"| {cold / med[XENON]:.2f}x | {wemake_ratio} | {mib(max(project.guard_maxrss))} |"
        )
    lines.append("")
    for project in projects:
        lines += project_table(project, tools)
    return "\n".join(lines) + "\n"


# --- what the calibration reads ----------------------------------------------------------


def calibration(projects: Sequence[Project]) -> str:
    """Findings by rule per project, and per 1,000 lines, from each project's warm run."""
    counts = {
        p.name: Counter(f[0] for f in findings_of(output_file(p, GUARD_WARM))) for p in projects
    }
    rules = sorted(set().union(*counts.values()))
    head = " | ".join(f"{p.name} ({p.lines:,} lines)" for p in projects)
    lines = [f"| rule | {head} |", "|---|" + "---:|" * len(projects)]
    for rule in [*rules, "all"]:
        cells = []
        for project in projects:
            count = (
                sum(counts[project.name].values()) if rule == "all" else counts[project.name][rule]
            )
            cells.append(f"{count:,} ({count * 1000 / project.lines:.1f}/kloc)")
        lines.append(f"| {rule} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def sample_findings(projects: Sequence[Project], prefixes: tuple[str, ...], size: int) -> list[str]:
    """A seeded random sample of the findings whose rule starts with `prefixes`, in context."""
    pool = []
    for project in projects:
        report = json.loads(output_file(project, GUARD_WARM).read_text(encoding="utf-8"))
        pool += [
            (project, finding)
            for finding in report["findings"]
            if finding["rule"].startswith(prefixes)
        ]
    pool.sort(key=lambda item: (item[0].name, item[1]["path"], item[1]["line"], item[1]["rule"]))
    chosen = random.Random(SEED).sample(pool, min(size, len(pool)))
    out = [f"{len(pool)} findings in the pool, {len(chosen)} sampled (seed {SEED})", ""]
    for number, (project, finding) in enumerate(chosen, 1):
        source = (project.root / finding["path"]).read_text(encoding="utf-8").splitlines()
        line = finding["line"]
        context = range(max(1, line - 3), min(len(source), line + 3) + 1)
        out += [
            f"#### {number}. {project.name} {finding['path']}:{line} {finding['rule']} "
            f"({finding['symbol']})",
            "",
            finding["message"],
            "",
            "```python",
            *(f"{n:5d}{'>' if n == line else ' '} {source[n - 1]}" for n in context),
            "```",
            "",
        ]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per project")
    parser.add_argument("--project", action="append", choices=PROJECTS, help="default: all")
    parser.add_argument("--sample", type=int, default=50, help="naming findings to sample")
    args = parser.parse_args(argv)
    names = args.project or list(PROJECTS)

    RADON_CWD.mkdir(parents=True, exist_ok=True)
    print("installing a snapshot of guard's working tree", flush=True)
    revision = install_snapshot()
    wemake_skip = ensure_wemake()
    tools = [tool for tool in TOOLS if tool != WEMAKE or wemake_skip is None]
    projects = []
    for name in names:
        print(f"preparing {name}", flush=True)
        projects.append(prepare(PROJECTS[name]))
    for project in projects:
        print(f"timing {project.name}", flush=True)
        time_project(project, tools, args.repeat)

    text = section(projects, tools, wemake_skip, revision)
    (WORK / "section.md").write_text(text, encoding="utf-8")
    (WORK / "calibration.md").write_text(calibration(projects), encoding="utf-8")
    samples = [
        "## naming.* findings",
        "",
        *sample_findings(projects, ("naming.",), args.sample),
        "## size.* and complexity.* findings",
        "",
        *sample_findings(projects, ("size.", "complexity."), max(1, args.sample * 3 // 10)),
    ]
    (WORK / "samples.md").write_text("\n".join(samples) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
