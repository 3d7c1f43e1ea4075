"""A remote browser's credentials live in the environment: `${VAR}` in the endpoint and the capabilities of
`--browser-caps-env` are read when connecting, what is printed has neither query nor credentials, and the
values are registered for redaction."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.web.browser import (
    capabilities_from,
    check_endpoint,
    connect_url,
    endpoint_secrets,
    expand,
    shown,
)

ENV = {
    "BS_USER": "partner-qa",
    "BS_KEY": "bs-key-0123456789abcdef",
    "SE_CDP": "ws://grid:4444/session/5e55/se/cdp",
    "BS_CAPS": json.dumps(
        {"browser": "chrome", "browserstack.username": "${BS_USER}", "browserstack.accessKey": "${BS_KEY}"}
    ),
}


def test_placeholders_are_read_from_the_environment() -> None:
    assert expand("cdp+${SE_CDP}", ENV) == "cdp+ws://grid:4444/session/5e55/se/cdp"
    assert expand("ws://h/pw?token=${BS_KEY}&x=1", ENV) == "ws://h/pw?token=bs-key-0123456789abcdef&x=1"
    assert expand("ws://h/$BS_KEY", ENV) == "ws://h/$BS_KEY", "only ${VAR} is a placeholder"
    with pytest.raises(ConfigError, match=r"\$\{NOT_SET\}, which is not set") as raised:
        expand("ws://h/?t=${NOT_SET}", ENV)
    assert "bs-key" not in str(raised.value)


def test_the_endpoint_is_checked_after_its_placeholders_are_read() -> None:
    check_endpoint("cdp+${SE_CDP}", ENV)
    for bad in ("http://h:9/", "ws:///nohost", "grid:4444", "${SE_CDP}x"):
        with pytest.raises(ConfigError, match="expected ws"):
            check_endpoint(bad, {**ENV, "SE_CDP": "http://h/"})


def test_what_is_printed_has_no_query_and_no_credentials() -> None:
    assert (
        shown("wss://user:pass@cdp.example.com/playwright?caps=%7B%22key%22%7D") == "wss://cdp.example.com/playwright"
    )
    assert shown("cdp+http://127.0.0.1:9222") == "cdp+http://127.0.0.1:9222"


def test_capabilities_go_into_a_playwright_endpoints_query_not_a_cdp_one() -> None:
    caps = capabilities_from("BS_CAPS", ENV)
    assert caps == {"browser": "chrome", "browserstack.username": "partner-qa", "browserstack.accessKey": ENV["BS_KEY"]}
    url = connect_url("wss://cdp.browserstack.com/playwright", caps, ENV)
    assert json.loads(parse_qs(urlsplit(url).query)["caps"][0]) == caps
    assert connect_url("wss://h/pw?a=1", caps, ENV).startswith("wss://h/pw?a=1&caps=")
    assert connect_url("cdp+${SE_CDP}", caps, ENV) == "cdp+ws://grid:4444/session/5e55/se/cdp"


def test_credentials_are_registered_and_plain_capabilities_are_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BS_TOKEN", "tok-0123456789abcdef")
    caps = {"browser": "chrome-for-testing", "sauce:options": {"accessKey": "sauce-0123456789", "name": "nightly-run"}}
    secrets = endpoint_secrets("wss://h/pw?token=${BS_TOKEN}", caps)
    assert sorted(secrets) == ["sauce-0123456789", "tok-0123456789abcdef"]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [(None, "is not set"), ("[1, 2]", "a JSON object"), ("browser=chrome", "not JSON")],
)
def test_capabilities_that_cannot_be_used_are_a_config_error(value: str | None, fragment: str) -> None:
    env = {} if value is None else {"CAPS": value}
    with pytest.raises(ConfigError, match=fragment):
        capabilities_from("CAPS", env)
