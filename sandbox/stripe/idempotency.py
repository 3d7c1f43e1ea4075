"""Idempotency keys with Stripe's rules (https://docs.stripe.com/api/idempotent_requests).

The first result of a request that began executing is saved with its status and body, errors included; the
same key with the same endpoint and parameters replays it; with other parameters or another endpoint it is an
`idempotency_error`. Keys are up to 255 characters and kept 24 hours. A key belongs to the API key kind that
used it, so a publishable key never replays what a secret key saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import StripeError
from connect_cert.sandbox.stripe.params import param_error

KIND = "idempotency_key"
MAX_LENGTH = 255
LIFETIME_SECONDS = 24 * 3600

Obj = dict[str, Any]


@dataclass(frozen=True)
class Saved:
    status: int
    body: Obj
    request_id: str


def _error(message: str) -> StripeError:
    return StripeError(400, "idempotency_error", message)


def check_key(key: str) -> None:
    if not key.strip() or len(key) > MAX_LENGTH:
        raise param_error(
            f"Invalid Idempotency-Key: it must be a non-empty string of at most {MAX_LENGTH} characters.",
            "Idempotency-Key",
        )


def lookup(sb: Sandbox, scope: str, key: str, endpoint: str, params: Obj) -> Saved | None:
    """The saved result for this key, None for a new (or expired) key; another request is refused."""
    record = sb.store.get(KIND, f"{scope}:{key}")
    if record is None or sb.now() - record["at"] > LIFETIME_SECONDS:
        return None
    if record["endpoint"] != endpoint:
        raise _error(
            "Keys for idempotent requests can only be used for the same endpoint they were first used for "
            f"('{record['endpoint']}' vs '{endpoint}'). Try using a key other than '{key}' if you meant to "
            "execute a different request."
        )
    if record["params"] != params:
        raise _error(
            "Keys for idempotent requests can only be used with the same parameters they were first used with. "
            f"Try using a key other than '{key}' if you meant to execute a different request."
        )
    return Saved(record["status"], record["body"], record["request_id"])


def save(sb: Sandbox, scope: str, key: str, endpoint: str, params: Obj, saved: Saved) -> None:
    sb.store.put(
        KIND,
        f"{scope}:{key}",
        {
            "endpoint": endpoint,
            "params": params,
            "status": saved.status,
            "body": saved.body,
            "request_id": saved.request_id,
            "at": sb.now(),
        },
    )
