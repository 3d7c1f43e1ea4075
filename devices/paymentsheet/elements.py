"""Element wrappers that own their waits: every wait is bounded and ends in an AssertionError naming it.

They take any driver-like object with `find_element` / `find_elements(by, value)`: the Appium Python
client's WebDriver, or `PageSourceDriver` in unit tests. Lookups use `find_elements`, which answers an
empty list instead of raising, and a poll that meets a stale element simply polls again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from selenium.common.exceptions import StaleElementReferenceException

from connect_cert.devices.paymentsheet.locators import Locator
from connect_cert.harness.waits import wait_for

DEFAULT_TIMEOUT = 15.0  # seconds a PaymentSheet element may take to appear on a simulator or a farm device
POLL_INTERVAL = 0.25


class ElementLike(Protocol):
    """What the wrappers use of an Appium WebElement."""

    @property
    def text(self) -> str: ...

    def get_attribute(self, name: str) -> Any: ...

    def is_displayed(self) -> bool: ...

    def is_enabled(self) -> bool: ...

    def click(self) -> None: ...

    def send_keys(self, *value: str) -> Any: ...

    def clear(self) -> Any: ...

    def find_elements(self, by: str, value: str) -> list[Any]: ...


class DriverLike(Protocol):
    """What the page objects use of an Appium WebDriver."""

    def find_element(self, by: str, value: str) -> Any: ...

    def find_elements(self, by: str, value: str) -> list[Any]: ...


class SettingsDriver(Protocol):
    """Appium's driver settings (the XCUITest driver's `defaultActiveApplication`)."""

    def get_settings(self) -> dict[str, Any]: ...

    def update_settings(self, settings: dict[str, Any]) -> Any: ...


def _displayed(element: Any) -> bool:
    try:
        return bool(element.is_displayed())
    except StaleElementReferenceException:
        return False


def label_of(element: Any) -> str:
    """The text a user reads on an element: its text, else its label, else its first texted descendant.

    A Compose button can report its label on a child TextView rather than on itself.
    """
    text = str(element.text or "").strip()
    if text:
        return text
    for attribute in ("label", "content-desc"):
        value = element.get_attribute(attribute)
        if isinstance(value, str) and value.strip():
            return value.strip()
    for child in element.find_elements("xpath", ".//*[@text!='']"):
        child_text = str(child.text or "").strip()
        if child_text:
            return child_text
    return ""


class Element:
    """One element of a screen, found by its locator; its waits are bounded by `timeout` seconds."""

    def __init__(
        self,
        driver: DriverLike,
        locator: Locator,
        name: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        interval: float = POLL_INTERVAL,
        hint: str = "",
    ) -> None:
        self.driver = driver
        self.locator = locator
        self.name = name
        self.timeout = timeout
        self.interval = interval
        self.hint = hint

    def __repr__(self) -> str:
        return f"<Element {self.name}: {self.locator}>"

    def _what(self, state: str) -> str:
        return f"{self.name} {state} ({self.locator}){'; ' + self.hint if self.hint else ''}"

    def all(self) -> list[Any]:
        """Every current match, shown or not, without waiting."""
        return list(self.driver.find_elements(self.locator.strategy, self.locator.value))

    def shown(self) -> Any | None:
        """The first displayed match, without waiting."""
        return next((element for element in self.all() if _displayed(element)), None)

    def is_shown(self) -> bool:
        return self.shown() is not None

    def wait(self, timeout: float | None = None) -> Any:
        """The first displayed match, once there is one."""
        return wait_for(self.shown, timeout=self._timeout(timeout), interval=self.interval, what=self._what("shown"))

    def wait_enabled(self, timeout: float | None = None) -> Any:
        def enabled() -> Any | None:
            element = self.shown()
            return element if element is not None and element.is_enabled() else None

        return wait_for(enabled, timeout=self._timeout(timeout), interval=self.interval, what=self._what("enabled"))

    def wait_gone(self, timeout: float | None = None) -> None:
        wait_for(
            lambda: True if self.shown() is None else None,
            timeout=self._timeout(timeout),
            interval=self.interval,
            what=self._what("gone"),
        )

    def tap(self, timeout: float | None = None) -> None:
        self.wait_enabled(timeout).click()

    def type(self, text: str, timeout: float | None = None) -> None:
        """Focus the field and type into it (PaymentSheet formats card numbers and dates as one types)."""
        element = self.wait(timeout)
        element.click()
        element.send_keys(text)

    def text(self, timeout: float | None = None) -> str:
        return label_of(self.wait(timeout))

    def wait_text(self, accept: Callable[[str], bool], expected: str, timeout: float | None = None) -> str:
        """The element's text once `accept` holds for it; `expected` says what was awaited."""

        def accepted() -> str | None:
            element = self.shown()
            if element is None:
                return None
            label = label_of(element)
            return label if accept(label) else None

        return wait_for(
            accepted, timeout=self._timeout(timeout), interval=self.interval, what=self._what(f"showing {expected}")
        )

    def _timeout(self, timeout: float | None) -> float:
        return self.timeout if timeout is None else timeout


def first_shown(elements: Sequence[Element], *, timeout: float, what: str) -> Element:
    """The first of `elements` to be displayed (for screens that may show one of several things)."""
    interval = min(element.interval for element in elements)
    return wait_for(
        lambda: next((element for element in elements if element.is_shown()), None),
        timeout=timeout,
        interval=interval,
        what=f"{what} ({' | '.join(str(element.locator) for element in elements)})",
    )


@contextmanager
def active_application(driver: DriverLike, bundle_id: str) -> Iterator[None]:
    """Look for elements in another app (XCUITest's `defaultActiveApplication`), then switch back.

    Drivers without settings (a page-source driver, a browser stand-in) need no switch.
    """
    if not (hasattr(driver, "get_settings") and hasattr(driver, "update_settings")):
        yield
        return
    settings: SettingsDriver = driver  # type: ignore[assignment]
    previous = settings.get_settings().get("defaultActiveApplication") or "auto"
    settings.update_settings({"defaultActiveApplication": bundle_id})
    try:
        yield
    finally:
        settings.update_settings({"defaultActiveApplication": previous})
