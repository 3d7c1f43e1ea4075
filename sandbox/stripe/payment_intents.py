"""PaymentIntents: on- and off-session payments, manual capture and its 7-day hold, updates, cancel.

Each answer of the issuer leaves a Charge (`charges`), named by `latest_charge`.
"""

from __future__ import annotations

from typing import Any

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.stripe import cards, charges, currencies, customers, intents, payment_methods
from connect_cert.sandbox.stripe.cards import Decline, OffSession, OnSession
from connect_cert.sandbox.stripe.common import (
    CardError,
    Obj,
    api_error,
    card_error,
    created,
    invalid,
    load,
    shaped,
    shipping,
)
from connect_cert.sandbox.stripe.params import merge_metadata

HOLD_LIFETIME_SECONDS = 7 * 24 * 3600  # an uncaptured authorization is canceled after about 7 days
CANCELLATION_REASONS = ("abandoned", "duplicate", "fraudulent", "requested_by_customer")
CAPTURE_METHODS = ("automatic", "automatic_async", "manual")
_OPEN = ("requires_payment_method", "requires_confirmation", "requires_action")
# Fields an update may set whatever the status (https://docs.stripe.com/api/payment_intents/update).
_ALWAYS_UPDATABLE = ("description", "receipt_email", "shipping", "statement_descriptor", "statement_descriptor_suffix")
_TEMPLATE: Obj = {
    "id": None,
    "object": "payment_intent",
    "amount": 0,
    "amount_capturable": 0,
    "amount_details": {"tip": {}},
    "amount_received": 0,
    "application": None,
    "application_fee_amount": None,
    "automatic_payment_methods": None,
    "canceled_at": None,
    "cancellation_reason": None,
    "capture_method": "automatic",
    "client_secret": None,
    "confirmation_method": "automatic",
    "created": 0,
    "currency": None,
    "customer": None,
    "description": None,
    "invoice": None,
    "last_payment_error": None,
    "latest_charge": None,
    "livemode": False,
    "metadata": {},
    "next_action": None,
    "on_behalf_of": None,
    "payment_method": None,
    "payment_method_options": {
        "card": {"installments": None, "mandate_options": None, "network": None, "request_three_d_secure": "automatic"}
    },
    "payment_method_types": ["card"],
    "processing": None,
    "receipt_email": None,
    "review": None,
    "setup_future_usage": None,
    "shipping": None,
    "statement_descriptor": None,
    "statement_descriptor_suffix": None,
    "status": "requires_payment_method",
    "transfer_data": None,
    "transfer_group": None,
}


def render(intent: Obj) -> Obj:
    return shaped(_TEMPLATE, intent)


public_payment_intent = render


def _release(sb: Sandbox, intent: Obj) -> None:
    if intent.get("latest_charge"):
        charges.release(sb, intent["latest_charge"])


def _expire_hold(sb: Sandbox, intent: Obj) -> Obj:
    """Authorizations lapse: a hold older than about 7 days becomes canceled."""
    if intent["status"] == "requires_capture" and sb.now() - intent["_authorized_at"] > HOLD_LIFETIME_SECONDS:
        intent.update(
            status="canceled", cancellation_reason="automatic", amount_capturable=0, canceled_at=int(sb.now())
        )
        _release(sb, intent)
        sb.store.put("payment_intent", intent["id"], intent)
    return intent


def _stored(sb: Sandbox, intent_id: str) -> Obj:
    return _expire_hold(sb, load(sb, "payment_intent", intent_id))


def get_payment_intent(sb: Sandbox, intent_id: str) -> Obj:
    return render(_stored(sb, intent_id))


def _set_up_for_future(sb: Sandbox, intent: Obj, pm: Obj) -> None:
    """`setup_future_usage`: a successful payment also saves the card to the intent's customer."""
    if not intent.get("setup_future_usage") or not intent.get("customer"):
        return
    pm["_set_up_for_off_session"] = True
    sb.store.put("payment_method", pm["id"], pm, parent=pm.get("customer"))
    if pm.get("customer") != intent["customer"]:
        payment_methods.attach_payment_method(sb, pm["id"], intent["customer"])


