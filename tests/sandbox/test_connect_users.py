"""Users: create, read, update, search, soft delete; authentication and partner isolation."""

from __future__ import annotations

import pytest

from connect_cert.sandbox import identity


def test_created_user_is_returned_in_spec_shape(api):
    response = api.create_user(email="ada@example.com", locale="de", external_id="ext-1")
    assert response.status == 201
    user = response.body
    assert set(user) == {"id", "email", "locale", "custom_properties"}
    assert user["email"] == "ada@example.com" and user["locale"] == "de"
    assert user["custom_properties"] == {"external_id": "ext-1"}
    assert api.get_user(user["id"]).body == user


def test_user_created_without_fields_gets_defaults(api):
    user = api.create_user().body
    assert user["email"] is None and user["locale"] == "en" and user["custom_properties"] is None


def test_form_encoded_body_is_accepted(api):
    response = api.request("POST", "/users/", data={"email": "form@example.com", "locale": "en"})
    assert response.status == 201
    assert response.body["email"] == "form@example.com"


def test_partial_update_changes_only_given_fields(api):
    user = api.create_user(email="a@example.com", locale="en").body
    response = api.update_user(user["id"], locale="de")
    assert response.status == 200
    assert response.body["locale"] == "de" and response.body["email"] == "a@example.com"


def test_read_only_id_in_body_is_ignored(api):
    user = api.create_user(id="chosen-by-client").body
    assert user["id"] != "chosen-by-client"


def test_search_finds_by_external_id_and_by_id(api):
    first = api.create_user(external_id="crm-4711").body
    second = api.create_user(external_id="crm-0815").body
    by_external = api.list_users(search="4711").body
    assert [u["id"] for u in by_external["results"]] == [first["id"]]
    by_id = api.list_users(search=second["id"].upper()).body
    assert [u["id"] for u in by_id["results"]] == [second["id"]]
    assert api.list_users(search="crm").body["count"] == 2


def test_soft_deleted_user_is_gone_everywhere(api):
    user = api.create_user().body
    assert api.delete_user(user["id"]).status == 204
    for method, path in (
        ("GET", ""),
        ("PATCH", ""),
        ("DELETE", ""),
        ("GET", "billing-details/"),
        ("GET", "payment-methods/"),
        ("GET", "charging-sessions/"),
        ("GET", "invoices/"),
        ("GET", "charging/debts/"),
        ("GET", "setup-intents/"),
    ):
        sent = {"json_body": {}} if method == "PATCH" else {}
        response = api.request(method, f"/users/{user['id']}/{path}", **sent)
        assert response.status == 404, (method, path)
        assert response.body == {"detail": "Not found."}
    listed = api.list_users().body
    assert user["id"] not in [u["id"] for u in listed["results"]] and listed["count"] == 0


def test_missing_token_is_401_and_bad_token_403(api):
    anonymous = api.with_token(None).list_users()
    assert anonymous.status == 401
    assert anonymous.body == {"detail": "Authentication credentials were not provided."}
    for token in ("not-a-jwt", identity.REVOKED_TOKEN):
        response = api.with_token(token).list_users()
        assert response.status == 403
        assert set(response.body) == {"detail"}


USER_SCOPED = (
    ("GET", "/users/{u}/"),
    ("PATCH", "/users/{u}/"),
    ("DELETE", "/users/{u}/"),
    ("GET", "/users/{u}/billing-details/"),
    ("PUT", "/users/{u}/billing-details/"),
    ("GET", "/users/{u}/setup-intents/"),
    ("GET", "/users/{u}/payment-methods/"),
    ("DELETE", "/users/{u}/payment-methods/{pm}/"),
    ("POST", "/users/{u}/payment-methods/{pm}/default/"),
    ("POST", "/users/{u}/charging/start/"),
    ("POST", "/users/{u}/charging/stop/{s}/"),
    ("GET", "/users/{u}/charging/debts/"),
    ("GET", "/users/{u}/charging-sessions/"),
    ("GET", "/users/{u}/charging-sessions/{s}/"),
    ("PATCH", "/users/{u}/charging-sessions/{s}/"),
    ("GET", "/users/{u}/invoices/"),
)


@pytest.mark.parametrize(("method", "template"), USER_SCOPED)
def test_another_partners_user_is_not_found(flow, api, api_b, method, template):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    path = template.format(u=user_id, pm=pm_id, s=session["id"])
    body = {"line1": "x", "postal_code": "1", "evse_id": "x", "payment_method_id": pm_id, "rates": 5}
    sent = {"json_body": body} if method in ("POST", "PUT", "PATCH") else {}
    response = api_b.request(method, path, **sent)
    assert response.status == 404
    assert response.body == {"detail": "Not found."}
    # and nothing happened to the owner's data
    assert api.get_user(user_id).status == 200
    assert api.get_charging_session(user_id, session["id"]).body["is_active"] is True
    assert api_b.list_users().body["count"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": 42}, "email"),
        ({"locale": "fr"}, "locale"),
        ({"locale": None}, "locale"),
        ({"custom_properties": "text"}, "custom_properties"),
        ({"custom_properties": {"external_id": "x" * 251}}, "external_id"),
        ({"custom_properties": {"external_id": 7}}, "external_id"),
        ({"email": "a\u0000b@example.com"}, "email"),
    ],
)
def test_invalid_user_fields_answer_validation_error(api, error_of, body, field):
    for response in (
        api.request("POST", "/users/", json_body=body),
        api.request("PATCH", f"/users/{api.create_user().body['id']}/", json_body=body),
    ):
        assert response.status == 400
        error = error_of(response)
        assert error["type"] == "validation_error" and error["details"].startswith(field)


def test_external_id_of_maximum_length_is_accepted(api):
    response = api.create_user(external_id="x" * 250)
    assert response.status == 201


def test_path_without_trailing_slash_redirects_to_the_slash(api):
    response = api.request("GET", "/users")
    assert response.status in (301, 307, 308)
    assert response.response.headers["location"].endswith("/api/v1/users/")


def test_charging_user_cannot_be_deleted_until_stopped(flow, api, error_of):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    response = api.delete_user(user_id)
    assert response.status == 400 and error_of(response)["type"] == "already_charging"
    api.stop_charging(user_id, session["id"])
    assert api.delete_user(user_id).status == 204
