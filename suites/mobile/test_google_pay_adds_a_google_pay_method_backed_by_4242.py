"""Google Pay in the sheet (Google's sheet, "Continue") adds a google_pay method; in the test environment the
card behind it is 4242. A device signed in to no Google account cannot show Google Pay: skipped, saying so."""

from __future__ import annotations

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import GOOGLE_PAY, Wallet

pytestmark = [pytest.mark.platform("android"), pytest.mark.requirement("PAY-09")]


def test_google_pay_adds_a_google_pay_method_backed_by_4242(
    wallet: Wallet, mobile_user: AppUser, mobile_flows: MobileFlows
) -> None:
    mobile_flows.sign_in(mobile_user)
    kinds = {m["type"]: m["card"]["last4"] for m in mobile_flows.add_with_wallet(mobile_user, GOOGLE_PAY).added}
    assert wallet is GOOGLE_PAY.wallet and kinds == {"google_pay": GOOGLE_PAY.card.last4}
