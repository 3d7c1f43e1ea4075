"""Setup intents and payment methods: listing, default, deletion rules."""

from __future__ import annotations

import re

from connect_cert.fixtures.cards import CHARGE_CUSTOMER_FAIL_0341, THREE_DS_3184, VISA_4242, Challenge
from connect_cert.fixtures.charging import SHARED_VCP
from connect_cert.harness.clients.stripe import intent_id

SETI_SECRET = re.compile(r"^seti_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$")
EXPIRY = re.compile(r"^(0[1-9]|1[0-2])/\d{4}$")


def test_setup_intent_secret_is_a_setup_intent_secret(flow, api):
    user_id = flow.user()
    response = api.get_setup_intent(user_id)
    assert response.status == 200
    assert set(response.body) == {"setup_intent_client_secret"}
    assert SETI_SECRET.match(response.body["setup_intent_client_secret"])


def test_one_stripe_customer_per_user(flow, sandbox):
    user_id = flow.user()
    flow.setup_secret(user_id)
    customer = sandbox.store.get("user", user_id)["stripe_customer_id"]
    flow.setup_secret(user_id)
    assert sandbox.store.get("user", user_id)["stripe_customer_id"] == customer
    assert customer.startswith("cus_")


def test_pm_type_other_than_card_is_refused(flow, api, error_of):
    user_id = flow.user()
    response = api.get_setup_intent(user_id, pm_type="paypal")
    assert response.status == 400 and error_of(response)["type"] == "validation_error"


def test_saved_card_is_listed_in_spec_shape_and_first_is_default(flow, api):
    user_id = flow.user()
    assert api.list_payment_methods(user_id).body["count"] == 0
    first = flow.card(user_id, VISA_4242)
    second = flow.card(user_id, THREE_DS_3184)
    page = api.list_payment_methods(user_id).body
    assert page["count"] == 2
    by_id = {m["id"]: m for m in page["results"]}
    assert set(by_id[first]) == {"id", "default", "type", "card", "created_at"}
    assert set(by_id[first]["card"]) == {"brand", "last4", "expiration_date", "cardholder_name"}
    assert by_id[first]["card"]["last4"] == VISA_4242.last4 and by_id[first]["card"]["brand"] == "visa"
    assert EXPIRY.match(by_id[first]["card"]["expiration_date"])
    assert by_id[first]["type"] == "card"
    assert by_id[first]["default"] is True and by_id[second]["default"] is False
    assert by_id[second]["card"]["last4"] == THREE_DS_3184.last4


def test_a_3ds_card_is_listed_only_after_the_challenge(flow, api, stripe_client, control):
    user_id = flow.user()
    secret = flow.setup_secret(user_id)
    intent = stripe_client.confirm_setup_intent(secret, payment_method=THREE_DS_3184.pm_id).body
    assert intent["status"] == "requires_action"
    assert api.list_payment_methods(user_id).body["count"] == 0
    control.resolve_3ds(intent["id"], Challenge.COMPLETE).expect(200)
    assert api.list_payment_methods(user_id).body["count"] == 1


def test_wallet_card_is_typed_by_its_wallet(flow, api, stripe_client):
    user_id = flow.user()
    secret = flow.setup_secret(user_id)
    response = stripe_client.send(  # a wallet's token, as Apple Pay and Google Pay hand it to Stripe.js
        "stripe.setup_intents.confirm",
        "POST",
        f"/v1/setup_intents/{intent_id(secret)}/confirm",
        data={
            "client_secret": secret,
            "payment_method_data[type]": "card",
            "payment_method_data[card][token]": "tok_applepay",
        },
    )
    assert response.status == 200, response.text
    method = api.list_payment_methods(user_id).body["results"][0]
    assert method["type"] == "apple_pay" and method["card"]["last4"] == VISA_4242.last4


def test_set_default_moves_the_default(flow, api):
    user_id = flow.user()
    first, second = flow.card(user_id), flow.card(user_id)
    assert api.set_default_payment_method(user_id, second).status == 204
    defaults = {m["id"]: m["default"] for m in api.list_payment_methods(user_id).body["results"]}
    assert defaults == {first: False, second: True}


def test_default_method_cannot_be_deleted_but_another_can(flow, api, error_of):
    user_id = flow.user()
    first, second = flow.card(user_id), flow.card(user_id)
    response = api.delete_payment_method(user_id, first)
    assert response.status == 400 and error_of(response)["type"] == "payment_method_error"
    assert api.delete_payment_method(user_id, second).status == 204
    remaining = [m["id"] for m in api.list_payment_methods(user_id).body["results"]]
    assert remaining == [first]


def test_method_of_an_active_session_cannot_be_deleted(flow, api, control, error_of):
    user_id = flow.user()
    _default, other = flow.card(user_id), flow.card(user_id)
    session = flow.session(user_id, other)
    response = api.delete_payment_method(user_id, other)
    assert response.status == 400 and error_of(response)["type"] == "payment_method_error"
    control.finish_session(session["id"]).expect(200)
    assert api.delete_payment_method(user_id, other).status == 204


def test_open_debt_blocks_method_deletion_with_402(flow, api, control, error_of):
    control.configure(preauth_amount="0").expect(200)
    user_id = flow.user()
    failing = flow.card(user_id, CHARGE_CUSTOMER_FAIL_0341)
    spare = flow.card(user_id)
    control.finish_session(flow.session(user_id, failing)["id"]).expect(200)
    response = api.delete_payment_method(user_id, spare)
    assert response.status == 402
    assert error_of(response)["type"] == "payment_error" and response.body["status"] == "unpaid_debts"


def test_unknown_or_foreign_method_is_not_found(flow, api):
    owner = flow.user()
    foreign_pm = flow.card(owner)
    user_id = flow.user()
    flow.card(user_id)
    for pm_id in ("pm_doesnotexist", foreign_pm):
        assert api.delete_payment_method(user_id, pm_id).status == 404
        assert api.set_default_payment_method(user_id, pm_id).status == 404


def test_method_from_start_of_another_user_answers_402(flow, error_of):
    owner = flow.user()
    foreign_pm = flow.card(owner)
    user_id, _ = flow.charging_user()
    response = flow.start(user_id, foreign_pm, SHARED_VCP)
    assert response.status == 402 and error_of(response)["type"] == "payment_method_error"
