"""Customers: created and updated by the backend, holding saved cards and the default one."""

from __future__ import annotations

import secrets

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.stripe import payment_methods
from connect_cert.sandbox.stripe.common import Obj, address, created, invalid, load, shaped, shipping
from connect_cert.sandbox.stripe.params import merge_metadata

_INVOICE_SETTINGS: Obj = {
    "custom_fields": None,
    "default_payment_method": None,
    "footer": None,
    "rendering_options": None,
}
_TEMPLATE: Obj = {
    "id": None,
    "object": "customer",
    "address": None,
    "balance": 0,
    "created": 0,
    "currency": None,
    "default_source": None,
    "delinquent": False,
    "description": None,
    "discount": None,
    "email": None,
    "invoice_prefix": None,
    "invoice_settings": None,
    "livemode": False,
    "metadata": {},
    "name": None,
    "next_invoice_sequence": 1,
    "phone": None,
    "preferred_locales": [],
    "shipping": None,
    "tax_exempt": "none",
    "test_clock": None,
}
# What `POST /v1/customers/{id}` sets as given (https://docs.stripe.com/api/customers/update).
UPDATABLE = (
    "address",
    "balance",
    "description",
    "email",
    "invoice_prefix",
    "name",
    "next_invoice_sequence",
    "phone",
    "preferred_locales",
    "shipping",
    "tax_exempt",
)


def render(customer: Obj) -> Obj:
    out = shaped(_TEMPLATE, customer)
    out["invoice_settings"] = {**_INVOICE_SETTINGS, **(customer.get("invoice_settings") or {})}
    return out


def create_customer(sb: Sandbox, *, email: str | None, metadata: dict[str, str], **fields: object) -> Obj:
    """A Customer; `fields` are any of `UPDATABLE` plus `payment_method` (attached) and `invoice_settings`."""
    customer: Obj = {
        **_TEMPLATE,
        "id": new_id("cus", 14),
        "created": created(sb),
        "email": email,
        "invoice_prefix": secrets.token_hex(4).upper(),
        "invoice_settings": dict(_INVOICE_SETTINGS),
        "metadata": merge_metadata(None, metadata, True),
    }
    sb.store.put("customer", customer["id"], customer)
    payment_method = fields.pop("payment_method", None)
    if isinstance(payment_method, str) and payment_method:
        payment_methods.attach_payment_method(sb, payment_method, customer["id"])
    return update_customer(sb, customer["id"], fields) if fields else render(customer)


def get_customer(sb: Sandbox, customer_id: str) -> Obj:
    return render(load(sb, "customer", customer_id))


def update_customer(sb: Sandbox, customer_id: str, form: Obj) -> Obj:
    """Sets the fields given; metadata merges key by key (an empty value unsets its key)."""
    customer = load(sb, "customer", customer_id)
    for key in UPDATABLE:
        if key in form:
            customer[key] = form[key]
    if "address" in form:
        customer["address"] = address(form["address"])
    if "shipping" in form:
        customer["shipping"] = shipping(form["shipping"])
    if form.get("preferred_locales") is None and "preferred_locales" in form:
        customer["preferred_locales"] = []
    if form.get("tax_exempt") is None and "tax_exempt" in form:
        customer["tax_exempt"] = "none"
    customer["metadata"] = merge_metadata(customer.get("metadata"), form.get("metadata"), "metadata" in form)
    settings = form.get("invoice_settings")
    if isinstance(settings, dict):
        current = {**_INVOICE_SETTINGS, **(customer.get("invoice_settings") or {})}
        for key in ("custom_fields", "footer", "rendering_options"):
            if key in settings:
                current[key] = settings[key]
        customer["invoice_settings"] = current
        sb.store.put("customer", customer_id, customer)
        if "default_payment_method" in settings:
            return set_default_payment_method(sb, customer_id, settings["default_payment_method"] or None)
    sb.store.put("customer", customer_id, customer)
    return render(customer)


def set_default_payment_method(sb: Sandbox, customer_id: str, payment_method_id: str | None) -> Obj:
    customer = load(sb, "customer", customer_id)
    if payment_method_id is not None:
        pm = payment_methods.get_payment_method(sb, payment_method_id)
        if pm.get("customer") != customer_id:
            raise invalid(
                f"The customer does not have a payment method with the ID {payment_method_id}. The payment method "
                "must be attached to the customer.",
                "invoice_settings[default_payment_method]",
            )
    settings = {**_INVOICE_SETTINGS, **(customer.get("invoice_settings") or {})}
    settings["default_payment_method"] = payment_method_id
    customer["invoice_settings"] = settings
    sb.store.put("customer", customer_id, customer)
    return render(customer)


def all_customers(sb: Sandbox) -> list[Obj]:
    return [render(c) for c in sb.store.list("customer")]
