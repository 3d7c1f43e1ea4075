"""Pages for the Stripe.js stand-in's own tests: a blank page of the sandbox's origin that loads the stand-in,
and the split card Elements (cardNumber, cardExpiry, cardCvc), which the web suite's page objects do not
drive. Their frame titles are Stripe.js's."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from connect_cert.harness.web.stripe_elements import STRIPE_FRAME, CardEntry

PROBE_PATH = "/stand-in-probe.html"
PROBE_PAGE = (
    '<!doctype html><html><head><script src="/stripe-js/v3/"></script></head><body>'
    '<div id="one"></div><div id="two"></div><div id="three"></div></body></html>'
)
SPLIT_TITLES = {
    "number": "Secure card number input frame",
    "expiry": "Secure expiration date input frame",
    "cvc": "Secure CVC input frame",
}


def open_probe(page: Page, origin: str) -> Page:
    """Load the probe page (three empty mount points) and wait for `window.Stripe`."""
    page.route(f"{origin}{PROBE_PATH}", lambda route: route.fulfill(body=PROBE_PAGE, content_type="text/html"))
    page.goto(f"{origin}{PROBE_PATH}")
    page.wait_for_function("() => typeof window.Stripe === 'function'")
    return page


class SplitCardFields:
    """The three split card Elements, each its own frame with one input."""

    def __init__(self, page: Page, *, timeout_ms: float = 15_000) -> None:
        self.page = page
        self.timeout_ms = timeout_ms

    def field(self, which: str) -> Locator:
        frame = self.page.locator(f'{STRIPE_FRAME}[title="{SPLIT_TITLES[which]}"]').filter(visible=True).first
        return frame.content_frame.locator("input")

    def fill(self, entry: CardEntry, *, cvc: bool = True) -> None:
        fields = {"number": entry.number, "expiry": entry.expiry, **({"cvc": entry.cvc} if cvc else {})}
        for which, value in fields.items():
            expect(self.field(which)).to_be_editable(timeout=self.timeout_ms)
            self.field(which).fill(value)
