"""The web flows: one driver call per scenario, then the Connect API must agree with what the user saw.

A flow that goes wrong raises `FlowFailure`, whose message names the flow and reads
"Expected: … / Received: …", so a finding says which flow broke and how.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, Request, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from connect_cert.fixtures.cards import Challenge
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.reports.allure import attach_json, card_parameter, three_ds_parameter
from connect_cert.harness.web.evidence import Evidence
from connect_cert.harness.web.partner_app import Message, MessageKind, PartnerApp, StepNotDeclared, WebUser
from connect_cert.harness.web.scenarios import AddCard, Logout, PayDebt, StartWithPreauthorization
from connect_cert.harness.web.stripe_elements import CardEntry, ElementKind, StripeElements
from connect_cert.harness.web.three_ds import ChallengeNotShown, ThreeDSChallenge

T = TypeVar("T")
_CONFIRM = re.compile(r"/v1/(setup_intents|payment_intents)/([A-Za-z0-9_]+)/confirm$")
PAGE_SIZE = 100


class FlowFailure(AssertionError):
    """A web flow ended otherwise than its scenario says."""

    def __init__(self, flow: str, expected: str, received: str) -> None:
        super().__init__(f"Flow failed: {flow}\nExpected: {expected}\nReceived: {received}")
        self.flow = flow
        self.expected = expected
        self.received = received


@dataclass(frozen=True)
class Confirmation:
    """A confirm call the browser sent to Stripe (never its form data, which may hold card details)."""

    kind: str  # setup_intents or payment_intents
    intent_id: str
    return_url: str | None


@dataclass
class StripeConfirmations:
    """Records the confirm calls the page (and Stripe's frames) send, wherever Stripe is hosted."""

    seen: list[Confirmation] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("request", self._on_request)

    def _on_request(self, request: Request) -> None:
        match = _CONFIRM.search(urlsplit(request.url).path)
        if request.method != "POST" or not match:
            return
        return_url = parse_qs(request.post_data or "").get("return_url", [None])[0]
        self.seen.append(Confirmation(match.group(1), match.group(2), return_url))

    def of(self, kind: str) -> list[Confirmation]:
        return [c for c in self.seen if c.kind == kind]

    def clear(self) -> None:
        self.seen.clear()


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
    ) -> None:
        self.app = app
        self.elements = elements
        self.challenge = challenge
        self.connect = connect
        self.evidence = evidence
        self.confirmations = confirmations
        self._parameters_set = False

    # --- helpers ----------------------------------------------------------------------------------
    def _seconds(self) -> str:
        return f"{self.app.timeout_ms / 1000:.0f} s"

    def _ui(self, flow: str, expected: str, check: Callable[[], T]) -> T:
        """A UI step or expectation of the flow; a failed one becomes a finding naming the flow."""
        try:
            return check()
        except FlowFailure:
            raise
        except (AssertionError, PlaywrightTimeoutError) as exc:
            raise FlowFailure(flow, expected, _summary(exc)) from None

    def _do(self, flow: str, title: str, action: Callable[[], T], **params: Any) -> T:
        """One user action as an evidence step; the app not letting the user do it is a finding."""
        with self.evidence.step(title, **params):
            return self._ui(flow, f"the app lets the user {title}", action)

    def _methods(self, user: WebUser) -> list[dict[str, Any]]:
        return list(self.connect.list_payment_methods(user.id, page_size=PAGE_SIZE).expect(200)["results"])

    def _debts(self, user: WebUser) -> list[dict[str, Any]]:
        return list(self.connect.list_debts(user.id, page_size=PAGE_SIZE).expect(200)["results"])

    def _answer(self, flow: str, answer: Challenge) -> None:
        with self.evidence.step("answer the 3DS challenge", answer=answer.value):
            try:
                self.challenge.answer(answer, instead=self.app.error_message())
            except ChallengeNotShown as exc:
                raise FlowFailure(
                    flow, f"a 3DS challenge to {answer.value}", f"{exc}; the app shows {self.app.visible_message()!r}"
                ) from None
            except (AssertionError, PlaywrightTimeoutError) as exc:
                raise FlowFailure(flow, f"the challenge's {answer.value} button", _summary(exc)) from None

    def _message(self, flow: str) -> Message:
        with self.evidence.step("read the app's message"):
            try:
                return self.app.read_message()
            except AssertionError:
                open_challenge = " while a 3DS challenge is open" if self.challenge.is_open() else ""
                raise FlowFailure(
                    flow, "a success or error message from the app", f"none within {self._seconds()}{open_challenge}"
                ) from None

    @staticmethod
    def _expect_kind(flow: str, message: Message, kind: MessageKind, what: str) -> None:
        if message.kind is not kind:
            raise FlowFailure(
                flow,
                f"{'a success' if kind is MessageKind.SUCCESS else 'an error'} message {what}",
                f'{message.kind.value} "{message.text}"',
            )

    # --- flows ------------------------------------------------------------------------------------
    def sign_in(self, user: WebUser, flow: str = "sign in") -> None:
        self._do(flow, "sign in", lambda: self.app.sign_in(user), user=user.id)

    def open_card_form(self, flow: str = "open the add-payment-method form") -> ElementKind:
        """Open the app's add-payment-method form and wait for Stripe's card form in it."""

        def open_form() -> ElementKind:
            self.app.open_add_payment_method()
            return self.elements.wait_ready()

        return self._do(flow, "open the add-payment-method form with Stripe's card form", open_form)

    def add_card(self, user: WebUser, scenario: AddCard) -> AddCardResult:
        """Open the form, type the card, submit, answer 3DS if asked; then the API must agree."""
        flow = scenario.flow
        if not self._parameters_set:  # the test's first card and 3DS answer tell runs of a test apart
            card_parameter(scenario.card)
            three_ds_parameter(scenario.three_ds or "none")
            self._parameters_set = True
        before = self._methods(user)
        self.confirmations.clear()
        element = self.open_card_form(flow)
        self._do(
            flow,
            "type the card",
            lambda: self.elements.fill(CardEntry.of(scenario.card)),
            card=f"{scenario.card.label} (…{scenario.card.last4})",
        )
        self._do(flow, "submit the card", self.app.submit_payment_method)
        if scenario.three_ds is not None:  # set exactly when the card asks for 3DS (the scenario checks)
            self._answer(flow, scenario.three_ds)
        message = self._message(flow)
        after = self._methods(user)
        attach_json("payment methods after the flow (Connect API)", after)
        known = {m["id"] for m in before}
        added = [m for m in after if m["id"] not in known]
        result = AddCardResult(message, element, added, list(self.confirmations.seen))
        if scenario.saved:
            self._check_saved(scenario, result, first=not before)
        else:
            self._check_refused(scenario, result)
        return result

    def _check_saved(self, scenario: AddCard, result: AddCardResult, *, first: bool) -> None:
        flow, card = scenario.flow, scenario.card
        self._expect_kind(flow, result.message, MessageKind.SUCCESS, "after the card was saved")
        if len(result.added) != 1:
            raise FlowFailure(flow, "the Connect API lists the new card once", f"{len(result.added)} new methods")
        listed = result.added[0]
        shape = (listed.get("type"), (listed.get("card") or {}).get("brand"), (listed.get("card") or {}).get("last4"))
        if shape != ("card", card.brand, card.last4):
            raise FlowFailure(flow, f"listed as card / {card.brand} / {card.last4}", " / ".join(map(str, shape)))
        if first and listed.get("default") is not True:
            raise FlowFailure(flow, "the user's only method is the default", f"default={listed.get('default')!r}")
        if not result.confirmations or any(c.kind != "setup_intents" for c in result.confirmations):
            kinds = ", ".join(sorted({c.kind for c in result.confirmations})) or "no confirm call"
            raise FlowFailure(flow, "the card confirmed on the Connect API's SetupIntent", kinds)
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

    def _check_refused(self, scenario: AddCard, result: AddCardResult) -> None:
        flow, card = scenario.flow, scenario.card
        self._expect_kind(flow, result.message, MessageKind.ERROR, "and no card saved")
        if result.added:
            shown = ", ".join(
                f"{(m.get('card') or {}).get('brand')} …{(m.get('card') or {}).get('last4')}" for m in result.added
            )
            raise FlowFailure(flow, "nothing attached in the Connect API", f"attached: {shown}")
        self._ui(
            flow,
            f"the app does not list …{card.last4}",
            lambda: expect(self.app.payment_method(card.last4)).to_have_count(0, timeout=self.app.timeout_ms),
        )

    def pay_debt(self, user: WebUser, scenario: PayDebt, session_id: str) -> Message:
        """Open the debts, pay the session's debt with the saved card (3DS if asked); the API must agree."""
        flow = scenario.flow

        def open_debts() -> None:
            self.app.open_debts()
            expect(self.app.debts().first).to_be_visible(timeout=self.app.timeout_ms)

        self._do(flow, "see the open debt", open_debts)
        self._do(flow, "pay the debt", self.app.pay_debt)
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
            if not left:
                raise FlowFailure(flow, "the debt still open in the Connect API", "no debt listed")
        return message

    def start_with_preauthorization(self, user: WebUser, scenario: StartWithPreauthorization) -> dict[str, Any]:
        """Start charging; the app confirms the pre-authorization (3DS) and starts again. Answers the session."""
        flow = scenario.flow
        evse_id = scenario.evse_ids[0]
        self._do(flow, "start charging", lambda: self.app.start_charging(evse_id), evse=evse_id)
        if scenario.three_ds is not None:
            self._answer(flow, scenario.three_ds)
        message = self._message(flow)
        sessions = self.connect.list_charging_sessions(user.id, page_size=PAGE_SIZE).expect(200)["results"]
        active = [s for s in sessions if s.get("is_active")]
        attach_json("charging sessions after the flow (Connect API)", sessions)
        if not scenario.starts:
            self._expect_kind(flow, message, MessageKind.ERROR, "and no session started")
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

    def stop_charging(self, user: WebUser, session_id: str, flow: str) -> None:
        self._do(flow, "stop charging", self.app.stop_charging)
        message = self._message(flow)
        self._expect_kind(flow, message, MessageKind.SUCCESS, "after stopping")
        session = self.connect.get_charging_session(user.id, session_id).expect(200)
        if session.get("is_active"):
            raise FlowFailure(flow, "the session stopped in the Connect API", "still active")

    def _expect_no_methods_shown(self, flow: str) -> None:
        listed = self.app.payment_methods()
        try:
            empty: Any = self.app.no_payment_methods()
        except StepNotDeclared:
            empty = None
        if empty is not None:  # wait until the list has loaded: empty, or showing something
            self._ui(
                flow,
                "the next user's list of payment methods",
                lambda: expect(empty.or_(listed).filter(visible=True).first).to_be_visible(timeout=self.app.timeout_ms),
            )
        shown = listed.all_inner_texts()
        if shown:
            items = "; ".join(" ".join(text.split()) for text in shown)
            raise FlowFailure(flow, "none of the previous user's payment methods shown", f"the app lists: {items}")

    def log_out_then_next_user(self, first: WebUser, second: WebUser, scenario: Logout) -> None:
        """The first user adds a card and logs out; the second must see none of it, and add their own."""
        flow = scenario.flow
        add = AddCard(flow, scenario.card)
        self.sign_in(first, flow)
        self.add_card(first, add)
        first_methods = self._methods(first)
        self._do(flow, "log out", self.app.log_out)
        self.sign_in(second, flow)
        with self.evidence.step("look at the next user's payment methods"):
            self._expect_no_methods_shown(flow)
        if self._methods(second):
            raise FlowFailure(
                flow, "the next user has no payment method in the Connect API", f"{len(self._methods(second))} listed"
            )
        self.add_card(second, add)
        if [m["id"] for m in self._methods(first)] != [m["id"] for m in first_methods]:
            raise FlowFailure(
                flow,
                "the previous user's payment methods unchanged by the next user",
                "the previous user's list changed after the next user added a card",
            )
