"""What a partner's frontend does, over HTTP: a SetupIntent from the Connect API confirmed client-side.

The same path works on every target: the publishable key and the intent's client secret are all the
frontend has. Only a 3DS challenge needs more: on a sandbox the control API answers it; elsewhere the web
and mobile suites answer it in a real UI, so this helper skips.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from connect_cert.fixtures.cards import Challenge, TestCard
from connect_cert.harness.clients import ApiResponse
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.clients.stripe import CardDetails, StripeClient, intent_id

NO_CHALLENGE_REASON = (
    "completing a 3DS challenge over HTTP needs the sandbox control API; "
    "the web and mobile suites answer challenges on this target"
)


@dataclass(frozen=True)
class IntentResult:
    """Where a client-side confirmation ended: the intent as the frontend sees it, and Stripe's error."""

    intent: dict[str, Any]
    client_secret: str
    error: dict[str, Any] | None = None

    @property
    def status(self) -> str:
        return str(self.intent.get("status", ""))

    @property
    def succeeded(self) -> bool:
        return self.status in ("succeeded", "requires_capture")

    @property
    def payment_method_id(self) -> str | None:
        pm = self.intent.get("payment_method")
        return pm.get("id") if isinstance(pm, dict) else pm


class Frontend:
    """A partner app's payment steps, driven through the Connect API and client-side Stripe."""

    def __init__(self, connect: ConnectClient, stripe: StripeClient, control: SandboxControl | None = None) -> None:
        self.connect = connect
        self.stripe = stripe
        self.control = control

    def setup_intent_secret(self, user_id: str, client: ConnectClient | None = None) -> str:
        body = (client or self.connect).get_setup_intent(user_id).expect(200)
        return str(body["setup_intent_client_secret"])

    def add_card(
        self,
        user_id: str,
        card: TestCard | CardDetails,
        *,
        challenge: Challenge | None = Challenge.COMPLETE,
        typed: bool = False,
        return_url: str | None = None,
        client: ConnectClient | None = None,
    ) -> IntentResult:
        """Add a card as Elements / PaymentSheet do in setup mode: a SetupIntent from the Connect API, confirmed.

        `typed=False` confirms with Stripe's test PaymentMethod id (`pm_card_visa`), `typed=True` with the
        card's number, as a user types it. A 3DS challenge is answered with `challenge` (None leaves it
        pending, `requires_action`).
        """
        secret = self.setup_intent_secret(user_id, client)
        return self.confirm_setup(secret, card, challenge=challenge, typed=typed, return_url=return_url)

    def confirm_setup(
        self,
        client_secret: str,
        card: TestCard | CardDetails,
        *,
        challenge: Challenge | None = Challenge.COMPLETE,
        typed: bool = False,
        return_url: str | None = None,
    ) -> IntentResult:
        """Confirm a SetupIntent whose client secret the app already has; `add_card` says what the options do."""
        if isinstance(card, TestCard) and not typed:
            answer = self.stripe.confirm_setup_intent(client_secret, payment_method=card.pm_id, return_url=return_url)
        else:
            answer = self.stripe.confirm_setup_intent(client_secret, card=card, return_url=return_url)
        return self._through_challenge(self._result(answer, client_secret, "setup_intent"), "setup_intent", challenge)

    def confirm_payment(
        self,
        client_secret: str,
        payment_method: str,
        *,
        challenge: Challenge | None = Challenge.COMPLETE,
        return_url: str | None = None,
    ) -> IntentResult:
        """Confirm a PaymentIntent on-session with a saved method: a debt, or a pre-authorization needing 3DS."""
        answer = self.stripe.confirm_payment_intent(client_secret, payment_method=payment_method, return_url=return_url)
        return self._through_challenge(
            self._result(answer, client_secret, "payment_intent"), "payment_intent", challenge
        )

    def answer_challenge(self, client_secret: str, challenge: Challenge) -> None:
        if self.control is None:
            pytest.skip(NO_CHALLENGE_REASON)
        self.control.resolve_3ds(intent_id(client_secret), challenge).expect(200)

    def _through_challenge(self, result: IntentResult, kind: str, challenge: Challenge | None) -> IntentResult:
        """Answer a pending 3DS challenge with `challenge` (None leaves it pending); the intent after it."""
        if result.status != "requires_action" or challenge is None:
            return result
        secret = result.client_secret
        self.answer_challenge(secret, challenge)
        if kind == "setup_intent":
            retrieved = self.stripe.retrieve_setup_intent(secret).expect(200)
            last_error = retrieved.get("last_setup_error")
        else:
            retrieved = self.stripe.retrieve_payment_intent(secret).expect(200)
            last_error = retrieved.get("last_payment_error")
        failed = retrieved.get("status") == "requires_payment_method"
        return IntentResult(retrieved, secret, last_error if failed else None)

    @staticmethod
    def _result(answer: ApiResponse, secret: str, kind: str) -> IntentResult:
        body = answer.expect(200, 402)
        if answer.status == 200:
            return IntentResult(body, secret)
        error = body.get("error", {}) if isinstance(body, dict) else {}
        intent = error.get(kind) or {"status": "requires_payment_method"}
        return IntentResult(intent, secret, error)
