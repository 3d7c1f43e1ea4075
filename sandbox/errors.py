"""Error envelopes: the Connect API's (DRF) and Stripe's, each raised as one exception type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR_TYPES = (
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
)


@dataclass
class APIError(Exception):
    """A Connect API error: simple `{"detail"}` without a type, rich `{"detail", "error"}` with one."""

    status: int
    detail: str
    type: str | None = None
    details: str | None = None
    payment_intent_client_secret: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.type is not None and self.type not in ERROR_TYPES:
            raise ValueError(f"unknown ErrorType {self.type!r}")

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"detail": self.detail}
        if self.type is not None:
            error: dict[str, Any] = {"type": self.type, "details": self.details or self.detail}
            if self.payment_intent_client_secret:
                error["payment_intent_client_secret"] = self.payment_intent_client_secret
            body["error"] = error
        body.update(self.extra)
        return body


def not_found(detail: str = "Not found.") -> APIError:
    return APIError(404, detail)


def validation_error(details: str) -> APIError:
    return APIError(400, "Invalid input.", "validation_error", details)


@dataclass
class StripeError(Exception):
    """A Stripe API error, answered as `{"error": {...}}`."""

    status: int
    type: str
    message: str
    code: str | None = None
    decline_code: str | None = None
    param: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        for key in ("code", "decline_code", "param"):
            if getattr(self, key) is not None:
                error[key] = getattr(self, key)
        if self.code is not None:
            error["doc_url"] = stripe_doc_url(self.code)
        error.update(self.extra)
        return {"error": error}


def stripe_doc_url(code: str) -> str:
    """The page Stripe's errors link for a code: `card_declined` -> .../error-codes/card-declined."""
    return "https://stripe.com/docs/error-codes/" + code.replace("_", "-")
