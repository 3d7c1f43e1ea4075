"""Stripe's HTTP API as the emulator's own tests call it: as a backend with the secret key, as a partner's app
with the publishable key (the harness's StripeClient and Frontend), and raw, as Stripe.js sends it."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.testclient import TestClient

from connect_cert.fixtures.cards import Challenge, TestCard
from connect_cert.harness.clients.stripe import CardDetails
from connect_cert.sandbox import identity
from tests.in_process import InProcessSandbox


def _card(card: str | TestCard) -> CardDetails:
    return CardDetails.of(card) if isinstance(card, TestCard) else CardDetails(number=card)


class StripeCalls:
    """Stripe's HTTP API as a backend (secret key) and a frontend (publishable key) call it."""

    def __init__(self, client: TestClient) -> None:
        self.http = client
        sandbox = InProcessSandbox(client)
        self.backend = sandbox.stripe_backend()
        self.stripe = sandbox.stripe()
        self.frontend = sandbox.frontend(sandbox.connect())

    def server(self, method: str, path: str, **data: str) -> httpx.Response:
        """A backend call with the secret key; `path` below `/v1/`."""
        return self.backend.call(method, path, **data).response

    def client(self, method: str, path: str, client_secret: str, **data: str) -> httpx.Response:
        """A frontend call as Stripe.js sends it, the publishable key in the form: for probes off the typed path."""
        form = {"key": identity.PUBLISHABLE_KEY, "client_secret": client_secret, **data}
        if method == "GET":
            return self.http.get(f"/stripe/v1/{path}", params=form)
        return self.http.post(f"/stripe/v1/{path}", data=form)

    def customer(self) -> str:
        customer_id: str = self.server("POST", "customers").json()["id"]
        return customer_id

    def setup_intent(self, customer: str) -> dict[str, Any]:
        intent: dict[str, Any] = self.server("POST", "setup_intents", customer=customer).json()
        return intent

    def confirm_setup(
        self,
        intent: dict[str, Any],
        card: str | TestCard,
        *,
        return_url: str | None = None,
        use_stripe_sdk: bool = False,
    ) -> httpx.Response:
        """Confirm with the card's number as a user types it (`card` is a TestCard or a number)."""
        return self.stripe.confirm_setup_intent(
            intent["client_secret"], card=_card(card), return_url=return_url, use_stripe_sdk=use_stripe_sdk
        ).response

    def answer_challenge(self, intent: dict[str, Any], outcome: str | Challenge) -> httpx.Response:
        """Open the challenge page from `next_action` as a browser would and press Complete or Fail."""
        action = intent["next_action"]
        url = (
            action["redirect_to_url"]["url"]
            if action["type"] == "redirect_to_url"
            else action["use_stripe_sdk"]["stripe_js"]
        )
        page = self.http.get(url)
        assert page.status_code == 200 and "3D Secure 2 Test Page" in page.text
        token = url.split("token=", 1)[1]
        return self.http.post(
            f"/stripe/3ds/{intent['id']}/authenticate",
            data={"token": token, "outcome": str(outcome)},
            follow_redirects=False,
        )

    def saved_card(self, customer: str, card: str | TestCard) -> str:
        """Save a card as a frontend would, passing any 3DS challenge; returns its pm id."""
        added = self.frontend.confirm_setup(self.setup_intent(customer)["client_secret"], _card(card))
        assert added.status == "succeeded" and added.payment_method_id, added.intent
        return added.payment_method_id

    def off_session(self, customer: str, pm: str, amount: int = 5000, **extra: str) -> httpx.Response:
        return self.server(
            "POST",
            "payment_intents",
            amount=str(amount),
            currency="eur",
            customer=customer,
            payment_method=pm,
            confirm="true",
            off_session="true",
            **extra,
        )

    def close(self) -> None:
        for client in (self.backend, self.stripe, self.frontend.connect, self.frontend.control):
            if client is not None:
                client.close()
