"""Run our contract against a target with Schemathesis' engine, the one `schemathesis run` drives.

The settings come from `schemathesis.toml` beside this module (shared with the throughput benchmark),
the depth from the profile, the base URL and token from the Target. Every built-in check runs (`-c all`),
with ours (`connect_cert.contracts.checks`). Hooks are registered on this run's schema
only, never globally: the frontend step that confirms SetupIntents in the stateful phase, the documented
tolerances, and a trail of what the stateful phase reached. Between stateful scenarios and at the end,
the janitor stops the sessions and deletes the users the run created.

Every run is counted in this process (`engine_runs()`): the run summary says how often the engine ran, so a
run split over workers can show that the contract ran once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Collection
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok
from schemathesis.core.transport import Response
from schemathesis.engine import Status, StopReason, events, from_schema
from schemathesis.filters import FilterSet
from schemathesis.generation.case import Case
from schemathesis.hooks import HookContext

import connect_cert.contracts.checks  # noqa: F401  (registers the contract checks)
from connect_cert.harness.clients.stripe import StripeClient
from connect_cert.harness.contract._compat import serialize_ast_parse
from connect_cert.harness.contract.findings import Credentials, Finding, findings_in, operation_id
from connect_cert.harness.contract.frontend_step import SetupIntentConfirmer, in_stateful_phase
from connect_cert.harness.contract.janitor import RunJanitor
from connect_cert.harness.contract.operations import operations as contract_operation_list
from connect_cert.harness.contract.paths import CONTRACT, SETTINGS
from connect_cert.harness.contract.profiles import Profile
from connect_cert.harness.contract.tolerances import ToleranceFilter
from connect_cert.harness.target import Target

UNIT_PHASES = ("examples", "coverage", "fuzzing")
STATEFUL = "stateful"


@dataclass
class OperationReport:
    """What the run did with one operation of the contract."""

    operation: str  # operationId
    label: str  # METHOD /path
    cases: Counter[str] = field(default_factory=Counter)  # phase -> cases that got a response
    statuses: Counter[int] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)  # "phase: reason"

    @property
    def tested(self) -> bool:
        return sum(self.cases.values()) > 0


@dataclass(frozen=True)
class RunError:
    """An error that kept the run from testing something (not a failed check)."""

    operation: str | None
    phase: str | None
    title: str
    message: str

    def render(self) -> str:
        where = " · ".join(p for p in (self.operation, self.phase) if p)
        return f"{where}: {self.title}: {self.message}" if where else f"{self.title}: {self.message}"


@dataclass
class ContractRun:
    """Everything a contract run found and did, for tests, reports and the benchmark."""

    profile: Profile
    seed: int | None
    operations: dict[str, OperationReport]
    findings: list[Finding] = field(default_factory=list)
    errors: list[RunError] = field(default_factory=list)
    stateful: Counter[tuple[str, int]] = field(default_factory=Counter)  # (operationId, status) in the stateful phase
    setup_intents: Counter[str] = field(default_factory=Counter)  # frontend confirmations by outcome
    tolerated: Counter[str] = field(default_factory=Counter)
    sessions_stopped: int = 0  # sessions the stateful phase left active, stopped between scenarios
    users_deleted: int = 0  # users the run created, soft-deleted at the end
    fatal: str | None = None
    stop_reason: str = ""
    elapsed: float = 0.0
    phases: dict[str, str] = field(default_factory=dict)  # phase -> status

    generated: int = 0  # test cases as `schemathesis run` counts them ("N generated")

    @property
    def cases(self) -> int:
        """Cases of the selected operations that got a response."""
        return sum(sum(report.cases.values()) for report in self.operations.values())

    @property
    def passed(self) -> bool:
        return not self.findings and not self.errors and self.fatal is None

    def findings_for(self, operation: str, phases: Collection[str] = UNIT_PHASES) -> list[Finding]:
        return [f for f in self.findings if f.operation == operation and f.phase in phases]

    def errors_for(self, operation: str) -> list[RunError]:
        return [e for e in self.errors if e.operation == operation]

    def in_phase(self, phase: str) -> list[Finding]:
        return [f for f in self.findings if f.phase == phase]

    def summary(self) -> str:
        parts = [f"{self.cases} cases in {self.elapsed:.1f} s ({self.profile.name} profile, seed {self.seed})"]
        parts.append(f"{len(self.findings)} findings, {len(self.errors)} errors")
        if self.tolerated:
            parts.append("tolerated: " + ", ".join(f"{k} x{v}" for k, v in sorted(self.tolerated.items())))
        parts.append(f"cleaned up: {self.sessions_stopped} sessions stopped, {self.users_deleted} users deleted")
        return "; ".join(parts)


class StatefulTrail:
    """`after_call` hook: which operations answered what in the stateful phase (did the chain get far?)."""

    def __init__(self) -> None:
        self.seen: Counter[tuple[str, int]] = Counter()
        self._lock = threading.Lock()

    def __call__(self, context: HookContext, case: Case[Any], response: Response) -> None:
        if in_stateful_phase(case):
            with self._lock:
                self.seen[(operation_id(case), response.status_code)] += 1


def load_config(
    target: Target, profile: Profile, *, phases: Collection[str] | None = None, seed: int | None = None
) -> SchemathesisConfig:
    """The shared settings, with this profile's depth and this target's base URL and token."""
    config = SchemathesisConfig.from_path(SETTINGS)
    config.update(seed=seed, max_failures=None)
    project = config.projects.override
    project.update(base_url=target.origin, headers={"Authorization": f"Bearer {target.token}"}, workers=profile.workers)
    project.phases.update(phases=list(phases or profile.phases))
    project.checks.update(included_check_names=["all"])
    project.generation.update(max_examples=profile.max_examples)
    project.phases.stateful.generation.update(max_examples=profile.stateful_examples)
    return config


def contract_operations() -> dict[str, str]:
    """operationId -> `METHOD /path` for every operation of the contract, in contract order."""
    return {op.operation_id: f"{op.method} {op.path}" for op in contract_operation_list()}


def _operations_of(schema: schemathesis.schemas.BaseSchema) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in schema.get_all_operations():
        if isinstance(item, Ok):
            operation = item.ok()
            result[str(operation.definition.raw.get("operationId") or operation.label)] = operation.label
    return result


_engine_runs: list[int] = []  # operations of each run of the engine in this process, in order
_engine_lock = threading.Lock()


def engine_runs() -> tuple[int, ...]:
    """The operations each contract run of this process covered, one entry per run of the engine."""
    with _engine_lock:
        return tuple(_engine_runs)


def run_contract(
    target: Target,
    profile: Profile,
    *,
    operations: Collection[str] | None = None,
    phases: Collection[str] | None = None,
    seed: int | None = None,
) -> ContractRun:
    """Run the contract against `target`; `operations` (operationIds) and `phases` narrow the run."""
    serialize_ast_parse()
    config = load_config(target, profile, phases=phases, seed=seed)
    schema = schemathesis.openapi.from_path(CONTRACT, config=config)
    ids = _operations_of(schema)
    if operations:
        unknown = sorted(set(operations) - set(ids))
        if unknown:
            raise ValueError(f"not operations of the contract: {', '.join(unknown)}")
        # As `schemathesis run --include-operation-id` does: through the config, which keeps the
        # `[[operations]]` entries of the settings (a plain `schema.include()` would be OR-ed with them).
        selection = FilterSet()
        selection.include(operation_id=list(operations))
        schema.filter_set = schema.config.operations.filter_set_with(include=selection)
        ids = {op: label for op, label in ids.items() if op in operations}
    by_label = {label: op for op, label in ids.items()}
    with _engine_lock:
        _engine_runs.append(len(ids))
    run = ContractRun(
        profile=profile,
        seed=config.seed,
        operations={op: OperationReport(op, label) for op, label in ids.items()},
    )
    credentials = Credentials(target.token, target.second_token)
    trail, tolerances = StatefulTrail(), ToleranceFilter()
    schema.hooks.register_hook_with_name(trail, "after_call")
    schema.hooks.register_hook_with_name(tolerances, "filter_failure")
    with ExitStack() as stack:
        confirmer = None
        if target.offers_stripe:
            stripe = StripeClient(str(target.stripe_api_base), str(target.publishable_key))
            stack.callback(stripe.close)
            confirmer = SetupIntentConfirmer(stripe)
            schema.hooks.register_hook_with_name(confirmer, "after_call")
        janitor = RunJanitor(target.origin, target.token)
        stack.callback(janitor.close)
        started = time.monotonic()
        for event in from_schema(schema).execute():
            _record(run, event, by_label, credentials)
            if isinstance(event, events.ScenarioFinished):
                janitor.note(event.recorder)
                if event.phase.value == STATEFUL:
                    janitor.stop_sessions(event.recorder)
        run.elapsed = time.monotonic() - started
        janitor.delete_users()
        run.sessions_stopped, run.users_deleted = janitor.sessions_stopped, janitor.users_deleted
    run.stateful = trail.seen
    run.setup_intents = confirmer.outcomes if confirmer is not None else Counter()
    run.tolerated = tolerances.dropped
    run.findings = _unique(run.findings)
    return run


def _record(run: ContractRun, event: events.EngineEvent, by_label: dict[str, str], credentials: Credentials) -> None:
    if isinstance(event, events.ScenarioFinished):
        phase = event.phase.value
        recorder = event.recorder
        if event.is_test_scenario:
            run.generated += len(recorder.cases)
        if event.status == Status.SKIP and event.skip_reason and recorder.label in by_label:
            run.operations[by_label[recorder.label]].skipped.append(f"{phase}: {event.skip_reason}")
        for case_id, node in recorder.cases.items():
            response = recorder.find_response(case_id=case_id)
            report = run.operations.get(operation_id(node.value))
            if response is not None and report is not None:
                report.cases[phase] += 1
                report.statuses[response.status_code] += 1
        run.findings.extend(findings_in(recorder, phase, credentials))
    elif isinstance(event, events.NonFatalError):
        operation = by_label.get(event.label) if event.related_to_operation else None
        where = event.phase.value if event.phase is not None else None
        run.errors.append(RunError(operation, where, event.info.title, credentials.mask(event.info.message)))
    elif isinstance(event, events.FatalError):
        run.fatal = credentials.mask(f"{type(event.exception).__name__}: {event.exception}")
    elif isinstance(event, events.PhaseFinished):
        run.phases[event.phase.name.value] = event.status.value
    elif isinstance(event, events.EngineFinished):
        run.stop_reason = event.stop_reason.value
        if event.stop_reason not in (StopReason.COMPLETED, StopReason.MAX_TIME):
            run.errors.append(
                RunError(
                    None, None, "The run stopped early", event.stop_reason.skip_explanation or event.stop_reason.value
                )
            )
        for failure in event.failures:
            run.errors.append(RunError(None, None, failure.title, credentials.mask(failure.message)))


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        seen.setdefault(finding.key, finding)
    return list(seen.values())
