"""Stripe Elements as a user sees them: the card form inside Stripe's iframe.

One page object for both elements: the visible `iframe[name^="__privateStripeFrame"]` titled
"Secure payment input frame" (Payment Element: `number`, `expiry`, `cvc`, a "Card" tab and a country
select) or "Secure card payment input frame" (legacy Card Element: `cardnumber`, `exp-date`, `cvc`,
`postal`). Stripe.js also adds hidden frames with the same name prefix (and sometimes the same title),
so only a visible frame counts. These locators are Stripe's (docs/reference.md#stripe-elements) and live here
only; they hold for the sandbox's stand-in and for real Stripe.js v3.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from playwright.sync_api import FrameLocator, Locator, Page, expect

from connect_cert.fixtures.cards import TEST_CVC, TEST_EXP_MONTH, TEST_EXP_YEAR, TestCard

STRIPE_FRAME = 'iframe[name^="__privateStripeFrame"]'
PAYMENT_FRAME_TITLE = "Secure payment input frame"
CARD_FRAME_TITLE = "Secure card payment input frame"
CARD_TAB = "Card"
WALLET_TABS = {"apple_pay": "Apple Pay", "google_pay": "Google Pay"}


class ElementKind(StrEnum):
    PAYMENT = "payment"  # Payment Element, confirmSetup / confirmPayment
    CARD = "card"  # legacy Card Element, confirmCardSetup / confirmCardPayment


@dataclass(frozen=True)
class Fields:
    number: str
    expiry: str
    cvc: str
    postal: str
    country: str | None
    error: str  # a field error shown inside the frame


FIELDS = {
    ElementKind.PAYMENT: Fields(
        '[name="number"]',
        '[name="expiry"]',
        '[name="cvc"]',
        '[name="postalCode"]',
        'select[name="country"]',
        ".p-FieldError",
    ),
    ElementKind.CARD: Fields(
        '[name="cardnumber"]', '[name="exp-date"]', '[name="cvc"]', '[name="postal"]', None, '[role="alert"]'
    ),
}
TITLES = {ElementKind.PAYMENT: PAYMENT_FRAME_TITLE, ElementKind.CARD: CARD_FRAME_TITLE}


@dataclass(frozen=True)
class CardEntry:
    """What the user types: a published test card, a future expiry, any CVC, a billing country."""

    number: str
    expiry: str
    cvc: str
    country: str = "DE"
    postal_code: str = "10115"

    @classmethod
    def of(cls, card: TestCard, *, country: str = "DE", postal_code: str = "10115") -> CardEntry:
        return cls(card.number, f"{TEST_EXP_MONTH:02d}{TEST_EXP_YEAR % 100:02d}", TEST_CVC, country, postal_code)


class StripeElements:
    """The card form of Stripe Elements on the current page, whichever element the app mounted."""

    def __init__(self, page: Page, *, timeout_ms: float = 15_000) -> None:
        self.page = page
        self.timeout_ms = timeout_ms

    def frame_element(self, kind: ElementKind | None = None) -> Locator:
        kinds = [kind] if kind else list(ElementKind)
        selector = ", ".join(f'{STRIPE_FRAME}[title="{TITLES[k]}"]' for k in kinds)
        return self.page.locator(selector).filter(visible=True).first

    def frame(self, kind: ElementKind) -> FrameLocator:
        return self.frame_element(kind).content_frame

    def wait_ready(self) -> ElementKind:
        """Wait until a card form is shown and editable; tells which element it is."""
        frame_element = self.frame_element()
        expect(frame_element).to_be_visible(timeout=self.timeout_ms)
        kind = ElementKind.PAYMENT if frame_element.get_attribute("title") == PAYMENT_FRAME_TITLE else ElementKind.CARD
        expect(self.frame(kind).locator(FIELDS[kind].number)).to_be_editable(timeout=self.timeout_ms)
        return kind

    def tabs(self, kind: ElementKind = ElementKind.PAYMENT) -> Locator:
        return self.frame(kind).get_by_role("tab")

    def offered_methods(self) -> list[str]:
        """The payment methods the element offers (its tab labels; a lone card form offers "Card")."""
        kind = self.wait_ready()
        if kind is ElementKind.CARD or self.tabs().count() == 0:
            return [CARD_TAB]
        return [label.strip() for label in self.tabs().all_inner_texts()]

    def wallet(self, wallet: str) -> Locator:
        """The Apple Pay / Google Pay choice inside the Payment Element (`apple_pay`, `google_pay`)."""
        return self.frame(ElementKind.PAYMENT).get_by_role("tab", name=WALLET_TABS[wallet])

    def fill(self, entry: CardEntry) -> ElementKind:
        kind = self.wait_ready()
        frame, fields = self.frame(kind), FIELDS[kind]
        if kind is ElementKind.PAYMENT:
            card_tab = frame.get_by_role("tab", name=CARD_TAB, exact=True)
            if card_tab.count():  # with only cards enabled, Stripe shows the form without tabs
                card_tab.click()
        frame.locator(fields.number).fill(entry.number)
        frame.locator(fields.expiry).fill(entry.expiry)
        frame.locator(fields.cvc).fill(entry.cvc)
        if fields.country and frame.locator(fields.country).is_visible():
            frame.locator(fields.country).select_option(entry.country)
        if frame.locator(fields.postal).is_visible():  # asked for some countries only
            frame.locator(fields.postal).fill(entry.postal_code)
        return kind

    def field_errors(self, kind: ElementKind) -> Locator:
        return self.frame(kind).locator(FIELDS[kind].error).filter(visible=True)
