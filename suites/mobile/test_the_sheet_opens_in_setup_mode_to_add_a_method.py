"""To add a payment method the app presents PaymentSheet in setup mode ("Set up"), with the Connect API's
SetupIntent, never a PaymentIntent; opening it confirms nothing."""

from __future__ import annotations

import pytest

from connect_cert.devices.paymentsheet import IosPaymentSheet
from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import OPENS_IN_SETUP_MODE


@pytest.mark.requirement("PAY-01")
def test_the_sheet_opens_in_setup_mode_to_add_a_method(
    mobile_flows: MobileFlows, mobile_user: AppUser, payment_sheet: IosPaymentSheet
) -> None:
    mobile_flows.sign_in(mobile_user)
    mobile_flows.open_sheet(OPENS_IN_SETUP_MODE)
    assert payment_sheet.primary_button.label() == "Set up"
