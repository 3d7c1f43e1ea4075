"""The live-mode guard refuses live keys and the production host unless --allow-live is given."""

from __future__ import annotations

import pytest

from connect_cert.harness import guard
from connect_cert.harness.exitcodes import ExitCode, LiveModeRefused
from connect_cert.harness.target import TargetArgs


@pytest.mark.parametrize("url", ["https://connect.cariqa.com", "https://CONNECT.cariqa.com./api/v1/"])
def test_the_production_host_is_refused(url: str) -> None:
    with pytest.raises(LiveModeRefused) as refused:
        guard.check_host(url, allow_live=False)
    assert refused.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(
    "url", ["https://dev.connect.cariqa.com", "http://127.0.0.1:8765", "https://connect.cariqa.com.example"]
)
def test_other_hosts_pass(url: str) -> None:
    guard.check_host(url, allow_live=False)


def test_allow_live_opts_in() -> None:
    guard.check_host("https://connect.cariqa.com", allow_live=True)
    guard.check_keys([("x", "pk_live_abc")], allow_live=True)


@pytest.mark.parametrize("key", ["pk_live_abc123", "sk_live_abc123", " rk_live_abc123"])
def test_live_keys_are_refused_without_echoing_them(key: str) -> None:
    with pytest.raises(LiveModeRefused) as refused:
        guard.check_keys([("$VAR", key)], allow_live=False)
    assert key.strip() not in str(refused.value)


def test_target_args_check_the_environment_before_any_request() -> None:
    args = TargetArgs(target="https://dev.connect.cariqa.com", token_env="T")
    with pytest.raises(LiveModeRefused):
        args.validate({"T": "sk_live_oops"})
    args.validate({"T": "eyJ.eyJ.sig", "CONNECT_CERT_PUBLISHABLE_KEY": "pk_test_ok"})
