"""The harness's typed clients answered by a sandbox app in this process: no port, no thread.

Starlette's TestClient runs the app; `InProcess` hands it the requests the typed clients build, so the
sandbox's own tests drive it as the suites do (ConnectClient, StripeClient, SandboxControl, Frontend).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from connect_cert.harness.clients import ApiResponse, HttpClient
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.clients.stripe import StripeClient
from connect_cert.harness.frontend import Frontend
from connect_cert.sandbox import identity

LOOPBACK_CLIENT = ("127.0.0.1", 50000)


def app_client(app: ASGIApp, client: tuple[str, int] = LOOPBACK_CLIENT) -> TestClient:
    """A TestClient of `app` whose requests come from `client` (the control API serves loopback only)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about httpx2
        return TestClient(app, client=client, raise_server_exceptions=False)


class InProcess(httpx.BaseTransport):
    """A transport that answers through a TestClient, redirects left to the caller."""

    def __init__(self, client: TestClient) -> None:
        self._client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self._client.send(request, follow_redirects=False)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


class StripeBackend(HttpClient):
    """Stripe as the Connect API's backend calls it, with the secret key: to look at what the sandbox did.

    The harness never holds a secret key (a partner's app has none); only the sandbox's own tests do.
    """

    def call(self, method: str, path: str, **form: str) -> ApiResponse:
        """`path` below `/v1/`, e.g. `call("POST", "customers")`; `form` is sent form-encoded."""
        return self.send(f"stripe.{method} {path}", method, f"/v1/{path}", data=form or None)

    def payment_intent(self, intent_id: str) -> dict[str, Any]:
        body: dict[str, Any] = self.call("GET", f"payment_intents/{intent_id}").expect(200)
        return body


@dataclass(frozen=True)
class InProcessSandbox:
    """The typed clients of one in-process sandbox app."""

    http: TestClient

    @property
    def origin(self) -> str:
        return str(self.http.base_url).rstrip("/")

    def connect(self, partner: str | None = "partner_a") -> ConnectClient:
        """The Connect API as `partner` calls it (None: without a token)."""
        token = identity.partner_token(partner) if partner is not None else None
        return ConnectClient(f"{self.origin}/api/v1", token, transport=InProcess(self.http))

    def stripe(self) -> StripeClient:
        """Stripe as a partner's app calls it, with the sandbox's publishable key."""
        return StripeClient(f"{self.origin}/stripe", identity.PUBLISHABLE_KEY, transport=InProcess(self.http))

    def stripe_backend(self) -> StripeBackend:
        headers = {"Authorization": f"Bearer {identity.SECRET_KEY}"}
        return StripeBackend(f"{self.origin}/stripe", headers=headers, transport=InProcess(self.http))

    def control(self) -> SandboxControl:
        return SandboxControl(f"{self.origin}/_sandbox", transport=InProcess(self.http))

    def frontend(self, connect: ConnectClient) -> Frontend:
        """A partner app over `connect`: cards added through Stripe, 3DS answered by the control API."""
        return Frontend(connect, self.stripe(), self.control())
