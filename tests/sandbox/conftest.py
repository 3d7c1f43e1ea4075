"""Fixtures for the sandbox's own tests: an app in-process, partner clients, Stripe as a frontend calls
it, the control API, and a `flow` that builds the usual preconditions (user, billing, saved card)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from connect_cert.fixtures.cards import VISA_4242, Challenge, TestCard
from connect_cert.fixtures.charging import BILLING_DETAILS, SHARED_VCP
from connect_cert.sandbox import identity
from connect_cert.sandbox.app import create_app
from connect_cert.sandbox.core import Sandbox

LOOPBACK_CLIENT = ("127.0.0.1", 50000)


def make_client(app: Starlette, client: tuple[str, int] = LOOPBACK_CLIENT) -> TestClient:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about httpx2
        return TestClient(app, client=client, raise_server_exceptions=False)


class ConnectApi:
    """The Connect API as one partner calls it."""

    def __init__(self, client: TestClient, partner: str) -> None:
        self.client = client
        self.partner = partner
        self.headers = {"Authorization": f"Bearer {identity.partner_token(partner)}"}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, "/api/v1" + path, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)


class StripeFrontend:
    """Stripe as an app calls it: publishable key plus the intent's client secret."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {identity.PUBLISHABLE_KEY}"}

    @staticmethod
    def intent_id(client_secret: str) -> str:
        return client_secret.split("_secret_", 1)[0]

    def confirm_setup(self, client_secret: str, payment_method: str) -> httpx.Response:
        return self.client.post(
            f"/stripe/v1/setup_intents/{self.intent_id(client_secret)}/confirm",
            headers=self.headers,
            data={"client_secret": client_secret, "payment_method": payment_method},
        )

    def confirm_payment(self, client_secret: str, payment_method: str) -> httpx.Response:
        return self.client.post(
            f"/stripe/v1/payment_intents/{self.intent_id(client_secret)}/confirm",
            headers=self.headers,
            data={"client_secret": client_secret, "payment_method": payment_method},
        )

    def retrieve_payment(self, client_secret: str) -> httpx.Response:
        return self.client.get(
            f"/stripe/v1/payment_intents/{self.intent_id(client_secret)}",
            headers=self.headers,
            params={"client_secret": client_secret},
        )


