"""The verdict: per requirement × platform, from the Allure results the run left behind.

The chain is requirement -> test -> evidence. A test names its requirement with
`@pytest.mark.requirement("PAY-02")`; the reports plugin turns that into the Allure labels `requirement`
and `platform`, which is all this module reads (`*-result.json`, plus `*-container.json` for evidence
attached by fixtures). So the verdict is computed from what ran, never from a list of what should have.

A cell (requirement, platform) is, in this order:
- failed          a test proving it failed (an assertion: the product is wrong)
- broken          a test proving it broke (an unexpected exception)
- passed          at least one test proving it passed, none failed or broke
- not_applicable  out of scope (platform not certified in this run, requirement excluded by the partner
                  config), or every test was skipped with `not_applicable(reason)` (the target declares
                  the requirement does not apply, e.g. no registered wallet domain)
- skipped         every test proving it was skipped for another reason (no browser, no device)
- untested        no test carries this requirement on this platform
Only `passed` and `not_applicable` let the certification pass: a requirement with no passing test on a
platform that needs it can never read as passed. Any failed or broken test fails the run, even one
that proves no requirement.

Environment versus integration: a test broken by `EnvironmentBroken` (label `cause=environment`: an
unreachable target, browser endpoint, Appium server or device) proves nothing about the integration. A
platform in scope whose tests all broke that way (or were skipped) is *blocked*: nothing of it could run,
and one reason names it instead of its cells. The exit code (`Verdict.exit_code`) is 0 when the verdict
passes, 3 when every reason it fails is the environment's (a blocked platform, cells broken only by the
environment) — the mixed case included: the API passed, the web could not run — and 1 otherwise.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from connect_cert.harness.exitcodes import ExitCode
from connect_cert.harness.reports.allure import (
    APPLICABILITY_LABEL,
    CAUSE_LABEL,
    ENVIRONMENT_CAUSE,
    NODEID_LABEL,
    NOT_APPLICABLE,
    NOT_APPLICABLE_PREFIX,
    PLATFORM_LABEL,
    REQUIREMENT_LABEL,
)
from connect_cert.harness.reports.catalog import PLATFORMS, Catalog, Requirement

SUITE_PLATFORMS: Mapping[str, tuple[str, ...]] = {
    "api": ("api",),
    "web": ("web",),
    "lint": ("lint",),
    "mobile": ("ios", "android"),
}


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    BROKEN = "broken"
    SKIPPED = "skipped"
    UNTESTED = "untested"
    NOT_APPLICABLE = "not_applicable"


OK_STATUSES = frozenset({Status.PASSED, Status.NOT_APPLICABLE})
_CLASS_PREFIX = re.compile(r"^(?:\w+\.)+(?=\w+: )")  # `connect_cert.harness.exitcodes.EnvironmentBroken: …`
# Worst first: how a requirement's status is folded from its cells.
_SEVERITY_ORDER = (Status.FAILED, Status.BROKEN, Status.UNTESTED, Status.SKIPPED, Status.PASSED, Status.NOT_APPLICABLE)


@dataclass(frozen=True)
class Attachment:
    name: str
    source: str  # file name inside allure-results
    type: str


@dataclass(frozen=True)
class TestOutcome:
    """One test result as Allure recorded it (the latest try when a test was retried)."""

    __test__ = False

    uuid: str
    name: str
    full_name: str
    status: str  # passed, failed, broken, skipped
    nodeid: str | None = None
    message: str | None = None
    trace: str | None = None
    requirements: tuple[str, ...] = ()
    platform: str | None = None
    history_id: str | None = None
    start: int | None = None
    stop: int | None = None
    attachments: tuple[Attachment, ...] = ()
    parameters: Mapping[str, str] = field(default_factory=dict)
    labels: tuple[tuple[str, str], ...] = ()
    result_file: str = ""

    @property
    def not_applicable(self) -> bool:
        if self.status != "skipped":
            return False
        if (APPLICABILITY_LABEL, NOT_APPLICABLE) in self.labels:
            return True
        message = (self.message or "").removeprefix("Skipped: ")
        return message.startswith(NOT_APPLICABLE_PREFIX)

    @property
    def environment(self) -> bool:
        """Broken by the environment (`EnvironmentBroken`), so it says nothing about the integration."""
        return self.status == "broken" and (CAUSE_LABEL, ENVIRONMENT_CAUSE) in self.labels

    @property
    def cause(self) -> str:
        """The first line of the message, without the exception's dotted class name."""
        first = (self.message or "").strip().splitlines()[0] if (self.message or "").strip() else "no message"
        return _CLASS_PREFIX.sub("", first, count=1)

    @property
    def duration_ms(self) -> int | None:
        return self.stop - self.start if self.start is not None and self.stop is not None else None

    def label(self, name: str) -> str | None:
        return next((v for k, v in self.labels if k == name), None)

    @property
    def display(self) -> str:
        return self.nodeid or self.full_name or self.name


