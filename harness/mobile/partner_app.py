"""The partner app's own navigation on a device, behind one interface; PaymentSheet's parts are not in here.

Native, React Native and Flutter apps all present Stripe's native sheet, so the sheet is driven by the
page objects of `connect_cert.devices.paymentsheet`; what differs per app is how one signs in, opens the
sheet, sees the payment methods, starts charging, opens the debts and logs out. `MobileApp` is what the
flows drive; `apps.ios.adapter` / `apps.android.adapter` in certification.yaml provide it:
- `reference` (default): the sandbox's stand-in app, described by `stand_in_app.yaml` like any other;
- a mapping of step name -> locator (inline, or a `.yaml` file), driven by `LocatorApp`; a locator is
  `<strategy>: <value>` with Appium's strategy names, e.g. `accessibility id: sign_in`,
  `-ios predicate string: label == 'Log out'`, `-android uiautomator: new UiSelector().text("Pay")`;
- `module:Class` (or `file.py:Class` next to certification.yaml): a subclass of `MobileApp`.

Step names (a flow whose steps an app does not declare is skipped, naming them):
  required  sign_in, add_payment_method, payment_method (one listed method), log_out
  optional  ready, sign_in.user_id, sign_in.email, sign_in.password (fields filled with what the binding
            gives the user: see connect_cert.harness.binding), signed_in, connect_user_id (the Connect user id a
            debug build shows: binding `app`), no_payment_methods, message (the app's message line),
            evse, start_charging, stop_charging (shown while charging),
            open_debts, debt, pay_debt, no_debts
"""

from __future__ import annotations

import runpy
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from pkgutil import resolve_name
from typing import Any

import yaml

from connect_cert.devices.paymentsheet.elements import DEFAULT_TIMEOUT, DriverLike, Element, label_of
from connect_cert.devices.paymentsheet.locators import Locator, Strategy
from connect_cert.harness.binding import AppUser, BindingSpec
from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.web.partner_app import StepNotDeclared

STAND_IN_APP = Path(__file__).resolve().parent / "stand_in_app.yaml"
REQUIRED_STEPS = ("sign_in", "add_payment_method", "payment_method", "log_out")
USER_FIELDS = {"sign_in.user_id": "user_id", "sign_in.email": "email", "sign_in.password": "password"}
# Optional steps by the feature they give the flows; a flow needing an undeclared one is not applicable.
FEATURES: Mapping[str, tuple[str, ...]] = {
    "screens": ("ready", "signed_in", "connect_user_id", "no_payment_methods", "message", *USER_FIELDS),
    "charging": ("evse", "start_charging", "stop_charging"),
    "debts": ("open_debts", "debt", "pay_debt", "no_debts"),
}
OPTIONAL_STEPS = tuple(step for steps in FEATURES.values() for step in steps)
STRATEGIES = (
    Strategy.ACCESSIBILITY_ID,
    Strategy.IOS_PREDICATE,
    Strategy.IOS_CLASS_CHAIN,
    Strategy.ANDROID_UIAUTOMATOR,
    Strategy.ID,
    Strategy.XPATH,
    Strategy.CLASS_NAME,
)


def undeclared(feature: str) -> StepNotDeclared:
    """What an app without `feature`'s steps raises (the flows make it not applicable)."""
    return StepNotDeclared(f"{feature} ({', '.join(FEATURES[feature])})")


