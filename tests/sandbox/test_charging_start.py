"""Starting a session: every refusal, and the order in which the checks apply."""

from __future__ import annotations

import re

import pytest

from connect_cert.fixtures.cards import CHARGE_CUSTOMER_FAIL_0341
from connect_cert.fixtures.charging import PROGRESS_VCP, SHARED_VCP, SHARED_VCP_AT
from connect_cert.sandbox.charging.dataset import dataset

SESSION_FIELDS = {
    "id",
    "start_time",
    "end_time",
    "duration",
    "consumed_energy",
    "is_active",
    "evse_id",
    "station_info",
    "is_partner",
    "logo_url",
    "user_facing_session_prices",
    "session_cost",
    "rates",
}
ENERGY = re.compile(r"^-?\d{0,5}(?:\.\d{0,3})?$")


def test_start_answers_201_with_an_active_session(flow):
    user_id, pm_id = flow.charging_user()
    response = flow.start(user_id, pm_id)
    assert response.status == 201
    session = response.body
    assert set(session) == SESSION_FIELDS
    assert session["is_active"] is True and session["end_time"] is None and session["evse_id"] == SHARED_VCP
    assert ENERGY.match(session["consumed_energy"])
    assert session["user_facing_session_prices"]["kwh_price"] == "0.59"
    assert session["station_info"]["country"] == "DEU"


def test_already_charging_is_409(flow, error_of):
    user_id, pm_id = flow.charging_user()
    flow.session(user_id, pm_id)
    response = flow.start(user_id, pm_id, SHARED_VCP_AT)
    assert response.status == 409 and error_of(response)["type"] == "already_charging"


def test_busy_vcp_is_409_until_released(flow, control, error_of):
    user_id, pm_id = flow.charging_user()
    assert control.set_busy(SHARED_VCP, True).status == 200
    response = flow.start(user_id, pm_id)
    assert response.status == 409 and error_of(response)["type"] == "station_availability_issue"
    control.set_busy(SHARED_VCP, False)
    assert flow.start(user_id, pm_id).status == 201


def test_vcp_in_use_by_another_session_is_409(flow, error_of):
    first_user, first_pm = flow.charging_user()
    flow.session(first_user, first_pm, PROGRESS_VCP)
    user_id, pm_id = flow.charging_user()
    response = flow.start(user_id, pm_id, PROGRESS_VCP)
    assert response.status == 409 and error_of(response)["type"] == "station_availability_issue"


def test_out_of_order_generated_evse_is_409(flow, error_of):
    evse = next(e for s in dataset().stations for e in s.evses if e.base_status == "OUTOFORDER")
    user_id, pm_id = flow.charging_user()
    response = flow.start(user_id, pm_id, evse.evse_id)
    assert response.status == 409 and error_of(response)["type"] == "station_availability_issue"


def test_available_generated_evse_charges_like_a_shared_vcp(flow, control):
    station = next(s for s in dataset().stations if not s.vcp and s.evses[0].base_status == "AVAILABLE")
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id, station.evses[0].evse_id)
    finished = control.finish_session(session["id"], energy_kwh="10").expect(200)
    assert finished["session_cost"]["kwh_cost"] == f"{station.tariff.kwh_price * 10:.2f}"


def test_unknown_evse_is_404(flow):
    user_id, pm_id = flow.charging_user()
    response = flow.start(user_id, pm_id, "DE*XXX*E999999*9")
    assert response.status == 404 and set(response.body) == {"detail"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"evse_id": SHARED_VCP},
        {"payment_method_id": "pm_x"},
        {"evse_id": 1, "payment_method_id": "pm_x"},
        {"evse_id": SHARED_VCP, "payment_method_id": None},
        {"evse_id": [SHARED_VCP], "payment_method_id": "pm_x"},
    ],
)
def test_invalid_start_body_is_400(flow, api, error_of, body):
    user_id, _ = flow.charging_user()
    response = api.request("POST", f"/users/{user_id}/charging/start/", json_body=body)
    assert response.status == 400 and error_of(response)["type"] == "validation_error"


def test_check_order_user_then_body_then_method_then_evse(flow, api, api_b, error_of):
    user_id, pm_id = flow.charging_user()
    # another partner's user: 404 even with a broken body
    assert api_b.request("POST", f"/users/{user_id}/charging/start/", json_body={}).status == 404
    # a broken body beats a foreign method
    assert (
        api.request("POST", f"/users/{user_id}/charging/start/", json_body={"payment_method_id": "pm_x"}).status == 400
    )
    # a foreign method beats an unknown EVSE
    response = flow.start(user_id, "pm_x", "DE*XXX*E999999*9")
    assert response.status == 402 and error_of(response)["type"] == "payment_method_error"


def test_check_order_evse_then_billing_then_debt(flow, api, control, error_of):
    control.configure(preauth_amount="0").expect(200)
    user_id = flow.user()
    failing = flow.card(user_id, CHARGE_CUSTOMER_FAIL_0341)
    control.finish_session(flow.session(user_id, failing)["id"]).expect(200)  # leaves a debt
    # debt + incomplete billing + busy point: unknown EVSE first, then billing, then the debt
    control.set_busy(SHARED_VCP, True)
    assert flow.start(user_id, failing, "DE*XXX*E999999*9").status == 404
    api.put_billing_details(user_id, {"line1": "", "postal_code": ""})
    assert error_of(flow.start(user_id, failing))["type"] == "billing_data_required"
    api.put_billing_details(user_id, {"line1": "a", "postal_code": "1"})
    response = flow.start(user_id, failing)
    assert response.status == 402 and error_of(response)["type"] == "payment_error"
    assert response.body["status"] == "unpaid_debts"


def test_check_order_active_session_before_busy_point(flow, control, error_of):
    user_id, pm_id = flow.charging_user()
    flow.session(user_id, pm_id, PROGRESS_VCP)
    control.set_busy(SHARED_VCP, True)
    assert error_of(flow.start(user_id, pm_id, SHARED_VCP))["type"] == "already_charging"


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        ("charging_provider_error", 424),
        ("unexpected_error", 500),
        ("temporary_locked", 423),
    ],
)
def test_injected_start_fault_answers_once_after_the_checks(flow, control, error_of, fault, status):
    user_id, pm_id = flow.charging_user()
    control.configure(faults={"charging_start": fault}).expect(200)
    control.set_busy(SHARED_VCP, True)
    assert error_of(flow.start(user_id, pm_id))["type"] == "station_availability_issue"  # fault not used yet
    control.set_busy(SHARED_VCP, False)
    response = flow.start(user_id, pm_id)
    assert response.status == status
    error = error_of(response)
    assert error["type"] == fault
    if fault == "unexpected_error":
        assert re.search(r"Support code: [0-9a-f]{8}", error["details"])
    assert control.configure().expect(200)["faults"] == {}
    assert flow.start(user_id, pm_id).status == 201
