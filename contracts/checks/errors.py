"""Error bodies: the Connect envelope, ErrorType values, and secrets only where they belong."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from connect_cert.contracts.checks._conditions import body_of, client_or_server_error, for_status, operation_id
from connect_cert.contracts.checks.failures import CredentialEchoed, MalformedErrorEnvelope, MisplacedPaymentSecret

ERROR_TYPES = frozenset(
    {
        "validation_error",
        "payment_method_error",
        "payment_error",
        "temporary_locked",
        "already_charging",
        "already_stopped",
        "station_availability_issue",
        "billing_data_required",
        "charging_provider_error",
        "unexpected_error",
        "pre_authorization_failed",
    }
)
PAYMENT_ERROR_TYPES = frozenset({"pre_authorization_failed", "payment_error"})
SECRET_MARKERS = ("_secret_", "sk_test_", "sk_live_", "rk_test_", "rk_live_")


@schemathesis.check
@for_status(client_or_server_error)
def error_uses_the_envelope(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Every error is `{"detail"}` or `{"detail", "error": {"type": ErrorType, "details"}}`."""
    body = body_of(response)
    op = operation_id(case)
    documented = '{"detail": str} or {"detail": str, "error": {"type": ErrorType, "details": str}}'
    if not isinstance(body, dict) or not isinstance(body.get("detail"), str):
        shape = sorted(body) if isinstance(body, dict) else type(body).__name__
        raise MalformedErrorEnvelope(
            operation=op, received=f"{response.status_code} with {shape}", documented=documented
        )
    error: Any = body.get("error")
    if error is None:
        return True
    if not isinstance(error, dict) or error.get("type") not in ERROR_TYPES or not isinstance(error.get("details"), str):
        raise MalformedErrorEnvelope(operation=op, received=f"error={error!r}"[:300], documented=documented)
    return True


@schemathesis.check
@for_status(client_or_server_error)
def payment_secret_only_on_payment_errors(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """`payment_intent_client_secret` rides only on payment errors (pre-authorization, unpaid debt)."""
    body = body_of(response)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and error.get("payment_intent_client_secret"):
        if error.get("type") not in PAYMENT_ERROR_TYPES or response.status_code != 402:
            raise MisplacedPaymentSecret(
                operation=operation_id(case),
                received=f"{response.status_code} {error.get('type')} with a secret",
                documented="only 402 pre_authorization_failed / payment_error carry payment_intent_client_secret",
            )
    return True


def _request_token(response: Response) -> str | None:
    raw = response.request.headers.get("Authorization") or ""
    header = raw.decode("latin-1") if isinstance(raw, bytes) else raw
    scheme, _, token = header.partition(" ")
    return token.strip() or None


@schemathesis.check
@for_status(client_or_server_error)
def no_credential_echoed_in_errors(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """An error never repeats the caller's token, nor any secret key or client secret."""
    text = response.content.decode("utf-8", "replace") if response.content else ""
    token = _request_token(response)
    echoed = [marker for marker in SECRET_MARKERS if marker in text and marker != "_secret_"]
    if token and len(token) >= 8 and token in text:
        echoed.append("the request's bearer token")
    if "_secret_" in text:
        body = body_of(response)
        error = body.get("error") if isinstance(body, dict) else None
        legit = isinstance(error, dict) and error.get("type") in PAYMENT_ERROR_TYPES
        if not legit:
            echoed.append("a client secret")
    if echoed:
        raise CredentialEchoed(
            operation=operation_id(case),
            received=", ".join(echoed),
            documented="errors name no token, key or client secret",
        )
    return True
