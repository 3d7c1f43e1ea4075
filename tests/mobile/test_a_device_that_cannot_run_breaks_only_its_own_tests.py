"""Device sessions: a device whose session does not start, or whose session dies and cannot be opened again, is
broken with the cause (once, then at once for its other tests) while other devices go on; a session lost
between tests is opened again; farm sessions are marked with the farm's documented executor scripts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from selenium.common.exceptions import InvalidSessionIdException, SessionNotCreatedException

from connect_cert.harness.exitcodes import EnvironmentBroken
from connect_cert.harness.mobile import sessions
from connect_cert.harness.mobile.sessions import DeviceSessions, DeviceUnavailable, SessionRequest, farm_session_url
from tests.devices.support import device

URL = "http://127.0.0.1:4723"


class FakeRemote:
    """What the sessions use of an Appium driver; `dead` makes the next relaunch find the session gone."""

    def __init__(self, number: int) -> None:
        self.session_id = f"session-{number}"
        self.dead = False
        self.scripts: list[str] = []
        self.quit_called = False

    def terminate_app(self, app_id: str) -> None:
        if self.dead:
            raise InvalidSessionIdException("invalid session id: the session was deleted")

    def activate_app(self, app_id: str) -> None:
        pass

    def execute_script(self, script: str, *args: Any) -> Any:
        self.scripts.append(script)
        return None

    def quit(self) -> None:
        self.quit_called = True


class Farm:
    """Opens fake sessions; `refuse` names devices whose session does not start."""

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.refuse = set(refuse)
        self.opened: list[FakeRemote] = []

    def __call__(self, url: str, capabilities: Mapping[str, Any]) -> FakeRemote:
        if capabilities["appium:deviceName"] in self.refuse:
            raise SessionNotCreatedException("Message: session not created: no simulator named so")
        remote = FakeRemote(len(self.opened))
        self.opened.append(remote)
        return remote


@pytest.fixture(autouse=True)
def appium_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessions, "status", lambda url: None)


def request_for(name: str) -> SessionRequest:
    return SessionRequest(URL, {"appium:deviceName": name})


def test_a_device_whose_session_does_not_start_is_broken_with_the_cause_and_others_go_on() -> None:
    farm = Farm(refuse=("iPhone 15",))
    devices = DeviceSessions(farm)
    iphone, pixel = device("ios", bundle_id="com.example.charge"), device("android")

    with pytest.raises(DeviceUnavailable, match=r"test-ios: the session did not start on .*no simulator named so"):
        devices.get(iphone, request_for("iPhone 15"))
    with pytest.raises(DeviceUnavailable, match="no simulator named so"):  # at once: not tried again
        devices.get(iphone, request_for("iPhone 15"))
    assert devices.get(pixel, request_for("Pixel 8")).device is pixel
    assert len(farm.opened) == 1
    assert issubclass(DeviceUnavailable, EnvironmentBroken)  # broken, not failed; exit 3 if nothing else failed


def test_a_session_lost_between_tests_is_opened_again() -> None:
    farm = Farm()
    devices = DeviceSessions(farm)
    iphone = device("ios", bundle_id="com.example.charge")
    first = devices.get(iphone, request_for("iPhone 15"))
    first.remote.dead = True

    second = devices.get(iphone, request_for("iPhone 15"))

    assert second.session_id != first.session_id and first.remote.quit_called


def test_a_session_lost_that_cannot_be_opened_again_breaks_the_device_with_both_causes() -> None:
    farm = Farm()
    devices = DeviceSessions(farm)
    iphone = device("ios", bundle_id="com.example.charge")
    devices.get(iphone, request_for("iPhone 15")).remote.dead = True
    farm.refuse.add("iPhone 15")

    with pytest.raises(DeviceUnavailable, match=r"opened again after the session was lost: invalid session id"):
        devices.get(iphone, request_for("iPhone 15"))


def test_no_appium_server_is_one_cause_naming_the_url(monkeypatch: pytest.MonkeyPatch, closed_port_url: str) -> None:
    monkeypatch.undo()  # the real /status check
    devices = DeviceSessions(Farm())
    with pytest.raises(
        DeviceUnavailable, match=rf"no Appium server answers at {closed_port_url} \(connection refused\)"
    ):
        devices.get(device("ios"), SessionRequest(closed_port_url, {"appium:deviceName": "iPhone 15"}))


def test_farm_sessions_are_marked_with_the_farms_executor_scripts_and_linked() -> None:
    farm = Farm()
    devices = DeviceSessions(farm)
    browserstack = device("ios", id="bs-iphone", provider="browserstack", app="bs://0123456789abcdef")
    sauce = device("android", id="sauce-pixel", provider="saucelabs", app="storage:filename=charge.apk")
    bs_session = devices.get(browserstack, request_for("iPhone 15"))
    sauce_session = devices.get(sauce, request_for("Pixel 8"))
    bs_session.failures.append("test_card_4242_is_saved_as_default[bs-iphone]")

    assert devices.close_all() == []

    action = json.loads(bs_session.remote.scripts[-1].removeprefix("browserstack_executor: "))
    assert action["action"] == "setSessionStatus" and action["arguments"]["status"] == "failed"
    assert "test_card_4242_is_saved_as_default[bs-iphone]" in action["arguments"]["reason"]
    assert sauce_session.remote.scripts == ["sauce:job-result=passed"]
    assert farm_session_url(browserstack, "abc") == "https://app-automate.browserstack.com/dashboard/v2/sessions/abc"
    assert farm_session_url(sauce, "abc") == "https://app.saucelabs.com/tests/abc"
    assert farm_session_url(device("ios"), "abc") is None  # a local Appium has no session page
