"""Times guard's integrity and quality gates on real changes: what they add to a run.

Run it from the repository root with the venv that has guard installed, after
`bench/diff_bench.py` has built its release repositories (attrs and
more-itertools, each with its release-to-release change committed on `main`
over `base`):

    python bench/integrity_bench.py [--repeat N]

Changes timed:

- `attrs` and `more-itertools`: the release-to-release changes of the diff
  benchmark (many rewritten test modules: the heavy case);
- `attrs, one fix`: a typical agent change, made here on a clone of attrs at
  `base`: one function added to `src/attr/_funcs.py` and one test for it in
  `tests/test_funcs.py`.

Each round runs a fresh `python -c` (so no in-process memo survives) that loads
guard's config, asks git for the change, then times `run_integrity` and
`run_quality` with a stopwatch around each call alone: git and Python's start-up
are not in the figures. Cold rounds use no cache; warm rounds use the cache the
previous round filled (an agent's rerun). Rounds alternate cold and warm, after
one untimed warm-up. Results are printed and written to
`bench/.work/integrity/section.md`.
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
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MAIN = BENCH.parent
DIFF_WORK = (BENCH / ".work" / "diff").resolve()
WORK = (BENCH / ".work" / "integrity").resolve()

TIMER = """\
import json, sys, time
from dataclasses import replace
from pathlib import Path
from guard.base_bar import held_to_base
from guard.config import load_config
from guard.git_diff import changed_files
from guard.integrity_gate import run_integrity
from guard.quality_gate import run_quality

root, cache_dir, sources = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
overrides = {"base": "base", "source": sources, "cache_dir": cache_dir or None}
config = replace(load_config(root, {}, overrides), use_cache=bool(cache_dir))
changes = changed_files(root, config.base)
config = held_to_base(config, changes)
start = time.perf_counter()
outcome = run_integrity(config, changes)
middle = time.perf_counter()
run_quality(config, changes)
end = time.perf_counter()
print(json.dumps({"integrity": middle - start, "quality": end - middle,
                  "files": len(changes.files), "findings": len(outcome.findings)}))
"""

FIX_SOURCE = '''

def count_fields(inst):
    """How many attrs fields `inst` has."""
    return len(fields(inst.__class__))
'''
FIX_TEST = '''

def test_count_fields_counts_every_attribute():
    """count_fields sees each field of an attrs class."""
    from attr._funcs import count_fields

    @attr.s
    class Point:
        x = attr.ib()
        y = attr.ib()

    assert count_fields(Point(1, 2)) == 2
'''


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def one_fix() -> Path:
    """A clone of the attrs repository at `base`, with a one-function change on `main`."""
    root = WORK / "attrs-one-fix"
    shutil.rmtree(root, ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    git(WORK, "clone", "-q", str(DIFF_WORK / "attrs"), str(root))
    git(root, "branch", "-q", "base", "origin/base")
    git(root, "checkout", "-q", "-B", "main", "base")
    with (root / "src" / "attr" / "_funcs.py").open("a", encoding="utf-8") as source:
        source.write(FIX_SOURCE)
    with (root / "tests" / "test_funcs.py").open("a", encoding="utf-8") as tests:
        tests.write(FIX_TEST)
    git(root, "commit", "-q", "-am", "count_fields")
    return root


def measure(root: Path, sources: list[str], cache_dir: str) -> dict[str, float]:
    command = [sys.executable, "-c", TIMER, str(root), cache_dir, *sources]
    done = subprocess.run(command, cwd=root, check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def time_change(name: str, root: Path, sources: list[str], repeat: int) -> str:
    cache_dir = str(WORK / "cache" / name)
    shutil.rmtree(cache_dir, ignore_errors=True)
    measure(root, sources, cache_dir)  # warm-up, fills the cache
    cold: list[dict[str, float]] = []
    warm: list[dict[str, float]] = []
    for _ in range(repeat):
        cold.append(measure(root, sources, ""))
        warm.append(measure(root, sources, cache_dir))

    def median(rounds: list[dict[str, float]], key: str) -> str:
        return f"{statistics.median(r[key] for r in rounds):.2f}"

    files = int(cold[0]["files"])
    return (
        f"| {name} | {files} | {median(cold, 'integrity')} | {median(warm, 'integrity')} "
        f"| {median(cold, 'quality')} | {median(warm, 'quality')} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds per change")
    args = parser.parse_args()
    if not (DIFF_WORK / "attrs" / ".git").is_dir():
        print("run bench/diff_bench.py first: it builds the release repositories", file=sys.stderr)
        return 2
    changes = [
        ("attrs, one fix", one_fix(), ["src/attr", "src/attrs"]),
        ("attrs", DIFF_WORK / "attrs", ["src/attr", "src/attrs"]),
        ("more-itertools", DIFF_WORK / "more-itertools", ["more_itertools"]),
    ]
    rows = [time_change(name, root, sources, args.repeat) for name, root, sources in changes]
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        "## The cost of the integrity and quality gates",
        "",
        "Rerun (after `bench/diff_bench.py`, which builds the release repositories):",
        "",
        "```sh",
        f"python bench/integrity_bench.py --repeat {args.repeat}",
        "```",
        "",
        f"- date: {datetime.date.today().isoformat()}",
        f"- machine: {os.cpu_count()} CPUs, {platform.platform()}, "
        f"Python {platform.python_version()}",
        f"- load average when the run ended: {load}",
        "- each figure is the median of the rounds, in seconds, for the gate's call alone "
        "(git and start-up excluded); cold: no cache; warm: the cache of the previous round",
        "",
        "| change | changed files | integrity cold s | integrity warm s "
        "| quality cold s | quality warm s |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (WORK / "section.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
