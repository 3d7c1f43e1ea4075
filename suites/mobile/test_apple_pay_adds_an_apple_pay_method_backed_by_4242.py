"""Apple Pay in the sheet (the simulator's sheet, "Pay with Passcode") adds an apple_pay method; in test mode
the card behind it is 4242."""

from __future__ import annotations

import pytest

from connect_cert.devices.matrix import Device
from connect_cert.harness.binding import AppUser
from connect_cert.harness.mobile.flows import MobileFlows
from connect_cert.harness.mobile.scenarios import APPLE_PAY


@pytest.fixture
def apple_pay_device(device: Device) -> Device:
    """Decided before the app opens: a device without Apple's test cards in its Wallet cannot pay."""
    if not device.offers_apple_pay():
        pytest.skip(f"{device.id} declares no Apple Pay test cards (offers: apple_pay_test_cards)")
    return device


@pytest.mark.platform("ios")
@pytest.mark.requirement("PAY-08")
def test_apple_pay_adds_an_apple_pay_method_backed_by_4242(
    apple_pay_device: Device, mobile_flows: MobileFlows, mobile_user: AppUser
) -> None:
    mobile_flows.sign_in(mobile_user)
    result = mobile_flows.add_with_wallet(mobile_user, APPLE_PAY)
    assert [(m["type"], m["card"]["last4"]) for m in result.added] == [("apple_pay", APPLE_PAY.card.last4)]
