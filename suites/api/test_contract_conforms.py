"""The target answers every operation as the contract documents it (API-01).

One Schemathesis run per session (`contract_run`: examples, coverage, fuzzing, stateful; every built-in
check and ours), then one test per operationId, so a report shows which operation failed which check,
and one test for the stateful phase (links chained user -> billing -> setup intent -> start -> stop).
"""

from __future__ import annotations

import pytest

from connect_cert.harness.contract import STATEFUL, ContractRun, contract_operations
from connect_cert.harness.contract.frontend_step import SETUP_OPERATION
from connect_cert.harness.reports import allure as evidence
from connect_cert.harness.target import Target

OPERATIONS = list(contract_operations())
START, STOP = "users_charging_start_create", "users_charging_stop_create"

# One run of the engine serves every test here: one unit under --shard, one worker under -n (loadgroup).
pytestmark = [pytest.mark.requirement("API-01"), pytest.mark.platform("api"), pytest.mark.xdist_group("contract")]


def _no_fatal_error(run: ContractRun) -> None:
    if run.fatal is not None:
        pytest.fail(f"the contract run did not complete: {run.fatal}", pytrace=False)


def _report(title: str, problems: list[str], run: ContractRun) -> str:
    listed = "\n\n".join(problems)
    return f"{title}\n\n{listed}\n\n({run.summary()})"


@pytest.mark.parametrize("operation", OPERATIONS)
def test_operation_answers_as_documented(contract_run: ContractRun, operation: str) -> None:
    _no_fatal_error(contract_run)
    report = contract_run.operations[operation]
    evidence.attach_text(
        "responses",
        f"{report.label}\ncases by phase: {dict(report.cases)}\nstatuses: {dict(sorted(report.statuses.items()))}",
    )
    problems = [f.render() for f in contract_run.findings_for(operation)]
    problems += [e.render() for e in contract_run.errors_for(operation)]
    if problems:
        pytest.fail(_report(f"{operation}: {len(problems)} finding(s)", problems, contract_run), pytrace=False)
    assert report.tested, f"{operation} was never answered: {'; '.join(report.skipped) or 'no case was sent'}"


def test_linked_operations_answer_as_documented(contract_run: ContractRun, target: Target) -> None:
    """The stateful phase: every finding along the contract's links, and the chain walked to start -> stop."""
    _no_fatal_error(contract_run)
    stateful = contract_run.in_phase(STATEFUL)
    run_errors = [e for e in contract_run.errors if e.operation is None]
    evidence.attach_text(
        "stateful statuses",
        "\n".join(f"{op} {status}: {count}" for (op, status), count in sorted(contract_run.stateful.items())),
    )
    problems = [f.render() for f in stateful] + [e.render() for e in run_errors]
    if problems:
        pytest.fail(_report(f"stateful phase: {len(problems)} finding(s)", problems, contract_run), pytrace=False)
    assert contract_run.phases.get(STATEFUL) in ("success", "failure"), f"stateful phase: {contract_run.phases}"
    if not target.offers_stripe:
        pytest.skip("target offers no Stripe base and publishable key: the chain cannot get past the setup intent")
    outcomes = dict(contract_run.setup_intents)
    assert contract_run.setup_intents.get("succeeded"), (
        f"no SetupIntent from {SETUP_OPERATION} was confirmed client-side in the stateful phase: {outcomes}"
    )
    reached = sorted(key for key in contract_run.stateful if key[0] in (START, STOP))
    assert contract_run.stateful.get((START, 201)), f"the stateful phase never started a session: {reached}"
    assert contract_run.stateful.get((STOP, 204)), f"the stateful phase never stopped a session: {reached}"
