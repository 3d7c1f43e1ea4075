"""The official `stripe` package reads customers, payment methods, intents and charges from the emulator in
Stripe's shape: every field Stripe returns is there (null when empty), so reading one never raises.

Every answer these tests receive is also checked against Stripe's published schemas (sdk_support).
"""

from __future__ import annotations

import pytest
import stripe

from tests.emulator.sdk_support import OfficialStripe, as_dict, off_session


def test_a_customer_carries_every_field_stripe_returns(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/customers/object
    customer = official_stripe.customer(email="ada@example.com")
    fetched = official_stripe.secret.v1.customers.retrieve(customer.id)
    assert fetched.id == customer.id and fetched.email == "ada@example.com"
    assert fetched.name is None and fetched.phone is None and fetched.address is None
    assert fetched.description is None and fetched.shipping is None and fetched.currency is None
    assert fetched.balance == 0 and fetched.delinquent is False and fetched.preferred_locales == []
    assert fetched.invoice_settings.default_payment_method is None and fetched.invoice_settings.footer is None
    assert fetched.tax_exempt == "none" and fetched.livemode is False and fetched.metadata.to_dict() == {}
    assert as_dict(fetched) == as_dict(customer)


def test_a_customer_keeps_its_name_and_metadata(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/customers/create
    customer = official_stripe.customer(name="Ada Lovelace", phone="+4930123456", metadata={"user": "u1"})
    fetched = official_stripe.secret.v1.customers.retrieve(customer.id)
    assert (fetched.name, fetched.phone, fetched.metadata.to_dict()) == ("Ada Lovelace", "+4930123456", {"user": "u1"})


def test_attaching_a_test_payment_method_id_makes_a_new_payment_method_each_time(
    official_stripe: OfficialStripe,
) -> None:
    # https://docs.stripe.com/api/payment_methods/attach (its example attaches pm_card_visa) and
    # https://docs.stripe.com/testing#cards: test PaymentMethod ids stand for a new card each time.
    customer = official_stripe.customer()
    first, second = official_stripe.saved_card(customer.id), official_stripe.saved_card(customer.id)
    assert first.id != second.id
    assert all(pm.id.startswith("pm_") and pm.id != "pm_card_visa" for pm in (first, second))
    assert first.customer == second.customer == customer.id
    listed = official_stripe.secret.v1.customers.payment_methods.list(customer.id)
    assert {pm.id for pm in listed.data} == {first.id, second.id}


def test_a_card_has_its_networks_and_one_fingerprint_per_card_number(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/payment_methods/object: card.fingerprint "uniquely identifies this particular
    # card number"; card.networks lists the networks the card can run on.
    customer = official_stripe.customer()
    visa_a, visa_b = (official_stripe.saved_card(customer.id) for _ in range(2))
    mastercard = official_stripe.saved_card(customer.id, "pm_card_mastercard")
    assert mastercard.card.fingerprint != visa_a.card.fingerprint
    assert visa_a.card.fingerprint == visa_b.card.fingerprint
    assert visa_a.card.networks.available == ["visa"] and visa_a.card.networks.preferred is None
    assert (visa_a.card.brand, visa_a.card.last4, visa_a.card.wallet) == ("visa", "4242", None)


def test_a_setup_intent_carries_every_field_and_keeps_metadata_and_description(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/setup_intents/object; without payment_method_types, automatic payment
    # methods are on (https://docs.stripe.com/upgrades#2023-08-16).
    customer = official_stripe.customer()
    intent = official_stripe.secret.v1.setup_intents.create(
        params={"customer": customer.id, "metadata": {"order": "o1"}, "description": "save a card"}
    )
    fetched = official_stripe.secret.v1.setup_intents.retrieve(intent.id)
    assert fetched.id == intent.id and fetched.status == "requires_payment_method"
    assert fetched.metadata.to_dict() == {"order": "o1"} and fetched.description == "save a card"
    assert fetched.latest_attempt is None and fetched.mandate is None and fetched.single_use_mandate is None
    assert fetched.automatic_payment_methods.enabled is True and fetched.payment_method_types == ["card"]
    assert fetched.payment_method_options.card.request_three_d_secure == "automatic"


def test_a_payment_names_its_charge_and_the_charge_tells_what_happened(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/payment_intents/object (latest_charge) and https://docs.stripe.com/api/charges/object
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id)
    intent = official_stripe.secret.v1.payment_intents.create(
        params=off_session(customer.id, pm.id, 2000, metadata={"session": "s1"})
    )
    assert intent.status == "succeeded" and intent.latest_charge
    charge = official_stripe.secret.v1.charges.retrieve(intent.latest_charge)
    assert (charge.payment_intent, charge.customer, charge.payment_method) == (intent.id, customer.id, pm.id)
    assert (charge.status, charge.paid, charge.captured, charge.amount_captured) == ("succeeded", True, True, 2000)
    assert charge.outcome.type == "authorized" and charge.payment_method_details.card.last4 == "4242"
    assert charge.metadata.to_dict() == {"session": "s1"} and charge.refunded is False
    listed = official_stripe.secret.v1.charges.list(params={"payment_intent": intent.id})
    assert [c.id for c in listed.data] == [charge.id]


def test_a_partial_capture_releases_the_rest_of_the_hold(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/payment_intents/capture: "Any additional amount is automatically refunded."
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id)
    intent = official_stripe.secret.v1.payment_intents.create(
        params=off_session(customer.id, pm.id, 5000, capture_method="manual")
    )
    held = official_stripe.secret.v1.charges.retrieve(intent.latest_charge)
    assert (held.captured, held.amount_captured, held.amount_refunded) == (False, 0, 0)
    captured = official_stripe.secret.v1.payment_intents.capture(intent.id, params={"amount_to_capture": 1800})
    assert captured.status == "succeeded" and captured.amount_received == 1800
    charge = official_stripe.secret.v1.charges.retrieve(intent.latest_charge)
    assert (charge.captured, charge.amount_captured, charge.amount_refunded) == (True, 1800, 3200)


def test_a_declined_payment_leaves_a_failed_charge(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/declines and https://docs.stripe.com/api/charges/object (failure_code, outcome)
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id, "pm_card_chargeCustomerFail")
    intent = official_stripe.secret.v1.payment_intents.create(
        params={"amount": 2000, "currency": "eur", "customer": customer.id, "payment_method": pm.id}
    )
    assert intent.latest_charge is None
    with pytest.raises(stripe.CardError) as declined:
        official_stripe.secret.v1.payment_intents.confirm(intent.id, params={"off_session": True})
    assert declined.value.code == "card_declined"
    failed = official_stripe.secret.v1.payment_intents.retrieve(intent.id)
    charge = official_stripe.secret.v1.charges.retrieve(failed.latest_charge)
    assert (charge.status, charge.paid, charge.failure_code) == ("failed", False, "card_declined")
    assert charge.outcome.type == "issuer_declined" and failed.last_payment_error.charge == charge.id
