"""The partner app's own navigation, behind one interface; Stripe's parts are not in here.

Sign in, open "add payment method", submit it, read the message, list the methods, start and stop
charging, open and pay debts, log out: every web app does these its own way. `PartnerApp` is the
interface the flows drive (adapter API version `ADAPTER_API_VERSION`; the public module for adapters is
`connect_cert.harness.adapters`); three ways to provide it (`apps.web.adapter` in certification.yaml):
- `reference` (default): the built-in reference client of the sandbox (`/playground/`);
- a mapping of step name -> Playwright selector (inline, or a `.yaml` file), driven by `SelectorApp`;
- `module:Class` (or `file.py:Class` next to certification.yaml): a subclass of `PartnerApp`.

Step names of a selector mapping (selectors are Playwright's: CSS, `text=…`, `role=button[name='…']`):
  required  sign_in, add_payment_method, submit_payment_method, success_message, error_message,
            payment_method (one listed method), log_out
  optional  ready (shown once the page is usable), sign_in.email, sign_in.password, sign_in.token,
            sign_in.user_id (inputs filled with the user's values), signed_in, connect_user_id (where a
            debug build shows the Connect user id: binding `app`), payment_method.default (inside an item),
            no_payment_methods (the empty list), log_out.open (a menu to open first),
            evse, start_charging, stop_charging, open_debts, debt, pay_debt (inside a debt), no_debts
A step may be a list of selectors: each is clicked in order ("open the menu", then "My cards"); for a step
that names something to read (payment_method, debt, the messages), the last one is read and the ones before
are clicked to get there. A flow whose steps an app does not declare is not applicable, with the missing
step names as the reason.
"""

from __future__ import annotations

import importlib
import importlib.util
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from playwright.sync_api import Locator, Page, expect

from connect_cert.harness.binding import AppUser, BindingKind, BindingSpec, BoundUser, Credentials
from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.web.scenarios import AddCard, PayDebt, StartWithPreauthorization
from connect_cert.harness.web.stripe_elements import ElementKind

ADAPTER_API_VERSION = 1  # the interface below; an adapter naming a newer one is refused with one line

REQUIRED_STEPS = (
    "sign_in",
    "add_payment_method",
    "submit_payment_method",
    "success_message",
    "error_message",
    "payment_method",
    "log_out",
)
OPTIONAL_STEPS = (
    "ready",
    "sign_in.email",
    "sign_in.password",
    "sign_in.token",
    "sign_in.user_id",
    "signed_in",
    "connect_user_id",
    "payment_method.default",
    "no_payment_methods",
    "log_out.open",
    "evse",
    "start_charging",
    "stop_charging",
    "open_debts",
    "debt",
    "pay_debt",
    "no_debts",
)
CHARGING_STEPS = ("evse", "start_charging", "stop_charging")
DEBT_STEPS = ("open_debts", "debt", "pay_debt", "no_debts")
FEATURES: Mapping[str, tuple[str, ...]] = {"charging": CHARGING_STEPS, "debts": DEBT_STEPS}
SIGN_IN_INPUTS = ("email", "password", "token", "user_id")

Step = str | Sequence[str]  # one selector, or several done in order
WebUser = AppUser  # a user of the app under test (see connect_cert.harness.binding)


class StepNotDeclared(Exception):
    """The partner app does not declare a step a flow needs: the flow is not applicable to it."""


def injected_user(user_id: str, token: str, email: str | None = None) -> AppUser:
    """A user the harness made and types into an app that accepts one (binding `injected`)."""
    credentials = Credentials(email or "", "", user_id, token)
    return AppUser(credentials, bound=BoundUser(user_id, BindingKind.INJECTED, "created by the harness"))


class MessageKind(StrEnum):
    SUCCESS = "success"
    ERROR = "error"


@dataclass(frozen=True)
class Message:
    """What the app told the user after an action."""

    kind: MessageKind
    text: str


