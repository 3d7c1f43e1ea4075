"""A driver over page sources: the page objects run on it exactly as on Appium, without a device.

`PageSourceDriver(source)` answers `find_element(s)` by evaluating the locator over the current page
source (`locator_eval`), records every tap and every text typed (`actions`), and moves to another page
source when a tap says so (`on_tap`). Typing updates the node as a driver would (`value` on iOS, `text`
on Android), so what a test reads back is what it typed. Used by the locator and page-object tests, and
to check locators against a page source captured on a real device.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from selenium.common.exceptions import NoSuchElementException

from connect_cert.devices.locator_eval import Node, PageSource, XPath
from connect_cert.devices.versions import Platform


@dataclass(frozen=True)
class Action:
    kind: str  # "tap" | "type" | "clear" | "settings"
    target: str  # the node's description (`XCUIElementTypeButton(name='Set up', …)`), or the settings
    text: str = ""
    node: Node | None = field(default=None, compare=False, repr=False)


class SourceElement:
    """One node of the current page source, behaving like an Appium WebElement."""

    def __init__(self, driver: PageSourceDriver, node: Node) -> None:
        self.driver = driver
        self.node = node

    @property
    def text(self) -> str:
        attrs = self.node.attrs
        if self.driver.platform is Platform.ANDROID:
            return attrs.get("text", "")
        return attrs.get("value") or attrs.get("label") or ""  # XCUITest answers a field's value first

    def get_attribute(self, name: str) -> str | None:
        return self.node.attr(name)

    def is_displayed(self) -> bool:
        key = "displayed" if self.driver.platform is Platform.ANDROID else "visible"
        return self.node.attr(key) != "false"

    def is_enabled(self) -> bool:
        return self.node.attr("enabled") != "false"

    def click(self) -> None:
        self.driver.record(Action("tap", self.node.describe(), node=self.node))
        self.driver.tapped(self.node)

    def send_keys(self, *value: str) -> None:
        typed = "".join(value)
        self.driver.record(Action("type", self.node.describe(), typed, self.node))
        key = "text" if self.driver.platform is Platform.ANDROID else "value"
        self.node.attrs[key] = (self.node.attrs.get(key) or "") + typed if key == "value" else typed

    def clear(self) -> None:
        self.driver.record(Action("clear", self.node.describe(), node=self.node))
        self.node.attrs["text" if self.driver.platform is Platform.ANDROID else "value"] = ""

    def find_elements(self, by: str, value: str) -> list[SourceElement]:
        if by != "xpath" or not value.startswith("."):
            raise NotImplementedError("elements answer only relative xpath (./…, .//…) here")
        return [SourceElement(self.driver, node) for node in XPath(value).select_from(self.node)]


class PageSourceDriver:
    """Finds elements in the current page source; `on_tap(node)` may return the next page source."""

    def __init__(self, source: PageSource | str, *, on_tap: Callable[[Node], PageSource | None] | None = None) -> None:
        self.source = source if isinstance(source, PageSource) else PageSource(source)
        self.on_tap = on_tap
        self.actions: list[Action] = []
        self.settings: dict[str, Any] = {}
        self.finds = 0  # how many lookups ran: a wait polls

    @property
    def platform(self) -> Platform:
        return self.source.platform

    def show(self, source: PageSource) -> None:
        self.source = source

    def record(self, action: Action) -> None:
        self.actions.append(action)

    def tapped(self, node: Node) -> None:
        following = self.on_tap(node) if self.on_tap else None
        if following is not None:
            self.source = following

    def find_elements(self, by: str, value: str) -> list[SourceElement]:
        self.finds += 1
        return [SourceElement(self, node) for node in self.source.find_all(by, value)]

    def find_element(self, by: str, value: str) -> SourceElement:
        found = self.find_elements(by, value)
        if not found:
            raise NoSuchElementException(f"no element for {by}: {value}")
        return found[0]

    def get_settings(self) -> dict[str, Any]:
        return dict(self.settings)

    def update_settings(self, settings: dict[str, Any]) -> None:
        self.record(Action("settings", ", ".join(f"{k}={v}" for k, v in settings.items())))
        self.settings.update(settings)

    def typed(self) -> list[tuple[Node, str]]:
        """(node, text) of every `type` action, in order."""
        return [(action.node, action.text) for action in self.actions if action.kind == "type" and action.node]

    def taps(self) -> list[Node]:
        """The nodes tapped, in order."""
        return [action.node for action in self.actions if action.kind == "tap" and action.node]
