"""The calls Stripe.js and the mobile SDKs make with the publishable key: retrieve an intent with its
`client_secret` and `expand[]=payment_method`, confirm it with a `return_url` or `use_stripe_sdk`. They get
what those SDKs read, and nothing a publishable key must not see: the intents' fields "retrievable with
publishable key" (https://docs.stripe.com/api/payment_intents/object, .../setup_intents/object), never the
customer, captured amounts, metadata or charges.
"""

from __future__ import annotations

import pytest
import stripe

from tests.emulator.sdk_support import OfficialStripe

HIDDEN_FROM_PUBLISHABLE = ("customer", "amount_capturable", "amount_received", "metadata", "latest_charge")


def _intent(official_stripe: OfficialStripe, test_id: str = "pm_card_visa") -> tuple[stripe.PaymentIntent, str]:
    customer = official_stripe.customer()
    pm = official_stripe.saved_card(customer.id, test_id)
    intent = official_stripe.secret.v1.payment_intents.create(
        params={
            "amount": 2100,
            "currency": "eur",
            "customer": customer.id,
            "payment_method": pm.id,
            "metadata": {"internal": "yes"},
        }
    )
    return intent, customer.id


def test_retrieving_with_the_client_secret_expands_the_payment_method_and_hides_the_rest(
    official_stripe: OfficialStripe,
) -> None:
    # https://docs.stripe.com/js/payment_intents/retrieve_payment_intent
    intent, customer = _intent(official_stripe)
    client = official_stripe.publishable.v1.payment_intents
    with pytest.raises(stripe.InvalidRequestError) as without_secret:
        client.retrieve(intent.id)
    seen = client.retrieve(intent.id, params={"client_secret": intent.client_secret, "expand": ["payment_method"]})
    assert without_secret.value.param == "client_secret"
    assert (seen.id, seen.status, seen.amount, seen.currency) == (intent.id, "requires_confirmation", 2100, "eur")
    assert seen.payment_method.card.last4 == "4242" and seen.payment_method.card.brand == "visa"
    shown = seen.to_dict()
    assert not set(HIDDEN_FROM_PUBLISHABLE) & set(shown)
    assert "customer" not in shown["payment_method"] and customer not in str(seen)


def test_a_publishable_key_cannot_expand_the_customer(official_stripe: OfficialStripe) -> None:
    intent, _ = _intent(official_stripe)
    with pytest.raises(stripe.InvalidRequestError) as refused:
        official_stripe.publishable.v1.payment_intents.retrieve(
            intent.id, params={"client_secret": intent.client_secret, "expand": ["customer"]}
        )
    assert refused.value.user_message == "This property cannot be expanded (customer)."


def test_confirming_with_a_return_url_answers_a_redirect(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/payments/3d-secure/authentication-flow: next_action redirect_to_url with the
    # authentication url and the return_url; after the challenge the intent has succeeded.
    intent, _ = _intent(official_stripe, "pm_card_authenticationRequired")
    client = official_stripe.publishable.v1.payment_intents
    confirmed = client.confirm(
        intent.id,
        params={
            "client_secret": intent.client_secret,
            "return_url": "https://partner.example/return",
            "expand": ["payment_method"],
        },
    )
    assert confirmed.status == "requires_action" and confirmed.next_action.type == "redirect_to_url"
    assert confirmed.next_action.redirect_to_url.return_url == "https://partner.example/return"
    assert confirmed.next_action.redirect_to_url.url.startswith("http")
    assert confirmed.payment_method.card.last4 == "3184"
    official_stripe.answer_challenge(intent.id, "complete")
    done = client.retrieve(intent.id, params={"client_secret": intent.client_secret})
    assert done.status == "succeeded" and done.next_action is None


def test_confirming_with_use_stripe_sdk_answers_the_sdk_challenge(official_stripe: OfficialStripe) -> None:
    # Stripe.js and the mobile SDKs confirm with use_stripe_sdk=true and show the challenge themselves.
    intent, _ = _intent(official_stripe, "pm_card_authenticationRequired")
    confirmed = official_stripe.publishable.v1.payment_intents.confirm(
        intent.id, params={"client_secret": intent.client_secret, "use_stripe_sdk": True}
    )
    assert confirmed.status == "requires_action" and confirmed.next_action.type == "use_stripe_sdk"
    assert confirmed.next_action.use_stripe_sdk["type"] == "three_d_secure_redirect"
    official_stripe.answer_challenge(intent.id, "fail")
    failed = official_stripe.publishable.v1.payment_intents.retrieve(
        intent.id, params={"client_secret": intent.client_secret}
    )
    assert failed.status == "requires_payment_method"
    assert failed.last_payment_error.code == "payment_intent_authentication_failure"
    assert "customer" not in failed.last_payment_error.payment_method.to_dict()


def test_a_setup_intent_is_confirmed_from_the_frontend_with_a_new_card(official_stripe: OfficialStripe) -> None:
    # https://docs.stripe.com/api/setup_intents/confirm with payment_method_data, as Elements sends it.
    customer = official_stripe.customer()
    intent = official_stripe.secret.v1.setup_intents.create(params={"customer": customer.id})
    confirmed = official_stripe.publishable.v1.setup_intents.confirm(
        intent.id,
        params={
            "client_secret": intent.client_secret,
            "payment_method_data": {
                "type": "card",
                "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"},
                "billing_details": {"name": "Ada"},
            },
            "expand": ["payment_method"],
        },
    )
    assert confirmed.status == "succeeded" and confirmed.payment_method.billing_details.name == "Ada"
    assert "customer" not in confirmed.to_dict() and "customer" not in confirmed.payment_method.to_dict()
    saved = official_stripe.secret.v1.customers.payment_methods.list(customer.id)
    assert [pm.id for pm in saved.data] == [confirmed.payment_method.id]


def test_a_frontend_decline_embeds_only_what_the_publishable_key_may_see(official_stripe: OfficialStripe) -> None:
    intent, customer = _intent(official_stripe, "pm_card_chargeCustomerFail")
    with pytest.raises(stripe.CardError) as declined:
        official_stripe.publishable.v1.payment_intents.confirm(
            intent.id, params={"client_secret": intent.client_secret}
        )
    body = declined.value.json_body["error"]
    assert body["payment_intent"]["id"] == intent.id and body["payment_intent"]["status"] == "requires_payment_method"
    assert not set(HIDDEN_FROM_PUBLISHABLE) & set(body["payment_intent"])
    assert customer not in str(body)
