"""The clients send what the Connect API and Stripe expect, and never raise for an HTTP error."""

from __future__ import annotations

from urllib.parse import parse_qsl

import httpx
import pytest

from connect_cert.fixtures.cards import THREE_DS_3184, VISA_4242
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.stripe import StripeClient, intent_id
from connect_cert.harness.exitcodes import TargetUnreachable

TOKEN = "partner-token-0123456789"


class Recorder:
    def __init__(self, status: int = 200, body: object | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.status, self.body = status, body if body is not None else {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.body)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def connect_client(recorder: Recorder, token: str | None = TOKEN) -> ConnectClient:
    return ConnectClient("http://t.test/api/v1", token, transport=httpx.MockTransport(recorder))


def test_connect_calls_carry_the_bearer_token_and_a_trailing_slash() -> None:
    rec = Recorder(201, {"id": "u1"})
    answer = connect_client(rec).create_user(email="a@example.com", external_id="x1")
    assert (answer.operation, answer.status, answer.body) == ("users_create", 201, {"id": "u1"})
    assert rec.last.method == "POST" and str(rec.last.url) == "http://t.test/api/v1/users/"
    assert rec.last.headers["authorization"] == f"Bearer {TOKEN}"
    assert rec.last.read() == b'{"email":"a@example.com","custom_properties":{"external_id":"x1"}}'


def test_evse_ids_and_ids_are_escaped_in_paths() -> None:
    rec = Recorder(204)
    connect_client(rec).delete_payment_method("u/1", "pm_1")
    assert rec.last.url.raw_path == b"/api/v1/users/u%2F1/payment-methods/pm_1/"
    connect_client(rec).start_charging("u1", evse_id="DE*CIQ*E1*1", payment_method_id="pm_1")
    assert rec.last.read() == b'{"evse_id":"DE*CIQ*E1*1","payment_method_id":"pm_1"}'


def test_without_a_token_no_authorization_header_is_sent() -> None:
    rec = Recorder(401, {"detail": "Authentication credentials were not provided."})
    answer = connect_client(rec).with_token(None).list_users(page=2)
    assert "authorization" not in rec.last.headers
    assert rec.last.url.params["page"] == "2" and "page_size" not in rec.last.url.params
    assert answer.status == 401 and not answer.ok  # an HTTP error is an answer, not an exception


def test_expect_names_the_operation_and_hides_the_token() -> None:
    rec = Recorder(409, {"detail": "x", "error": {"type": "already_charging", "details": "x"}})
    answer = connect_client(rec).start_charging("u1", evse_id="E1", payment_method_id="pm_1")
    with pytest.raises(AssertionError) as failed:
        answer.expect(201)
    message = str(failed.value)
    assert "users_charging_start_create" in message and "409" in message and "already_charging" in message
    assert TOKEN not in message and "curl" in message


def test_a_transport_failure_is_target_unreachable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    client = ConnectClient("http://t.test/api/v1", TOKEN, transport=httpx.MockTransport(refuse))
    with pytest.raises(TargetUnreachable, match="connection refused"):
        client.get_user("u1")


def stripe_client(recorder: Recorder) -> StripeClient:
    return StripeClient("http://t.test/stripe", "pk_test_abc", transport=httpx.MockTransport(recorder))


def test_setup_intents_are_confirmed_form_encoded_with_the_publishable_key() -> None:
    rec = Recorder(200, {"id": "seti_1", "status": "succeeded"})
    stripe_client(rec).confirm_setup_intent("seti_1_secret_s", payment_method=VISA_4242.pm_id, return_url="http://r/")
    assert str(rec.last.url) == "http://t.test/stripe/v1/setup_intents/seti_1/confirm"
    assert rec.last.headers["authorization"] == "Bearer pk_test_abc"
    assert rec.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(rec.last.read().decode())) == {
        "client_secret": "seti_1_secret_s",
        "payment_method": "pm_card_visa",
        "return_url": "http://r/",
    }


def test_an_sdk_handling_3ds_itself_says_so_as_stripe_js_does() -> None:
    rec = Recorder(200, {"status": "requires_action"})
    stripe_client(rec).confirm_setup_intent("seti_1_secret_s", card=THREE_DS_3184, use_stripe_sdk=True)
    assert dict(parse_qsl(rec.last.read().decode()))["use_stripe_sdk"] == "true"
    stripe_client(rec).confirm_payment_intent("pi_9_secret_z", payment_method="pm_1")
    assert "use_stripe_sdk" not in dict(parse_qsl(rec.last.read().decode()))


def test_a_typed_card_is_sent_as_payment_method_data() -> None:
    rec = Recorder(200, {"status": "requires_action"})
    stripe_client(rec).confirm_setup_intent("seti_1_secret_s", card=THREE_DS_3184)
    form = dict(parse_qsl(rec.last.read().decode()))
    assert form["payment_method_data[type]"] == "card"
    assert form["payment_method_data[card][number]"] == THREE_DS_3184.number
    assert {
        "payment_method_data[card][exp_month]",
        "payment_method_data[card][exp_year]",
        "payment_method_data[card][cvc]",
    } <= form.keys()


def test_payment_intents_are_retrieved_and_confirmed_by_client_secret() -> None:
    rec = Recorder(402, {"error": {"type": "card_error", "code": "card_declined"}})
    client = stripe_client(rec)
    answer = client.confirm_payment_intent("pi_9_secret_z", payment_method="pm_1")
    assert answer.status == 402 and answer.body["error"]["code"] == "card_declined"
    client.retrieve_payment_intent("pi_9_secret_z")
    assert rec.last.method == "GET" and rec.last.url.path == "/stripe/v1/payment_intents/pi_9"
    assert rec.last.url.params["client_secret"] == "pi_9_secret_z"


def test_card_and_payment_method_are_exclusive() -> None:
    with pytest.raises(ValueError):
        stripe_client(Recorder()).confirm_setup_intent("seti_1_secret_s", card=VISA_4242, payment_method="pm_x")


@pytest.mark.parametrize("secret, expected", [("seti_1Ab_secret_x", "seti_1Ab"), ("pi_Z_secret_y", "pi_Z")])
def test_intent_ids_come_from_client_secrets(secret: str, expected: str) -> None:
    assert intent_id(secret) == expected


def test_something_else_is_not_a_client_secret() -> None:
    with pytest.raises(ValueError):
        intent_id("pm_123")
