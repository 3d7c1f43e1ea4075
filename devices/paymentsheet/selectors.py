"""Every locator of Stripe's PaymentSheet: one table per platform, the only place they are written.

Sources: docs/reference.md#payment-sheet-ios, docs/reference.md#payment-sheet-android,
docs/reference.md#3ds-challenge and docs/reference.md#wallets. PaymentSheet has no stable accessibility
identifiers, so these are labels, Compose test tags and resource ids, and they change with the SDK: a
row's range says where it holds. A row whose `note` begins with "inferred" is not in the reference: it is
Stripe's visible text for an element the reference does not name (checked against the page-source
fixtures of tests/devices only); confirm it on a page source of the SDK you certify before relying on it.

Page sources differ per driver: XCUITest reports PaymentSheet's card fields with `name` equal to `label`;
UiAutomator2 reports a Compose text field as an `EditText` with empty text, resource-id and content-desc
whose label is a child `TextView` (so those fields are found through their label child), and Compose
test tags as resource ids only when the app sets `testTagsAsResourceId`.
"""

from __future__ import annotations

from connect_cert.devices.paymentsheet.locators import Locator, LocatorTable, Row, Strategy
from connect_cert.devices.versions import Platform, before, between, since

A11Y, PREDICATE, CHAIN = Strategy.ACCESSIBILITY_ID, Strategy.IOS_PREDICATE, Strategy.IOS_CLASS_CHAIN
UIA, ID, XPATH = Strategy.ANDROID_UIAUTOMATOR, Strategy.ID, Strategy.XPATH

CHALLENGE_OTP = "424242"  # the one-time code Stripe's test 3DS2 challenge accepts
SPRINGBOARD = "com.apple.springboard"  # xcuitest-driver >= 6 reaches the Apple Pay sheet only through it
APPLE_PAY_SHEET_BUNDLE = "com.apple.PassbookUIService"  # where the simulator's Apple Pay sheet runs
GOOGLE_PAY_PACKAGE = "com.google.android.gms"  # where the Google Pay sheet runs
TAG_HINT = "a Compose test tag: Appium sees it only when the app sets testTagsAsResourceId"


def _field(label: str) -> Locator:
    """An iOS PaymentSheet text field by its label (its name equals its label)."""
    return Locator(CHAIN, f'**/XCUIElementTypeTextField[`label == "{label}"`]')


def _compose_field(*labels: str) -> Locator:
    """An Android Compose text field: the EditText whose label is a child TextView."""
    texts = " or ".join(f"@text='{label}'" for label in labels)
    return Locator(XPATH, f"//android.widget.EditText[.//android.widget.TextView[{texts}]]")


def _ios_button(condition: str) -> Locator:
    return Locator(PREDICATE, f"type == 'XCUIElementTypeButton' AND {condition}")


def _text(text: str) -> Locator:
    return Locator(UIA, f'new UiSelector().text("{text}")')


def _tag(tag: str) -> Locator:
    return Locator(UIA, f'new UiSelector().resourceId("{tag}")')


def _res(name: str) -> Locator:
    return Locator(ID, f"{{package}}:id/{name}")


