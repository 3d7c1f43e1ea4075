"""A target is resolved from /_sandbox/info when it answers, else from the environment, and probed."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from connect_cert.harness.exitcodes import ConfigError, LiveModeRefused, TargetUnreachable
from connect_cert.harness.target import DEFAULT_STRIPE_API_BASE, TargetArgs, resolve_target
from connect_cert.sandbox import identity

Handler = Callable[[httpx.Request], httpx.Response]
BASE = "http://sandbox.test:8080"
INFO = {
    "stripe_api_base": "/stripe",
    "publishable_key": "pk_test_fromInfo",
    "tokens": {"partner_a": "tok-a-0123456789", "partner_b": "tok-b-0123456789"},
    "playground": "/playground/",
}


def connect_api(info: dict[str, object] | None, valid_token: str = "tok-a-0123456789") -> Handler:
    """A Connect API; with `info`, also a sandbox's control API."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/_sandbox/info":
            return (
                httpx.Response(200, json=info)
                if info is not None
                else httpx.Response(404, json={"detail": "Not found."})
            )
        if request.url.path == "/api/v1/users/":
            auth = request.headers.get("authorization")
            if auth is None:
                return httpx.Response(401, json={"detail": "Authentication credentials were not provided."})
            if auth != f"Bearer {valid_token}":
                return httpx.Response(403, json={"detail": "Given token not valid for any token type"})
            return httpx.Response(200, json={"count": 0, "next": None, "previous": None, "results": []})
        return httpx.Response(404, json={"detail": "Not found."})

    return handle


def resolve(handler: Handler, args: TargetArgs, environ: dict[str, str] | None = None, base: str | None = None):
    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        return resolve_target(args, base_url=base, environ=environ or {}, http=http)


def test_info_supplies_stripe_base_keys_and_tokens_relative_to_the_target() -> None:
    target = resolve(connect_api(INFO), TargetArgs(target=BASE))
    assert target.is_sandbox and target.offers_control
    assert (target.origin, target.api_base) == (BASE, f"{BASE}/api/v1")
    assert target.stripe_api_base == f"{BASE}/stripe"
    assert target.publishable_key == "pk_test_fromInfo"
    assert (target.token, target.second_token) == ("tok-a-0123456789", "tok-b-0123456789")
    assert target.sandbox_control == f"{BASE}/_sandbox"
    assert target.links["playground"] == f"{BASE}/playground"
    assert target.name == "sandbox.test:8080"
    assert "tok-a" not in repr(target), "tokens must not show in a repr"


def test_info_wins_over_the_environment() -> None:
    env = {"CONNECT_CERT_TOKEN": "from-env-0123456789"}
    target = resolve(connect_api(INFO), TargetArgs(target=BASE), env)
    assert target.token == "tok-a-0123456789"


def test_without_info_tokens_and_keys_come_from_the_named_variables() -> None:
    args = TargetArgs(target=f"{BASE}/", token_env="MY_TOKEN", second_token_env="OTHER", publishable_key_env="PK")
    env = {"MY_TOKEN": "tok-a-0123456789", "OTHER": "tok-b", "PK": "pk_test_env"}
    target = resolve(connect_api(None), args, env)
    assert not target.is_sandbox and not target.offers_control
    assert (target.origin, target.api_base) == (BASE, f"{BASE}/api/v1")
    assert (target.token, target.second_token) == ("tok-a-0123456789", "tok-b")
    assert (target.stripe_api_base, target.publishable_key) == (DEFAULT_STRIPE_API_BASE, "pk_test_env")


def test_an_explicit_stripe_base_is_used_without_info() -> None:
    args = TargetArgs(target=BASE, stripe_api_base="http://stripe.test/")
    target = resolve(connect_api(None), args, {"CONNECT_CERT_TOKEN": "tok-a-0123456789"})
    assert target.stripe_api_base == "http://stripe.test"
    assert target.second_token is None and target.publishable_key is None


def test_a_missing_token_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="MY_TOKEN"):
        resolve(connect_api(None), TargetArgs(target=BASE, token_env="MY_TOKEN"))


def test_a_refused_token_is_a_config_error_that_does_not_echo_it() -> None:
    with pytest.raises(ConfigError) as refused:
        resolve(connect_api(None), TargetArgs(target=BASE), {"CONNECT_CERT_TOKEN": "wrong-token-42"})
    assert "wrong-token-42" not in str(refused.value) and "403" in str(refused.value)


def test_something_that_is_not_the_connect_api_is_unreachable() -> None:
    def html(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html></html>", headers={"content-type": "text/html"})

    with pytest.raises(TargetUnreachable, match="is not the Connect API"):
        resolve(html, TargetArgs(target=BASE), {"CONNECT_CERT_TOKEN": "tok-a-0123456789"})


def test_a_connect_api_that_lists_users_without_a_token_still_runs() -> None:
    """Broken auth is the auth suite's finding, not a reason to refuse the target."""

    def open_api(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/users/":
            return httpx.Response(200, json={"count": 0, "next": None, "previous": None, "results": []})
        return httpx.Response(404, json={"detail": "Not found."})

    target = resolve(open_api, TargetArgs(target=BASE), {"CONNECT_CERT_TOKEN": "tok"})
    assert target.token == "tok"


def test_a_transport_failure_is_unreachable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with pytest.raises(TargetUnreachable, match="connection refused"):
        resolve(refuse, TargetArgs(target=BASE))


def test_a_live_key_from_info_is_refused() -> None:
    info = {**INFO, "publishable_key": "pk_live_fromInfo"}
    with pytest.raises(LiveModeRefused):
        resolve(connect_api(info), TargetArgs(target=BASE))


def test_the_production_host_is_refused_before_any_request() -> None:
    def forbidden(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request may reach {request.url}")

    with pytest.raises(LiveModeRefused):
        resolve(forbidden, TargetArgs(target="https://connect.cariqa.com"))


def test_the_embedded_sandbox_must_answer_info() -> None:
    with pytest.raises(TargetUnreachable, match="_sandbox/info"):
        resolve(connect_api(None), TargetArgs(), base=BASE)


def test_a_served_sandbox_resolves_from_its_own_info() -> None:
    """Against the real sandbox: every URL in /_sandbox/info is relative to its origin."""
    from connect_cert.sandbox.server import SandboxThread

    with SandboxThread() as sandbox:
        target = resolve_target(TargetArgs(target=sandbox.url), environ={})
        assert target.is_sandbox
        assert target.stripe_api_base == f"{sandbox.url}/stripe"
        assert target.publishable_key == identity.PUBLISHABLE_KEY
        assert {target.token, target.second_token} == {identity.partner_token(p) for p in identity.PARTNERS}
        assert target.sandbox_control == f"{sandbox.url}/_sandbox"
        assert target.api_base == f"{sandbox.url}/api/v1"
        info = httpx.get(f"{sandbox.url}/_sandbox/info").json()
        for key, value in info.items():
            if isinstance(value, str):
                assert not value.startswith(("http://", "https://")), f"{key} must be relative to the origin: {value}"
