"""Lifecycle checks that need a second look at the API after the response."""

from __future__ import annotations

from typing import Any

import requests
import schemathesis
from schemathesis import Case, CheckContext, Response

from connect_cert.contracts.checks._conditions import for_operations, for_status, operation_id
from connect_cert.contracts.checks.failures import DeletedUserVisible, SessionWithoutPaymentMethod


@schemathesis.check
@for_operations("users_destroy")
@for_status(lambda code: code == 204)
def soft_deleted_user_stays_gone(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """After a 204 soft delete, the user answers 404 and is not listed."""
    request = response.request
    url = str(request.url)
    headers = {"Authorization": request.headers.get("Authorization", "")}
    again = requests.get(url, headers=headers, timeout=10)
    if again.status_code != 404:
        raise DeletedUserVisible(
            operation=operation_id(case),
            received=f"GET after delete: {again.status_code}",
            documented="404 for a soft-deleted user",
        )
    user_id = case.path_parameters.get("user_id")
    listing_url = url.split("/users/")[0] + "/users/"
    listed = requests.get(listing_url, params={"search": user_id}, headers=headers, timeout=10)
    if listed.ok and any(u.get("id") == user_id for u in listed.json().get("results", [])):
        raise DeletedUserVisible(
            operation=operation_id(case),
            received="listed by GET /users/?search=",
            documented="a soft-deleted user is not listed",
        )
    return True


MAX_PAGES = 10
TIMEOUT = 10.0


def _listed_method_ids(start_url: str, authorization: str) -> list[str] | None:
    """Ids of the user's payment methods, over every page; None when the list cannot be read (401, 5xx)."""
    url: str | None = start_url.split("/charging/start/")[0] + "/payment-methods/"
    params: dict[str, Any] | None = {"page_size": 100}
    ids: list[str] = []
    for _ in range(MAX_PAGES):
        if url is None:
            return ids
        answer = requests.get(url, params=params, headers={"Authorization": authorization}, timeout=TIMEOUT)
        if answer.status_code == 404:
            return ids  # the API does not know the user: it has no payment method
        if answer.status_code != 200:
            return None
        body = answer.json()
        ids += [str(m.get("id")) for m in body.get("results", []) if isinstance(m, dict)]
        url, params = body.get("next"), None
    return ids


@schemathesis.check
@for_operations("users_charging_start_create")
@for_status(lambda code: code == 201)
def session_starts_only_with_the_users_method(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A 201 from start means the payment method it was given is one of the user's: a valid payment method
    must be attached when the session starts (docs/reference.md#payment-lifecycle)."""
    sent = case.body if isinstance(case.body, dict) else {}
    pm_id = sent.get("payment_method_id")
    request = response.request
    listed = _listed_method_ids(str(request.url), str(request.headers.get("Authorization", "")))
    if listed is None:
        return None  # the list itself is checked where it is called
    if pm_id not in listed:
        raise SessionWithoutPaymentMethod(
            operation=operation_id(case),
            received=f"201 for payment_method_id {str(pm_id)[:60]!r}; the user's methods: {listed or 'none'}",
            documented="402 payment_method_error unless payment_method_id is one of the user's methods",
        )
    return True
