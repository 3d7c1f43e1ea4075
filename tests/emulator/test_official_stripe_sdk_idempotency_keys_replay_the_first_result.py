"""Idempotency keys as Stripe documents them (https://docs.stripe.com/api/idempotent_requests):

- the status and body of the first request for a key are saved, errors included, and a retry with the same key
  gets them again (`Idempotent-Replayed: true`) without doing anything twice;
- the same key with other parameters, or on another endpoint, is an `idempotency_error`;
- nothing is saved for a request that failed validation;
- keys are up to 255 characters and may be pruned after 24 hours, after which a reused key is a new request.

The sandbox's own Stripe calls (the Connect API's holds and charges) follow the same rules in-process.
"""

from __future__ import annotations

import uuid

import pytest
import stripe

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.store import Store
from connect_cert.sandbox.stripe import payment_methods, service
from tests.emulator.sdk_support import OfficialStripe, off_session


def _key() -> str:
    return str(uuid.uuid4())


def test_a_retried_create_with_the_same_key_replays_the_first_customer(official_stripe: OfficialStripe) -> None:
    key, email = _key(), f"{uuid.uuid4().hex[:8]}@example.com"
    customers = official_stripe.secret.v1.customers
    first = customers.create(params={"email": email}, options={"idempotency_key": key})
    original = official_stripe.recorder.last("post", "/v1/customers")
    retried = customers.create(params={"email": email}, options={"idempotency_key": key})
    replay = official_stripe.recorder.last("post", "/v1/customers")
    other = customers.create(params={"email": email}, options={"idempotency_key": _key()})
    assert other.id != first.id, "a new key makes a new customer"
    assert retried.id == first.id
    assert "Idempotent-Replayed" not in original.headers
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.headers["Original-Request"] == original.headers["Request-Id"]
    assert replay.headers["Request-Id"] != original.headers["Request-Id"]
    assert len(customers.list(params={"email": email}).data) == 2


def test_a_retried_confirmed_payment_charges_once(official_stripe: OfficialStripe) -> None:
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id)
    params = off_session(customer.id, pm.id, 4200)
    key = _key()
    first = official_stripe.secret.v1.payment_intents.create(params=params, options={"idempotency_key": key})
    again = official_stripe.secret.v1.payment_intents.create(params=params, options={"idempotency_key": key})
    assert first.status == again.status == "succeeded" and again.id == first.id
    assert len(official_stripe.secret.v1.payment_intents.list(params={"customer": customer.id}).data) == 1
    assert len(official_stripe.secret.v1.charges.list(params={"customer": customer.id}).data) == 1


def test_a_declined_request_is_replayed_with_its_error(official_stripe: OfficialStripe) -> None:
    # "... regardless of whether it succeeds or fails. Subsequent requests with the same key return the same
    # result."
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id, "pm_card_chargeCustomerFail")
    params = off_session(customer.id, pm.id, 4200)
    key = _key()
    errors = []
    for _ in range(2):
        with pytest.raises(stripe.CardError) as declined:
            official_stripe.secret.v1.payment_intents.create(params=params, options={"idempotency_key": key})
        errors.append(declined.value)
    assert errors[0].json_body == errors[1].json_body
    assert errors[1].headers["Idempotent-Replayed"] == "true"
    assert len(official_stripe.secret.v1.charges.list(params={"customer": customer.id}).data) == 1


def test_the_same_key_with_other_parameters_or_another_endpoint_is_an_idempotency_error(
    official_stripe: OfficialStripe,
) -> None:
    key = _key()
    customer = official_stripe.secret.v1.customers.create(params={"name": "Ada"}, options={"idempotency_key": key})
    with pytest.raises(stripe.IdempotencyError) as other_params:
        official_stripe.secret.v1.customers.create(params={"name": "Grace"}, options={"idempotency_key": key})
    with pytest.raises(stripe.IdempotencyError) as other_endpoint:
        official_stripe.secret.v1.customers.update(
            customer.id, params={"name": "Ada"}, options={"idempotency_key": key}
        )
    for refused in (other_params.value, other_endpoint.value):
        assert refused.http_status == 400 and refused.json_body["error"]["type"] == "idempotency_error"
        assert key in (refused.user_message or "")
    assert f"/v1/customers/{customer.id}" in (other_endpoint.value.user_message or "")
    assert official_stripe.secret.v1.customers.retrieve(customer.id).name == "Ada"


