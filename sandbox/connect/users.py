"""Users: list (search by id or external_id), create, retrieve, partial update, soft delete.

Each token is a partner and sees only its own users; a soft-deleted user answers 404 everywhere and
leaves every list. A user with an open debt cannot be deleted (402 payment_error, `status: unpaid_debts`).
Nor can one who is charging (400 already_charging, our choice where the public material is silent: a
deleted user could never stop the session, and a shared charging point would stay taken); 400 because
it is the status the spec documents for this operation.
New users get locale `en` and `custom_properties` null unless given.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.responses import JSONResponse, Response

from connect_cert.sandbox import faults
from connect_cert.sandbox.charging import sessions
from connect_cert.sandbox.connect.common import USER, Doc, find_user, no_content, save_user
from connect_cert.sandbox.connect.fields import MISSING, Body, nested_string
from connect_cert.sandbox.connect.pagination import paginate
from connect_cert.sandbox.errors import APIError
from connect_cert.sandbox.http import ConnectRequest

LOCALES = ("en", "de")
EXTERNAL_ID_MAX = 250


def render(user: Doc) -> dict[str, Any]:
    props = user.get("custom_properties")
    return {
        "id": user["id"],
        "email": user.get("email"),
        "locale": user.get("locale", "en"),
        "custom_properties": None if props is None else {"external_id": props.get("external_id")},
    }


def _fields(req: ConnectRequest) -> dict[str, Any]:
    """The writable fields present in the body, validated."""
    body = Body(req)
    values: dict[str, Any] = {}
    email = body.email("email")
    if email is not MISSING:
        values["email"] = email
    locale = body.string("locale", choices=LOCALES)
    if locale is not MISSING:
        values["locale"] = locale
    props = body.obj("custom_properties", nullable=True)
    if props is not MISSING:
        if props is None:
            values["custom_properties"] = None
        else:
            external_id = nested_string(props, "external_id", max_length=EXTERNAL_ID_MAX)
            values["custom_properties"] = {"external_id": None if external_id is MISSING else external_id}
    return values


def _matches(user: Doc, terms: list[str]) -> bool:
    """DRF SearchFilter: every term must be contained (case-insensitive) in one of the search fields."""
    external_id = (user.get("custom_properties") or {}).get("external_id") or ""
    haystacks = (user["id"].lower(), external_id.lower())
    return all(any(term in h for h in haystacks) for term in terms)


def list_users(req: ConnectRequest) -> dict[str, Any]:
    users = [u for u in req.sandbox.store.list(USER, parent=req.partner) if not u["deleted"]]
    search = req.query.get("search")
    if search:
        terms = search.replace("\x00", "").replace(",", " ").lower().split()
        users = [u for u in users if _matches(u, terms)]
    return paginate(req.request, users, render)


def create_user(req: ConnectRequest) -> Response:
    values = _fields(req)
    user = {
        "id": str(uuid.uuid4()),
        "partner": req.partner,
        "email": None,
        "locale": "en",
        "custom_properties": None,
        "deleted": False,
        "created_at": req.sandbox.now(),
        "stripe_customer_id": None,
        **values,
    }
    save_user(req.sandbox, user)
    return JSONResponse(render(user), 201)


def retrieve_user(req: ConnectRequest) -> dict[str, Any]:
    return render(find_user(req, req.params["user_id"]))


def update_user(req: ConnectRequest) -> dict[str, Any]:
    user = find_user(req, req.params["user_id"])
    user.update(_fields(req))
    save_user(req.sandbox, user)
    return render(user)


def destroy_user(req: ConnectRequest) -> Response:
    user = find_user(req, req.params["user_id"])
    debts = sessions.open_debts(req.sandbox, user["id"])
    if faults.hook(req.sandbox, faults.Point.DELETE_USER_OPEN_DEBTS, debts):
        raise APIError(
            402,
            "The user has unpaid debts.",
            "payment_error",
            "The user cannot be deleted while charging debts are unpaid.",
            extra={"status": "unpaid_debts"},
        )
    if sessions.active_session(req.sandbox, user["id"]) is not None:
        raise APIError(
            400,
            "The user is charging.",
            "already_charging",
            "Stop the active charging session before deleting the user.",
        )
    user.update(deleted=True, deleted_at=req.sandbox.now())
    save_user(req.sandbox, user)
    return no_content()


def users(req: ConnectRequest) -> Any:
    return list_users(req) if req.request.method in ("GET", "HEAD") else create_user(req)


def user(req: ConnectRequest) -> Any:
    method = req.request.method
    if method == "PATCH":
        return update_user(req)
    if method == "DELETE":
        return destroy_user(req)
    return retrieve_user(req)
