"""Apple Pay and Google Pay are paid through the wallet's own sheet, with the driver quirks docs/reference.md#payment-sheet-ios names:
the XCUITest driver looks into springboard for the Apple Pay sheet and switches back, iOS 26 needs
"Change Payment Method" first, and a sheet that asks for an address is a device not ready (broken)."""

from __future__ import annotations

import pytest

from connect_cert.devices.paymentsheet import DeviceNotReady, IosPaymentSheet, payment_sheet
from connect_cert.devices.paymentsheet.android import AndroidPaymentSheet
from connect_cert.devices.paymentsheet.selectors import SPRINGBOARD
from tests.devices.support import device, driver, shows

CARD_ROW = "Simulated Card - AmEx, \u202a•••• 1234\u202c"


def _apple_pay(drv: object, os_version: str) -> IosPaymentSheet:
    sheet = payment_sheet(drv, device("ios", os_version=os_version), timeout=1)  # type: ignore[arg-type]
    assert isinstance(sheet, IosPaymentSheet)
    return sheet


def test_apple_pay_chooses_the_simulated_card_and_pays_with_passcode() -> None:
    drv = driver(
        "ios/card_form.xml",
        {"Apple Pay": "ios/apple_pay_sheet.xml", "Pay with Passcode": "ios/host_app.xml"},
        defaultActiveApplication="com.example.charge",
    )
    sheet = _apple_pay(drv, "17.5")
    assert sheet.apple_pay.is_offered()

    sheet.apple_pay.pay()

    assert [shows(node) for node in drv.taps()] == ["Apple Pay", CARD_ROW, "Pay with Passcode"]
    switches = [action.target for action in drv.actions if action.kind == "settings"]
    assert switches == [f"defaultActiveApplication={SPRINGBOARD}", "defaultActiveApplication=com.example.charge"]


def test_apple_pay_on_ios_26_changes_the_payment_method_first() -> None:
    drv = driver(
        "ios/card_form.xml",
        {
            "Apple Pay": "ios/apple_pay_sheet_ios26.xml",
            "Change Payment Method": "ios/apple_pay_cards_ios26.xml",
            CARD_ROW: "ios/apple_pay_sheet.xml",
            "Pay with Passcode": "ios/host_app.xml",
        },
    )
    _apple_pay(drv, "26.0").apple_pay.pay()
    assert [shows(node) for node in drv.taps()] == ["Apple Pay", "Change Payment Method", CARD_ROW, "Pay with Passcode"]
    assert drv.settings["defaultActiveApplication"] == "auto"  # switched back to the driver's default


def test_an_apple_pay_sheet_asking_for_an_address_is_a_device_not_ready() -> None:
    drv = driver("ios/card_form.xml", {"Apple Pay": "ios/apple_pay_prompt.xml"})
    with pytest.raises(DeviceNotReady, match="asks to 'Add Billing Address'"):
        _apple_pay(drv, "17.5").apple_pay.pay()
    assert "Pay with Passcode" not in [shows(node) for node in drv.taps()]
    assert drv.settings["defaultActiveApplication"] == "auto"  # switched back even so


def test_google_pay_continues_in_google_play_services_sheet() -> None:
    drv = driver(
        "android/sdk-21.12/card_form.xml",
        {"Google Pay": "android/google_pay_sheet.xml", "Continue": "android/host_app.xml"},
    )
    sheet = payment_sheet(drv, device("android"), timeout=1)
    assert isinstance(sheet, AndroidPaymentSheet)
    assert sheet.google_pay.is_offered()

    sheet.google_pay.pay()

    tapped = drv.taps()
    assert [shows(node) for node in tapped] == ["Google Pay", "Continue"]
    assert tapped[-1].attrs["package"] == "com.google.android.gms"
    assert [action for action in drv.actions if action.kind == "settings"] == []  # UiAutomator2 needs no switch
