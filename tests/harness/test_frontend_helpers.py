"""The frontend and charging helpers drive the embedded sandbox as a partner app would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from connect_cert.fixtures.cards import (
    CHARGE_CUSTOMER_FAIL_0341,
    DECLINED_INSUFFICIENT_FUNDS_9995,
    THREE_DS_3184,
    VISA_4242,
    Challenge,
)
from connect_cert.fixtures.charging import SHARED_VCPS
from connect_cert.harness.charging import Charging
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.plugin import UserFactory


@pytest.mark.parametrize("typed", [False, True], ids=["test-pm-id", "typed-number"])
def test_a_4242_card_attaches(user_factory: UserFactory, frontend: Frontend, typed: bool) -> None:
    added = frontend.add_card(user_factory()["id"], VISA_4242, typed=typed)
    assert added.succeeded and added.error is None
    assert added.payment_method_id and added.payment_method_id.startswith("pm_")
    assert added.payment_method_id != VISA_4242.pm_id, "a test PaymentMethod id is cloned, never attached as is"


@pytest.mark.parametrize(
    "challenge, status",
    [(Challenge.COMPLETE, "succeeded"), (Challenge.FAIL, "requires_payment_method"), (None, "requires_action")],
)
def test_a_3ds_card_ends_as_the_challenge_is_answered(
    user_factory: UserFactory, frontend: Frontend, challenge: Challenge | None, status: str
) -> None:
    added = frontend.add_card(user_factory()["id"], THREE_DS_3184, challenge=challenge)
    assert added.status == status
    if challenge is Challenge.FAIL:
        assert added.error and added.error["code"] == "setup_intent_authentication_failure"


def test_a_declined_card_reports_stripes_error(user_factory: UserFactory, frontend: Frontend) -> None:
    added = frontend.add_card(user_factory()["id"], DECLINED_INSUFFICIENT_FUNDS_9995)
    assert not added.succeeded and added.status == "requires_payment_method"
    assert added.error and added.error["decline_code"] == DECLINED_INSUFFICIENT_FUNDS_9995.decline_code


def test_a_failing_final_charge_settles_as_a_debt(
    user_factory: UserFactory,
    frontend: Frontend,
    connect: ConnectClient,
    charging: Charging,
    sandbox_settings: Callable[..., dict[str, Any]],
) -> None:
    sandbox_settings(preauth_amount="0.00")  # no hold, so the 0341 card gets into a session
    user_id = user_factory.with_billing()["id"]
    pm_id = frontend.add_card(user_id, CHARGE_CUSTOMER_FAIL_0341).payment_method_id
    assert pm_id
    session_id = charging.start(user_id, pm_id, SHARED_VCPS).expect(201)["id"]
    connect.stop_charging(user_id, session_id).expect(204)
    settled = charging.settle(user_id, session_id)
    assert settled.invoice is None and settled.debt is not None
    assert settled.debt["session_id"] == session_id
    assert settled.debt["payment_intent_client_secret"].startswith("pi_")
