"""The official `stripe` Python package pointed at the sandbox, recording every answer it receives (the
fixtures that build it live in conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import stripe

from connect_cert.sandbox import identity
from tests.emulator import stripe_schemas

Obj = dict[str, Any]


@dataclass
class Exchange:
    method: str
    url: str
    publishable: bool  # made with the publishable key: checked against what that key may see
    status: int
    headers: httpx.Headers
    body: Any


@dataclass
class Recorder:
    exchanges: list[Exchange] = field(default_factory=list)

    def last(self, method: str = "", path: str = "") -> Exchange:
        for exchange in reversed(self.exchanges):
            if exchange.method.upper().startswith(method.upper()) and path in exchange.url:
                return exchange
        raise AssertionError(f"no {method} {path} exchange recorded")


class RecordingClient(stripe.HTTPClient):
    """The SDK's transport (httpx underneath) keeping each exchange for the schema check."""

    name = "connect-cert-recording"

    def __init__(self, recorder: Recorder, http: httpx.Client) -> None:
        super().__init__()
        self._http = http
        self._recorder = recorder

    def request(  # type: ignore[override]
        self, method: str, url: str, headers: Mapping[str, str] | None, post_data: Any = None, **_: Any
    ) -> tuple[bytes, int, httpx.Headers]:
        response = self._http.request(method, url, headers=dict(headers or {}), content=post_data or None)
        try:
            body = response.json()
        except ValueError:
            body = None
        publishable = identity.PUBLISHABLE_KEY in (headers or {}).get("Authorization", "")
        self._recorder.exchanges.append(
            Exchange(method, url, publishable, response.status_code, response.headers, body)
        )
        return response.content, response.status_code, response.headers

    def close(self) -> None:
        """The httpx client belongs to the module's sandbox fixture."""


@dataclass
class Served:
    url: str
    http: httpx.Client  # one per module: building an httpx client costs more than a test's calls


@dataclass
class OfficialStripe:
    """`secret`: the backend's StripeClient; `publishable`: the calls a frontend SDK makes; `sandbox`: raw HTTP."""

    secret: stripe.StripeClient
    publishable: stripe.StripeClient
    recorder: Recorder
    base: str  # Stripe's API base in the sandbox, e.g. http://127.0.0.1:PORT/stripe
    sandbox: httpx.Client  # the sandbox origin (control API, raw calls)

    def customer(self, **params: Any) -> stripe.Customer:
        return self.secret.v1.customers.create(params=params)

    def saved_card(self, customer: str, test_id: str = "pm_card_visa") -> stripe.PaymentMethod:
        return self.secret.v1.payment_methods.attach(test_id, params={"customer": customer})

    def answer_challenge(self, intent_id: str, outcome: str = "complete") -> None:
        response = self.sandbox.post(f"/_sandbox/3ds/{intent_id}", json={"outcome": outcome})
        assert response.status_code == 200, response.text

    def raw(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A call outside the SDK (curl's Basic auth, Stripe.js's form key); its answer is checked too."""
        response = self.sandbox.request(method, self.base + path, **kwargs)
        sent = f"{response.request.url} {response.request.content.decode()} {response.request.headers}"
        self.recorder.exchanges.append(
            Exchange(
                method,
                str(response.request.url),
                identity.PUBLISHABLE_KEY in sent,
                response.status_code,
                response.headers,
                response.json(),
            )
        )
        return response


def schema_problems(recorder: Recorder) -> list[str]:
    found = []
    for exchange in recorder.exchanges:
        if not isinstance(exchange.body, dict):
            found.append(f"{exchange.method} {exchange.url}: answer is not a JSON object")
            continue
        for problem in stripe_schemas.problems(exchange.body, publishable=exchange.publishable):
            found.append(f"{exchange.method} {exchange.url} -> {exchange.status}: {problem}")
        if "Request-Id" not in exchange.headers:
            found.append(f"{exchange.method} {exchange.url}: no Request-Id header")
    return found


def connect(served: Served) -> OfficialStripe:
    """StripeClients for both keys, based where `/_sandbox/info` says Stripe's API is, as a partner would."""
    info = served.http.get("/_sandbox/info").json()
    base = served.url + info["stripe_api_base"]
    recorder = Recorder()
    clients = [
        stripe.StripeClient(
            key,
            base_addresses={"api": base},
            http_client=RecordingClient(recorder, served.http),
            max_network_retries=0,
        )
        for key in (identity.SECRET_KEY, info["publishable_key"])
    ]
    return OfficialStripe(clients[0], clients[1], recorder, base, served.http)


def off_session(customer: str, payment_method: str, amount: int = 2000, **extra: Any) -> Obj:
    """A PaymentIntent's create parameters as a backend charges a saved card: confirmed now, off-session."""
    return {
        "amount": amount,
        "currency": "eur",
        "customer": customer,
        "payment_method": payment_method,
        "confirm": True,
        "off_session": True,
        **extra,
    }


def as_dict(obj: Any) -> Obj:
    """A StripeObject as the plain JSON Stripe sent."""
    result: Obj = json.loads(str(obj))
    return result
