"""The web flows: one driver call per scenario, then the Connect API must agree with what the user saw.

A flow that goes wrong raises `FlowFailure`, whose message names the flow and reads "Expected: … /
Received: …", followed by the page's console errors and failed requests, so a finding says which flow broke,
how, and what the page said about it.

Whose user is it? `sign_in` binds the app's user to the Connect user the app uses (`UserBinder`, as the
partner config says), and no negative check ("nothing attached", "an error shown", "the next user sees
nothing") passes before the flow proved it watches that user: the intents the page used belong to it (where
the target shows it), or a card the app saves in the same session appears on it (the positive control). A
failed flow is proven too: when the harness turns out to watch another user, the test is broken with
"the harness is not watching the app's user", never failed or passed.

Waits end as soon as the outcome is decided: a message of either kind ends the wait for the other, and a
Stripe.js IntegrationError on the page ends every wait for the app.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from playwright.sync_api import Locator, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from connect_cert.fixtures.cards import CHARGE_CUSTOMER_FAIL_0341, SETUP_FOR_OFF_SESSION_0446, VISA_4242, Challenge
from connect_cert.harness.binding import AppUser, BindingKind, NotWatchingAppUser, UserBinder, UserNotBound
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.reports.allure import (
    attach_json,
    attach_text,
    card_parameter,
    not_applicable,
    three_ds_parameter,
)
from connect_cert.harness.waits import wait_for
from connect_cert.harness.web.evidence import Evidence
from connect_cert.harness.web.page_watch import Confirmation, PageDiagnostics, StripeConfirmations
from connect_cert.harness.web.partner_app import Message, MessageKind, PartnerApp, StepNotDeclared
from connect_cert.harness.web.scenarios import AddCard, Logout, PayDebt, StartWithPreauthorization
from connect_cert.harness.web.stripe_elements import CardEntry, ElementKind, StripeElements
from connect_cert.harness.web.three_ds import ChallengeNotShown, ThreeDSChallenge

__all__ = ["AddCardResult", "Confirmation", "FlowFailure", "PageDiagnostics", "StripeConfirmations", "WebFlows"]

T = TypeVar("T")
PAGE_SIZE = 100
SLICE_MS = 250  # a long wait for the app is cut into slices, so a page error ends it early
# Cards that save at once, the scenarios' own (4242 most of all) last, so a control seldom meets them.
CONTROL_CARDS = (SETUP_FOR_OFF_SESSION_0446, CHARGE_CUSTOMER_FAIL_0341, VISA_4242)
POSITIVE_CONTROL = "positive control: a card saved in the app must appear on the app's Connect user"
LISTED_WITHIN_S = 5.0  # a saved card is listed at once on the sandbox; a real target may take a moment

_told: set[str] = set()  # Stripe bases already reported in this process


class StripeBaseMismatch(UserWarning):
    """The page calls another Stripe than the target's: its intents are not the ones the target issued."""


class FlowFailure(AssertionError):
    """A web flow ended otherwise than its scenario says."""

    def __init__(self, flow: str, expected: str, received: str, page: str = "", *, judged: bool = False) -> None:
        text = f"Flow failed: {flow}\nExpected: {expected}\nReceived: {received}"
        super().__init__(f"{text}\n{page}" if page else text)
        self.flow = flow
        self.expected = expected
        self.received = received
        self.page = page
        self.judged = judged  # already checked against the binding and given the page's words


@dataclass(frozen=True)
class AddCardResult:
    message: Message
    element: ElementKind
    added: list[dict[str, Any]]  # the methods the Connect API lists now and did not before
    confirmations: list[Confirmation]


def _summary(exc: BaseException) -> str:
    """A Playwright failure in one line: what was expected and what was found, without the call log."""
    lines = []
    for line in str(exc).strip().splitlines():
        if line.strip().lower().startswith("call log"):
            break
        if line.strip():
            lines.append(line.strip())
    return "; ".join(lines)[:300] or type(exc).__name__


def _last4(method: dict[str, Any]) -> str:
    return str((method.get("card") or {}).get("last4") or "")


