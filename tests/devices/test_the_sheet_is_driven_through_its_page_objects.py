"""The PaymentSheet page objects drive the sheet on each platform and SDK range: they type a card into the
right fields (Compose fields through their label child), tap the primary button of the right mode, read
the error slot, pick the country and close the sheet, on page sources through `PageSourceDriver`."""

from __future__ import annotations

import pytest

from connect_cert.devices.paymentsheet import SheetMode, payment_sheet
from connect_cert.devices.paymentsheet.locators import Strategy
from connect_cert.fixtures.cards import TEST_CVC, VISA_4242
from connect_cert.harness.web.stripe_elements import CardEntry
from tests.devices.support import device, driver, enable, shows

ENTRY = CardEntry.of(VISA_4242)
QUICK = 0.05  # seconds: a wait that must fail, fails fast


def test_ios_types_the_card_field_by_field_dismisses_the_keyboard_and_sets_up() -> None:
    drv = driver("ios/card_form.xml", {"Set up": "ios/host_app.xml"})
    enable(drv.source, Strategy.ACCESSIBILITY_ID, "Set up")  # as typing the card does
    sheet = payment_sheet(drv, device("ios"), timeout=1)

    assert sheet.wait_open() is SheetMode.SETUP
    sheet.add_card(ENTRY)

    assert [(shows(node), text) for node, text in drv.typed()] == [
        ("Card number", VISA_4242.number),
        ("expiration date", ENTRY.expiry),
        ("CVC", TEST_CVC),
        ("ZIP", ENTRY.postal_code),
    ]
    tapped = [shows(node) for node in drv.taps()]
    assert tapped[0] == "Card"  # the Card tab, since the sheet offers more than cards
    assert tapped[-2:] == ["Done", "Set up"]  # the keyboard is dismissed before the primary button
    sheet.wait_closed(QUICK)


@pytest.mark.parametrize(
    ("sdk", "folder", "primary"),
    [("21.12.0", "sdk-21.12", "PRIMARY_BUTTON"), ("20.48.0", "sdk-20.48", "com.example.charge:id/primary_button")],
)
def test_android_types_into_the_compose_fields_not_their_labels_and_sets_up(
    sdk: str, folder: str, primary: str
) -> None:
    drv = driver(f"android/{folder}/card_form.xml", {"Set up": "android/host_app.xml"})
    sheet = payment_sheet(drv, device("android", stripe_sdk=sdk), timeout=1)

    assert sheet.wait_open() is SheetMode.SETUP
    sheet.add_card(ENTRY)

    typed = drv.typed()
    assert [text for _, text in typed] == [VISA_4242.number, ENTRY.expiry, TEST_CVC, ENTRY.postal_code]
    assert {node.tag for node, _ in typed} == {"android.widget.EditText"}  # the field, never its label TextView
    assert [node.children[0].attrs["text"] for node, _ in typed] == [
        "Card number",
        "Expiration date" if folder == "sdk-21.12" else "MM / YY",
        "CVC",
        "ZIP Code",
    ]
    assert drv.taps()[-1].attrs["resource-id"] == primary
    sheet.wait_closed(QUICK)


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_payment_mode_shows_the_amount_and_the_error_slot_the_decline(platform: str) -> None:
    folder = "ios" if platform == "ios" else "android/sdk-21.12"
    sheet = payment_sheet(driver(f"{folder}/payment_error.xml"), device(platform), timeout=1)

    assert sheet.wait_open() is SheetMode.PAYMENT
    assert sheet.error.wait_message() == "Your card was declined."
    assert sheet.primary_button.tap_pay("€9.73") == "Pay €9.73"


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_a_different_amount_on_the_pay_button_fails_naming_what_was_expected(platform: str) -> None:
    folder = "ios" if platform == "ios" else "android/sdk-21.12"
    sheet = payment_sheet(driver(f"{folder}/payment_error.xml"), device(platform), timeout=QUICK)
    with pytest.raises(AssertionError, match="primary button showing 'Pay €1.00'"):
        sheet.primary_button.tap_pay("€1.00")
    with pytest.raises(AssertionError, match="showing 'Set up'"):
        sheet.primary_button.tap_set_up()  # a sheet opened with a PaymentIntent is not in setup mode


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_the_error_slot_is_empty_before_a_decline(platform: str) -> None:
    folder = "ios" if platform == "ios" else "android/sdk-21.12"
    sheet = payment_sheet(driver(f"{folder}/card_form.xml"), device(platform), timeout=QUICK)
    assert sheet.error.message() is None
    with pytest.raises(AssertionError, match="error showing an error message"):
        sheet.error.wait_message()


def test_ios_picks_the_country_in_its_picker() -> None:
    drv = driver("ios/card_form.xml", {"Country or region": "ios/country_picker.xml", "Done": "ios/card_form.xml"})
    sheet = payment_sheet(drv, device("ios"), timeout=1)
    sheet.card_form.select_country("Germany")
    assert [(node.tag, text) for node, text in drv.typed()] == [("XCUIElementTypePickerWheel", "Germany")]
    assert [shows(node) for node in drv.taps()] == ["Country or region", "Done"]


def test_android_picks_the_country_from_its_menu() -> None:
    drv = driver(
        "android/sdk-21.12/card_form.xml",
        {"Country or region": "android/country_menu.xml", "Germany": "android/sdk-21.12/card_form.xml"},
    )
    sheet = payment_sheet(drv, device("android"), timeout=1)
    sheet.card_form.select_country("Germany")
    assert [shows(node) for node in drv.taps()] == ["Country or region", "Germany"]


@pytest.mark.parametrize(
    ("platform", "fixture"), [("ios", "ios/card_form.xml"), ("android", "android/sdk-21.12/card_form.xml")]
)
def test_close_closes_the_sheet(platform: str, fixture: str) -> None:
    host = f"{platform}/host_app.xml"
    drv = driver(fixture, {"Close": host})
    sheet = payment_sheet(drv, device(platform), timeout=1)
    sheet.close()
    sheet.wait_closed(QUICK)
    assert drv.source.find_all(Strategy.XPATH, "//*") != []  # the partner app is what shows now
