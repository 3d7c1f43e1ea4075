"""The device flows: the partner app's navigation and Stripe's PaymentSheet, then the Connect API must agree.

A flow that goes wrong raises `FlowFailure` ("Flow failed: <flow> / Expected: … / Received: …", as on the
web); a device that goes away raises `DeviceUnavailable` (broken, not failed); a step the app does not
declare makes the flow not applicable. The app's Connect user is found as the partner config's binding says
(`connect_cert.harness.binding`), and before any negative check ("nothing attached", "the next user sees
nothing") a flow proves it watches that user: where the app's requests can be seen (the stand-in) the
intents the sheet confirmed must be ones the Connect API issued for that user (the sandbox says whose an
intent is); elsewhere a card saved in the app (the positive control) must appear on that user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from selenium.common.exceptions import WebDriverException

from connect_cert.devices.matrix import Device
from connect_cert.devices.paymentsheet import AndroidPaymentSheet, DeviceNotReady, IosPaymentSheet, SheetMode
from connect_cert.fixtures.cards import Challenge
from connect_cert.harness.binding import AppUser, BindingKind, UserBinder, UserNotBound
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.mobile.evidence import MobileEvidence
from connect_cert.harness.mobile.partner_app import MobileApp
from connect_cert.harness.mobile.scenarios import AddWallet, OpenSheet
from connect_cert.harness.mobile.sessions import SESSION_GONE, DeviceUnavailable, first_line
from connect_cert.harness.mobile.stand_in import StandInDriver
from connect_cert.harness.reports.allure import (
    attach_json,
    attach_text,
    card_parameter,
    not_applicable,
    three_ds_parameter,
)
from connect_cert.harness.waits import wait_for
from connect_cert.harness.web.flows import CONTROL_CARDS, POSITIVE_CONTROL, FlowFailure
from connect_cert.harness.web.partner_app import StepNotDeclared
from connect_cert.harness.web.scenarios import AddCard, Logout, PayDebt, StartWithPreauthorization
from connect_cert.harness.web.stripe_elements import CardEntry

T = TypeVar("T")
PAGE_SIZE = 100
CURRENCY_SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£"}
PRIMARY_AFTER_FORM_S = 3.0  # the primary button shows with the card form; a sheet without one is in no mode
COMPLETED = "completed"
ERROR = "error"


@dataclass(frozen=True)
class SheetResult:
    """How a sheet ended and what the Connect API lists since."""

    outcome: str  # completed (the sheet closed) or error (the sheet shows an error)
    message: str | None
    added: list[dict[str, Any]]
    confirmed: list[tuple[str, str]] | None = None  # (setup_intents|payment_intents, id); None: not observable


@dataclass
class RequestWatch:
    """Which intents the app confirmed: the stand-in's own record of its requests (never their bodies)."""

    driver: StandInDriver

    def mark(self) -> int:
        return self.driver.request_count()

    def confirmed(self, since: int) -> list[tuple[str, str]]:
        return self.driver.confirmed_intents(since)


def _amount_label(amount: Any, currency: Any) -> str | None:
    """The amount as the sheet's button shows it on an English device: "€12.34" for 12.34 EUR."""
    symbol = CURRENCY_SYMBOLS.get(str(currency).lower())
    try:
        value = f"{float(amount):.2f}"
    except (TypeError, ValueError):
        return None
    return f"{symbol}{value}" if symbol else None