class MobileApp(ABC):
    """One partner app on one device session; every wait is bounded by `timeout` seconds."""

    def __init__(self, driver: DriverLike, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.driver = driver
        self.timeout = timeout

    @abstractmethod
    def wait_ready(self) -> None:
        """Wait until the freshly launched app can be used."""

    @abstractmethod
    def sign_in(self, user: AppUser) -> None:
        """Sign the user in and wait until the app shows them signed in."""

    @abstractmethod
    def open_payment_sheet(self) -> None:
        """The app's own button that presents PaymentSheet to add a payment method."""

    @abstractmethod
    def log_out(self) -> None:
        """Log out and wait until the app shows it."""

    @abstractmethod
    def payment_methods(self) -> list[str]:
        """What the app lists as the user's payment methods now (one text per method)."""

    def shows_no_payment_methods(self) -> bool:
        """Whether the app says the user has none (its empty state) now."""
        raise StepNotDeclared("no_payment_methods")

    def message(self) -> str:
        """The app's own message line now ("" when none)."""
        return ""

    def connect_user_id(self) -> str:
        """The Connect user id the app shows (a debug build; binding `app`)."""
        raise StepNotDeclared("connect_user_id")

    # charging and debts (optional): an app that has them overrides these ------------------------------
    def start_charging(self, evse_id: str) -> None:
        raise undeclared("charging")

    def is_charging(self) -> bool:
        raise undeclared("charging")

    def stop_charging(self) -> None:
        raise undeclared("charging")

    def open_debts(self) -> None:
        raise undeclared("debts")

    def debts(self) -> list[str]:
        raise undeclared("debts")

    def pay_debt(self) -> None:
        raise undeclared("debts")

    def shows_no_debts(self) -> bool:
        raise undeclared("debts")


def parse_locator(text: str, where: str) -> Locator:
    """`accessibility id: sign_in` -> Locator; ConfigError (one line) for anything else."""
    strategy, sep, value = text.partition(":")
    strategy = strategy.strip()
    if not sep or strategy not in STRATEGIES or not value.strip():
        raise ConfigError(f"{where}: {text!r} is not '<strategy>: <value>' with a strategy of {', '.join(STRATEGIES)}")
    return Locator(strategy, value.strip())


def parse_steps(selectors: Mapping[str, Any], where: str) -> dict[str, Locator]:
    """Step name -> locator; ConfigError naming missing and unknown steps and bad locators (one line)."""
    given = {step for step, text in selectors.items() if text}
    wrong = {
        "missing steps": [s for s in REQUIRED_STEPS if s not in given],
        "unknown steps": sorted(set(selectors) - {*REQUIRED_STEPS, *OPTIONAL_STEPS}),
        "steps of several locators (a Python adapter's)": [s for s, t in selectors.items() if not isinstance(t, str)],
    }
    said = "; ".join(f"{what}: {', '.join(steps)}" for what, steps in wrong.items() if steps)
    if said:
        raise ConfigError(f"{where}: {said} (step names: harness/mobile/partner_app.py)")
    return {step: parse_locator(text, f"{where}.{step}") for step, text in selectors.items()}


class LocatorApp(MobileApp):
    """A partner app described by step name -> locator (see the module docstring)."""

    def __init__(self, driver: DriverLike, *, steps: Mapping[str, Locator], timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(driver, timeout=timeout)
        self.steps = dict(steps)

    def has(self, *steps: str) -> bool:
        return all(step in self.steps for step in steps)

    def at(self, step: str) -> Element:
        if step not in self.steps:
            raise StepNotDeclared(step)
        return Element(self.driver, self.steps[step], f"the app's {step.replace('_', ' ')}", timeout=self.timeout)

    def _texts(self, step: str) -> list[str]:
        element = self.at(step)
        return [label_of(found) for found in element.all() if found.is_displayed()]

    def wait_ready(self) -> None:
        self.at("ready" if self.has("ready") else "sign_in").wait()

    def sign_in(self, user: AppUser) -> None:
        for step, name in USER_FIELDS.items():
            if self.has(step):
                self.at(step).type(user.value(name))
        self.at("sign_in").tap()
        self.at("signed_in" if self.has("signed_in") else "add_payment_method").wait()

    def open_payment_sheet(self) -> None:
        self.at("add_payment_method").tap()

    def log_out(self) -> None:
        self.at("log_out").tap()
        self.at("sign_in").wait()

    def payment_methods(self) -> list[str]:
        return self._texts("payment_method")

    def shows_no_payment_methods(self) -> bool:
        return self.at("no_payment_methods").is_shown()

    def message(self) -> str:
        return " ".join(self._texts("message")) if self.has("message") else ""

    def connect_user_id(self) -> str:
        return self.at("connect_user_id").text()

    def _need(self, feature: str) -> None:
        if not self.has(*FEATURES[feature]):
            raise undeclared(feature)

    def start_charging(self, evse_id: str) -> None:
        self._need("charging")
        self.at("evse").type(evse_id)
        self.at("start_charging").tap()

    def is_charging(self) -> bool:
        return self.at("stop_charging").is_shown()

    def stop_charging(self) -> None:
        stop = self.at("stop_charging")
        stop.tap()
        stop.wait_gone()

    def open_debts(self) -> None:
        self._need("debts")
        self.at("open_debts").tap()

    def debts(self) -> list[str]:
        return self._texts("debt")

    def pay_debt(self) -> None:
        self.at("pay_debt").tap()

    def shows_no_debts(self) -> bool:
        return self.at("no_debts").is_shown()


@dataclass(frozen=True)
class MobileAppSpec:
    """Which app the device suite drives and how: the stand-in, locators, or a Python class."""

    kind: str  # "stand_in", "locators", "python"
    binding: BindingSpec = field(default_factory=BindingSpec)  # how the harness finds the app's Connect user
    steps: Mapping[str, Locator] = field(default_factory=dict)  # stand_in, locators
    adapter: type[MobileApp] | None = None  # python

    @property
    def is_stand_in(self) -> bool:
        return self.kind == "stand_in"

    def build(self, driver: DriverLike, *, timeout: float) -> MobileApp:
        """The app on `driver`: the partner's class, or the locator app of the steps."""
        made = self.adapter or partial(LocatorApp, steps=self.steps)
        return made(driver, timeout=timeout)


def stand_in_spec() -> MobileAppSpec:
    """The sandbox's stand-in app, described by its YAML of steps like a partner's app (its users injected:
    the harness creates each Connect user and types its id, as the reference web client takes them)."""
    raw = yaml.safe_load(STAND_IN_APP.read_text(encoding="utf-8"))
    return MobileAppSpec("stand_in", steps=parse_steps(raw, STAND_IN_APP.name))


def spec_from_partner_app(app: Any, config_dir: Path) -> MobileAppSpec:
    """The spec of `apps.ios` / `apps.android` (a `connect_cert.harness.partner_config.App`)."""
    adapter = app.adapter
    where = f"apps.{app.platform}.adapter"
    binding = getattr(app, "binding", None) or BindingSpec()
    if adapter is None or adapter.kind == "reference":
        return replace(stand_in_spec(), binding=binding)
    if adapter.kind == "selectors":
        return MobileAppSpec("locators", binding, steps=parse_steps(adapter.selectors, where))
    return MobileAppSpec("python", binding, adapter=load_app_class(adapter.python, config_dir, where))


def load_app_class(reference: str, config_dir: Path, where: str) -> type[MobileApp]:
    """`package.module:Class`, or `file.py:Class` relative to the partner config."""
    module_name, _, class_name = reference.partition(":")
    path = (config_dir / module_name).resolve()
    if module_name.endswith(".py") and not path.is_file():
        raise ConfigError(f"{where}: {module_name} does not exist (relative to {config_dir})")
    try:
        found = runpy.run_path(str(path)).get(class_name) if module_name.endswith(".py") else resolve_name(reference)
    except Exception as exc:  # a partner's module may fail in any way: one line, exit 2
        raise ConfigError(f"{where}: cannot load {reference}: {type(exc).__name__}: {exc}") from None
    if not (isinstance(found, type) and issubclass(found, MobileApp)):
        raise ConfigError(f"{where}: {reference} is not a subclass of harness.mobile.partner_app.MobileApp")
    return found
