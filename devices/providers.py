"""Where an Appium session is opened: a local Appium server, a Selenium Grid 4, BrowserStack or Sauce Labs.

A matrix entry names its provider by the name of one in the matrix's `providers:` section, by a built-in
name (`local`, `browserstack`, `saucelabs`), by an http(s) URL (a local Appium server), or inline as a
mapping with `kind`. Farm credentials are never in the file: `username_env` / `access_key_env` name the
environment variables holding them, and capabilities carry them as `${VAR}` until a session starts.

`ping` asks a provider's `/status` (the WebDriver status endpoint of Appium, Grid 4 and both farms)
within a bounded timeout; an unreachable provider is *broken*, never failed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import httpx

from connect_cert.devices.problems import PLACEHOLDER, Sink, env_name, mapping, text, unknown_keys


class ProviderKind(StrEnum):
    APPIUM = "appium"  # an Appium server (local simulators, emulators, attached devices)
    GRID = "grid"  # a Selenium Grid 4 relaying to Appium nodes
    BROWSERSTACK = "browserstack"  # BrowserStack App Automate
    SAUCELABS = "saucelabs"  # Sauce Labs real devices and emulators


LOCAL_APPIUM = "http://127.0.0.1:4723"
BROWSERSTACK_HUB = "https://hub-cloud.browserstack.com/wd/hub"
SAUCE_REGION = "us-west-1"
SAUCE_REGIONS = ("us-west-1", "us-east-4", "eu-central-1", "apac-southeast-1")
DEFAULT_PROJECT = "connect-cert"
VENDOR_OPTIONS = {ProviderKind.BROWSERSTACK: "bstack:options", ProviderKind.SAUCELABS: "sauce:options"}
DEFAULT_CREDENTIAL_ENVS = {
    ProviderKind.BROWSERSTACK: ("BROWSERSTACK_USERNAME", "BROWSERSTACK_ACCESS_KEY"),
    ProviderKind.SAUCELABS: ("SAUCE_USERNAME", "SAUCE_ACCESS_KEY"),
}
_FIELDS: Mapping[ProviderKind, tuple[str, ...]] = {
    ProviderKind.APPIUM: ("kind", "url"),
    ProviderKind.GRID: ("kind", "url"),
    ProviderKind.BROWSERSTACK: ("kind", "url", "username_env", "access_key_env", "project", "build", "appium_version"),
    ProviderKind.SAUCELABS: ("kind", "region", "username_env", "access_key_env", "build", "appium_version"),
}
_APPIUM_VERSION = re.compile(r"^\d+(\.\d+){0,2}$|^latest$|^beta$")


@dataclass(frozen=True)
class Provider:
    """One place to open sessions. `url` is the WebDriver endpoint; it never carries credentials."""

    name: str
    kind: ProviderKind
    url: str
    username_env: str | None = None  # farms only: the variables holding the credentials
    access_key_env: str | None = None
    project: str | None = None  # farms: how sessions are grouped on the dashboard
    build: str | None = None
    appium_version: str | None = None
    region: str | None = None  # Sauce Labs data center

    @property
    def status_url(self) -> str:
        return f"{self.url.rstrip('/')}/status"

    @property
    def is_farm(self) -> bool:
        return self.kind in VENDOR_OPTIONS

    @property
    def vendor_options_key(self) -> str | None:
        """`bstack:options` / `sauce:options`: where the farm's own settings go in the capabilities."""
        return VENDOR_OPTIONS.get(self.kind)

    @property
    def credential_envs(self) -> tuple[str, ...]:
        return tuple(name for name in (self.username_env, self.access_key_env) if name)

    def describe(self) -> str:
        """`name (kind, url)`: safe to print (no credentials can be in it)."""
        return f"{self.name} ({self.kind})" if self.name == self.url else f"{self.name} ({self.kind}, {self.url})"


