"""Fixtures for the Stripe emulator's own tests: an app in-process, keys, and a customer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from connect_cert.sandbox import create_app, identity


class StripeCalls:
    """Stripe's HTTP API as a backend (secret key) and a frontend (publishable key) call it."""

    def __init__(self, client: TestClient) -> None:
        self.http = client
        self.secret = {"Authorization": f"Bearer {identity.SECRET_KEY}"}

    def server(self, method: str, path: str, **data: Any) -> Any:
        return self.http.request(method, f"/stripe/v1/{path}", data=data or None, headers=self.secret)

    def client(self, method: str, path: str, client_secret: str, **data: Any) -> Any:
        data = {"key": identity.PUBLISHABLE_KEY, "client_secret": client_secret, **data}
        if method == "GET":
            return self.http.get(f"/stripe/v1/{path}", params=data)
        return self.http.post(f"/stripe/v1/{path}", data=data)

    def customer(self) -> str:
        return self.server("POST", "customers").json()["id"]

    def setup_intent(self, customer: str) -> dict[str, Any]:
        return self.server("POST", "setup_intents", customer=customer).json()

    def confirm_setup(self, intent: dict[str, Any], number: str, **extra: str) -> Any:
        return self.client(
            "POST",
            f"setup_intents/{intent['id']}/confirm",
            intent["client_secret"],
            **{
                "payment_method_data[type]": "card",
                "payment_method_data[card][number]": number,
                "payment_method_data[card][exp_month]": "12",
                "payment_method_data[card][exp_year]": "2034",
                "payment_method_data[card][cvc]": "123",
                **extra,
            },
        )

    def answer_challenge(self, intent: dict[str, Any], outcome: str) -> Any:
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
            data={"token": token, "outcome": outcome},
            follow_redirects=False,
        )

    def saved_card(self, customer: str, number: str) -> str:
        """Save a card as a frontend would, passing any 3DS challenge; returns its pm id."""
        intent = self.setup_intent(customer)
        confirmed = self.confirm_setup(intent, number).json()
        if confirmed["status"] == "requires_action":
            self.answer_challenge(confirmed, "complete")
            confirmed = self.client("GET", f"setup_intents/{intent['id']}", intent["client_secret"]).json()
        assert confirmed["status"] == "succeeded", confirmed
        return confirmed["payment_method"]

    def off_session(self, customer: str, pm: str, amount: int = 5000, **extra: str) -> Any:
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


@pytest.fixture
def app_client() -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


@pytest.fixture
def stripe(app_client: TestClient) -> StripeCalls:
    return StripeCalls(app_client)
