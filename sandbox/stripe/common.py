"""What every emulated Stripe resource needs: Stripe's errors, stored objects by id, timestamps."""

from __future__ import annotations

from typing import Any

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.stripe.cards import Decline

Obj = dict[str, Any]

# How a missing object of each kind is named in Stripe's 404, and which parameter it blames.
_MISSING = {
    "customer": ("customer", "customer"),
    "payment_method": ("PaymentMethod", "payment_method"),
    "setup_intent": ("setup_intent", "intent"),
    "payment_intent": ("payment_intent", "intent"),
}


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
