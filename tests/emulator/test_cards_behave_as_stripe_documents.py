"""Every test card of FACTS.md, on setup, off-session and on-session, as Stripe documents it.

The expectations are written here from Stripe's pages, not read from the emulator's card table.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.conftest import StripeCalls

# card -> SetupIntent outcome: a status, or ("declined", decline_code)
SETUP: dict[str, Any] = {
    "4242424242424242": "succeeded",
    "4000002760003184": "requires_action",
    "4000002500003155": "requires_action",
    "4000000000003220": "requires_action",
    "4000008260003178": "requires_action",
    "4000000000009995": ("declined", "insufficient_funds"),
    "4000000000000002": ("declined", "generic_decline"),
    "4000000000000341": "succeeded",
    "4000003800000446": "succeeded",
}

# saved card -> later off-session PaymentIntent: "succeeded" or (code, decline_code)
OFF_SESSION: dict[str, Any] = {
    "4242424242424242": "succeeded",
    "4000002760003184": ("authentication_required", "authentication_required"),
    "4000002500003155": "succeeded",
    "4000000000003220": ("authentication_required", "authentication_required"),
    "4000008260003178": ("card_declined", "insufficient_funds"),
    "4000000000000341": ("card_declined", "generic_decline"),
    "4000003800000446": "succeeded",
}

# card -> on-session confirm: "succeeded", ("3ds", status after Complete) or ("declined", decline_code)
ON_SESSION: dict[str, Any] = {
    "4242424242424242": "succeeded",
    "4000002760003184": ("3ds", "succeeded"),
    "4000002500003155": ("3ds", "succeeded"),
    "4000000000003220": ("3ds", "succeeded"),
    "4000008260003178": ("3ds", "requires_payment_method"),
    "4000000000009995": ("declined", "insufficient_funds"),
    "4000000000000002": ("declined", "generic_decline"),
    "4000000000000341": ("declined", "generic_decline"),
    "4000003800000446": ("3ds", "succeeded"),
}


def _methods(stripe: StripeCalls, customer: str) -> list[dict[str, Any]]:
    return stripe.server("GET", f"customers/{customer}/payment_methods").json()["data"]


@pytest.mark.parametrize("number", SETUP)
def test_setup_intent_confirm(stripe: StripeCalls, number: str) -> None:
    customer = stripe.customer()
    intent = stripe.setup_intent(customer)
    response = stripe.confirm_setup(intent, number)
    expected = SETUP[number]
    if isinstance(expected, tuple):
        assert response.status_code == 402
        error = response.json()["error"]
        assert (error["type"], error["code"], error["decline_code"]) == ("card_error", "card_declined", expected[1])
        assert error["setup_intent"]["status"] == "requires_payment_method"
        assert _methods(stripe, customer) == [], "a declined card must not be attached"
        return
    assert response.status_code == 200, response.text
    assert response.json()["status"] == expected
    attached = [m["card"]["last4"] for m in _methods(stripe, customer)]
    assert attached == ([number[-4:]] if expected == "succeeded" else []), "attached only once set up"


@pytest.mark.parametrize("number", OFF_SESSION)
def test_later_off_session_payment(stripe: StripeCalls, number: str) -> None:
    customer = stripe.customer()
    pm = stripe.saved_card(customer, number)
    response = stripe.off_session(customer, pm)
    expected = OFF_SESSION[number]
    if expected == "succeeded":
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "succeeded"
        return
    assert response.status_code == 402
    error = response.json()["error"]
    assert (error["code"], error["decline_code"]) == expected
    # Off-session failures leave the intent awaiting a payment method, never requires_action.
    assert error["payment_intent"]["status"] == "requires_payment_method"
    assert error["payment_intent"]["last_payment_error"]["code"] == expected[0]


@pytest.mark.parametrize("number", ON_SESSION)
def test_on_session_payment(stripe: StripeCalls, number: str) -> None:
    customer = stripe.customer()
    intent = stripe.server("POST", "payment_intents", amount="1234", currency="eur", customer=customer).json()
    response = stripe.client(
        "POST",
        f"payment_intents/{intent['id']}/confirm",
        intent["client_secret"],
        **{
            "payment_method_data[type]": "card",
            "payment_method_data[card][number]": number,
            "payment_method_data[card][exp_month]": "1",
            "payment_method_data[card][exp_year]": "2035",
        },
    )
    expected = ON_SESSION[number]
    if expected == "succeeded":
        assert response.json()["status"] == "succeeded"
        return
    if expected[0] == "declined":
        assert response.status_code == 402
        assert response.json()["error"]["decline_code"] == expected[1]
        return
    assert response.json()["status"] == "requires_action"
    stripe.answer_challenge(response.json(), "complete")
    after = stripe.client("GET", f"payment_intents/{intent['id']}", intent["client_secret"]).json()
    assert after["status"] == expected[1]
    if expected[1] == "requires_payment_method":
        assert after["last_payment_error"]["decline_code"] == "insufficient_funds"


def test_3184_asks_for_3ds_on_every_payment(stripe: StripeCalls) -> None:
    customer = stripe.customer()
    pm = stripe.saved_card(customer, "4000002760003184")
    for _ in range(2):
        intent = stripe.server("POST", "payment_intents", amount="700", currency="eur", customer=customer).json()
        confirmed = stripe.client(
            "POST", f"payment_intents/{intent['id']}/confirm", intent["client_secret"], payment_method=pm
        ).json()
        assert confirmed["status"] == "requires_action"
        stripe.answer_challenge(confirmed, "complete")


def test_3155_off_session_needs_the_card_set_up_first(stripe: StripeCalls) -> None:
    customer = stripe.customer()
    raw = stripe.client(
        "POST",
        "payment_methods",
        "",
        **{"type": "card", "card[number]": "4000002500003155", "card[exp_month]": "3", "card[exp_year]": "2033"},
    )
    pm = raw.json()["id"]
    stripe.server("POST", f"payment_methods/{pm}/attach", customer=customer)
    assert stripe.off_session(customer, pm).json()["error"]["code"] == "authentication_required"


def test_unknown_and_invalid_numbers_are_refused(stripe: StripeCalls) -> None:
    intent = stripe.setup_intent(stripe.customer())
    live = stripe.confirm_setup(intent, "4539578763621486").json()["error"]
    assert live["decline_code"] == "test_mode_live_card"
    assert stripe.confirm_setup(intent, "4242424242424241").json()["error"]["code"] == "incorrect_number"