def builtin_providers() -> dict[str, Provider]:
    """The providers every matrix knows without a `providers:` section (a Grid always needs its URL)."""
    bs_user, bs_key = DEFAULT_CREDENTIAL_ENVS[ProviderKind.BROWSERSTACK]
    sauce_user, sauce_key = DEFAULT_CREDENTIAL_ENVS[ProviderKind.SAUCELABS]
    return {
        "local": Provider("local", ProviderKind.APPIUM, LOCAL_APPIUM),
        "browserstack": Provider(
            "browserstack", ProviderKind.BROWSERSTACK, BROWSERSTACK_HUB, bs_user, bs_key, DEFAULT_PROJECT
        ),
        "saucelabs": Provider(
            "saucelabs",
            ProviderKind.SAUCELABS,
            _sauce_url(SAUCE_REGION),
            sauce_user,
            sauce_key,
            region=SAUCE_REGION,
        ),
    }


def _sauce_url(region: str) -> str:
    return f"https://ondemand.{region}.saucelabs.com/wd/hub"


def _endpoint(value: Any, where: str, problems: Sink) -> str | None:
    url = text(value, where, problems)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.add(where, f"expected an http(s) URL, got {url!r}")
        return None
    if parts.username is not None or parts.password is not None:
        # The value is not echoed: it holds a credential.
        problems.add(where, "credentials in the URL are refused: name them with username_env / access_key_env")
        return None
    if parts.query or parts.fragment:
        problems.add(where, "expected a plain endpoint URL without query or fragment")
        return None
    return url.rstrip("/")


def parse_provider(name: str, raw: Any, where: str, problems: Sink) -> Provider | None:
    """A provider definition: a mapping with `kind`, or an http(s) URL standing for a local Appium server."""
    if isinstance(raw, str):
        url = _endpoint(raw, where, problems)
        return Provider(name, ProviderKind.APPIUM, url) if url else None
    data = mapping(raw, where, problems)
    if data is None:
        return None
    kind_text = text(data.get("kind"), f"{where}.kind", problems, required=True)
    if kind_text is None:
        return None
    try:
        kind = ProviderKind(kind_text)
    except ValueError:
        problems.add(f"{where}.kind", f"unknown kind {kind_text!r} (known: {', '.join(ProviderKind)})")
        return None
    unknown_keys(problems, data, _FIELDS[kind], where)
    if kind in (ProviderKind.APPIUM, ProviderKind.GRID):
        if "url" not in data:
            problems.add(
                f"{where}.url", f"missing (the {'Appium server' if kind is ProviderKind.APPIUM else 'Grid'} URL)"
            )
            return None
        url = _endpoint(data["url"], f"{where}.url", problems)
        return Provider(name, kind, url) if url else None
    default_user, default_key = DEFAULT_CREDENTIAL_ENVS[kind]
    username_env = env_name(data.get("username_env"), f"{where}.username_env", problems, default_user)
    access_key_env = env_name(data.get("access_key_env"), f"{where}.access_key_env", problems, default_key)
    appium_version = text(data.get("appium_version"), f"{where}.appium_version", problems)
    if appium_version is not None and not _APPIUM_VERSION.match(appium_version):
        problems.add(
            f"{where}.appium_version", f"expected a version such as 2.11.0 or 'latest', got {appium_version!r}"
        )
    build = _label(data.get("build"), f"{where}.build", problems)
    project = _label(data.get("project"), f"{where}.project", problems)
    if kind is ProviderKind.BROWSERSTACK:
        url = _endpoint(data.get("url", BROWSERSTACK_HUB), f"{where}.url", problems)
        if url is None:
            return None
        return Provider(
            name, kind, url, username_env, access_key_env, project or DEFAULT_PROJECT, build, appium_version
        )
    region = text(data.get("region", SAUCE_REGION), f"{where}.region", problems) or SAUCE_REGION
    if region not in SAUCE_REGIONS:
        problems.add(f"{where}.region", f"unknown Sauce Labs region {region!r} (known: {', '.join(SAUCE_REGIONS)})")
    return Provider(name, kind, _sauce_url(region), username_env, access_key_env, None, build, appium_version, region)


