"""Who we test: the Target, resolved from the options of one run.

`--target sandbox` starts the sandbox in-process (see `sandbox_runner`) and resolves it like any URL.
`--target URL`: the harness asks `GET {URL}/_sandbox/info`; when it answers (a sandbox, maybe behind a
proxy), the Stripe base, publishable key and tokens come from it, every URL in it taken relative to the
target. Otherwise tokens and keys come from the environment variables named by the options.

Then one probe tells a Connect API from anything else: `GET /api/v1/users/` without a token must answer
JSON, either 401/403 with `detail` (as DRF does) or, from a Connect API whose auth is broken, a
paginated list (the auth suite reports that defect; refusing to run would hide it). With the token, a
403 means the token is not accepted: a configuration error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from connect_cert.harness import guard
from connect_cert.harness.clients import transport_reason
from connect_cert.harness.exitcodes import ConfigError, TargetUnreachable

SANDBOX = "sandbox"
DEFAULT_STRIPE_API_BASE = "https://api.stripe.com"
PROBE_TIMEOUT = 10.0
API_PATH = "/api/v1"


@dataclass(frozen=True)
class TargetArgs:
    """The target options of one run, as given (env var names, not their values)."""

    target: str = SANDBOX
    token_env: str = "CONNECT_CERT_TOKEN"
    second_token_env: str = "CONNECT_CERT_SECOND_TOKEN"
    stripe_api_base: str | None = None
    publishable_key_env: str = "CONNECT_CERT_PUBLISHABLE_KEY"
    allow_live: bool = False

    @property
    def is_sandbox(self) -> bool:
        return self.target == SANDBOX

    def validate(self, environ: Mapping[str, str] | None = None) -> None:
        """Checks that need no network: the target's shape and the live-mode guard."""
        environ = os.environ if environ is None else environ
        if not self.is_sandbox:
            _check_url(self.target, "--target")
            guard.check_host(self.target, allow_live=self.allow_live)
        if self.stripe_api_base:
            _check_url(self.stripe_api_base, "--stripe-api-base")
        guard.check_keys(
            [
                (f"${self.publishable_key_env} (--publishable-key-env)", environ.get(self.publishable_key_env)),
                (f"${self.token_env} (--token-env)", environ.get(self.token_env)),
                (f"${self.second_token_env} (--second-token-env)", environ.get(self.second_token_env)),
            ],
            allow_live=self.allow_live,
        )


@dataclass(frozen=True)
class Target:
    """Everything a suite needs to reach the target, and what the target offers."""

    name: str
    origin: str  # the target as given (scheme://host[:port][/prefix]); the spec's /api/v1/... paths join here
    api_base: str  # the Connect API base, `{origin}/api/v1`: the typed client's base
    token: str = field(repr=False)
    second_token: str | None = field(default=None, repr=False)
    stripe_api_base: str | None = None  # absolute; client calls go to {stripe_api_base}/v1/...
    publishable_key: str | None = field(default=None, repr=False)
    sandbox_control: str | None = None  # absolute base of /_sandbox/, None when not offered
    is_sandbox: bool = False  # GET /_sandbox/info answered: Stripe.js stand-in, test keys, control
    wallet_domain: str | None = None  # a domain registered for Apple Pay / Google Pay, when declared
    devices: tuple[str, ...] = ()  # devices the target declares for the mobile suites
    links: Mapping[str, str] = field(default_factory=dict)  # every URL of /_sandbox/info, made absolute

    @property
    def offers_control(self) -> bool:
        return self.sandbox_control is not None

    @property
    def offers_second_partner(self) -> bool:
        return bool(self.second_token)

    @property
    def offers_stripe(self) -> bool:
        return bool(self.stripe_api_base and self.publishable_key)

    @property
    def offers_wallets(self) -> bool:
        return self.wallet_domain is not None

    def url(self, path: str) -> str:
        """An absolute URL on the target: `/x` from the host, `x` from the origin, an absolute URL stays."""
        return urljoin(self.origin + "/", path)

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.token, self.second_token, self.publishable_key) if s)


