"""Lifecycle checks that need a second look at the API after the response."""

from __future__ import annotations

import requests
import schemathesis
from schemathesis import Case, CheckContext, Response

from contracts.checks._conditions import for_operations, for_status, operation_id
from contracts.checks.failures import DeletedUserVisible


@schemathesis.check
@for_operations("users_destroy")
@for_status(lambda code: code == 204)
def soft_deleted_user_stays_gone(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """After a 204 soft delete, the user answers 404 and is not listed."""
    request = response.request
    url = str(request.url)
    headers = {"Authorization": request.headers.get("Authorization", "")}
    again = requests.get(url, headers=headers, timeout=10)
    if again.status_code != 404:
        raise DeletedUserVisible(operation=operation_id(case), received=f"GET after delete: {again.status_code}",
                                 documented="404 for a soft-deleted user")
    user_id = case.path_parameters.get("user_id")
    listing_url = url.split("/users/")[0] + "/users/"
    listed = requests.get(listing_url, params={"search": user_id}, headers=headers, timeout=10)
    if listed.ok and any(u.get("id") == user_id for u in listed.json().get("results", [])):
        raise DeletedUserVisible(operation=operation_id(case), received="listed by GET /users/?search=",
                                 documented="a soft-deleted user is not listed")
    return True