def authorized(sb: Sandbox, intent: Obj) -> Obj:
    """The card paid: succeeded, or requires_capture under manual capture; its Charge is made."""
    pm = payment_methods.get_payment_method(sb, intent["payment_method"])
    charge = charges.create_charge(sb, intent, pm, decline=None, authenticated=bool(intent.get("_authenticated")))
    intent.update(next_action=None, last_payment_error=None, latest_charge=charge["id"])
    _set_up_for_future(sb, intent, pm)
    if intent["capture_method"] == "manual":
        intent.update(status="requires_capture", amount_capturable=intent["amount"], _authorized_at=sb.now())
        sb.store.put("payment_intent", intent["id"], intent)
        sb.emit("payment_intent.amount_capturable_updated", render(intent))
    else:
        intent.update(status="succeeded", amount_received=intent["amount"])
        sb.store.put("payment_intent", intent["id"], intent)
        sb.emit("payment_intent.succeeded", render(intent))
    return intent


def _failed(sb: Sandbox, intent: Obj, error: Obj) -> Obj:
    intent.update(status="requires_payment_method", payment_method=None, next_action=None, last_payment_error=error)
    sb.store.put("payment_intent", intent["id"], intent)
    sb.emit("payment_intent.payment_failed", render(intent))
    return intent


def _declined(sb: Sandbox, intent: Obj, pm: Obj, decline: Decline) -> Obj:
    """The issuer said no: a failed Charge, and the intent back to requires_payment_method."""
    charge = charges.create_charge(sb, intent, pm, decline=decline, authenticated=bool(intent.get("_authenticated")))
    intent["latest_charge"] = charge["id"]
    return _failed(sb, intent, intents.card_error_body(decline, pm, charge["id"]))


def _payment_declined(sb: Sandbox, intent: Obj, pm: Obj, decline: Decline) -> CardError:
    _declined(sb, intent, pm, decline)
    return card_error(decline, payment_methods.render(pm), "payment_intent", render(intent), intent["latest_charge"])


def finish_challenge(sb: Sandbox, intent: Obj, pm: Obj, outcome: str) -> Obj:
    """The intent after its 3DS challenge: failed, declined by the issuer after it (3178), or authorized."""
    if outcome == "fail":
        return render(
            _failed(
                sb,
                intent,
                api_error(
                    "invalid_request_error",
                    "payment_intent_authentication_failure",
                    "The provided PaymentMethod has failed authentication.",
                    payment_methods.render(pm),
                ),
            )
        )
    intent["_authenticated"] = True
    card = payment_methods.behavior(pm)
    if card.declines_after_3ds and card.decline:
        return render(_declined(sb, intent, pm, card.decline))
    return render(authorized(sb, intent))


def check_amount(amount: int, currency: str) -> None:
    problem = currencies.check_amount(amount, currency)
    if problem is not None:
        raise problem