@dataclass
class MobileFlows:
    """Drives the partner app and PaymentSheet on one device; checks the Connect API afterwards."""

    app: MobileApp
    sheet: IosPaymentSheet | AndroidPaymentSheet
    device: Device
    connect: ConnectClient
    evidence: MobileEvidence
    binder: UserBinder
    watch: RequestWatch | None = None  # the app's requests, where they can be seen (the stand-in)
    timeout: float = 15.0
    _parameters_set: bool = field(default=False, init=False)
    _session: int = field(default=0, init=False)  # the app's requests before the current sign-in

    # --- helpers ------------------------------------------------------------------------------------
    @contextmanager
    def _device(self) -> Iterator[None]:
        """A session that dies or a device that cannot do a step is the environment's, not a finding."""
        try:
            yield
        except DeviceNotReady as exc:
            raise DeviceUnavailable(f"{self.device.id}: {exc}") from None
        except SESSION_GONE as exc:
            raise DeviceUnavailable(f"{self.device.id}: the Appium session was lost: {first_line(exc)}") from None

    def _ui(self, flow: str, expected: str, check: Callable[[], T]) -> T:
        """A UI step or expectation of the flow; a failed one becomes a finding naming the flow."""
        try:
            with self._device():
                return check()
        except FlowFailure:
            raise
        except StepNotDeclared as exc:
            not_applicable(f"the app declares no {exc} step, which {flow!r} needs")
        except AssertionError as exc:
            raise FlowFailure(flow, expected, str(exc).strip().splitlines()[0][:300]) from None
        except WebDriverException as exc:  # the app kept the user from the element (covered, not interactable)
            raise FlowFailure(flow, expected, first_line(exc)) from None

    def _do(self, flow: str, title: str, action: Callable[[], T], **params: Any) -> T:
        """One user action as an evidence step; the app not letting the user do it is a finding."""
        with self.evidence.step(title, **params):
            return self._ui(flow, f"the app lets the user {title}", action)

    def _wait(self, flow: str, expected: str, probe: Callable[[], T | None]) -> T:
        return self._ui(flow, expected, lambda: wait_for(probe, timeout=self.timeout, interval=0.25, what=expected))

    def _methods(self, user: AppUser) -> list[dict[str, Any]]:
        if user.bound is None:
            return []
        return list(self.connect.list_payment_methods(user.id, page_size=PAGE_SIZE).expect(200)["results"])

    def _debts(self, user: AppUser) -> list[dict[str, Any]]:
        return list(self.connect.list_debts(user.id, page_size=PAGE_SIZE).expect(200)["results"])

    def _parameters(self, card: Any, three_ds: Challenge | None) -> None:
        if not self._parameters_set:  # the test's first card and 3DS answer tell runs of a test apart
            card_parameter(card)
            three_ds_parameter(three_ds or "none")
            self._parameters_set = True

    def _mark(self) -> int | None:
        if self.watch is None:
            return None
        with self._device():
            return self.watch.mark()

    def _confirmed(self, since: int | None) -> list[tuple[str, str]] | None:
        """(kind, id) of the intents the app confirmed since `since`; None where that cannot be seen."""
        if self.watch is None or since is None:
            return None
        with self._device():
            return self.watch.confirmed(since)

    # --- the app's user -------------------------------------------------------------------------------
    def _bind(self, user: AppUser, flow: str) -> None:
        """Find the app's Connect user as the binding says (`injected` is bound already, `discovery` later)."""
        finders: dict[BindingKind, Callable[[], object]] = {
            BindingKind.EMAIL: lambda: self.binder.bind_by_email(user),
            BindingKind.APP: lambda: self.binder.bind_shown(user, self._shown_user_id(flow)),
        }
        find = finders.get(self.binder.kind)
        if user.bound is None and find is not None:
            with self.evidence.step("find the app's Connect user", binding=self.binder.kind.value):
                find()
        bound = user.bound
        if bound is not None:
            attach_text("the app's Connect user", f"{bound.id}: bound {bound.how.value}, {bound.detail}")

    def _shown_user_id(self, flow: str) -> str:
        try:
            return self._ui(flow, "the Connect user id the app shows", self.app.connect_user_id)
        except FlowFailure as exc:
            raise UserNotBound(f"the app shows no Connect user id: {exc.received}") from None

    def _prove(self, user: AppUser, flow: str) -> None:
        """Show the harness watches the app's user in this session, before a negative check passes."""
        if user.proof is not None:
            return
        if user.bound is not None:
            confirmed = self._confirmed(self._session)
            if confirmed is not None:
                with self.evidence.step("prove the harness watches the app's user"):
                    proof = self.binder.prove_by_intents(user, [intent for _, intent in confirmed])
                if proof is not None:
                    attach_text("proof", proof)
                    return
        self._positive_control(user, flow)

    def _positive_control(self, user: AppUser, flow: str) -> None:
        """Save a card in the app that must appear on the app's Connect user (binding it, for `discovery`)."""
        listed = {(m.get("card") or {}).get("last4") for m in self._methods(user)}
        card = next(c for c in CONTROL_CARDS if c.last4 not in listed)
        with self.evidence.step(POSITIVE_CONTROL, card=f"…{card.last4}"):
            before = {m["id"] for m in self._methods(user)}
            since = self._mark()
            outcome, message = self._enter_card(flow, AddCard(POSITIVE_CONTROL, card))
            if outcome != COMPLETED:
                raise FlowFailure(flow, f"…{card.last4} saved (the positive control)", f"the sheet shows {message!r}")
            if user.bound is None:
                self._discover(user, since)

            def appeared() -> bool | None:
                new = [m for m in self._methods(user) if m["id"] not in before]
                return True if any((m.get("card") or {}).get("last4") == card.last4 for m in new) else None

            try:
                wait_for(appeared, timeout=self.timeout, interval=0.25, what="the control card listed")
                found = True
            except AssertionError:
                found = False
            attach_text("proof", self.binder.prove_by_control(user, card.last4, found))

    def _discover(self, user: AppUser, since: int | None) -> None:
        """Binding `discovery`: the Connect user of the SetupIntent the sheet just confirmed."""
        setups = [intent for kind, intent in self._confirmed(since) or [] if kind == "setup_intents"]
        with self.evidence.step("discover the app's Connect user", binding=BindingKind.DISCOVERY.value):
            self.binder.bind_discovered(user, None, setups[-1] if setups else None)

    # --- the sheet --------------------------------------------------------------------------------------
    def _open_sheet(self, flow: str, mode: SheetMode, opener: Callable[[], None], title: str) -> None:
        """Open the sheet (its card form shows in either mode), then its primary button must be `mode`'s."""
        self._do(flow, title, opener)
        expected = (
            'PaymentSheet in setup mode ("Set up"), presented with the Connect API\'s SetupIntent'
            if mode is SheetMode.SETUP
            else 'PaymentSheet in payment mode ("Pay <amount>"), presented with the debt\'s PaymentIntent'
        )
        with self.evidence.step("PaymentSheet opens"):
            self._ui(flow, "PaymentSheet opens with its card form", self.sheet.card_form.wait_ready)
            try:
                with self._device():
                    self.sheet.primary_button.button.wait(PRIMARY_AFTER_FORM_S)
                    shown = self.sheet.primary_button.mode()
            except AssertionError:
                raise FlowFailure(flow, expected, "no primary button reading 'Set up' or 'Pay <amount>'") from None
        if shown is not mode:
            label = self._ui(flow, "PaymentSheet's primary button", self.sheet.primary_button.label)
            raise FlowFailure(flow, expected, f"{shown.value} mode: the primary button reads {label!r}")

    def _answer(self, flow: str, answer: Challenge) -> str:
        with self.evidence.step("answer the 3DS challenge", answer=answer.value):
            return self._ui(flow, f"a 3DS challenge to {answer.value}", lambda: self.sheet.answer_challenge(answer))

    def _sheet_outcome(self, flow: str) -> tuple[str, str | None]:
        """Wait until the sheet closes (success) or shows an error in its error slot."""

        def probe() -> tuple[str, str | None] | None:
            message = self.sheet.error.message()
            if message:
                return ERROR, message
            if not self.sheet.primary_button.button.is_shown():
                return COMPLETED, None
            return None

        with self.evidence.step("read the sheet's result"):
            return self._wait(flow, "the sheet closes (saved) or shows an error in its error slot", probe)

    def _enter_card(self, flow: str, scenario: AddCard) -> tuple[str, str | None]:
        """Open the sheet in setup mode, type the card, "Set up", answer 3DS if asked; how the sheet ended."""
        self._open_sheet(flow, SheetMode.SETUP, self.app.open_payment_sheet, "open the payment sheet")
        entry = CardEntry.of(scenario.card)
        card = f"{scenario.card.label} (…{scenario.card.last4})"
        self._do(flow, "type the card", lambda: self.sheet.card_form.fill(entry), card=card)
        self._do(flow, 'tap "Set up"', self.sheet.primary_button.tap_set_up)
        if scenario.three_ds is not None:  # set exactly when the card asks for 3DS (the scenario checks)
            self._answer(flow, scenario.three_ds)
        return self._sheet_outcome(flow)

    def _close_sheet_if_open(self, flow: str) -> None:
        if self._ui(flow, "the sheet", self.sheet.primary_button.button.is_shown):
            self._do(flow, "close the sheet", self.sheet.close)

    # --- flows ----------------------------------------------------------------------------------------
    def sign_in(self, user: AppUser, flow: str = "sign in") -> None:
        """Sign the user in; then the harness finds the app's Connect user (the partner config's binding)."""
        self._do(flow, "sign in", lambda: self.app.sign_in(user), user=user.email)
        self._session = self._mark() or 0
        self.binder.signed_in(user)
        self._bind(user, flow)

    def add_card(self, user: AppUser, scenario: AddCard) -> SheetResult:
        """Open the sheet, type the card, "Set up", answer 3DS if asked; then the API must agree."""
        flow = scenario.flow
        self._parameters(scenario.card, scenario.three_ds)
        if not scenario.saved and user.bound is None:
            self._positive_control(user, flow)  # binds a `discovery` user before a negative check
        before = self._methods(user)
        since = self._mark()
        outcome, message = self._enter_card(flow, scenario)
        if user.bound is None and outcome == COMPLETED:
            self._discover(user, since)
        result = self._result(user, before, outcome, message, since)
        if scenario.saved:
            self._check_saved(flow, user, scenario.card, result, first=not before)
        else:
            self._check_refused(flow, user, scenario.card.last4, result)
        return result

    def _result(
        self, user: AppUser, before: list[dict[str, Any]], outcome: str, message: str | None, since: int | None
    ) -> SheetResult:
        after = self._methods(user)
        attach_json("payment methods after the flow (Connect API)", after)
        known = {m["id"] for m in before}
        return SheetResult(outcome, message, [m for m in after if m["id"] not in known], self._confirmed(since))

    @staticmethod
    def _check_setup_intents(flow: str, confirmed: list[tuple[str, str]] | None) -> None:
        """The sheet confirmed the Connect API's SetupIntent, never a PaymentIntent (where that can be seen)."""
        if confirmed is None:
            return
        attach_text("intents the app confirmed", "\n".join(f"{kind} {intent}" for kind, intent in confirmed) or "none")
        kinds = sorted({kind for kind, _ in confirmed})
        if kinds != ["setup_intents"]:
            raise FlowFailure(flow, "the sheet confirmed the Connect API's SetupIntent", ", ".join(kinds) or "none")

    def _check_saved(self, flow: str, user: AppUser, card: Any, result: SheetResult, *, first: bool) -> None:
        if result.outcome != COMPLETED:
            raise FlowFailure(flow, "the sheet closes with the method saved", f"the sheet shows {result.message!r}")
        self._check_setup_intents(flow, result.confirmed)
        if len(result.added) != 1:
            raise FlowFailure(flow, "the Connect API lists the new method once", f"{len(result.added)} new methods")
        listed = result.added[0]
        details = listed.get("card") or {}
        shape = (listed.get("type"), details.get("brand"), details.get("last4"))
        if shape != ("card", card.brand, card.last4):
            raise FlowFailure(flow, f"listed as card / {card.brand} / {card.last4}", " / ".join(map(str, shape)))
        if user.proof is None and user.bound is not None:
            user.proof = f"…{card.last4}, saved in the app, is listed on the bound user {user.bound.id}"
        if first and listed.get("default") is not True:
            raise FlowFailure(flow, "the user's only method is the default", f"default={listed.get('default')!r}")
        with self.evidence.step(f"the app lists …{card.last4}"):
            self._wait(
                flow,
                f"the app lists …{card.last4}",
                lambda: True if any(card.last4 in text for text in self.app.payment_methods()) else None,
            )

    def _check_refused(self, flow: str, user: AppUser, last4: str, result: SheetResult) -> None:
        if result.outcome != ERROR:
            raise FlowFailure(
                flow, "the sheet shows the error in its error slot and stays open", "the sheet closed as if saved"
            )
        self._check_setup_intents(flow, result.confirmed)
        self._do(flow, "close the sheet", self.sheet.close)
        self._prove(user, flow)  # "nothing attached" says nothing about a user the app does not use
        if result.added:
            shown = ", ".join(
                f"{(m.get('card') or {}).get('brand')} …{(m.get('card') or {}).get('last4')}" for m in result.added
            )
            raise FlowFailure(flow, "nothing attached in the Connect API", f"attached: {shown}")
        listed = self._ui(flow, "the app's list of payment methods", self.app.payment_methods)
        if any(last4 in text for text in listed):
            raise FlowFailure(flow, f"the app does not list …{last4}", f"the app lists: {'; '.join(listed)}")

    def add_with_wallet(self, user: AppUser, scenario: AddWallet) -> SheetResult:
        """The sheet's Apple Pay / Google Pay button and the wallet's sheet add a wallet method."""
        flow = scenario.flow
        self._parameters(scenario.card, None)
        before = self._methods(user)
        since = self._mark()
        self._open_sheet(flow, SheetMode.SETUP, self.app.open_payment_sheet, "open the payment sheet")
        wallet = self.sheet.apple_pay if isinstance(self.sheet, IosPaymentSheet) else self.sheet.google_pay
        if not self._ui(flow, f"the sheet's {scenario.wallet.label} button", wallet.is_offered):
            raise FlowFailure(
                flow, f"the {scenario.wallet.label} button in the sheet (the device offers it)", "no such button"
            )
        self._do(flow, f"pay with {scenario.wallet.label}", wallet.pay)
        outcome, message = self._sheet_outcome(flow)
        if user.bound is None and outcome == COMPLETED:
            self._discover(user, since)
        result = self._result(user, before, outcome, message, since)
        if result.outcome != COMPLETED:
            raise FlowFailure(flow, "the sheet closes with the method saved", f"the sheet shows {result.message!r}")
        self._check_setup_intents(flow, result.confirmed)
        kinds = [m.get("type") for m in result.added]
        if kinds != [scenario.wallet.value]:
            raise FlowFailure(flow, f"one new {scenario.wallet.value} method in the Connect API", f"new: {kinds}")
        details = result.added[0].get("card") or {}
        if details.get("last4") != scenario.card.last4:
            raise FlowFailure(flow, f"the card behind it is …{scenario.card.last4}", f"…{details.get('last4')}")
        return result

    def open_sheet(self, scenario: OpenSheet) -> None:
        """Open the sheet to add a method; it must be in setup mode, and opening it confirms nothing."""
        since = self._mark()
        self._open_sheet(scenario.flow, SheetMode.SETUP, self.app.open_payment_sheet, "open the payment sheet")
        self._ui(scenario.flow, "the card form in the sheet", self.sheet.card_form.wait_ready)
        confirmed = self._confirmed(since)
        if confirmed:
            raise FlowFailure(scenario.flow, "nothing confirmed by opening the sheet", f"confirmed: {confirmed}")

    def offers_card_only(self, scenario: OpenSheet) -> None:
        """With the sheet open: its card form shows without payment-method tabs, so cards are all it offers
        besides wallet buttons (a delayed method such as SEPA or Klarna would add tabs, "Card" among them)."""
        tab = self._ui(scenario.flow, "the sheet's payment method tabs", lambda: self.sheet.shown_optional("card_tab"))
        if tab is not None:
            raise FlowFailure(
                scenario.flow, "cards only (no payment method tabs)", "the sheet shows payment method tabs"
            )
        self._do(scenario.flow, "close the sheet", self.sheet.close)

    def pay_debt(self, user: AppUser, scenario: PayDebt, session_id: str) -> None:
        """Open the debts, pay the session's debt in the sheet (3DS); no debt left, the invoice issued."""
        flow = scenario.flow
        self._parameters(scenario.card, scenario.three_ds)
        debt = next((d for d in self._debts(user) if d.get("session_id") == session_id), None)
        if debt is None:
            raise FlowFailure(flow, "the debt to pay listed by the Connect API", "no such debt")

        def open_debts() -> None:
            self.app.open_debts()
            wait_for(lambda: True if self.app.debts() else None, timeout=self.timeout, interval=0.25, what="a debt")

        self._do(flow, "see the open debt", open_debts)
        self._open_sheet(flow, SheetMode.PAYMENT, self.app.pay_debt, "tap Pay debt")
        entry = CardEntry.of(scenario.card)
        amount = _amount_label(debt.get("amount"), debt.get("currency"))
        self._do(flow, "type the card", lambda: self.sheet.card_form.fill(entry), card=scenario.card.label)
        self._do(flow, f"tap Pay {amount or ''}".strip(), lambda: self.sheet.primary_button.tap_pay(amount))
        if scenario.three_ds is not None:
            self._answer(flow, scenario.three_ds)
        outcome, message = self._sheet_outcome(flow)
        left = [d for d in self._debts(user) if d.get("session_id") == session_id]
        invoices = self.connect.list_invoices(user.id, page_size=PAGE_SIZE).expect(200)["results"]
        attach_json("open debts and invoices after the flow (Connect API)", {"debts": left, "invoices": invoices})
        if not scenario.paid:
            if outcome != ERROR or not left:
                raise FlowFailure(
                    flow, "the sheet shows the error and the debt stays open", f"{outcome}, {len(left)} left"
                )
            return
        if outcome != COMPLETED:
            raise FlowFailure(flow, "the sheet closes with the debt paid", f"the sheet shows {message!r}")
        if left:
            raise FlowFailure(flow, "no debt left in the Connect API", f"still open: {left[0].get('amount')}")
        if not any(i.get("charging_session_id") == session_id for i in invoices):
            raise FlowFailure(flow, "the session's invoice in the Connect API", "no invoice for the session")
        self._wait(flow, "the app shows no open debt", lambda: True if self.app.shows_no_debts() else None)

    def start_with_preauthorization(self, user: AppUser, scenario: StartWithPreauthorization) -> dict[str, Any]:
        """Start charging; the app confirms the 402's PaymentIntent (3DS) and starts again. Answers the session."""
        flow = scenario.flow
        self._parameters(scenario.card, scenario.three_ds)
        evse_id = scenario.evse_ids[0]
        self._do(flow, "start charging", lambda: self.app.start_charging(evse_id), evse=evse_id)
        if scenario.three_ds is not None:
            self._answer(flow, scenario.three_ds)

        def settled() -> bool | None:
            if self.app.is_charging():
                return True
            return False if "could not" in self.app.message().lower() else None

        with self.evidence.step("read the app's charging state"):
            charging = self._wait(flow, "the app shows charging, or why it could not start", settled)
        sessions = self.connect.list_charging_sessions(user.id, page_size=PAGE_SIZE).expect(200)["results"]
        attach_json("charging sessions after the flow (Connect API)", sessions)
        active = [s for s in sessions if s.get("is_active")]
        if not scenario.starts:
            if charging or active:
                raise FlowFailure(flow, "no session started", f"{len(active)} active")
            return {}
        if not charging:
            raise FlowFailure(flow, "the app shows the session charging", f"the app says {self.app.message()!r}")
        if len(active) != 1 or active[0].get("evse_id") != evse_id:
            raise FlowFailure(flow, f"one active session at {evse_id} in the Connect API", f"{len(active)} active")
        return dict(active[0])

    def stop_charging(self, user: AppUser, session_id: str, flow: str) -> None:
        self._do(flow, "stop charging", self.app.stop_charging)
        session = self.connect.get_charging_session(user.id, session_id).expect(200)
        if session.get("is_active"):
            raise FlowFailure(flow, "the session stopped in the Connect API", "still active")

    def _listed_once_loaded(self) -> list[str] | None:
        """What the app lists once its list has loaded (listed, or its empty state); None before."""
        listed = self.app.payment_methods()
        try:
            empty = self.app.shows_no_payment_methods()
        except StepNotDeclared:
            empty = True  # without an empty state, what shows now is all there is to check
        return listed if listed or empty else None

    def log_out_then_next_user(self, first: AppUser, second: AppUser, scenario: Logout) -> None:
        """The first user adds a card and logs out; the next user must see none of it, and add their own.

        What the next user sees is read at once but judged only once their own card proved the harness
        watches the app's user of this session (a list that never loaded, or another user's, proves nothing)."""
        flow = scenario.flow
        self.sign_in(first, flow)
        self.add_card(first, AddCard(flow, scenario.card))
        kept = self._methods(first)
        self._do(flow, "log out", self.app.log_out)
        self.sign_in(second, flow)
        with self.evidence.step("look at the next user's payment methods"):
            seen_first = self._wait(flow, "the next user's list of payment methods", self._listed_once_loaded)
        theirs_before = self._methods(second)
        self.add_card(second, AddCard(flow, scenario.next_card))
        self._prove(second, flow)
        previous = {(m.get("card") or {}).get("last4") or "-" for m in kept}
        seen_now = self._ui(flow, "the app's list of payment methods", self.app.payment_methods)
        judged = (
            (
                seen_first,
                "none of the previous user's payment methods shown",
                f"the app lists: {'; '.join(seen_first)}",
            ),
            (theirs_before, "the next user has no payment method in the Connect API", f"{len(theirs_before)} listed"),
            (
                [m["id"] for m in self._methods(first)] != [m["id"] for m in kept],
                "the previous user's methods unchanged by the next user",
                "the previous user's list changed",
            ),
            (
                [t for t in seen_now if any(last4 in t for last4 in previous)],
                "none of the previous user's payment methods shown",
                f"the app lists: {'; '.join(seen_now)}",
            ),
        )
        for wrong, expected, received in judged:
            if wrong:
                raise FlowFailure(flow, expected, received)