@dataclass(frozen=True)
class Counts:
    total: int = 0
    passed: int = 0
    failed: int = 0
    broken: int = 0
    skipped: int = 0

    @classmethod
    def of(cls, outcomes: Iterable[TestOutcome]) -> Counts:
        c = Counter(_normal_status(o.status) for o in outcomes)
        return cls(sum(c.values()), c["passed"], c["failed"], c["broken"], c["skipped"])

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "passed": self.passed,
            "failed": self.failed,
            "broken": self.broken,
            "skipped": self.skipped,
        }


@dataclass(frozen=True)
class Scope:
    """What this run certifies: which platforms, and which requirements the partner config excludes."""

    platforms: frozenset[str]
    excluded: Mapping[str, str] = field(default_factory=dict)  # requirement id -> reason
    excluded_on: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # requirement id -> platform -> reason

    def applies(self, requirement: Requirement, platform: str) -> tuple[bool, str | None]:
        if platform not in requirement.platforms:
            return False, f"the catalog does not list {platform} for {requirement.id}"
        if requirement.id in self.excluded:
            return False, f"excluded by the partner config: {self.excluded[requirement.id]}"
        if platform in self.excluded_on.get(requirement.id, {}):
            return False, f"excluded on {platform} by the partner config: {self.excluded_on[requirement.id][platform]}"
        if platform not in self.platforms:
            return False, f"{platform} is not certified in this run"
        return True, None


@dataclass
class Cell:
    requirement: str
    platform: str
    status: Status
    applies: bool
    reason: str | None = None
    tests: list[TestOutcome] = field(default_factory=list)


@dataclass
class RequirementResult:
    requirement: Requirement
    status: Status
    cells: dict[str, Cell]


@dataclass
class Verdict:
    passed: bool
    reasons: list[str]
    requirements: list[RequirementResult]
    platforms: tuple[str, ...]
    counts: Counts
    outcomes: list[TestOutcome]
    unmapped: list[TestOutcome]  # tests that name no requirement
    unknown: dict[str, list[TestOutcome]]  # requirement ids not in the catalog -> tests naming them
    environment_reasons: list[str] = field(default_factory=list)  # the reasons that are the environment's
    blocked: dict[str, str] = field(default_factory=dict)  # platform nothing of which could run -> the cause

    def fail(self, reason: str) -> None:
        """Add a reason found outside the results (a leak, reports that disagree)."""
        self.reasons.append(reason)
        self.passed = False

    @property
    def environment_broken(self) -> list[TestOutcome]:
        return [o for o in self.outcomes if o.environment]

    @property
    def exit_code(self) -> ExitCode:
        """0 pass; 3 when every reason it fails is the environment's; 1 otherwise (the integration, or unproven)."""
        if self.passed:
            return ExitCode.PASSED
        if self.environment_broken and len(self.environment_reasons) == len(self.reasons):
            return ExitCode.UNREACHABLE
        return ExitCode.FAILED


# --- reading allure-results ----------------------------------------------------------------------


def _normal_status(status: str | None) -> str:
    return status if status in ("passed", "failed", "broken", "skipped") else "broken"


