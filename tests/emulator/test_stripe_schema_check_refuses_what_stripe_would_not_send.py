"""The schema check the official SDK's tests rely on (stripe_schemas) refuses an answer Stripe would not send:
a field of the wrong type, a documented field missing, a field Stripe's object does not have, a publishable
answer showing the customer. Without this, "every answer validates" could pass by checking nothing.
"""

from __future__ import annotations

import copy

from tests.emulator import stripe_schemas
from tests.emulator.sdk_support import OfficialStripe, as_dict, off_session


def test_untouched_answers_fit_and_tampered_ones_do_not(official_stripe: OfficialStripe) -> None:
    customer = official_stripe.customer(email="schema@example.com")
    pm = official_stripe.saved_card(customer.id)
    intent = official_stripe.secret.v1.payment_intents.create(
        params=off_session(customer.id, pm.id, 1200, expand=["latest_charge"])
    )
    objects = {"customer": as_dict(customer), "payment_method": as_dict(pm), "payment_intent": as_dict(intent)}
    for body in objects.values():
        assert stripe_schemas.problems(body) == []

    wrong_type = copy.deepcopy(objects["customer"])
    wrong_type["balance"] = "0"
    assert stripe_schemas.problems(wrong_type) == ["balance: '0' is not of type 'integer'"]

    missing = copy.deepcopy(objects["customer"])
    del missing["name"]
    assert any("'name' is a required property" in p for p in stripe_schemas.problems(missing))

    nested_missing = copy.deepcopy(objects["payment_method"])
    del nested_missing["card"]["networks"]
    assert any("'networks' is a required property" in p for p in stripe_schemas.problems(nested_missing))

    leaked = copy.deepcopy(objects["payment_intent"])
    leaked["_card_number"] = "4242424242424242"
    assert any("_card_number" in p for p in stripe_schemas.problems(leaked))

    bad_expansion = copy.deepcopy(objects["payment_intent"])
    bad_expansion["latest_charge"]["amount"] = 12.5
    assert stripe_schemas.problems(bad_expansion) != []


def test_a_publishable_answer_must_not_show_the_customer(official_stripe: OfficialStripe) -> None:
    customer = official_stripe.customer()
    intent = official_stripe.secret.v1.setup_intents.create(params={"customer": customer.id})
    seen = official_stripe.publishable.v1.setup_intents.retrieve(
        intent.id, params={"client_secret": intent.client_secret}
    )
    shown = as_dict(seen)
    assert stripe_schemas.problems(shown, publishable=True) == []
    assert stripe_schemas.problems(as_dict(intent), publishable=True) != [], "the secret answer shows too much"
    shown["customer"] = customer.id
    assert stripe_schemas.problems(shown, publishable=True) != []
