"""PaymentMethods: cards from a number, a wallet token or a test id; attached to and detached from customers."""

from __future__ import annotations

from datetime import UTC, datetime

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.stripe import cards
from connect_cert.sandbox.stripe.cards import CardBehavior, Setup
from connect_cert.sandbox.stripe.common import BLANK_ADDRESS, Obj, created, fingerprint, invalid, load, missing, shaped
from connect_cert.sandbox.stripe.params import merge_metadata


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


_TEMPLATE: Obj = {
    "id": None,
    "object": "payment_method",
    "billing_details": None,
    "card": None,
    "created": 0,
    "customer": None,
    "livemode": False,
    "metadata": {},
    "type": "card",
}


def _billing_details(current: Obj | None, given: Obj | None) -> Obj:
    details = {"address": dict(BLANK_ADDRESS), "email": None, "name": None, "phone": None, **(current or {})}
    details["address"] = {**BLANK_ADDRESS, **(details.get("address") or {})}
    for key, value in (given or {}).items():
        if key == "address":
            details["address"] = {**BLANK_ADDRESS, **(details["address"] if value else {}), **(value or {})}
        else:
            details[key] = value
    return details


def _card(card: Obj) -> Obj:
    """A stored card hash in Stripe's full shape (documents saved before a field existed get its default)."""
    brand = card.get("brand")
    return {
        "brand": brand,
        "checks": card.get("checks")
        or {"address_line1_check": None, "address_postal_code_check": None, "cvc_check": None},
        "country": card.get("country"),
        "exp_month": card.get("exp_month"),
        "exp_year": card.get("exp_year"),
        "fingerprint": card.get("fingerprint"),
        "funding": card.get("funding"),
        "generated_from": card.get("generated_from"),
        "last4": card.get("last4"),
        "networks": card.get("networks") or {"available": [brand], "preferred": None},
        "three_d_secure_usage": card.get("three_d_secure_usage") or {"supported": True},
        "wallet": card.get("wallet"),
    }


def render(pm: Obj, *, publishable: bool = False) -> Obj:
    """The PaymentMethod as Stripe answers it; a publishable key does not learn its customer."""
    out = shaped(_TEMPLATE, pm)
    out["billing_details"] = _billing_details(pm.get("billing_details"), None)
    out["card"] = _card(pm.get("card") or {})
    if publishable:
        out.pop("customer", None)
    return out


def _wallet(kind: str | None, last4: str) -> Obj | None:
    if not kind:
        return None
    return {kind: {}, "dynamic_last4": last4 if kind == "apple_pay" else None, "type": kind}


