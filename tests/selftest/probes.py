"""A direct probe per fault mode: one small scenario against the sandbox, answering whether the fault's
misbehavior shows. The same probe runs with the fault on (it must show) and off (it must not), so a fault
that does nothing can never count as caught by the self-test.

HTTP probes drive an in-process sandbox through the harness's typed clients (and raw HTTP where a status
or a header is the point); browser probes drive the reference client served on loopback.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from playwright.sync_api import Page, expect
from starlette.testclient import TestClient

from connect_cert.fixtures.cards import (
    CHARGE_CUSTOMER_FAIL_0341,
    DECLINED_GENERIC_0002,
    THREE_DS_3184,
    VISA_4242,
    Challenge,
    TestCard,
)
from connect_cert.fixtures.charging import BILLING_DETAILS, PROGRESS_VCP, SHARED_VCP
from connect_cert.harness.clients import ApiResponse
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.web.partner_app import Message, MessageKind, ReferenceClient, injected_user
from connect_cert.harness.web.scenarios import PREAUTH_3184_COMPLETE
from connect_cert.harness.web.stripe_elements import CardEntry, ElementKind, StripeElements
from connect_cert.harness.web.three_ds import OVERLAY, ChallengeNotShown, ThreeDSChallenge
from connect_cert.sandbox.errors import ERROR_TYPES
from connect_cert.sandbox.identity import partner_token

UNKNOWN_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJwYXJ0bmVyIjoibm9ib2R5In0.bm90LWEtc2lnbmF0dXJl"
SHOWN_WITHIN_MS = 3_000


@dataclass
class Api:
    """One sandbox, as partners, their frontends and the control API reach it."""

    http: TestClient  # raw HTTP, for statuses and headers
    connect: ConnectClient  # partner_a
    other: ConnectClient  # partner_b
    anonymous: ConnectClient  # no token
    frontend: Frontend
    control: SandboxControl

    def user(self, *, billing: bool = True) -> str:
        user_id: str = self.connect.create_user(external_id=f"probe-{uuid.uuid4().hex[:8]}").expect(201)["id"]
        if billing:
            self.connect.put_billing_details(user_id, BILLING_DETAILS).expect(200)
        return user_id

    def card(self, user_id: str, card: TestCard = VISA_4242) -> str:
        added = self.frontend.add_card(user_id, card)
        assert added.succeeded and added.payment_method_id, added.intent
        return added.payment_method_id

    def get(self, path: str, token: str | None = partner_token("partner_a")) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.get(f"/api/v1{path}", headers=headers)

    def start(self, user_id: str, pm_id: str, evse_id: str = SHARED_VCP) -> ApiResponse:
        return self.connect.start_charging(user_id, evse_id=evse_id, payment_method_id=pm_id)

    def settled_session(self, user_id: str, pm_id: str) -> str:
        """A session started, stopped and finished (CDR and final charge done); its id."""
        session_id: str = self.start(user_id, pm_id).expect(201)["id"]
        self.connect.stop_charging(user_id, session_id).expect(204)
        self.control.finish_session(session_id).expect(200)
        return session_id

    def user_in_debt(self) -> tuple[str, str, dict[str, Any] | None]:
        """A user whose session's final charge failed (0341, no hold): user, method, the debt listed (or None)."""
        self.control.configure(preauth_amount="0").expect(200)
        user_id = self.user()
        pm_id = self.card(user_id, CHARGE_CUSTOMER_FAIL_0341)
        session_id = self.settled_session(user_id, pm_id)
        debts = self.connect.list_debts(user_id).expect(200)["results"]
        return user_id, pm_id, next((d for d in debts if d["session_id"] == session_id), None)


P = TypeVar("P")


def _registry(table: dict[str, P]) -> Callable[[str], Callable[[P], P]]:
    """A decorator factory: `@probe_of(fault)` files the decorated probe under `fault` in `table`."""

    def probe_of(fault: str) -> Callable[[P], P]:
        def register(probe: P) -> P:
            table[fault] = probe
            return probe

        return register

    return probe_of


HttpProbe = Callable[[Api], bool]
HTTP_PROBES: dict[str, HttpProbe] = {}
http_probe = _registry(HTTP_PROBES)


# --- contract -------------------------------------------------------------------------------------


@http_probe("contract.user_custom_properties_as_string")
def _custom_properties(api: Api) -> bool:
    user = api.connect.create_user(external_id="probe-external").expect(201, 200)
    return isinstance(user["custom_properties"], str)


@http_probe("contract.list_count_missing")
def _count(api: Api) -> bool:
    api.user()
    return "count" not in api.connect.list_users().expect(200)


@http_probe("contract.users_create_answers_200")
def _create_status(api: Api) -> bool:
    return api.connect.create_user().status == 200


