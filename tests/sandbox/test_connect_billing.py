"""Billing details: read, full update, validation, and what counts as complete for charging."""

from __future__ import annotations

import pytest

from connect_cert.fixtures.charging import BILLING_DETAILS

FIELDS = {
    "country",
    "city",
    "tax_id",
    "account_type",
    "company_name",
    "vat_id",
    "line1",
    "postal_code",
    "first_name",
    "last_name",
}


def test_new_user_has_empty_billing_details(api):
    user_id = api.post("/users/", json={}).json()["id"]
    details = api.get(f"/users/{user_id}/billing-details/").json()
    assert set(details) == FIELDS
    assert details["line1"] == "" and details["postal_code"] == "" and details["account_type"] == "personal"


def test_put_stores_and_returns_details(api):
    user_id = api.post("/users/", json={}).json()["id"]
    response = api.put(f"/users/{user_id}/billing-details/", json=BILLING_DETAILS)
    assert response.status_code == 200
    for key, value in BILLING_DETAILS.items():
        assert response.json()[key] == value
    assert api.get(f"/users/{user_id}/billing-details/").json() == response.json()


def test_put_keeps_fields_it_does_not_mention(api):
    user_id = api.post("/users/", json={}).json()["id"]
    api.put(f"/users/{user_id}/billing-details/", json=BILLING_DETAILS)
    response = api.put(f"/users/{user_id}/billing-details/", json={"line1": "Neue Strasse 2", "postal_code": "20095"})
    assert response.json()["line1"] == "Neue Strasse 2" and response.json()["first_name"] == "Connect"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"postal_code": "10115"}, "line1"),
        ({"line1": "x"}, "postal_code"),
        ({"line1": None, "postal_code": "1"}, "line1"),
        ({"line1": 12, "postal_code": "1"}, "line1"),
        ({"line1": "x", "postal_code": "1", "account_type": "corporate"}, "account_type"),
        ({"line1": "x", "postal_code": "1", "city": "c" * 51}, "city"),
        ({"line1": "x", "postal_code": "1", "tax_id": "t" * 31}, "tax_id"),
        ({"line1": "x", "postal_code": "1", "first_name": "f" * 151}, "first_name"),
        ({"line1": "x", "postal_code": "1", "country": ["DE"]}, "country"),
    ],
)
def test_invalid_billing_details_answer_validation_error(api, error_of, body, field):
    user_id = api.post("/users/", json={}).json()["id"]
    response = api.put(f"/users/{user_id}/billing-details/", json=body)
    assert response.status_code == 400
    error = error_of(response)
    assert error["type"] == "validation_error" and error["details"].startswith(field)
    assert api.get(f"/users/{user_id}/billing-details/").json()["line1"] == ""


@pytest.mark.parametrize(
    ("details", "complete"),
    [
        ({"line1": "a", "postal_code": "1", "first_name": "A", "last_name": "B"}, True),
        ({"line1": "a", "postal_code": "1", "company_name": "ACME GmbH", "account_type": "business"}, True),
        ({"line1": "a", "postal_code": "1", "first_name": "A"}, False),
        ({"line1": "a", "postal_code": "", "first_name": "A", "last_name": "B"}, False),
        ({"line1": "", "postal_code": "1", "company_name": "ACME"}, False),
    ],
)
def test_start_requires_complete_billing_details(flow, api, error_of, details, complete):
    user_id = flow.user(billing=False)
    pm_id = flow.card(user_id)
    api.put(f"/users/{user_id}/billing-details/", json=details)
    response = flow.start(user_id, pm_id)
    if complete:
        assert response.status_code == 201, response.text
    else:
        assert response.status_code == 409
        assert error_of(response)["type"] == "billing_data_required"
