"""A failing final charge makes a debt; it blocks start, method and user deletion until the app pays it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from connect_cert.fixtures.cards import CHARGE_CUSTOMER_FAIL_0341, THREE_DS_3184, VISA_4242, Challenge
from connect_cert.fixtures.charging import SHARED_VCPS
from connect_cert.harness.charging import Charging, Settlement
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.plugin import UserFactory

ABOVE_THE_HOLD_KWH = "120.000"  # priced well above the 50.00 EUR pre-authorization

pytestmark = [pytest.mark.requirement("PAY-06"), pytest.mark.requirement("API-03")]


def _assert_refused_for_debt(answer_status: int, body: dict[str, Any], what: str) -> None:
    assert answer_status == 402, f"{what} must be refused while a debt is open: {answer_status} {body}"
    assert body["error"]["type"] == "payment_error", body


def _session_in_debt(
    connect: ConnectClient, charging: Charging, user_id: str, pm_id: str, energy_kwh: str | None
) -> Settlement:
    session_id = charging.start(user_id, pm_id, SHARED_VCPS).expect(201)["id"]
    connect.stop_charging(user_id, session_id).expect(204)
    settled = charging.settle(user_id, session_id, energy_kwh=energy_kwh)
    assert settled.invoice is None, "a failed final charge must not produce an invoice"
    assert settled.debt is not None, "a failed final charge must leave a debt"
    secret = settled.debt.get("payment_intent_client_secret")
    assert isinstance(secret, str) and secret.startswith("pi_"), (
        f"the debt has no PaymentIntent secret: {sorted(settled.debt)}"
    )
    return settled


@pytest.mark.sandbox_only("sets the energy of the CDR above the pre-authorization")
def test_a_3ds_debt_blocks_everything_until_paid_with_3ds(
    connect: ConnectClient, user_factory: UserFactory, frontend: Frontend, charging: Charging
) -> None:
    user_id = user_factory.with_billing()["id"]
    pm_id = frontend.add_card(user_id, THREE_DS_3184).payment_method_id
    assert pm_id
    hold = charging.start(user_id, pm_id, SHARED_VCPS).field(402, "error.payment_intent_client_secret")
    assert frontend.confirm_payment(hold, pm_id).status == "requires_capture"
    debt = _session_in_debt(connect, charging, user_id, pm_id, ABOVE_THE_HOLD_KWH).debt
    assert debt is not None and float(debt["amount"]) > 0 and debt["currency"] == "EUR"

    blocked = charging.start(user_id, pm_id, SHARED_VCPS)
    _assert_refused_for_debt(blocked.status, blocked.body, "starting a session")
    removal = connect.delete_payment_method(user_id, pm_id)
    _assert_refused_for_debt(removal.status, removal.body, "deleting the payment method")
    deletion = connect.delete_user(user_id)
    _assert_refused_for_debt(deletion.status, deletion.body, "soft-deleting the user")

    paid = frontend.confirm_payment(debt["payment_intent_client_secret"], pm_id, challenge=Challenge.COMPLETE)
    assert paid.status == "succeeded", f"the debt's PaymentIntent ended {paid.status}"
    assert connect.list_debts(user_id).field(200, "count") == 0, "a paid debt must be gone"
    invoice = charging.invoice_for(user_id, debt["session_id"])
    assert invoice is not None, "paying the debt must produce the session's invoice"
    again = charging.start(user_id, pm_id, SHARED_VCPS)
    # The debt no longer blocks: what is left is the next hold's own 3DS (3184 asks every time).
    assert again.field(402, "error.type") == "pre_authorization_failed", again.describe()


@pytest.mark.sandbox_only("turns the pre-authorization off, so a card that fails every charge can start")
def test_a_declined_debt_is_paid_with_another_card(
    connect: ConnectClient,
    user_factory: UserFactory,
    frontend: Frontend,
    charging: Charging,
    sandbox_settings: Callable[..., dict[str, Any]],
) -> None:
    sandbox_settings(preauth_amount="0")
    user_id = user_factory.with_billing()["id"]
    pm_id = frontend.add_card(user_id, CHARGE_CUSTOMER_FAIL_0341).payment_method_id
    assert pm_id, "0341 attaches: only its charges fail"
    debt = _session_in_debt(connect, charging, user_id, pm_id, None).debt
    assert debt is not None

    paid = frontend.confirm_payment(debt["payment_intent_client_secret"], VISA_4242.pm_id)
    assert paid.status == "succeeded"
    assert connect.list_debts(user_id).field(200, "count") == 0
    assert charging.invoice_for(user_id, debt["session_id"]) is not None
