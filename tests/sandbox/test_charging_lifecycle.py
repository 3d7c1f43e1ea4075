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
    stop = f"/users/{user_id}/charging/stop/{session['id']}/"
    assert api.post(stop).status_code == 204
    stopped = api.get(f"/users/{user_id}/charging-sessions/{session['id']}/").json()
    assert stopped["is_active"] is False and stopped["end_time"] is not None
    response = api.post(stop)
    assert response.status_code == 409 and error_of(response)["type"] == "already_stopped"


def test_stopping_an_unknown_session_is_404(flow, api):
    user_id, pm_id = flow.charging_user()
    other_user, other_pm = flow.charging_user()
    foreign = flow.session(other_user, other_pm)
    for session_id in ("00000000-0000-4000-8000-000000000000", foreign["id"]):
        response = api.post(f"/users/{user_id}/charging/stop/{session_id}/")
        assert response.status_code == 404 and set(response.json()) == {"detail"}


@pytest.mark.parametrize(("fault", "status"), [("charging_provider_error", 424), ("unexpected_error", 500)])
def test_injected_stop_fault_leaves_the_session_running(flow, api, control, error_of, fault, status):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    control.configure(faults={"charging_stop": fault})
    response = api.post(f"/users/{user_id}/charging/stop/{session['id']}/")
    assert response.status_code == status and error_of(response)["type"] == fault
    assert api.get(f"/users/{user_id}/charging-sessions/{session['id']}/").json()["is_active"] is True
    assert api.post(f"/users/{user_id}/charging/stop/{session['id']}/").status_code == 204


def test_cdr_arrives_after_the_configured_delay(flow, api, control):
    settings = control.configure(cdr_delay_seconds=30)
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    api.post(f"/users/{user_id}/charging/stop/{session['id']}/")
    control.advance(settings["cdr_delay_seconds"] - 1)
    pending = api.get(f"/users/{user_id}/charging-sessions/{session['id']}/").json()
    assert pending["session_cost"]["kwh_cost"] is None and api.get(f"/users/{user_id}/invoices/").json()["count"] == 0
    control.advance(2)
    billed = api.get(f"/users/{user_id}/charging-sessions/{session['id']}/").json()
    assert billed["consumed_energy"] == settings["default_energy_kwh"]
    assert Decimal(billed["session_cost"]["invoice_summary"]) == _expected_total(
        SHARED_VCP, settings["default_energy_kwh"]
    )
    assert api.get(f"/users/{user_id}/invoices/").json()["count"] == 1


def test_progress_vcp_raises_energy_ten_times_then_ends_and_bills(flow, api, control):
    settings = control.configure(progress_interval_seconds=3, cdr_delay_seconds=5, default_energy_kwh="7.5")
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id, PROGRESS_VCP)
    path = f"/users/{user_id}/charging-sessions/{session['id']}/"
    readings = []
    for _ in range(10):
        control.advance(settings["progress_interval_seconds"])
        readings.append(Decimal(api.get(path).json()["consumed_energy"]))
    assert readings == sorted(readings) and len(set(readings)) == 10
    assert readings[0] == Decimal("0.750") and readings[-1] == Decimal("7.500")
    ended = api.get(path).json()
    assert ended["is_active"] is False and ended["duration"] == 30
    control.advance(settings["cdr_delay_seconds"])
    billed = api.get(path).json()
    assert Decimal(billed["session_cost"]["invoice_summary"]) == _expected_total(PROGRESS_VCP, "7.5")
    assert billed["session_cost"]["invoice_download"] is not None


def test_shared_vcp_sends_no_progress(flow, api, control):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id, SHARED_VCP)
    control.advance(60)
    running = api.get(f"/users/{user_id}/charging-sessions/{session['id']}/").json()
    assert running["is_active"] is True and running["consumed_energy"] == "0.000" and running["duration"] >= 60


def test_time_price_is_charged_per_minute(flow, control):
    control.configure(progress_interval_seconds=60, cdr_delay_seconds=0)
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id, PROGRESS_VCP_EUL)
    control.advance(600)  # ten updates a minute apart; the VCP ends the session, the CDR follows at once
    billed = flow.api.get(f"/users/{user_id}/charging-sessions/{session['id']}/").json()
    assert (
        billed["session_cost"]["time_cost"] == f"{Decimal('10') * find_evse(PROGRESS_VCP_EUL)[0].tariff.time_price:.2f}"
    )
    assert Decimal(billed["session_cost"]["invoice_summary"]) == _expected_total(
        PROGRESS_VCP_EUL, billed["consumed_energy"], Decimal(10)
    )


def test_cost_below_the_hold_is_captured_partly(flow, control, sandbox, stripe_server):
    user_id, pm_id = flow.charging_user(VISA_4242)
    session = flow.session(user_id, pm_id)
    billed = control.finish(session["id"], energy_kwh="10")
    hold = stripe_server.payment_intent(sandbox.store.get(sessions.SESSION, session["id"])["preauth"]["intent_id"])
    total = _expected_total(SHARED_VCP, "10")
    assert Decimal(billed["session_cost"]["invoice_summary"]) == total
    assert hold["status"] == "succeeded" and hold["amount_received"] == int(total * 100) < hold["amount"]


def test_cost_above_the_hold_captures_it_and_charges_the_rest(flow, control, sandbox, stripe_server):
    settings = control.configure(preauth_amount="50.00")
    user_id, pm_id = flow.charging_user(VISA_4242)
    session = flow.session(user_id, pm_id)
    control.finish(session["id"], energy_kwh="100")
    doc = sandbox.store.get(sessions.SESSION, session["id"])
    hold = stripe_server.payment_intent(doc["preauth"]["intent_id"])
    extra = stripe_server.payment_intent(doc["final_charges"][0])
    total_cents = int(_expected_total(SHARED_VCP, "100") * 100)
    assert hold["amount_received"] == int(Decimal(settings["preauth_amount"]) * 100)
    assert extra["status"] == "succeeded" and extra["amount_received"] == total_cents - hold["amount_received"]
    invoice = flow.api.get(f"/users/{user_id}/invoices/").json()["results"][0]
    assert Decimal(invoice["total"]) * 100 == total_cents


def test_finish_with_energy_on_a_progress_vcp_reports_that_energy(flow, control):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id, PROGRESS_VCP)
    finished = control.finish(session["id"], energy_kwh="12.345")
    assert finished["consumed_energy"] == "12.345" and finished["is_active"] is False


def test_rating_accepts_1_to_5_and_null(flow, api, error_of):
    user_id, pm_id = flow.charging_user()
    path = f"/users/{user_id}/charging-sessions/{flow.session(user_id, pm_id)['id']}/"
    assert api.patch(path, json={"rates": 4}).json()["rates"] == 4
    assert api.patch(path, data={"rates": "2"}).json()["rates"] == 2
    assert api.patch(path, json={"rates": None}).json()["rates"] is None
    for bad in (0, 6, "5", 4.5, True):
        response = api.patch(path, json={"rates": bad})
        assert response.status_code == 400 and error_of(response)["type"] == "validation_error"
    assert api.get(path).json()["rates"] is None


def test_sessions_are_listed_newest_first(flow, api, control):
    user_id, pm_id = flow.charging_user()
    first = flow.session(user_id, pm_id)
    control.finish(first["id"])
    second = flow.session(user_id, pm_id)
    listed = api.get(f"/users/{user_id}/charging-sessions/").json()
    assert [s["id"] for s in listed["results"]] == [second["id"], first["id"]] and listed["count"] == 2
