"""Our contract is a valid OpenAPI 3.0 document that covers the published API and adds what it lacks."""

from __future__ import annotations

import datetime
import itertools
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import yaml
from schemathesis.openapi.checks import JsonSchemaError

from connect_cert.contracts.drift import CONTRACT, HTTP_METHODS
from connect_cert.sandbox.errors import ERROR_TYPES

PUBLISHED = Path(__file__).resolve().parents[2].parent / "shared/reference/connect-api-upstream-openapi.yml"

OPERATION_IDS = frozenset(
    {
        "stations_around_list",
        "stations_details_retrieve",
        "stations_partners_list",
        "stations_tile_retrieve",
        "users_list",
        "users_create",
        "users_retrieve",
        "users_partial_update",
        "users_destroy",
        "users_billing_details_retrieve",
        "users_billing_details_update",
        "users_setup_intents_retrieve",
        "users_payment_methods_list",
        "users_payment_methods_destroy",
        "users_payment_methods_default_create",
        "users_charging_start_create",
        "users_charging_stop_create",
        "users_charging_sessions_list",
        "users_charging_sessions_retrieve",
        "users_charging_sessions_partial_update",
        "users_charging_debts_list",
        "users_invoices_list",
    }
)
# Virtual Charging Points of the development environment (docs/reference.md#virtual-charging-points).
VCPS = frozenset({"DE*CIQ*EWBNHHLM82TLA*1", "AT*VIE*E2334770022*2", "DE*PWA*EALP22541X01617*01", "DE*EUL*EAUT0002*01"})


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def contract() -> dict[str, Any]:
    return _load(CONTRACT)


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for token in node["$ref"].removeprefix("#/").split("/"):
            target = target[token]
        node = target
    return node


