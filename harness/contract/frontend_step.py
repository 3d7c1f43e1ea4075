"""The frontend's step in the stateful phase: a SetupIntent the API hands out is confirmed client-side.

A user's payment-method list stays empty until a frontend confirms the SetupIntent with Stripe, so the
contract's link from the list to start (`$response.body#/results/0/id`) has nothing to fill. After each
200 from `users_setup_intents_retrieve` in the stateful phase, this step does what the partner's app does:
confirm the secret with the publishable key and the 4242 test card through the target's Stripe base. It
is registered on the run's schema only (never globally) and sends no Connect API token.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from typing import Any

from schemathesis.core.transport import Response
from schemathesis.generation.case import Case
from schemathesis.generation.meta import TestPhase
from schemathesis.hooks import HookContext

from connect_cert.fixtures.cards import VISA_4242, TestCard
from connect_cert.harness.clients.stripe import StripeClient
from connect_cert.harness.contract.findings import operation_id
from connect_cert.harness.exitcodes import HarnessError

SETUP_OPERATION = "users_setup_intents_retrieve"


def in_stateful_phase(case: Case[Any]) -> bool:
    meta = case.meta
    return meta is not None and meta.phase.name == TestPhase.STATEFUL


class SetupIntentConfirmer:
    """`after_call` hook: confirm every SetupIntent secret the stateful phase receives, as a frontend would."""

    def __init__(self, stripe: StripeClient, card: TestCard = VISA_4242) -> None:
        self.stripe = stripe
        self.card = card
        self.outcomes: Counter[str] = Counter()  # SetupIntent status (or "error: …") -> count
        self._lock = threading.Lock()

    def __call__(self, context: HookContext, case: Case[Any], response: Response) -> None:
        if response.status_code != 200 or operation_id(case) != SETUP_OPERATION or not in_stateful_phase(case):
            return
        secret = _setup_secret(response)
        if secret is None:
            return  # not a SetupIntent secret: the contract checks report that, there is nothing to confirm
        try:
            answer = self.stripe.confirm_setup_intent(secret, card=self.card)
            outcome = (
                str(answer.body.get("status"))
                if answer.status == 200 and isinstance(answer.body, dict)
                else f"error: HTTP {answer.status}"
            )
        except HarnessError as exc:
            outcome = f"error: {exc}"
        with self._lock:
            self.outcomes[outcome] += 1

    @property
    def confirmed(self) -> int:
        return self.outcomes.get("succeeded", 0)


def _setup_secret(response: Response) -> str | None:
    try:
        body: Any = json.loads(response.content or b"null")
    except ValueError:
        return None
    secret = body.get("setup_intent_client_secret") if isinstance(body, dict) else None
    return secret if isinstance(secret, str) and secret.startswith("seti_") and "_secret_" in secret else None