@http_probe("contract.json_served_as_text_plain")
def _content_type(api: Api) -> bool:
    return str(api.get("/users/").headers["content-type"]).startswith("text/plain")


@http_probe("contract.pagination_previous_on_first_page")
def _previous(api: Api) -> bool:
    api.user()
    return api.connect.list_users().expect(200)["previous"] is not None


@http_probe("contract.billing_details_update_500")
def _billing_500(api: Api) -> bool:
    user_id = api.user(billing=False)
    return api.connect.put_billing_details(user_id, BILLING_DETAILS).status == 500


@http_probe("contract.not_found_as_html")
def _html_404(api: Api) -> bool:
    answer = api.get(f"/users/{uuid.uuid4()}/")
    assert answer.status_code == 404
    return str(answer.headers["content-type"]).startswith("text/html")


@http_probe("contract.error_type_outside_the_enum")
def _error_type(api: Api) -> bool:
    user_id = api.user()
    answer = api.connect.update_user(user_id, locale="xx")
    assert answer.status == 400, answer
    return answer.body["error"]["type"] not in ERROR_TYPES


# --- auth -----------------------------------------------------------------------------------------


@http_probe("auth.no_token_served_as_first_partner")
def _no_token_served(api: Api) -> bool:
    return api.get("/users/", token=None).status_code == 200


@http_probe("auth.missing_token_answers_403")
def _no_token_403(api: Api) -> bool:
    return api.get("/users/", token=None).status_code == 403


@http_probe("auth.unknown_token_accepted")
def _unknown_token(api: Api) -> bool:
    return api.get("/users/", token=UNKNOWN_TOKEN).status_code == 200


@http_probe("auth.another_partners_user_visible")
def _tenancy(api: Api) -> bool:
    return api.other.get_user(api.user()).status == 200


# --- payments -------------------------------------------------------------------------------------


@http_probe("payments.setup_endpoint_gives_payment_intent_secret")
def _setup_secret(api: Api) -> bool:
    secret = api.connect.get_setup_intent(api.user()).expect(200)["setup_intent_client_secret"]
    return str(secret).startswith("pi_")


@http_probe("payments.method_not_attached_after_setup")
def _not_attached(api: Api) -> bool:
    user_id = api.user()
    assert api.frontend.add_card(user_id, VISA_4242).status == "succeeded"
    return api.connect.list_payment_methods(user_id).expect(200)["count"] == 0


@http_probe("payments.card_3184_attached_without_3ds")
def _no_challenge(api: Api) -> bool:
    added = api.frontend.add_card(api.user(), THREE_DS_3184, challenge=None)  # a challenge is left pending
    return added.status == "succeeded"


@http_probe("payments.declined_card_attached")
def _decline_attached(api: Api) -> bool:
    user_id = api.user()
    api.frontend.add_card(user_id, DECLINED_GENERIC_0002)
    return api.connect.list_payment_methods(user_id).expect(200)["count"] == 1


@http_probe("payments.full_card_number_exposed")
def _full_number(api: Api) -> bool:
    user_id = api.user()
    api.card(user_id)
    card = api.connect.list_payment_methods(user_id).expect(200)["results"][0]["card"]
    return card.get("number") == VISA_4242.number


# --- lifecycle ------------------------------------------------------------------------------------


@http_probe("lifecycle.start_without_payment_method")
def _start_without_method(api: Api) -> bool:
    return api.start(api.user(), "pm_probeNotTheUsers0000000").status == 201


@http_probe("lifecycle.start_without_billing_details")
def _start_without_billing(api: Api) -> bool:
    user_id = api.user(billing=False)
    return api.start(user_id, api.card(user_id)).status == 201


@http_probe("lifecycle.no_preauthorization")
def _no_hold(api: Api) -> bool:
    user_id = api.user()
    return api.start(user_id, api.card(user_id, THREE_DS_3184)).status == 201


@http_probe("lifecycle.preauth_402_without_secret")
def _402_without_secret(api: Api) -> bool:
    user_id = api.user()
    error = api.start(user_id, api.card(user_id, THREE_DS_3184)).expect(402)["error"]
    return not error.get("payment_intent_client_secret")


@http_probe("lifecycle.authorized_hold_not_reused")
def _hold_not_reused(api: Api) -> bool:
    user_id = api.user()
    pm_id = api.card(user_id, THREE_DS_3184)
    secret = api.start(user_id, pm_id).expect(402)["error"]["payment_intent_client_secret"]
    assert api.frontend.confirm_payment(secret, pm_id, challenge=Challenge.COMPLETE).status == "requires_capture"
    return api.start(user_id, pm_id).status == 402


@http_probe("lifecycle.debt_does_not_block_start")
def _debt_start(api: Api) -> bool:
    user_id, pm_id, debt = api.user_in_debt()
    assert debt is not None
    return api.start(user_id, pm_id).status == 201


