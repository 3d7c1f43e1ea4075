"""`apps.web.adapter` of certification.yaml becomes the adapter the web suite drives, or one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.partner_config import Adapter, App
from connect_cert.harness.web.partner_app import (
    REFERENCE,
    REFERENCE_SELECTORS,
    REQUIRED_STEPS,
    SelectorApp,
    spec_from_partner_app,
)

ADAPTER_SOURCE = """
from connect_cert.harness.web.partner_app import SelectorApp

class ShopApp(SelectorApp):
    def __init__(self, page, *, url, timeout_ms):
        super().__init__(page, url=url, selectors=SELECTORS, timeout_ms=timeout_ms)

SELECTORS = {name: "#" + name.replace(".", "-") for name in %r}

class NotAnAdapter:
    pass
"""


def _web(adapter: Adapter | None) -> App:
    return App("web", "1.0", "https://app.example.com/", adapter=adapter)


def test_no_adapter_or_reference_is_the_reference_client(tmp_path: Path) -> None:
    assert spec_from_partner_app(_web(None), tmp_path) is REFERENCE
    assert spec_from_partner_app(_web(Adapter("reference")), tmp_path) is REFERENCE


def test_a_selector_mapping_drives_the_partner_url(tmp_path: Path) -> None:
    spec = spec_from_partner_app(_web(Adapter("selectors", selectors=REFERENCE_SELECTORS)), tmp_path)
    assert (spec.kind, spec.url) == ("selectors", "https://app.example.com/")


def test_missing_and_unknown_steps_are_named(tmp_path: Path) -> None:
    selectors = {"sign_in": "#go", "add_payment_method": "#add", "open_debt": "#debts"}
    with pytest.raises(ConfigError) as error:
        spec_from_partner_app(_web(Adapter("selectors", selectors=selectors)), tmp_path)
    message = str(error.value)
    assert "missing steps: submit_payment_method, success_message" in message
    assert "unknown steps: open_debt" in message


def test_a_python_class_next_to_the_config_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "shop_adapter.py").write_text(ADAPTER_SOURCE % (REQUIRED_STEPS,), encoding="utf-8")
    spec = spec_from_partner_app(_web(Adapter("python", python="shop_adapter.py:ShopApp")), tmp_path)
    assert spec.kind == "python" and spec.adapter is not None and issubclass(spec.adapter, SelectorApp)
    with pytest.raises(ConfigError, match="not a subclass"):
        spec_from_partner_app(_web(Adapter("python", python="shop_adapter.py:NotAnAdapter")), tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        spec_from_partner_app(_web(Adapter("python", python="missing.py:ShopApp")), tmp_path)
