"""Users: create, read, update, search, soft delete; authentication and partner isolation."""

from __future__ import annotations

import pytest

from connect_cert.sandbox import identity


def test_created_user_is_returned_in_spec_shape(api):
    response = api.post(
        "/users/", json={"email": "ada@example.com", "locale": "de", "custom_properties": {"external_id": "ext-1"}}
    )
    assert response.status_code == 201
    user = response.json()
    assert set(user) == {"id", "email", "locale", "custom_properties"}
    assert user["email"] == "ada@example.com" and user["locale"] == "de"
    assert user["custom_properties"] == {"external_id": "ext-1"}
    assert api.get(f"/users/{user['id']}/").json() == user


def test_user_created_without_fields_gets_defaults(api):
    user = api.post("/users/", json={}).json()
    assert user["email"] is None and user["locale"] == "en" and user["custom_properties"] is None


def test_form_encoded_body_is_accepted(api):
    response = api.post("/users/", data={"email": "form@example.com", "locale": "en"})
    assert response.status_code == 201
    assert response.json()["email"] == "form@example.com"


def test_partial_update_changes_only_given_fields(api):
    user = api.post("/users/", json={"email": "a@example.com", "locale": "en"}).json()
    response = api.patch(f"/users/{user['id']}/", json={"locale": "de"})
    assert response.status_code == 200
    assert response.json()["locale"] == "de" and response.json()["email"] == "a@example.com"


def test_read_only_id_in_body_is_ignored(api):
    user = api.post("/users/", json={"id": "chosen-by-client"}).json()
    assert user["id"] != "chosen-by-client"


def test_search_finds_by_external_id_and_by_id(api):
    first = api.post("/users/", json={"custom_properties": {"external_id": "crm-4711"}}).json()
    second = api.post("/users/", json={"custom_properties": {"external_id": "crm-0815"}}).json()
    by_external = api.get("/users/", params={"search": "4711"}).json()
    assert [u["id"] for u in by_external["results"]] == [first["id"]]
    by_id = api.get("/users/", params={"search": second["id"].upper()}).json()
    assert [u["id"] for u in by_id["results"]] == [second["id"]]
    assert api.get("/users/", params={"search": "crm"}).json()["count"] == 2


def test_soft_deleted_user_is_gone_everywhere(api):
    user = api.post("/users/", json={}).json()
    assert api.delete(f"/users/{user['id']}/").status_code == 204
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
        response = api.request(method, f"/users/{user['id']}/{path}", json={} if method == "PATCH" else None)
        assert response.status_code == 404, (method, path)
        assert response.json() == {"detail": "Not found."}
    listed = api.get("/users/").json()
    assert user["id"] not in [u["id"] for u in listed["results"]] and listed["count"] == 0


def test_missing_token_is_401_and_bad_token_403(client):
    assert client.get("/api/v1/users/").status_code == 401
    assert client.get("/api/v1/users/").json() == {"detail": "Authentication credentials were not provided."}
    for token in ("not-a-jwt", identity.REVOKED_TOKEN):
        response = client.get("/api/v1/users/", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 403
        assert set(response.json()) == {"detail"}


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
    response = api_b.request(method, path, json=body if method in ("POST", "PUT", "PATCH") else None)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    # and nothing happened to the owner's data
    assert api.get(f"/users/{user_id}/").status_code == 200
    assert api.get(f"/users/{user_id}/charging-sessions/{session['id']}/").json()["is_active"] is True
    assert api_b.get("/users/").json()["count"] == 0


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
        api.post("/users/", json=body),
        api.patch(f"/users/{api.post('/users/', json={}).json()['id']}/", json=body),
    ):
        assert response.status_code == 400
        error = error_of(response)
        assert error["type"] == "validation_error" and error["details"].startswith(field)


def test_external_id_of_maximum_length_is_accepted(api):
    response = api.post("/users/", json={"custom_properties": {"external_id": "x" * 250}})
    assert response.status_code == 201


def test_path_without_trailing_slash_redirects_to_the_slash(api):
    response = api.get("/users", follow_redirects=False)
    assert response.status_code in (301, 307, 308)
    assert response.headers["location"].endswith("/api/v1/users/")


def test_charging_user_cannot_be_deleted_until_stopped(flow, api, error_of):
    user_id, pm_id = flow.charging_user()
    session = flow.session(user_id, pm_id)
    response = api.delete(f"/users/{user_id}/")
    assert response.status_code == 400 and error_of(response)["type"] == "already_charging"
    api.post(f"/users/{user_id}/charging/stop/{session['id']}/")
    assert api.delete(f"/users/{user_id}/").status_code == 204
