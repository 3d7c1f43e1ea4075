"""Every test card, on setup, off-session and on-session, behaves as Stripe documents it.

The expectations come from the card vocabulary (`connect_cert.fixtures.cards`), never from the emulator's
own card table (docs/reference.md#test-cards).
"""

from __future__ import annotations

from typing import Any

import pytest

from connect_cert.fixtures.cards import (
    ALL_CARDS,
    CHALLENGED,
    THREE_DS_3184,
    THREE_DS_ON_SETUP_3155,
    VISA_4242,
    Challenge,
    Outcome,
    Phase,
    TestCard,
)
from tests.emulator.support import StripeCalls

SAVEABLE = tuple(c for c in ALL_CARDS if c.off_session is not Outcome.CANNOT_BE_SAVED)
# What a SetupIntent confirm answers with 200, by the card's setup outcome.
SETUP_STATUS = {Outcome.SUCCEEDED: "succeeded", Outcome.CHALLENGE: "requires_action"}


def _methods(stripe: StripeCalls, customer: str) -> list[dict[str, Any]]:
    return stripe.server("GET", f"customers/{customer}/payment_methods").json()["data"]


def _last4(card: TestCard) -> str:
    return card.last4


@pytest.mark.parametrize("card", ALL_CARDS, ids=_last4)
def test_setup_intent_confirm(stripe: StripeCalls, card: TestCard) -> None:
    customer = stripe.customer()
    intent = stripe.setup_intent(customer)
    response = stripe.confirm_setup(intent, card.number)
    if card.setup is Outcome.DECLINED:
        assert response.status_code == 402
        error = response.json()["error"]
        assert error["type"] == "card_error"
        assert (error["code"], error["decline_code"]) == card.error(Phase.SETUP)
        assert error["setup_intent"]["status"] == "requires_payment_method"
        assert _methods(stripe, customer) == [], "a declined card must not be attached"
        return
    assert response.status_code == 200, response.text
    assert response.json()["status"] == SETUP_STATUS[card.setup]
    attached = [m["card"]["last4"] for m in _methods(stripe, customer)]
    assert attached == ([card.last4] if card.setup is Outcome.SUCCEEDED else []), "attached only once set up"


@pytest.mark.parametrize("card", SAVEABLE, ids=_last4)
def test_later_off_session_payment(stripe: StripeCalls, card: TestCard) -> None:
    customer = stripe.customer()
    pm = stripe.saved_card(customer, card.number)
    response = stripe.off_session(customer, pm)
    if card.off_session is Outcome.SUCCEEDED:
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "succeeded"
        return
    expected = card.error(Phase.OFF_SESSION)
    assert expected, f"…{card.last4}: an off-session {card.off_session.value} names its error"
    assert response.status_code == 402
    error = response.json()["error"]
    assert (error["code"], error["decline_code"]) == expected
    # Off-session failures leave the intent awaiting a payment method, never requires_action.
    assert error["payment_intent"]["status"] == "requires_payment_method"
    assert error["payment_intent"]["last_payment_error"]["code"] == expected[0]


@pytest.mark.parametrize("card", ALL_CARDS, ids=_last4)
def test_on_session_payment(stripe: StripeCalls, card: TestCard) -> None:
    customer = stripe.customer()
    intent = stripe.server("POST", "payment_intents", amount="1234", currency="eur", customer=customer).json()
    response = stripe.client(
        "POST",
        f"payment_intents/{intent['id']}/confirm",
        intent["client_secret"],
        **{
            "payment_method_data[type]": "card",
            "payment_method_data[card][number]": card.number,
            "payment_method_data[card][exp_month]": "1",
            "payment_method_data[card][exp_year]": "2035",
        },
    )
    if card.on_session is Outcome.SUCCEEDED:
        assert response.json()["status"] == "succeeded"
        return
    if card.on_session is Outcome.DECLINED:
        assert response.status_code == 402
        assert response.json()["error"]["decline_code"] == card.decline_code
        return
    assert card.on_session in CHALLENGED, card.on_session
    assert response.json()["status"] == "requires_action"
    stripe.answer_challenge(response.json(), Challenge.COMPLETE)
    after = stripe.client("GET", f"payment_intents/{intent['id']}", intent["client_secret"]).json()
    if card.on_session is Outcome.CHALLENGE:
        assert after["status"] == "succeeded"
        return
    assert after["status"] == "requires_payment_method"
    assert after["last_payment_error"]["decline_code"] == card.decline_code


def test_3184_asks_for_3ds_on_every_payment(stripe: StripeCalls) -> None:
    customer = stripe.customer()
    pm = stripe.saved_card(customer, THREE_DS_3184.number)
    for _ in range(2):
        intent = stripe.server("POST", "payment_intents", amount="700", currency="eur", customer=customer).json()
        confirmed = stripe.client(
            "POST", f"payment_intents/{intent['id']}/confirm", intent["client_secret"], payment_method=pm
        ).json()
        assert confirmed["status"] == "requires_action"
        stripe.answer_challenge(confirmed, Challenge.COMPLETE)


def test_3155_off_session_needs_the_card_set_up_first(stripe: StripeCalls) -> None:
    customer = stripe.customer()
    raw = stripe.client(
        "POST",
        "payment_methods",
        "",
        **{
            "type": "card",
            "card[number]": THREE_DS_ON_SETUP_3155.number,
            "card[exp_month]": "3",
            "card[exp_year]": "2033",
        },
    )
    pm = raw.json()["id"]
    stripe.server("POST", f"payment_methods/{pm}/attach", customer=customer)
    assert stripe.off_session(customer, pm).json()["error"]["code"] == "authentication_required"


def test_unknown_and_invalid_numbers_are_refused(stripe: StripeCalls) -> None:
    intent = stripe.setup_intent(stripe.customer())
    live = stripe.confirm_setup(intent, "4539578763621486").json()["error"]
    assert live["decline_code"] == "test_mode_live_card"
    bad_check_digit = VISA_4242.number[:-1] + "1"
    assert stripe.confirm_setup(intent, bad_check_digit).json()["error"]["code"] == "incorrect_number"
