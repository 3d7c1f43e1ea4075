"""What every Connect API resource needs: the partner's users, datetimes, bare responses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connect_cert.sandbox import faults
from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import APIError, not_found
from connect_cert.sandbox.http import ConnectRequest
from connect_cert.sandbox.stripe import service

USER = "user"
BILLING = "billing_details"

Doc = dict[str, Any]


def iso(ts: float | None) -> str | None:
    """DRF's DateTimeField output: ISO 8601 in UTC with a `Z`."""
    if ts is None:
        return None
    value = datetime.fromtimestamp(ts, UTC).isoformat()
    return value[:-6] + "Z" if value.endswith("+00:00") else value


def find_user(req: ConnectRequest, user_id: str) -> Doc:
    """The partner's live user; another partner's, a soft-deleted or an unknown one is simply not found."""
    user = req.sandbox.store.get(USER, user_id)
    partner = faults.hook(req.sandbox, faults.Point.USER_PARTNER, req.partner, user=user)
    if user is None or user["partner"] != partner or user["deleted"]:
        raise not_found()
    return user


def save_user(sb: Sandbox, user: Doc) -> Doc:
    return sb.store.put(USER, user["id"], user, parent=user["partner"])


def customer_id(sb: Sandbox, user: Doc, *, create: bool) -> str | None:
    """The user's Stripe customer, created the first time a payment step needs one."""
    existing: str | None = user.get("stripe_customer_id")
    if existing or not create:
        return existing
    customer = service.create_customer(
        sb, email=user.get("email"), metadata={"connect_user_id": user["id"], "partner": user["partner"]}
    )
    created: str = customer["id"]
    user["stripe_customer_id"] = created
    save_user(sb, user)
    return created


def error_response(err: APIError) -> JSONResponse:
    """An error answered without rolling back: for refusals that follow side effects (a consumed fault,
    a PaymentIntent Stripe created), which must stay committed as they would in the real systems."""
    return JSONResponse(err.body(), err.status)


def no_content() -> Response:
    return Response(status_code=204)


def absolute(request: Request, name: str, **params: str) -> str:
    return str(request.url_for(name, **params))
