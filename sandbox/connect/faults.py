"""Injected faults (`PUT /_sandbox/config {"faults": {operation: ErrorType}}`): each is used once, by the
first request of that operation, and answers the error the real API gives for that type."""

from __future__ import annotations

import secrets

from connect_cert.sandbox.errors import APIError

OPERATIONS = ("charging_start", "charging_stop", "stations_partners")

STATUS = {
    "validation_error": 400,
    "payment_method_error": 402,
    "payment_error": 402,
    "temporary_locked": 423,
    "already_charging": 409,
    "already_stopped": 409,
    "station_availability_issue": 409,
    "billing_data_required": 409,
    "charging_provider_error": 424,
    "unexpected_error": 500,
    "pre_authorization_failed": 402,
}

DETAILS = {
    "validation_error": "Invalid input.",
    "payment_method_error": "The payment method cannot be used.",
    "payment_error": "The payment failed.",
    "temporary_locked": "The resource is temporarily locked. Try again later.",
    "already_charging": "The user already has an active charging session.",
    "already_stopped": "The charging session is already stopped.",
    "station_availability_issue": "The charging point is not available.",
    "billing_data_required": "Billing details are incomplete.",
    "charging_provider_error": "The charging provider did not accept the request.",
    "pre_authorization_failed": "The pre-authorization failed.",
}


def fault_error(error_type: str) -> APIError:
    if error_type == "unexpected_error":
        code = secrets.token_hex(4)
        return APIError(500, "Unexpected error.", "unexpected_error", f"Unexpected error. Support code: {code}")
    detail = DETAILS[error_type]
    return APIError(STATUS[error_type], detail, error_type, f"{detail} (injected by the sandbox)")