class WebFlows:
    """Drives the partner app and Stripe's UI through a scenario; checks the Connect API afterwards."""

    def __init__(
        self,
        *,
        app: PartnerApp,
        elements: StripeElements,
        challenge: ThreeDSChallenge,
        connect: ConnectClient,
        evidence: Evidence,
        confirmations: StripeConfirmations,
        binder: UserBinder,
        diagnostics: PageDiagnostics | None = None,
        stripe_bases: tuple[str, ...] = (),
    ) -> None:
        """`stripe_bases`: where the target's Stripe is, as the page reaches it (its API base, and Stripe's
        own host when the suite routes it to the target); empty when unknown."""
        self.app = app
        self.elements = elements
        self.challenge = challenge
        self.connect = connect
        self.evidence = evidence
        self.confirmations = confirmations
        self.binder = binder
        self.diagnostics = diagnostics or PageDiagnostics()
        self.stripe_bases = tuple(b.rstrip("/") for b in stripe_bases)
        self._parameters_set = False
        self._user: AppUser | None = None  # who is signed in now
        self._session = 0  # confirmations.mark() at the sign-in
        self._flow_mark = 0  # diagnostics.mark() at the flow's start
        self._proving = False  # a positive control runs: its own failure is not judged again

    # --- helpers ----------------------------------------------------------------------------------
    def _seconds(self) -> str:
        return f"{self.app.timeout_ms / 1000:.0f} s"

    def _ui(self, flow: str, expected: str, check: Callable[[], T]) -> T:
        """A UI step or expectation of the flow; a failed one becomes a finding naming the flow."""
        try:
            return check()
        except FlowFailure:
            raise
        except StepNotDeclared as exc:
            not_applicable(f"the app declares no {exc} step, which {flow!r} needs")
        except (AssertionError, PlaywrightTimeoutError) as exc:
            raise FlowFailure(flow, expected, _summary(exc)) from None

    def _do(self, flow: str, title: str, action: Callable[[], T], **params: Any) -> T:
        """One user action as an evidence step; the app not letting the user do it is a finding."""
        with self.evidence.step(title, **params):
            return self._ui(flow, f"the app lets the user {title}", action)

    def _methods(self, user: AppUser) -> list[dict[str, Any]]:
        return list(self.connect.list_payment_methods(user.id, page_size=PAGE_SIZE).expect(200)["results"])

    def _debts(self, user: AppUser) -> list[dict[str, Any]]:
        return list(self.connect.list_debts(user.id, page_size=PAGE_SIZE).expect(200)["results"])

    def require(self, feature: str, flow: str) -> None:
        """Not applicable unless the app declares the steps of `feature` (charging, debts)."""
        missing = self.app.missing_steps(feature)
        if missing:
            not_applicable(f"the app declares no {feature} steps ({', '.join(missing)}), which {flow!r} needs")

    def _race(self, awaited: Locator, flow: str, expected: str) -> None:
        """Wait for `awaited`, ending early on a Stripe.js IntegrationError of the page; FlowFailure otherwise."""
        deadline = time.monotonic() + self.app.timeout_ms / 1000
        while True:
            remaining_ms = (deadline - time.monotonic()) * 1000
            try:
                expect(awaited).to_be_visible(timeout=max(1.0, min(SLICE_MS, remaining_ms)))
                return
            except AssertionError:
                stopped = self.diagnostics.decisive_since(self._flow_mark)
                if stopped:
                    raise FlowFailure(flow, expected, f"nothing: the page stopped on {stopped}") from None
                if remaining_ms <= SLICE_MS:
                    open_challenge = " while a 3DS challenge is open" if self.challenge.is_open() else ""
                    raise FlowFailure(flow, expected, f"none within {self._seconds()}{open_challenge}") from None

    def _messages(self) -> Locator:
        return self.app.success_message().or_(self.app.error_message()).filter(visible=True).first

    def _answer(self, flow: str, answer: Challenge) -> None:
        with self.evidence.step("answer the 3DS challenge", answer=answer.value):
            expected = f"a 3DS challenge to {answer.value}"
            self._race(self.challenge.shown().or_(self._messages()).first, flow, expected)
            try:
                self.challenge.answer(answer, instead=self.app.success_message().or_(self.app.error_message()))
            except ChallengeNotShown as exc:
                raise FlowFailure(flow, expected, f"{exc}; the app shows {self.app.visible_message()!r}") from None
            except (AssertionError, PlaywrightTimeoutError) as exc:
                raise FlowFailure(flow, f"the challenge's {answer.value} button", _summary(exc)) from None

    def _message(self, flow: str) -> Message:
        with self.evidence.step("read the app's message"):
            self._race(self._messages(), flow, "a success or error message from the app")
            return self._ui(flow, "a success or error message from the app", self.app.read_message)

    @staticmethod
    def _expect_kind(flow: str, message: Message, kind: MessageKind, what: str) -> None:
        if message.kind is not kind:
            raise FlowFailure(
                flow,
                f"{'a success' if kind is MessageKind.SUCCESS else 'an error'} message {what}",
                f'{message.kind.value} "{message.text}"',
            )

    # --- whose user: binding and proof -------------------------------------------------------------
    @contextmanager
    def _flow(self, flow: str) -> Iterator[None]:
        """A flow's body: a failure is first checked against the binding, then reported with the page's words."""
        mark = self._flow_mark = self.diagnostics.mark()
        try:
            yield
        except FlowFailure as failure:
            if failure.judged:
                raise
            self._not_watching_instead(flow, failure)
            page = self.diagnostics.summary(mark)
            if page:
                attach_text("page console errors and failed requests", page)
            raise FlowFailure(failure.flow, failure.expected, failure.received, page, judged=True) from None
        finally:
            self._elsewhere()

    def _not_watching_instead(self, flow: str, failure: FlowFailure) -> None:
        """Raise NotWatchingAppUser when the failure comes from watching another user than the app's."""
        user = self._user
        if user is None or user.bound is None or user.proof is not None or self._proving:
            return
        try:
            self._prove(user, flow)
        except NotWatchingAppUser as exc:
            raise NotWatchingAppUser(f"{exc.detail} (the flow then failed: {failure.received})") from None
        except FlowFailure:
            return  # the positive control failed too: the app's failure stands as found

    def _elsewhere(self) -> str:
        """Where the page calls Stripe when that is not the target's Stripe (said once per run), else ''."""
        if not self.stripe_bases:
            return ""
        other = [b for b in self.confirmations.bases if b.rstrip("/") not in self.stripe_bases]
        if not other:
            return ""
        note = f"the page calls Stripe at {other[0]}, not the target's {self.stripe_bases[0]}"
        if other[0] not in _told:
            _told.add(other[0])
            warnings.warn(StripeBaseMismatch(f"{note}: its intents are not the target's"), stacklevel=2)
        return f" ({note})"

    def _bind(self, user: AppUser, flow: str) -> None:
        kind = self.binder.kind
        if user.bound is not None or kind is BindingKind.DISCOVERY:
            return
        with self.evidence.step("find the app's Connect user", binding=kind.value):
            if kind is BindingKind.EMAIL:
                self.binder.bind_by_email(user)
            elif kind is BindingKind.APP:
                try:
                    shown = self.app.connect_user_id()
                except StepNotDeclared:
                    raise UserNotBound(
                        "binding 'app' reads the step connect_user_id, which the app does not declare"
                    ) from None
                except (AssertionError, PlaywrightTimeoutError) as exc:
                    raise UserNotBound(f"the app shows no Connect user id: {_summary(exc)}") from None
                self.binder.bind_shown(user, shown)
        self._tell_binding(user)

    def _tell_binding(self, user: AppUser) -> None:
        if user.bound is not None:
            attach_text("the app's Connect user", f"{user.bound.id}: bound {user.bound.how.value}, {user.bound.detail}")

    def _prove(self, user: AppUser, flow: str) -> None:
        """Show the harness watches the app's user in this session, before a negative check passes."""
        if user.proof is not None:
            return
        if user.bound is None:
            self._positive_control(user, flow)
            return
        with self.evidence.step("prove the harness watches the app's user"):
            intents = self.confirmations.intents_since(self._session)
            proof = self.binder.prove_by_intents(user, intents, elsewhere=self._elsewhere())
            if proof is not None:
                attach_text("proof", proof)
                return
        self._positive_control(user, flow)

    def prove_watching(self, user: AppUser, flow: str) -> None:
        """For a test's own negative check: broken unless the harness watches the app's user (see module doc)."""
        with self._flow(flow):
            self._prove(user, flow)

    def _positive_control(self, user: AppUser, flow: str) -> None:
        """Save a card in the app that must appear on the bound user (binding it, for `discovery`)."""
        listed = {_last4(m) for m in self._methods(user)} if user.bound else set()
        card = next(c for c in CONTROL_CARDS if c.last4 not in listed)
        with self.evidence.step(POSITIVE_CONTROL, card=f"…{card.last4}"), self._proving_now():
            before = {m["id"] for m in self._methods(user)} if user.bound else set()
            message, _ = self._enter_card(flow, AddCard(POSITIVE_CONTROL, card))
            self._expect_kind(flow, message, MessageKind.SUCCESS, f"after saving …{card.last4} (the positive control)")
            if user.bound is None:
                self._discover(user)

            def appeared() -> bool | None:
                return (
                    True
                    if any(m["id"] not in before and _last4(m) == card.last4 for m in self._methods(user))
                    else None
                )

            try:
                wait_for(appeared, timeout=LISTED_WITHIN_S, interval=0.25, what="the control card listed")
                found = True
            except AssertionError:
                found = False
            attach_text("proof", self.binder.prove_by_control(user, card.last4, found))

    @contextmanager
    def _proving_now(self) -> Iterator[None]:
        self._proving = True
        try:
            yield
        finally:
            self._proving = False

    def _discover(self, user: AppUser) -> None:
        """Binding `discovery`: the Connect user of the SetupIntent the page just confirmed."""
        setups = self.confirmations.of("setup_intents")
        intent = setups[-1].intent_id if setups else None
        payment_method = self.confirmations.payment_method_of(intent) if intent else None
        with self.evidence.step("discover the app's Connect user", binding=BindingKind.DISCOVERY.value):
            self.binder.bind_discovered(user, payment_method, intent)
        self._tell_binding(user)

    def ensure_bound(self, user: AppUser, flow: str) -> None:
        """The user's Connect user known now (binding `discovery` learns it from a card the app saves)."""
        if user.bound is None:
            with self._flow(flow):
                self._positive_control(user, flow)

    # --- flows ------------------------------------------------------------------------------------
    def sign_in(self, user: AppUser, flow: str = "sign in") -> None:
        """Sign the user in; then the harness finds the app's Connect user (the partner config's binding)."""
        with self._flow(flow):
            self._do(flow, "sign in", lambda: self.app.sign_in(user), user=user.email or user.id)
            self._user = user
            self._session = self.confirmations.mark()
            self.binder.signed_in(user)
            self._bind(user, flow)

    def open_card_form(
        self, flow: str = "open the add-payment-method form", scenario: AddCard | None = None
    ) -> ElementKind:
        """Open the app's add-payment-method form and wait for Stripe's card form in it."""

        def open_form() -> ElementKind:
            self.app.open_add_payment_method(scenario)
            return self.elements.wait_ready()

        return self._do(flow, "open the add-payment-method form with Stripe's card form", open_form)

    def _enter_card(self, flow: str, scenario: AddCard) -> tuple[Message, ElementKind]:
        """Open the form, type the card, submit, answer 3DS if asked, read the message."""
        self.confirmations.clear()
        element = self.open_card_form(flow, scenario)
        self._do(
            flow,
            "type the card",
            lambda: self.elements.fill(CardEntry.of(scenario.card)),
            card=f"{scenario.card.label} (…{scenario.card.last4})",
        )
        self._do(flow, "submit the card", lambda: self.app.submit_payment_method(scenario))
        if scenario.three_ds is not None:  # set exactly when the card asks for 3DS (the scenario checks)
            self._answer(flow, scenario.three_ds)
        return self._message(flow), element

    def add_card(self, user: AppUser, scenario: AddCard) -> AddCardResult:
        """Open the form, type the card, submit, answer 3DS if asked; then the API must agree."""
        flow = scenario.flow
        with self._flow(flow):
            if not self._parameters_set:  # the test's first card and 3DS answer tell runs of a test apart
                card_parameter(scenario.card)
                three_ds_parameter(scenario.three_ds or "none")
                self._parameters_set = True
            if not scenario.saved and user.bound is None:
                self._positive_control(user, flow)
            before = self._methods(user) if user.bound else []
            message, element = self._enter_card(flow, scenario)
            if user.bound is None and message.kind is MessageKind.SUCCESS:
                self._discover(user)
            after = self._methods(user) if user.bound else []
            attach_json("payment methods after the flow (Connect API)", after)
            known = {m["id"] for m in before}
            added = [m for m in after if m["id"] not in known]
            result = AddCardResult(message, element, added, list(self.confirmations.seen))
            if scenario.saved:
                self._check_saved(scenario, result, first=not before)
            else:
                self._check_refused(user, scenario, result)
            return result

    def _check_saved(self, scenario: AddCard, result: AddCardResult, *, first: bool) -> None:
        flow, card = scenario.flow, scenario.card
        self._expect_kind(flow, result.message, MessageKind.SUCCESS, "after the card was saved")
        if not result.confirmations or any(c.kind != "setup_intents" for c in result.confirmations):
            kinds = ", ".join(sorted({c.kind for c in result.confirmations})) or "no confirm call"
            raise FlowFailure(flow, "the card confirmed on the Connect API's SetupIntent", kinds)
        if len(result.added) != 1:
            raise FlowFailure(flow, "the Connect API lists the new card once", f"{len(result.added)} new methods")
        listed = result.added[0]
        shape = (listed.get("type"), (listed.get("card") or {}).get("brand"), (listed.get("card") or {}).get("last4"))
        if shape != ("card", card.brand, card.last4):
            raise FlowFailure(flow, f"listed as card / {card.brand} / {card.last4}", " / ".join(map(str, shape)))
        if self._user is not None and self._user.proof is None and self._user.bound is not None:
            self._user.proof = f"…{card.last4}, saved in the app, is listed on the bound user {self._user.bound.id}"
        if first and listed.get("default") is not True:
            raise FlowFailure(flow, "the user's only method is the default", f"default={listed.get('default')!r}")
        self._ui(flow, "the app shows its payment methods", self.app.show_payment_methods)
        self._ui(
            flow,
            f"the app lists …{card.last4}",
            lambda: expect(self.app.payment_method(card.last4)).to_have_count(1, timeout=self.app.timeout_ms),
        )
        if first:
            try:
                marker = self.app.default_marker(card.last4)
            except StepNotDeclared:
                return
            self._ui(
                flow,
                f"the app marks …{card.last4} as default",
                lambda: expect(marker).to_be_visible(timeout=self.app.timeout_ms),
            )

    def _check_refused(self, user: AppUser, scenario: AddCard, result: AddCardResult) -> None:
        flow, card = scenario.flow, scenario.card
        self._expect_kind(flow, result.message, MessageKind.ERROR, "and no card saved")
        self._prove(user, flow)  # "nothing attached" says nothing about a user the app does not use
        if result.added:
            shown = ", ".join(f"{(m.get('card') or {}).get('brand')} …{_last4(m)}" for m in result.added)
            raise FlowFailure(flow, "nothing attached in the Connect API", f"attached: {shown}")
        self._ui(flow, "the app shows its payment methods", self.app.show_payment_methods)
        self._ui(
            flow,
            f"the app does not list …{card.last4}",
            lambda: expect(self.app.payment_method(card.last4)).to_have_count(0, timeout=self.app.timeout_ms),
        )

    def come_back(self, user: AppUser, flow: str) -> None:
        """The user logs out and signs in again later: what happened meanwhile (a debt) is the app's to show."""
        with self._flow(flow):
            self._do(flow, "log out", self.app.log_out)
        self.sign_in(user, flow)

    def pay_debt(self, user: AppUser, scenario: PayDebt, session_id: str) -> Message:
        """Open the debts, pay the session's debt with the saved card (3DS if asked); the API must agree."""
        flow = scenario.flow
        self.require("debts", flow)
        with self._flow(flow):

            def open_debts() -> None:
                self.app.open_debts()
                expect(self.app.debts().first).to_be_visible(timeout=self.app.timeout_ms)

            self._do(flow, "see the open debt", open_debts)
            self._do(flow, "pay the debt", lambda: self.app.pay_debt(scenario))
            if scenario.three_ds is not None:
                self._answer(flow, scenario.three_ds)
            message = self._message(flow)
            debts = self._debts(user)
            attach_json("open debts after the flow (Connect API)", debts)
            left = [d for d in debts if d.get("session_id") == session_id]
            if scenario.paid:
                self._expect_kind(flow, message, MessageKind.SUCCESS, "after the debt was paid")
                if left:
                    raise FlowFailure(
                        flow,
                        "no debt left in the Connect API",
                        f"still open: {left[0].get('amount')} {left[0].get('currency')}",
                    )
                self._ui(
                    flow,
                    "the app shows no open debt",
                    lambda: expect(self.app.no_debts()).to_be_visible(timeout=self.app.timeout_ms),
                )
            else:
                self._expect_kind(flow, message, MessageKind.ERROR, "and the debt still open")
                self._prove(user, flow)
                if not left:
                    raise FlowFailure(flow, "the debt still open in the Connect API", "no debt listed")
            return message

    def start_with_preauthorization(self, user: AppUser, scenario: StartWithPreauthorization) -> dict[str, Any]:
        """Start charging; the app confirms the pre-authorization (3DS) and starts again. Answers the session."""
        flow = scenario.flow
        self.require("charging", flow)
        with self._flow(flow):
            evse_id = scenario.evse_ids[0]
            self._do(flow, "start charging", lambda: self.app.start_charging(scenario), evse=evse_id)
            if scenario.three_ds is not None:
                self._answer(flow, scenario.three_ds)
            message = self._message(flow)
            sessions = self.connect.list_charging_sessions(user.id, page_size=PAGE_SIZE).expect(200)["results"]
            active = [s for s in sessions if s.get("is_active")]
            attach_json("charging sessions after the flow (Connect API)", sessions)
            if not scenario.starts:
                self._expect_kind(flow, message, MessageKind.ERROR, "and no session started")
                self._prove(user, flow)
                if active:
                    raise FlowFailure(flow, "no active session in the Connect API", f"session {active[0]['id']} active")
                return {}
            self._expect_kind(flow, message, MessageKind.SUCCESS, "after the start")
            if len(active) != 1 or active[0].get("evse_id") != evse_id:
                raise FlowFailure(
                    flow,
                    f"one active session at {evse_id} in the Connect API",
                    f"{len(active)} active: {[s.get('evse_id') for s in active]}",
                )
            return dict(active[0])

    def stop_charging(self, user: AppUser, session_id: str, flow: str) -> None:
        with self._flow(flow):
            self._do(flow, "stop charging", self.app.stop_charging)
            message = self._message(flow)
            self._expect_kind(flow, message, MessageKind.SUCCESS, "after stopping")
            session = self.connect.get_charging_session(user.id, session_id).expect(200)
            if session.get("is_active"):
                raise FlowFailure(flow, "the session stopped in the Connect API", "still active")

    def _listed_now(self, flow: str) -> list[str]:
        """The payment methods the app lists once its list has loaded (empty, or showing something)."""
        self._ui(flow, "the app shows its payment methods", self.app.show_payment_methods)
        listed = self.app.payment_methods()
        try:
            empty: Any = self.app.no_payment_methods()
        except StepNotDeclared:
            empty = None
        if empty is not None:
            self._ui(
                flow,
                "the next user's list of payment methods",
                lambda: expect(empty.or_(listed).filter(visible=True).first).to_be_visible(timeout=self.app.timeout_ms),
            )
        return [" ".join(text.split()) for text in listed.all_inner_texts()]

    def log_out_then_next_user(self, first: AppUser, second: AppUser, scenario: Logout) -> None:
        """The first user adds a card and logs out; the next user must see none of it, and add their own.

        Anything the new user's list shows is a leak at once. An empty list passes only once the next user's
        own card proved the harness watches the app's user of this session (a list that never loaded, or
        another user's, proves nothing)."""
        flow = scenario.flow
        self.sign_in(first, flow)
        self.add_card(first, AddCard(flow, scenario.card))
        with self._flow(flow):
            first_methods = self._methods(first)
            self._do(flow, "log out", self.app.log_out)
        self.sign_in(second, flow)
        with self._flow(flow):
            with self.evidence.step("look at the next user's payment methods"):
                shown = self._listed_now(flow)
            if shown:  # the next user is new: whatever the app lists is someone else's, whoever the app thinks it is
                page = self.diagnostics.summary(self._flow_mark)
                expected = "none of the previous user's payment methods shown"
                raise FlowFailure(flow, expected, f"the app lists: {'; '.join(shown)}", page, judged=True)
            second_before = self._methods(second) if second.bound else []
        self.add_card(second, AddCard(flow, scenario.next_card))
        with self._flow(flow):
            self._prove(second, flow)  # an empty list proved nothing until the next user's own card showed up
            if second_before:
                raise FlowFailure(
                    flow, "the next user has no payment method in the Connect API", f"{len(second_before)} listed"
                )
            previous = {_last4(m) for m in first_methods}
            now = self._listed_now(flow)
            leaked = [text for text in now if any(last4 in text for last4 in previous)]
            if leaked:
                raise FlowFailure(
                    flow, "none of the previous user's payment methods shown", f"the app lists: {'; '.join(now)}"
                )
            if [m["id"] for m in self._methods(first)] != [m["id"] for m in first_methods]:
                raise FlowFailure(
                    flow,
                    "the previous user's payment methods unchanged by the next user",
                    "the previous user's list changed after the next user added a card",
                )
