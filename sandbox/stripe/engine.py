"""Stripe test mode: customers, payment methods, setup and payment intents, 3DS challenges.

Objects are stored in Stripe's own shape. Card outcomes come only from `cards.CARDS`.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.stripe import cards
from connect_cert.sandbox.stripe.cards import CardBehavior, Decline, OffSession, OnSession, Setup

Obj = dict[str, Any]

HOLD_LIFETIME_SECONDS = 7 * 24 * 3600  # an uncaptured authorization is canceled after about 7 days
CHALLENGE_PATH = "/stripe/3ds/{intent_id}/challenge?token={token}"

# What a publishable key may read of an intent (FACTS.md): never customer or amount_capturable.
_PUBLIC_SETUP_FIELDS = (
    "id",
    "object",
    "cancellation_reason",
    "client_secret",
    "created",
    "description",
    "last_setup_error",
    "livemode",
    "next_action",
    "payment_method",
    "payment_method_types",
    "status",
    "usage",
)
_PUBLIC_PAYMENT_FIELDS = (
    "id",
    "object",
    "amount",
    "canceled_at",
    "cancellation_reason",
    "capture_method",
    "client_secret",
    "confirmation_method",
    "created",
    "currency",
    "description",
    "last_payment_error",
    "livemode",
    "next_action",
    "payment_method",
    "payment_method_types",
    "setup_future_usage",
    "status",
)


class CardError(StripeError):
    """A 402 card_error; carries the intent it left in requires_payment_method."""

    def __init__(self, decline: Decline, payment_method: Obj, intent_key: str, intent: Obj) -> None:
        super().__init__(
            402,
            "card_error",
            decline.message,
            code=decline.code,
            decline_code=decline.decline_code,
            extra={intent_key: intent, "payment_method": payment_method},
        )
        self.intent = intent

    @property
    def payment_intent(self) -> Obj:
        return self.intent


def invalid(message: str, param: str | None = None, code: str | None = None, status: int = 400) -> StripeError:
    return StripeError(status, "invalid_request_error", message, code=code, param=param)


def missing(kind: str, id: str, param: str = "id") -> StripeError:
    return StripeError(404, "invalid_request_error", f"No such {kind}: '{id}'", code="resource_missing", param=param)


def _created(sb: Sandbox) -> int:
    return int(sb.now())


# --- customers -----------------------------------------------------------------------------------


def create_customer(sb: Sandbox, *, email: str | None, metadata: dict[str, str]) -> Obj:
    customer = {
        "id": new_id("cus", 14),
        "object": "customer",
        "created": _created(sb),
        "email": email,
        "invoice_settings": {"default_payment_method": None},
        "livemode": False,
        "metadata": metadata,
    }
    return sb.store.put("customer", customer["id"], customer)


def get_customer(sb: Sandbox, customer_id: str) -> Obj:
    customer = sb.store.get("customer", customer_id)
    if customer is None:
        raise missing("customer", customer_id, "customer")
    return customer


def set_default_payment_method(sb: Sandbox, customer_id: str, payment_method_id: str | None) -> Obj:
    customer = get_customer(sb, customer_id)
    if payment_method_id is not None:
        pm = get_payment_method(sb, payment_method_id)
        if pm.get("customer") != customer_id:
            raise invalid(
                f"The customer does not have a payment method with the ID {payment_method_id}. The payment method "
                "must be attached to the customer.",
                "invoice_settings[default_payment_method]",
            )
    customer["invoice_settings"]["default_payment_method"] = payment_method_id
    return sb.store.put("customer", customer_id, customer)


# --- payment methods -----------------------------------------------------------------------------


def _expiry(card: Obj, sb: Sandbox) -> tuple[int, int]:
    try:
        month, year = int(card.get("exp_month", "")), int(card.get("exp_year", ""))
    except (TypeError, ValueError):
        raise StripeError(
            402, "card_error", "Your card's expiration date is incomplete.", code="incomplete_expiry", param="exp_month"
        ) from None
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        raise StripeError(
            402,
            "card_error",
            "Your card's expiration month is invalid.",
            code="invalid_expiry_month",
            param="exp_month",
        )
    now = datetime.fromtimestamp(sb.now(), UTC)
    if (year, month) < (now.year, now.month):
        raise StripeError(
            402,
            "card_error",
            "Your card's expiration year is in the past.",
            code="invalid_expiry_year",
            param="exp_year",
        )
    return month, year


def _behavior_for_number(number: str) -> CardBehavior:
    if not number.isdigit() or not 13 <= len(number) <= 19 or not cards.luhn_ok(number):
        raise StripeError(402, "card_error", "Your card number is incorrect.", code="incorrect_number", param="number")
    behavior = cards.BY_NUMBER.get(number)
    if behavior is None:
        # Stripe test mode refuses real card numbers.
        raise StripeError(
            402,
            "card_error",
            "Your card was declined. Your request was in test mode, but used a non test (live) card.",
            code="card_declined",
            decline_code="test_mode_live_card",
        )
    return behavior


def _new_payment_method(
    sb: Sandbox, behavior: CardBehavior, month: int, year: int, billing: Obj | None = None, wallet: str | None = None
) -> Obj:
    pm = {
        "id": new_id("pm"),
        "object": "payment_method",
        "type": "card",
        "created": _created(sb),
        "customer": None,
        "livemode": False,
        "metadata": {},
        "billing_details": {"address": None, "email": None, "name": None, "phone": None, **(billing or {})},
        "card": {
            "brand": behavior.brand,
            "last4": behavior.last4,
            "exp_month": month,
            "exp_year": year,
            "country": behavior.country,
            "funding": behavior.funding,
            "fingerprint": secrets.token_hex(8),
            "checks": {"cvc_check": "pass", "address_line1_check": None, "address_postal_code_check": None},
            "three_d_secure_usage": {"supported": True},
            "wallet": {"type": wallet} if wallet else None,
        },
        # Emulator bookkeeping, never shown: which test card this is, and whether 3155 got set up.
        "_card_number": behavior.number,
        "_set_up_for_off_session": False,
    }
    return sb.store.put("payment_method", pm["id"], pm)


def create_payment_method(sb: Sandbox, data: Obj) -> Obj:
    """From `type=card` + `card[number|exp_month|exp_year|cvc]`, a wallet token, or a test id clone."""
    if data.get("type", "card") != "card":
        raise invalid("Invalid payment_method_data[type]: must be one of card", "type")
    card = data.get("card") or {}
    billing = data.get("billing_details") if isinstance(data.get("billing_details"), dict) else None
    if not isinstance(card, dict):
        raise invalid("Invalid object", "card")
    token = card.get("token")
    if token:
        wallet = cards.WALLET_TOKENS.get(token)
        if wallet is None:
            raise missing("token", token, "card[token]")
        now = datetime.fromtimestamp(sb.now(), UTC)
        return _new_payment_method(sb, cards.WALLET_CARD, 12, now.year + 3, billing, wallet)
    number = str(card.get("number", "")).replace(" ", "")
    if not number:
        raise invalid("Missing required param: card[number].", "card[number]", "parameter_missing")
    behavior = _behavior_for_number(number)
    month, year = _expiry(card, sb)
    cvc = str(card.get("cvc", ""))
    if cvc and (not cvc.isdigit() or len(cvc) not in (3, 4)):
        raise StripeError(402, "card_error", "Your card's security code is invalid.", code="invalid_cvc", param="cvc")
    return _new_payment_method(sb, behavior, month, year, billing)


def payment_method_from_test_id(sb: Sandbox, test_id: str) -> Obj:
    """`pm_card_visa` and friends: each use creates a fresh PaymentMethod, as in Stripe test mode."""
    behavior = cards.BY_TEST_PAYMENT_METHOD[test_id]
    now = datetime.fromtimestamp(sb.now(), UTC)
    return _new_payment_method(sb, behavior, now.month, now.year + 1)


def get_payment_method(sb: Sandbox, payment_method_id: str) -> Obj:
    pm = sb.store.get("payment_method", payment_method_id)
    if pm is None:
        raise missing("PaymentMethod", payment_method_id, "payment_method")
    return pm


def resolve_payment_method(sb: Sandbox, form: Obj, customer_id: str | None) -> Obj | None:
    """The payment method a confirm names: an id (test id or saved pm) or inline `payment_method_data`."""
    pm_id = form.get("payment_method")
    if isinstance(pm_id, str) and pm_id:
        if pm_id in cards.BY_TEST_PAYMENT_METHOD:
            return payment_method_from_test_id(sb, pm_id)
        pm = get_payment_method(sb, pm_id)
        if pm.get("customer") and pm["customer"] != customer_id:
            raise invalid(
                f"The provided PaymentMethod {pm_id} belongs to a different Customer than the intent.",
                "payment_method",
            )
        return pm
    data = form.get("payment_method_data")
    if isinstance(data, dict):
        return create_payment_method(sb, data)
    return None


def public_payment_method(pm: Obj) -> Obj:
    return {k: v for k, v in pm.items() if not k.startswith("_")}


def attach_payment_method(sb: Sandbox, payment_method_id: str, customer_id: str) -> Obj:
    pm = get_payment_method(sb, payment_method_id)
    get_customer(sb, customer_id)
    if pm.get("customer") not in (None, customer_id):
        raise invalid("The payment method you provided has already been attached to a customer.", "payment_method")
    behavior = cards.BY_NUMBER[pm["_card_number"]]
    # Issuer-declined cards cannot be attached (Stripe checks the card on attach).
    if behavior.setup is Setup.DECLINED and behavior.decline:
        d = behavior.decline
        raise StripeError(402, "card_error", d.message, code=d.code, decline_code=d.decline_code)
    pm["customer"] = customer_id
    return sb.store.put("payment_method", pm["id"], pm, parent=customer_id)


def list_payment_methods(sb: Sandbox, customer_id: str) -> list[Obj]:
    return [public_payment_method(pm) for pm in sb.store.list("payment_method", parent=customer_id)]


def detach_payment_method(sb: Sandbox, payment_method_id: str) -> Obj:
    pm = get_payment_method(sb, payment_method_id)
    if not pm.get("customer"):
        raise invalid(f"The payment method {payment_method_id} is not attached to a customer.", "payment_method")
    customer = sb.store.get("customer", pm["customer"])
    if customer and customer["invoice_settings"]["default_payment_method"] == payment_method_id:
        customer["invoice_settings"]["default_payment_method"] = None
        sb.store.put("customer", customer["id"], customer)
    pm["customer"] = None
    sb.store.put("payment_method", pm["id"], pm, parent=None)
    return public_payment_method(pm)


# --- intents, shared -----------------------------------------------------------------------------


def _secret(intent_id: str) -> str:
    return f"{intent_id}_secret_" + secrets.token_urlsafe(18).replace("-", "").replace("_", "")[:24]


def _behavior(pm: Obj) -> CardBehavior:
    return cards.BY_NUMBER[pm["_card_number"]]


def public_view(intent: Obj) -> Obj:
    fields = _PUBLIC_SETUP_FIELDS if intent["object"] == "setup_intent" else _PUBLIC_PAYMENT_FIELDS
    return {k: intent.get(k) for k in fields}


def check_client_secret(intent: Obj, client_secret: Any) -> None:
    if not client_secret:
        raise invalid(
            "You must provide the client_secret of this intent when using a publishable key.", "client_secret"
        )
    if client_secret != intent["client_secret"]:
        raise invalid(
            f"The client_secret provided does not match the client_secret associated with the {intent['object']}.",
            "client_secret",
        )


def _start_challenge(sb: Sandbox, intent: Obj, form: Obj, origin: str) -> None:
    """Put the intent in requires_action with Stripe's next_action and open a challenge for it.

    Stripe answers `redirect_to_url` when the client confirmed with a return_url, and `use_stripe_sdk`
    otherwise or when the client says it handles actions itself (`use_stripe_sdk=true`, as Stripe.js does:
    it shows the challenge in a modal and redirects only afterwards).
    """
    return_url = form.get("return_url") or None
    if str(form.get("use_stripe_sdk", "")).lower() == "true":
        return_url = None
    token = secrets.token_urlsafe(16)
    url = origin + CHALLENGE_PATH.format(intent_id=intent["id"], token=token)
    sb.store.put(
        "challenge",
        intent["id"],
        {"intent_id": intent["id"], "token": token, "return_url": return_url, "object": intent["object"]},
    )
    intent["status"] = "requires_action"
    if return_url:
        intent["next_action"] = {"type": "redirect_to_url", "redirect_to_url": {"url": url, "return_url": return_url}}
    else:
        intent["next_action"] = {
            "type": "use_stripe_sdk",
            "use_stripe_sdk": {"type": "three_d_secure_redirect", "stripe_js": url, "source": new_id("src")},
        }


def _card_error_body(decline: Decline, pm: Obj) -> Obj:
    return {
        "type": "card_error",
        "code": decline.code,
        "decline_code": decline.decline_code,
        "message": decline.message,
        "payment_method": public_payment_method(pm),
    }


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
    pm = get_payment_method(sb, intent["payment_method"])
    intent["next_action"] = None
    if kind == "setup_intent":
        if outcome == "complete":
            return _setup_succeeded(sb, intent, pm)
        intent.update(
            status="requires_payment_method",
            payment_method=None,
            last_setup_error={
                "type": "invalid_request_error",
                "code": "setup_intent_authentication_failure",
                "message": "The latest attempt to set up the payment method has failed because authentication failed.",
                "payment_method": public_payment_method(pm),
            },
        )
        return sb.store.put(kind, intent_id, intent)
    if outcome == "fail":
        intent.update(
            status="requires_payment_method",
            payment_method=None,
            last_payment_error={
                "type": "invalid_request_error",
                "code": "payment_intent_authentication_failure",
                "message": "The provided PaymentMethod has failed authentication.",
                "payment_method": public_payment_method(pm),
            },
        )
        sb.store.put(kind, intent_id, intent)
        sb.emit("payment_intent.payment_failed", intent)
        return intent
    behavior = _behavior(pm)
    if behavior.declines_after_3ds and behavior.decline:
        intent.update(
            status="requires_payment_method",
            payment_method=None,
            last_payment_error=_card_error_body(behavior.decline, pm),
        )
        sb.store.put(kind, intent_id, intent)
        sb.emit("payment_intent.payment_failed", intent)
        return intent
    return _payment_authorized(sb, intent)


# --- setup intents -------------------------------------------------------------------------------


def create_setup_intent(
    sb: Sandbox, *, customer_id: str | None, payment_method_types: list[str], usage: str = "off_session"
) -> Obj:
    if customer_id:
        get_customer(sb, customer_id)
    if payment_method_types != ["card"]:
        raise invalid(
            "The payment method type provided is not supported here: only card is enabled.", "payment_method_types"
        )
    intent_id = new_id("seti")
    intent = {
        "id": intent_id,
        "object": "setup_intent",
        "client_secret": _secret(intent_id),
        "customer": customer_id,
        "created": _created(sb),
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
    intent = sb.store.get("setup_intent", intent_id)
    if intent is None:
        raise missing("setup_intent", intent_id, "intent")
    return intent


def _setup_succeeded(sb: Sandbox, intent: Obj, pm: Obj) -> Obj:
    intent.update(status="succeeded", payment_method=pm["id"], next_action=None, last_setup_error=None)
    pm["_set_up_for_off_session"] = True
    sb.store.put("payment_method", pm["id"], pm, parent=pm.get("customer"))
    if intent.get("customer"):
        attach_payment_method(sb, pm["id"], intent["customer"])
    sb.store.put("setup_intent", intent["id"], intent)
    sb.emit("setup_intent.succeeded", intent)
    return intent


def confirm_setup_intent(sb: Sandbox, intent_id: str, form: Obj, *, origin: str) -> Obj:
    intent = get_setup_intent(sb, intent_id)
    if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise invalid(
            f"You cannot confirm this SetupIntent because it has a status of {intent['status']}.",
            code="setup_intent_unexpected_state",
        )
    pm = resolve_payment_method(sb, form, intent.get("customer"))
    if pm is None:
        raise invalid(
            "You must provide a payment_method or payment_method_data to confirm this SetupIntent.",
            "payment_method",
            "parameter_missing",
        )
    behavior = _behavior(pm)
    intent["last_setup_error"] = None
    if behavior.setup is Setup.DECLINED and behavior.decline:
        intent.update(
            status="requires_payment_method",
            payment_method=None,
            last_setup_error=_card_error_body(behavior.decline, pm),
        )
        sb.store.put("setup_intent", intent_id, intent)
        raise CardError(behavior.decline, public_payment_method(pm), "setup_intent", public_view(intent))
    intent["payment_method"] = pm["id"]
    if behavior.setup is Setup.REQUIRES_ACTION:
        _start_challenge(sb, intent, form, origin)
        return sb.store.put("setup_intent", intent_id, intent)
    return _setup_succeeded(sb, intent, pm)


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


# --- payment intents -----------------------------------------------------------------------------


def _expire_hold(sb: Sandbox, intent: Obj) -> Obj:
    """Authorizations lapse: a hold older than about 7 days becomes canceled."""
    if intent["status"] == "requires_capture" and sb.now() - intent["_authorized_at"] > HOLD_LIFETIME_SECONDS:
        intent.update(
            status="canceled", cancellation_reason="automatic", amount_capturable=0, canceled_at=int(sb.now())
        )
        sb.store.put("payment_intent", intent["id"], intent)
    return intent


def get_payment_intent(sb: Sandbox, intent_id: str) -> Obj:
    intent = sb.store.get("payment_intent", intent_id)
    if intent is None:
        raise missing("payment_intent", intent_id, "intent")
    return _expire_hold(sb, intent)


def public_payment_intent(intent: Obj) -> Obj:
    return {k: v for k, v in intent.items() if not k.startswith("_")}


def _payment_authorized(sb: Sandbox, intent: Obj) -> Obj:
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


def _payment_declined(sb: Sandbox, intent: Obj, pm: Obj, decline: Decline, public: bool) -> CardError:
    intent.update(
        status="requires_payment_method",
        payment_method=None,
        next_action=None,
        last_payment_error=_card_error_body(decline, pm),
    )
    sb.store.put("payment_intent", intent["id"], intent)
    sb.emit("payment_intent.payment_failed", public_payment_intent(intent))
    view = public_view(intent) if public else public_payment_intent(intent)
    return CardError(decline, public_payment_method(pm), "payment_intent", view)


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
        get_customer(sb, customer_id)
    intent_id = new_id("pi")
    intent: Obj = {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_capturable": 0,
        "amount_received": 0,
        "currency": currency.lower(),
        "customer": customer_id,
        "client_secret": _secret(intent_id),
        "capture_method": capture_method,
        "confirmation_method": "automatic",
        "created": _created(sb),
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
        pm = resolve_payment_method(sb, {"payment_method": payment_method_id}, customer_id)
        assert pm is not None
        intent.update(payment_method=pm["id"], status="requires_confirmation")
    sb.store.put("payment_intent", intent_id, intent)
    if not confirm:
        return public_payment_intent(intent)
    return public_payment_intent(_confirm(sb, intent, {}, off_session=off_session, public=False, origin=origin))


def _confirm(sb: Sandbox, intent: Obj, form: Obj, *, off_session: bool, public: bool, origin: str) -> Obj:
    if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise invalid(
            f"You cannot confirm this PaymentIntent because it has a status of {intent['status']}.",
            code="payment_intent_unexpected_state",
        )
    pm = resolve_payment_method(sb, form, intent.get("customer")) if form else None
    if pm is None and intent.get("payment_method"):
        pm = get_payment_method(sb, intent["payment_method"])
    if pm is None:
        raise invalid(
            "You cannot confirm this PaymentIntent because it's missing a payment method.",
            "payment_method",
            "payment_intent_unexpected_state",
        )
    intent["payment_method"] = pm["id"]
    behavior = _behavior(pm)
    if off_session:
        outcome = behavior.off_session
        if outcome is OffSession.SUCCEEDED_ONCE_SET_UP:
            outcome = OffSession.SUCCEEDED if pm["_set_up_for_off_session"] else OffSession.AUTHENTICATION_REQUIRED
        if outcome is OffSession.AUTHENTICATION_REQUIRED:
            raise _payment_declined(sb, intent, pm, cards.AUTHENTICATION_REQUIRED, public)
        if outcome is OffSession.DECLINED and behavior.decline:
            raise _payment_declined(sb, intent, pm, behavior.decline, public)
        return _payment_authorized(sb, intent)
    if behavior.on_session is OnSession.DECLINED and behavior.decline:
        raise _payment_declined(sb, intent, pm, behavior.decline, public)
    if behavior.on_session is OnSession.REQUIRES_ACTION:
        intent["last_payment_error"] = None
        _start_challenge(sb, intent, form, origin)
        return sb.store.put("payment_intent", intent["id"], intent)
    return _payment_authorized(sb, intent)


def confirm_payment_intent(sb: Sandbox, intent_id: str, form: Obj, *, public: bool, origin: str) -> Obj:
    """A confirm through the API: on-session unless `off_session=true` (server side only)."""
    intent = get_payment_intent(sb, intent_id)
    off_session = (not public) and str(form.get("off_session", "false")).lower() == "true"
    return _confirm(sb, intent, form, off_session=off_session, public=public, origin=origin)


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
