"""A final charge that fails leaves a debt; paying it in the app clears it and produces the invoice."""

from __future__ import annotations

import re

from connect_cert.fixtures.cards import (
    CHARGE_CUSTOMER_FAIL_0341,
    THREE_DS_3184,
    THREE_DS_INSUFFICIENT_FUNDS_3178,
    VISA_4242,
    Challenge,
)

PI_SECRET = re.compile(r"^pi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$")


def _debt_session(flow, control, card=CHARGE_CUSTOMER_FAIL_0341) -> tuple[str, str, dict]:
    """A user whose session ended in a debt: no hold (preauth 0), then the off-session charge fails."""
    control.configure(preauth_amount="0").expect(200)
    user_id, pm_id = flow.charging_user(card)
    session = control.finish_session(flow.session(user_id, pm_id)["id"]).expect(200)
    return user_id, pm_id, session


def test_0341_final_charge_leaves_a_debt_with_the_intent_secret(flow, api, control):
    user_id, _, session = _debt_session(flow, control)
    debts = api.list_debts(user_id).body
    assert debts["count"] == 1
    debt = debts["results"][0]
    assert set(debt) == {"session_id", "payment_intent_client_secret", "amount", "currency"}
    assert debt["session_id"] == session["id"] and debt["currency"] == "EUR"
    assert debt["amount"] == session["session_cost"]["invoice_summary"]
    assert PI_SECRET.match(debt["payment_intent_client_secret"])
    assert session["session_cost"]["invoice_download"] is None
    assert api.list_invoices(user_id).body["count"] == 0


def test_3178_final_charge_fails_for_insufficient_funds_into_a_debt(flow, api, control, stripe_client):
    user_id, _, _ = _debt_session(flow, control, THREE_DS_INSUFFICIENT_FUNDS_3178)
    debt = api.list_debts(user_id).body["results"][0]
    intent = stripe_client.retrieve_payment_intent(debt["payment_intent_client_secret"]).body
    assert intent["status"] == "requires_payment_method"
    assert intent["last_payment_error"]["decline_code"] == "insufficient_funds"


def test_open_debt_blocks_start_and_user_deletion(flow, api, control, error_of):
    user_id, pm_id, _ = _debt_session(flow, control)
    for response in (flow.start(user_id, pm_id), api.delete_user(user_id)):
        assert response.status == 402
        assert error_of(response)["type"] == "payment_error" and response.body["status"] == "unpaid_debts"
    assert api.get_user(user_id).status == 200


def test_paying_the_debt_clears_it_and_serves_the_invoice(flow, api, control, stripe_client):
    user_id, pm_id, session = _debt_session(flow, control)
    debt = api.list_debts(user_id).body["results"][0]
    # the saved 0341 card fails again in the app; the debt stays
    assert (
        stripe_client.confirm_payment_intent(debt["payment_intent_client_secret"], payment_method=pm_id).status == 402
    )
    assert api.list_debts(user_id).body["count"] == 1
    # another card pays it
    paid = stripe_client.confirm_payment_intent(debt["payment_intent_client_secret"], payment_method=VISA_4242.pm_id)
    assert paid.status == 200 and paid.body["status"] == "succeeded"
    assert api.list_debts(user_id).body["count"] == 0
    invoices = api.list_invoices(user_id).body
    assert invoices["count"] == 1
    invoice = invoices["results"][0]
    assert invoice["charging_session_id"] == session["id"] and invoice["total"] == debt["amount"]
    assert invoice["refund"] is False and invoice["currency"] == "EUR"
    billed = api.get_charging_session(user_id, session["id"]).body
    assert billed["session_cost"]["invoice_download"] == invoice["link"]
    pdf = api.with_token(None).request("GET", invoice["link"]).response  # the link needs no token
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and session["id"].encode() in pdf.content
    # with the debt paid, the user may charge again (still without a hold)
    assert flow.start(user_id, pm_id).status == 201


def test_extra_charge_needing_authentication_becomes_a_debt_paid_after_3ds(flow, api, control, stripe_client, error_of):
    user_id, pm_id = flow.charging_user(THREE_DS_3184)
    secret = error_of(flow.start(user_id, pm_id))["payment_intent_client_secret"]
    control.resolve_3ds(
        stripe_client.confirm_payment_intent(secret, payment_method=pm_id).body["id"], Challenge.COMPLETE
    ).expect(200)
    session = flow.session(user_id, pm_id)
    control.finish_session(session["id"], energy_kwh="200").expect(200)  # far above the 50.00 hold
    debt = api.list_debts(user_id).body["results"][0]
    hold = stripe_client.retrieve_payment_intent(secret).body
    assert hold["status"] == "succeeded"
    confirmed = stripe_client.confirm_payment_intent(debt["payment_intent_client_secret"], payment_method=pm_id).body
    assert confirmed["status"] == "requires_action"
    control.resolve_3ds(confirmed["id"], Challenge.COMPLETE).expect(200)
    assert api.list_debts(user_id).body["count"] == 0
    invoice = api.list_invoices(user_id).body["results"][0]
    assert invoice["charging_session_id"] == session["id"]


def test_unknown_invoice_link_is_404(api):
    assert api.with_token(None).request("GET", "/invoices/00000000-0000-4000-8000-000000000000.pdf").status == 404
