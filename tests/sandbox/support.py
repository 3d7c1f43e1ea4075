"""Helpers of the sandbox's own tests: the preconditions most tests share, built as a partner's backend and
app build them (ConnectClient and Frontend), and the rich error envelope checked once."""

from __future__ import annotations

from typing import Any

from connect_cert.fixtures.cards import VISA_4242, TestCard
from connect_cert.fixtures.charging import BILLING_DETAILS, SHARED_VCP
from connect_cert.harness.clients import ApiResponse
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.frontend import Frontend


class Flow:
    """A user, a saved card, a started session: through the Connect API and client-side Stripe."""

    def __init__(self, api: ConnectClient, frontend: Frontend, control: SandboxControl) -> None:
        self.api = api
        self.frontend = frontend
        self.control = control

    def user(self, *, billing: bool = True) -> str:
        user_id: str = self.api.create_user().expect(201)["id"]
        if billing:
            self.api.put_billing_details(user_id, BILLING_DETAILS).expect(200)
        return user_id

    def setup_secret(self, user_id: str) -> str:
        return self.frontend.setup_intent_secret(user_id)

    def card(self, user_id: str, card: TestCard = VISA_4242) -> str:
        """Save a card as the app does (3DS completed if asked); its payment method id."""
        added = self.frontend.add_card(user_id, card)
        assert added.status == "succeeded" and added.payment_method_id, added.intent
        return added.payment_method_id

    def charging_user(self, card: TestCard = VISA_4242) -> tuple[str, str]:
        user_id = self.user()
        return user_id, self.card(user_id, card)

    def start(self, user_id: str, pm_id: str, evse_id: str = SHARED_VCP) -> ApiResponse:
        return self.api.start_charging(user_id, evse_id=evse_id, payment_method_id=pm_id)

    def session(self, user_id: str, pm_id: str, evse_id: str = SHARED_VCP) -> dict[str, Any]:
        session: dict[str, Any] = self.start(user_id, pm_id, evse_id).expect(201)
        return session


def rich_error(response: ApiResponse) -> dict[str, Any]:
    """The rich envelope's `error` part, after checking the envelope itself."""
    body = response.body
    assert isinstance(body, dict) and set(body) >= {"detail", "error"}, response
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["error"]["details"], str)
    error: dict[str, Any] = body["error"]
    return error
