"""Stripe's 3DS test challenge: "Complete" or "Fail".

Two ways it shows up, both handled here:
- in Stripe.js's overlay (next_action `use_stripe_sdk`): an outer `__privateStripeFrame` holding the
  inner `iframe[name="stripe-challenge-frame"]` with the test page;
- as a page of its own (next_action `redirect_to_url`): the browser left the app for the test page and
  comes back to the app's return_url afterwards.
Button labels changed over Stripe's versions: "Complete"/"Fail", earlier "Complete authentication"/
"Fail authentication", with the ids `test-source-authorize-3ds` / `test-source-fail-3ds`.
"""

from __future__ import annotations

import re

from playwright.sync_api import FrameLocator, Locator, Page, expect

from connect_cert.fixtures.cards import Challenge
from connect_cert.harness.web.stripe_elements import STRIPE_FRAME

CHALLENGE_HEADING = "3D Secure 2 Test Page"
OVERLAY = f'{STRIPE_FRAME}[src*="three-ds-2-challenge"]'
CHALLENGE_FRAME = 'iframe[name="stripe-challenge-frame"]'
BUTTON_LABELS = {
    Challenge.COMPLETE: ("Complete", "Complete authentication"),
    Challenge.FAIL: ("Fail", "Fail authentication"),
}
BUTTON_IDS = {Challenge.COMPLETE: "#test-source-authorize-3ds", Challenge.FAIL: "#test-source-fail-3ds"}


class ChallengeNotShown(AssertionError):
    """No 3DS challenge appeared within the bound."""


class ThreeDSChallenge:
    def __init__(self, page: Page, *, timeout_ms: float = 15_000) -> None:
        self.page = page
        self.timeout_ms = timeout_ms

    def overlay(self) -> Locator:
        return self.page.locator(OVERLAY)

    def redirect_page(self) -> Locator:
        return self.page.get_by_role("heading", name=CHALLENGE_HEADING)

    def shown(self) -> Locator:
        """The challenge in either form, as one locator of the top frame."""
        return self.overlay().or_(self.redirect_page()).filter(visible=True).first

    def is_open(self) -> bool:
        return self.shown().is_visible()

    def wait_shown(self, instead: Locator | None = None) -> Page | FrameLocator:
        """Wait for the challenge, or for `instead` (e.g. the app's error message); answers where its buttons are."""
        awaited = self.shown() if instead is None else self.shown().or_(instead.filter(visible=True)).first
        try:
            expect(awaited).to_be_visible(timeout=self.timeout_ms)
        except AssertionError:
            raise ChallengeNotShown(f"no 3DS challenge within {self.timeout_ms / 1000:.0f} s") from None
        if not self.shown().count():
            raise ChallengeNotShown("no 3DS challenge: the app answered without one")
        if self.redirect_page().is_visible():
            return self.page
        return self.overlay().content_frame.locator(CHALLENGE_FRAME).content_frame

    def button(self, where: Page | FrameLocator, answer: Challenge) -> Locator:
        labels = "|".join(re.escape(label) for label in BUTTON_LABELS[answer])
        by_label = where.get_by_role("button", name=re.compile(rf"^\s*({labels})\s*$", re.IGNORECASE))
        return by_label.or_(where.locator(BUTTON_IDS[answer])).first

    def answer(self, answer: Challenge, instead: Locator | None = None) -> None:
        """Press Complete or Fail once the challenge shows; stop early if `instead` shows first."""
        where = self.wait_shown(instead)
        self.button(where, answer).click(timeout=self.timeout_ms)
