"""One Appium session per device for the whole run (per pytest-xdist worker): opened on first use, checked
before each test, marked passed or failed on a device farm and closed at the end.

A device that cannot be reached (no Appium server, a session that does not start, one that dies and cannot
be opened again) makes its tests *broken* with the cause (`DeviceUnavailable`, an `EnvironmentBroken`);
the failure is remembered, so the device's other tests break at once with the same cause while the rest
of the matrix runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from appium import webdriver
from appium.options.common.base import AppiumOptions
from appium.webdriver.client_config import AppiumClientConfig
from selenium.common.exceptions import InvalidSessionIdException, NoSuchWindowException, WebDriverException
from urllib3.exceptions import HTTPError as TransportError

from connect_cert.devices.capabilities import resolve_placeholders
from connect_cert.devices.matrix import Device
from connect_cert.devices.providers import ProviderKind
from connect_cert.harness.exitcodes import EnvironmentBroken
from connect_cert.harness.mobile.appium_server import status
from connect_cert.harness.mobile.stand_in import StandInDriver

COMMAND_TIMEOUT = 120  # seconds an Appium command may take (a farm starting a device takes the longest)
# What tells that the session or its server is gone (rather than an element being missing).
SESSION_GONE: tuple[type[BaseException], ...] = (
    InvalidSessionIdException,
    NoSuchWindowException,
    TransportError,
    ConnectionError,
)
SESSION_ERRORS: tuple[type[BaseException], ...] = (WebDriverException, *SESSION_GONE)


class DeviceUnavailable(EnvironmentBroken):
    """The device could not be reached or lost its session: its tests are broken, not failed."""


def first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "msg", None) or exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line.removeprefix("Message: ")[:300]


def farm_session_url(device: Device, session_id: str) -> str | None:
    """The farm's page of the session (its video, logs and status); None off the farms."""
    provider = device.provider
    if provider.kind is ProviderKind.BROWSERSTACK:
        return f"https://app-automate.browserstack.com/dashboard/v2/sessions/{session_id}"
    if provider.kind is ProviderKind.SAUCELABS:
        host = "app.saucelabs.com" if provider.region in (None, "us-west-1") else f"app.{provider.region}.saucelabs.com"
        return f"https://{host}/tests/{session_id}"
    return None


def mark_farm_session(device: Device, remote: Any, passed: bool, reason: str) -> None:
    """Pass or fail the session on the farm's dashboard, with the farm's documented executor scripts."""
    kind = device.provider.kind
    if kind is ProviderKind.BROWSERSTACK:
        action = {
            "action": "setSessionStatus",
            "arguments": {"status": "passed" if passed else "failed", "reason": reason},
        }
        remote.execute_script("browserstack_executor: " + json.dumps(action))
    elif kind is ProviderKind.SAUCELABS:
        remote.execute_script(f"sauce:job-result={'passed' if passed else 'failed'}")


@dataclass
class MobileSession:
    """A device's Appium session and the driver the page objects use on it."""

    device: Device
    remote: Any  # appium.webdriver.Remote
    driver: Any  # StandInDriver on the stand-in, the Appium driver itself on a device
    app_id: str | None = None  # bundle id / package to relaunch between tests on a device
    server_url: str = ""  # the Appium server (Grid, farm) the session lives on
    failures: list[str] = field(default_factory=list)  # tests that failed on it (the farm's verdict)
    tests: int = 0

    @property
    def session_id(self) -> str:
        return str(self.remote.session_id)

    @property
    def farm_url(self) -> str | None:
        return farm_session_url(self.device, self.session_id)

    def relaunch(self) -> None:
        """A fresh app for the next test: the stand-in reloaded, a device's app terminated and activated."""
        if isinstance(self.driver, StandInDriver):
            self.driver.open()
        elif self.app_id and self.tests:
            self.remote.terminate_app(self.app_id)
            self.remote.activate_app(self.app_id)
        self.tests += 1


