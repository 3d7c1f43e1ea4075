"""An ApiResponse shown by pytest's assertion introspection carries no client secret."""

from __future__ import annotations

import httpx

from connect_cert.harness.clients import ApiResponse

SECRET = "seti_0r5ODsdGzPEltNgWnjegUAb9_secret_KRD9U5xzqEImg3I1G9eIBbF2"


def test_repr_redacts_the_body() -> None:
    request = httpx.Request("GET", "http://127.0.0.1/api/v1/users/u/setup-intents/")
    response = httpx.Response(200, json={"setup_intent_client_secret": SECRET}, request=request)
    shown = repr(ApiResponse("users_setup_intents_retrieve", 200, response.json(), response))
    assert "users_setup_intents_retrieve" in shown and "200" in shown
    assert SECRET not in shown and "seti_0r5ODsdGzPEltNgWnjegUAb9" in shown
