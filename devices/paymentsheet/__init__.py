"""Stripe PaymentSheet page objects per platform and SDK version.

    sheet = payment_sheet(driver, device)          # IosPaymentSheet or AndroidPaymentSheet
    sheet.wait_open()                              # SheetMode.SETUP or SheetMode.PAYMENT
    sheet.add_card(CardEntry.of(VISA))             # types the card, taps "Set up"
    sheet.answer_challenge(Challenge.COMPLETE)     # native 3DS2 or the web page, whichever shows
    sheet.error.wait_message()                     # the decline / authentication failure shown
    sheet.apple_pay.pay()  /  sheet.google_pay.pay()

Locators live in `selectors.py` only (one table per platform); elements own their bounded waits.
"""

from __future__ import annotations

from typing import Any

from connect_cert.devices.matrix import Device
from connect_cert.devices.paymentsheet.android import AndroidPaymentSheet
from connect_cert.devices.paymentsheet.elements import DEFAULT_TIMEOUT, DriverLike
from connect_cert.devices.paymentsheet.ios import IosPaymentSheet
from connect_cert.devices.paymentsheet.locators import Locator, Locators, UnsupportedSdkVersion
from connect_cert.devices.paymentsheet.selectors import table_for
from connect_cert.devices.paymentsheet.sheet import DeviceNotReady, PaymentSheet, SheetMode
from connect_cert.devices.versions import Platform

__all__ = [
    "AndroidPaymentSheet",
    "DeviceNotReady",
    "IosPaymentSheet",
    "Locator",
    "Locators",
    "PaymentSheet",
    "SheetMode",
    "UnsupportedSdkVersion",
    "locators_for",
    "payment_sheet",
]


def locators_for(device: Device, *, app_package: str | None = None) -> Locators:
    """The device's PaymentSheet locators; UnsupportedSdkVersion (exit 2) when its SDK cannot be driven."""
    table = table_for(device.platform)
    problems = table.problems(device.stripe_sdk)
    if problems:
        raise UnsupportedSdkVersion(f"{device.id}: " + "; ".join(problems))
    return table.for_sdk(device.stripe_sdk, package=app_package or device.app_package)


def payment_sheet(
    driver: DriverLike, device: Device, *, timeout: float = DEFAULT_TIMEOUT
) -> IosPaymentSheet | AndroidPaymentSheet:
    """The page object of the sheet on `device`, driven through `driver` (Appium's, or a stand-in's)."""
    if device.platform is Platform.IOS:
        return IosPaymentSheet(driver, locators_for(device), os_version=device.os_version, timeout=timeout)
    current: Any = getattr(driver, "current_package", None)  # UiAutomator2 knows the app in front
    package = device.app_package or (current if isinstance(current, str) else None)
    return AndroidPaymentSheet(driver, locators_for(device, app_package=package), timeout=timeout)
