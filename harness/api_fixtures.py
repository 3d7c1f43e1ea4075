"""The API suite's fixtures (a plugin the main plugin loads): one contract run per session, and a
partner's user to test tenancy against.

profile -> contract_profile -> contract_run            (test_contract_conforms.py)
connect, stripe_client -> tenant                        (test_auth_is_enforced.py)
target -> call_operation                                (both)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

import pytest

from connect_cert.fixtures.cards import VISA_4242
from connect_cert.fixtures.charging import ALL_VCPS, BILLING_DETAILS
from connect_cert.harness.charging import Charging
from connect_cert.harness.clients import ApiResponse
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.stripe import StripeClient
from connect_cert.harness.contract import ContractRun, Profile, profile_named, run_contract
from connect_cert.harness.contract.operations import Operation
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.target import Target

_NO_BODY: Any = object()


@pytest.fixture(scope="session")
def contract_profile(profile: str) -> Profile:
    """The depth of the contract run (`--profile quick|full`)."""
    return profile_named(profile)


@pytest.fixture(scope="session")
def contract_run(target: Target, contract_profile: Profile) -> ContractRun:
    """The contract run against the target, once per session; every contract test reads its results."""
    return run_contract(target, contract_profile)


@pytest.fixture(scope="session")
def call_operation(target: Target) -> Iterator[Callable[..., ApiResponse]]:
    """Factory: `call_operation(operation, token, values, body)` sends one contract operation as is."""
    clients: dict[str | None, ConnectClient] = {}

    def call(operation: Operation, token: str | None, values: dict[str, str], body: Any = _NO_BODY) -> ApiResponse:
        client = clients.get(token) or clients.setdefault(token, ConnectClient(target.origin, token))
        if body is _NO_BODY:
            body = None
        kwargs: dict[str, Any] = {"params": operation.required_query() or None}
        if body is not None:
            kwargs["json_body"] = body
        return client.request(operation.method, operation.url_path(values), operation=operation.operation_id, **kwargs)

    yield call
    for client in clients.values():
        client.close()


@dataclass
class Tenant:
    """A user of the partner under test with what hangs off it: billing details, a card, a stopped session.

    `values` fills the contract's path parameters; `responses` holds the bodies links read values from.
    """

    values: dict[str, str]
    responses: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def tenant(connect: ConnectClient, target: Target) -> Iterator[Tenant]:
    """A user of the partner under test; a card and a stopped session when the target offers Stripe."""
    tag = uuid.uuid4().hex[:12]
    user = connect.create_user(email=f"cert+tenancy-{tag}@example.com", external_id=f"cert-tenancy-{tag}").expect(201)
    tenant = Tenant(values={"user_id": user["id"], "pm": f"pm_{tag}", "session_id": str(uuid.uuid4())})
    connect.put_billing_details(user["id"], BILLING_DETAILS).expect(200)
    if target.offers_stripe:
        with closing(StripeClient(str(target.stripe_api_base), str(target.publishable_key))) as stripe:
            added = Frontend(connect, stripe).add_card(user["id"], VISA_4242, typed=True)
            assert added.succeeded, f"the tenant's 4242 card was not saved: {added.status}"
        listed = connect.list_payment_methods(user["id"])
        tenant.responses["users_payment_methods_list"] = listed.expect(200)
        assert listed.field(200, "results"), f"the tenant's 4242 was confirmed, yet none is listed: {listed.describe()}"
        tenant.values["pm"] = listed.field(200, "results.0.id")
        started = Charging(connect, None, timeout=0).start(user["id"], tenant.values["pm"], ALL_VCPS)
        if started.status == 201:
            tenant.values["session_id"] = started.body["id"]
            connect.stop_charging(user["id"], started.body["id"]).expect(204)
    yield tenant
    sessions = connect.list_charging_sessions(user["id"], page_size=100).body
    for session in sessions.get("results", []) if isinstance(sessions, dict) else []:
        if session.get("is_active"):
            connect.stop_charging(user["id"], session["id"])
    connect.delete_user(user["id"])