@dataclass(frozen=True)
class SessionRequest:
    """Where and how to open a device's session."""

    url: str
    capabilities: Mapping[str, Any]
    stand_in_url: str | None = None  # the stand-in app's page; None on a device with the partner's app


class DeviceSessions:
    """The factory behind `new_driver`: one session per device id, failures remembered per device."""

    def __init__(self, connect: Callable[[str, Mapping[str, Any]], Any] | None = None) -> None:
        self._connect = connect or open_remote
        self.sessions: dict[str, MobileSession] = {}
        self.broken: dict[str, DeviceUnavailable] = {}
        self._servers: dict[str, str | None] = {}

    def get(self, device: Device, request: SessionRequest) -> MobileSession:
        """The device's session, opened on first use and opened again once if it died."""
        if device.id in self.broken:
            raise self.broken[device.id]
        session = self.sessions.get(device.id)
        try:
            if session is None:
                session = self._open(device, request)
            try:
                session.relaunch()
            except SESSION_GONE as exc:
                self._drop(device.id)
                cause = first_line(exc)
                session = self._open(device, request, lost=cause)
                session.relaunch()
        except DeviceUnavailable as exc:
            self.broken[device.id] = exc
            raise
        except (WebDriverException, AssertionError) as exc:
            broken = DeviceUnavailable(f"{device.id}: the app did not start on the session: {first_line(exc)}")
            self.broken[device.id] = broken
            raise broken from None
        return session

    def _open(self, device: Device, request: SessionRequest, *, lost: str | None = None) -> MobileSession:
        again = f" (opened again after the session was lost: {lost})" if lost else ""
        if request.url not in self._servers:
            self._servers[request.url] = status(request.url)
        problem = self._servers[request.url]
        if problem is not None:
            raise DeviceUnavailable(f"{device.id}: no Appium server answers at {request.url} ({problem})")
        try:
            remote = self._connect(request.url, request.capabilities)
        except SESSION_ERRORS as exc:
            raise DeviceUnavailable(
                f"{device.id}: the session did not start on {request.url}{again}: {first_line(exc)}"
            ) from None
        driver: Any = StandInDriver(remote, device.platform, request.stand_in_url) if request.stand_in_url else remote
        app_id = device.bundle_id or device.app_package
        session = MobileSession(device, remote, driver, app_id, request.url)
        self.sessions[device.id] = session
        return session

    def _drop(self, device_id: str) -> None:
        session = self.sessions.pop(device_id, None)
        if session is not None:
            try:
                session.remote.quit()
            except SESSION_ERRORS:
                pass

    def lose(self, device_id: str, exc: BaseException) -> DeviceUnavailable:
        """A session found dead in a test: forget it (the next test opens another) and say so."""
        self._drop(device_id)
        return DeviceUnavailable(f"{device_id}: the Appium session was lost: {first_line(exc)}")

    def close_all(self, server_url: str | None = None) -> list[str]:
        """Mark farm sessions and quit every session (of one server, when given); answers what could not be
        done, one line each."""
        problems: list[str] = []
        for device_id, session in list(self.sessions.items()):
            if server_url is not None and session.server_url != server_url:
                continue
            passed = not session.failures
            reason = "all tests passed" if passed else f"{len(session.failures)} failed: {', '.join(session.failures)}"
            try:
                mark_farm_session(session.device, session.remote, passed, reason[:250])
            except SESSION_ERRORS as exc:
                problems.append(f"{device_id}: the farm session was not marked: {first_line(exc)}")
            self._drop(device_id)
        return problems


def open_remote(url: str, capabilities: Mapping[str, Any]) -> Any:
    """An Appium session: `${VAR}` credentials filled in for the request only."""
    options = AppiumOptions().load_capabilities(resolve_placeholders(capabilities))
    config = AppiumClientConfig(url, timeout=COMMAND_TIMEOUT, keep_alive=True)
    return webdriver.Remote(url, options=options, client_config=config)
