"""Pending 3DS challenges: looked up by intent, then completed or failed."""

from __future__ import annotations

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.stripe import payment_intents, payment_methods, setup_intents
from connect_cert.sandbox.stripe.common import Obj, invalid, missing


def get_challenge(sb: Sandbox, intent_id: str) -> Obj | None:
    return sb.store.get("challenge", intent_id)


def resolve_challenge(sb: Sandbox, intent_id: str, outcome: str) -> Obj:
    """Complete or fail the pending 3DS challenge of an intent; answers the intent after it."""
    if outcome not in ("complete", "fail"):
        raise invalid("outcome must be complete or fail", "outcome")
    kind = "setup_intent" if intent_id.startswith("seti_") else "payment_intent"
    intent = sb.store.get(kind, intent_id)
    if intent is None:
        raise missing(kind, intent_id)
    if intent["status"] != "requires_action" or get_challenge(sb, intent_id) is None:
        raise invalid(
            f"This {kind} has no pending 3D Secure challenge (status {intent['status']}).",
            code=f"{kind}_unexpected_state",
        )
    sb.store.delete("challenge", intent_id)
    pm = payment_methods.get_payment_method(sb, intent["payment_method"])
    intent["next_action"] = None
    if kind == "setup_intent":
        return setup_intents.finish_challenge(sb, intent, pm, outcome)
    return payment_intents.finish_challenge(sb, intent, pm, outcome)
