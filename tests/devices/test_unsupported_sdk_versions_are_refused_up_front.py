"""A device whose Stripe SDK cannot be driven is refused before a session starts, with the reason and exit 2:
stripe-android 20.53.0–21.0.1 hid the primary button from Appium, and a range nobody has observed has no
expiry locator. An Android locator that needs the app package gets it from the entry or the driver."""

from __future__ import annotations

import pytest

from connect_cert.devices.paymentsheet import UnsupportedSdkVersion, locators_for, payment_sheet
from connect_cert.devices.paymentsheet.selectors import ANDROID, IOS
from connect_cert.devices.versions import SdkVersion
from connect_cert.harness.exitcodes import ConfigError, ExitCode
from tests.devices.support import device, driver


@pytest.mark.parametrize("sdk", ["20.53.0", "20.60.1", "21.0.1"])
def test_the_versions_that_hide_the_primary_button_are_refused(sdk: str) -> None:
    with pytest.raises(UnsupportedSdkVersion, match="primary_button: the primary button is invisible to Appium") as err:
        payment_sheet(driver("android/host_app.xml"), device("android", stripe_sdk=sdk))
    assert err.value.exit_code == ExitCode.USAGE
    assert "test-android" in str(err.value)


@pytest.mark.parametrize("sdk", ["20.49.0", "21.0.2", "21.11.9"])
def test_a_range_without_a_known_expiry_locator_is_refused_with_what_is_known(sdk: str) -> None:
    with pytest.raises(
        UnsupportedSdkVersion, match=r"no known locator for the expiry \(known for < 20.49.0; >= 21.12.0\)"
    ):
        locators_for(device("android", stripe_sdk=sdk))


@pytest.mark.parametrize("sdk", ["20.48.3", "21.12.0", "22.1.0"])
def test_observed_versions_get_every_locator(sdk: str) -> None:
    version = SdkVersion.parse(sdk, device("android").platform)
    assert ANDROID.problems(version) == []
    assert IOS.problems(None) == []
    assert ANDROID.problems(None) == []  # an entry without stripe_sdk gets the newest SDK's locators


def test_a_resource_id_needs_the_app_package_from_the_entry_or_the_driver() -> None:
    old = device("android", stripe_sdk="20.48.0", app_package=None)
    sheet = payment_sheet(driver("android/sdk-20.48/card_form.xml"), old, timeout=0.05)
    with pytest.raises(ConfigError, match="needs the app package"):
        sheet.primary_button.label()

    drv = driver("android/sdk-20.48/card_form.xml")
    drv.current_package = "com.example.charge"  # type: ignore[attr-defined]  # as UiAutomator2's driver reports it
    assert payment_sheet(drv, old, timeout=0.05).primary_button.label() == "Set up"