IOS = LocatorTable(
    Platform.IOS,
    [
        # The card form
        Row("card_tab", Locator(A11Y, "Card")),  # shown only when more than one payment method type is offered
        Row("card_number", _field("Card number")),
        Row("expiry", _field("expiration date")),
        Row("cvc", _field("CVC")),
        Row(
            "postal_code",
            Locator(CHAIN, '**/XCUIElementTypeTextField[`label == "ZIP" OR label == "Postal code"`]'),
            note="'Postal code' inferred: the label outside the US",
        ),
        Row("country", _field("Country or region"), note="inferred: Stripe's country field label"),
        Row("country_picker", Locator(CHAIN, "**/XCUIElementTypePickerWheel"), note="inferred: the country picker"),
        Row("keyboard_done", Locator(CHAIN, '**/XCUIElementTypeToolbar/XCUIElementTypeButton[`label == "Done"`]')),
        # The primary button: "Set up" in setup mode, "Pay €9.73" in payment mode
        Row("primary_button", _ios_button("(label == 'Set up' OR label MATCHES 'Pay .*[0-9].*')")),
        Row("close", _ios_button("(name == 'UIButton.Close' OR label == 'Close')")),
        Row(
            "error",
            Locator(
                PREDICATE,
                "type == 'XCUIElementTypeStaticText' AND (label CONTAINS 'declined' OR "
                "label CONTAINS 'insufficient funds' OR label CONTAINS 'unable to authenticate')",
            ),
            note="inferred: Stripe's decline and authentication-failure messages (no identifier exists)",
        ),
        # The native 3DS2 challenge (3184)
        Row("challenge_code", Locator(CHAIN, '**/XCUIElementTypeTextField[`name == "STDSTextField"`]')),
        Row("challenge_submit", _ios_button("label == 'Submit'")),
        # The web-view challenge pages
        Row(
            "web_challenge_complete",
            _ios_button("(label == 'COMPLETE AUTHENTICATION' OR label == 'Complete Authentication')"),
        ),
        Row(
            "web_challenge_fail",
            _ios_button("(label == 'FAIL AUTHENTICATION' OR label == 'Fail Authentication')"),
            note="inferred: the test page's fail button, as on the web",
        ),
        # Apple Pay: the sheet's button, then the simulator's Apple Pay sheet
        Row("apple_pay_button", Locator(A11Y, "apple_pay_button")),
        Row("apple_pay_change_method", _ios_button("label == 'Change Payment Method'")),  # iOS >= 26
        # The card's label ends in masked digits whose characters vary: matched by its start.
        Row("apple_pay_card", Locator(PREDICATE, "label BEGINSWITH 'Simulated Card - AmEx'")),
        Row("apple_pay_confirm", _ios_button("label == 'Pay with Passcode'")),
        Row("apple_pay_prompt", Locator(PREDICATE, "label == 'Add Billing Address' OR label == 'Add Email Address'")),
    ],
)

ANDROID = LocatorTable(
    Platform.ANDROID,
    [
        # The card form
        Row("card_section", _text("Card information")),
        Row("card_tab", _text("Card"), note="inferred: the payment method tab's text"),
        Row("card_number", _compose_field("Card number")),
        Row("expiry", _compose_field("MM / YY"), before("20.49.0")),
        Row("expiry", Locator(A11Y, "Expiration date"), since("21.12.0")),
        Row("cvc", _compose_field("CVC"), note="inferred: the CVC field's label"),
        Row("postal_code", _compose_field("ZIP Code", "Postal code"), note="inferred: Stripe's address labels"),
        Row("country", _text("Country or region"), note="inferred: Stripe's address label"),
        Row(
            "country_option",
            Locator(
                UIA,
                'new UiScrollable(new UiSelector().scrollable(true)).scrollIntoView(new UiSelector().text("{text}"))',
            ),
            note="inferred: the country menu is a scrollable list of country names",
        ),
        # The primary button
        Row("primary_button", _tag("{package}:id/primary_button"), before("20.53.0")),
        Row(
            "primary_button",
            None,
            between("20.53.0", "21.0.2"),
            note="the primary button is invisible to Appium in these versions (an SDK bug): use another version",
        ),
        Row("primary_button", _tag("PRIMARY_BUTTON"), since("21.0.2"), hint=TAG_HINT),
        Row("close", _text("Close")),
        Row("error", _tag("PAYMENT_SHEET_ERROR"), hint=TAG_HINT),
        # The native 3DS2 challenge
        Row("challenge_header", _res("czv_header")),
        Row("challenge_info", _res("czv_info")),
        Row("challenge_entry_view", _res("czv_entry_view")),
        Row("challenge_code", _res("text_entry")),
        Row("challenge_submit", _res("czv_submit_button")),
        Row("challenge_resend", _res("czv_resend_button")),
        # The web-view challenge ("3D Secure 2 Test Page") and the browser test pages
        Row("web_challenge_complete", _text("COMPLETE")),
        Row("web_challenge_fail", _text("FAIL"), note="inferred: the test page's fail button, as on the web"),
        Row("browser_authorize_setup", _text("AUTHORIZE TEST SETUP")),
        Row("browser_fail_setup", _text("FAIL TEST SETUP"), note="inferred: the setup page's fail button"),
        Row("browser_authorize_payment", _text("AUTHORIZE TEST PAYMENT")),
        Row("browser_fail_payment", _text("FAIL TEST PAYMENT")),
        # Google Pay: the sheet's button, then Google's sheet
        Row("google_pay_button", _tag("google-pay-button"), hint=TAG_HINT),
        Row(
            "google_pay_continue",
            Locator(UIA, f'new UiSelector().packageName("{GOOGLE_PAY_PACKAGE}").text("Continue")'),
        ),
    ],
)

TABLES = {Platform.IOS: IOS, Platform.ANDROID: ANDROID}


def table_for(platform: Platform) -> LocatorTable:
    return TABLES[platform]