def _automatic(types: Any, automatic: Any) -> tuple[list[str], Obj | None]:
    """payment_method_types, or automatic payment methods (the default since API version 2023-08-16)."""
    if types is not None and automatic is not None:
        raise invalid(
            "You may only specify one of these parameters: automatic_payment_methods, payment_method_types.",
            "automatic_payment_methods",
            "parameters_exclusive",
        )
    if types is not None:
        if list(types) != ["card"]:
            raise invalid(
                "The payment method type provided is not supported here: only card is enabled.",
                "payment_method_types",
            )
        return ["card"], None
    given = automatic if isinstance(automatic, dict) else {}
    return ["card"], {"allow_redirects": given.get("allow_redirects") or "always", "enabled": True}


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
    **fields: Any,
) -> Obj:
    """A PaymentIntent; `fields` are Stripe's other create parameters (description, receipt_email, shipping,
    setup_future_usage, statement descriptors, payment_method_types or automatic_payment_methods,
    confirmation_method, and for `confirm=true` return_url, use_stripe_sdk, payment_method_data)."""
    check_amount(amount, currency)
    if capture_method not in CAPTURE_METHODS:
        raise invalid(f"Invalid capture_method: must be one of {', '.join(CAPTURE_METHODS)}", "capture_method")
    if customer_id:
        customers.get_customer(sb, customer_id)
    types, automatic = _automatic(fields.get("payment_method_types"), fields.get("automatic_payment_methods"))
    intent_id = new_id("pi")
    intent: Obj = {
        **_TEMPLATE,
        "id": intent_id,
        "amount": amount,
        "currency": currency.lower(),
        "customer": customer_id,
        "client_secret": intents.client_secret(intent_id),
        "capture_method": capture_method,
        "confirmation_method": fields.get("confirmation_method") or "automatic",
        "created": created(sb),
        "payment_method_types": types,
        "automatic_payment_methods": automatic,
        "metadata": merge_metadata(None, metadata, True),
        "_authorized_at": None,
    }
    for key in (*_ALWAYS_UPDATABLE, "setup_future_usage"):
        if fields.get(key) is not None:
            intent[key] = shipping(fields[key]) if key == "shipping" else fields[key]
    if payment_method_id:
        pm = payment_methods.resolve_payment_method(sb, {"payment_method": payment_method_id}, customer_id)
        assert pm is not None
        intent.update(payment_method=pm["id"], status="requires_confirmation")
    sb.store.put("payment_intent", intent_id, intent)
    if not confirm:
        return render(intent)
    form: Obj = {k: fields[k] for k in ("return_url", "use_stripe_sdk", "error_on_requires_action") if k in fields}
    if fields.get("payment_method_data") and not payment_method_id:
        form["payment_method_data"] = fields["payment_method_data"]
    return render(_confirm(sb, intent, form, off_session=off_session, origin=origin))


def is_off_session(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "one_off", "recurring")


def _confirm(sb: Sandbox, intent: Obj, form: Obj, *, off_session: bool, origin: str) -> Obj:
    if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise invalid(
            f"You cannot confirm this PaymentIntent because it has a status of {intent['status']}.",
            code="payment_intent_unexpected_state",
        )
    pm = payment_methods.confirming_method(sb, form, intent)
    if pm is None:
        raise invalid(
            "You cannot confirm this PaymentIntent because it's missing a payment method.",
            "payment_method",
            "payment_intent_unexpected_state",
        )
    for key in ("setup_future_usage", "receipt_email", "shipping"):
        if key in form:
            intent[key] = shipping(form[key]) if key == "shipping" else form[key]
    if form.get("capture_method"):
        intent["capture_method"] = form["capture_method"]
    intent.update(payment_method=pm["id"], _authenticated=False)
    card = payment_methods.behavior(pm)
    if off_session:
        outcome = card.off_session
        if outcome is OffSession.SUCCEEDED_ONCE_SET_UP:
            outcome = OffSession.SUCCEEDED if pm["_set_up_for_off_session"] else OffSession.AUTHENTICATION_REQUIRED
        if outcome is OffSession.AUTHENTICATION_REQUIRED:
            raise _payment_declined(sb, intent, pm, cards.AUTHENTICATION_REQUIRED)
        if outcome is OffSession.DECLINED and card.decline:
            raise _payment_declined(sb, intent, pm, card.decline)
        return authorized(sb, intent)
    if card.on_session is OnSession.DECLINED and card.decline:
        raise _payment_declined(sb, intent, pm, card.decline)
    if card.on_session is OnSession.REQUIRES_ACTION:
        if form.get("error_on_requires_action") is True:
            raise _payment_declined(sb, intent, pm, cards.AUTHENTICATION_REQUIRED)
        intent["last_payment_error"] = None
        intents.start_challenge(sb, intent, form, origin)
        return sb.store.put("payment_intent", intent["id"], intent)
    return authorized(sb, intent)