class PartnerApp(ABC):
    """One partner web app on one page. `open()` first; every wait is bounded by `timeout_ms`.

    The steps that act on a scenario are given it (the card and the 3DS answer it wants). Optional steps
    raise `StepNotDeclared` unless overridden: the flows needing them are then not applicable.
    """

    adapter_api: ClassVar[int] = ADAPTER_API_VERSION  # the adapter API version this class is written for

    def __init__(self, page: Page, *, url: str, timeout_ms: float = 15_000) -> None:
        self.page = page
        self.url = url
        self.timeout_ms = timeout_ms

    # navigation ------------------------------------------------------------------------------------
    @abstractmethod
    def open(self) -> None:
        """Load the app and wait until it can be used."""

    @abstractmethod
    def sign_in(self, user: AppUser) -> None:
        """Sign the user up or in (`user.value("email")`, `"password"`, `"user_id"`, `"token"`) and wait until
        the app shows them signed in."""

    @abstractmethod
    def open_add_payment_method(self, scenario: AddCard | None = None) -> None:
        """Show the form with Stripe's card element (a no-op when it is already shown)."""

    @abstractmethod
    def submit_payment_method(self, scenario: AddCard | None = None) -> None:
        """Press the app's own button that saves the card the scenario typed."""

    @abstractmethod
    def log_out(self) -> None:
        """Log out and wait until the app shows it."""

    # what the user sees ---------------------------------------------------------------------------
    @abstractmethod
    def success_message(self) -> Locator: ...

    @abstractmethod
    def error_message(self) -> Locator: ...

    @abstractmethod
    def payment_methods(self) -> Locator:
        """Every listed payment method."""

    def payment_method(self, last4: str) -> Locator:
        return self.payment_methods().filter(has_text=last4)

    def show_payment_methods(self) -> None:
        """Go where the payment methods are listed (e.g. open "My cards"); a no-op where they always show."""
        return None

    def connect_user_id(self) -> str:
        """The Connect user id a debug build shows (binding `app`)."""
        raise StepNotDeclared("connect_user_id")

    def missing_steps(self, feature: str) -> tuple[str, ...]:
        """The steps of `feature` (charging, debts) this app does not declare; empty when it declares them."""
        methods = {"charging": ("start_charging", "stop_charging"), "debts": ("open_debts", "debts", "pay_debt")}
        overridden = all(getattr(type(self), m) is not getattr(PartnerApp, m) for m in methods[feature])
        return () if overridden else FEATURES[feature]

    def default_marker(self, last4: str) -> Locator:
        raise StepNotDeclared("payment_method.default")

    def no_payment_methods(self) -> Locator:
        raise StepNotDeclared("no_payment_methods")

    def read_message(self) -> Message:
        """Wait for a success or an error message and read it."""
        shown = self.success_message().or_(self.error_message()).filter(visible=True).first
        expect(shown).to_be_visible(timeout=self.timeout_ms)
        kind = MessageKind.ERROR if self.error_message().filter(visible=True).count() else MessageKind.SUCCESS
        return Message(kind, shown.inner_text().strip())

    def visible_message(self) -> str:
        """Whatever message shows now, without waiting (for findings)."""
        shown = self.success_message().or_(self.error_message()).filter(visible=True).first
        return shown.inner_text().strip() if shown.count() else "(no message)"

    # charging and debts (optional) ------------------------------------------------------------------
    def start_charging(self, scenario: StartWithPreauthorization) -> None:
        """Start charging at `scenario.evse_ids[0]` with the saved card."""
        raise StepNotDeclared(", ".join(CHARGING_STEPS))

    def stop_charging(self) -> None:
        raise StepNotDeclared(", ".join(CHARGING_STEPS))

    def open_debts(self) -> None:
        raise StepNotDeclared(", ".join(DEBT_STEPS))

    def debts(self) -> Locator:
        raise StepNotDeclared(", ".join(DEBT_STEPS))

    def pay_debt(self, scenario: PayDebt) -> None:
        """Pay the first open debt (with the saved card; the flow answers the 3DS challenge the scenario asks)."""
        raise StepNotDeclared(", ".join(DEBT_STEPS))

    def no_debts(self) -> Locator:
        raise StepNotDeclared(", ".join(DEBT_STEPS))


def check_selectors(selectors: Mapping[str, Step]) -> None:
    """ConfigError (one line) when required steps are missing or a step name is unknown."""
    missing = [s for s in REQUIRED_STEPS if not selectors.get(s)]
    unknown = [s for s in selectors if s not in REQUIRED_STEPS + OPTIONAL_STEPS]
    problems = ([f"missing steps: {', '.join(missing)}"] if missing else []) + (
        [f"unknown steps: {', '.join(unknown)}"] if unknown else []
    )
    if problems:
        raise ConfigError(f"apps.web.adapter: {'; '.join(problems)} (step names: harness/web/partner_app.py)")


def _sequence(step: Step) -> tuple[str, ...]:
    return (step,) if isinstance(step, str) else tuple(step)


