"""Google Pay in the sheet (Google's sheet, "Continue") adds a google_pay method; in the test environment
the card behind it is 4242. A device signed in to no Google account cannot show Google Pay: skipped."""

from __future__ import annotations

import pytest

from connect_cert.devices.matrix import Device
from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import GOOGLE_PAY


@pytest.fixture
def google_pay_device(device: Device) -> Device:
    """Decided before the app opens: Google Pay needs a device signed in to a Google account."""
    if not device.offers_google_pay():
        pytest.skip(f"{device.id} declares no signed-in Google account (offers: google_account)")
    return device


@pytest.mark.platform("android")
@pytest.mark.requirement("PAY-09")
def test_google_pay_adds_a_google_pay_method_backed_by_4242(
    google_pay_device: Device, mobile_flows: MobileFlows, mobile_user: AppUser
) -> None:
    mobile_flows.sign_in(mobile_user)
    result = mobile_flows.add_with_wallet(mobile_user, GOOGLE_PAY)
    assert [(m["type"], m["card"]["last4"]) for m in result.added] == [("google_pay", GOOGLE_PAY.card.last4)]
