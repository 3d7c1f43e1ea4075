"""Run the self-test's jobs: each a `connect-cert certify` child process with its own embedded sandbox, N at
a time; read what each test did from the probe's record."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connect_cert.harness.sandbox_runner import FAULTS_ENV
from connect_cert.harness.selftest.plan import Job
from connect_cert.harness.selftest.probe import CHEAP_FIRST, ORDER_ENV, RECORD_ENV

RECORD_FILE = "selftest-record.jsonl"
LOG_FILE = "output.log"
STOP_GRACE_S = 10.0
# Outcomes of a test, the worst of its phases first.
BROKEN_BY_ENVIRONMENT, FAILED, BROKEN, PASSED, SKIPPED = "environment", "failed", "broken", "passed", "skipped"


@dataclass(frozen=True)
class TestOutcome:
    """How one test ended in a run: the worst of its phases, with when and why."""

    nodeid: str
    status: str  # failed, broken, environment, passed or skipped
    requirements: tuple[str, ...]
    message: tuple[str, ...]
    t: float

    @property
    def caught(self) -> bool:
        """A failure the integration is blamed for (failed, or broken by something other than the environment)."""
        return self.status in (FAILED, BROKEN)


@dataclass
class JobResult:
    job: Job
    out: Path
    exit_code: int | None  # None: stopped at the time bound
    started: float
    elapsed: float
    tests: list[TestOutcome] = field(default_factory=list)
    tail: str = ""  # the end of the run's output, when it ended without a test outcome
    selected: int | None = None  # tests the run selected; 0: the selection (-k, suites) left none

    @property
    def empty(self) -> bool:
        return self.selected == 0

    @property
    def timed_out(self) -> bool:
        return self.exit_code is None

    @property
    def first_failure(self) -> TestOutcome | None:
        failures = [t for t in self.tests if t.caught]
        return min(failures, key=lambda t: t.t) if failures else None

    def count(self, status: str) -> int:
        return sum(1 for t in self.tests if t.status == status)


@dataclass(frozen=True)
class RunSettings:
    out: Path
    profile: str
    timeout_s: float
    stop_at_first_failure: bool
    pytest_args: tuple[str, ...] = ()
    python: str = sys.executable


def _status(phase: dict[str, Any]) -> str:
    if phase["outcome"] == "failed":
        if phase.get("environment"):
            return BROKEN_BY_ENVIRONMENT
        return FAILED if phase["when"] == "call" else BROKEN
    return str(phase["outcome"])


_RANK = {FAILED: 0, BROKEN: 1, BROKEN_BY_ENVIRONMENT: 2, PASSED: 3, SKIPPED: 4}


def _lines(path: Path) -> list[dict[str, Any]]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue  # a line cut short by a killed run
    return lines


def read_selected(path: Path) -> int | None:
    """How many tests the run selected (None: it never got that far)."""
    counts = [int(line["selected"]) for line in _lines(path) if "selected" in line]
    return sum(counts) if counts else None


def read_record(path: Path) -> list[TestOutcome]:
    """The probe's lines folded per test (its worst phase), in the order the tests ended."""
    tests: dict[str, TestOutcome] = {}
    for phase in _lines(path):
        if "nodeid" not in phase:
            continue
        outcome = TestOutcome(
            phase["nodeid"],
            _status(phase),
            tuple(phase.get("requirements") or ()),
            tuple(phase.get("message") or ()),
            float(phase["t"]),
        )
        known = tests.get(outcome.nodeid)
        if known is None or _RANK[outcome.status] < _RANK[known.status]:
            tests[outcome.nodeid] = outcome
    return list(tests.values())


def command(job: Job, settings: RunSettings, out: Path) -> list[str]:
    argv = [
        settings.python,
        "-m",
        "connect_cert.harness.cli",
        "certify",
        "--suites",
        ",".join(job.suites),
        "--profile",
        settings.profile,
        "--out",
        str(out),
        "--",
        "-p",
        "connect_cert.harness.selftest.probe",
        "--certification-reports",
        "off",
        "--web-artifacts",
        "off",
        "-q",
    ]
    if job.fault is not None and settings.stop_at_first_failure:
        argv.append("-x")
    return argv + list(settings.pytest_args)


def child_env(job: Job, record: Path, settings: RunSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (FAULTS_ENV, RECORD_ENV, ORDER_ENV)}
    env[RECORD_ENV] = str(record)
    if job.fault is not None:
        env[FAULTS_ENV] = job.fault.name
        if settings.stop_at_first_failure:
            env[ORDER_ENV] = CHEAP_FIRST
    return env


class _Running:
    """The child processes running now, so that an interrupted self-test ends them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._processes: set[subprocess.Popen[bytes]] = set()
        self.stopping = False

    def add(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._processes.add(process)
            late = self.stopping
        if late:  # started while the self-test was being stopped
            _stop(process)

    def discard(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._processes.discard(process)

    def stop_all(self) -> None:
        with self._lock:
            self.stopping = True
            processes = list(self._processes)
        for process in processes:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the run and everything it started (its own process group: the sandbox, browsers)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_GRACE_S)
    except ProcessLookupError:
        pass


def run_job(job: Job, settings: RunSettings, running: _Running | None = None) -> JobResult:
    out = settings.out / job.slug
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    record = out / RECORD_FILE
    started = time.time()
    with open(out / LOG_FILE, "wb") as log:
        process = subprocess.Popen(
            command(job, settings, out),
            env=child_env(job, record, settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a process group of its own: stopped whole, browsers included
        )
        if running is not None:
            running.add(process)
        try:
            exit_code: int | None = process.wait(settings.timeout_s)
        except subprocess.TimeoutExpired:
            _stop(process)
            exit_code = None
        finally:
            if running is not None:
                running.discard(process)
    result = JobResult(job, out, exit_code, started, time.time() - started, read_record(record))
    result.selected = read_selected(record)
    if not result.tests or exit_code not in (0, 1):
        lines = (out / LOG_FILE).read_text(encoding="utf-8", errors="replace").strip().splitlines()
        result.tail = "\n".join(lines[-5:])
    return result


def run_jobs(
    jobs: Sequence[Job], settings: RunSettings, parallel: int, on_done: Callable[[JobResult], None] | None = None
) -> list[JobResult]:
    """Every job, `parallel` at a time; `on_done` hears of each as it ends (in this thread)."""
    results: list[JobResult] = []
    running = _Running()
    pool = ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="selftest")
    futures = [pool.submit(run_job, job, settings, running) for job in jobs]
    try:
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            if on_done is not None:
                on_done(result)
    except BaseException:  # Ctrl+C (or a bug): no run may outlive the self-test
        for future in futures:
            future.cancel()
        running.stop_all()
        raise
    finally:
        pool.shutdown(wait=True)
    order = {id(job): i for i, job in enumerate(jobs)}
    return sorted(results, key=lambda r: order[id(r.job)])
