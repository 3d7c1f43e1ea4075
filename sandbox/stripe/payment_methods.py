"""PaymentMethods: cards from a number, a wallet token or a test id; attached to and detached from customers."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.stripe import cards
from connect_cert.sandbox.stripe.cards import CardBehavior, Setup
from connect_cert.sandbox.stripe.common import Obj, created, invalid, load, missing, public


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
    pm: Obj = {
        "id": new_id("pm"),
        "object": "payment_method",
        "type": "card",
        "created": created(sb),
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
    return load(sb, "payment_method", payment_method_id)


def behavior(pm: Obj) -> CardBehavior:
    """How the test card behind a stored PaymentMethod behaves."""
    return cards.BY_NUMBER[pm["_card_number"]]


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


public_payment_method = public


def attach_payment_method(sb: Sandbox, payment_method_id: str, customer_id: str) -> Obj:
    pm = get_payment_method(sb, payment_method_id)
    load(sb, "customer", customer_id)
    if pm.get("customer") not in (None, customer_id):
        raise invalid("The payment method you provided has already been attached to a customer.", "payment_method")
    card = behavior(pm)
    # Issuer-declined cards cannot be attached (Stripe checks the card on attach).
    if card.setup is Setup.DECLINED and card.decline:
        d = card.decline
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
