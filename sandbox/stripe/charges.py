"""Charges: one per attempt to take money with a PaymentIntent, succeeded or failed.

A PaymentIntent makes a Charge when the issuer answers (an authorization or a decline), never for a 3DS
challenge that has not been passed; `latest_charge` names the newest. Manual capture leaves the charge
uncaptured until the capture; what is not captured, or a released hold, shows as refunded.
"""

from __future__ import annotations

from connect_cert.sandbox.core import Sandbox, new_id
from connect_cert.sandbox.stripe.cards import Decline
from connect_cert.sandbox.stripe.common import Obj, created, load, shaped

_TEMPLATE: Obj = {
    "id": None,
    "object": "charge",
    "amount": 0,
    "amount_captured": 0,
    "amount_refunded": 0,
    "application": None,
    "application_fee": None,
    "application_fee_amount": None,
    "balance_transaction": None,
    "billing_details": None,
    "calculated_statement_descriptor": None,
    "captured": False,
    "created": 0,
    "currency": None,
    "customer": None,
    "description": None,
    "disputed": False,
    "failure_balance_transaction": None,
    "failure_code": None,
    "failure_message": None,
    "fraud_details": {},
    "invoice": None,
    "livemode": False,
    "metadata": {},
    "on_behalf_of": None,
    "outcome": None,
    "paid": False,
    "payment_intent": None,
    "payment_method": None,
    "payment_method_details": None,
    "receipt_email": None,
    "receipt_number": None,
    "receipt_url": None,
    "refunded": False,
    "review": None,
    "shipping": None,
    "source_transfer": None,
    "statement_descriptor": None,
    "statement_descriptor_suffix": None,
    "status": "pending",
    "transfer_data": None,
    "transfer_group": None,
}
STATEMENT_DESCRIPTOR = "CONNECT-CERT SANDBOX"


def render(charge: Obj) -> Obj:
    return shaped(_TEMPLATE, charge)


def _outcome(decline: Decline | None) -> Obj:
    if decline is None:
        return {
            "network_status": "approved_by_network",
            "reason": None,
            "risk_level": "normal",
            "risk_score": 20,
            "seller_message": "Payment complete.",
            "type": "authorized",
        }
    return {
        "network_status": "declined_by_network",
        "reason": decline.decline_code,
        "risk_level": "normal",
        "risk_score": 20,
        "seller_message": f"The bank returned the decline code `{decline.decline_code}`.",
        "type": "issuer_declined",
    }


def _card_details(pm: Obj, authenticated: bool) -> Obj:
    card = pm["card"]
    return {
        "card": {
            "brand": card["brand"],
            "checks": card.get("checks"),
            "country": card.get("country"),
            "exp_month": card["exp_month"],
            "exp_year": card["exp_year"],
            "fingerprint": card.get("fingerprint"),
            "funding": card.get("funding"),
            "installments": None,
            "last4": card["last4"],
            "mandate": None,
            "network": card["brand"],
            "network_token": {"used": False},
            "three_d_secure": (
                {
                    "authentication_flow": "challenge",
                    "result": "authenticated",
                    "result_reason": None,
                    "version": "2.2.0",
                }
                if authenticated
                else None
            ),
            "wallet": card.get("wallet"),
        },
        "type": "card",
    }


def create_charge(sb: Sandbox, intent: Obj, pm: Obj, *, decline: Decline | None, authenticated: bool) -> Obj:
    """The charge of one attempt: succeeded (captured now unless manual capture) or failed with the decline."""
    succeeded = decline is None
    captured = succeeded and intent["capture_method"] != "manual"
    charge: Obj = {
        **_TEMPLATE,
        "id": new_id("ch"),
        "amount": intent["amount"],
        "amount_captured": intent["amount"] if captured else 0,
        "billing_details": pm["billing_details"],
        "calculated_statement_descriptor": STATEMENT_DESCRIPTOR,
        "captured": captured,
        "created": created(sb),
        "currency": intent["currency"],
        "customer": intent.get("customer"),
        "description": intent.get("description"),
        "failure_code": decline.code if decline else None,
        "failure_message": decline.message if decline else None,
        "metadata": dict(intent.get("metadata") or {}),
        "outcome": _outcome(decline),
        "paid": succeeded,
        "payment_intent": intent["id"],
        "payment_method": pm["id"],
        "payment_method_details": _card_details(pm, authenticated),
        "receipt_email": intent.get("receipt_email"),
        "shipping": intent.get("shipping"),
        "statement_descriptor": intent.get("statement_descriptor"),
        "statement_descriptor_suffix": intent.get("statement_descriptor_suffix"),
        "status": "succeeded" if succeeded else "failed",
    }
    return sb.store.put("charge", charge["id"], charge, parent=intent["id"])


def capture(sb: Sandbox, charge_id: str, amount: int) -> Obj:
    """A manual-capture charge captured for `amount`; the rest of the hold is released (refunded)."""
    charge = load(sb, "charge", charge_id)
    charge.update(captured=True, amount_captured=amount, amount_refunded=charge["amount"] - amount)
    return sb.store.put("charge", charge_id, charge, parent=charge["payment_intent"])


def release(sb: Sandbox, charge_id: str) -> Obj:
    """An uncaptured hold canceled or expired: all of it goes back to the cardholder."""
    charge = load(sb, "charge", charge_id)
    charge.update(amount_refunded=charge["amount"], refunded=True)
    return sb.store.put("charge", charge_id, charge, parent=charge["payment_intent"])


def get_charge(sb: Sandbox, charge_id: str) -> Obj:
    return render(load(sb, "charge", charge_id))


def all_charges(sb: Sandbox) -> list[Obj]:
    return [render(c) for c in sb.store.list("charge")]
