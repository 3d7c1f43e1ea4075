"""PaymentIntents: on- and off-session payments, manual capture and its 7-day hold, cancel."""

from __future__ import annotations

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.stripe import cards, customers, intents, payment_methods
from connect_cert.sandbox.stripe.cards import Decline, OffSession, OnSession
from connect_cert.sandbox.stripe.common import CardError, Obj, created, invalid, load, public

HOLD_LIFETIME_SECONDS = 7 * 24 * 3600  # an uncaptured authorization is canceled after about 7 days


def _expire_hold(sb: Sandbox, intent: Obj) -> Obj:
    """Authorizations lapse: a hold older than about 7 days becomes canceled."""
    if intent["status"] == "requires_capture" and sb.now() - intent["_authorized_at"] > HOLD_LIFETIME_SECONDS:
        intent.update(
            status="canceled", cancellation_reason="automatic", amount_capturable=0, canceled_at=int(sb.now())
        )
        sb.store.put("payment_intent", intent["id"], intent)
    return intent


def get_payment_intent(sb: Sandbox, intent_id: str) -> Obj:
    return _expire_hold(sb, load(sb, "payment_intent", intent_id))


public_payment_intent = public


def authorized(sb: Sandbox, intent: Obj) -> Obj:
    """The card paid: succeeded, or requires_capture under manual capture."""
    intent.update(next_action=None, last_payment_error=None)
    if intent["capture_method"] == "manual":
        intent.update(status="requires_capture", amount_capturable=intent["amount"], _authorized_at=sb.now())
        sb.store.put("payment_intent", intent["id"], intent)
        sb.emit("payment_intent.amount_capturable_updated", public_payment_intent(intent))
    else:
        intent.update(status="succeeded", amount_received=intent["amount"])
        sb.store.put("payment_intent", intent["id"], intent)
        sb.emit("payment_intent.succeeded", public_payment_intent(intent))
    return intent


def _failed(sb: Sandbox, intent: Obj, error: Obj) -> Obj:
    intent.update(status="requires_payment_method", payment_method=None, next_action=None, last_payment_error=error)
    sb.store.put("payment_intent", intent["id"], intent)
    sb.emit("payment_intent.payment_failed", public_payment_intent(intent))
    return intent


def _payment_declined(sb: Sandbox, intent: Obj, pm: Obj, decline: Decline, public_key: bool) -> CardError:
    _failed(sb, intent, intents.card_error_body(decline, pm))
    view = intents.public_view(intent) if public_key else public_payment_intent(intent)
    return CardError(decline, public(pm), "payment_intent", view)


def finish_challenge(sb: Sandbox, intent: Obj, pm: Obj, outcome: str) -> Obj:
    """The intent after its 3DS challenge: failed, declined by the issuer after it (3178), or authorized."""
    if outcome == "fail":
        return _failed(
            sb,
            intent,
            {
                "type": "invalid_request_error",
                "code": "payment_intent_authentication_failure",
                "message": "The provided PaymentMethod has failed authentication.",
                "payment_method": public(pm),
            },
        )
    card = payment_methods.behavior(pm)
    if card.declines_after_3ds and card.decline:
        return _failed(sb, intent, intents.card_error_body(card.decline, pm))
    return authorized(sb, intent)


def create_payment_intent(
    sb: Sandbox,
    *,
    amount: int,
    currency: str,
    customer_id: str | None,
    payment_method_id: str | None,
    capture_method: str,
    off_session: bool,
    confirm: bool,
    metadata: dict[str, str],
    origin: str = "",
) -> Obj:
    if not isinstance(amount, int) or amount < 50:
        raise invalid("Amount must be at least €0.50 eur", "amount", "amount_too_small")
    if capture_method not in ("automatic", "manual"):
        raise invalid("Invalid capture_method: must be one of automatic or manual", "capture_method")
    if customer_id:
        customers.get_customer(sb, customer_id)
    intent_id = new_id("pi")
    intent: Obj = {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_capturable": 0,
        "amount_received": 0,
        "currency": currency.lower(),
        "customer": customer_id,
        "client_secret": intents.client_secret(intent_id),
        "capture_method": capture_method,
        "confirmation_method": "automatic",
        "created": created(sb),
        "status": "requires_payment_method",
        "payment_method": None,
        "payment_method_types": ["card"],
        "next_action": None,
        "last_payment_error": None,
        "canceled_at": None,
        "cancellation_reason": None,
        "description": None,
        "livemode": False,
        "metadata": metadata,
        "setup_future_usage": None,
        "_authorized_at": None,
    }
    if payment_method_id:
        pm = payment_methods.resolve_payment_method(sb, {"payment_method": payment_method_id}, customer_id)
        assert pm is not None
        intent.update(payment_method=pm["id"], status="requires_confirmation")
    sb.store.put("payment_intent", intent_id, intent)
    if not confirm:
        return public_payment_intent(intent)
    return public_payment_intent(_confirm(sb, intent, {}, off_session=off_session, public_key=False, origin=origin))