def confirm_payment_intent(sb: Sandbox, intent_id: str, form: Obj, *, public: bool, origin: str) -> Obj:
    """A confirm through the API: on-session unless `off_session` (server side only)."""
    intent = _stored(sb, intent_id)
    off_session = (not public) and is_off_session(form.get("off_session", False))
    return render(_confirm(sb, intent, form, off_session=off_session, origin=origin))


def update_payment_intent(sb: Sandbox, intent_id: str, form: Obj) -> Obj:
    """Amount, currency, customer, method and capture method while the intent is open; descriptive fields and
    metadata at any time (metadata merges key by key)."""
    intent = _stored(sb, intent_id)
    guarded = [k for k in form if k not in (*_ALWAYS_UPDATABLE, "metadata", "expand")]
    if guarded and intent["status"] not in _OPEN:
        raise invalid(
            f"This PaymentIntent's {guarded[0]} could not be updated because it has a status of {intent['status']}. "
            "You may only update the "
            f"{guarded[0]} of a PaymentIntent with one of the following statuses: {', '.join(_OPEN)}.",
            guarded[0],
            "payment_intent_unexpected_state",
        )
    if "amount" in form or "currency" in form:
        currency = form.get("currency") or intent["currency"]
        amount: int = form["amount"] if "amount" in form else intent["amount"]
        check_amount(amount, currency)
        intent.update(amount=amount, currency=currency.lower())
    if form.get("customer"):
        customers.get_customer(sb, form["customer"])
        intent["customer"] = form["customer"]
    if "payment_method_types" in form:
        intent["payment_method_types"], intent["automatic_payment_methods"] = _automatic(
            form["payment_method_types"], None
        )
    if form.get("capture_method"):
        intent["capture_method"] = form["capture_method"]
    if "setup_future_usage" in form:
        intent["setup_future_usage"] = form["setup_future_usage"]
    if form.get("payment_method"):
        pm = payment_methods.resolve_payment_method(sb, form, intent.get("customer"))
        assert pm is not None
        intent["payment_method"] = pm["id"]
    if form.get("payment_method") or (guarded and intent["status"] == "requires_action"):
        sb.store.delete("challenge", intent_id)
        intent.update(status="requires_confirmation", next_action=None)
    for key in _ALWAYS_UPDATABLE:
        if key in form:
            intent[key] = shipping(form[key]) if key == "shipping" else form[key]
    intent["metadata"] = merge_metadata(intent.get("metadata"), form.get("metadata"), "metadata" in form)
    return render(sb.store.put("payment_intent", intent_id, intent))


def capture_payment_intent(
    sb: Sandbox, intent_id: str, amount_to_capture: int | None, metadata: Obj | None = None
) -> Obj:
    intent = _stored(sb, intent_id)
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
    intent["metadata"] = merge_metadata(intent.get("metadata"), metadata, metadata is not None)
    if intent.get("latest_charge"):
        charges.capture(sb, intent["latest_charge"], amount)
    sb.store.put("payment_intent", intent_id, intent)
    sb.emit("payment_intent.succeeded", render(intent))
    return render(intent)


def cancel_payment_intent(sb: Sandbox, intent_id: str, reason: str | None = None) -> Obj:
    """Canceled with the reason given, or none (https://docs.stripe.com/api/payment_intents/cancel)."""
    intent = _stored(sb, intent_id)
    if intent["status"] in ("succeeded", "canceled", "processing"):
        raise invalid(
            f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}.",
            code="payment_intent_unexpected_state",
        )
    if intent["status"] == "requires_capture":
        _release(sb, intent)
    intent.update(
        status="canceled",
        cancellation_reason=reason,
        amount_capturable=0,
        canceled_at=int(sb.now()),
        next_action=None,
    )
    sb.store.delete("challenge", intent_id)
    sb.store.put("payment_intent", intent_id, intent)
    return render(intent)


def all_payment_intents(sb: Sandbox) -> list[Obj]:
    return [render(_expire_hold(sb, i)) for i in sb.store.list("payment_intent")]
