"""Refusals reach the official `stripe` package as the typed errors Stripe's own answers become: unknown routes
and methods, unknown or malformed parameters, bad keys, amounts below the minimum, declines.

Error handling: https://docs.stripe.com/api/errors (type, code, param, doc_url, and for card errors the
PaymentIntent and PaymentMethod involved).
"""

from __future__ import annotations

import pytest
import stripe

from connect_cert.sandbox import identity
from tests.emulator.sdk_support import OfficialStripe, as_dict, off_session


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/v1/refunds"), ("delete", "/v1/payment_intents/pi_123"), ("get", "/v1/payment_methods/pm_1/attach")],
)
def test_an_unknown_route_or_method_is_stripes_invalid_request_error(
    official_stripe: OfficialStripe, method: str, path: str
) -> None:
    # https://docs.stripe.com/api/errors: 404 "The requested resource doesn't exist", in the error envelope.
    with pytest.raises(stripe.InvalidRequestError) as refused:
        official_stripe.secret.raw_request(method, path)
    error = refused.value
    assert error.http_status == 404
    body = error.json_body["error"]
    assert body["type"] == "invalid_request_error" and body["doc_url"].startswith("https://")
    assert body["message"].startswith(f"Unrecognized request URL ({method.upper()}: {path})")
    # https://docs.stripe.com/api/request_ids: every answer names its request.
    assert error.request_id and error.request_id.startswith("req_")


