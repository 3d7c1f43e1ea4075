"""Android PaymentSheet (UiAutomator2): the Compose card form, the challenge pages and Google Pay.

Quirks handled here (docs/reference.md#payment-sheet-android): the expiry field and the primary button
changed with the SDK version (the table picks the right locator; stripe-android 20.53.0–21.0.1 hid the
primary button from Appium, so those versions are refused up front); Compose text fields are found
through their label child; Compose test tags are visible only with `testTagsAsResourceId` (a wait that
fails says so); the Google Pay sheet is another app (com.google.android.gms), which UiAutomator2 sees
without a switch.
"""

from __future__ import annotations

from connect_cert.devices.paymentsheet.elements import DEFAULT_TIMEOUT, DriverLike
from connect_cert.devices.paymentsheet.locators import Locators
from connect_cert.devices.paymentsheet.sheet import CardForm, PaymentSheet, Screen, WebChallenge


class AndroidCardForm(CardForm):
    ready_key = "card_section"

    def select_country(self, name: str) -> None:
        """Choose the billing country by its name in the menu ("Germany"); the menu scrolls to it."""
        self.element("country").tap()
        option = self.element("country_option", text=name)
        option.tap()
        option.wait_gone()


class AndroidWebChallenge(WebChallenge):
    """The 3D Secure 2 test page in a web view, or Stripe's browser test pages for setup and payment."""

    complete_keys = ("web_challenge_complete", "browser_authorize_setup", "browser_authorize_payment")
    fail_keys = ("web_challenge_fail", "browser_fail_setup", "browser_fail_payment")


class GooglePay(Screen):
    """The sheet's Google Pay button, then Google's sheet ("Continue")."""

    def is_offered(self) -> bool:
        return self.element("google_pay_button").is_shown()

    def pay(self) -> None:
        self.element("google_pay_button").tap()
        proceed = self.element("google_pay_continue")
        proceed.tap()
        proceed.wait_gone()


class AndroidPaymentSheet(PaymentSheet):
    card_form_type = AndroidCardForm
    web_challenge_type = AndroidWebChallenge
    card_form: AndroidCardForm

    def __init__(self, driver: DriverLike, locators: Locators, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(driver, locators, timeout=timeout)
        self.google_pay = GooglePay(driver, locators, timeout=timeout)
