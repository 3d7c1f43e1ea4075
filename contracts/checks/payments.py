"""Payment checks: the right intent secret in the right place, and no card data beyond the summary."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from connect_cert.contracts.checks._conditions import body_of, for_operations, for_status, operation_id, successful
from connect_cert.contracts.checks.failures import CardDataExposed, WrongIntentSecret
from connect_cert.harness.contract.operations import operations, resolve
from connect_cert.harness.redact import luhn_ok

SETUP_SECRET = re.compile(r"^seti_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$")
ALLOWED_CARD_FIELDS = frozenset({"brand", "last4", "expiration_date", "cardholder_name"})
SENSITIVE_KEYS = frozenset({"number", "card_number", "cvc", "cvv", "exp_month", "exp_year", "fingerprint", "pan"})
_DIGIT_RUN = re.compile(r"(?<!\d)\d{13,19}(?!\d)")


@schemathesis.check
@for_operations("users_setup_intents_retrieve")
@for_status(successful)
def setup_intent_secret_is_a_setup_intent(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """The setup endpoint answers a SetupIntent client secret under its documented name, never a PaymentIntent's."""
    body = body_of(response)
    secret = body.get("setup_intent_client_secret") if isinstance(body, dict) else None
    if not isinstance(secret, str) or not SETUP_SECRET.match(secret):
        shown = sorted(body) if isinstance(body, dict) else type(body).__name__
        kind = "a PaymentIntent secret" if isinstance(secret, str) and secret.startswith("pi_") else f"keys {shown}"
        raise WrongIntentSecret(
            operation=operation_id(case),
            received=kind,
            documented='{"setup_intent_client_secret": "seti_…_secret_…"}',
        )
    return True


def _string_fields(schema: Any, found: set[str]) -> None:
    schema = resolve(schema)
    if not isinstance(schema, Mapping):
        return
    for name, prop in (schema.get("properties") or {}).items():
        prop = resolve(prop)
        if isinstance(prop, Mapping) and prop.get("type") == "string" and not prop.get("readOnly"):
            found.add(name)
        _string_fields(prop, found)
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key) or ():
            _string_fields(part, found)


@cache
def caller_written_fields() -> frozenset[str]:
    """The string fields a caller writes through the contract's request bodies (address lines, names, ids).

    What the API answers in them is what a caller stored there, at any time: a Luhn-valid run in an address line
    is the caller's text, not card data the API gave out. Card fields are never among them.
    """
    found: set[str] = set()
    for operation in operations():
        if operation.body_schema is not None:
            _string_fields(operation.body_schema, found)
    return frozenset(found - ALLOWED_CARD_FIELDS - SENSITIVE_KEYS)


def _card_leaks(node: Any, echoed: str, path: str = "$") -> list[str]:
    leaks: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key == "card" and isinstance(value, dict):
                extra = sorted(set(value) - ALLOWED_CARD_FIELDS)
                leaks += [f"{here}.{k}" for k in extra]
            elif key.lower() in SENSITIVE_KEYS:
                leaks.append(here)
            if isinstance(value, str) and key in caller_written_fields():
                continue
            leaks += _card_leaks(value, echoed, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            leaks += _card_leaks(value, echoed, f"{path}[{i}]")
    elif isinstance(node, str):
        # A digit run the caller sent (an external_id, say) is an echo, not card data from the API.
        leaks += [f"{path} (card number)" for run in _DIGIT_RUN.findall(node) if luhn_ok(run) and run not in echoed]
    return leaks


@schemathesis.check
def no_card_data_beyond_summary(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Only brand, last4, expiry and holder of a card ever leave the API."""
    body = body_of(response)
    if body is None:
        return None
    request = response.request
    body_sent = request.body.decode("utf-8", "replace") if isinstance(request.body, bytes) else str(request.body or "")
    leaks = _card_leaks(body, f"{request.url} {body_sent}")
    if leaks:
        raise CardDataExposed(
            operation=operation_id(case),
            received=", ".join(leaks[:5]),
            documented="card: {brand, last4, expiration_date, cardholder_name} and nothing else",
        )
    return True
