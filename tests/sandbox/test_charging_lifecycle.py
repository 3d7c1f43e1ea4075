"""A session after start: stop, progress updates, the CDR, pricing and the final charge."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from connect_cert.fixtures.cards import VISA_4242
from connect_cert.fixtures.charging import PROGRESS_VCP, PROGRESS_VCP_EUL, SHARED_VCP
from connect_cert.sandbox.charging import sessions
from connect_cert.sandbox.charging.dataset import find_evse


def _expected_total(evse_id: str, energy_kwh: str, minutes: Decimal = Decimal(0)) -> Decimal:
    """The price the station's tariff gives, computed here from the published rule, not from the code."""
    tariff = find_evse(evse_id)[0].tariff  # type: ignore[index]
    cent = Decimal("0.01")
    parts = [
        (Decimal(energy_kwh) * tariff.kwh_price).quantize(cent, ROUND_HALF_UP),
        (minutes * (tariff.time_price or 0)).quantize(cent, ROUND_HALF_UP),
        tariff.session_fee,
        tariff.starting_fee,
    ]
    return sum(parts, Decimal(0))


def test_stop_answers_204_then_409_already_stopped(flow, api, error_of):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    assert api.stop_charging(user_id, session["id"]).status == 204
    stopped = api.get_charging_session(user_id, session["id"]).body
    assert stopped["is_active"] is False and stopped["end_time"] is not None
    response = api.stop_charging(user_id, session["id"])
    assert response.status == 409 and error_of(response)["type"] == "already_stopped"


def test_stopping_an_unknown_session_is_404(flow, api):
    user_id, pm_id = flow.charging_user()
    other_user, other_pm = flow.charging_user()
    foreign = flow.session(other_user, other_pm)
    for session_id in ("00000000-0000-4000-8000-000000000000", foreign["id"]):
        response = api.stop_charging(user_id, session_id)
        assert response.status == 404 and set(response.body) == {"detail"}


@pytest.mark.parametrize(("fault", "status"), [("charging_provider_error", 424), ("unexpected_error", 500)])
def test_injected_stop_fault_leaves_the_session_running(flow, api, control, error_of, fault, status):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    control.configure(faults={"charging_stop": fault}).expect(200)
    response = api.stop_charging(user_id, session["id"])
    assert response.status == status and error_of(response)["type"] == fault
    assert api.get_charging_session(user_id, session["id"]).body["is_active"] is True
    assert api.stop_charging(user_id, session["id"]).status == 204


def test_cdr_arrives_after_the_configured_delay(flow, api, control):
    settings = control.configure(cdr_delay_seconds=30).expect(200)
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    api.stop_charging(user_id, session["id"])
    control.advance_clock(settings["cdr_delay_seconds"] - 1)
    pending = api.get_charging_session(user_id, session["id"]).body
    assert pending["session_cost"]["kwh_cost"] is None and api.list_invoices(user_id).body["count"] == 0
    control.advance_clock(2)
    billed = api.get_charging_session(user_id, session["id"]).body
    assert billed["consumed_energy"] == settings["default_energy_kwh"]
    assert Decimal(billed["session_cost"]["invoice_summary"]) == _expected_total(
        SHARED_VCP, settings["default_energy_kwh"]
    )
    assert api.list_invoices(user_id).body["count"] == 1


def test_progress_vcp_raises_energy_ten_times_then_ends_and_bills(flow, api, control):
    settings = control.configure(progress_interval_seconds=3, cdr_delay_seconds=5, default_energy_kwh="7.5").expect(200)
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id, PROGRESS_VCP)
    readings = []
    for _ in range(10):
        control.advance_clock(settings["progress_interval_seconds"])
        readings.append(Decimal(api.get_charging_session(user_id, session["id"]).body["consumed_energy"]))
    assert readings == sorted(readings) and len(set(readings)) == 10
    assert readings[0] == Decimal("0.750") and readings[-1] == Decimal("7.500")
    ended = api.get_charging_session(user_id, session["id"]).body
    assert ended["is_active"] is False and ended["duration"] == 30
    control.advance_clock(settings["cdr_delay_seconds"])
    billed = api.get_charging_session(user_id, session["id"]).body
    assert Decimal(billed["session_cost"]["invoice_summary"]) == _expected_total(PROGRESS_VCP, "7.5")
    assert billed["session_cost"]["invoice_download"] is not None


