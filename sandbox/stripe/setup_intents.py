"""SetupIntents: a card saved for later off-session use, through a 3DS challenge where the card asks for one."""

from __future__ import annotations

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.stripe import customers, intents, payment_methods
from connect_cert.sandbox.stripe.cards import Setup
from connect_cert.sandbox.stripe.common import Obj, api_error, card_error, created, invalid, load, shaped
from connect_cert.sandbox.stripe.params import merge_metadata

_TEMPLATE: Obj = {
    "id": None,
    "object": "setup_intent",
    "application": None,
    "automatic_payment_methods": None,
    "cancellation_reason": None,
    "client_secret": None,
    "created": 0,
    "customer": None,
    "description": None,
    "flow_directions": None,
    "last_setup_error": None,
    "latest_attempt": None,
    "livemode": False,
    "mandate": None,
    "metadata": {},
    "next_action": None,
    "on_behalf_of": None,
    "payment_method": None,
    "payment_method_options": {
        "card": {"mandate_options": None, "network": None, "request_three_d_secure": "automatic"}
    },
    "payment_method_types": ["card"],
    "single_use_mandate": None,
    "status": "requires_payment_method",
    "usage": "off_session",
}
CANCELLATION_REASONS = ("abandoned", "duplicate", "requested_by_customer")
_OPEN = ("requires_payment_method", "requires_confirmation", "requires_action")


def render(intent: Obj) -> Obj:
    return shaped(_TEMPLATE, intent)


def _types(payment_method_types: list[str] | None) -> list[str]:
    types = payment_method_types or ["card"]
    if types != ["card"]:
        raise invalid(
            "The payment method type provided is not supported here: only card is enabled.", "payment_method_types"
        )
    return types


def create_setup_intent(
    sb: Sandbox,
    *,
    customer_id: str | None,
    payment_method_types: list[str] | None,
    usage: str = "off_session",
    **fields: object,
) -> Obj:
    """A SetupIntent. Without payment_method_types, automatic payment methods are on (card is the only one
    the sandbox enables), as Stripe does since API version 2023-08-16."""
    if customer_id:
        customers.get_customer(sb, customer_id)
    automatic = fields.get("automatic_payment_methods")
    metadata = fields.get("metadata")
    intent_id = new_id("seti")
    intent: Obj = {
        **_TEMPLATE,
        "id": intent_id,
        "client_secret": intents.client_secret(intent_id),
        "customer": customer_id,
        "created": created(sb),
        "usage": usage,
        "payment_method_types": _types(payment_method_types),
        "automatic_payment_methods": (
            {"allow_redirects": "always", **(automatic if isinstance(automatic, dict) else {}), "enabled": True}
            if payment_method_types is None
            else None
        ),
        "description": fields.get("description"),
        "flow_directions": fields.get("flow_directions"),
        "metadata": merge_metadata(None, metadata if isinstance(metadata, dict) else None, True),
    }
    if fields.get("payment_method"):
        pm = payment_methods.resolve_payment_method(sb, {"payment_method": fields["payment_method"]}, customer_id)
        assert pm is not None
        intent.update(payment_method=pm["id"], status="requires_confirmation")
    sb.store.put("setup_intent", intent_id, intent)
    return render(intent)


def get_setup_intent(sb: Sandbox, intent_id: str) -> Obj:
    return render(load(sb, "setup_intent", intent_id))


def update_setup_intent(sb: Sandbox, intent_id: str, form: Obj) -> Obj:
    intent = load(sb, "setup_intent", intent_id)
    changes_method = any(k in form for k in ("customer", "payment_method", "payment_method_types"))
    if changes_method and intent["status"] not in _OPEN:
        raise invalid(
            f"You cannot update this SetupIntent because it has a status of {intent['status']}.",
            code="setup_intent_unexpected_state",
        )
    if form.get("customer"):
        customers.get_customer(sb, form["customer"])
        intent["customer"] = form["customer"]
    if "payment_method_types" in form:
        intent["payment_method_types"] = _types(form["payment_method_types"])
    if form.get("payment_method"):
        pm = payment_methods.resolve_payment_method(sb, form, intent.get("customer"))
        assert pm is not None
        sb.store.delete("challenge", intent_id)
        intent.update(payment_method=pm["id"], status="requires_confirmation", next_action=None)
    for key in ("description", "flow_directions"):
        if key in form:
            intent[key] = form[key]
    intent["metadata"] = merge_metadata(intent.get("metadata"), form.get("metadata"), "metadata" in form)
    return render(sb.store.put("setup_intent", intent_id, intent))


def succeeded(sb: Sandbox, intent: Obj, pm: Obj) -> Obj:
    """The card is set up: attached to the intent's customer, and good for off-session payments."""
    intent.update(status="succeeded", payment_method=pm["id"], next_action=None, last_setup_error=None)
    pm["_set_up_for_off_session"] = True
    sb.store.put("payment_method", pm["id"], pm, parent=pm.get("customer"))
    if intent.get("customer"):
        payment_methods.attach_payment_method(sb, pm["id"], intent["customer"])
    sb.store.put("setup_intent", intent["id"], intent)
    shown = render(intent)
    sb.emit("setup_intent.succeeded", shown)
    return shown


def finish_challenge(sb: Sandbox, intent: Obj, pm: Obj, outcome: str) -> Obj:
    """The intent after its 3DS challenge was completed or failed."""
    if outcome == "complete":
        return succeeded(sb, intent, pm)
    intent.update(
        status="requires_payment_method",
        payment_method=None,
        last_setup_error=api_error(
            "invalid_request_error",
            "setup_intent_authentication_failure",
            "The latest attempt to set up the payment method has failed because authentication failed.",
            payment_methods.render(pm),
        ),
    )
    return render(sb.store.put("setup_intent", intent["id"], intent))


def confirm_setup_intent(sb: Sandbox, intent_id: str, form: Obj, *, origin: str) -> Obj:
    intent = load(sb, "setup_intent", intent_id)
    if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise invalid(
            f"You cannot confirm this SetupIntent because it has a status of {intent['status']}.",
            code="setup_intent_unexpected_state",
        )
    pm = payment_methods.confirming_method(sb, form, intent)
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
        raise card_error(card.decline, payment_methods.render(pm), "setup_intent", render(intent), None)
    intent["payment_method"] = pm["id"]
    if card.setup is Setup.REQUIRES_ACTION:
        intents.start_challenge(sb, intent, form, origin)
        return render(sb.store.put("setup_intent", intent_id, intent))
    return succeeded(sb, intent, pm)


def cancel_setup_intent(sb: Sandbox, intent_id: str, reason: str | None = None) -> Obj:
    """Canceled with the reason given, or none (https://docs.stripe.com/api/setup_intents/cancel)."""
    intent = load(sb, "setup_intent", intent_id)
    if intent["status"] in ("succeeded", "canceled"):
        raise invalid(
            f"You cannot cancel this SetupIntent because it has a status of {intent['status']}.",
            code="setup_intent_unexpected_state",
        )
    intent.update(status="canceled", cancellation_reason=reason, next_action=None)
    sb.store.delete("challenge", intent_id)
    return render(sb.store.put("setup_intent", intent_id, intent))


def all_setup_intents(sb: Sandbox) -> list[Obj]:
    return [render(i) for i in sb.store.list("setup_intent")]
