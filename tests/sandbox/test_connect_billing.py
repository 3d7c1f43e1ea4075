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
    user_id = api.create_user().body["id"]
    details = api.get_billing_details(user_id).body
    assert set(details) == FIELDS
    assert details["line1"] == "" and details["postal_code"] == "" and details["account_type"] == "personal"


def test_put_stores_and_returns_details(api):
    user_id = api.create_user().body["id"]
    response = api.put_billing_details(user_id, BILLING_DETAILS)
    assert response.status == 200
    for key, value in BILLING_DETAILS.items():
        assert response.body[key] == value
    assert api.get_billing_details(user_id).body == response.body


def test_put_keeps_fields_it_does_not_mention(api):
    user_id = api.create_user().body["id"]
    api.put_billing_details(user_id, BILLING_DETAILS)
    response = api.put_billing_details(user_id, {"line1": "Neue Strasse 2", "postal_code": "20095"})
    assert response.body["line1"] == "Neue Strasse 2" and response.body["first_name"] == "Connect"


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
    user_id = api.create_user().body["id"]
    response = api.put_billing_details(user_id, body)
    assert response.status == 400
    error = error_of(response)
    assert error["type"] == "validation_error" and error["details"].startswith(field)
    assert api.get_billing_details(user_id).body["line1"] == ""


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
    api.put_billing_details(user_id, details)
    response = flow.start(user_id, pm_id)
    if complete:
        assert response.status == 201, response.text
    else:
        assert response.status == 409
        assert error_of(response)["type"] == "billing_data_required"