def test_shared_vcp_sends_no_progress(flow, api, control):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id, SHARED_VCP)
    control.advance_clock(60)
    running = api.get_charging_session(user_id, session["id"]).body
    assert running["is_active"] is True and running["consumed_energy"] == "0.000" and running["duration"] >= 60


def test_time_price_is_charged_per_minute(flow, control):
    control.configure(progress_interval_seconds=60, cdr_delay_seconds=0).expect(200)
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id, PROGRESS_VCP_EUL)
    control.advance_clock(600)  # ten updates a minute apart; the VCP ends the session, the CDR follows at once
    billed = flow.api.get_charging_session(user_id, session["id"]).body
    assert (
        billed["session_cost"]["time_cost"] == f"{Decimal('10') * find_evse(PROGRESS_VCP_EUL)[0].tariff.time_price:.2f}"
    )
    assert Decimal(billed["session_cost"]["invoice_summary"]) == _expected_total(
        PROGRESS_VCP_EUL, billed["consumed_energy"], Decimal(10)
    )


def test_cost_below_the_hold_is_captured_partly(flow, control, sandbox, stripe_server):
    user_id, pm_id = flow.charging_user(VISA_4242)
    session = flow.session(user_id, pm_id)
    billed = control.finish_session(session["id"], energy_kwh="10").expect(200)
    hold = stripe_server.payment_intent(sandbox.store.get(sessions.SESSION, session["id"])["preauth"]["intent_id"])
    total = _expected_total(SHARED_VCP, "10")
    assert Decimal(billed["session_cost"]["invoice_summary"]) == total
    assert hold["status"] == "succeeded" and hold["amount_received"] == int(total * 100) < hold["amount"]


def test_cost_above_the_hold_captures_it_and_charges_the_rest(flow, control, sandbox, stripe_server):
    settings = control.configure(preauth_amount="50.00").expect(200)
    user_id, pm_id = flow.charging_user(VISA_4242)
    session = flow.session(user_id, pm_id)
    control.finish_session(session["id"], energy_kwh="100").expect(200)
    doc = sandbox.store.get(sessions.SESSION, session["id"])
    hold = stripe_server.payment_intent(doc["preauth"]["intent_id"])
    extra = stripe_server.payment_intent(doc["final_charges"][0])
    total_cents = int(_expected_total(SHARED_VCP, "100") * 100)
    assert hold["amount_received"] == int(Decimal(settings["preauth_amount"]) * 100)
    assert extra["status"] == "succeeded" and extra["amount_received"] == total_cents - hold["amount_received"]
    invoice = flow.api.list_invoices(user_id).body["results"][0]
    assert Decimal(invoice["total"]) * 100 == total_cents


def test_finish_with_energy_on_a_progress_vcp_reports_that_energy(flow, control):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id, PROGRESS_VCP)
    finished = control.finish_session(session["id"], energy_kwh="12.345").expect(200)
    assert finished["consumed_energy"] == "12.345" and finished["is_active"] is False


def test_rating_accepts_1_to_5_and_null(flow, api, error_of):
    user_id, pm_id = flow.charging_user()
    session_id = flow.session(user_id, pm_id)["id"]
    path = f"/users/{user_id}/charging-sessions/{session_id}/"
    assert api.rate_charging_session(user_id, session_id, 4).body["rates"] == 4
    assert api.request("PATCH", path, data={"rates": "2"}).body["rates"] == 2  # form-encoded, as DRF accepts it
    assert api.rate_charging_session(user_id, session_id, None).body["rates"] is None
    for bad in (0, 6, "5", 4.5, True):
        response = api.rate_charging_session(user_id, session_id, bad)
        assert response.status == 400 and error_of(response)["type"] == "validation_error"
    assert api.get_charging_session(user_id, session_id).body["rates"] is None


def test_sessions_are_listed_newest_first(flow, api, control):
    user_id, pm_id = flow.charging_user()
    first = flow.session(user_id, pm_id)
    control.finish_session(first["id"]).expect(200)
    second = flow.session(user_id, pm_id)
    listed = api.list_charging_sessions(user_id).body
    assert [s["id"] for s in listed["results"]] == [second["id"], first["id"]] and listed["count"] == 2