def _confirm(sb: Sandbox, intent: Obj, form: Obj, *, off_session: bool, public_key: bool, origin: str) -> Obj:
    if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise invalid(
            f"You cannot confirm this PaymentIntent because it has a status of {intent['status']}.",
            code="payment_intent_unexpected_state",
        )
    pm = payment_methods.resolve_payment_method(sb, form, intent.get("customer")) if form else None
    if pm is None and intent.get("payment_method"):
        pm = payment_methods.get_payment_method(sb, intent["payment_method"])
    if pm is None:
        raise invalid(
            "You cannot confirm this PaymentIntent because it's missing a payment method.",
            "payment_method",
            "payment_intent_unexpected_state",
        )
    intent["payment_method"] = pm["id"]
    card = payment_methods.behavior(pm)
    if off_session:
        outcome = card.off_session
        if outcome is OffSession.SUCCEEDED_ONCE_SET_UP:
            outcome = OffSession.SUCCEEDED if pm["_set_up_for_off_session"] else OffSession.AUTHENTICATION_REQUIRED
        if outcome is OffSession.AUTHENTICATION_REQUIRED:
            raise _payment_declined(sb, intent, pm, cards.AUTHENTICATION_REQUIRED, public_key)
        if outcome is OffSession.DECLINED and card.decline:
            raise _payment_declined(sb, intent, pm, card.decline, public_key)
        return authorized(sb, intent)
    if card.on_session is OnSession.DECLINED and card.decline:
        raise _payment_declined(sb, intent, pm, card.decline, public_key)
    if card.on_session is OnSession.REQUIRES_ACTION:
        intent["last_payment_error"] = None
        intents.start_challenge(sb, intent, form, origin)
        return sb.store.put("payment_intent", intent["id"], intent)
    return authorized(sb, intent)


def confirm_payment_intent(sb: Sandbox, intent_id: str, form: Obj, *, public: bool, origin: str) -> Obj:
    """A confirm through the API: on-session unless `off_session=true` (server side only)."""
    intent = get_payment_intent(sb, intent_id)
    off_session = (not public) and str(form.get("off_session", "false")).lower() == "true"
    return _confirm(sb, intent, form, off_session=off_session, public_key=public, origin=origin)


def capture_payment_intent(sb: Sandbox, intent_id: str, amount_to_capture: int | None) -> Obj:
    intent = get_payment_intent(sb, intent_id)
    if intent["status"] != "requires_capture":
        raise invalid(
            f"This PaymentIntent could not be captured because it has a status of {intent['status']}. "
            "Only a PaymentIntent with one of the following statuses may be captured: requires_capture.",
            code="payment_intent_unexpected_state",
        )
    amount = intent["amount_capturable"] if amount_to_capture is None else amount_to_capture
    if not 0 < amount <= intent["amount_capturable"]:
        raise invalid(
            "The amount_to_capture must be less than or equal to the amount_capturable.",
            "amount_to_capture",
            "amount_too_large",
        )
    # One capture only: what is not captured is released.
    intent.update(status="succeeded", amount_received=amount, amount_capturable=0)
    sb.store.put("payment_intent", intent_id, intent)
    sb.emit("payment_intent.succeeded", public_payment_intent(intent))
    return public_payment_intent(intent)


def cancel_payment_intent(sb: Sandbox, intent_id: str) -> Obj:
    intent = get_payment_intent(sb, intent_id)
    if intent["status"] in ("succeeded", "canceled", "processing"):
        raise invalid(
            f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}.",
            code="payment_intent_unexpected_state",
        )
    intent.update(
        status="canceled",
        cancellation_reason="requested_by_customer",
        amount_capturable=0,
        canceled_at=int(sb.now()),
        next_action=None,
    )
    sb.store.delete("challenge", intent_id)
    sb.store.put("payment_intent", intent_id, intent)
    return public_payment_intent(intent)
