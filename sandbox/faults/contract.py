"""Contract faults: the Connect API answers outside its contract (types, fields, statuses, content types, pages)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from connect_cert.sandbox.faults.middleware import Answer, Exchange
from connect_cert.sandbox.faults.registry import on_response

API = r"^/api/v1/"
USERS = r"^/api/v1/users/(?:[^/]+/)?$"
NOT_FOUND_PAGE = (
    b'<!doctype html>\n<html lang="en"><head><title>Not Found</title></head>'
    b"<body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>\n"
)


def _items(body: Any) -> list[Any]:
    """The objects of an answer: a page's results, or the body itself."""
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return list(body["results"])
    return [body]


@on_response("contract", ("GET", "POST", "PATCH"), USERS)
def user_custom_properties_as_string(exchange: Exchange, answer: Answer) -> None:
    """Users answer `custom_properties` as a JSON-encoded string instead of an object (serialized twice)."""
    if answer.status >= 300 or answer.json is None:
        return
    for user in _items(answer.json):
        if isinstance(user, dict) and isinstance(user.get("custom_properties"), dict):
            user["custom_properties"] = json.dumps(user["custom_properties"])
    answer.set_json(answer.json)


@on_response("contract", "GET", API)
def list_count_missing(exchange: Exchange, answer: Answer) -> None:
    """Paginated lists come without their required `count`."""
    body = answer.json
    if answer.status == 200 and isinstance(body, dict) and "results" in body:
        body.pop("count", None)
        answer.set_json(body)


@on_response("contract", "POST", r"^/api/v1/users/$")
def users_create_answers_200(exchange: Exchange, answer: Answer) -> None:
    """Creating a user answers 200, a status the contract does not document for it (201)."""
    if answer.status == 201:
        answer.status = 200


@on_response("contract", (), API)
def json_served_as_text_plain(exchange: Exchange, answer: Answer) -> None:
    """The Connect API's JSON answers carry `Content-Type: text/plain`."""
    if (answer.header("content-type") or "").startswith("application/json"):
        answer.set_header("content-type", "text/plain; charset=utf-8")


@on_response("contract", "GET", API)
def pagination_previous_on_first_page(exchange: Exchange, answer: Answer) -> None:
    """The first page of a list links a `previous` page (page 0)."""
    body = answer.json
    page = parse_qs(exchange.query).get("page", ["1"])[0]
    if answer.status == 200 and isinstance(body, dict) and "results" in body and page == "1":
        body["previous"] = f"http://{exchange.header('host') or 'localhost'}{exchange.path}?page=0"
        answer.set_json(body)


@on_response("contract", "PUT", r"^/api/v1/users/[^/]+/billing-details/$")
def billing_details_update_500(exchange: Exchange, answer: Answer) -> None:
    """Updating billing details crashes: 500 unexpected_error for every authenticated request."""
    if answer.status not in (401, 403):
        answer.status = 500
        answer.set_json(
            {
                "detail": "Unexpected error.",
                "error": {"type": "unexpected_error", "details": "Unexpected error. Support code: 5f00f00d"},
            }
        )


@on_response("contract", (), API)
def not_found_as_html(exchange: Exchange, answer: Answer) -> None:
    """A 404 of the Connect API is the web server's HTML page, not `{"detail": …}` JSON."""
    if answer.status == 404:
        answer.set_body(NOT_FOUND_PAGE, "text/html; charset=utf-8")


@on_response("contract", (), API)
def error_type_outside_the_enum(exchange: Exchange, answer: Answer) -> None:
    """Rich errors name their type in CamelCase (`ValidationError`), outside the ErrorType enum."""
    body = answer.json
    error = body.get("error") if isinstance(body, dict) else None
    if answer.status >= 400 and isinstance(error, dict) and isinstance(error.get("type"), str):
        error["type"] = "".join(part.title() for part in error["type"].split("_"))
        answer.set_json(body)
