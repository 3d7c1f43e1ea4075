"""`expand[]` as Stripe documents it (https://docs.stripe.com/api/expanding_objects): an expandable field's id
becomes the object, expansions nest with dots (at most four levels), lists expand their items under `data.`,
and requests and responses of every method, POST included, take them.
"""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from tests.emulator.sdk_support import OfficialStripe, off_session


def _paid(official_stripe: OfficialStripe, **extra: Any) -> stripe.PaymentIntent:
    customer = official_stripe.customer(email="expand@example.com")
    pm = official_stripe.saved_card(customer.id)
    return official_stripe.secret.v1.payment_intents.create(params=off_session(customer.id, pm.id, 1500, **extra))


def test_an_intent_expands_its_payment_method_customer_and_charge(official_stripe: OfficialStripe) -> None:
    intent = _paid(official_stripe)
    assert isinstance(intent.payment_method, str) and isinstance(intent.customer, str)
    expanded = official_stripe.secret.v1.payment_intents.retrieve(
        intent.id, params={"expand": ["payment_method", "customer", "latest_charge"]}
    )
    assert expanded.payment_method.id == intent.payment_method and expanded.payment_method.card.last4 == "4242"
    assert expanded.customer.id == intent.customer and expanded.customer.email == "expand@example.com"
    assert expanded.latest_charge.id == intent.latest_charge and expanded.latest_charge.paid is True


def test_expansions_nest_and_work_on_post(official_stripe: OfficialStripe) -> None:
    intent = _paid(official_stripe, expand=["latest_charge.customer", "latest_charge.payment_intent"])
    assert intent.latest_charge.customer.email == "expand@example.com"
    assert intent.latest_charge.payment_intent.id == intent.id
    assert intent.latest_charge.payment_intent.latest_charge == intent.latest_charge.id


def test_a_customer_expands_its_default_payment_method(official_stripe: OfficialStripe) -> None:
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id)
    official_stripe.secret.v1.customers.update(
        customer.id, params={"invoice_settings": {"default_payment_method": pm.id}}
    )
    plain = official_stripe.secret.v1.customers.retrieve(customer.id)
    expanded = official_stripe.secret.v1.customers.retrieve(
        customer.id, params={"expand": ["invoice_settings.default_payment_method"]}
    )
    assert plain.invoice_settings.default_payment_method == pm.id
    assert expanded.invoice_settings.default_payment_method.card.fingerprint == pm.card.fingerprint


def test_lists_expand_their_items_under_data(official_stripe: OfficialStripe) -> None:
    intent = _paid(official_stripe)
    page = official_stripe.secret.v1.charges.list(
        params={"payment_intent": intent.id, "expand": ["data.customer", "data.payment_intent"]}
    )
    assert [c.payment_intent.id for c in page.data] == [intent.id]
    assert page.data[0].customer.email == "expand@example.com"
    with pytest.raises(stripe.InvalidRequestError) as refused:
        official_stripe.secret.v1.charges.list(params={"expand": ["customer"]})
    assert "data.customer" in (refused.value.user_message or "")


def test_a_field_that_is_not_expandable_or_too_deep_is_refused(official_stripe: OfficialStripe) -> None:
    intent = _paid(official_stripe)
    retrieve = official_stripe.secret.v1.payment_intents.retrieve
    with pytest.raises(stripe.InvalidRequestError) as flat:
        retrieve(intent.id, params={"expand": ["amount"]})
    with pytest.raises(stripe.InvalidRequestError) as deep:
        retrieve(intent.id, params={"expand": ["latest_charge.payment_intent.latest_charge.payment_intent.customer"]})
    assert flat.value.user_message == "This property cannot be expanded (amount)."
    assert "more than 4 levels" in (deep.value.user_message or "")
    assert (
        retrieve(intent.id, params={"expand": ["latest_charge.payment_intent.latest_charge.customer"]}).id == intent.id
    )


def test_a_payment_method_expands_its_customer(official_stripe: OfficialStripe) -> None:
    customer = official_stripe.customer(name="Grace")
    pm = official_stripe.saved_card(customer.id)
    expanded = official_stripe.secret.v1.payment_methods.retrieve(pm.id, params={"expand": ["customer"]})
    assert expanded.customer.name == "Grace"
