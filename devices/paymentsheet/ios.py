"""iOS PaymentSheet (XCUITest): the card form's keyboard and country picker, and Apple Pay.

Quirks handled here (docs/reference.md#payment-sheet-ios, docs/reference.md#wallets):
- the keyboard toolbar's "Done" (shown after the card fields and by the country picker) is tapped so the
  primary button is not hidden behind the keyboard;
- the simulator's Apple Pay sheet runs outside the app (com.apple.PassbookUIService): with
  xcuitest-driver >= 6 its elements are reachable only with `defaultActiveApplication` set to
  com.apple.springboard, so the wallet steps switch it and switch back;
- on iOS >= 26 the Apple Pay sheet needs "Change Payment Method" before the card can be chosen, and it
  may ask for a billing or email address, which a prepared simulator never does: that is DeviceNotReady.
"""

from __future__ import annotations

from connect_cert.devices.paymentsheet.elements import DEFAULT_TIMEOUT, DriverLike, active_application, first_shown
from connect_cert.devices.paymentsheet.locators import Locators
from connect_cert.devices.paymentsheet.selectors import SPRINGBOARD
from connect_cert.devices.paymentsheet.sheet import CardForm, DeviceNotReady, PaymentSheet, Screen

CHANGE_METHOD_SINCE_IOS = 26


class IosCardForm(CardForm):
    def after_typing(self) -> None:
        done = self.shown_optional("keyboard_done")
        if done is not None:
            done.tap()

    def select_country(self, name: str) -> None:
        """Choose the billing country by its name as the picker lists it ("Germany")."""
        self.element("country").tap()
        self.element("country_picker").wait().send_keys(name)
        self.element("keyboard_done").tap()

    def country(self) -> str:
        return self.element("country").text()


class ApplePay(Screen):
    """The sheet's Apple Pay button, then the simulator's Apple Pay sheet (its test AmEx card)."""

    def __init__(
        self, driver: DriverLike, locators: Locators, *, os_version: str, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        super().__init__(driver, locators, timeout=timeout)
        self.os_major = int(os_version.split(".")[0])

    def is_offered(self) -> bool:
        return self.element("apple_pay_button").is_shown()

    def pay(self) -> None:
        """Tap Apple Pay, choose the simulated card and confirm "Pay with Passcode"."""
        self.element("apple_pay_button").tap()
        with active_application(self.driver, SPRINGBOARD):
            if self.os_major >= CHANGE_METHOD_SINCE_IOS:
                self.element("apple_pay_change_method").tap()
            self.element("apple_pay_card").tap()
            confirm = self.element("apple_pay_confirm")
            prompt = self.element("apple_pay_prompt")
            shown = first_shown([prompt, confirm], timeout=self.timeout, what="the Apple Pay sheet's next step")
            if shown is prompt:
                raise DeviceNotReady(
                    f"the simulator's Apple Pay sheet asks to {prompt.text()!r}: add a billing and an email "
                    "address to the simulator's Wallet card (Settings > Wallet & Apple Pay), then run again"
                )
            confirm.tap()
            confirm.wait_gone()


class IosPaymentSheet(PaymentSheet):
    card_form_type = IosCardForm
    card_form: IosCardForm

    def __init__(
        self, driver: DriverLike, locators: Locators, *, os_version: str, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        super().__init__(driver, locators, timeout=timeout)
        self.apple_pay = ApplePay(driver, locators, os_version=os_version, timeout=timeout)
