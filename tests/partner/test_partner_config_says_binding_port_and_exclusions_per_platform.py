"""certification.yaml says how each app's Connect user is found, which port the sandbox takes, which
requirement does not apply on one platform (never a blocker on all of them), and a step as a sequence;
each mistake is one line naming the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from connect_cert.harness.binding import BindingKind
from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.partner_config import PartnerConfigError, parse_partner_config
from connect_cert.harness.reports.catalog import load_catalog
from connect_cert.harness.reports.verdict import Scope
from connect_cert.harness.web.partner_app import load_adapter_class, spec_from_partner_app
from tests.partner.support import EXAMPLE

BASE: dict[str, Any] = {"version": 1, "partner": {"name": "Test GmbH"}, "target": {"url": "sandbox"}}
WEB = {"url": "http://127.0.0.1:8780/"}


def _parse(tmp_path: Path, **top: Any) -> Any:
    return parse_partner_config({**BASE, **top}, tmp_path / "certification.yaml")


def _problems(tmp_path: Path, **top: Any) -> list[str]:
    with pytest.raises(PartnerConfigError) as error:
        _parse(tmp_path, **top)
    return error.value.problems


def test_the_example_config_binds_by_email_on_its_sandbox_port() -> None:
    from connect_cert.harness.partner_config import load_partner_config

    config = load_partner_config(EXAMPLE / "certification.yaml")
    web = config.apps["web"]
    assert (web.binding.kind, config.target.url, config.target.sandbox_port) == (BindingKind.EMAIL, "sandbox", 8765)
    assert web.adapter is not None and web.adapter.selectors["payment_method"][0] == "role=tab[name='My cards']"
    assert config.excluded_on == {"PAY-07": {"web": config.excluded_on["PAY-07"]["web"]}}
    assert config.exclusions()["PAY-07"].startswith("on web: ")


def test_the_documented_example_declares_every_required_step() -> None:
    from connect_cert.harness.partner_config import load_partner_config

    path = Path(__file__).resolve().parents[2] / "fixtures" / "partners" / "example-certification.yaml"
    config = load_partner_config(path)
    spec = spec_from_partner_app(config.apps["web"], path.parent)  # refuses a missing required step
    assert spec.kind == "selectors" and spec.binding.kind is BindingKind.EMAIL
    assert config.excluded_on["PAY-07"].keys() == {"web"}


def test_binding_as_a_word_or_a_mapping(tmp_path: Path) -> None:
    short = _parse(tmp_path, apps={"web": {**WEB, "binding": "app"}})
    long = _parse(tmp_path, apps={"web": {**WEB, "binding": {"kind": "email", "email_domain": "qa.example.com"}}})
    default = _parse(tmp_path, apps={"web": WEB})
    assert short.apps["web"].binding.kind is BindingKind.APP
    assert (long.apps["web"].binding.kind, long.apps["web"].binding.email_domain) == (
        BindingKind.EMAIL,
        "qa.example.com",
    )
    assert default.apps["web"].binding.kind is BindingKind.INJECTED


def test_binding_mistakes_are_one_line_each(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, apps={"web": {**WEB, "binding": {"kind": "guess", "email_domain": "no domain", "timeout": 3}}}
    )
    assert problems == [
        "certification.yaml: apps.web.binding.timeout: unknown field (did you mean 'timeout_s'? known: kind, "
        "email_domain, timeout_s)",
        "certification.yaml: apps.web.binding.kind: unknown binding 'guess' (known: email, app, injected, discovery)",
    ]


def test_sandbox_port_goes_with_the_sandbox_target_only(tmp_path: Path) -> None:
    assert _parse(tmp_path, target={"url": "sandbox", "sandbox_port": 9000}).target.sandbox_port == 9000
    assert _problems(tmp_path, target={"url": "https://dev.example.com", "sandbox_port": 9000}) == [
        "certification.yaml: target.sandbox_port: only with url: sandbox (the sandbox the harness starts), "
        "not 'https://dev.example.com'"
    ]
    assert "expected a port between 1 and 65535" in _problems(tmp_path, target={"sandbox_port": 70000})[0]


def test_a_requirement_is_excluded_on_one_platform_and_stays_on_the_others(tmp_path: Path) -> None:
    config = _parse(tmp_path, requirements={"exclude": {"PAY-07": {"web": "no charging in the web app"}}})
    scope = Scope(frozenset({"api", "web"}), dict(config.excluded), dict(config.excluded_on))
    pay07 = load_catalog().get("PAY-07")
    assert pay07 is not None
    assert scope.applies(pay07, "web") == (False, "excluded on web by the partner config: no charging in the web app")
    assert scope.applies(pay07, "api") == (True, None)


def test_a_blocker_cannot_be_excluded_on_every_platform_at_once(tmp_path: Path) -> None:
    everywhere = {p: "no" for p in ("api", "web", "ios", "android")}
    problems = _problems(tmp_path, requirements={"exclude": {"PAY-07": everywhere, "PAY-06": "no debts"}})
    assert len(problems) == 2
    assert "PAY-07: PAY-07 is a blocker requirement" in problems[0] and "on every platform" in problems[0]
    assert "PAY-06: PAY-06 is a blocker requirement" in problems[1] and "cannot be excluded" in problems[1]
    assert "does not apply on 'lint'" in _problems(tmp_path, requirements={"exclude": {"PAY-07": {"lint": "x"}}})[0]


def test_a_step_is_a_selector_or_a_sequence_of_them(tmp_path: Path) -> None:
    steps = {"payment_method": ["text=My cards", "li.card"], "log_out": "text=Log out", "sign_in": ["", 3]}
    problems = _problems(tmp_path, apps={"web": {**WEB, "adapter": steps}})
    assert problems == [
        "certification.yaml: apps.web.adapter.sign_in: expected a non-empty selector string, or a list of them "
        "(done in order)"
    ]


def test_an_adapter_written_for_a_newer_api_is_refused(tmp_path: Path) -> None:
    (tmp_path / "future.py").write_text(
        "from connect_cert.harness.adapters import SelectorApp\n\nclass Future(SelectorApp):\n    adapter_api = 2\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="written for adapter API 2; this harness offers 1"):
        load_adapter_class("future.py:Future", tmp_path)
