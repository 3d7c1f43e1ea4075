"""Stripe test mode, server side: what a backend does with the secret key.

The Connect API calls these in-process (as Cariqa's backend calls Stripe's Admin API); the HTTP routes
in `connect_cert.sandbox.stripe.api` call the same resource modules. Objects are plain dicts in Stripe's
own shape. Calls that move money or must happen once take an `idempotency_key`, kept by Stripe's rules
(`idempotency`): the same key with the same arguments replays the first result, error included.

Events emitted on the sandbox bus (a webhook that cannot be lost):
- "setup_intent.succeeded"              (SetupIntent)  a payment method got attached to its customer
- "payment_intent.amount_capturable_updated" (PaymentIntent) a manual-capture intent is authorized
- "payment_intent.succeeded"            (PaymentIntent)
- "payment_intent.payment_failed"       (PaymentIntent)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.stripe import (
    challenges,
    common,
    customers,
    idempotency,
    payment_intents,
    payment_methods,
    setup_intents,
)
from connect_cert.sandbox.stripe.params import ParamError
from connect_cert.sandbox.stripe.transport import SECRET, request_id

Obj = dict[str, Any]

CardError = common.CardError


def _idempotent(sb: Sandbox, key: str | None, endpoint: str, args: Obj, run: Callable[[], Obj]) -> Obj:
    """Run once per key: a repeated call with the same key and arguments gets the first result again."""
    if key is None:
        return run()
    idempotency.check_key(key)
    saved = idempotency.lookup(sb, SECRET, key, endpoint, args)
    if saved is not None:
        if saved.status == 200:
            return saved.body
        raise common.error_from_body(saved.status, saved.body)
    try:
        result = run()
    except ParamError:
        raise
    except StripeError as exc:
        idempotency.save(sb, SECRET, key, endpoint, args, idempotency.Saved(exc.status, exc.body(), request_id()))
        raise
    idempotency.save(sb, SECRET, key, endpoint, args, idempotency.Saved(200, result, request_id()))
    return result


def create_customer(
    sb: Sandbox, *, email: str | None = None, metadata: dict[str, str] | None = None, idempotency_key: str | None = None
) -> Obj:
    """A Customer `{"id": "cus_…", "invoice_settings": {"default_payment_method": None}, …}`."""
    return _idempotent(
        sb,
        idempotency_key,
        "/v1/customers",
        {"email": email, "metadata": metadata or {}},
        lambda: customers.create_customer(sb, email=email, metadata=metadata or {}),
    )


def get_customer(sb: Sandbox, customer_id: str) -> Obj | None:
    return customers.get_customer(sb, customer_id) if sb.store.get("customer", customer_id) else None


def set_default_payment_method(
    sb: Sandbox, customer_id: str, payment_method_id: str | None, idempotency_key: str | None = None
) -> Obj:
    """Sets `invoice_settings.default_payment_method` (None clears it)."""
    return _idempotent(
        sb,
        idempotency_key,
        f"/v1/customers/{customer_id}",
        {"invoice_settings": {"default_payment_method": payment_method_id}},
        lambda: customers.set_default_payment_method(sb, customer_id, payment_method_id),
    )


def create_setup_intent(sb: Sandbox, *, customer_id: str, payment_method_types: tuple[str, ...] = ("card",)) -> Obj:
    """A SetupIntent for off-session use, status requires_payment_method, with `client_secret`."""
    return setup_intents.create_setup_intent(
        sb, customer_id=customer_id, payment_method_types=list(payment_method_types)
    )


def list_payment_methods(sb: Sandbox, customer_id: str) -> list[Obj]:
    """The customer's attached PaymentMethods, oldest first."""
    return payment_methods.list_payment_methods(sb, customer_id)


def get_payment_method(sb: Sandbox, payment_method_id: str) -> Obj | None:
    pm = sb.store.get("payment_method", payment_method_id)
    return payment_methods.render(pm) if pm else None


def detach_payment_method(sb: Sandbox, payment_method_id: str) -> Obj:
    return payment_methods.detach_payment_method(sb, payment_method_id)


def create_payment_intent(
    sb: Sandbox,
    *,
    amount: int,
    currency: str,
    customer_id: str,
    payment_method_id: str,
    capture_method: str = "automatic",
    off_session: bool = True,
    confirm: bool = True,
    metadata: dict[str, str] | None = None,
    idempotency_key: str | None = None,
) -> Obj:
    """Create (and by default confirm off-session) a PaymentIntent.

    Success: status `succeeded`, or `requires_capture` with capture_method="manual".
    Failure: raises `CardError` (HTTP 402 in Stripe) whose `.payment_intent` is the stored intent,
    left in `requires_payment_method` with `last_payment_error` (code `authentication_required` for
    cards that need 3DS, `card_declined` + decline_code otherwise). Its `client_secret` lets the app
    confirm it on-session with the saved payment method.
    """
    args: Obj = {
        "amount": amount,
        "currency": currency,
        "customer": customer_id,
        "payment_method": payment_method_id,
        "capture_method": capture_method,
        "off_session": off_session,
        "confirm": confirm,
        "metadata": metadata or {},
    }
    return _idempotent(
        sb,
        idempotency_key,
        "/v1/payment_intents",
        args,
        lambda: payment_intents.create_payment_intent(
            sb,
            amount=amount,
            currency=currency,
            customer_id=customer_id,
            payment_method_id=payment_method_id,
            capture_method=capture_method,
            off_session=off_session,
            confirm=confirm,
            metadata=metadata or {},
            payment_method_types=["card"],
        ),
    )


def get_payment_intent(sb: Sandbox, payment_intent_id: str) -> Obj | None:
    if sb.store.get("payment_intent", payment_intent_id) is None:
        return None
    return payment_intents.get_payment_intent(sb, payment_intent_id)


def capture_payment_intent(
    sb: Sandbox, payment_intent_id: str, amount_to_capture: int | None = None, idempotency_key: str | None = None
) -> Obj:
    """Capture a `requires_capture` intent, fully or partly (the rest is released); once only."""
    return _idempotent(
        sb,
        idempotency_key,
        f"/v1/payment_intents/{payment_intent_id}/capture",
        {"amount_to_capture": amount_to_capture},
        lambda: payment_intents.capture_payment_intent(sb, payment_intent_id, amount_to_capture),
    )


def cancel_payment_intent(
    sb: Sandbox, payment_intent_id: str, reason: str | None = None, idempotency_key: str | None = None
) -> Obj:
    return _idempotent(
        sb,
        idempotency_key,
        f"/v1/payment_intents/{payment_intent_id}/cancel",
        {"cancellation_reason": reason},
        lambda: payment_intents.cancel_payment_intent(sb, payment_intent_id, reason),
    )


def resolve_challenge(sb: Sandbox, intent_id: str, outcome: str) -> Obj:
    """Finish a pending 3DS challenge ("complete" or "fail") of a SetupIntent or PaymentIntent."""
    intent = challenges.resolve_challenge(sb, intent_id, outcome)
    return {k: v for k, v in intent.items() if not k.startswith("_")}


def intent_id_from_secret(client_secret: str) -> str:
    """`seti_X_secret_Y` -> `seti_X`."""
    return client_secret.split("_secret_", 1)[0]