def test_a_request_that_failed_validation_saves_nothing(official_stripe: OfficialStripe) -> None:
    # "If incoming parameters fail validation ... no idempotent result is saved."
    key = _key()
    with pytest.raises(stripe.InvalidRequestError) as invalid:
        official_stripe.secret.v1.customers.create(params={"nickname": "Ada"}, options={"idempotency_key": key})
    created = official_stripe.secret.v1.customers.create(params={"name": "Ada"}, options={"idempotency_key": key})
    assert invalid.value.code == "parameter_unknown"
    assert created.name == "Ada" and "Idempotent-Replayed" not in official_stripe.recorder.last("post").headers


def test_keys_are_at_most_255_characters(official_stripe: OfficialStripe) -> None:
    # "Idempotency keys are up to 255 characters long."
    fits = official_stripe.secret.v1.customers.create(options={"idempotency_key": "k" * 255})
    with pytest.raises(stripe.InvalidRequestError):
        official_stripe.secret.v1.customers.create(options={"idempotency_key": "k" * 256})
    assert fits.id.startswith("cus_")


def test_a_key_older_than_24_hours_makes_a_new_request(official_stripe: OfficialStripe) -> None:
    # "You can remove keys from the system automatically after they're at least 24 hours old. We generate a new
    # request if a key is reused after the original is pruned."
    key = _key()
    first = official_stripe.secret.v1.customers.create(options={"idempotency_key": key})
    within = official_stripe.secret.v1.customers.create(options={"idempotency_key": key})
    moved = official_stripe.sandbox.post("/_sandbox/clock", json={"advance_seconds": 24 * 3600 + 1})
    assert moved.status_code == 200
    later = official_stripe.secret.v1.customers.create(options={"idempotency_key": key})
    assert within.id == first.id and later.id != first.id


def _sandbox_with_card(test_id: str) -> tuple[Sandbox, str, str]:
    sb = Sandbox(Store())
    customer = service.create_customer(sb)
    pm = payment_methods.attach_payment_method(sb, test_id, customer["id"])
    return sb, customer["id"], pm["id"]


def test_the_sandboxs_own_calls_charge_once_per_key() -> None:
    sb, customer, pm = _sandbox_with_card("pm_card_visa")
    with sb.store.transaction():
        intents = [
            service.create_payment_intent(
                sb, amount=900, currency="eur", customer_id=customer, payment_method_id=pm, idempotency_key="final-s1"
            )
            for _ in range(2)
        ]
        other = service.create_payment_intent(
            sb, amount=900, currency="eur", customer_id=customer, payment_method_id=pm, idempotency_key="final-s2"
        )
    assert other["id"] != intents[0]["id"], "another key charges again"
    assert intents[0] == intents[1] and len(sb.store.list("charge")) == 2


def test_the_sandboxs_own_declined_call_replays_its_card_error() -> None:
    sb, customer, pm = _sandbox_with_card("pm_card_chargeCustomerFail")
    declined = []
    for _ in range(2):
        with pytest.raises(service.CardError) as error:
            service.create_payment_intent(
                sb, amount=900, currency="eur", customer_id=customer, payment_method_id=pm, idempotency_key="final-s3"
            )
        declined.append(error.value)
    assert declined[0].payment_intent["id"] == declined[1].payment_intent["id"]
    assert declined[1].decline_code == "generic_decline" and len(sb.store.list("payment_intent")) == 1