def _check_url(value: str, option: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{option} must be 'sandbox' or an http(s) URL, got {value!r}")


def _env(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def fetch_info(base: str, http: httpx.Client) -> tuple[dict[str, Any] | None, int]:
    """`GET {base}/_sandbox/info`: the info when it is a JSON object with tokens (else None), and the status."""
    try:
        response = http.get(f"{base}/_sandbox/info")
    except httpx.TransportError as exc:
        raise TargetUnreachable(f"cannot reach the target {base}: {transport_reason(exc)}") from None
    if response.status_code != 200:
        return None, response.status_code
    try:
        info = response.json()
    except ValueError:
        return None, response.status_code
    if not isinstance(info, dict) or not isinstance(info.get("tokens"), dict) or not info["tokens"]:
        return None, response.status_code
    return info, response.status_code


def _from_info(base: str, info: Mapping[str, Any], name: str) -> Target:
    def absolute(value: str) -> str:
        return urljoin(base + "/", value).rstrip("/")

    tokens = [t for t in info["tokens"].values() if isinstance(t, str) and t]
    if not tokens:
        raise TargetUnreachable(f"{base}/_sandbox/info lists no usable token")
    stripe_base = info.get("stripe_api_base")
    control = info.get("control_base")  # the info endpoint lives in the control API, so default to its base
    links = {
        k: absolute(v) for k, v in info.items() if isinstance(v, str) and v.startswith(("/", "http://", "https://"))
    }
    return Target(
        name=name,
        origin=base,
        api_base=absolute(info["api_base"]) if isinstance(info.get("api_base"), str) else f"{base}{API_PATH}",
        token=tokens[0],
        second_token=tokens[1] if len(tokens) > 1 else None,
        stripe_api_base=absolute(stripe_base) if isinstance(stripe_base, str) else None,
        publishable_key=info.get("publishable_key") if isinstance(info.get("publishable_key"), str) else None,
        sandbox_control=absolute(control) if isinstance(control, str) else f"{base}/_sandbox",
        is_sandbox=True,
        wallet_domain=info.get("wallet_domain") if isinstance(info.get("wallet_domain"), str) else None,
        devices=tuple(d for d in info.get("devices", ()) if isinstance(d, str)),
        links=links,
    )


def _from_env(base: str, args: TargetArgs, environ: Mapping[str, str], name: str, info_status: int) -> Target:
    token = _env(environ, args.token_env)
    if token is None:
        # 403: a sandbox whose control API answers loopback clients only
        why = "refuses /_sandbox/info (403)" if info_status == 403 else "offers no /_sandbox/info"
        raise ConfigError(
            f"no partner token: {base} {why}, so set the environment variable "
            f"{args.token_env} (named by --token-env) to your Connect API token"
        )
    return Target(
        name=name,
        origin=base,
        api_base=f"{base}{API_PATH}",
        token=token,
        second_token=_env(environ, args.second_token_env),
        stripe_api_base=(args.stripe_api_base or DEFAULT_STRIPE_API_BASE).rstrip("/"),
        publishable_key=_env(environ, args.publishable_key_env),
    )


def probe_connect(target: Target, http: httpx.Client, token_source: str) -> None:
    """Fail with one line unless the target answers like the Connect API and accepts our token."""
    url = f"{target.api_base}/users/"
    path = urlsplit(url).path
    try:
        anonymous = http.get(url)
    except httpx.TransportError as exc:
        raise TargetUnreachable(f"cannot reach the target {target.origin}: {transport_reason(exc)}") from None
    if not _looks_like_connect(anonymous):
        ctype = anonymous.headers.get("content-type", "no content type").split(";")[0]
        raise TargetUnreachable(
            f"{target.origin} answers but is not the Connect API: GET {path} without a token gave "
            f"{anonymous.status_code} ({ctype}), expected 401/403 JSON with 'detail'"
        )
    try:
        authorized = http.get(url, params={"page_size": 1}, headers={"Authorization": f"Bearer {target.token}"})
    except httpx.TransportError as exc:
        raise TargetUnreachable(f"cannot reach the target {target.origin}: {transport_reason(exc)}") from None
    if authorized.status_code in (401, 403):
        raise ConfigError(
            f"the target {target.origin} refuses the partner token from {token_source} "
            f"({authorized.status_code}): check the token and that it belongs to this environment"
        )


def _looks_like_connect(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    if response.status_code in (401, 403):
        return isinstance(body.get("detail"), str)
    return response.status_code == 200 and "count" in body and isinstance(body.get("results"), list)


def resolve_target(
    args: TargetArgs,
    *,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    http: httpx.Client | None = None,
) -> Target:
    """The Target for these options; `base_url` is where an in-process sandbox listens.

    Raises ConfigError (exit 2) or TargetUnreachable (exit 3) with a one-line message.
    """
    environ = os.environ if environ is None else environ
    args.validate(environ)
    base = (base_url or args.target).rstrip("/")
    if not args.is_sandbox:
        _check_url(base, "--target")
    name = SANDBOX if args.is_sandbox else (urlsplit(base).netloc or base)
    own_http = http is None
    http = http or httpx.Client(timeout=PROBE_TIMEOUT, follow_redirects=False)
    try:
        info, info_status = fetch_info(base, http)
        if info is None and args.is_sandbox:
            raise TargetUnreachable(f"the embedded sandbox at {base} does not answer GET /_sandbox/info")
        target = _from_info(base, info, name) if info is not None else _from_env(base, args, environ, name, info_status)
        guard.check_host(target.api_base, allow_live=args.allow_live)
        guard.check_keys([("the target's publishable key", target.publishable_key)], allow_live=args.allow_live)
        source = f"{base}/_sandbox/info" if info is not None else f"${args.token_env}"
        probe_connect(target, http, source)
        return target
    finally:
        if own_http:
            http.close()
