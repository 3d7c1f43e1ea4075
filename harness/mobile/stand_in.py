"""The thin mapping that lets the PaymentSheet page objects drive the sandbox's stand-in through Appium.

On a device the page objects' locators (`accessibility id`, `-ios predicate string`, `-ios class chain`,
`-android uiautomator`, `xpath` over the native tree) go straight to the XCUITest or UiAutomator2 driver.
The stand-in (`/paymentsheet/ios/`, `/paymentsheet/android/`) is a mobile web page in Chromium, driven by
Appium's Chromium driver, which knows CSS and HTML xpath only. So `StandInDriver` asks the page for its
native tree (`nativeTree.source()`: the page source XCUITest / UiAutomator2 would report, plus the DOM
element of every node), evaluates the locator over it with the very evaluator of the locator tests
(`connect_cert.devices.locator_eval`), and acts on the matching DOM elements through Appium: a tap is
Appium's click, typing is Appium's send keys. Nothing of this is used on a real device.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from selenium.webdriver.remote.webelement import WebElement

from connect_cert.devices.locator_eval import Node, PageSource, XPath
from connect_cert.devices.matrix import Device
from connect_cert.devices.paymentsheet.locators import Strategy
from connect_cert.devices.versions import Platform
from connect_cert.harness.waits import wait_for
from connect_cert.harness.web.browser import CHROMIUM

CHROMEDRIVER = "/usr/bin/chromedriver"  # Debian's chromium-driver, matching /usr/bin/chromium
READY_TIMEOUT = 20.0
NODE_ID = "standin-id"
_CONFIRM = re.compile(r"/v1/(setup_intents|payment_intents)/([A-Za-z0-9_]+)/confirm$")
# Phone screens as Chromium emulates them: an iPhone 15 and a Pixel 8 (CSS pixels; density 1 keeps each
# step's screenshot small and quick).
SCREENS: Mapping[Platform, Mapping[str, Any]] = {
    Platform.IOS: {
        "deviceMetrics": {"width": 393, "height": 852, "pixelRatio": 1.0, "mobile": True, "touch": True},
        "userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 connect-cert-stand-in",
    },
    Platform.ANDROID: {
        "deviceMetrics": {"width": 412, "height": 915, "pixelRatio": 1.0, "mobile": True, "touch": True},
        "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0 Mobile Safari/537.36 connect-cert-stand-in",
    },
}
CHROMIUM_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run")


def stand_in_capabilities(
    device: Device, *, chromedriver_port: int, chromium: str = CHROMIUM, chromedriver: str = CHROMEDRIVER
) -> dict[str, Any]:
    """W3C capabilities of a Chromium-driver session playing `device` (its screen) on this machine."""
    return {
        "platformName": "linux",
        "browserName": "chrome",  # what chromedriver accepts; the binary below is Debian's Chromium
        "appium:automationName": "Chromium",
        "appium:executable": chromedriver,
        "appium:autodownloadEnabled": False,  # never download a chromedriver
        "appium:chromedriverPort": chromedriver_port,  # one per session: sessions run side by side
        "appium:newCommandTimeout": 300,
        "goog:chromeOptions": {
            "binary": chromium,
            "args": list(CHROMIUM_ARGS),
            "mobileEmulation": dict(SCREENS[device.platform]),
        },
    }


def stand_in_url(base: str, device: Device) -> str:
    """The stand-in app for the device: its platform, its SDK version, its wallet."""
    params = [f"os={device.os_version}"]
    if device.stripe_sdk is not None:
        params.append(f"sdk={device.stripe_sdk}")
    if device.offers_apple_pay():
        params.append("wallet=apple_pay")
    elif device.offers_google_pay():
        params.append("wallet=google_pay")
    return f"{base.rstrip('/')}/{device.platform.value}/?{'&'.join(params)}"


class StandInElement:
    """One native node of the stand-in: its attributes as found, its DOM element for actions."""

    def __init__(self, driver: StandInDriver, element: WebElement, attrs: Mapping[str, str]) -> None:
        self.driver = driver
        self.element = element
        self.attrs = dict(attrs)

    def __repr__(self) -> str:
        return f"<StandInElement {self.attrs.get('type') or self.attrs.get('class')} {self.text!r}>"

    @property
    def text(self) -> str:
        if self.driver.platform is Platform.ANDROID:
            return self.attrs.get("text", "")
        return self.attrs.get("value") or self.attrs.get("label") or ""  # XCUITest answers a field's value first

    def get_attribute(self, name: str) -> str | None:
        return self.attrs.get(name)

    def is_displayed(self) -> bool:
        key = "displayed" if self.driver.platform is Platform.ANDROID else "visible"
        return self.attrs.get(key) == "true"

    def is_enabled(self) -> bool:
        return self.attrs.get("enabled") == "true"

    def click(self) -> None:
        self.element.click()

    def send_keys(self, *value: str) -> None:
        self.element.send_keys(*value)  # a text field node's element is its input (native.js)

    def clear(self) -> None:
        self.element.clear()

    def find_elements(self, by: str, value: str) -> list[StandInElement]:
        if by != Strategy.XPATH or not value.startswith("."):
            raise NotImplementedError("stand-in elements answer relative xpath (./…, .//…) only")
        source, elements = self.driver.tree()
        mine = next((n for n in source.document.descendants() if _element(n, elements) == self.element), None)
        if mine is None:
            return []
        return [self.driver.wrap(node, elements) for node in XPath(value).select_from(mine)]


def _element(node: Node, elements: list[WebElement]) -> WebElement | None:
    index = node.attrs.get(NODE_ID)
    return elements[int(index)] if index is not None and index.isdigit() and int(index) < len(elements) else None


class StandInDriver:
    """Finds the stand-in's elements with native locators; `remote` is the Appium (Chromium) session."""

    def __init__(self, remote: Any, platform: Platform, url: str) -> None:
        self.remote = remote
        self.platform = platform
        self.url = url

    def open(self, timeout: float = READY_TIMEOUT) -> None:
        """Launch the app afresh (load its page) and wait until it is ready."""
        self.remote.get(self.url)
        wait_for(
            lambda: True if self.remote.execute_script(_READY) else None,
            timeout=timeout,
            interval=0.1,
            what=f"the stand-in app at {self.url} ready",
        )

    @property
    def current_package(self) -> str:
        """The app's package, as UiAutomator2 reports the app in front (Android resource ids carry it)."""
        return str(self.remote.execute_script("return document.getElementById('device').dataset.package || ''"))

    def tree(self) -> tuple[PageSource, list[WebElement]]:
        xml, elements = self.remote.execute_script("return window.nativeTree.source();")
        return PageSource(str(xml)), list(elements)

    @property
    def page_source(self) -> str:
        """The native page source, as the device's driver would answer it (without the stand-in's ids)."""
        xml, _ = self.remote.execute_script("return window.nativeTree.source();")
        return re.sub(rf' {NODE_ID}="\d+"', "", str(xml))

    def wrap(self, node: Node, elements: list[WebElement]) -> StandInElement:
        element = _element(node, elements)
        if element is None:
            raise LookupError(f"the stand-in's tree lost the element of {node.describe()}")
        attrs = {k: v for k, v in node.attrs.items() if k != NODE_ID}
        return StandInElement(self, element, attrs)

    def find_elements(self, by: str, value: str) -> list[StandInElement]:
        source, elements = self.tree()
        return [self.wrap(node, elements) for node in source.find_all(by, value)]

    def find_element(self, by: str, value: str) -> StandInElement:
        from selenium.common.exceptions import NoSuchElementException

        found = self.find_elements(by, value)
        if not found:
            raise NoSuchElementException(f"no element for {by}: {value}")
        return found[0]

    def get_screenshot_as_png(self) -> bytes:
        png: bytes = self.remote.get_screenshot_as_png()
        return png

    def request_count(self) -> int:
        """How many requests the app has sent since it was opened (the browser's resource timing)."""
        return int(self.remote.execute_script("return performance.getEntriesByType('resource').length;"))

    def confirmed_intents(self, since: int = 0) -> list[tuple[str, str]]:
        """(kind, id) of every Stripe confirm call the app sent after its first `since` requests.

        The browser's own record of the requests (resource timing: URLs only, never a body), as the web
        suite watches a page's requests: which intent the sheet confirmed, SetupIntent or PaymentIntent.
        """
        urls = self.remote.execute_script(
            "return performance.getEntriesByType('resource').slice(arguments[0]).map(e => e.name);", since
        )
        found: list[tuple[str, str]] = []
        for url in urls:
            match = _CONFIRM.search(str(url).split("?", 1)[0])
            if match:
                found.append((match.group(1), match.group(2)))
        return found


_READY = "var d = document.getElementById('device'); return !!(d && d.dataset.ready === 'true' && window.nativeTree);"
