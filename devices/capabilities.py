"""W3C capabilities of a matrix entry, for printing (`devices caps`) and for opening a session.

Standard names stay bare (`platformName`); Appium's options take `appium:`; a farm's own settings go
under `bstack:options` / `sauce:options`; a Grid 4 session gets its name as `se:name`. Credentials are
`${VAR}` placeholders naming environment variables: `w3c_capabilities` never holds a value, so printing
it is safe. `resolve_placeholders` fills them in at session start only, for the session request itself.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from typing import Any

from appium.options.android import UiAutomator2Options
from appium.options.common.base import AppiumOptions
from appium.options.ios import XCUITestOptions

from connect_cert.devices.matrix import PLATFORM_NAMES, Device
from connect_cert.devices.problems import PLACEHOLDER, MatrixError
from connect_cert.devices.providers import DEFAULT_PROJECT, ProviderKind
from connect_cert.devices.versions import Platform

APPIUM_PREFIX = "appium:"


class MissingCredentials(MatrixError):
    """A `${VAR}` the capabilities need is not set (exit 2); the message names variables, never values."""


def placeholder(env_name: str) -> str:
    return "${" + env_name + "}"


def w3c_capabilities(device: Device) -> dict[str, Any]:
    """The entry's capabilities with credentials as `${VAR}`: safe to print, log or attach to a report."""
    caps: dict[str, Any] = {
        "platformName": PLATFORM_NAMES[device.platform],
        "appium:automationName": device.automation,
        "appium:platformVersion": device.os_version,
        "appium:deviceName": device.device_name,
    }
    if device.app is not None:
        caps["appium:app"] = device.app.location
    if device.platform is Platform.IOS and device.bundle_id:
        caps["appium:bundleId"] = device.bundle_id
    if device.platform is Platform.ANDROID:
        if device.app_package:
            caps["appium:appPackage"] = device.app_package
        if device.app_activity:
            caps["appium:appActivity"] = device.app_activity
    provider = device.provider
    vendor_key = provider.vendor_options_key
    if provider.kind is ProviderKind.BROWSERSTACK:
        caps["bstack:options"] = {
            "userName": placeholder(provider.username_env or ""),
            "accessKey": placeholder(provider.access_key_env or ""),
            "projectName": provider.project or DEFAULT_PROJECT,
            "buildName": provider.build or DEFAULT_PROJECT,
            "sessionName": device.id,
            "deviceLogs": True,
            "appiumLogs": True,
            "video": True,
            "networkLogs": False,  # the network log would hold client secrets of the Connect API's answers
        }
    elif provider.kind is ProviderKind.SAUCELABS:
        caps["sauce:options"] = {
            "username": placeholder(provider.username_env or ""),
            "accessKey": placeholder(provider.access_key_env or ""),
            "build": provider.build or DEFAULT_PROJECT,
            "name": device.id,
        }
    elif provider.kind is ProviderKind.GRID:
        caps["se:name"] = f"{DEFAULT_PROJECT} {device.id}"
    if vendor_key is not None and provider.appium_version:
        caps[vendor_key]["appiumVersion"] = provider.appium_version
    for key, value in device.capabilities.items():
        if key == vendor_key and isinstance(value, Mapping):
            caps[key] = {**caps[key], **copy.deepcopy(dict(value))}
        else:
            caps[key] = copy.deepcopy(value)
    return caps


def placeholders_in(value: Any) -> list[str]:
    """The environment variable names the `${VAR}` placeholders in `value` refer to, in order, once each."""
    found: dict[str, None] = {}

    def walk(item: Any) -> None:
        if isinstance(item, str):
            found.update(dict.fromkeys(PLACEHOLDER.findall(item)))
        elif isinstance(item, Mapping):
            for inner in item.values():
                walk(inner)
        elif isinstance(item, list | tuple):
            for inner in item:
                walk(inner)

    walk(value)
    return list(found)


def resolve_placeholders(caps: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The capabilities with every `${VAR}` replaced from the environment, for the session request only.

    Never print or log the result: it holds the farm credentials. MissingCredentials names what is unset.
    """
    env = os.environ if environ is None else environ
    missing = [name for name in placeholders_in(caps) if not env.get(name)]
    if missing:
        raise MissingCredentials(
            [f"environment variable(s) not set: {', '.join(missing)} (the capabilities need them)"]
        )

    def fill(item: Any) -> Any:
        if isinstance(item, str):
            return PLACEHOLDER.sub(lambda found: env[found.group(1)], item)
        if isinstance(item, Mapping):
            return {key: fill(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [fill(inner) for inner in item]
        return item

    return {key: fill(value) for key, value in caps.items()}


def appium_options(device: Device, environ: Mapping[str, str] | None = None) -> AppiumOptions:
    """The Appium client's options object for a session on `device`, credentials filled in.

    Use as `webdriver.Remote(device.provider.url, options=appium_options(device))`.
    """
    options: AppiumOptions = XCUITestOptions() if device.platform is Platform.IOS else UiAutomator2Options()
    return options.load_capabilities(resolve_placeholders(w3c_capabilities(device), environ))


def nonstandard_unprefixed(caps: Mapping[str, Any]) -> list[str]:
    """Keys that are neither W3C standard nor vendor-prefixed (`x:`): a well-formed request has none."""
    return [key for key in caps if key not in AppiumOptions.W3C_CAPABILITY_NAMES and ":" not in key]