class SelectorApp(PartnerApp):
    """A partner app described by step name -> selector, or a list of them (see the module docstring)."""

    def __init__(self, page: Page, *, url: str, selectors: Mapping[str, Step], timeout_ms: float = 15_000) -> None:
        super().__init__(page, url=url, timeout_ms=timeout_ms)
        check_selectors(selectors)
        self.selectors = {name: _sequence(step) for name, step in selectors.items()}

    def _has(self, *steps: str) -> bool:
        return all(self.selectors.get(s) for s in steps)

    def _need(self, *steps: str) -> None:
        missing = [s for s in steps if not self.selectors.get(s)]
        if missing:
            raise StepNotDeclared(", ".join(missing))

    def missing_steps(self, feature: str) -> tuple[str, ...]:
        return tuple(s for s in FEATURES[feature] if not self.selectors.get(s))

    def _click(self, selector: str) -> None:
        target = self.page.locator(selector).first
        expect(target).to_be_visible(timeout=self.timeout_ms)
        target.click()

    def go_to(self, step: str) -> None:
        """Click the selectors before the last one of `step` (the way to what it names)."""
        self._need(step)
        for selector in self.selectors[step][:-1]:
            self._click(selector)

    def perform(self, step: str) -> None:
        """Click every selector of `step`, in order."""
        self.go_to(step)
        self._click(self.selectors[step][-1])

    def at(self, step: str) -> Locator:
        """What `step` names (its last selector)."""
        self._need(step)
        return self.page.locator(self.selectors[step][-1])

    def open(self) -> None:
        self.page.goto(self.url)
        if self._has("ready"):
            expect(self.at("ready").first).to_be_attached(timeout=self.timeout_ms)

    def sign_in(self, user: AppUser) -> None:
        for name in SIGN_IN_INPUTS:
            if self._has(f"sign_in.{name}"):
                self.go_to(f"sign_in.{name}")
                self.at(f"sign_in.{name}").fill(user.value(name))
        self.perform("sign_in")
        if self._has("signed_in"):
            expect(self.at("signed_in").first).to_be_visible(timeout=self.timeout_ms)

    def connect_user_id(self) -> str:
        self.go_to("connect_user_id")
        shown = self.at("connect_user_id").first
        expect(shown).to_be_visible(timeout=self.timeout_ms)
        return shown.inner_text().strip()

    def show_payment_methods(self) -> None:
        self.go_to("payment_method")

    def open_add_payment_method(self, scenario: AddCard | None = None) -> None:
        self.go_to("add_payment_method")
        opener = self.at("add_payment_method")
        if opener.is_visible():
            opener.click()

    def submit_payment_method(self, scenario: AddCard | None = None) -> None:
        self.perform("submit_payment_method")

    def log_out(self) -> None:
        if self._has("log_out.open"):
            self.perform("log_out.open")
        self.perform("log_out")
        if self._has("signed_in"):
            expect(self.at("signed_in").filter(visible=True)).to_have_count(0, timeout=self.timeout_ms)

    def success_message(self) -> Locator:
        return self.at("success_message")

    def error_message(self) -> Locator:
        return self.at("error_message")

    def payment_methods(self) -> Locator:
        return self.at("payment_method")

    def default_marker(self, last4: str) -> Locator:
        self._need("payment_method.default")
        return self.payment_method(last4).locator(self.selectors["payment_method.default"][-1])

    def no_payment_methods(self) -> Locator:
        return self.at("no_payment_methods")

    def start_charging(self, scenario: StartWithPreauthorization) -> None:
        self._need(*CHARGING_STEPS)
        self.go_to("evse")
        self.at("evse").fill(scenario.evse_ids[0])
        self.perform("start_charging")

    def stop_charging(self) -> None:
        self._need(*CHARGING_STEPS)
        self.perform("stop_charging")

    def open_debts(self) -> None:
        self._need(*DEBT_STEPS)
        self.perform("open_debts")

    def debts(self) -> Locator:
        return self.at("debt")

    def pay_debt(self, scenario: PayDebt) -> None:
        self._need(*DEBT_STEPS)
        self.go_to("pay_debt")
        self.debts().first.locator(self.selectors["pay_debt"][-1]).click()

    def no_debts(self) -> Locator:
        return self.at("no_debts")


# The reference client (sandbox/static/playground/), described as a partner would describe theirs.
REFERENCE_QUERY = "?element={element}"
REFERENCE_SELECTORS: Mapping[str, Step] = {
    "ready": 'body[data-ready="true"]',
    "sign_in.token": '#sign-in-form input[name="token"]',
    "sign_in.user_id": '#sign-in-form input[name="user_id"]',
    "sign_in": "#sign-in-form button[type=submit]",
    "signed_in": '#account:not([hidden]) [data-testid="signed-in-user"]',
    "add_payment_method": "#add-payment-method",
    "submit_payment_method": "#submit-card",
    "success_message": '#message[data-kind="success"]',
    "error_message": '#message[data-kind="error"]',
    "payment_method": '[data-testid="payment-method"]',
    "payment_method.default": '[data-testid="pm-default"]',
    "no_payment_methods": '[data-testid="no-payment-methods"]',
    "log_out": "#logout",
    "evse": "#evse-id",
    "start_charging": "#start-charging",
    "stop_charging": "#stop-charging",
    "open_debts": "#open-debts",
    "debt": '[data-testid="debt"]',
    "pay_debt": 'button[data-action="pay"]',
    "no_debts": '[data-testid="no-debts"]',
}