def _attachments(node: Mapping[str, Any]) -> list[Attachment]:
    found = [
        Attachment(str(a.get("name", a.get("source", ""))), str(a["source"]), str(a.get("type", "")))
        for a in node.get("attachments", ()) or ()
        if isinstance(a, dict) and a.get("source")
    ]
    for child in node.get("steps", ()) or ():
        if isinstance(child, dict):
            found += _attachments(child)
    return found


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def load_results(results_dir: Path) -> list[TestOutcome]:
    """Every test result in allure-results; a retried test counts once (its latest try)."""
    if not results_dir.is_dir():
        return []
    extra: dict[str, list[Attachment]] = {}
    for path in sorted(results_dir.glob("*-container.json")):
        container = _read_json(path)
        if not container:
            continue
        fixture_attachments = [
            a for part in ("befores", "afters") for f in container.get(part, ()) or () for a in _attachments(f)
        ]
        for child in container.get("children", ()) or ():
            extra.setdefault(str(child), []).extend(fixture_attachments)
    latest: dict[str, TestOutcome] = {}
    for path in sorted(results_dir.glob("*-result.json")):
        data = _read_json(path)
        if not data:
            continue
        labels = tuple(
            (str(lab.get("name")), str(lab.get("value")))
            for lab in data.get("labels", ()) or ()
            if isinstance(lab, dict) and lab.get("name")
        )
        details = data.get("statusDetails") or {}
        outcome = TestOutcome(
            uuid=str(data.get("uuid", path.stem)),
            name=str(data.get("name", "")),
            full_name=str(data.get("fullName", data.get("name", ""))),
            status=_normal_status(data.get("status")),
            nodeid=next((v for k, v in labels if k == NODEID_LABEL), None),
            message=details.get("message"),
            trace=details.get("trace"),
            requirements=tuple(dict.fromkeys(v for k, v in labels if k == REQUIREMENT_LABEL)),
            platform=next((v for k, v in labels if k == PLATFORM_LABEL), None),
            history_id=data.get("historyId"),
            start=data.get("start"),
            stop=data.get("stop"),
            attachments=tuple(_attachments(data) + extra.get(str(data.get("uuid")), [])),
            parameters={
                str(p.get("name")): str(p.get("value")) for p in data.get("parameters", ()) or () if isinstance(p, dict)
            },
            labels=labels,
            result_file=path.name,
        )
        key = outcome.history_id or outcome.uuid
        previous = latest.get(key)
        if previous is None or (outcome.stop or 0) >= (previous.stop or 0):
            latest[key] = outcome
    return sorted(latest.values(), key=lambda o: (o.start or 0, o.display))


# --- scope ---------------------------------------------------------------------------------------


def platforms_in_scope(
    outcomes: Sequence[TestOutcome],
    *,
    suites: Sequence[str] | None = None,
    declared: Iterable[str] | None = None,
) -> frozenset[str]:
    """The platforms this run certifies.

    - `declared` (the partner config's platforms): exactly those, restricted to the suites that ran when
      `suites` is given (a partial run certifies only what it ran; the document lists which).
    - otherwise the platforms of the chosen suites; mobile counts a platform only when one of its tests
      actually ran (not skipped), since without a device no app was under test.
    - with neither: every platform that has a result (mobile again only when a test ran).
    """
    ran = {o.platform for o in outcomes if o.platform and o.status != "skipped"}
    seen = {o.platform for o in outcomes if o.platform}
    if suites is not None:
        from_suites: set[str] = set()
        for suite in suites:
            for platform in SUITE_PLATFORMS.get(suite, ()):
                if suite != "mobile" or platform in ran or declared is not None:
                    from_suites.add(platform)
    if declared is not None:
        chosen = set(declared)
        return frozenset(chosen & from_suites if suites is not None else chosen)
    if suites is not None:
        return frozenset(from_suites)
    return frozenset(p for p in seen if p in PLATFORMS and (p not in ("ios", "android") or p in ran))


# --- the verdict ---------------------------------------------------------------------------------


def _cell_status(tests: Sequence[TestOutcome]) -> Status:
    statuses = {t.status for t in tests}
    if not tests:
        return Status.UNTESTED
    if "failed" in statuses:
        return Status.FAILED
    if "broken" in statuses:
        return Status.BROKEN
    if "passed" in statuses:
        return Status.PASSED
    if all(t.not_applicable for t in tests):
        return Status.NOT_APPLICABLE
    return Status.SKIPPED


def _fold(statuses: Iterable[Status]) -> Status:
    present = set(statuses)
    return next((s for s in _SEVERITY_ORDER if s in present), Status.NOT_APPLICABLE)


def _why(cell: Cell) -> str:
    n = len(cell.tests)
    by = Counter(t.status for t in cell.tests)
    where = f"{cell.requirement} on {cell.platform}"
    if cell.status is Status.UNTESTED:
        return f"{where}: untested (no test carries this requirement on {cell.platform})"
    if cell.status is Status.SKIPPED:
        first = next((t.message for t in cell.tests if t.message), "no reason given")
        return f"{where}: skipped (all {n} tests skipped; first reason: {first.removeprefix('Skipped: ')})"
    if _environment_only(cell):
        cause = next(t.cause for t in cell.tests if t.environment)
        return f"{where}: broken by the environment ({by['broken']} of {n} tests: {cause})"
    return f"{where}: {cell.status.value} ({by[cell.status.value]} of {n} tests {cell.status.value})"