def _operations(doc: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        op["operationId"]: (method.upper(), path, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    }


def _links(doc: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """operationId -> {target operationId: link}."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for op_id, (_, _, op) in _operations(doc).items():
        for response in op["responses"].values():
            for link in _resolve(doc, response).get("links", {}).values():
                found.setdefault(op_id, {})[link["operationId"]] = link
    return found


def test_schemathesis_loads_and_validates_the_contract() -> None:
    schema = schemathesis.openapi.from_path(CONTRACT)
    schema.validate()  # OpenAPI 3.0 meta-schema; raises on an invalid document
    assert len(list(schema.get_all_operations())) == 22


def test_links_form_a_valid_stateful_workflow() -> None:
    """Schemathesis refuses links naming unknown operations or parameters when it builds the state machine."""
    schemathesis.openapi.from_path(CONTRACT).as_state_machine()


def test_contract_has_the_22_operations(contract: dict[str, Any]) -> None:
    assert set(_operations(contract)) == OPERATION_IDS


@pytest.mark.skipif(not PUBLISHED.exists(), reason=f"published spec not found at {PUBLISHED}")
def test_every_published_operation_is_in_the_contract_at_the_same_path(contract: dict[str, Any]) -> None:
    published = {op_id: (method, path) for op_id, (method, path, _) in _operations(_load(PUBLISHED)).items()}
    ours = {op_id: (method, path) for op_id, (method, path, _) in _operations(contract).items()}
    assert ours == published


def test_every_operation_documents_401_with_a_detail_body(contract: dict[str, Any]) -> None:
    for op_id, (_, _, op) in _operations(contract).items():
        response = _resolve(contract, op["responses"].get("401"))
        assert response is not None, f"{op_id} has no 401"
        schema = _resolve(contract, response["content"]["application/json"]["schema"])
        assert schema["required"] == ["detail"], op_id


def test_error_type_enum_is_the_connect_error_types(contract: dict[str, Any]) -> None:
    error = contract["components"]["schemas"]["Error"]
    assert _resolve(contract, error["properties"]["type"])["enum"] == list(ERROR_TYPES)
    assert set(error["required"]) == {"type", "details"}


def test_start_charging_documents_400(contract: dict[str, Any]) -> None:
    _, _, start = _operations(contract)["users_charging_start_create"]
    assert {"400", "401", "402", "404", "409", "424", "500"} <= set(start["responses"])


def test_request_bodies_are_json_only(contract: dict[str, Any]) -> None:
    bodies = [op["requestBody"] for _, _, op in _operations(contract).values() if "requestBody" in op]
    assert len(bodies) == 5
    assert all(list(body["content"]) == ["application/json"] for body in bodies)


def _pattern(contract: dict[str, Any], schema: str, field: str) -> re.Pattern[str]:
    return re.compile(contract["components"]["schemas"][schema]["properties"][field]["pattern"])


@pytest.mark.parametrize(
    ("schema", "field", "accepted", "refused"),
    [
        (
            "ConnectAPISetupIntent",
            "setup_intent_client_secret",
            "seti_1PqRsT2eZvKYlo2C_secret_QwErTy123",
            "pi_1PqRsT2eZvKYlo2C_secret_QwErTy123",
        ),
        (
            "ConnectAPIDebt",
            "payment_intent_client_secret",
            "pi_3MtwBwLkdIwHu7ix_secret_YrKJUKribcBjcG8",
            "seti_3MtwBwLkdIwHu7ix_secret_YrKJUKribcBjcG8",
        ),
        ("Error", "payment_intent_client_secret", "pi_3MtwBwLkdIwHu7ix_secret_YrKJUKribcBjcG8", "pi_3MtwBw"),
        ("ConnectAPIPM", "id", "pm_card_visa", "card_1NGTaT2eZvKYlo2C"),
        ("ConnectAPICardPM", "expiration_date", "12/2027", "12/27"),
        ("ConnectAPICardPM", "expiration_date", "01/2030", "13/2027"),
    ],
)
def test_stripe_patterns_accept_the_right_shape_only(
    contract: dict[str, Any], schema: str, field: str, accepted: str, refused: str
) -> None:
    pattern = _pattern(contract, schema, field)
    assert pattern.search(accepted)
    assert not pattern.search(refused)


def test_card_carries_brand_last4_expiry_and_holder_only(contract: dict[str, Any]) -> None:
    card = contract["components"]["schemas"]["ConnectAPICardPM"]
    assert card["additionalProperties"] is False
    assert set(card["properties"]) == set(card["required"]) == {"brand", "last4", "expiration_date", "cardholder_name"}


def test_links_chain_the_payment_lifecycle(contract: dict[str, Any]) -> None:
    links = _links(contract)
    chain = [
        "users_create",
        "users_billing_details_update",
        "users_setup_intents_retrieve",
        "users_payment_methods_list",
        "users_charging_start_create",
        "users_charging_stop_create",
    ]
    for source, target in itertools.pairwise(chain):
        assert target in links.get(source, {}), f"no link {source} -> {target}"
    assert {"users_charging_sessions_retrieve", "users_charging_debts_list", "users_invoices_list"} <= set(
        links["users_charging_stop_create"]
    )


def test_start_link_pays_with_a_listed_method_at_a_vcp(contract: dict[str, Any]) -> None:
    start = _links(contract)["users_payment_methods_list"]["users_charging_start_create"]
    assert start["requestBody"]["payment_method_id"] == "$response.body#/results/0/id"
    assert start["requestBody"]["evse_id"] in VCPS
    assert start["parameters"]["path.user_id"] == "$request.path.user_id"


def test_billing_link_sends_details_complete_enough_to_charge(contract: dict[str, Any]) -> None:
    body = _links(contract)["users_create"]["users_billing_details_update"]["requestBody"]
    assert body["line1"] and body["postal_code"] and body["first_name"] and body["last_name"]


CARD = {"brand": "visa", "last4": "4242", "expiration_date": "12/2027", "cardholder_name": None}
PM = {"id": "pm_card_visa", "default": True, "type": "card", "card": CARD, "created_at": "2025-01-01T00:00:00Z"}
PM_PAGE = {"count": 1, "next": None, "previous": None, "results": [PM]}
PRE_AUTH = {
    "detail": "Pre-authorization failed.",
    "error": {
        "type": "pre_authorization_failed",
        "details": "3DS required",
        "payment_intent_client_secret": "pi_3Mt_secret_Yr",
    },
}


def _with_card(**card: Any) -> dict[str, Any]:
    return {**PM_PAGE, "results": [{**PM, "card": {**CARD, **card}}]}


@pytest.fixture(scope="module")
def loaded() -> schemathesis.schemas.BaseSchema:
    return schemathesis.openapi.from_path(CONTRACT)


def _response(status: int, body: Any) -> httpx.Response:
    response = httpx.Response(status, json=body, request=httpx.Request("GET", "http://127.0.0.1/"))
    response.elapsed = datetime.timedelta(0)
    return response


@pytest.mark.parametrize(
    ("operation_id", "status", "body"),
    [
        ("users_payment_methods_list", 200, PM_PAGE),
        ("users_setup_intents_retrieve", 200, {"setup_intent_client_secret": "seti_1Ab_secret_2Cd"}),
        ("users_charging_start_create", 402, PRE_AUTH),
        (
            "users_destroy",
            402,
            {
                "detail": "Unpaid debts.",
                "status": "unpaid_debts",
                "error": {"type": "payment_error", "details": "Unpaid debts."},
            },
        ),
        ("users_retrieve", 401, {"detail": "Authentication credentials were not provided."}),
    ],
)
def test_schemathesis_accepts_conforming_responses(
    loaded: schemathesis.schemas.BaseSchema, operation_id: str, status: int, body: Any
) -> None:
    assert loaded.find_operation_by_id(operation_id).validate_response(_response(status, body)) is None


@pytest.mark.parametrize(
    ("operation_id", "status", "body"),
    [
        ("users_payment_methods_list", 200, _with_card(number="4242424242424242")),
        ("users_payment_methods_list", 200, _with_card(expiration_date="12/27")),
        ("users_payment_methods_list", 200, {k: v for k, v in PM_PAGE.items() if k != "count"}),
        ("users_setup_intents_retrieve", 200, {"setup_intent_client_secret": "pi_1Ab_secret_2Cd"}),
        ("users_setup_intents_retrieve", 200, {"client_secret": "seti_1Ab_secret_2Cd"}),
        ("users_charging_start_create", 402, {**PRE_AUTH, "error": {**PRE_AUTH["error"], "type": "card_declined"}}),
        ("users_charging_start_create", 402, {"detail": "Payment failed."}),
    ],
    ids=[
        "extra-card-data",
        "two-digit-year",
        "no-count",
        "pi-secret-on-setup",
        "client-secret-name",
        "unknown-error-type",
        "no-error-envelope",
    ],
)
def test_schemathesis_refuses_responses_that_break_the_contract(
    loaded: schemathesis.schemas.BaseSchema, operation_id: str, status: int, body: Any
) -> None:
    with pytest.raises(JsonSchemaError, match="Response violates schema"):
        loaded.find_operation_by_id(operation_id).validate_response(_response(status, body))
