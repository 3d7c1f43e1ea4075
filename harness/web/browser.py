"""The browser of the web suite: Debian's Chromium launched by path, or a remote browser.

`--browser-endpoint`: `ws(s)://…` is a Playwright browser server (`launchServer` of the npm `playwright`
package, `playwright run-server`, BrowserStack's `wss://cdp.browserstack.com/playwright`), reached with
`connect`; `cdp+ws(s)://…` / `cdp+http(s)://…` a Chrome DevTools endpoint (`connect_over_cdp`): a Chromium
started with `--remote-debugging-port`, a Selenium Grid 4 session's `se:cdp`, Sauce Labs' devTools session.
Credentials never go on the command line: `${VAR}` in the endpoint is read from the environment when
connecting, and `--browser-caps-env VAR` names a variable holding the JSON capabilities a cloud wants
(sent as the `caps` query parameter of a Playwright endpoint, as BrowserStack reads them). What is printed
is the endpoint without its query and credentials. No browser is ever downloaded.

Playwright's sync API allows one driver per thread, so every fixture that needs one shares
`shared_playwright()`; video recording is prepared before it starts (see `connect_cert.harness.web.video`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from playwright.sync_api import Browser, Playwright, sync_playwright

from connect_cert.harness.exitcodes import ConfigError
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
ENDPOINT_SCHEMES = ("ws", "wss", "cdp+ws", "cdp+wss", "cdp+http", "cdp+https")
CONNECT_TIMEOUT_MS = 30_000  # a remote browser that does not answer within this is unreachable
_CREDENTIAL_WORDS = ("key", "secret", "token", "password", "auth")
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

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


def check_endpoint(endpoint: str, environ: Mapping[str, str] | None = None) -> None:
    """A ConfigError (exit 2) naming the accepted forms when `endpoint`, its `${VAR}`s read, is none of them."""
    url = urlsplit(expand(endpoint, environ))
    if url.scheme not in ENDPOINT_SCHEMES or not url.netloc:
        raise ConfigError(
            f"--browser-endpoint {shown(url.geturl())!r}: expected ws(s)://… (a Playwright browser server) or "
            "cdp+ws(s)://… / cdp+http(s)://… (a Chrome DevTools endpoint)"
        )


def expand(text: str, environ: Mapping[str, str] | None = None) -> str:
    """`${VAR}` replaced by the variable's value; an unset one is a ConfigError naming it (never a value)."""
    env = os.environ if environ is None else environ

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            raise ConfigError(f"--browser-endpoint names ${{{name}}}, which is not set in the environment")
        return env[name]

    return _PLACEHOLDER.sub(value, text)


def shown(endpoint: str) -> str:
    """The endpoint as it may be printed: no credentials, no query (caps, tokens)."""
    parts = urlsplit(endpoint)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def capabilities_from(variable: str | None, environ: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """The JSON object of capabilities in the environment variable `variable` (its `${VAR}`s expanded)."""
    if not variable:
        return None
    env = os.environ if environ is None else environ
    raw = env.get(variable)
    if raw is None:
        raise ConfigError(f"--browser-caps-env {variable}: the variable is not set")
    try:
        caps = json.loads(expand(raw, env))
    except ValueError as exc:
        raise ConfigError(f"--browser-caps-env {variable}: not JSON ({type(exc).__name__})") from None
    if not isinstance(caps, dict):
        raise ConfigError(f"--browser-caps-env {variable}: expected a JSON object of capabilities")
    return caps


def endpoint_secrets(endpoint: str, capabilities: Mapping[str, Any] | None = None) -> list[str]:
    """What the reports must never show: the values `${VAR}` brings in, the capabilities' credentials."""
    values = [os.environ.get(name, "") for name in _PLACEHOLDER.findall(endpoint)]
    values += _credentials(capabilities or {})
    return [v for v in values if len(v) >= 8]


def _credentials(capabilities: Mapping[str, Any]) -> list[str]:
    """String values under keys that name a credential (`browserstack.accessKey`, `sauce:options.accessKey`)."""
    found: list[str] = []
    for key, value in capabilities.items():
        if isinstance(value, Mapping):
            found += _credentials(value)
        elif isinstance(value, str) and any(word in key.lower() for word in _CREDENTIAL_WORDS):
            found.append(value)
    return found


def connect_url(
    endpoint: str, capabilities: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """The URL to connect to: placeholders expanded, `caps` added to a Playwright server's query."""
    url = expand(endpoint, environ)
    if capabilities and not url.startswith(CDP_PREFIX):
        joiner = "&" if urlsplit(url).query else "?"
        url += joiner + urlencode({"caps": json.dumps(dict(capabilities), separators=(",", ":"))})
    return url


def start_browser(
    driver: Playwright, endpoint: str | None, launch: dict[str, Any], capabilities: Mapping[str, Any] | None = None
) -> Browser:
    """Connect to `endpoint` when given (bounded by CONNECT_TIMEOUT_MS), else launch with `launch`."""
    if not endpoint:
        return driver.chromium.launch(**launch)
    url = connect_url(endpoint, capabilities)
    if url.startswith(CDP_PREFIX):
        return driver.chromium.connect_over_cdp(url.removeprefix(CDP_PREFIX), timeout=CONNECT_TIMEOUT_MS)
    return driver.chromium.connect(url, timeout=CONNECT_TIMEOUT_MS)
