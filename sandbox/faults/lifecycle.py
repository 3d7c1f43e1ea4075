"""Lifecycle faults: start, pre-authorization, stop, the final charge, debts and invoices go wrong."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from connect_cert.sandbox.core import Sandbox
from connect_cert.sandbox.errors import APIError
from connect_cert.sandbox.faults.hooks import Point
from connect_cert.sandbox.faults.registry import behavior

Doc = dict[str, Any]
COST_PARTS = ("kwh_cost", "time_cost", "session_fee_cost", "blocking_fee_cost", "starting_fee_cost")


@behavior("lifecycle", Point.START_PAYMENT_METHOD, Point.START_PREAUTH_CENTS)
def start_without_payment_method(value: Any, point: str, **context: Any) -> Any:
    """Start accepts a payment method the user does not have, and holds nothing on it."""
    if point == Point.START_PAYMENT_METHOD:
        return value or {"id": context["payment_method_id"], "customer": None}
    return value if context["payment_method"].get("customer") else 0


@behavior("lifecycle", Point.START_BILLING_COMPLETE)
def start_without_billing_details(complete: bool, point: str, **_: Any) -> bool:
    """Start does not ask for billing details: a user without them can charge."""
    return True


@behavior("lifecycle", Point.START_PREAUTH_CENTS)
def no_preauthorization(amount: int, point: str, **_: Any) -> int:
    """Start holds nothing on the card: no pre-authorization, so a card needing 3DS starts at once."""
    return 0


@behavior("lifecycle", Point.PREAUTH_NEEDS_AUTHENTICATION)
def preauth_402_without_secret(refusal: APIError, point: str, **_: Any) -> APIError:
    """A pre-authorization needing 3DS answers 402 without the PaymentIntent's client secret."""
    return replace(refusal, payment_intent_client_secret=None)


@behavior("lifecycle", Point.PREAUTH_REUSE)
def authorized_hold_not_reused(intent: Doc | None, point: str, **_: Any) -> None:
    """The hold the app authorized with 3DS is not reused: every start asks for 3DS again."""
    return None


@behavior("lifecycle", Point.START_OPEN_DEBTS)
def debt_does_not_block_start(debts: list[Doc], point: str, **_: Any) -> list[Doc]:
    """Start ignores the user's open debts."""
    return []


@behavior("lifecycle", Point.START_ACTIVE_SESSION)
def second_start_allowed(session: Doc | None, point: str, **_: Any) -> None:
    """A user already charging can start a second session."""
    return None


@behavior("lifecycle", Point.STOP_WHEN_STOPPED)
def second_stop_answers_204(refusal: APIError | None, point: str, **_: Any) -> None:
    """Stopping a session that is already stopped answers 204 instead of 409 already_stopped."""
    return None


@behavior("lifecycle", Point.STOP_ENDS_SESSION)
def stop_keeps_session_active(ends: bool, point: str, **_: Any) -> bool:
    """Stop answers 204 but the session goes on charging."""
    return False


@behavior("lifecycle", Point.SESSION_COST)
def session_never_priced(cost: Doc, point: str, **_: Any) -> Doc:
    """A session's cost parts stay null after the CDR priced it."""
    return {**cost, **dict.fromkeys(COST_PARTS)}


@behavior("lifecycle", Point.FAILED_CHARGE_LEAVES_DEBT)
def no_debt_after_failed_final_charge(leaves_debt: bool, point: str, **_: Any) -> bool:
    """A final charge that fails leaves no debt: the session is invoiced as if it had been paid."""
    return False


@behavior("lifecycle", Point.DELETE_USER_OPEN_DEBTS)
def debt_does_not_block_deletion(debts: list[Doc], point: str, **_: Any) -> list[Doc]:
    """A user with an open debt can be soft-deleted."""
    return []


@behavior("lifecycle", Point.DELETE_METHOD_OPEN_DEBTS)
def debt_does_not_block_method_removal(debts: list[Doc], point: str, **_: Any) -> list[Doc]:
    """A payment method can be removed while a debt is open."""
    return []


@behavior("lifecycle", Point.DEBTS_LISTED)
def paid_debt_still_listed(debts: list[Doc], point: str, *, sb: Sandbox, user_id: str, **_: Any) -> list[Doc]:
    """The debts list keeps a debt after it was paid."""
    from connect_cert.sandbox.charging import sessions  # the charging code calls this hook: import it late

    return sb.store.list(sessions.DEBT, parent=user_id)


@behavior("lifecycle", Point.INVOICE_ISSUED)
def invoice_missing(issued: bool, point: str, **_: Any) -> bool:
    """A billed session gets no invoice."""
    return False
