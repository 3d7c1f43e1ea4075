"""The pre-authorization at start: a hold on the card, 3DS through the app, declines."""

from __future__ import annotations

import re

from connect_cert.fixtures.cards import (
    CHARGE_CUSTOMER_FAIL_0341,
    THREE_DS_3184,
    THREE_DS_INSUFFICIENT_FUNDS_3178,
    THREE_DS_ON_SETUP_3155,
    VISA_4242,
    Challenge,
)
from connect_cert.harness.clients.stripe import intent_id
from connect_cert.sandbox.charging import sessions

PI_SECRET = re.compile(r"^pi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$")


def _hold_of(sandbox, session_id: str) -> str:
    return sandbox.store.get(sessions.SESSION, session_id)["preauth"]["intent_id"]


def test_start_places_a_manual_capture_hold_of_the_configured_amount(flow, control, sandbox, stripe_server):
    control.configure(preauth_amount="30.00").expect(200)
    user_id, pm_id = flow.charging_user(VISA_4242)
    session = flow.session(user_id, pm_id)
    hold = stripe_server.payment_intent(_hold_of(sandbox, session["id"]))
    assert hold["status"] == "requires_capture" and hold["capture_method"] == "manual"
    assert hold["amount"] == 3000 and hold["currency"] == "eur" and hold["payment_method"] == pm_id


def test_zero_preauth_amount_places_no_hold(flow, control, sandbox):
    control.configure(preauth_amount="0").expect(200)
    user_id, pm_id = flow.charging_user(CHARGE_CUSTOMER_FAIL_0341)
    session = flow.session(user_id, pm_id)
    assert sandbox.store.get(sessions.SESSION, session["id"])["preauth"] is None


def test_3184_start_needs_authentication_then_reuses_the_authorized_intent(
    flow, stripe_client, stripe_server, control, sandbox, error_of
):
    user_id, pm_id = flow.charging_user(THREE_DS_3184)
    response = flow.start(user_id, pm_id)
    assert response.status == 402
    error = error_of(response)
    assert error["type"] == "pre_authorization_failed"
    secret = error["payment_intent_client_secret"]
    assert PI_SECRET.match(secret)
    # the app confirms the intent on-session with the saved method and passes 3DS
    confirmed = stripe_client.confirm_payment_intent(secret, payment_method=pm_id)
    assert confirmed.status == 200 and confirmed.body["status"] == "requires_action"
    assert control.resolve_3ds(confirmed.body["id"], Challenge.COMPLETE).expect(200)["status"] == "requires_capture"
    # the next start succeeds on that very hold
    session = flow.session(user_id, pm_id)
    assert _hold_of(sandbox, session["id"]) == intent_id(secret)
    finished = control.finish_session(session["id"]).expect(200)
    captured = stripe_server.payment_intent(intent_id(secret))
    assert captured["status"] == "succeeded"
    assert captured["amount_received"] == round(float(finished["session_cost"]["invoice_summary"]) * 100)


def test_failed_challenge_leaves_start_refused_with_a_fresh_intent(flow, stripe_client, control, error_of):
    user_id, pm_id = flow.charging_user(THREE_DS_3184)
    first = error_of(flow.start(user_id, pm_id))["payment_intent_client_secret"]
    confirmed = stripe_client.confirm_payment_intent(first, payment_method=pm_id).body
    assert control.resolve_3ds(confirmed["id"], Challenge.FAIL).expect(200)["status"] == "requires_payment_method"
    response = flow.start(user_id, pm_id)
    assert response.status == 402
    second = error_of(response)["payment_intent_client_secret"]
    assert second != first and PI_SECRET.match(second)


def test_declined_preauth_answers_402_without_a_secret(flow, error_of):
    for card in (THREE_DS_INSUFFICIENT_FUNDS_3178, CHARGE_CUSTOMER_FAIL_0341):
        user_id, pm_id = flow.charging_user(card)
        response = flow.start(user_id, pm_id)
        assert response.status == 402
        error = error_of(response)
        assert error["type"] == "pre_authorization_failed"
        assert "payment_intent_client_secret" not in error
    assert (
        "insufficient_funds" in error_of(flow.start(*flow.charging_user(THREE_DS_INSUFFICIENT_FUNDS_3178)))["details"]
    )


def test_card_set_up_with_3ds_is_held_off_session_without_a_challenge(flow):
    user_id, pm_id = flow.charging_user(THREE_DS_ON_SETUP_3155)
    assert flow.start(user_id, pm_id).status == 201
