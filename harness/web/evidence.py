"""Evidence of a web flow: an Allure step per user action, each closed by a screenshot of the page.

Screenshots cannot be redacted, so the pages keep secrets off screen: the reference client's token field
is a password field, and only Stripe's published test numbers are ever typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from connect_cert.harness.reports.allure import attach_png, step

SCREENSHOT_TIMEOUT_MS = 5_000


class Evidence:
    def __init__(self, page: Page, *, screenshots: bool = True) -> None:
        self.page = page
        self.screenshots = screenshots
        self.count = 0

    @contextmanager
    def step(self, title: str, **params: Any) -> Iterator[None]:
        """`with evidence.step("type the card", card="…4242"):` an Allure step ending in a screenshot."""
        with step(title, **params):
            try:
                yield
            finally:
                self.screenshot(title)

    def screenshot(self, name: str) -> None:
        if not self.screenshots or self.page.is_closed():
            return
        try:
            png = self.page.screenshot(
                timeout=SCREENSHOT_TIMEOUT_MS, animations="disabled", caret="initial", scale="css"
            )
        except PlaywrightError:
            return  # evidence must never hide the finding it documents
        self.count += 1
        attach_png(f"{self.count:02d} {name}", png)
