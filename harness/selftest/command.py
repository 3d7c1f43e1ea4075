"""`connect-cert selftest`: certify a sandbox with each fault mode, then clean ones; a row per fault, a
summary line, JSON."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.selftest.plan import FaultInfo, choose_faults, clean_jobs, fault_catalog, plan
from connect_cert.harness.selftest.report import SelfTestReport, clean_run, fault_row, flakes
from connect_cert.harness.selftest.runner import JobResult, RunSettings, run_jobs

Echo = Callable[[str], None]


@dataclass(frozen=True)
class SelfTestOptions:
    faults: str = "all"
    suites: tuple[str, ...] | None = None  # None: every suite that exists
    parallel: int = 2
    repeat: int = 1
    profile: str = "quick"
    out: Path = Path("reports/selftest")
    json_path: Path | None = None
    timeout_s: float = 900.0
    keep_going: bool = False
    min_kill_rate: float = 0.95
    pytest_args: tuple[str, ...] = ()


def list_faults(echo: Echo) -> int:
    faults = fault_catalog()
    for fault in faults:
        echo(f"{fault.name:55} {fault.description}")
    echo(f"{len(faults)} fault modes")
    return 0


def _progress(echo: Echo, total: int) -> Callable[[JobResult], None]:
    done = 0

    def report(result: JobResult) -> None:
        nonlocal done
        done += 1
        job = result.job
        if job.fault is not None:
            row = fault_row(job.fault, result)
            what = f"caught by {row.test} in {row.time_to_first_failure_s} s" if row.caught else row.status
        else:
            run = clean_run(result)
            what = f"{run.status} ({run.passed} passed, {run.failed} failed)"
        echo(f"[{done}/{total}] {job.label}: {what} ({result.elapsed:.0f} s)")

    return report


def run_selftest(options: SelfTestOptions, available: Sequence[str], echo: Echo) -> SelfTestReport:
    catalog = fault_catalog()
    chosen = choose_faults(options.faults, catalog)
    if options.suites is not None:
        unknown = sorted(set(options.suites) - set(available))
        if unknown:
            raise ConfigError(f"--suites: no tests for {', '.join(unknown)} (available: {', '.join(available)})")
    jobs, unseen = plan(chosen, available, options.suites, options.repeat)
    if not jobs:
        raise ConfigError("nothing to run: no chosen suite can see the chosen faults")
    settings = RunSettings(
        out=options.out,
        profile=options.profile,
        timeout_s=options.timeout_s,
        stop_at_first_failure=not options.keep_going,
        pytest_args=options.pytest_args,
    )
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    faults_run = sum(1 for job in jobs if job.fault is not None)
    echo(
        f"selftest: {faults_run} fault mode(s) and {len(jobs) - faults_run} clean run(s), {options.parallel} at a "
        f"time, profile {options.profile}; runs in {options.out}"
    )
    begin = time.monotonic()
    results = run_jobs(jobs, settings, options.parallel, _progress(echo, len(jobs)))
    by_fault = {r.job.fault.name: r for r in results if r.job.fault is not None}
    rows = [fault_row(fault, by_fault.get(fault.name)) for fault in chosen]
    # A fault caught further down its suites (web after api): that suite must pass on the clean sandbox too.
    judged = {row.test.split("/", 1)[0] for row in rows if row.caught and row.test}
    cleaned = {s for r in results if r.job.fault is None for s in r.job.suites}
    later = clean_jobs(sorted(judged - cleaned), options.repeat)
    if later:
        results += run_jobs(later, settings, options.parallel, _progress(echo, len(later)))
    wall = time.monotonic() - begin
    clean_results = [r for r in results if r.job.fault is None]
    report = SelfTestReport(
        profile=options.profile,
        repeat=options.repeat,
        rows=rows,
        clean=[clean_run(r) for r in clean_results],
        flaky=flakes(clean_results),
        wall_s=wall,
        min_kill_rate=options.min_kill_rate,
        started_at=started_at,
    )
    if unseen:
        report.notes.append(f"not run, no chosen suite sees them: {', '.join(f.name for f in unseen)}")
    if options.pytest_args:
        report.notes.append(f"pytest arguments: {' '.join(options.pytest_args)}")
    return report


def print_report(report: SelfTestReport, echo: Echo) -> None:
    echo("")
    if report.rows:
        for line in report.table():
            echo(line)
        echo("")
    for line in report.clean_lines():
        echo(line)
    for note in report.notes:
        echo(f"note: {note}")
    echo(report.summary())


def selftest(options: SelfTestOptions, available: Sequence[str], echo: Echo) -> int:
    report = run_selftest(options, available, echo)
    print_report(report, echo)
    if options.json_path is not None:
        report.write_json(options.json_path)
        echo(f"selftest: results in {options.json_path}")
    return report.exit_code()


__all__ = ["FaultInfo", "SelfTestOptions", "list_faults", "print_report", "run_selftest", "selftest"]