def _new_payment_method(
    sb: Sandbox,
    behavior: CardBehavior,
    month: int,
    year: int,
    billing: Obj | None = None,
    wallet: str | None = None,
    *,
    cvc_given: bool = False,
    metadata: Obj | None = None,
) -> Obj:
    pm: Obj = {
        "id": new_id("pm"),
        "object": "payment_method",
        "billing_details": _billing_details(None, billing),
        "card": _card(
            {
                "brand": behavior.brand,
                "checks": {
                    "address_line1_check": None,
                    "address_postal_code_check": None,
                    "cvc_check": "pass" if cvc_given else "unchecked",
                },
                "country": behavior.country,
                "exp_month": month,
                "exp_year": year,
                "fingerprint": fingerprint(behavior.number),
                "funding": behavior.funding,
                "last4": behavior.last4,
                "wallet": _wallet(wallet, behavior.last4),
            }
        ),
        "created": created(sb),
        "customer": None,
        "livemode": False,
        "metadata": metadata or {},
        "type": "card",
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
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else None
    if not isinstance(card, dict):
        raise invalid("Invalid object", "card")
    token = card.get("token")
    if token:
        wallet = cards.WALLET_TOKENS.get(token)
        if wallet is None:
            raise missing("token", token, "card[token]")
        now = datetime.fromtimestamp(sb.now(), UTC)
        return _new_payment_method(sb, cards.WALLET_CARD, 12, now.year + 3, billing, wallet, metadata=metadata)
    number = str(card.get("number", "")).replace(" ", "")
    if not number:
        raise invalid("Missing required param: card[number].", "card[number]", "parameter_missing")
    behavior = _behavior_for_number(number)
    month, year = _expiry(card, sb)
    cvc = str(card.get("cvc", ""))
    if cvc and (not cvc.isdigit() or len(cvc) not in (3, 4)):
        raise StripeError(402, "card_error", "Your card's security code is invalid.", code="invalid_cvc", param="cvc")
    return _new_payment_method(sb, behavior, month, year, billing, cvc_given=bool(cvc), metadata=metadata)


def payment_method_from_test_id(sb: Sandbox, test_id: str) -> Obj:
    """`pm_card_visa` and friends: each use creates a fresh PaymentMethod, as in Stripe test mode."""
    behavior = cards.BY_TEST_PAYMENT_METHOD[test_id]
    now = datetime.fromtimestamp(sb.now(), UTC)
    return _new_payment_method(sb, behavior, now.month, now.year + 1)


def get_payment_method(sb: Sandbox, payment_method_id: str) -> Obj:
    """A stored PaymentMethod; a test id (`pm_card_visa`) makes a fresh one, as in Stripe test mode."""
    if payment_method_id in cards.BY_TEST_PAYMENT_METHOD:
        return payment_method_from_test_id(sb, payment_method_id)
    return load(sb, "payment_method", payment_method_id)


def behavior(pm: Obj) -> CardBehavior:
    """How the test card behind a stored PaymentMethod behaves."""
    return cards.BY_NUMBER[pm["_card_number"]]


def resolve_payment_method(sb: Sandbox, form: Obj, customer_id: str | None) -> Obj | None:
    """The payment method a confirm names: an id (test id or saved pm) or inline `payment_method_data`."""
    pm_id = form.get("payment_method")
    if isinstance(pm_id, str) and pm_id:
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


def confirming_method(sb: Sandbox, form: Obj, intent: Obj) -> Obj | None:
    """The payment method a confirm uses: the one it names, else the one the intent already has."""
    pm = resolve_payment_method(sb, form, intent.get("customer")) if form else None
    if pm is None and intent.get("payment_method"):
        pm = get_payment_method(sb, intent["payment_method"])
    return pm


def update_payment_method(sb: Sandbox, payment_method_id: str, form: Obj) -> Obj:
    """Billing details and metadata merge; the card's expiry may change."""
    pm = load(sb, "payment_method", payment_method_id)
    if "billing_details" in form:
        pm["billing_details"] = _billing_details(pm.get("billing_details"), form["billing_details"])
    pm["metadata"] = merge_metadata(pm.get("metadata"), form.get("metadata"), "metadata" in form)
    card_update = form.get("card") or {}
    if card_update:
        card = {**pm["card"], **{k: str(v) for k, v in card_update.items() if k in ("exp_month", "exp_year")}}
        pm["card"]["exp_month"], pm["card"]["exp_year"] = _expiry(card, sb)
    return sb.store.put("payment_method", pm["id"], pm, parent=pm.get("customer"))


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
    """The customer's attached PaymentMethods, oldest first."""
    return [render(pm) for pm in sb.store.list("payment_method", parent=customer_id)]


def all_payment_methods(sb: Sandbox) -> list[Obj]:
    return [render(pm) for pm in sb.store.list("payment_method")]


def detach_payment_method(sb: Sandbox, payment_method_id: str) -> Obj:
    pm = load(sb, "payment_method", payment_method_id)
    if not pm.get("customer"):
        raise invalid(f"The payment method {payment_method_id} is not attached to a customer.", "payment_method")
    customer = sb.store.get("customer", pm["customer"])
    if customer and customer["invoice_settings"]["default_payment_method"] == payment_method_id:
        customer["invoice_settings"]["default_payment_method"] = None
        sb.store.put("customer", customer["id"], customer)
    pm["customer"] = None
    sb.store.put("payment_method", pm["id"], pm, parent=None)
    return render(pm)
