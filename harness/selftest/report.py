"""The self-test's results: a row per fault, the clean runs, the flaky tests, one summary line, and JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from connect_cert.harness.selftest.plan import FaultInfo
from connect_cert.harness.selftest.runner import BROKEN_BY_ENVIRONMENT, JobResult

SCHEMA = "connect-cert-selftest/1"
FINDING_CHARS = 90
ABSENT = "absent"

# What became of a fault's run.
CAUGHT, MISSED, ENVIRONMENT, ERROR, TIMEOUT, NOT_RUN = "caught", "missed", "environment", "error", "timeout", "not run"


def _finding(message: Sequence[str]) -> str:
    """The failure in one line: its first line, and the next one when the first only counts findings."""
    lines = list(message[:2])
    if len(lines) == 2 and not lines[0].endswith("finding(s)"):
        lines = lines[:1]
    return " | ".join(lines)


@dataclass(frozen=True)
class FaultRow:
    fault: str
    family: str
    description: str
    suites: tuple[str, ...]
    status: str  # caught, missed, environment, error, timeout or not run
    requirements: tuple[str, ...] = ()
    test: str | None = None
    finding: str | None = None
    time_to_first_failure_s: float | None = None
    elapsed_s: float | None = None
    exit_code: int | None = None
    tests_run: int = 0
    out: str | None = None
    detail: str | None = None  # why a run ended without an answer (the end of its output)

    @property
    def caught(self) -> bool:
        return self.status == CAUGHT


def fault_row(fault: FaultInfo, result: JobResult | None) -> FaultRow:
    if result is None:
        return FaultRow(
            fault.name, fault.family, fault.description, (), NOT_RUN, detail="no chosen suite sees its family"
        )
    first = result.first_failure
    common: dict[str, Any] = {
        "fault": fault.name,
        "family": fault.family,
        "description": fault.description,
        "suites": result.job.suites,
        "elapsed_s": round(result.elapsed, 1),
        "exit_code": result.exit_code,
        "tests_run": len(result.tests),
        "out": str(result.out),
    }
    if first is not None:
        return FaultRow(
            **common,
            status=CAUGHT,
            requirements=first.requirements,
            test=first.nodeid,
            finding=_finding(first.message),
            time_to_first_failure_s=round(first.t - result.started, 1),
        )
    if result.empty:
        return FaultRow(**common, status=NOT_RUN, detail="no test selected")
    if result.timed_out:
        status = TIMEOUT
    elif result.exit_code == 3 or any(t.status == BROKEN_BY_ENVIRONMENT for t in result.tests):
        status = ENVIRONMENT
    elif result.exit_code in (0, 1) and result.tests:
        status = MISSED
    else:
        status = ERROR
    return FaultRow(**common, status=status, detail=result.tail or None)


@dataclass(frozen=True)
class CleanRun:
    suites: tuple[str, ...]
    run: int
    status: str  # green, red, empty (no test selected), environment, error or timeout
    passed: int
    failed: int
    skipped: int
    failing: tuple[str, ...]  # "nodeid: finding"
    elapsed_s: float
    exit_code: int | None
    out: str
    detail: str | None = None


def clean_run(result: JobResult) -> CleanRun:
    failing = tuple(f"{t.nodeid}: {_finding(t.message)}" for t in result.tests if t.caught)
    if result.timed_out:
        status = "timeout"
    elif result.empty:
        status = "empty"
    elif failing:
        status = "red"
    elif result.exit_code == 3 or result.count(BROKEN_BY_ENVIRONMENT):
        status = "environment"
    elif result.exit_code == 0 and result.count("passed"):
        status = "green"
    else:
        status = "error"
    return CleanRun(
        suites=result.job.suites,
        run=result.job.run,
        status=status,
        passed=result.count("passed"),
        failed=len(failing),
        skipped=result.count("skipped"),
        failing=failing,
        elapsed_s=round(result.elapsed, 1),
        exit_code=result.exit_code,
        out=str(result.out),
        detail="no test selected" if status == "empty" else (result.tail or None) if status != "green" else None,
    )


@dataclass(frozen=True)
class Flake:
    test: str
    outcomes: tuple[str, ...]  # one per clean run of its suite, in run order


def flakes(results: Sequence[JobResult]) -> list[Flake]:
    """Tests whose outcome changed between the clean runs of the same suites (a test missing from a run counts)."""
    by_suites: dict[tuple[str, ...], list[JobResult]] = defaultdict(list)
    for result in results:
        by_suites[result.job.suites].append(result)
    found: list[Flake] = []
    for runs in by_suites.values():
        if len(runs) < 2:
            continue
        runs = sorted(runs, key=lambda r: r.job.run)
        outcomes = [{t.nodeid: t.status for t in r.tests} for r in runs]
        for test in sorted(set().union(*outcomes)):
            seen = tuple(o.get(test, ABSENT) for o in outcomes)
            if len(set(seen)) > 1:
                found.append(Flake(test, seen))
    return found


@dataclass
class SelfTestReport:
    profile: str
    repeat: int
    rows: list[FaultRow]
    clean: list[CleanRun]
    flaky: list[Flake]
    wall_s: float
    min_kill_rate: float
    started_at: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def counted(self) -> list[FaultRow]:
        """The faults the kill rate counts: those a suite could run against (environment trouble excluded)."""
        return [r for r in self.rows if r.status in (CAUGHT, MISSED, TIMEOUT, ERROR)]

    @property
    def caught(self) -> int:
        return sum(1 for r in self.rows if r.caught)

    @property
    def kill_rate(self) -> float | None:
        return self.caught / len(self.counted) if self.counted else None

    @property
    def false_positives(self) -> int:
        return len({line.split(": ", 1)[0] for run in self.clean for line in run.failing})

    @property
    def environment_trouble(self) -> bool:
        return any(r.status == ENVIRONMENT for r in self.rows) or any(c.status == "environment" for c in self.clean)

    def exit_code(self) -> int:
        """0: every bar met; 1: a fault missed beyond the bar, a false positive, a flaky test, a run that erred, or
        nothing proven (no fault counted, no clean run green); 3: the environment kept runs from happening (and
        nothing else went wrong)."""
        rate = self.kill_rate
        bad = (
            (rate is not None and rate < self.min_kill_rate)
            or self.false_positives > 0
            or bool(self.flaky)
            or any(c.status in ("error", "timeout") for c in self.clean)
        )
        if bad:
            return 1
        if self.environment_trouble:
            return 3
        proven = bool(self.counted) or any(c.status == "green" for c in self.clean)
        return 0 if proven else 1

    def summary(self) -> str:
        rate = self.kill_rate
        kills = f"{self.caught}/{len(self.counted)} ({rate:.1%})" if rate is not None else "n/a (no fault run)"
        minutes, seconds = divmod(round(self.wall_s), 60)
        extra = ""
        skipped = [r for r in self.rows if r.status in (ENVIRONMENT, NOT_RUN)]
        if skipped:
            extra = f", {len(skipped)} fault(s) not counted (environment or no suite)"
        clean_runs = len(self.clean)
        return (
            f"selftest: kill rate {kills}, false positives {self.false_positives} in {clean_runs} clean run(s), "
            f"flaky {len(self.flaky)} (repeat {self.repeat}){extra}, wall time {minutes}m{seconds:02d}s"
        )

    def table(self) -> list[str]:
        """The rows as a Markdown table (it reads as plain text too)."""
        lines = [
            "| fault | suites | caught | requirement | finding (first failing test) | first failure |",
            "|---|---|---|---|---|---|",
        ]
        for row in self.rows:
            caught = "yes" if row.caught else f"no ({row.status})" if row.status != MISSED else "no"
            finding = (row.finding or row.detail or "").replace("|", "/").replace("\n", " ")
            if len(finding) > FINDING_CHARS:
                finding = finding[: FINDING_CHARS - 1] + "…"
            ttf = f"{row.time_to_first_failure_s:.1f} s" if row.time_to_first_failure_s is not None else "-"
            requirement = ", ".join(row.requirements) or "-"
            lines.append(
                f"| {row.fault} | {','.join(row.suites) or '-'} | {caught} | {requirement} | {finding} | {ttf} |"
            )
        return lines

    def clean_lines(self) -> list[str]:
        lines = []
        for run in self.clean:
            line = (
                f"clean {','.join(run.suites)} #{run.run}: {run.status} ({run.passed} passed, {run.failed} failed, "
                f"{run.skipped} skipped, {run.elapsed_s:.0f} s)"
            )
            lines.append(line)
            lines += [f"  false positive: {failing}" for failing in run.failing]
            if run.detail and run.status != "red":
                lines += [f"  {detail}" for detail in run.detail.splitlines()]
        for flake in self.flaky:
            lines.append(f"flaky: {flake.test}: {' -> '.join(flake.outcomes)}")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "started_at": self.started_at,
            "profile": self.profile,
            "repeat": self.repeat,
            "faults": [asdict(r) for r in self.rows],
            "clean": [asdict(c) for c in self.clean],
            "flaky": [asdict(f) for f in self.flaky],
            "summary": {
                "kill_rate": self.kill_rate,
                "caught": self.caught,
                "counted": len(self.counted),
                "faults": len(self.rows),
                "false_positives": self.false_positives,
                "flaky": len(self.flaky),
                "wall_seconds": round(self.wall_s, 1),
                "min_kill_rate": self.min_kill_rate,
                "exit_code": self.exit_code(),
                "line": self.summary(),
            },
            "notes": self.notes,
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
