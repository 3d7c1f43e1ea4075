"""Pre-authorizations: manual capture, partial capture, one capture only, holds that lapse."""

from __future__ import annotations

from tests.emulator.support import StripeCalls


def _hold(stripe: StripeCalls, amount: int = 5000) -> dict:
    customer = stripe.customer()
    pm = stripe.saved_card(customer, "4242424242424242")
    intent = stripe.off_session(customer, pm, amount=amount, capture_method="manual").json()
    assert intent["status"] == "requires_capture"
    return intent


def test_partial_capture_releases_the_rest(stripe: StripeCalls) -> None:
    hold = _hold(stripe)
    captured = stripe.server("POST", f"payment_intents/{hold['id']}/capture", amount_to_capture="1234").json()
    assert (captured["status"], captured["amount_received"], captured["amount_capturable"]) == ("succeeded", 1234, 0)


def test_capture_once_only_and_never_above_the_hold(stripe: StripeCalls) -> None:
    hold = _hold(stripe)
    above = stripe.server("POST", f"payment_intents/{hold['id']}/capture", amount_to_capture="5001")
    assert above.status_code == 400 and above.json()["error"]["param"] == "amount_to_capture"
    assert stripe.server("POST", f"payment_intents/{hold['id']}/capture").status_code == 200
    again = stripe.server("POST", f"payment_intents/{hold['id']}/capture")
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "payment_intent_unexpected_state"


def test_a_hold_lapses_after_seven_days(stripe: StripeCalls) -> None:
    hold = _hold(stripe)
    sandbox = stripe.http.app.state.sandbox  # type: ignore[attr-defined]
    settings = sandbox.settings
    settings.clock_offset_seconds = 7 * 24 * 3600 + 60
    with sandbox.store.transaction():
        sandbox.save_settings(settings)
    lapsed = stripe.server("GET", f"payment_intents/{hold['id']}").json()
    assert (lapsed["status"], lapsed["cancellation_reason"]) == ("canceled", "automatic")
    assert stripe.server("POST", f"payment_intents/{hold['id']}/capture").status_code == 400


def test_cancel_releases_a_hold(stripe: StripeCalls) -> None:
    hold = _hold(stripe)
    canceled = stripe.server("POST", f"payment_intents/{hold['id']}/cancel").json()
    assert canceled["status"] == "canceled"
