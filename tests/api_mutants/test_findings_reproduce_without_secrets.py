"""A finding's curl command reproduces the request with the token as a shell variable, never the token."""

from __future__ import annotations

import schemathesis
from schemathesis.generation.case import Case

from connect_cert.harness.contract.findings import Credentials, curl_command
from connect_cert.harness.contract.paths import CONTRACT

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJwYXJ0bmVyIjoiYSJ9.c2lnbmF0dXJlLW9mLXBhcnRuZXItYQ"
SECOND = "eyJhbGciOiJIUzI1NiJ9.eyJwYXJ0bmVyIjoiYiJ9.c2lnbmF0dXJlLW9mLXBhcnRuZXItYg"
CREDENTIALS = Credentials(TOKEN, SECOND)


def _setup_intent_case() -> Case:
    schema = schemathesis.openapi.from_path(CONTRACT)
    operation = schema["/api/v1/users/{user_id}/setup-intents/"]["GET"]
    return operation.Case(path_parameters={"user_id": "u-1"}, query={"pm_type": "card"})


def test_the_partners_token_is_a_shell_variable() -> None:
    curl = curl_command(_setup_intent_case(), {"Authorization": f"Bearer {TOKEN}"}, CREDENTIALS)
    assert curl.startswith('curl -X GET -H "Authorization: Bearer $CONNECT_TOKEN"'), curl
    assert "/api/v1/users/u-1/setup-intents/?pm_type=card" in curl
    assert TOKEN not in curl


def test_a_second_partners_token_has_its_own_variable() -> None:
    curl = curl_command(_setup_intent_case(), {"Authorization": f"Bearer {SECOND}"}, CREDENTIALS)
    assert '"Authorization: Bearer $CONNECT_CERT_SECOND_TOKEN"' in curl and SECOND not in curl


def test_any_other_credential_is_masked() -> None:
    made_up = "made-up-credential-0123456789abcdef"
    curl = curl_command(_setup_intent_case(), {"Authorization": f"Bearer {made_up}"}, CREDENTIALS)
    assert made_up not in curl and "Authorization: [REDACTED]" in curl


def test_no_token_means_no_authorization_header() -> None:
    curl = curl_command(_setup_intent_case(), {}, CREDENTIALS)
    assert "Authorization" not in curl


def test_a_client_secret_in_a_body_is_masked() -> None:
    schema = schemathesis.openapi.from_path(CONTRACT)
    operation = schema["/api/v1/users/{user_id}/billing-details/"]["PUT"]
    case = operation.Case(
        path_parameters={"user_id": "u-1"}, body={"line1": "seti_abc123_secret_shouldnotshow", "postal_code": "10115"}
    )
    curl = curl_command(case, {"Authorization": f"Bearer {TOKEN}"}, CREDENTIALS)
    assert "shouldnotshow" not in curl and "seti_abc123_secret_[REDACTED]" in curl
