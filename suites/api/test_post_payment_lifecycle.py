"""The post-payment lifecycle end to end: a 4242 card added as a frontend does, a session, its invoice.

user -> billing details -> setup intent -> client-side confirm -> default method -> start -> stop -> CDR
-> priced session, invoice listed, no debt.
"""

from __future__ import annotations

import re
from decimal import Decimal

import httpx
import pytest

from connect_cert.fixtures.cards import VISA_4242
from connect_cert.fixtures.charging import PROGRESS_VCPS
from connect_cert.harness.charging import Charging
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.plugin import UserFactory
from connect_cert.harness.target import Target

ENERGY_KWH = "12.500"  # what the sandbox's CDR reports; a real target reports what the VCP measured
AMOUNT = re.compile(r"^\d+\.\d{2}$")  # Connect amounts: decimal strings with two places
COST_PARTS = ("kwh_cost", "time_cost", "session_fee_cost", "blocking_fee_cost", "starting_fee_cost")

pytestmark = [
    pytest.mark.requirement("API-03"),
    pytest.mark.requirement("PAY-01"),
    pytest.mark.requirement("PAY-02"),
]


def test_a_4242_session_is_priced_and_invoiced(
    connect: ConnectClient, user_factory: UserFactory, frontend: Frontend, charging: Charging, target: Target
) -> None:
    user_id = user_factory.with_billing()["id"]

    added = frontend.add_card(user_id, VISA_4242)
    assert added.status == "succeeded", f"SetupIntent ended {added.status}: {added.error}"
    assert added.client_secret.startswith("seti_"), "the setup endpoint must hand out a SetupIntent secret"
    pm_id = added.payment_method_id
    assert pm_id and pm_id.startswith("pm_")

    methods = connect.list_payment_methods(user_id).expect(200)["results"]
    assert [m["id"] for m in methods] == [pm_id]
    method = methods[0]
    assert method["default"] is True, "the only method must be the default"
    assert method["type"] == "card"
    assert (method["card"]["brand"], method["card"]["last4"]) == (VISA_4242.brand, VISA_4242.last4)

    started = charging.start(user_id, pm_id, PROGRESS_VCPS).expect(201)
    session_id = started["id"]
    assert started["is_active"] is True
    assert started["evse_id"] in PROGRESS_VCPS
    listed = connect.list_charging_sessions(user_id).expect(200)["results"]
    assert session_id in [s["id"] for s in listed]

    connect.stop_charging(user_id, session_id).expect(204)
    settled = charging.settle(user_id, session_id, energy_kwh=ENERGY_KWH)

    assert settled.debt is None, f"a 4242 session must not end in a debt: {settled.debt}"
    session = settled.session
    assert session["is_active"] is False
    assert session["end_time"] is not None
    energy = Decimal(session["consumed_energy"])
    assert energy > 0
    if target.offers_control:
        assert energy == Decimal(ENERGY_KWH)
    parts = [Decimal(session["session_cost"][k]) for k in COST_PARTS if session["session_cost"].get(k) is not None]
    assert sum(parts, Decimal(0)) > 0, f"the session is not priced: {session['session_cost']}"

    invoice = settled.invoice
    assert invoice is not None
    assert AMOUNT.match(invoice["total"]) and Decimal(invoice["total"]) > 0, invoice
    assert invoice["currency"] == "EUR"
    assert invoice["refund"] is False
    download = httpx.get(target.url(invoice["link"]), timeout=30, follow_redirects=True)
    assert download.status_code == 200, f"the invoice link does not serve the invoice: {download.status_code}"

    assert connect.list_debts(user_id).field(200, "count") == 0
