"""Payments: setup intents, payment methods (list, set default, delete), all through the Stripe emulator.

A user gets a Stripe customer the first time a payment step needs one. Methods are listed from that
customer, oldest first; `type` is the card's wallet (`apple_pay`, `google_pay`) when it has one, else
`card`; `default` mirrors the customer's `invoice_settings.default_payment_method`, which the first
attached method becomes (see `connect_cert.sandbox.charging.sessions.on_setup_intent_succeeded`).

`card.expiration_date` is "MM/YYYY": the spec's text says "MM/YY" but its examples show "12/2027"
(docs/reference.md#docs-spec-drift); we follow the examples, which are what the real API returns.

Deleting a method is refused, in this order: open debt (402 payment_error, `status: unpaid_debts`), a
session not yet billed that uses it (400 payment_method_error: the final charge still needs it), the
default method (400 payment_method_error).
"""

from __future__ import annotations

from typing import Any

from connect_cert.sandbox import faults
from connect_cert.sandbox.charging import sessions
from connect_cert.sandbox.connect.common import Doc, customer_id, find_user, iso, no_content
from connect_cert.sandbox.connect.fields import q_choice
from connect_cert.sandbox.connect.pagination import paginate
from connect_cert.sandbox.errors import APIError, not_found
from connect_cert.sandbox.http import ConnectRequest
from connect_cert.sandbox.stripe import service

PM_TYPES = ("card",)


def render_method(pm: Doc, default_id: str | None) -> dict[str, Any]:
    card = pm.get("card") or {}
    wallet = (card.get("wallet") or {}).get("type")
    return {
        "id": pm["id"],
        "default": pm["id"] == default_id,
        "type": wallet if wallet in ("apple_pay", "google_pay") else "card",
        "card": {
            "brand": card.get("brand"),
            "last4": card.get("last4"),
            "expiration_date": f"{int(card.get('exp_month', 0)):02d}/{int(card.get('exp_year', 0)):04d}",
            "cardholder_name": (pm.get("billing_details") or {}).get("name"),
        },
        "created_at": iso(pm.get("created")),
    }


def default_method(req: ConnectRequest, cus_id: str) -> str | None:
    customer = service.get_customer(req.sandbox, cus_id)
    return ((customer or {}).get("invoice_settings") or {}).get("default_payment_method")


def user_methods(req: ConnectRequest, user: Doc) -> tuple[list[Doc], str | None]:
    cus_id = customer_id(req.sandbox, user, create=False)
    if not cus_id:
        return [], None
    return service.list_payment_methods(req.sandbox, cus_id), default_method(req, cus_id)


def owned_method(req: ConnectRequest, user: Doc, pm_id: str) -> Doc | None:
    """The user's attached payment method of that id, or None (unknown, detached or someone else's)."""
    cus_id = user.get("stripe_customer_id")
    pm = service.get_payment_method(req.sandbox, pm_id) if cus_id else None
    return pm if pm and pm.get("customer") == cus_id else None


def setup_intent(req: ConnectRequest) -> dict[str, Any]:
    user = find_user(req, req.params["user_id"])
    q_choice(req.query, "pm_type", PM_TYPES, default="card")
    sb = req.sandbox
    cus_id = customer_id(sb, user, create=True)
    assert cus_id is not None
    intent = service.create_setup_intent(sb, customer_id=faults.hook(sb, faults.Point.SETUP_CUSTOMER, cus_id))
    secret = faults.hook(sb, faults.Point.SETUP_SECRET, intent["client_secret"], customer_id=cus_id)
    return {"setup_intent_client_secret": secret}


def list_methods(req: ConnectRequest) -> dict[str, Any]:
    user = find_user(req, req.params["user_id"])
    methods, default_id = user_methods(req, user)
    return paginate(req.request, methods, lambda pm: render_method(pm, default_id))


def set_default(req: ConnectRequest) -> Any:
    user = find_user(req, req.params["user_id"])
    pm = owned_method(req, user, req.params["pm"])
    if pm is None:
        raise not_found()
    service.set_default_payment_method(req.sandbox, user["stripe_customer_id"], pm["id"])
    return no_content()


def delete_method(req: ConnectRequest) -> Any:
    user = find_user(req, req.params["user_id"])
    pm = owned_method(req, user, req.params["pm"])
    if pm is None:
        raise not_found()
    debts = sessions.open_debts(req.sandbox, user["id"])
    if faults.hook(req.sandbox, faults.Point.DELETE_METHOD_OPEN_DEBTS, debts):
        raise APIError(
            402,
            "The user has unpaid debts.",
            "payment_error",
            "Payment methods cannot be removed while charging debts are unpaid.",
            extra={"status": "unpaid_debts"},
        )
    in_use = any(
        s["payment_method_id"] == pm["id"] and s["state"] in (sessions.CHARGING, sessions.AWAITING_CDR)
        for s in sessions.user_sessions(req.sandbox, user["id"])
    )
    if in_use:
        raise APIError(
            400,
            "The payment method is used by an active charging session.",
            "payment_method_error",
            "A payment method cannot be removed while a charging session it pays for is not finished.",
        )
    if default_method(req, user["stripe_customer_id"]) == pm["id"]:
        raise APIError(
            400,
            "The default payment method cannot be removed.",
            "payment_method_error",
            "Set another payment method as default before removing this one.",
        )
    service.detach_payment_method(req.sandbox, pm["id"])
    return no_content()
