"""The API suite fails on a wrong API, with a finding naming the operation, and stays quiet on the sandbox.

Each fault is a wrapper around the sandbox (tests/api_mutants/mutants.py). The contract runner runs the
quick profile on the operations and phases that reach the fault; the control runs the same selection on
the unmodified sandbox and must find nothing. The tenancy leak is found by the auth suite, run as a
partner runs it: `pytest suites/api/test_auth_is_enforced.py --target URL`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.contract import QUICK, ContractRun, run_contract
from tests.api_mutants.mutants import (
    AuthBypass,
    CountDropped,
    Mutant,
    SetupSecretRenamed,
    StartWithoutPaymentMethod,
    TenancyLeak,
)
from tests.api_mutants.support import Served

REPO = Path(__file__).resolve().parents[2]
SUBPROCESS_TIMEOUT = 300
Serve = Callable[[type[Mutant] | None], AbstractContextManager[Served]]

CHAIN = (
    "users_create",
    "users_billing_details_update",
    "users_setup_intents_retrieve",
    "users_payment_methods_list",
    "users_charging_start_create",
    "users_charging_stop_create",
)


@dataclass(frozen=True)
class Fault:
    """A mutant, the operation the finding must name, the checks that may name it, what to run."""

    mutant: type[Mutant]
    operation: str
    checks: frozenset[str]
    operations: tuple[str, ...]
    phases: tuple[str, ...]

    def __str__(self) -> str:
        return self.mutant.__name__


FAULTS = (
    Fault(
        SetupSecretRenamed,
        "users_setup_intents_retrieve",
        frozenset({"setup_intent_secret_is_a_setup_intent", "response_schema_conformance"}),
        ("users_create", "users_setup_intents_retrieve"),
        ("examples", "fuzzing"),
    ),
    Fault(
        CountDropped,
        "users_list",
        frozenset({"pagination_is_coherent", "response_schema_conformance"}),
        ("users_list",),
        ("examples",),
    ),
    Fault(AuthBypass, "users_list", frozenset({"ignored_auth"}), ("users_list",), ("examples",)),
    # Start is reached with a card and a free charging point only along the contract's links.
    Fault(
        StartWithoutPaymentMethod,
        "users_charging_start_create",
        frozenset({"session_starts_only_with_the_users_method"}),
        CHAIN,
        ("stateful",),
    ),
)


def _run(serve: Serve, fault: Fault, mutant: type[Mutant] | None) -> tuple[ContractRun, list[str]]:
    """The fault's selection in the quick profile, and the ids of the users still listed afterwards."""
    with serve(mutant) as (target, _app):
        run = run_contract(target, QUICK, operations=fault.operations, phases=fault.phases)
        with closing(ConnectClient(target.api_base, target.token)) as connect:
            left = connect.list_users(page_size=100).expect(200)["results"]
    return run, [user["id"] for user in left]


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_the_contract_run_names_the_operation_at_fault(serve: Serve, fault: Fault) -> None:
    run, _left = _run(serve, fault, fault.mutant)
    named = [f for f in run.findings if f.operation == fault.operation]
    assert named, f"{fault.mutant.fault}: no finding names {fault.operation}; found: " + (
        "; ".join(f"{f.operation}/{f.check}" for f in run.findings) or "nothing"
    )
    assert {f.check for f in named} & fault.checks, [f.render() for f in named]
    for finding in named:
        assert finding.curl.startswith("curl "), finding.render()
        assert "Bearer $CONNECT_TOKEN" in finding.curl or finding.check == "ignored_auth", finding.render()


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_the_same_run_on_the_sandbox_finds_nothing(serve: Serve, fault: Fault) -> None:
    """The control; it also shows the run cleans up: every user it created is gone afterwards."""
    run, left = _run(serve, fault, None)
    assert run.passed, "\n\n".join([*(f.render() for f in run.findings), *(e.render() for e in run.errors)])
    assert run.operations[fault.operation].tested, f"{fault.operation} was not exercised: {run.summary()}"
    assert not left, f"users left behind: {left} ({run.summary()})"
    if "users_create" in fault.operations:
        assert run.users_deleted > 0, run.summary()


def _suite(test_file: str, url: str, reports: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """One file of the API suite as a partner runs it, against `url`, in a child process (bounded).

    Only part of the suite runs, so no certification verdict is built (it would find requirements untested).
    """
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(REPO / "suites" / "api" / test_file),
        "--target",
        url,
        "--reports-dir",
        str(reports),
        "--certification-reports",
        "off",
        "-q",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(REPO),
        *extra,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECT_CERT_")}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT)


def _auth_suite(url: str, reports: Path, *select: str) -> subprocess.CompletedProcess[str]:
    return _suite("test_auth_is_enforced.py", url, reports, *select)


def test_the_auth_suite_names_the_operation_another_partner_reaches(serve: Serve, tmp_path: Path) -> None:
    with serve(TenancyLeak) as (target, _app):
        result = _auth_suite(target.origin, tmp_path, "-k", "another_partners_user")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "FAILED" in output and "users_retrieve · tenancy" in output, output[-3000:]
    assert "Received:" in output and "Documented:" in output and "$CONNECT_CERT_SECOND_TOKEN" in output
    assert target.token not in output and str(target.second_token) not in output


def test_the_auth_suite_names_the_operation_served_without_a_token(serve: Serve, tmp_path: Path) -> None:
    with serve(AuthBypass) as (target, _app):
        result = _auth_suite(target.origin, tmp_path, "-k", "without_a_token")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "users_list · missing token" in output, output[-3000:]


def test_the_auth_suite_passes_on_the_sandbox(serve: Serve, tmp_path: Path) -> None:
    with serve(None) as (target, _app):
        result = _auth_suite(target.origin, tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def test_a_failed_operation_lists_its_findings_in_the_test_output(serve: Serve, tmp_path: Path) -> None:
    """`pytest suites/api --target URL` on a wrong API: the failing test shows check, Received/Documented, curl."""
    with serve(SetupSecretRenamed) as (target, _app):
        result = _suite(
            "test_contract_conforms.py",
            target.origin,
            tmp_path,
            "--profile",
            "quick",
            "-k",
            "users_setup_intents_retrieve",
        )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "users_setup_intents_retrieve · setup_intent_secret_is_a_setup_intent" in output, output[-3000:]
    assert "Received:   HTTP 200: keys ['client_secret']" in output, output[-3000:]
    assert 'Documented: {"setup_intent_client_secret": "seti_…_secret_…"}' in output, output[-3000:]
    assert 'curl -X GET -H "Authorization: Bearer $CONNECT_TOKEN"' in output, output[-3000:]
    assert target.token not in output
