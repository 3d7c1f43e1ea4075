"""The parts of PaymentSheet both platforms share: the card form, the primary button, the error slot,
the 3DS challenges, and the sheet that holds them. Platform modules add their quirks and wallets.

Locators come only from the platform's table (`selectors.py`) through `Locators`; flows call these
methods and never a raw locator.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from connect_cert.devices.paymentsheet.elements import DEFAULT_TIMEOUT, DriverLike, Element, first_shown, label_of
from connect_cert.devices.paymentsheet.locators import Locators
from connect_cert.devices.paymentsheet.selectors import CHALLENGE_OTP
from connect_cert.fixtures.cards import Challenge
from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.web.stripe_elements import CardEntry

SET_UP = "Set up"  # the primary button in setup mode
PAY_PREFIX = "Pay "  # the primary button in payment mode: "Pay €9.73"
WRONG_OTP = "000000"  # any code but the test one: assumed to fail Stripe's test 3DS2 challenge


class SheetMode(StrEnum):
    SETUP = "setup"  # opened with a SetupIntent secret: saves a payment method
    PAYMENT = "payment"  # opened with a PaymentIntent secret: pays


class DeviceNotReady(Exception):
    """The device cannot run this step (a wallet asking for data it lacks): the test is broken, not failed."""


class Screen:
    """A part of the sheet: it makes its elements from the platform's locators, with one timeout."""

    def __init__(self, driver: DriverLike, locators: Locators, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.driver = driver
        self.locators = locators
        self.timeout = timeout

    def element(self, key: str, *, text: str | None = None) -> Element:
        locator = self.locators[key].bind(text=text)
        if not locator.is_bound:
            raise ConfigError(
                f"{self.locators.platform.label} PaymentSheet {key}: {locator.value} needs the app package "
                "(give app_package in the device entry)"
            )
        label = key.replace("_", " ") + (f" {text!r}" if text else "")
        return Element(
            self.driver,
            locator,
            f"{self.locators.platform.label} PaymentSheet {label}",
            timeout=self.timeout,
            hint=self.locators.hint(key),
        )

    def shown_optional(self, key: str) -> Element | None:
        """The element when it is on screen now (for elements the sheet shows only sometimes)."""
        element = self.element(key)
        return element if element.is_shown() else None


class CardForm(Screen):
    """Card number, expiry, CVC and, where the billing country asks for it, the postal code."""

    ready_key = "card_number"

    def wait_ready(self) -> None:
        self.element(self.ready_key).wait()

    def fill(self, entry: CardEntry) -> None:
        self.wait_ready()
        tab = self.shown_optional("card_tab")  # with cards only, the sheet shows the form without tabs
        if tab is not None:
            tab.tap()
        self.element("card_number").type(entry.number)
        self.element("expiry").type(entry.expiry)
        self.element("cvc").type(entry.cvc)
        postal = self.shown_optional("postal_code")  # asked for some countries only
        if postal is not None:
            postal.type(entry.postal_code)
        self.after_typing()

    def after_typing(self) -> None:
        """What the platform needs once the fields are typed (iOS: dismiss the keyboard)."""


class PrimaryButton(Screen):
    """ "Set up" in setup mode, "Pay <amount>" in payment mode; enabled once the form is complete."""

    @property
    def button(self) -> Element:
        return self.element("primary_button")

    def label(self) -> str:
        return self.button.text()

    def mode(self) -> SheetMode:
        label = self.label()
        if label == SET_UP:
            return SheetMode.SETUP
        if label.startswith(PAY_PREFIX):
            return SheetMode.PAYMENT
        raise AssertionError(f"the primary button reads {label!r}: neither {SET_UP!r} nor {PAY_PREFIX!r}…")

    def tap_set_up(self) -> None:
        button = self.button
        button.wait_text(lambda label: label == SET_UP, repr(SET_UP))
        button.tap()

    def tap_pay(self, amount: str | None = None) -> str:
        """Tap "Pay …" (checking the amount shown, such as "€9.73", when given); returns the label."""
        expected = f"{PAY_PREFIX}{amount}" if amount else f"{PAY_PREFIX}…"
        button = self.button
        label = button.wait_text(
            lambda text: text.startswith(PAY_PREFIX) and (amount is None or text == f"{PAY_PREFIX}{amount}"),
            repr(expected),
        )
        button.tap()
        return label


class ErrorSlot(Screen):
    """Where the sheet shows a decline or a failed authentication."""

    @property
    def slot(self) -> Element:
        return self.element("error")

    def wait_message(self, timeout: float | None = None) -> str:
        return self.slot.wait_text(bool, "an error message", timeout)

    def message(self) -> str | None:
        """The message shown now, or None."""
        shown = self.slot.shown()
        return label_of(shown) if shown is not None else None


class NativeChallenge(Screen):
    """The SDK's own 3DS2 challenge (a one-time code and Submit)."""

    def is_shown(self) -> bool:
        return self.element("challenge_code").is_shown()

    def answer(self, challenge: Challenge) -> None:
        self.element("challenge_code").type(CHALLENGE_OTP if challenge is Challenge.COMPLETE else WRONG_OTP)
        submit = self.element("challenge_submit")
        submit.tap()
        submit.wait_gone()


class WebChallenge(Screen):
    """A challenge page in a web view or browser: one button completes, another fails."""

    complete_keys: Sequence[str] = ("web_challenge_complete",)
    fail_keys: Sequence[str] = ("web_challenge_fail",)

    def buttons(self, challenge: Challenge) -> list[Element]:
        keys = self.complete_keys if challenge is Challenge.COMPLETE else self.fail_keys
        return [self.element(key) for key in keys]

    def is_shown(self) -> bool:
        return any(button.is_shown() for button in self.buttons(Challenge.COMPLETE))

    def answer(self, challenge: Challenge) -> None:
        button = first_shown(self.buttons(challenge), timeout=self.timeout, what=f"the 3DS test page's {challenge}")
        button.tap()
        button.wait_gone()


class PaymentSheet(Screen):
    """The sheet as a whole; `ios.IosPaymentSheet` and `android.AndroidPaymentSheet` add the wallets."""

    card_form_type: type[CardForm] = CardForm
    web_challenge_type: type[WebChallenge] = WebChallenge

    def __init__(self, driver: DriverLike, locators: Locators, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(driver, locators, timeout=timeout)
        self.card_form = self.card_form_type(driver, locators, timeout=timeout)
        self.primary_button = PrimaryButton(driver, locators, timeout=timeout)
        self.error = ErrorSlot(driver, locators, timeout=timeout)
        self.native_challenge = NativeChallenge(driver, locators, timeout=timeout)
        self.web_challenge = self.web_challenge_type(driver, locators, timeout=timeout)

    def wait_open(self) -> SheetMode:
        """Wait for the sheet and tell its mode (from the primary button's label)."""
        self.primary_button.button.wait()
        return self.primary_button.mode()

    def close(self) -> None:
        close = self.element("close")
        close.tap()
        close.wait_gone()

    def add_card(self, entry: CardEntry) -> None:
        """Setup mode: type the card and tap "Set up" (a challenge, if any, follows)."""
        self.card_form.fill(entry)
        self.primary_button.tap_set_up()

    def pay_with_card(self, entry: CardEntry, amount: str | None = None) -> str:
        """Payment mode: type the card and tap "Pay …"; returns the button's label."""
        self.card_form.fill(entry)
        return self.primary_button.tap_pay(amount)

    def answer_challenge(self, challenge: Challenge) -> str:
        """Answer whichever 3DS challenge appears, native or web; returns "native" or "web"."""
        native = self.element("challenge_code")
        web = self.web_challenge.buttons(Challenge.COMPLETE)
        shown = first_shown([native, *web], timeout=self.timeout, what="a 3DS challenge")
        if shown is native:
            self.native_challenge.answer(challenge)
            return "native"
        self.web_challenge.answer(challenge)
        return "web"

    def wait_closed(self, timeout: float | None = None) -> None:
        """The sheet is gone (after a success, or once closed)."""
        self.primary_button.button.wait_gone(timeout)