class StripeServer:
    """Stripe as the backend calls it (secret key): to look at what the Connect API did."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {identity.SECRET_KEY}"}

    def payment_intent(self, intent_id: str) -> dict[str, Any]:
        response = self.client.get(f"/stripe/v1/payment_intents/{intent_id}", headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()


class Control:
    """The control API (`/_sandbox/`)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def configure(self, **settings: Any) -> dict[str, Any]:
        response = self.client.put("/_sandbox/config", json=settings)
        assert response.status_code == 200, response.text
        return response.json()

    def finish(self, session_id: str, energy_kwh: str | None = None) -> dict[str, Any]:
        body = {} if energy_kwh is None else {"energy_kwh": energy_kwh}
        response = self.client.post(f"/_sandbox/sessions/{session_id}/finish", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def busy(self, evse_id: str, busy: bool = True) -> httpx.Response:
        return self.client.post(f"/_sandbox/evses/{evse_id}/busy", json={"busy": busy})

    def resolve_3ds(self, intent_id: str, outcome: Challenge = Challenge.COMPLETE) -> dict[str, Any]:
        response = self.client.post(f"/_sandbox/3ds/{intent_id}", json={"outcome": str(outcome)})
        assert response.status_code == 200, response.text
        return response.json()

    def advance(self, seconds: float) -> httpx.Response:
        return self.client.post("/_sandbox/clock", json={"advance_seconds": seconds})


class Flow:
    """The preconditions most tests share, built through the public APIs as an app would."""

    def __init__(self, api: ConnectApi, stripe: StripeFrontend, control: Control) -> None:
        self.api = api
        self.stripe = stripe
        self.control = control

    def user(self, *, billing: bool = True, api: ConnectApi | None = None, **fields: Any) -> str:
        api = api or self.api
        response = api.post("/users/", json=fields)
        assert response.status_code == 201, response.text
        user_id = response.json()["id"]
        if billing:
            assert api.put(f"/users/{user_id}/billing-details/", json=BILLING_DETAILS).status_code == 200
        return user_id

    def setup_secret(self, user_id: str, api: ConnectApi | None = None) -> str:
        response = (api or self.api).get(f"/users/{user_id}/setup-intents/", params={"pm_type": "card"})
        assert response.status_code == 200, response.text
        return response.json()["setup_intent_client_secret"]

    def card(self, user_id: str, card: TestCard = VISA_4242, api: ConnectApi | None = None) -> str:
        """Save a card as the app does (setup intent, confirm, 3DS completed if asked); its pm id."""
        secret = self.setup_secret(user_id, api)
        response = self.stripe.confirm_setup(secret, card.pm_id)
        assert response.status_code == 200, response.text
        intent = response.json()
        if intent["status"] == "requires_action":
            intent = self.control.resolve_3ds(intent["id"], Challenge.COMPLETE)
            intent = self.stripe.client.get(
                f"/stripe/v1/setup_intents/{intent['id']}",
                headers=self.stripe.headers,
                params={"client_secret": secret},
            ).json()
        assert intent["status"] == "succeeded", intent
        return intent["payment_method"]

    def charging_user(self, card: TestCard = VISA_4242) -> tuple[str, str]:
        user_id = self.user()
        return user_id, self.card(user_id, card)

    def start(
        self, user_id: str, pm_id: str, evse_id: str = SHARED_VCP, api: ConnectApi | None = None
    ) -> httpx.Response:
        return (api or self.api).post(
            f"/users/{user_id}/charging/start/", json={"evse_id": evse_id, "payment_method_id": pm_id}
        )

    def session(self, user_id: str, pm_id: str, evse_id: str = SHARED_VCP) -> dict[str, Any]:
        response = self.start(user_id, pm_id, evse_id)
        assert response.status_code == 201, response.text
        return response.json()


@pytest.fixture
def app() -> Starlette:
    return create_app()


@pytest.fixture
def client_from(app: Starlette) -> Callable[[str], TestClient]:
    """A client of the same app seen as coming from another host (the control API checks it)."""
    return lambda host: make_client(app, client=(host, 40000))


@pytest.fixture
def sandbox(app: Starlette) -> Sandbox:
    return app.state.sandbox


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with make_client(app) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient) -> ConnectApi:
    return ConnectApi(client, "partner_a")


@pytest.fixture
def api_b(client: TestClient) -> ConnectApi:
    return ConnectApi(client, "partner_b")


@pytest.fixture
def stripe_frontend(client: TestClient) -> StripeFrontend:
    return StripeFrontend(client)


@pytest.fixture
def stripe_server(client: TestClient) -> StripeServer:
    return StripeServer(client)


@pytest.fixture
def control(client: TestClient) -> Control:
    return Control(client)


@pytest.fixture
def flow(api: ConnectApi, stripe_frontend: StripeFrontend, control: Control) -> Flow:
    return Flow(api, stripe_frontend, control)


@pytest.fixture
def flow_for() -> Callable[[Starlette], Flow]:
    """A `flow` against another app (e.g. one reopened on the same database file)."""

    def build(other: Starlette) -> Flow:
        other_client = make_client(other)
        return Flow(ConnectApi(other_client, "partner_a"), StripeFrontend(other_client), Control(other_client))

    return build


def _rich_error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) >= {"detail", "error"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["error"]["details"], str)
    return body["error"]


@pytest.fixture
def error_of() -> Callable[[httpx.Response], dict[str, Any]]:
    """The rich envelope's `error` part, after checking the envelope itself."""
    return _rich_error
