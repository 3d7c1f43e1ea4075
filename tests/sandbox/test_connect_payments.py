"""Setup intents and payment methods: listing, default, deletion rules."""

from __future__ import annotations

import re

from connect_cert.fixtures.cards import CHARGE_CUSTOMER_FAIL_0341, THREE_DS_3184, VISA_4242
from connect_cert.fixtures.charging import SHARED_VCP

SETI_SECRET = re.compile(r"^seti_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$")
EXPIRY = re.compile(r"^(0[1-9]|1[0-2])/\d{4}$")


def test_setup_intent_secret_is_a_setup_intent_secret(flow, api):
    user_id = flow.user()
    response = api.get(f"/users/{user_id}/setup-intents/", params={"pm_type": "card"})
    assert response.status_code == 200
    assert set(response.json()) == {"setup_intent_client_secret"}
    assert SETI_SECRET.match(response.json()["setup_intent_client_secret"])


def test_one_stripe_customer_per_user(flow, sandbox):
    user_id = flow.user()
    flow.setup_secret(user_id)
    customer = sandbox.store.get("user", user_id)["stripe_customer_id"]
    flow.setup_secret(user_id)
    assert sandbox.store.get("user", user_id)["stripe_customer_id"] == customer
    assert customer.startswith("cus_")


def test_pm_type_other_than_card_is_refused(flow, api, error_of):
    user_id = flow.user()
    response = api.get(f"/users/{user_id}/setup-intents/", params={"pm_type": "paypal"})
    assert response.status_code == 400 and error_of(response)["type"] == "validation_error"


def test_saved_card_is_listed_in_spec_shape_and_first_is_default(flow, api):
    user_id = flow.user()
    assert api.get(f"/users/{user_id}/payment-methods/").json()["count"] == 0
    first = flow.card(user_id, VISA_4242)
    second = flow.card(user_id, THREE_DS_3184)
    page = api.get(f"/users/{user_id}/payment-methods/").json()
    assert page["count"] == 2
    by_id = {m["id"]: m for m in page["results"]}
    assert set(by_id[first]) == {"id", "default", "type", "card", "created_at"}
    assert set(by_id[first]["card"]) == {"brand", "last4", "expiration_date", "cardholder_name"}
    assert by_id[first]["card"]["last4"] == VISA_4242.last4 and by_id[first]["card"]["brand"] == "visa"
    assert EXPIRY.match(by_id[first]["card"]["expiration_date"])
    assert by_id[first]["type"] == "card"
    assert by_id[first]["default"] is True and by_id[second]["default"] is False
    assert by_id[second]["card"]["last4"] == THREE_DS_3184.last4


def test_a_3ds_card_is_listed_only_after_the_challenge(flow, api, stripe_frontend, control):
    user_id = flow.user()
    secret = flow.setup_secret(user_id)
    intent = stripe_frontend.confirm_setup(secret, THREE_DS_3184.pm_id).json()
    assert intent["status"] == "requires_action"
    assert api.get(f"/users/{user_id}/payment-methods/").json()["count"] == 0
    control.resolve_3ds(intent["id"])
    assert api.get(f"/users/{user_id}/payment-methods/").json()["count"] == 1


def test_wallet_card_is_typed_by_its_wallet(flow, api, stripe_frontend):
    user_id = flow.user()
    secret = flow.setup_secret(user_id)
    response = stripe_frontend.client.post(
        f"/stripe/v1/setup_intents/{stripe_frontend.intent_id(secret)}/confirm",
        headers=stripe_frontend.headers,
        data={
            "client_secret": secret,
            "payment_method_data[type]": "card",
            "payment_method_data[card][token]": "tok_applepay",
        },
    )
    assert response.status_code == 200, response.text
    method = api.get(f"/users/{user_id}/payment-methods/").json()["results"][0]
    assert method["type"] == "apple_pay" and method["card"]["last4"] == VISA_4242.last4


def test_set_default_moves_the_default(flow, api):
    user_id = flow.user()
    first, second = flow.card(user_id), flow.card(user_id)
    assert api.post(f"/users/{user_id}/payment-methods/{second}/default/").status_code == 204
    defaults = {m["id"]: m["default"] for m in api.get(f"/users/{user_id}/payment-methods/").json()["results"]}
    assert defaults == {first: False, second: True}


def test_default_method_cannot_be_deleted_but_another_can(flow, api, error_of):
    user_id = flow.user()
    first, second = flow.card(user_id), flow.card(user_id)
    response = api.delete(f"/users/{user_id}/payment-methods/{first}/")
    assert response.status_code == 400 and error_of(response)["type"] == "payment_method_error"
    assert api.delete(f"/users/{user_id}/payment-methods/{second}/").status_code == 204
    remaining = [m["id"] for m in api.get(f"/users/{user_id}/payment-methods/").json()["results"]]
    assert remaining == [first]


def test_method_of_an_active_session_cannot_be_deleted(flow, api, control, error_of):
    user_id = flow.user()
    _default, other = flow.card(user_id), flow.card(user_id)
    session = flow.session(user_id, other)
    response = api.delete(f"/users/{user_id}/payment-methods/{other}/")
    assert response.status_code == 400 and error_of(response)["type"] == "payment_method_error"
    control.finish(session["id"])
    assert api.delete(f"/users/{user_id}/payment-methods/{other}/").status_code == 204


def test_open_debt_blocks_method_deletion_with_402(flow, api, control, error_of):
    control.configure(preauth_amount="0")
    user_id = flow.user()
    failing = flow.card(user_id, CHARGE_CUSTOMER_FAIL_0341)
    spare = flow.card(user_id)
    control.finish(flow.session(user_id, failing)["id"])
    response = api.delete(f"/users/{user_id}/payment-methods/{spare}/")
    assert response.status_code == 402
    assert error_of(response)["type"] == "payment_error" and response.json()["status"] == "unpaid_debts"


def test_unknown_or_foreign_method_is_not_found(flow, api):
    owner = flow.user()
    foreign_pm = flow.card(owner)
    user_id = flow.user()
    flow.card(user_id)
    for pm_id in ("pm_doesnotexist", foreign_pm):
        assert api.delete(f"/users/{user_id}/payment-methods/{pm_id}/").status_code == 404
        assert api.post(f"/users/{user_id}/payment-methods/{pm_id}/default/").status_code == 404


def test_method_from_start_of_another_user_answers_402(flow, error_of):
    owner = flow.user()
    foreign_pm = flow.card(owner)
    user_id, _ = flow.charging_user()
    response = flow.start(user_id, foreign_pm, SHARED_VCP)
    assert response.status_code == 402 and error_of(response)["type"] == "payment_method_error"
