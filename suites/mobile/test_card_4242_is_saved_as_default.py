"""4242 is saved through PaymentSheet without a challenge; the Connect API lists it as visa/4242, the default."""

from __future__ import annotations

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import ADD_4242


@pytest.mark.requirement("PAY-02")
def test_card_4242_is_saved_as_default(mobile_flows: MobileFlows, mobile_user: AppUser) -> None:
    mobile_flows.sign_in(mobile_user)
    result = mobile_flows.add_card(mobile_user, ADD_4242)
    assert [(m["type"], m["default"]) for m in result.added] == [("card", True)]
