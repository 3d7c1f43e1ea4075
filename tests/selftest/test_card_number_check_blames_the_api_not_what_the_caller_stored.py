"""The contract's card-data check (`no_card_data_beyond_summary`) flags a card number the API gives out, never a
Luhn-valid run a caller stored earlier in its own text (an address line fuzzed by an earlier request): the
self-test's clean runs showed that false positive on GET billing-details."""

from __future__ import annotations

from connect_cert.contracts.checks.payments import ALLOWED_CARD_FIELDS, _card_leaks, caller_written_fields

STORED = "4000056655665556"  # Luhn-valid, not one of the numbers the request itself carried


def test_the_callers_own_fields_come_from_the_contracts_request_bodies() -> None:
    written = caller_written_fields()
    assert {"line1", "postal_code", "company_name", "first_name", "external_id", "email"} <= written
    assert not written & ALLOWED_CARD_FIELDS
    assert "id" not in written  # read-only: the API writes it


def test_a_number_the_caller_stored_in_an_address_line_is_not_card_data() -> None:
    assert _card_leaks({"line1": f"Hauptstr. {STORED}", "postal_code": "10115"}, echoed="") == []


def test_the_same_number_anywhere_the_api_writes_is_card_data() -> None:
    leaks = _card_leaks({"results": [{"card": {"cardholder_name": STORED, "last4": "5556"}}]}, echoed="")
    assert leaks == ["$.results[0].card.cardholder_name (card number)"]
    assert _card_leaks({"card": {"brand": "visa", "number": STORED}}, echoed="")[0] == "$.card.number"
