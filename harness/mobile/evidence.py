"""Evidence of a device flow: an Allure step per user action, each closed by a screenshot of the device;
on failure the page source and the Appium server's log of the test (both redacted).

Screenshots cannot be redacted, so the apps keep secrets off screen: the stand-in never shows its token
or a client secret, and only Stripe's published test numbers are ever typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from selenium.common.exceptions import WebDriverException

from connect_cert.harness.reports.allure import attach_png, attach_text
from connect_cert.harness.web.evidence import Evidence


class Screenshots(Protocol):
    def get_screenshot_as_png(self) -> bytes: ...


class MobileEvidence(Evidence):
    """The web's evidence steps (`with evidence.step("type the card", card="…4242"):`), each closed by a
    screenshot of the device instead of the page."""

    def __init__(self, driver: Screenshots, *, screenshots: bool = True) -> None:  # no page: a device
        self.driver = driver
        self.screenshots = screenshots
        self.count = 0

    def screenshot(self, name: str) -> None:
        if not self.screenshots:
            return
        try:
            png = self.driver.get_screenshot_as_png()
        except (WebDriverException, OSError):
            return  # evidence must never hide the finding it documents
        self.count += 1
        attach_png(f"{self.count:02d} {name}", png)


class LogCursor:
    """Where a test's part of a server log begins, so a failure attaches just that part."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.offset = path.stat().st_size if path is not None and path.is_file() else 0

    def since(self, limit: int = 200_000) -> str:
        if self.path is None or not self.path.is_file():
            return ""
        with self.path.open("rb") as log:
            log.seek(self.offset)
            data = log.read()
        text = data.decode("utf-8", errors="replace")
        return text if len(text) <= limit else "…\n" + text[-limit:]


def attach_failure(driver: Any, log: LogCursor | None, device_id: str) -> None:
    """The page source at the failure and the Appium log of the test (attach_text redacts both)."""
    try:
        source = str(driver.page_source)
    except (WebDriverException, OSError) as exc:
        source = f"(no page source: {type(exc).__name__})"
    attach_text(f"page source on {device_id} at the failure", source)
    if log is not None:
        text = log.since()
        if text:
            attach_text(f"Appium server log of the test on {device_id}", text)
