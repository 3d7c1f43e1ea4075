"""SetupIntents: a card saved for later off-session use, through a 3DS challenge where the card asks for one."""

from __future__ import annotations

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.stripe import customers, intents, payment_methods
from connect_cert.sandbox.stripe.cards import Setup
from connect_cert.sandbox.stripe.common import CardError, Obj, created, invalid, load, public


def create_setup_intent(
    sb: Sandbox, *, customer_id: str | None, payment_method_types: list[str], usage: str = "off_session"
) -> Obj:
    if customer_id:
        customers.get_customer(sb, customer_id)
    if payment_method_types != ["card"]:
        raise invalid(
            "The payment method type provided is not supported here: only card is enabled.", "payment_method_types"
        )
    intent_id = new_id("seti")
    intent: Obj = {
        "id": intent_id,
        "object": "setup_intent",
        "client_secret": intents.client_secret(intent_id),
        "customer": customer_id,
        "created": created(sb),
        "status": "requires_payment_method",
        "usage": usage,
        "payment_method": None,
        "payment_method_types": payment_method_types,
        "next_action": None,
        "last_setup_error": None,
        "cancellation_reason": None,
        "description": None,
        "livemode": False,
        "metadata": {},
    }
    return sb.store.put("setup_intent", intent_id, intent)


def get_setup_intent(sb: Sandbox, intent_id: str) -> Obj:
    return load(sb, "setup_intent", intent_id)


def succeeded(sb: Sandbox, intent: Obj, pm: Obj) -> Obj:
    """The card is set up: attached to the intent's customer, and good for off-session payments."""
    intent.update(status="succeeded", payment_method=pm["id"], next_action=None, last_setup_error=None)
    pm["_set_up_for_off_session"] = True
    sb.store.put("payment_method", pm["id"], pm, parent=pm.get("customer"))
    if intent.get("customer"):
        payment_methods.attach_payment_method(sb, pm["id"], intent["customer"])
    sb.store.put("setup_intent", intent["id"], intent)
    sb.emit("setup_intent.succeeded", intent)
    return intent


def finish_challenge(sb: Sandbox, intent: Obj, pm: Obj, outcome: str) -> Obj:
    """The intent after its 3DS challenge was completed or failed."""
    if outcome == "complete":
        return succeeded(sb, intent, pm)
    intent.update(
        status="requires_payment_method",
        payment_method=None,
        last_setup_error={
            "type": "invalid_request_error",
            "code": "setup_intent_authentication_failure",
            "message": "The latest attempt to set up the payment method has failed because authentication failed.",
            "payment_method": public(pm),
        },
    )
    return sb.store.put("setup_intent", intent["id"], intent)


def confirm_setup_intent(sb: Sandbox, intent_id: str, form: Obj, *, origin: str) -> Obj:
    intent = get_setup_intent(sb, intent_id)
    if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise invalid(
            f"You cannot confirm this SetupIntent because it has a status of {intent['status']}.",
            code="setup_intent_unexpected_state",
        )
    pm = payment_methods.resolve_payment_method(sb, form, intent.get("customer"))
    if pm is None:
        raise invalid(
            "You must provide a payment_method or payment_method_data to confirm this SetupIntent.",
            "payment_method",
            "parameter_missing",
        )
    card = payment_methods.behavior(pm)
    intent["last_setup_error"] = None
    if card.setup is Setup.DECLINED and card.decline:
        intent.update(
            status="requires_payment_method",
            payment_method=None,
            last_setup_error=intents.card_error_body(card.decline, pm),
        )
        sb.store.put("setup_intent", intent_id, intent)
        raise CardError(card.decline, public(pm), "setup_intent", intents.public_view(intent))
    intent["payment_method"] = pm["id"]
    if card.setup is Setup.REQUIRES_ACTION:
        intents.start_challenge(sb, intent, form, origin)
        return sb.store.put("setup_intent", intent_id, intent)
    return succeeded(sb, intent, pm)


def cancel_setup_intent(sb: Sandbox, intent_id: str) -> Obj:
    intent = get_setup_intent(sb, intent_id)
    if intent["status"] in ("succeeded", "canceled"):
        raise invalid(
            f"You cannot cancel this SetupIntent because it has a status of {intent['status']}.",
            code="setup_intent_unexpected_state",
        )
    intent.update(status="canceled", cancellation_reason="requested_by_customer", next_action=None)
    sb.store.delete("challenge", intent_id)
    return sb.store.put("setup_intent", intent_id, intent)