def _environment_only(cell: Cell) -> bool:
    """Broken, and every test of it that did not pass broke on the environment."""
    not_passed = [t for t in cell.tests if t.status in ("failed", "broken")]
    return cell.status is Status.BROKEN and all(t.environment for t in not_passed)


def blocked_platforms(outcomes: Sequence[TestOutcome], platforms: Iterable[str]) -> dict[str, str]:
    """Platforms nothing of which could run: every test broke on the environment or was skipped, one broke."""
    blocked: dict[str, str] = {}
    for platform in platforms:
        tests = [o for o in outcomes if o.platform == platform]
        broken = [o for o in tests if o.environment]
        if broken and all(o.environment or o.status == "skipped" for o in tests):
            blocked[platform] = (
                f"{platform}: nothing could run ({len(broken)} tests broken by the environment: {broken[0].cause})"
            )
    return blocked


def compute_verdict(catalog: Catalog, outcomes: Sequence[TestOutcome], scope: Scope) -> Verdict:
    """Requirement × platform statuses and the overall verdict; `reasons` says why it failed."""
    by_cell: dict[tuple[str, str], list[TestOutcome]] = {}
    unknown: dict[str, list[TestOutcome]] = {}
    unmapped: list[TestOutcome] = []
    for outcome in outcomes:
        if not outcome.requirements:
            unmapped.append(outcome)
        for rid in outcome.requirements:
            if rid not in catalog:
                unknown.setdefault(rid, []).append(outcome)
                continue
            by_cell.setdefault((rid, outcome.platform or "unknown"), []).append(outcome)

    reasons: list[str] = []
    environmental: list[str] = []
    blocked = blocked_platforms(outcomes, sorted(scope.platforms))
    reasons += blocked.values()
    environmental += blocked.values()
    results: list[RequirementResult] = []
    counted: set[int] = set()  # tests whose failure already shows in an applicable cell
    for requirement in catalog:
        cells: dict[str, Cell] = {}
        platforms = list(requirement.platforms) + sorted(
            {p for (rid, p) in by_cell if rid == requirement.id and p not in requirement.platforms}
        )
        for platform in platforms:
            tests = by_cell.get((requirement.id, platform), [])
            applies, reason = scope.applies(requirement, platform)
            status = _cell_status(tests) if applies else Status.NOT_APPLICABLE
            if applies and status is Status.NOT_APPLICABLE:
                reason = next((t.message or "" for t in tests), "").removeprefix("Skipped: ") or "not applicable"
            cell = Cell(requirement.id, platform, status, applies, reason, tests)
            if not applies and tests:
                # Out of scope, yet tests ran: show what they did, never let it count as proof.
                cell.status = (
                    _cell_status(tests)
                    if _cell_status(tests) in (Status.FAILED, Status.BROKEN)
                    else Status.NOT_APPLICABLE
                )
            cells[platform] = cell
            if applies:
                counted.update(id(t) for t in tests)
            if applies and status not in OK_STATUSES and platform not in blocked:  # a blocked one: said once
                reasons.append(_why(cell))
                if _environment_only(cell):
                    environmental.append(reasons[-1])
        applicable = [c.status for c in cells.values() if c.applies]
        results.append(
            RequirementResult(requirement, _fold(applicable) if applicable else Status.NOT_APPLICABLE, cells)
        )

    for rid, tests in sorted(unknown.items()):
        names = ", ".join(t.display for t in tests[:3]) + (" …" if len(tests) > 3 else "")
        reasons.append(f"unknown requirement {rid!r} named by {names} (not in the catalog)")
    for outcome in outcomes:
        if outcome.status in ("failed", "broken") and id(outcome) not in counted and outcome.platform not in blocked:
            cause = "broken by the environment" if outcome.environment else outcome.status
            reasons.append(f"{outcome.display}: {cause} (proves no catalogued requirement in scope)")
            if outcome.environment:
                environmental.append(reasons[-1])
    counts = Counts.of(outcomes)
    if counts.total == 0:
        reasons.append("no test result: nothing ran, so nothing is certified")
    elif not any(c.status is Status.PASSED for r in results for c in r.cells.values() if c.applies):
        reasons.append("no requirement passed on any platform in scope")
        if blocked:
            environmental.append(reasons[-1])
    return Verdict(
        passed=not reasons,
        reasons=reasons,
        requirements=results,
        platforms=tuple(p for p in PLATFORMS if p in scope.platforms),
        counts=counts,
        outcomes=list(outcomes),
        unmapped=unmapped,
        unknown=unknown,
        environment_reasons=environmental,
        blocked=blocked,
    )
