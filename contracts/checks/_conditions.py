"""Preconditions for checks: tiny decorators, so a check body holds only its property."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from schemathesis import Case, CheckContext, Response

Check = Callable[[CheckContext, Response, Case[Any]], bool | None]


def operation_id(case: Case[Any]) -> str:
    return str(case.operation.definition.raw.get("operationId") or case.operation.label)


def body_of(response: Response) -> Any:
    """The JSON body, or None when there is none or it is not JSON."""
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


def for_operations(*ids: str) -> Callable[[Check], Check]:
    """Run the check only for these operationIds."""

    def decorate(check: Check) -> Check:
        @functools.wraps(check)
        def wrapper(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
            if operation_id(case) not in ids:
                return None
            return check(ctx, response, case)

        return wrapper

    return decorate


def for_status(predicate: Callable[[int], bool]) -> Callable[[Check], Check]:
    """Run the check only for responses whose status matches."""

    def decorate(check: Check) -> Check:
        @functools.wraps(check)
        def wrapper(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
            if not predicate(response.status_code):
                return None
            return check(ctx, response, case)

        return wrapper

    return decorate


def successful(code: int) -> bool:
    return 200 <= code < 300


def client_or_server_error(code: int) -> bool:
    return code >= 400