@http_probe("lifecycle.second_start_allowed")
def _second_start(api: Api) -> bool:
    user_id = api.user()
    pm_id = api.card(user_id)
    api.start(user_id, pm_id, PROGRESS_VCP).expect(201)
    return api.start(user_id, pm_id, SHARED_VCP).status == 201


@http_probe("lifecycle.second_stop_answers_204")
def _second_stop(api: Api) -> bool:
    user_id = api.user()
    session_id = api.start(user_id, api.card(user_id)).expect(201)["id"]
    api.connect.stop_charging(user_id, session_id).expect(204)
    return api.connect.stop_charging(user_id, session_id).status == 204


@http_probe("lifecycle.stop_keeps_session_active")
def _stop_keeps_active(api: Api) -> bool:
    user_id = api.user()
    session_id = api.start(user_id, api.card(user_id)).expect(201)["id"]
    api.connect.stop_charging(user_id, session_id).expect(204)
    return bool(api.connect.get_charging_session(user_id, session_id).expect(200)["is_active"])


@http_probe("lifecycle.session_never_priced")
def _never_priced(api: Api) -> bool:
    user_id = api.user()
    session_id = api.settled_session(user_id, api.card(user_id))
    cost = api.connect.get_charging_session(user_id, session_id).expect(200)["session_cost"]
    return cost["kwh_cost"] is None and cost["invoice_summary"] != "0.00"


@http_probe("lifecycle.no_debt_after_failed_final_charge")
def _no_debt(api: Api) -> bool:
    return api.user_in_debt()[2] is None


@http_probe("lifecycle.debt_does_not_block_deletion")
def _delete_in_debt(api: Api) -> bool:
    user_id, _pm_id, debt = api.user_in_debt()
    assert debt is not None
    return api.connect.delete_user(user_id).status == 204


@http_probe("lifecycle.debt_does_not_block_method_removal")
def _remove_method_in_debt(api: Api) -> bool:
    user_id, pm_id, debt = api.user_in_debt()
    assert debt is not None
    return api.connect.delete_payment_method(user_id, pm_id).status != 402


@http_probe("lifecycle.paid_debt_still_listed")
def _paid_debt_listed(api: Api) -> bool:
    user_id, _pm_id, debt = api.user_in_debt()
    assert debt is not None
    paid = api.frontend.confirm_payment(debt["payment_intent_client_secret"], VISA_4242.pm_id)
    assert paid.status == "succeeded", paid.intent
    return api.connect.list_debts(user_id).expect(200)["count"] > 0


@http_probe("lifecycle.invoice_missing")
def _no_invoice(api: Api) -> bool:
    user_id = api.user()
    api.settled_session(user_id, api.card(user_id))
    return api.connect.list_invoices(user_id).expect(200)["count"] == 0


# --- browser probes -------------------------------------------------------------------------------


@dataclass
class Browser:
    """The reference client on a page of its own, for a user the probe made over HTTP."""

    page: Page
    base: str  # the sandbox's origin
    api: Api  # the same sandbox over HTTP

    def client(self, element: ElementKind = ElementKind.CARD) -> ReferenceClient:
        app = ReferenceClient(self.page, base=f"{self.base}/playground/", element=element, timeout_ms=10_000)
        app.open()
        return app

    def signed_in(self, user_id: str, element: ElementKind = ElementKind.CARD) -> ReferenceClient:
        app = self.client(element)
        app.sign_in(injected_user(user_id, partner_token("partner_a")))
        return app

    def add_card(self, app: ReferenceClient, card: TestCard) -> None:
        app.open_add_payment_method()
        elements = StripeElements(self.page, timeout_ms=10_000)
        elements.wait_ready()
        elements.fill(CardEntry.of(card))
        app.submit_payment_method()


BrowserProbe = Callable[[Browser], bool]
BROWSER_PROBES: dict[str, BrowserProbe] = {}
browser_probe = _registry(BROWSER_PROBES)


def _message(app: ReferenceClient) -> Message:
    return app.read_message()


@browser_probe("web_client.success_on_decline")
def _decline_shown_as_success(web: Browser) -> bool:
    app = web.signed_in(web.api.user())
    web.add_card(app, DECLINED_GENERIC_0002)
    return _message(app).kind is MessageKind.SUCCESS


@browser_probe("web_client.ignores_3ds_result")
def _failed_3ds_shown_as_saved(web: Browser) -> bool:
    app = web.signed_in(web.api.user())
    web.add_card(app, THREE_DS_3184)
    ThreeDSChallenge(web.page, timeout_ms=10_000).answer(Challenge.FAIL)
    return _message(app).kind is MessageKind.SUCCESS


