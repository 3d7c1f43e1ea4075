"""Helpers of the devices tests: the page-source fixtures and device entries made in code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from connect_cert.devices.locator_eval import PageSource
from connect_cert.devices.matrix import Device, parse_device
from connect_cert.devices.problems import Problems
from connect_cert.devices.providers import builtin_providers

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PACKAGE = "com.example.charge"  # the app package of the Android fixtures


def page(name: str) -> PageSource:
    """A page-source fixture, freshly parsed (a test may change its nodes)."""
    return PageSource.from_file(FIXTURES / name)


def device(platform: str = "ios", **fields: Any) -> Device:
    """A valid entry (iPhone or Pixel on the local provider) with `fields` changed."""
    raw: dict[str, Any] = {
        "id": f"test-{platform}",
        "platform": platform,
        "os_version": "17.5" if platform == "ios" else "14",
        "device_name": "iPhone 15" if platform == "ios" else "Pixel 8",
        "stripe_sdk": "24.16.0" if platform == "ios" else "21.12.0",
        "provider": "local",
    }
    if platform == "android":
        raw["app_package"] = PACKAGE
    raw.update(fields)
    problems = Problems("test")
    found = parse_device(raw, "devices[0]", problems, base=FIXTURES, providers=builtin_providers())
    assert found is not None and not problems.lines, problems.lines
    return found
