"""Stripe's published object schemas as a validator: every answer the emulator gives must fit them.

The schemas are those of Stripe's public OpenAPI spec reachable from customer, setup_intent, payment_intent,
payment_method, charge and error (docs/reference.md#stripe-openapi: the subset beside this repository, MIT,
API version 2023-08-16). OpenAPI's `nullable` becomes JSON Schema's null, `$ref`s resolve inside the document, an
expandable field is the spec's own `anyOf [id string, object]`.

The spec marks only a few fields `required`, yet Stripe's API reference shows every field of these objects in
every answer, null when empty (https://docs.stripe.com/api/customers/object and its siblings). So for the
objects the emulator serves, `COMPLETE` requires every field of the schema except the ones Stripe's reference
says appear only on request or only for other payment method types, and refuses fields the schema does not
have. A publishable key sees only the fields Stripe's reference marks "retrievable with publishable key".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "stripe-openapi-subset.json"
Obj = dict[str, Any]

# Schema -> fields not in every answer, and why (Stripe's API reference, object pages).
COMPLETE: dict[str, tuple[str, ...]] = {
    # "This field is not included by default. To include it in the response, expand the field."
    "customer": ("cash_balance", "invoice_credit_balance", "sources", "subscriptions", "tax", "tax_ids"),
    "invoice_setting_customer_setting": (),
    "payment_method_card": (),
    "payment_method_card_checks": (),
    "networks": (),
    "three_d_secure_usage": (),
    "billing_details": (),
    "address": (),
    # "If present".
    "setup_intent": ("attach_to_self",),
    "setup_intent_payment_method_options_card": (),
    "payment_intent": (),
    # Set only when requested for this intent.
    "payment_intent_payment_method_options_card": (
        "capture_method",
        "setup_future_usage",
        "statement_descriptor_suffix_kana",
        "statement_descriptor_suffix_kanji",
    ),
    "payment_flows_automatic_payment_methods_payment_intent": (),
    # refunds: not included by default since API version 2022-11-15; transfer: destination charges only;
    # radar_options: only when Radar ran a session.
    "charge": ("refunds", "transfer", "radar_options"),
    # rule: only when a Radar rule decided.
    "charge_outcome": ("rule",),
    "payment_method_details_card": (),
    "payment_method_details_card_checks": (),
}
# Objects with one hash per payment method type, present only for their own type (the sandbox serves cards):
# every other field is required, and no field outside the schema.
TYPE_KEYED: dict[str, tuple[str, ...]] = {
    "payment_method": (
        "billing_details",
        "card",
        "created",
        "customer",
        "id",
        "livemode",
        "metadata",
        "object",
        "type",
    ),
    "payment_method_details": ("card", "type"),
    "setup_intent_payment_method_options": ("card",),
    "payment_intent_payment_method_options": ("card",),
}

# "Retrievable with publishable key" in Stripe's object references.
PUBLISHABLE: dict[str, tuple[str, ...]] = {
    "payment_intent": (
        "id",
        "object",
        "amount",
        "automatic_payment_methods",
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
        "processing",
        "receipt_email",
        "setup_future_usage",
        "shipping",
        "status",
    ),
    "setup_intent": (
        "id",
        "object",
        "automatic_payment_methods",
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
    ),
}
# What a publishable key never learns of a PaymentMethod.
PUBLISHABLE_HIDDEN: dict[str, tuple[str, ...]] = {"payment_method": ("customer",)}

_SCHEMA_KEYS = {"properties", "items", "additionalProperties", "anyOf", "oneOf", "allOf"}


def available() -> bool:
    return REFERENCE.is_file()


def _convert(node: Any) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema: `nullable` admits null, documentation keys dropped."""
    if not isinstance(node, dict):
        return node
    out: Obj = {}
    for key, value in node.items():
        if key.startswith("x-") or key in ("description", "nullable", "format", "title"):
            continue
        if key == "properties":
            out[key] = {name: _convert(schema) for name, schema in value.items()}
        elif key in ("anyOf", "oneOf", "allOf"):
            out[key] = [_convert(schema) for schema in value]
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = _convert(value)
        else:
            out[key] = value
    if node.get("x-stripeBypassValidation"):
        out.pop("enum", None)  # Stripe may answer values the enum does not list yet
    if node.get("nullable"):
        return {"anyOf": [{"type": "null"}, out]}
    return out


def _tighten(name: str, schema: Obj, publishable: bool) -> Obj:
    props: Obj = schema.get("properties", {})
    if name in COMPLETE:
        schema["required"] = sorted((set(props) - set(COMPLETE[name])) | set(schema.get("required", [])))
        schema["additionalProperties"] = False
    if name in TYPE_KEYED:
        schema["required"] = sorted(TYPE_KEYED[name])
        schema["additionalProperties"] = False
    if publishable and name in PUBLISHABLE:
        schema["properties"] = {k: v for k, v in props.items() if k in PUBLISHABLE[name]}
        schema["required"] = sorted(PUBLISHABLE[name])
        schema["additionalProperties"] = False
    if publishable and name in PUBLISHABLE_HIDDEN:
        hidden = PUBLISHABLE_HIDDEN[name]
        schema["properties"] = {k: v for k, v in props.items() if k not in hidden}
        schema["required"] = [k for k in schema.get("required", []) if k not in hidden]
    return schema


@cache
def _components(publishable: bool) -> Obj:
    spec = json.loads(REFERENCE.read_text())
    schemas = spec["components"]["schemas"]
    return {name: _tighten(name, _convert(schema), publishable) for name, schema in schemas.items()}


@cache
def _validator(name: str, publishable: bool) -> jsonschema.Draft7Validator:
    root: Obj = {"components": {"schemas": _components(publishable)}}
    if name.startswith("list:"):
        root.update(
            type="object",
            required=["object", "data", "has_more", "url"],
            additionalProperties=False,
            properties={
                "object": {"enum": ["list"]},
                "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{name[5:]}"}},
                "has_more": {"type": "boolean"},
                "url": {"type": "string"},
            },
        )
    else:
        root["$ref"] = f"#/components/schemas/{name}"
    jsonschema.Draft7Validator.check_schema(root)
    return jsonschema.Draft7Validator(root)


def schema_name(body: Obj) -> str:
    """Which published schema an answer claims: an error, a list of some object, or an object."""
    if "error" in body and "object" not in body:
        return "error"
    if body.get("object") == "list":
        kinds = {item.get("object") for item in body.get("data", [])}
        return f"list:{kinds.pop() if len(kinds) == 1 else 'customer'}"
    return str(body.get("object"))


def problems(body: Obj, *, publishable: bool = False, name: str | None = None) -> list[str]:
    """Every way the answer departs from Stripe's schema (empty when it fits)."""
    validator = _validator(name or schema_name(body), publishable)
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in _errors(validator, body)]


def _errors(validator: jsonschema.Draft7Validator, body: Obj) -> Iterator[jsonschema.ValidationError]:
    for error in validator.iter_errors(body):
        # anyOf failures say little; the deepest cause names the field.
        yield from (error.context and sorted(error.context, key=lambda e: -len(e.absolute_path))[:1]) or [error]
