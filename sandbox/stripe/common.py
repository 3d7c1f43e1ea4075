"""What every emulated Stripe resource needs: Stripe's errors, stored objects by id, timestamps, lists."""

from __future__ import annotations

import hashlib
import hmac
import string
from typing import Any

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import StripeError, stripe_doc_url
from connect_cert.sandbox.stripe.cards import Decline

Obj = dict[str, Any]

# How a missing object of each kind is named in Stripe's 404, and which parameter it blames.
_MISSING = {
    "customer": ("customer", "customer"),
    "payment_method": ("PaymentMethod", "payment_method"),
    "setup_intent": ("setup_intent", "intent"),
    "payment_intent": ("payment_intent", "intent"),
    "charge": ("charge", "charge"),
}
_ALPHABET = string.ascii_letters + string.digits
_FINGERPRINT_SECRET = b"connect-cert-sandbox-card-fingerprints"


class CardError(StripeError):
    """A 402 card_error; carries the intent it left in requires_payment_method (and the failed charge)."""

    @property
    def intent(self) -> Obj:
        intent: Obj = self.extra.get("payment_intent") or self.extra.get("setup_intent") or {}
        return intent

    @property
    def payment_intent(self) -> Obj:
        return self.intent


def card_error(decline: Decline, payment_method: Obj, intent_key: str, intent: Obj, charge: str | None) -> CardError:
    extra: Obj = {intent_key: intent, "payment_method": payment_method}
    if charge:
        extra["charge"] = charge
    return CardError(
        402, "card_error", decline.message, code=decline.code, decline_code=decline.decline_code, extra=extra
    )


def error_from_body(status: int, body: Obj) -> StripeError:
    """The exception a saved error answer stands for (an idempotent replay in-process)."""
    error = dict(body["error"])
    error.pop("doc_url", None)
    cls = CardError if error.get("type") == "card_error" else StripeError
    return cls(
        status,
        error.pop("type"),
        error.pop("message", ""),
        code=error.pop("code", None),
        decline_code=error.pop("decline_code", None),
        param=error.pop("param", None),
        extra=error,
    )


def invalid(message: str, param: str | None = None, code: str | None = None, status: int = 400) -> StripeError:
    return StripeError(status, "invalid_request_error", message, code=code, param=param)


def missing(kind: str, id: str, param: str = "id") -> StripeError:
    return StripeError(404, "invalid_request_error", f"No such {kind}: '{id}'", code="resource_missing", param=param)


def load(sb: Sandbox, kind: str, id: str) -> Obj:
    """The stored object, or Stripe's 404 `resource_missing`."""
    obj = sb.store.get(kind, id)
    if obj is None:
        name, param = _MISSING[kind]
        raise missing(name, id, param)
    return obj


def created(sb: Sandbox) -> int:
    return int(sb.now())


def public(obj: Obj) -> Obj:
    """The object as Stripe shows it: without the emulator's `_` bookkeeping."""
    return {k: v for k, v in obj.items() if not k.startswith("_")}


def shaped(template: Obj, doc: Obj) -> Obj:
    """Every field of Stripe's shape, in Stripe's order; what the document does not say stays at its default."""
    out = {key: doc.get(key, default) for key, default in template.items()}
    out.update((k, v) for k, v in doc.items() if k not in out and not k.startswith("_"))
    return out


BLANK_ADDRESS: Obj = {"city": None, "country": None, "line1": None, "line2": None, "postal_code": None, "state": None}


def address(value: Obj | None) -> Obj | None:
    """An address in Stripe's shape: every line present, null when not given."""
    return None if value is None else {**BLANK_ADDRESS, **value}


def shipping(value: Obj | None) -> Obj | None:
    """Shipping details in Stripe's shape."""
    if value is None:
        return None
    return {
        "address": address(value.get("address") or {}),
        "carrier": value.get("carrier"),
        "name": value.get("name"),
        "phone": value.get("phone"),
        "tracking_number": value.get("tracking_number"),
    }


def fingerprint(number: str) -> str:
    """One fingerprint per card number, the same for every PaymentMethod made from it (as Stripe's)."""
    digest = hmac.new(_FINGERPRINT_SECRET, number.encode(), hashlib.sha256).digest()
    return "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:16])


def error_body(err: StripeError) -> Obj:
    """An error as Stripe embeds it in an object (`last_payment_error`, `last_setup_error`)."""
    body: Obj = err.body()["error"]
    return body


def api_error(kind: str, code: str, message: str, payment_method: Obj, **extra: Any) -> Obj:
    """A `last_*_error` hash in Stripe's shape (`api_errors`)."""
    body: Obj = {"type": kind, "code": code, "doc_url": stripe_doc_url(code), "message": message, **extra}
    body["payment_method"] = payment_method
    return body
