"""Apple Pay in the sheet (the simulator's sheet, "Pay with Passcode") adds an apple_pay method; in test mode
the card behind it is 4242. A device whose Wallet holds no Apple test card is skipped, saying so."""

from __future__ import annotations

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import APPLE_PAY, Wallet


@pytest.mark.platform("ios")
@pytest.mark.requirement("PAY-08")
def test_apple_pay_adds_an_apple_pay_method_backed_by_4242(
    wallet: Wallet, mobile_flows: MobileFlows, mobile_user: AppUser
) -> None:
    mobile_flows.sign_in(mobile_user)
    added = mobile_flows.add_with_wallet(mobile_user, APPLE_PAY).added
    assert wallet is APPLE_PAY.wallet and [(m["type"], m["card"]["last4"]) for m in added] == [("apple_pay", "4242")]
