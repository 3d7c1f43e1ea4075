"""Helpers of the devices tests: the page-source fixtures and device entries made in code."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from connect_cert.devices.locator_eval import Node, PageSource
from connect_cert.devices.matrix import Device, EntryContext, parse_device
from connect_cert.devices.problems import Problems
from connect_cert.devices.source_driver import PageSourceDriver

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
    found = parse_device(raw, "devices[0]", problems, EntryContext(FIXTURES))
    assert found is not None and not problems.lines, problems.lines
    return found


def shows(node: Node) -> str:
    """What identifies a node to a person: its label, name, text, content-desc or resource id."""
    for key in ("label", "name", "text", "content-desc"):
        if node.attrs.get(key):
            return node.attrs[key]
    labels = [child.attrs["text"] for child in node.descendants() if child.attrs.get("text")]
    if labels:
        return labels[0]  # a Compose field or button: its label child
    return node.attrs.get("resource-id") or node.tag


def driver(start: str, taps: Mapping[str, str] | None = None, **settings: Any) -> PageSourceDriver:
    """A driver on fixture `start`; tapping a node that `shows` a key of `taps` moves to that fixture."""
    moves = dict(taps or {})

    def on_tap(node: Node) -> PageSource | None:
        following = moves.get(shows(node))
        return page(following) if following else None

    found = PageSourceDriver(page(start), on_tap=on_tap)
    found.settings.update(settings)
    return found


def enable(source: PageSource, strategy: str, value: str) -> None:
    """Mark the matching nodes enabled (a button the typed form has enabled)."""
    for node in source.find_all(strategy, value):
        node.attrs["enabled"] = "true"
