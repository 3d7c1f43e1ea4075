"""Every ErrorType the sandbox can produce, with the HTTP status the real API gives it, in one table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from connect_cert.fixtures.cards import CHARGE_CUSTOMER_FAIL_0341, THREE_DS_3184
from connect_cert.fixtures.charging import SHARED_VCP
from connect_cert.sandbox.errors import ERROR_TYPES


@dataclass(frozen=True)
class ErrorScenario:
    error_type: str
    status: int
    provoke: Callable[..., httpx.Response]
    secret: bool = False  # whether the error carries a PaymentIntent client secret

    def __str__(self) -> str:
        return f"{self.error_type}-{self.status}"


def _invalid_body(flow, api, control):
    return api.create_user(locale="xx")


def _foreign_method(flow, api, control):
    user_id, _ = flow.charging_user()
    return flow.start(user_id, "pm_not_mine")


def _delete_default(flow, api, control):
    user_id, pm_id = flow.charging_user()
    return api.delete_payment_method(user_id, pm_id)


def _debt(flow, api, control):
    control.configure(preauth_amount="0").expect(200)
    user_id, pm_id = flow.charging_user(CHARGE_CUSTOMER_FAIL_0341)
    control.finish_session(flow.session(user_id, pm_id)["id"]).expect(200)
    return flow.start(user_id, pm_id)


def _fault(error_type):
    def provoke(flow, api, control):
        user_id, pm_id = flow.charging_user()
        control.configure(faults={"charging_start": error_type}).expect(200)
        return flow.start(user_id, pm_id)

    return provoke


def _already_charging(flow, api, control):
    user_id, pm_id = flow.charging_user()
    flow.session(user_id, pm_id)
    return flow.start(user_id, pm_id)


def _already_stopped(flow, api, control):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    api.stop_charging(user_id, session["id"])
    return api.stop_charging(user_id, session["id"])


def _busy(flow, api, control):
    user_id, pm_id = flow.charging_user()
    control.set_busy(SHARED_VCP, True)
    return flow.start(user_id, pm_id)


def _billing(flow, api, control):
    user_id = flow.user(billing=False)
    return flow.start(user_id, flow.card(user_id))


def _preauth_3ds(flow, api, control):
    return flow.start(*flow.charging_user(THREE_DS_3184))


def _preauth_declined(flow, api, control):
    return flow.start(*flow.charging_user(CHARGE_CUSTOMER_FAIL_0341))


SCENARIOS = (
    ErrorScenario("validation_error", 400, _invalid_body),
    ErrorScenario("payment_method_error", 402, _foreign_method),
    ErrorScenario("payment_method_error", 400, _delete_default),
    ErrorScenario("payment_error", 402, _debt),
    ErrorScenario("temporary_locked", 423, _fault("temporary_locked")),
    ErrorScenario("already_charging", 409, _already_charging),
    ErrorScenario("already_stopped", 409, _already_stopped),
    ErrorScenario("station_availability_issue", 409, _busy),
    ErrorScenario("billing_data_required", 409, _billing),
    ErrorScenario("charging_provider_error", 424, _fault("charging_provider_error")),
    ErrorScenario("unexpected_error", 500, _fault("unexpected_error")),
    ErrorScenario("pre_authorization_failed", 402, _preauth_3ds, secret=True),
    ErrorScenario("pre_authorization_failed", 402, _preauth_declined),
)


def test_the_table_covers_every_error_type():
    assert {s.error_type for s in SCENARIOS} == set(ERROR_TYPES)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_error_type_answers_its_status_in_the_rich_envelope(flow, api, control, error_of, scenario):
    response = scenario.provoke(flow, api, control)
    assert response.status == scenario.status, response.text
    error = error_of(response)
    assert error["type"] == scenario.error_type
    assert ("payment_intent_client_secret" in error) is scenario.secret
