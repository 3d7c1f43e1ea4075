"""The 3DS challenge: where it is offered, what Complete and Fail leave behind."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.emulator.support import StripeCalls

THREE_DS = "4000002760003184"


def test_next_action_is_a_redirect_with_return_url_and_sdk_without(stripe: StripeCalls) -> None:
    customer = stripe.customer()
    redirect = stripe.confirm_setup(stripe.setup_intent(customer), THREE_DS, return_url="https://app.test/back").json()
    assert redirect["next_action"]["type"] == "redirect_to_url"
    assert redirect["next_action"]["redirect_to_url"]["return_url"] == "https://app.test/back"
    sdk = stripe.confirm_setup(stripe.setup_intent(customer), THREE_DS).json()
    assert sdk["next_action"]["type"] == "use_stripe_sdk"


def test_complete_returns_to_the_return_url_with_the_intent(stripe: StripeCalls) -> None:
    intent = stripe.setup_intent(stripe.customer())
    pending = stripe.confirm_setup(intent, THREE_DS, return_url="https://app.test/payment-redirect?x=1").json()
    done = stripe.answer_challenge(pending, "complete")
    assert done.status_code == 303
    location = urlsplit(done.headers["location"])
    query = parse_qs(location.query)
    assert location.path == "/payment-redirect"
    assert query["setup_intent"] == [intent["id"]]
    assert query["setup_intent_client_secret"] == [intent["client_secret"]]
    assert query["redirect_status"] == ["succeeded"]


def test_fail_attaches_nothing_and_a_retry_works(stripe: StripeCalls) -> None:
    customer = stripe.customer()
    intent = stripe.setup_intent(customer)
    pending = stripe.confirm_setup(intent, THREE_DS).json()
    result = stripe.answer_challenge(pending, "fail")
    assert "failed" in result.text
    after = stripe.client("GET", f"setup_intents/{intent['id']}", intent["client_secret"]).json()
    assert after["status"] == "requires_payment_method"
    assert after["last_setup_error"]["code"] == "setup_intent_authentication_failure"
    assert stripe.server("GET", f"customers/{customer}/payment_methods").json()["data"] == []
    retried = stripe.confirm_setup(intent, "4242424242424242").json()
    assert retried["status"] == "succeeded"


def test_a_challenge_cannot_be_answered_twice_or_with_a_wrong_token(stripe: StripeCalls) -> None:
    intent = stripe.setup_intent(stripe.customer())
    pending = stripe.confirm_setup(intent, THREE_DS).json()
    wrong = stripe.http.post(f"/stripe/3ds/{intent['id']}/authenticate", data={"token": "nope", "outcome": "complete"})
    assert wrong.status_code == 403
    assert stripe.answer_challenge(pending, "complete").status_code == 200
    again = stripe.http.get(pending["next_action"]["use_stripe_sdk"]["stripe_js"])
    assert again.status_code == 404


def test_failed_payment_challenge_reports_authentication_failure(stripe: StripeCalls) -> None:
    customer = stripe.customer()
    pm = stripe.saved_card(customer, THREE_DS)
    intent = stripe.server("POST", "payment_intents", amount="990", currency="eur", customer=customer).json()
    pending = stripe.client(
        "POST", f"payment_intents/{intent['id']}/confirm", intent["client_secret"], payment_method=pm
    ).json()
    stripe.answer_challenge(pending, "fail")
    after = stripe.client("GET", f"payment_intents/{intent['id']}", intent["client_secret"]).json()
    assert after["status"] == "requires_payment_method"
    assert after["last_payment_error"]["code"] == "payment_intent_authentication_failure"


def test_stripe_js_handling_actions_itself_gets_the_sdk_challenge_even_with_a_return_url(stripe: StripeCalls) -> None:
    intent = stripe.setup_intent(stripe.customer())
    pending = stripe.confirm_setup(intent, THREE_DS, return_url="https://app.test/back", use_stripe_sdk=True).json()
    assert pending["next_action"]["type"] == "use_stripe_sdk"
    done = stripe.answer_challenge(pending, "complete")
    assert done.status_code == 200 and "stripe-3ds-result" in done.text, "the modal reports back, no redirect"
