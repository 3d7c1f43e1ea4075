"""Voltstrom described in Python: the same app as certification.yaml's selectors, written against the adapter API.

    apps:
      web:
        adapter: voltstrom_adapter.py:Voltstrom   # next to certification.yaml

Every step waits within `self.timeout_ms`; Stripe's card form and 3DS challenge are the harness's to drive.
"""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from connect_cert.harness.adapters import AddCard, AppUser, PartnerApp, PayDebt


class Voltstrom(PartnerApp):
    adapter_api = 1

    def open(self) -> None:
        self.page.goto(self.url)
        expect(self.page.locator("body[data-ready=true]")).to_be_attached(timeout=self.timeout_ms)

    def sign_in(self, user: AppUser) -> None:
        self.page.get_by_role("textbox", name="Email").fill(user.value("email"))
        self.page.locator("input[name=password]").fill(user.value("password"))
        self.page.get_by_role("button", name="Continue").click()
        expect(self.page.get_by_text("Signed in as")).to_be_visible(timeout=self.timeout_ms)

    def connect_user_id(self) -> str:
        """The debug build (server.py --debug) shows the Connect user id: for `binding: app`."""
        return self.page.locator("#connect-user").inner_text(timeout=self.timeout_ms).strip()

    def log_out(self) -> None:
        self.page.get_by_role("button", name="Log out").click()
        expect(self.page.get_by_text("Signed in as")).to_be_hidden(timeout=self.timeout_ms)

    # cards: "My cards" is a tab; the list and the form live in it
    def show_payment_methods(self) -> None:
        self.page.get_by_role("tab", name="My cards").click()

    def open_add_payment_method(self, scenario: AddCard | None = None) -> None:
        self.show_payment_methods()
        add = self.page.get_by_role("button", name="Add a card")
        if add.is_visible():
            add.click()

    def submit_payment_method(self, scenario: AddCard | None = None) -> None:
        self.page.get_by_role("button", name="Save card").click()

    def payment_methods(self) -> Locator:
        return self.page.get_by_role("list", name="Saved cards").get_by_role("listitem")

    def default_marker(self, last4: str) -> Locator:
        return self.payment_method(last4).get_by_text("Default")

    def no_payment_methods(self) -> Locator:
        return self.page.get_by_text("No cards yet.")

    # what the app says after an action
    def success_message(self) -> Locator:
        return self.page.locator(".notice--ok")

    def error_message(self) -> Locator:
        return self.page.locator(".notice--error")

    # open payments (charging debts): Voltstrom pays with the default card; the flow answers the 3DS
    # challenge `scenario.three_ds` asks for
    def open_debts(self) -> None:
        self.page.get_by_role("tab", name="Open payments").click()

    def debts(self) -> Locator:
        return self.page.get_by_role("list", name="Open payments").get_by_role("listitem")

    def pay_debt(self, scenario: PayDebt) -> None:
        self.debts().first.get_by_role("button", name="Pay now").click()

    def no_debts(self) -> Locator:
        return self.page.get_by_text("Nothing to pay.")
