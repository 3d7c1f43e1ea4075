"""The sheet offers cards (and the wallet buttons) only: no payment-method tabs, so no delayed method such
as SEPA or Klarna, since a session is pre-authorized and charged off-session."""

from __future__ import annotations

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import NO_DELAYED_METHODS


@pytest.mark.requirement("PAY-12")
def test_the_sheet_offers_no_delayed_payment_methods(mobile_flows: MobileFlows, mobile_user: AppUser) -> None:
    mobile_flows.sign_in(mobile_user)
    mobile_flows.open_sheet(NO_DELAYED_METHODS)
    mobile_flows.offers_card_only(NO_DELAYED_METHODS)
