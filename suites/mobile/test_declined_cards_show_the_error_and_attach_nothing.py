"""0002 and 9995 are declined at setup: the sheet shows the decline in its error slot and nothing is attached
(the flow first proves it watches the Connect user the app uses)."""

from __future__ import annotations

import pytest

from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import DECLINE_0002, DECLINE_9995


@pytest.mark.requirement("PAY-05")
def test_declined_cards_show_the_error_and_attach_nothing(mobile_flows: MobileFlows, mobile_user: AppUser) -> None:
    mobile_flows.sign_in(mobile_user)
    for scenario in (DECLINE_0002, DECLINE_9995):
        declined = mobile_flows.add_card(mobile_user, scenario)
        assert declined.message and declined.added == [], scenario.flow
