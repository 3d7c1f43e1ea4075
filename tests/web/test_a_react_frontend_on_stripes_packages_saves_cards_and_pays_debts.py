"""A partner frontend built with @stripe/react-stripe-js 7 and @stripe/stripe-js 10 from npm runs against the
sandbox's Stripe.js stand-in: cards are saved or refused as Stripe documents through <PaymentElement> +
confirmSetup and <CardElement> + confirmCardSetup, and a debt is paid with confirmPayment; the Connect API
agrees each time, and Stripe's loader and React wrapper find nothing missing (no warning, no error)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from connect_cert.fixtures.charging import BILLING_DETAILS
from connect_cert.harness.binding import BindingSpec, UserBinder
from connect_cert.harness.charging import Charging
from connect_cert.harness.clients.connect import ConnectClient
from connect_cert.harness.clients.sandbox_control import SandboxControl
from connect_cert.harness.frontend import Frontend
from connect_cert.harness.plugin import UserFactory
from connect_cert.harness.target import Target
from connect_cert.harness.web.evidence import Evidence
from connect_cert.harness.web.flows import StripeConfirmations, WebFlows
from connect_cert.harness.web.partner_app import MessageKind, WebUser, injected_user
from connect_cert.harness.web.preparation import open_debt
from connect_cert.harness.web.scenarios import (
    ADD_3184_COMPLETE,
    ADD_3184_FAIL,
    ADD_4242,
    DEBT_3184_COMPLETE,
    DECLINE_0002,
    RETRY_3184_COMPLETE,
    AddCard,
)
from connect_cert.harness.web.stripe_elements import ElementKind, StripeElements
from connect_cert.harness.web.three_ds import ThreeDSChallenge
from tests.web.react_support import (
    ESBUILD,
    NOT_INSTALLED,
    STRIPE_JS_LOADER,
    BrowserLog,
    ReactPartnerApp,
    app_config,
    build_react_app,
    serve_react_app,
)

WAIT_MS = 15_000  # every wait of the page objects, as in the web suite

# Each run adds its cards in this order; a refused card is followed by one that is saved, which proves the
# checks look at the right user.
CARD_RUNS: dict[str, tuple[AddCard, ...]] = {
    "4242-saved": (ADD_4242,),
    "3184-3ds-completed-saved": (ADD_3184_COMPLETE,),
    "3184-3ds-failed-refused-then-retried": (ADD_3184_FAIL, RETRY_3184_COMPLETE),
    "0002-declined-then-4242-saved": (DECLINE_0002, ADD_4242),
}


@pytest.fixture(scope="session")
def react_app_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app bundled once per session (per worker) with esbuild from the npm packages."""
    if not ESBUILD.exists() or not STRIPE_JS_LOADER.exists():
        pytest.skip(NOT_INSTALLED)
    return build_react_app(tmp_path_factory.mktemp("react-app"))


@pytest.fixture
def browser_log(page: Page) -> BrowserLog:
    log = BrowserLog()
    log.watch(page)
    return log


@pytest.fixture
def react_flows(
    page: Page,
    target: Target,
    connect: ConnectClient,
    user_factory: UserFactory,
    sandbox_control: SandboxControl,
    react_app_build: Path,
    browser_log: BrowserLog,
) -> Callable[[ElementKind], WebFlows]:
    """`react_flows(kind)`: the React app opened with that element form, driven by the web suite's flows."""
    page.set_default_timeout(WAIT_MS)
    serve_react_app(page, target.origin, react_app_build, app_config(target), browser_log)
    confirmations = StripeConfirmations()
    confirmations.watch(page)

    def open_app(kind: ElementKind) -> WebFlows:
        app = ReactPartnerApp(page, origin=target.origin, element=kind, timeout_ms=WAIT_MS)
        app.open()
        return WebFlows(
            app=app,
            elements=StripeElements(page, timeout_ms=WAIT_MS),
            challenge=ThreeDSChallenge(page, timeout_ms=WAIT_MS),
            connect=connect,
            evidence=Evidence(page, screenshots=False),
            confirmations=confirmations,
            binder=UserBinder(
                BindingSpec(), connect, make_user=user_factory, billing=BILLING_DETAILS, control=sandbox_control
            ),
        )

    return open_app


def _web_user(user: dict[str, str], target: Target) -> WebUser:
    return injected_user(user["id"], target.token, user.get("email"))


@pytest.mark.parametrize("kind", list(ElementKind), ids=[f"{k.value}-element" for k in ElementKind])
@pytest.mark.parametrize("run", list(CARD_RUNS.values()), ids=list(CARD_RUNS))
def test_cards_are_saved_or_refused_as_stripe_documents(
    react_flows: Callable[[ElementKind], WebFlows],
    user_factory: UserFactory,
    target: Target,
    browser_log: BrowserLog,
    kind: ElementKind,
    run: tuple[AddCard, ...],
) -> None:
    user = _web_user(user_factory(), target)
    flows = react_flows(kind)
    flows.sign_in(user)
    for scenario in run:
        # add_card checks the Connect API (listed once as card/brand/last4, default, confirmed on the
        # SetupIntent) and the app's list and message; here: which element took the card, and the outcome.
        result = flows.add_card(user, scenario)
        assert result.element is kind
        assert len(result.added) == (1 if scenario.saved else 0)
        assert result.message.kind is (MessageKind.SUCCESS if scenario.saved else MessageKind.ERROR)
    assert browser_log.complaints() == []


def test_a_debt_is_paid_with_confirm_payment(
    react_flows: Callable[[ElementKind], WebFlows],
    user_factory: UserFactory,
    target: Target,
    connect: ConnectClient,
    frontend: Frontend,
    charging: Charging,
    browser_log: BrowserLog,
) -> None:
    user = _web_user(user_factory.with_billing(), target)
    session_id = open_debt(user.id, DEBT_3184_COMPLETE, frontend, charging)
    debts = connect.list_debts(user.id, page_size=100).expect(200)["results"]
    assert [d["session_id"] for d in debts] == [session_id]  # the debt the app must clear is there
    flows = react_flows(ElementKind.PAYMENT)
    flows.sign_in(user)
    message = flows.pay_debt(user, DEBT_3184_COMPLETE, session_id)
    assert message.kind is MessageKind.SUCCESS
    assert connect.list_debts(user.id, page_size=100).expect(200)["results"] == []
    assert [c.kind for c in flows.confirmations.seen] == ["payment_intents"]
    assert browser_log.complaints() == []