class ReferenceClient(SelectorApp):
    """The sandbox's reference client; `element` picks its Payment Element or Card Element variant."""

    def __init__(
        self,
        page: Page,
        *,
        base: str,
        element: ElementKind = ElementKind.PAYMENT,
        timeout_ms: float = 15_000,
        config: Mapping[str, Any] | None = None,
    ) -> None:
        url = base.rstrip("/") + "/" + REFERENCE_QUERY.format(element=element.value)
        super().__init__(page, url=url, selectors=REFERENCE_SELECTORS, timeout_ms=timeout_ms)
        self.element = element
        self.config = config

    def open(self) -> None:
        if self.config is not None:
            # Not the sandbox: tell the page where the Connect API is and to load Stripe.js itself.
            self.page.route("**/playground/config.json", lambda route: route.fulfill(json=dict(self.config or {})))
        super().open()


@dataclass(frozen=True)
class WebAppSpec:
    """Which app the web suite drives and how: the reference client, selectors or a Python class."""

    kind: str  # "reference", "selectors", "python"
    url: str | None = None  # the partner app's URL; the reference client lives on the target's origin
    selectors: Mapping[str, Step] = field(default_factory=dict)
    adapter: type[PartnerApp] | None = None
    binding: BindingSpec = field(default_factory=BindingSpec)  # how the harness finds the app's Connect user

    @property
    def is_reference(self) -> bool:
        return self.kind == "reference"

    def build(
        self,
        page: Page,
        *,
        reference_base: str,
        element: ElementKind | None,
        timeout_ms: float,
        config: Mapping[str, Any] | None = None,
    ) -> PartnerApp:
        """The adapter on `page`; `reference_base` is where the reference client is served."""
        if self.kind == "reference":
            return ReferenceClient(
                page, base=reference_base, element=element or ElementKind.PAYMENT, timeout_ms=timeout_ms, config=config
            )
        assert self.url is not None
        if self.kind == "selectors":
            return SelectorApp(page, url=self.url, selectors=self.selectors, timeout_ms=timeout_ms)
        assert self.adapter is not None
        return self.adapter(page, url=self.url, timeout_ms=timeout_ms)


REFERENCE = WebAppSpec("reference")


def spec_from_partner_app(app: Any, config_dir: Path) -> WebAppSpec:
    """The spec of `apps.web` of certification.yaml (a `connect_cert.harness.partner_config.App`)."""
    adapter = app.adapter
    binding = getattr(app, "binding", None) or BindingSpec()
    if adapter is None or adapter.kind == "reference":
        return REFERENCE
    if adapter.kind == "selectors":
        check_selectors(adapter.selectors)
        return WebAppSpec("selectors", url=app.location, selectors=dict(adapter.selectors), binding=binding)
    adapter_class = load_adapter_class(adapter.python, config_dir)
    return WebAppSpec("python", url=app.location, adapter=adapter_class, binding=binding)


def load_adapter_class(reference: str, config_dir: Path) -> type[PartnerApp]:
    """`package.module:Class`, or `file.py:Class` relative to the partner config."""
    module_name, _, class_name = reference.partition(":")
    try:
        if module_name.endswith(".py"):
            path = (config_dir / module_name).resolve()
            spec = importlib.util.spec_from_file_location(f"connect_cert_partner_{path.stem}", path)
            if spec is None or spec.loader is None or not path.is_file():
                raise ConfigError(f"apps.web.adapter: {module_name} does not exist (relative to {config_dir})")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(module_name)
    except ConfigError:
        raise
    except Exception as exc:  # a partner's module may fail in any way: one line, exit 2
        raise ConfigError(f"apps.web.adapter: cannot import {module_name}: {type(exc).__name__}: {exc}") from None
    adapter = getattr(module, class_name, None)
    if not (isinstance(adapter, type) and issubclass(adapter, PartnerApp)):
        raise ConfigError(
            f"apps.web.adapter: {reference} is not a subclass of connect_cert.harness.adapters.PartnerApp"
        )
    if adapter.adapter_api > ADAPTER_API_VERSION:
        raise ConfigError(
            f"apps.web.adapter: {reference} is written for adapter API {adapter.adapter_api}; "
            f"this harness offers {ADAPTER_API_VERSION}: upgrade connect-cert"
        )
    return adapter
