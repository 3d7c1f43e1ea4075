"""`ApiResponse.field`: an answer without the field a test reads fails naming the operation and the field
(a self-test fault dropping `count` once showed up as a bare `KeyError: 'count'`), secrets redacted."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from connect_cert.harness.clients import ApiResponse

SECRET = "pi_3Lw3FoBxyz_secret_KRD9U5xzqEImg3I1G9eIBbF2"


def _answer(status: int, body: Any) -> ApiResponse:
    request = httpx.Request("POST", "http://127.0.0.1/api/v1/users/u/charging/start/")
    return ApiResponse("users_charging_start_create", status, body, httpx.Response(status, json=body, request=request))


def test_a_present_field_is_returned_through_dicts_and_lists() -> None:
    answer = _answer(200, {"count": 0, "results": [{"id": "pm_1"}], "error": {"type": "x"}})
    assert answer.field(200, "count") == 0
    assert answer.field(200, "results.0.id") == "pm_1"
    assert answer.field(200, "error.type") == "x"


@pytest.mark.parametrize("path", ["count", "results.1.id", "error.payment_intent_client_secret", "results.x"])
def test_a_missing_field_is_an_assertion_naming_operation_and_field(path: str) -> None:
    answer = _answer(200, {"results": [{"id": "pm_1"}], "error": {"secret": SECRET}})
    with pytest.raises(AssertionError) as raised:
        answer.field(200, path)
    message = str(raised.value)
    assert f"no `{path}`" in message and "users_charging_start_create" in message
    assert SECRET not in message


def test_a_wrong_status_fails_before_the_field_is_read() -> None:
    with pytest.raises(AssertionError, match="expected 402, got users_charging_start_create"):
        _answer(201, {"id": "s"}).field(402, "error.type")
