"""Authentication and tenancy are enforced on every operation of the contract (API-02).

Missing token -> 401, invalid token -> 403 (docs/reference.md#authentication), on every operation; another
partner's token -> 404 on every user-scoped operation (under `/users/{user_id}/`), for a real user of the
partner under test with a real card and session. The operations come from the contract, not from a hand
list; bodies come from the contract's links (expressions resolved) or are the smallest valid ones.
Destructive operations run last, so a leak in one does not hide a leak in another.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from connect_cert.harness.clients import ApiResponse
from connect_cert.harness.contract.operations import Operation, linked_body, minimal, operations, user_scoped_operations
from connect_cert.harness.target import Target

if TYPE_CHECKING:
    from connect_cert.harness.api_fixtures import Tenant

pytestmark = [pytest.mark.requirement("API-02"), pytest.mark.platform("api")]

ALL = operations()
USER_SCOPED = sorted(
    user_scoped_operations(), key=lambda op: (op.is_destructive, op.path == "/api/v1/users/{user_id}/")
)
PLACEHOLDERS = {"user_id": str(uuid.uuid4()), "pm": "pm_connectcertplaceholder00", "session_id": str(uuid.uuid4())}


def _unknown_token() -> str:
    """A well-formed JWT no Connect environment issued (random signature)."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return (
        f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'partner': 'connect-cert-nobody'})}.{secrets.token_urlsafe(32)}"
    )


def _body(operation: Operation) -> Any:
    return minimal(operation.body_schema) if operation.body_schema is not None else None


def _finding(
    operation: Operation, check: str, answer: ApiResponse, documented: str, token: str = "$CONNECT_TOKEN"
) -> str:
    """The failure as a finding: operation, check, Received / Documented, curl (`token` names the credential)."""
    curl = answer.curl().replace("$CONNECT_TOKEN", token)
    return (
        f"{operation.operation_id} · {check}\n"
        f"  Received:   {answer.describe().split(': ', 1)[1]}\n"
        f"  Documented: {documented}\n"
        f"  Reproduce:\n    {curl}"
    )


def _expect(holds: bool, finding: str) -> None:
    """Fail with the finding alone: no traceback, no object reprs (a body may carry a client secret)."""
    if not holds:
        pytest.fail(finding, pytrace=False)


def _is_detail(answer: ApiResponse) -> bool:
    return isinstance(answer.body, dict) and isinstance(answer.body.get("detail"), str)


@pytest.mark.parametrize("operation", ALL, ids=str)
def test_a_request_without_a_token_is_401(operation: Operation, call_operation: Callable[..., ApiResponse]) -> None:
    answer = call_operation(operation, None, PLACEHOLDERS, _body(operation))
    _expect(
        answer.status == 401 and _is_detail(answer),
        _finding(operation, "missing token", answer, '401 {"detail": "..."} without an Authorization header'),
    )


@pytest.mark.parametrize("operation", ALL, ids=str)
def test_an_unknown_token_is_403(operation: Operation, call_operation: Callable[..., ApiResponse]) -> None:
    answer = call_operation(operation, _unknown_token(), PLACEHOLDERS, _body(operation))
    _expect(
        answer.status == 403 and _is_detail(answer),
        _finding(
            operation, "invalid token", answer, '403 {"detail": "..."} for a token no environment issued', "invalid"
        ),
    )


@pytest.mark.parametrize("operation", USER_SCOPED, ids=str)
def test_another_partners_user_is_404(
    operation: Operation, tenant: Tenant, target: Target, call_operation: Callable[..., ApiResponse]
) -> None:
    if not target.offers_second_partner:
        pytest.skip("target offers no second partner token (set the variable named by --second-token-env)")
    body = linked_body(operation, request_path=tenant.values, responses=tenant.responses)
    answer = call_operation(operation, target.second_token, tenant.values, body)
    _expect(
        answer.status == 404 and _is_detail(answer),
        _finding(
            operation,
            "tenancy",
            answer,
            "404 for a user of another partner, as for an unknown one",
            "$CONNECT_CERT_SECOND_TOKEN",
        ),
    )
