"""A card needing 3DS: start answers 402 with the pre-authorization's secret; after the challenge it starts."""

from __future__ import annotations

import re

import pytest

from connect_cert.fixtures.cards import THREE_DS_3184, Challenge
from connect_cert.fixtures.charging import SHARED_VCPS
from connect_cert.harness.charging import Charging
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.plugin import UserFactory

PI_SECRET = re.compile(r"^pi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$")

pytestmark = [pytest.mark.requirement("PAY-07"), pytest.mark.requirement("API-03")]


def _refused_pre_authorization(connect: ConnectClient, charging: Charging, user_id: str, pm_id: str) -> str:
    refused = charging.start(user_id, pm_id, SHARED_VCPS)
    body = refused.expect(402)
    error = body["error"]
    assert error["type"] == "pre_authorization_failed", refused.describe()
    secret = error.get("payment_intent_client_secret", "")
    assert PI_SECRET.match(secret), f"402 without a PaymentIntent secret to authenticate: {refused.describe()}"
    return str(secret)


def test_start_succeeds_once_the_pre_authorization_passed_3ds(
    connect: ConnectClient, user_factory: UserFactory, frontend: Frontend, charging: Charging
) -> None:
    user_id = user_factory.with_billing()["id"]
    pm_id = frontend.add_card(user_id, THREE_DS_3184).payment_method_id
    assert pm_id, "3184 must attach once its setup challenge completes"

    secret = _refused_pre_authorization(connect, charging, user_id, pm_id)
    authorized = frontend.confirm_payment(secret, pm_id, challenge=Challenge.COMPLETE)
    assert authorized.status == "requires_capture", f"the hold is not authorized: {authorized.status}"

    started = charging.start(user_id, pm_id, SHARED_VCPS).expect(201)
    assert started["is_active"] is True
    connect.stop_charging(user_id, started["id"]).expect(204)
    settled = charging.settle(user_id, started["id"])
    assert settled.debt is None and settled.invoice is not None, "a cost under the hold is captured from it"


def test_a_failed_challenge_keeps_the_start_refused(
    connect: ConnectClient, user_factory: UserFactory, frontend: Frontend, charging: Charging
) -> None:
    user_id = user_factory.with_billing()["id"]
    pm_id = frontend.add_card(user_id, THREE_DS_3184).payment_method_id
    assert pm_id
    secret = _refused_pre_authorization(connect, charging, user_id, pm_id)
    failed = frontend.confirm_payment(secret, pm_id, challenge=Challenge.FAIL)
    assert failed.status == "requires_payment_method"
    assert _refused_pre_authorization(connect, charging, user_id, pm_id)
    assert connect.list_charging_sessions(user_id).field(200, "count") == 0
