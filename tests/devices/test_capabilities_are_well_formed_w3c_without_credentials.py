"""`devices caps` prints well-formed W3C capabilities for a BrowserStack, a Sauce Labs, a Grid and a local
entry: the Appium client's option classes load them unchanged, every non-standard key is vendor-prefixed,
and no credential value is ever printed; the session request alone gets the values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from appium.options.android import UiAutomator2Options
from appium.options.common.base import AppiumOptions
from appium.options.ios import XCUITestOptions

from connect_cert.devices.capabilities import (
    MissingCredentials,
    appium_options,
    nonstandard_unprefixed,
    resolve_placeholders,
    w3c_capabilities,
)
from connect_cert.devices.matrix import load_matrix
from connect_cert.devices.versions import Platform
from connect_cert.harness.cli import run

ENTRIES = [
    "browserstack-iphone-15",
    "browserstack-pixel-8",
    "saucelabs-pixel-8",
    "grid-iphone-15",
    "iphone-15",
    "pixel-8",
]
CREDENTIALS = {
    "BROWSERSTACK_USERNAME": "bs-user-7f3a",
    "BROWSERSTACK_ACCESS_KEY": "bsKey9q8w7e6r5t4y3u2",
    "SAUCE_USERNAME": "sauce-user-51c2",
    "SAUCE_ACCESS_KEY": "0b1e2d3c-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
    "CONNECT_CERT_BUILD": "build-981",
}


def caps_of(device_id: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    assert run(["devices", "caps", device_id, *extra]) == 0
    printed = capsys.readouterr().out
    parsed: dict[str, Any] = json.loads(printed)
    return parsed


def options_for(platform_name: str) -> AppiumOptions:
    return XCUITestOptions() if platform_name == "iOS" else UiAutomator2Options()


@pytest.mark.parametrize("device_id", ENTRIES)
def test_the_printed_capabilities_load_unchanged_into_the_appium_client_options(
    device_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    caps = caps_of(device_id, capsys)
    device = load_matrix().get(device_id)

    defaults = options_for(caps["platformName"]).to_capabilities()  # the client's own starting values
    options = options_for(caps["platformName"]).load_capabilities(caps)

    loaded = options.to_capabilities()
    assert {key: value for key, value in loaded.items() if key in caps or key not in defaults} == caps
    assert options.to_w3c()["capabilities"]["alwaysMatch"] == caps  # what the client sends: exactly these
    assert nonstandard_unprefixed(caps) == []
    assert all(key == "platformName" or ":" in key for key in caps)
    assert options.platform_name == ("iOS" if device.platform is Platform.IOS else "Android")
    assert options.platform_version == device.os_version
    assert options.device_name == device.device_name
    assert options.get_capability("appium:automationName") == device.automation  # its own default is unprefixed


def test_each_provider_puts_its_settings_under_its_own_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    browserstack = caps_of("browserstack-iphone-15", capsys)
    assert browserstack["appium:app"].startswith("bs://")
    assert browserstack["bstack:options"]["userName"] == "${BROWSERSTACK_USERNAME}"
    assert browserstack["bstack:options"]["accessKey"] == "${BROWSERSTACK_ACCESS_KEY}"
    assert browserstack["bstack:options"]["sessionName"] == "browserstack-iphone-15"
    assert browserstack["bstack:options"]["networkLogs"] is False  # it would record client secrets

    sauce = caps_of("saucelabs-pixel-8", capsys)
    assert sauce["appium:app"].startswith("storage:filename=")
    assert (sauce["sauce:options"]["username"], sauce["sauce:options"]["accessKey"]) == (
        "${SAUCE_USERNAME}",
        "${SAUCE_ACCESS_KEY}",
    )
    assert "bstack:options" not in sauce

    grid = caps_of("grid-iphone-15", capsys)
    assert grid["se:name"] == "connect-cert grid-iphone-15"
    assert not any(key.endswith(":options") for key in grid)

    local = caps_of("iphone-15", capsys)
    assert local["appium:wdaLocalPort"] == 8101  # the entry's override
    assert not any(key.startswith(("bstack:", "sauce:", "se:")) for key in local)


def test_the_session_request_is_the_w3c_new_session_body(capsys: pytest.CaptureFixture[str]) -> None:
    body = caps_of("browserstack-pixel-8", capsys, "--session-request")
    caps = body["capabilities"]["alwaysMatch"]
    assert body == UiAutomator2Options().load_capabilities(caps).to_w3c()


def test_no_credential_value_is_ever_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, ready_appium: str
) -> None:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    matrix = tmp_path / "matrix.yaml"  # a farm whose hub answers here, so `check` runs through
    matrix.write_text(
        yaml.safe_dump(
            {
                "providers": {
                    "farm": {"kind": "browserstack", "url": f"{ready_appium}/wd/hub", "build": "${CONNECT_CERT_BUILD}"}
                },
                "devices": [
                    {
                        "id": "farm-pixel",
                        "platform": "android",
                        "os_version": "14",
                        "device_name": "Google Pixel 8",
                        "app": "bs://abc",
                        "provider": "farm",
                    },
                    {
                        "id": "sauce-pixel",
                        "platform": "android",
                        "os_version": "14",
                        "device_name": "Pixel 8",
                        "app": "storage:filename=a.apk",
                        "provider": "saucelabs",
                        "tags": ["example"],
                    },
                ],
            }
        )
    )
    outputs = []
    for command in (
        ["list"],
        ["list", "--matrix", str(matrix)],
        *(["caps", device_id] for device_id in ENTRIES),
        ["caps", "farm-pixel", "--matrix", str(matrix), "--session-request"],
        ["caps", "sauce-pixel", "--matrix", str(matrix)],
        ["check", "--matrix", str(matrix)],
    ):
        assert run(["devices", *command]) == 0, command
        captured = capsys.readouterr()
        outputs.append(captured.out + captured.err)
    printed = "\n".join(outputs)
    assert "${BROWSERSTACK_ACCESS_KEY}" in printed and "${SAUCE_ACCESS_KEY}" in printed  # the names are there
    assert "reachable  farm (browserstack," in printed  # check did ask the farm
    for value in CREDENTIALS.values():
        assert value not in printed


def test_the_session_gets_the_values_and_a_missing_one_is_named_not_shown() -> None:
    device = load_matrix().get("browserstack-iphone-15")
    options = appium_options(device, CREDENTIALS)
    vendor = options.to_capabilities()["bstack:options"]
    assert (vendor["userName"], vendor["accessKey"]) == ("bs-user-7f3a", "bsKey9q8w7e6r5t4y3u2")
    assert vendor["buildName"] == "connect-cert build-981"
    assert "${" in json.dumps(w3c_capabilities(device))  # the printable form keeps the placeholders

    partial = {"BROWSERSTACK_USERNAME": "bs-user-7f3a"}
    with pytest.raises(MissingCredentials) as err:
        resolve_placeholders(w3c_capabilities(device), partial)
    assert "BROWSERSTACK_ACCESS_KEY, CONNECT_CERT_BUILD" in str(err.value)
    assert "bs-user-7f3a" not in str(err.value)
