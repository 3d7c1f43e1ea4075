"""Customers: created by the backend, holding saved cards and the default one."""

from __future__ import annotations

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.stripe import payment_methods
from connect_cert.sandbox.stripe.common import Obj, created, invalid, load


def create_customer(sb: Sandbox, *, email: str | None, metadata: dict[str, str]) -> Obj:
    customer: Obj = {
        "id": new_id("cus", 14),
        "object": "customer",
        "created": created(sb),
        "email": email,
        "invoice_settings": {"default_payment_method": None},
        "livemode": False,
        "metadata": metadata,
    }
    return sb.store.put("customer", customer["id"], customer)


def get_customer(sb: Sandbox, customer_id: str) -> Obj:
    return load(sb, "customer", customer_id)


def set_default_payment_method(sb: Sandbox, customer_id: str, payment_method_id: str | None) -> Obj:
    customer = get_customer(sb, customer_id)
    if payment_method_id is not None:
        pm = payment_methods.get_payment_method(sb, payment_method_id)
        if pm.get("customer") != customer_id:
            raise invalid(
                f"The customer does not have a payment method with the ID {payment_method_id}. The payment method "
                "must be attached to the customer.",
                "invoice_settings[default_payment_method]",
            )
    customer["invoice_settings"]["default_payment_method"] = payment_method_id
    return sb.store.put("customer", customer_id, customer)
