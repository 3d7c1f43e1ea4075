"""Bad input answers 400/404/415 in the API's envelope, never 500; a crash keeps committed data."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connect_cert.fixtures.charging import SHARED_VCP
from connect_cert.sandbox.charging import sessions

WRITE_OPERATIONS = (
    ("POST", "/users/"),
    ("PATCH", "/users/{u}/"),
    ("PUT", "/users/{u}/billing-details/"),
    ("POST", "/users/{u}/charging/start/"),
    ("PATCH", "/users/{u}/charging-sessions/{s}/"),
)


@pytest.fixture
def ids(flow) -> dict[str, str]:
    user_id, pm_id = flow.charging_user()
    return {"u": user_id, "s": flow.session(user_id, pm_id)["id"], "pm": pm_id}


@pytest.mark.parametrize(("method", "template"), WRITE_OPERATIONS)
@pytest.mark.parametrize("raw", [b"{", b'{"email": }', b"[]", b'"text"', b"null", b"\xff\xfe\x00", b'{"a": NaN'])
def test_malformed_json_is_400_validation_error(api, ids, error_of, method, template, raw):
    response = api.request(method, template.format(**ids), content=raw, headers={"content-type": "application/json"})
    assert response.status == 400
    assert error_of(response)["type"] == "validation_error"


@pytest.mark.parametrize(("method", "template"), WRITE_OPERATIONS)
def test_body_over_one_mebibyte_is_refused(api, ids, method, template):
    body = json.dumps({"email": "a@example.com", "padding": "x" * (1024 * 1024)}).encode()
    response = api.request(method, template.format(**ids), content=body, headers={"content-type": "application/json"})
    assert response.status in (400, 413)
    assert "detail" in response.body


def test_unsupported_content_type_is_415(api):
    response = api.request("POST", "/users/", content=b"email=a", headers={"content-type": "text/plain"})
    assert response.status == 415 and set(response.body) == {"detail"}


@pytest.mark.parametrize(
    ("method", "template", "body"),
    [
        ("POST", "/users/", {"email": {"nested": True}}),
        ("POST", "/users/", {"locale": 1}),
        ("POST", "/users/", {"custom_properties": [1, 2]}),
        ("POST", "/users/", {"email": "\ud800@example.com"}),
        ("PUT", "/users/{u}/billing-details/", {"line1": "x", "postal_code": 10115}),
        ("PUT", "/users/{u}/billing-details/", {"line1": "x", "postal_code": "1", "account_type": ""}),
        ("POST", "/users/{u}/charging/start/", {"evse_id": SHARED_VCP, "payment_method_id": {"id": "pm"}}),
        ("PATCH", "/users/{u}/charging-sessions/{s}/", {"rates": "five"}),
    ],
)
def test_wrong_types_and_unknown_enum_values_are_400(api, ids, error_of, method, template, body):
    response = api.request(
        method, template.format(**ids), content=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    assert response.status == 400 and error_of(response)["type"] == "validation_error"


@pytest.mark.parametrize(
    "path",
    [
        "/users/not-a-uuid/",
        "/users/{u}/charging-sessions/not-a-session/",
        "/users/{u}/payment-methods/pm_nope/",
    ],
)
def test_unknown_ids_are_404(api, ids, path):
    method = "DELETE" if "payment-methods" in path else "GET"
    response = api.request(method, path.format(**ids))
    assert response.status == 404 and response.body == {"detail": "Not found."}


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=300),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4),
    max_leaves=12,
)
_fields = st.sampled_from(
    [
        "email",
        "locale",
        "custom_properties",
        "line1",
        "postal_code",
        "account_type",
        "city",
        "evse_id",
        "payment_method_id",
        "rates",
        "first_name",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operation=st.sampled_from(WRITE_OPERATIONS), body=st.dictionaries(_fields, _json, max_size=5))
def test_generated_bodies_never_answer_500(api, ids, operation, body):
    method, template = operation
    response = api.request(method, template.format(**ids), json_body=body)
    assert response.status < 500, response.text
    if response.status >= 400:
        assert "detail" in response.body


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["/stations/around/", "/stations/tile/", "/stations/details/", "/users/"]),
    params=st.dictionaries(
        st.sampled_from(
            [
                "latitude",
                "longitude",
                "distance",
                "z",
                "x",
                "y",
                "id",
                "type",
                "page",
                "page_size",
                "only_partners",
                "max_price",
                "search",
            ]
        ),
        st.text(max_size=12),
        max_size=6,
    ),
)
def test_generated_queries_never_answer_500(api, path, params):
    response = api.request("GET", path, params=params)
    assert response.status in (200, 400, 404), response.text


def test_a_crash_answers_unexpected_error_and_keeps_committed_data(flow, api, monkeypatch, error_of):
    user_id, pm_id = flow.charging_user()

    def explode(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(sessions, "create_session", explode)
    response = flow.start(user_id, pm_id)
    assert response.status == 500
    error = error_of(response)
    assert error["type"] == "unexpected_error" and re.search(r"Support code: \w+", error["details"])
    assert "simulated bug" not in response.text
    monkeypatch.undo()
    assert api.list_payment_methods(user_id).body["count"] == 1
    assert api.list_charging_sessions(user_id).body["count"] == 0
    assert flow.start(user_id, pm_id).status == 201