def test_an_unknown_parameter_is_refused_by_name(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/error-codes/parameter-unknown
    customer = official_stripe.customer()
    assert customer.id.startswith("cus_")
    with pytest.raises(stripe.InvalidRequestError) as top:
        official_stripe.secret.v1.customers.create(params={"nickname": "Ada"})
    with pytest.raises(stripe.InvalidRequestError) as nested:
        official_stripe.secret.v1.customers.update(
            customer.id,
            params={"invoice_settings": {"colour": "blue"}},
        )
    assert (top.value.code, top.value.param, top.value.http_status) == ("parameter_unknown", "nickname", 400)
    assert top.value.user_message == "Received unknown parameter: nickname"
    assert (nested.value.code, nested.value.param) == ("parameter_unknown", "invoice_settings[colour]")
    assert official_stripe.secret.v1.customers.list(params={"limit": 100}).data[0].id == customer.id


def test_a_parameter_that_is_not_an_integer_is_parameter_invalid_integer(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/error-codes/parameter-invalid-integer
    with pytest.raises(stripe.InvalidRequestError) as refused:
        official_stripe.secret.v1.payment_intents.create(params={"amount": "abc", "currency": "eur"})
    assert (refused.value.code, refused.value.param) == ("parameter_invalid_integer", "amount")
    assert refused.value.user_message == "Invalid integer: abc"
    assert (
        refused.value.json_body["error"]["doc_url"] == "https://stripe.com/docs/error-codes/parameter-invalid-integer"
    )


def test_missing_and_empty_parameters_are_named(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/error-codes/parameter-missing and .../parameter-invalid-empty
    with pytest.raises(stripe.InvalidRequestError) as missing:
        official_stripe.secret.v1.payment_intents.create(params={"amount": 1000})
    customer = official_stripe.customer()
    with pytest.raises(stripe.InvalidRequestError) as empty:
        official_stripe.secret.v1.customers.update(customer.id, params={"balance": ""})
    assert (missing.value.code, missing.value.param) == ("parameter_missing", "currency")
    assert (empty.value.code, empty.value.param) == ("parameter_invalid_empty", "balance")


@pytest.mark.parametrize(
    ("currency", "amount", "message"),
    [
        ("usd", 49, "Amount must be at least $0.50 usd"),
        ("eur", 10, "Amount must be at least €0.50 eur"),
        ("gbp", 29, "Amount must be at least £0.30 gbp"),
        ("jpy", 49, "Amount must be at least ¥50 jpy"),
    ],
)
def test_an_amount_below_the_minimum_names_the_intents_own_currency(
    official_stripe: OfficialStripe, currency: str, amount: int, message: str
) -> None:
    # https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts and .../error-codes/amount-too-small
    minimum = {"usd": 50, "eur": 50, "gbp": 30, "jpy": 50}[currency]
    accepted = official_stripe.secret.v1.payment_intents.create(params={"amount": minimum, "currency": currency})
    assert accepted.amount == minimum
    with pytest.raises(stripe.InvalidRequestError) as refused:
        official_stripe.secret.v1.payment_intents.create(params={"amount": amount, "currency": currency})
    assert (refused.value.code, refused.value.param) == ("amount_too_small", "amount")
    assert refused.value.user_message == message


def test_a_wrong_key_is_refused_showing_only_its_last_four_characters(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/errors: 401 "No valid API key provided" (Stripe shows the key's kind and its
    # last four characters, never the key).
    wrong = "sk_test_" + "0" * 24 + "WXYZ"
    client = stripe.StripeClient(wrong, base_addresses={"api": official_stripe.base}, max_network_retries=0)
    with pytest.raises(stripe.AuthenticationError) as refused:
        client.v1.customers.list()
    message = refused.value.user_message or ""
    assert refused.value.http_status == 401 and message.startswith("Invalid API Key provided: sk_test_")
    assert message.endswith("WXYZ") and wrong not in message and "*" in message


def test_http_basic_auth_with_the_secret_key_is_accepted(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/authentication: "Provide your API key as the basic auth username value. You
    # do not need to provide a password." (curl -u sk_test_...:)
    customer = official_stripe.customer(email="basic@example.com")
    refused = official_stripe.raw("GET", f"/v1/customers/{customer.id}", auth=("sk_test_unknown", ""))
    answered = official_stripe.raw("GET", f"/v1/customers/{customer.id}", auth=(identity.SECRET_KEY, ""))
    assert refused.status_code == 401
    assert answered.status_code == 200 and answered.json()["email"] == "basic@example.com"
    assert answered.headers["Request-Id"].startswith("req_")


def test_cancel_keeps_the_reason_given_or_none(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/payment_intents/cancel and https://docs.stripe.com/api/setup_intents/cancel:
    # cancellation_reason is the one given (duplicate, fraudulent, requested_by_customer or abandoned), else null.
    pis = official_stripe.secret.v1.payment_intents
    plain = pis.cancel(pis.create(params={"amount": 1000, "currency": "eur"}).id)
    duplicate = pis.cancel(
        pis.create(params={"amount": 1000, "currency": "eur"}).id, params={"cancellation_reason": "duplicate"}
    )
    abandoned = official_stripe.secret.v1.setup_intents.cancel(
        official_stripe.secret.v1.setup_intents.create().id, params={"cancellation_reason": "abandoned"}
    )
    with pytest.raises(stripe.InvalidRequestError) as refused:
        pis.cancel(pis.create(params={"amount": 1000, "currency": "eur"}).id, params={"cancellation_reason": "whim"})
    assert (plain.status, plain.cancellation_reason) == ("canceled", None)
    assert duplicate.cancellation_reason == "duplicate" and abandoned.cancellation_reason == "abandoned"
    assert refused.value.param == "cancellation_reason"


def test_a_decline_with_the_secret_key_embeds_the_whole_intent_and_its_charge(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/errors: a card_error carries the PaymentIntent (the object, as a retrieve
    # answers it), the PaymentMethod and the failed charge's id.
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id, "pm_card_chargeCustomerFail")
    with pytest.raises(stripe.CardError) as declined:
        official_stripe.secret.v1.payment_intents.create(params=off_session(customer.id, pm.id, 3000))
    error = declined.value
    body = error.json_body["error"]
    assert (error.http_status, error.code, body["decline_code"]) == (402, "card_declined", "generic_decline")
    embedded = body["payment_intent"]
    assert embedded == as_dict(official_stripe.secret.v1.payment_intents.retrieve(embedded["id"]))
    assert embedded["customer"] == customer.id and embedded["status"] == "requires_payment_method"
    assert body["charge"] == embedded["latest_charge"] and body["payment_method"]["id"] == pm.id
