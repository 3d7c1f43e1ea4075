"""Every ErrorType the target can be driven to answers its status in the rich envelope.

Scenarios a real target can be driven to run everywhere; injected provider faults need the sandbox.
pre_authorization_failed and payment_error have their own lifecycle tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from connect_cert.fixtures.cards import VISA_4242
from connect_cert.fixtures.charging import PROGRESS_VCPS, SHARED_VCP, SHARED_VCPS
from connect_cert.harness.charging import Charging
from connect_cert.harness.clients import ApiResponse
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.plugin import UserFactory

pytestmark = [pytest.mark.requirement("API-03")]


def _error_of(answer: ApiResponse, status: int, error_type: str) -> dict[str, Any]:
    body = answer.expect(status)
    assert isinstance(body.get("detail"), str), answer.describe()
    error = body.get("error") or {}
    assert error.get("type") == error_type, f"expected {error_type}: {answer.describe()}"
    assert isinstance(error.get("details"), str) and error["details"], answer.describe()
    assert "payment_intent_client_secret" not in error, "only payment errors carry a PaymentIntent secret"
    return error


@pytest.fixture
def charging_user(user_factory: UserFactory, frontend: Frontend) -> tuple[str, str]:
    """A user ready to charge: billing details and a 4242 card."""
    user_id = user_factory.with_billing()["id"]
    pm_id = frontend.add_card(user_id, VISA_4242).payment_method_id
    assert pm_id
    return user_id, pm_id


def test_a_start_without_evse_is_a_validation_error(connect: ConnectClient, charging_user: tuple[str, str]) -> None:
    user_id, pm_id = charging_user
    answer = connect.request(
        "POST",
        f"/users/{user_id}/charging/start/",
        operation="users_charging_start_create",
        json_body={"payment_method_id": pm_id},
    )
    _error_of(answer, 400, "validation_error")


def test_a_start_with_another_users_method_is_a_payment_method_error(
    charging_user: tuple[str, str], user_factory: UserFactory, frontend: Frontend, charging: Charging
) -> None:
    _, pm_id = charging_user
    other = user_factory.with_billing()["id"]
    _error_of(charging.start(other, pm_id, SHARED_VCPS), 402, "payment_method_error")


def test_a_start_without_billing_details_asks_for_them(
    user_factory: UserFactory, frontend: Frontend, charging: Charging
) -> None:
    user_id = user_factory()["id"]
    pm_id = frontend.add_card(user_id, VISA_4242).payment_method_id
    assert pm_id
    _error_of(charging.start(user_id, pm_id, SHARED_VCPS), 409, "billing_data_required")


def test_a_second_start_is_already_charging_and_a_second_stop_already_stopped(
    connect: ConnectClient, charging_user: tuple[str, str], charging: Charging
) -> None:
    user_id, pm_id = charging_user
    session_id = charging.start(user_id, pm_id, PROGRESS_VCPS).expect(201)["id"]
    _error_of(charging.start(user_id, pm_id, SHARED_VCPS), 409, "already_charging")
    connect.stop_charging(user_id, session_id).expect(204)
    _error_of(connect.stop_charging(user_id, session_id), 409, "already_stopped")


@pytest.mark.sandbox_only("makes a charging point busy")
def test_a_busy_charging_point_is_a_station_availability_issue(
    connect: ConnectClient, charging_user: tuple[str, str], sandbox_control: SandboxControl
) -> None:
    user_id, pm_id = charging_user
    sandbox_control.set_busy(SHARED_VCP, True).expect(200, 204)
    try:
        answer = connect.start_charging(user_id, evse_id=SHARED_VCP, payment_method_id=pm_id)
        _error_of(answer, 409, "station_availability_issue")
    finally:
        sandbox_control.set_busy(SHARED_VCP, False).expect(200, 204)
    freed = connect.start_charging(user_id, evse_id=SHARED_VCP, payment_method_id=pm_id).expect(201)
    connect.stop_charging(user_id, freed["id"]).expect(204)


@dataclass(frozen=True)
class ProviderFault:
    operation: str
    error_type: str
    status: int


PROVIDER_FAULTS = (
    ProviderFault("charging_start", "charging_provider_error", 424),
    ProviderFault("charging_start", "unexpected_error", 500),
    ProviderFault("charging_start", "temporary_locked", 423),
    ProviderFault("charging_stop", "charging_provider_error", 424),
)


@pytest.mark.sandbox_only("injects a charging provider fault")
@pytest.mark.parametrize("fault", PROVIDER_FAULTS, ids=lambda f: f"{f.operation}-{f.error_type}")
def test_a_provider_fault_answers_its_error_type(
    connect: ConnectClient,
    charging_user: tuple[str, str],
    charging: Charging,
    sandbox_settings: Callable[..., dict[str, Any]],
    fault: ProviderFault,
) -> None:
    user_id, pm_id = charging_user
    session_id = None
    if fault.operation == "charging_stop":
        session_id = charging.start(user_id, pm_id, PROGRESS_VCPS).expect(201)["id"]
    sandbox_settings(faults={fault.operation: fault.error_type})
    if session_id is None:
        answer = charging.start(user_id, pm_id, SHARED_VCPS)
    else:
        answer = connect.stop_charging(user_id, session_id)
    error = _error_of(answer, fault.status, fault.error_type)
    if fault.error_type == "unexpected_error":
        assert "support code" in error["details"].lower(), "a 500 names a support code"
    if session_id is not None:
        connect.stop_charging(user_id, session_id).expect(204)  # the fault is used up: stop works again
