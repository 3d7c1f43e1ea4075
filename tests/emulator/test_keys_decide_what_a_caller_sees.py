"""Stripe's key rules: secret key for the backend, publishable key + client secret for the frontend."""

from __future__ import annotations

import pytest

from connect_cert.sandbox import identity
from tests.emulator.support import StripeCalls


def test_publishable_key_reads_an_intent_only_with_its_client_secret(stripe: StripeCalls) -> None:
    intent = stripe.setup_intent(stripe.customer())
    path = f"setup_intents/{intent['id']}"
    assert stripe.client("GET", path, "").status_code == 400
    assert stripe.client("GET", path, intent["client_secret"] + "x").status_code == 400
    seen = stripe.client("GET", path, intent["client_secret"]).json()
    assert seen["id"] == intent["id"] and seen["status"] == "requires_payment_method"
    assert "customer" not in seen


def test_publishable_key_never_sees_customer_or_amount_capturable(stripe: StripeCalls) -> None:
    customer = stripe.customer()
    pm = stripe.saved_card(customer, "4242424242424242")
    intent = stripe.off_session(customer, pm, capture_method="manual").json()
    assert intent["status"] == "requires_capture" and intent["amount_capturable"] == 5000
    seen = stripe.client("GET", f"payment_intents/{intent['id']}", intent["client_secret"]).json()
    assert seen["status"] == "requires_capture"
    assert "customer" not in seen and "amount_capturable" not in seen


@pytest.mark.parametrize("path", ["customers", "setup_intents", "payment_intents"])
def test_server_calls_refuse_the_publishable_key(stripe: StripeCalls, path: str) -> None:
    response = stripe.http.post(f"/stripe/v1/{path}", headers={"Authorization": f"Bearer {identity.PUBLISHABLE_KEY}"})
    assert response.status_code == 401
    assert "secret API key" in response.json()["error"]["message"]


@pytest.mark.parametrize("key", [None, "sk_test_wrong", "sk_live_123", "pk_live_123"])
def test_missing_wrong_and_live_keys_are_refused(stripe: StripeCalls, key: str | None) -> None:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = stripe.http.post("/stripe/v1/customers", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert key is None or key not in response.text, "a key is never echoed back whole"


def test_test_payment_method_ids_make_a_fresh_method_each_time(stripe: StripeCalls) -> None:
    customer = stripe.customer()
    ids = set()
    for _ in range(2):
        intent = stripe.setup_intent(customer)
        done = stripe.client(
            "POST", f"setup_intents/{intent['id']}/confirm", intent["client_secret"], payment_method="pm_card_visa"
        ).json()
        assert done["status"] == "succeeded"
        ids.add(done["payment_method"])
    assert len(ids) == 2 and all(i.startswith("pm_") and i != "pm_card_visa" for i in ids)


@pytest.mark.parametrize(("token", "wallet"), [("tok_applepay", "apple_pay"), ("tok_googlepay", "google_pay")])
def test_wallet_test_cards_are_4242_with_their_wallet(stripe: StripeCalls, token: str, wallet: str) -> None:
    customer = stripe.customer()
    intent = stripe.setup_intent(customer)
    done = stripe.client(
        "POST",
        f"setup_intents/{intent['id']}/confirm",
        intent["client_secret"],
        **{"payment_method_data[type]": "card", "payment_method_data[card][token]": token},
    ).json()
    assert done["status"] == "succeeded"
    card = stripe.server("GET", f"customers/{customer}/payment_methods").json()["data"][0]["card"]
    assert (card["last4"], card["wallet"]["type"]) == ("4242", wallet)


def test_a_saved_method_of_another_customer_cannot_be_used(stripe: StripeCalls) -> None:
    owner, other = stripe.customer(), stripe.customer()
    pm = stripe.saved_card(owner, "4242424242424242")
    intent = stripe.server("POST", "payment_intents", amount="500", currency="eur", customer=other).json()
    response = stripe.client(
        "POST", f"payment_intents/{intent['id']}/confirm", intent["client_secret"], payment_method=pm
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "payment_method"
