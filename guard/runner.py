"""Runs the project's pytest suite in a child process under branch coverage.

The child starts coverage before it imports anything of the project (or of
guard), so module-level code is measured. Test output goes to our stderr so
that stdout stays free for the report. The child writes its outcome record
only after coverage data is saved: a crash, `os._exit` or a kill leaves no
record, and the run becomes a tool error, never a pass.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TextIO

from guard.cache import user_cache_dir
from guard.config import GuardConfig
from guard.errors import ToolError, UsageError
from guard.model import TestOutcomes
from guard.outcome_file import read_outcomes

# Runs as `python -c` so that no guard or project file is imported before
# coverage starts. Branch coverage is forced here, whatever the project says.
_CHILD_CODE = """\
import json, sys
spec = json.load(open(sys.argv[1], encoding="utf-8"))
import coverage, pytest
cov = coverage.Coverage(
    data_file=spec["data_file"], data_suffix=True, branch=True,
    source=spec["source"], config_file=True,
)
cov.start()
from guard.outcomes import OutcomeRecorder
from guard.outcome_file import write_outcomes
from pathlib import Path
recorder = OutcomeRecorder()
try:
    status = int(pytest.main(spec["args"], plugins=[recorder]))
finally:
    cov.stop()
    cov.save()
write_outcomes(Path(spec["outcomes"]), recorder.outcomes(), status, recorder.collected)
"""

# Loads guard.assertion_counter in the child and every xdist worker, with pytest's
# assertion-pass hook on, so that each test's executed assertions are counted.
_COUNTER_ARGS = ["-p", "guard.assertion_counter", "-o", "enable_assertion_pass_hook=true"]

_TAIL_LINES = 40

# pytest's documented exit codes (pytest.ExitCode).
_PYTEST_INTERNAL_ERROR = 3
_PYTEST_USAGE_ERROR = 4
_PYTEST_NO_TESTS = 5


@dataclass(frozen=True)
class TestRun:
    """What one run of the suite produced."""

    __test__ = False

    outcomes: TestOutcomes
    exit_status: int
    data_dir: Path


def run_tests(config: GuardConfig, work_dir: Path, stream: TextIO) -> TestRun:
    """Run the suite under coverage, writing data into `work_dir`; test output goes to `stream`."""
    spec_path = work_dir / "spec.json"
    outcomes_path = work_dir / "outcomes.json"
    data_dir = work_dir / "data"
    data_dir.mkdir()
    spec = {
        "data_file": str(data_dir / ".coverage"),
        "source": list(config.source),
        "args": [*_COUNTER_ARGS, *config.pytest_args, *config.tests],
        "outcomes": str(outcomes_path),
    }
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    returncode, tail = _run_child(config, spec_path, stream)
    if not outcomes_path.exists():
        raise _no_record_error(returncode, tail)
    outcomes, status, collected = read_outcomes(outcomes_path)
    _check_status(status, collected, tail)
    return TestRun(outcomes, status, data_dir)


def _run_child(config: GuardConfig, spec_path: Path, stream: TextIO) -> tuple[int, list[str]]:
    command = [sys.executable, "-c", _CHILD_CODE, str(spec_path)]
    # pytest caches rewritten test modules without noting whether the assertion-pass hook
    # was on; guard's runs keep their bytecode apart, so a plain pytest run's cache never
    # makes the assertion counter see nothing.
    pycache = str(user_cache_dir() / "pycache")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPYCACHEPREFIX": pycache}
    env.pop("COVERAGE_PROCESS_START", None)  # the child starts coverage itself
    try:
        proc = subprocess.Popen(
            command,
            cwd=config.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as exc:
        raise ToolError(f"cannot start pytest: {exc}", kind="pytest") from exc
    assert proc.stdout is not None
    tail: collections.deque[str] = collections.deque(maxlen=_TAIL_LINES)
    pump = threading.Thread(target=_pump, args=(proc.stdout, stream, tail), daemon=True)
    pump.start()
    timeout = config.test_timeout or None
    try:
        returncode = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _end_session(proc, pump)
        raise ToolError(
            f"the test run exceeded test_timeout ({config.test_timeout:g} s) and was killed; "
            "find the hanging test or raise test_timeout",
            kind="timeout",
        ) from None
    # A process the tests left behind would hold the output pipe open forever.
    _end_session(proc, pump)
    return returncode, list(tail)


def _end_session(proc: subprocess.Popen[bytes], pump: threading.Thread) -> None:
    """Kill whatever is left of the run's process group, then drain its output."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    pump.join()


def _pump(source: IO[bytes], stream: TextIO, tail: collections.deque[str]) -> None:
    """Copy the child's output to `stream` line by line, keeping the last lines for errors."""
    for raw in iter(source.readline, b""):
        line = raw.decode("utf-8", errors="replace")
        stream.write(line)
        stream.flush()
        tail.append(line.rstrip("\n"))
    source.close()


def _last_words(tail: list[str]) -> str:
    meaningful = [line.strip() for line in tail if line.strip()]
    return meaningful[-1] if meaningful else "no output"


def _pytest_complaint(tail: list[str]) -> str:
    """pytest's own error line ("error: unrecognized arguments: ..."), else its last words."""
    for line in reversed(tail):
        if "error:" in line.lower():
            return line.strip()
    return _last_words(tail)


def _no_record_error(returncode: int, tail: list[str]) -> ToolError:
    how = f"was killed by signal {-returncode}" if returncode < 0 else f"exited with {returncode}"
    return ToolError(
        f"the test run {how} before it reported results, so coverage data is missing "
        f"or partial (last output: {_last_words(tail)})",
        kind="pytest",
    )


def _check_status(status: int, collected: int, tail: list[str]) -> None:
    if status == _PYTEST_USAGE_ERROR:
        raise UsageError(f"pytest rejected its arguments: {_pytest_complaint(tail)}", kind="pytest")
    if status == _PYTEST_INTERNAL_ERROR:
        raise ToolError(f"pytest hit an internal error: {_last_words(tail)}", kind="pytest")
    if status == _PYTEST_NO_TESTS or (collected == 0 and status == 0):
        raise ToolError(
            "no tests were collected; a run without tests is never a pass "
            "(check `tests` and `pytest_args` in [tool.guard])",
            kind="no-tests",
        )
