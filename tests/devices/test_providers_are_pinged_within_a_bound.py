"""A provider's /status is asked within a bounded timeout: ready is reachable; refused, silent, not ready or
not a WebDriver server is broken, with the cause."""

from __future__ import annotations

import pytest

from connect_cert.devices.providers import Provider, ProviderKind, ping, ping_all


def appium(url: str, name: str = "local") -> Provider:
    return Provider(name, ProviderKind.APPIUM, url)


def test_a_ready_server_is_reachable_with_its_version(ready_appium: str) -> None:
    status = ping(appium(ready_appium), timeout=2)
    assert (status.reachable, status.detail) == (True, "ready (version 3.0.2)")


def test_a_grid_without_nodes_is_broken_not_ready(empty_grid: str) -> None:
    status = ping(Provider("grid", ProviderKind.GRID, empty_grid), timeout=2)
    assert (status.reachable, status.detail) == (False, "not ready: Selenium Grid not ready.")


@pytest.mark.parametrize(
    ("server", "detail"),
    [
        ("closed_port_url", "connection refused"),
        ("silent_port", "no answer within 0.3 s"),
        ("plain_site", "/status answered, but not with JSON: not a WebDriver server"),
    ],
)
def test_an_unusable_provider_is_broken_with_the_cause(
    server: str, detail: str, request: pytest.FixtureRequest
) -> None:
    status = ping(appium(request.getfixturevalue(server)), timeout=0.3)
    assert (status.reachable, status.detail) == (False, detail)


def test_a_farm_status_is_asked_under_its_hub_path(ready_appium: str) -> None:
    farm = Provider("bs", ProviderKind.BROWSERSTACK, f"{ready_appium}/wd/hub", "U", "K")
    assert farm.status_url == f"{ready_appium}/wd/hub/status"
    assert ping(farm, timeout=2).reachable


def test_all_providers_are_asked_at_once_and_reported_in_order(
    ready_appium: str, silent_port: str, closed_port_url: str
) -> None:
    statuses = ping_all(
        [appium(silent_port, "a"), appium(ready_appium, "b"), appium(closed_port_url, "c")], timeout=0.3
    )
    assert [(s.provider.name, s.reachable) for s in statuses] == [("a", False), ("b", True), ("c", False)]
    assert ping_all([], timeout=0.3) == []
