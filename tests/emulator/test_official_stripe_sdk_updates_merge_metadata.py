"""Updates as Stripe documents them: the fields given change, the others stay, and metadata merges key by key
(https://docs.stripe.com/api/metadata: "You can unset an individual key by setting its value to an empty
string, or unset all keys by posting an empty value to metadata").
"""

from __future__ import annotations

import pytest
import stripe

from tests.emulator.sdk_support import OfficialStripe

ADDRESS = {"line1": "Invalidenstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def test_a_customer_update_sets_every_updatable_field(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/customers/update
    customer = official_stripe.customer(email="before@example.com", metadata={"keep": "1"})
    pm = official_stripe.saved_card(customer.id)
    updated = official_stripe.secret.v1.customers.update(
        customer.id,
        params={
            "name": "Ada Lovelace",
            "email": "after@example.com",
            "phone": "+49301234",
            "description": "pays by card",
            "address": ADDRESS,
            "shipping": {"name": "Ada", "address": ADDRESS},
            "preferred_locales": ["de", "en"],
            "balance": -500,
            "tax_exempt": "reverse",
            "invoice_settings": {"default_payment_method": pm.id, "footer": "Danke"},
            "metadata": {"plan": "pro"},
        },
    )
    fetched = official_stripe.secret.v1.customers.retrieve(customer.id)
    assert updated.to_dict() == fetched.to_dict()
    assert (fetched.name, fetched.email, fetched.phone, fetched.description) == (
        "Ada Lovelace",
        "after@example.com",
        "+49301234",
        "pays by card",
    )
    assert fetched.address.city == "Berlin" and fetched.address.line2 is None and fetched.shipping.name == "Ada"
    assert (fetched.preferred_locales, fetched.balance, fetched.tax_exempt) == (["de", "en"], -500, "reverse")
    assert fetched.invoice_settings.default_payment_method == pm.id and fetched.invoice_settings.footer == "Danke"
    assert fetched.metadata.to_dict() == {"keep": "1", "plan": "pro"}


def test_an_empty_string_unsets_a_field_or_a_metadata_key(official_stripe: OfficialStripe) -> None:
    customers = official_stripe.secret.v1.customers
    customer = official_stripe.customer(email="x@example.com", name="X", metadata={"a": "1", "b": "2"})
    merged = customers.update(customer.id, params={"metadata": {"b": "", "c": "3"}, "email": ""})
    assert merged.metadata.to_dict() == {"a": "1", "c": "3"}
    assert merged.email is None and merged.name == "X"
    cleared = customers.update(customer.id, params={"metadata": ""})
    assert cleared.metadata.to_dict() == {} and cleared.name == "X"


def test_a_default_payment_method_must_belong_to_the_customer(official_stripe: OfficialStripe) -> None:
    owner, other = official_stripe.customer(), official_stripe.customer()
    pm = official_stripe.saved_card(owner.id)
    with pytest.raises(stripe.InvalidRequestError) as refused:
        official_stripe.secret.v1.customers.update(
            other.id, params={"invoice_settings": {"default_payment_method": pm.id}}
        )
    assert refused.value.param == "invoice_settings[default_payment_method]"
    assert official_stripe.secret.v1.customers.retrieve(other.id).invoice_settings.default_payment_method is None


def test_a_payment_intent_update_changes_amount_until_it_is_paid_and_metadata_always(
    official_stripe: OfficialStripe,
) -> None:
    # https://docs.stripe.com/api/payment_intents/update
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id)
    pis = official_stripe.secret.v1.payment_intents
    intent = pis.create(params={"amount": 1000, "currency": "eur", "customer": customer.id, "metadata": {"a": "1"}})
    updated = pis.update(
        intent.id, params={"amount": 2500, "description": "session 7", "metadata": {"b": "2"}, "payment_method": pm.id}
    )
    assert (updated.amount, updated.description, updated.status) == (2500, "session 7", "requires_confirmation")
    assert updated.metadata.to_dict() == {"a": "1", "b": "2"}
    paid = pis.confirm(intent.id, params={"off_session": True})
    assert paid.status == "succeeded" and paid.amount_received == 2500
    with pytest.raises(stripe.InvalidRequestError) as refused:
        pis.update(intent.id, params={"amount": 3000})
    assert refused.value.code == "payment_intent_unexpected_state"
    assert pis.update(intent.id, params={"metadata": {"a": ""}}).metadata.to_dict() == {"b": "2"}


def test_a_setup_intent_keeps_and_merges_its_metadata(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/setup_intents/update
    sis = official_stripe.secret.v1.setup_intents
    intent = sis.create(params={"metadata": {"user": "u1"}, "description": "first card"})
    updated = sis.update(intent.id, params={"metadata": {"source": "app"}, "description": "card"})
    assert updated.metadata.to_dict() == {"user": "u1", "source": "app"} and updated.description == "card"


def test_a_payment_method_update_changes_billing_details_and_metadata(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/payment_methods/update
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id)
    assert pm.billing_details.name is None
    updated = official_stripe.secret.v1.payment_methods.update(
        pm.id,
        params={"billing_details": {"name": "Ada", "address": {"city": "Berlin"}}, "metadata": {"label": "work"}},
    )
    assert updated.billing_details.name == "Ada" and updated.billing_details.address.city == "Berlin"
    assert updated.billing_details.address.line1 is None and updated.metadata.to_dict() == {"label": "work"}
    assert updated.card.fingerprint == pm.card.fingerprint