def _label(value: Any, where: str, problems: Sink) -> str | None:
    """A dashboard label; `${VAR}` placeholders (a CI build number) are resolved at session start."""
    label = text(value, where, problems)
    if label is not None and "$" in PLACEHOLDER.sub("", label):
        problems.add(where, "a '$' may only start a ${VAR} placeholder")
    return label


def parse_providers(raw: Any, problems: Sink) -> dict[str, Provider]:
    """The built-in providers, then the matrix's own `providers:` (which may redefine a built-in name)."""
    providers = builtin_providers()
    if raw is None:
        return providers
    data = mapping(raw, "providers", problems)
    for name, item in (data or {}).items():
        provider = parse_provider(str(name), item, f"providers.{name}", problems)
        if provider is not None:
            providers[str(name)] = provider
    return providers


def resolve_provider(raw: Any, where: str, known: Mapping[str, Provider], problems: Sink) -> Provider | None:
    """An entry's `provider`: a known name, an http(s) URL (local Appium) or an inline definition."""
    if isinstance(raw, str) and "://" not in raw:
        provider = known.get(raw.strip())
        if provider is None:
            problems.add(where, f"unknown provider {raw!r} (known: {', '.join(known)}; or an Appium URL)")
        return provider
    if raw is None:
        problems.add(where, f"missing (one of: {', '.join(known)}; an Appium URL; or a mapping with kind)")
        return None
    name = raw if isinstance(raw, str) else "inline"
    return parse_provider(name, raw, where, problems)


# --- reachability --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderStatus:
    """What a provider's `/status` answered: reachable and ready, or broken with the cause."""

    provider: Provider
    reachable: bool
    detail: str


def ping(provider: Provider, *, timeout: float) -> ProviderStatus:
    """GET `/status` within `timeout` seconds; ready means a WebDriver status with `value.ready` true."""
    try:
        response = httpx.get(provider.status_url, timeout=timeout, follow_redirects=False)
    except httpx.TimeoutException:
        return ProviderStatus(provider, False, f"no answer within {timeout:g} s")
    except httpx.ConnectError as exc:
        return ProviderStatus(provider, False, _connect_cause(exc))
    except httpx.HTTPError as exc:
        return ProviderStatus(provider, False, f"{type(exc).__name__}")
    if response.status_code != 200:
        return ProviderStatus(provider, False, f"/status answered HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        return ProviderStatus(provider, False, "/status answered, but not with JSON: not a WebDriver server")
    value = body.get("value") if isinstance(body, dict) else None
    if not isinstance(value, dict) or "ready" not in value:
        return ProviderStatus(provider, False, "/status answered without value.ready: not a WebDriver server")
    message = str(value.get("message") or "").strip()
    build = value.get("build")
    version = build.get("version") if isinstance(build, dict) else None
    if value["ready"] is not True:
        return ProviderStatus(provider, False, f"not ready{': ' + message if message else ''}")
    return ProviderStatus(provider, True, "ready" + (f" (version {version})" if version else ""))


def _connect_cause(exc: httpx.ConnectError) -> str:
    cause = str(exc).lower()
    if "refused" in cause:
        return "connection refused"
    if "name or service" in cause or "nodename" in cause or "resolve" in cause or "getaddrinfo" in cause:
        return "host name does not resolve"
    return f"cannot connect ({str(exc) or type(exc).__name__})"


def ping_all(providers: Iterable[Provider], *, timeout: float) -> list[ProviderStatus]:
    """Every provider pinged at once, so the whole check takes one timeout at most; order kept."""
    listed = list(providers)
    if not listed:
        return []
    with ThreadPoolExecutor(max_workers=min(8, len(listed))) as pool:
        return list(pool.map(lambda provider: ping(provider, timeout=timeout), listed))
