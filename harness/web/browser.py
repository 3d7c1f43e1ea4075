"""The browser of the web suite: Debian's Chromium launched by path, or a remote browser.

`--browser-endpoint`: `ws(s)://…` is a Playwright server (`playwright run-server`, `connect`);
`cdp+ws(s)://…` / `cdp+http(s)://…` a Chrome DevTools endpoint (`connect_over_cdp`), as a Selenium Grid
node offers (`se:cdp`). No browser is ever downloaded.

Playwright's sync API allows one driver per thread, so every fixture that needs one shares
`shared_playwright()`; video recording is prepared before it starts (see `connect_cert.harness.web.video`).
"""

from __future__ import annotations

import shutil
from typing import Any

from playwright.sync_api import Browser, Playwright, sync_playwright

from connect_cert.harness.web.video import prepare_video

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CDP_PREFIX = "cdp+"

_driver: Playwright | None = None
_users = 0
_video_problem: str | None = None


def shared_playwright() -> Playwright:
    """This process's Playwright driver, started on first use; pair each call with `release_playwright()`."""
    global _driver, _users, _video_problem
    if _driver is None:
        _video_problem = prepare_video()
        _driver = sync_playwright().start()
    _users += 1
    return _driver


def video_problem() -> str | None:
    """Why contexts of the shared driver cannot record video (None: they can)."""
    return _video_problem


def release_playwright() -> None:
    """One user fewer; the last one stops the driver (after every browser of the others is closed)."""
    global _driver, _users
    _users = max(0, _users - 1)
    if _users == 0 and _driver is not None:
        _driver.stop()
        _driver = None


def launch_args(executable: str = CHROMIUM) -> dict[str, Any]:
    return {"executable_path": executable, "args": list(CHROMIUM_ARGS), "headless": True}


def missing_browser(executable: str = CHROMIUM) -> str | None:
    """Why no Chromium can be launched from `executable`, in one line naming the fix; None when one can."""
    if shutil.which(executable) is not None:
        return None
    return (
        f"no Chromium at {executable} for the web suite: install one (Debian/Ubuntu: `apt-get install chromium`) "
        "or name yours with --browser-executable PATH (a remote browser: --browser-endpoint URL)"
    )


def start_browser(driver: Playwright, endpoint: str | None, launch: dict[str, Any]) -> Browser:
    """Connect to `endpoint` when given, else launch with `launch`."""
    if endpoint and endpoint.startswith(CDP_PREFIX):
        return driver.chromium.connect_over_cdp(endpoint.removeprefix(CDP_PREFIX))
    if endpoint:
        return driver.chromium.connect(endpoint)
    return driver.chromium.launch(**launch)