@browser_probe("web_client.logout_keeps_user")
def _next_user_is_the_previous(web: Browser) -> bool:
    first, second = web.api.user(), web.api.user()
    app = web.signed_in(first)
    app.log_out()
    app.sign_in(injected_user(second, partner_token("partner_a")))
    shown = web.page.get_by_test_id("signed-in-user")
    expect(shown).not_to_be_empty(timeout=10_000)
    emails = {u: web.api.connect.get_user(u).expect(200)["email"] or u for u in (first, second)}
    return shown.inner_text().strip() == emails[first]


@browser_probe("web_client.payment_intent_for_setup")
def _card_added_with_a_payment_intent(web: Browser) -> bool:
    confirms: list[str] = []
    web.page.on("request", lambda r: confirms.append(r.url) if r.url.endswith("/confirm") else None)
    app = web.signed_in(web.api.user())
    web.add_card(app, VISA_4242)
    _message(app)
    return not any("/v1/setup_intents/" in url for url in confirms)


@browser_probe("web_client.preauth_402_not_confirmed")
def _hold_not_confirmed(web: Browser) -> bool:
    user_id = web.api.user()
    web.api.card(user_id, THREE_DS_3184)
    app = web.signed_in(user_id)
    app.start_charging(PREAUTH_3184_COMPLETE)
    try:
        ThreeDSChallenge(web.page, timeout_ms=10_000).wait_shown(instead=app.error_message())
    except ChallengeNotShown:
        return True
    return False


@browser_probe("stripe_js.challenge_frame_never_shown")
def _challenge_hidden(web: Browser) -> bool:
    app = web.signed_in(web.api.user())
    web.add_card(app, THREE_DS_3184)
    overlay = web.page.locator(OVERLAY)
    expect(overlay).to_have_count(1, timeout=10_000)
    try:
        expect(overlay).to_be_visible(timeout=SHOWN_WITHIN_MS)
    except AssertionError:
        return True
    return False


# --- PaymentSheet stand-in (iOS page, driven as a web page) ----------------------------------------------

SHEET_WAIT_MS = 10_000


def _sheet_app(web: Browser, user_id: str, query: str = "") -> Page:
    """The PaymentSheet stand-in's iOS app, signed in as `user_id`, its methods listed."""
    page = web.page
    page.goto(f"{web.base}/paymentsheet/ios/{query}")
    expect(page.locator('#device[data-ready="true"]')).to_have_count(1, timeout=SHEET_WAIT_MS)
    page.fill("#user_id", user_id)
    page.click("#sign_in")
    expect(page.locator("#home-screen")).to_be_visible(timeout=SHEET_WAIT_MS)
    expect(page.locator("#methods > *").or_(page.locator("#no_payment_methods")).first).to_be_visible(
        timeout=SHEET_WAIT_MS
    )
    return page


def _type_card(page: Page, card: TestCard) -> None:
    page.fill("#card-number", card.number)
    page.fill("#card-expiry", "1234")
    page.fill("#card-cvc", "123")
    page.click("#keyboard-done")  # the keyboard's toolbar covers the button until dismissed
    page.click("#primary-button")


@browser_probe("paymentsheet.customer_kept_after_logout")
def _previous_customer_kept(web: Browser) -> bool:
    first, second = web.api.user(), web.api.user()
    web.api.card(first)
    page = _sheet_app(web, first)
    expect(page.locator("#methods > *")).to_have_count(1, timeout=SHEET_WAIT_MS)
    page.click("#log_out")
    page.fill("#user_id", second)
    page.click("#sign_in")
    listed = page.locator("#methods > *").or_(page.locator("#no_payment_methods")).first
    expect(listed).to_be_visible(timeout=SHEET_WAIT_MS)
    return page.locator("#methods > *").count() > 0


@browser_probe("paymentsheet.apple_pay_gives_a_non_4242_card")
def _apple_pay_card(web: Browser) -> bool:
    user_id = web.api.user()
    page = _sheet_app(web, user_id, "?wallet=apple_pay")
    page.click("#add_payment_method")
    page.click("#wallet-button")
    page.click("#wallet-confirm")
    expect(page.locator("#methods > *")).to_have_count(1, timeout=SHEET_WAIT_MS)
    method = web.api.connect.list_payment_methods(user_id).expect(200)["results"][0]
    return (method["type"], method["card"]["last4"]) != ("apple_pay", VISA_4242.last4)


@browser_probe("paymentsheet.native_challenge_skipped")
def _native_challenge_skipped(web: Browser) -> bool:
    page = _sheet_app(web, web.api.user())
    page.click("#add_payment_method")
    _type_card(page, THREE_DS_3184)
    shown = page.locator("#native-challenge")
    expect(shown.or_(page.locator("#sheet-error")).filter(visible=True).first).to_be_visible(timeout=SHEET_WAIT_MS)
    return not shown.is_visible()
