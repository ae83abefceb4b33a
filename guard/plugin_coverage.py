"""Coverage for a `pytest --guard` run: started early, shared with pytest-xdist workers.

Every process of the run (the controller and each xdist worker) measures with
branch coverage forced on, exactly as `guard check`'s child does, and saves a
suffixed data file into one scratch directory, which the controller combines.
The controller hands that directory to its workers through an environment
variable that names the controller's pid: a process takes the worker's part
only when xdist started it and its parent is that controller, so a pytest run
that a test starts inside a worker is never mistaken for one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import coverage
import pytest

from guard.coverage_data import working_directory

HANDOFF = "_GUARD_PYTEST_RUN"
"""The environment variable through which a controller tells its workers where data goes."""

# guard reports unmeasured files itself; the xdist controller imports no test
# module, so these warnings would only be noise (or errors, under `-W error`).
_QUIET = ("no-data-collected", "module-not-imported")


@dataclass(frozen=True)
class MeasurePlan:
    """What a run measures and where its data goes; the controller's pid marks its workers."""

    controller: int
    root: str
    data_dir: str
    source: tuple[str, ...]

    def encoded(self) -> str:
        """The plan as the value of the `HANDOFF` variable."""
        return json.dumps([self.controller, self.root, self.data_dir, list(self.source)])


def worker_plan(environ: Mapping[str, str], parent_pid: int) -> MeasurePlan | None:
    """The plan of the controller whose xdist worker this process is, or None."""
    encoded = environ.get(HANDOFF)
    if "PYTEST_XDIST_WORKER" not in environ or encoded is None:
        return None
    controller, root, data_dir, source = json.loads(encoded)
    if controller != parent_pid:
        return None
    return MeasurePlan(controller, root, data_dir, tuple(source))


class Measuring:
    """One process's coverage measurement under a plan."""

    def __init__(self, plan: MeasurePlan) -> None:
        # coverage reads its config file and resolves `source` from the cwd.
        self._root = Path(plan.root)
        with working_directory(self._root):
            self._cov = coverage.Coverage(
                data_file=str(Path(plan.data_dir) / ".coverage"),
                data_suffix=True,
                branch=True,
                source=list(plan.source),
                config_file=True,
            )
        quiet = [*self._cov.get_option("run:disable_warnings"), *_QUIET]  # type: ignore[misc]
        self._cov.set_option("run:disable_warnings", quiet)

    def start(self, early_config: pytest.Config) -> None:
        """Start measuring; pytest stops it at the latest when the run is torn down."""
        early_config.add_cleanup(self._cov.stop)
        with working_directory(self._root):
            self._cov.start()

    def stop(self) -> None:
        """Stop measuring and save this process's data file."""
        self._cov.stop()
        self._cov.save()


class MeasuredRun:
    """The part of `--guard` every process plays: measure, then save at the end of the session."""

    def __init__(self, measuring: Measuring) -> None:
        self._measuring = measuring

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Save after every other hook (session fixtures, conftests) has run.

        xdist tells the controller that a worker finished only after this hook,
        so a worker's data is on disk before the controller combines it.
        """
        self._measuring.stop()
        self.finish(session)

    def finish(self, session: pytest.Session) -> None:
        """What this process does once its data is saved."""


class WorkerRun(MeasuredRun):
    """An xdist worker: it measures and saves; its controller combines and judges."""

    def start(self, early_config: pytest.Config) -> None:
        """Start measuring; tests that start pytest runs of their own must not inherit the plan."""
        os.environ.pop(HANDOFF, None)
        self._measuring.start(early_config)
