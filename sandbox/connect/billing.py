"""Billing details: GET, PUT (line1 and postal_code required; other fields keep their value when absent,
as a DRF serializer's update does). Before the first PUT every field is empty (`line1` and `postal_code`
"", account_type `personal`). Complete, as charging requires: line1, postal_code, and first and last name
or a company name.
"""

from __future__ import annotations

from typing import Any

from connect_cert.sandbox.connect.common import BILLING, Doc, find_user
from connect_cert.sandbox.connect.fields import MISSING, Body
from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.http import ConnectRequest

ACCOUNT_TYPES = ("personal", "business")
# field -> (max length or None, nullable)
FIELDS: dict[str, tuple[int | None, bool]] = {
    "country": (150, True),
    "city": (50, True),
    "tax_id": (30, True),
    "company_name": (None, True),
    "vat_id": (None, True),
    "line1": (None, False),
    "postal_code": (None, False),
    "first_name": (150, True),
    "last_name": (150, True),
}
EMPTY: dict[str, Any] = {
    "country": None,
    "city": None,
    "tax_id": None,
    "account_type": "personal",
    "company_name": None,
    "vat_id": None,
    "line1": "",
    "postal_code": "",
    "first_name": None,
    "last_name": None,
}


def details_of(sb: Sandbox, user_id: str) -> Doc:
    return {**EMPTY, **(sb.store.get(BILLING, user_id) or {})}


def is_complete(details: Doc) -> bool:
    named = bool(details.get("first_name") and details.get("last_name"))
    return bool(details.get("line1") and details.get("postal_code") and (named or details.get("company_name")))


def render(details: Doc) -> dict[str, Any]:
    return {key: details.get(key, default) for key, default in EMPTY.items()}


def billing_details(req: ConnectRequest) -> dict[str, Any]:
    user = find_user(req, req.params["user_id"])
    details = details_of(req.sandbox, user["id"])
    if req.request.method != "PUT":
        return render(details)
    body = Body(req)
    for name, (max_length, nullable) in FIELDS.items():
        value = body.string(name, required=not nullable, nullable=nullable, max_length=max_length)
        if value is not MISSING:
            details[name] = value
    account_type = body.string("account_type", choices=ACCOUNT_TYPES)
    if account_type is not MISSING:
        details["account_type"] = account_type
    req.sandbox.store.put(BILLING, user["id"], render(details), parent=user["id"])
    return render(details)
