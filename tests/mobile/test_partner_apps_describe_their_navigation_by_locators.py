"""A partner app's own navigation comes from its adapter in the partner config: step -> locator (inline or a
YAML file) or a Python class; the stand-in is described the same way. Bad adapters are one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from connect_cert.devices.paymentsheet.locators import Locator, Strategy
from connect_cert.harness.binding import AppUser, BindingKind, Credentials
from connect_cert.harness.exitcodes import ConfigError
from connect_cert.harness.mobile.partner_app import (
    REQUIRED_STEPS,
    LocatorApp,
    MobileApp,
    parse_steps,
    spec_from_partner_app,
    stand_in_spec,
)
from connect_cert.harness.partner_config import load_partner_config
from tests.devices.support import driver

HOST_APP = {  # the Example Charge app of the page-source fixtures (tests/devices/fixtures/*/host_app.xml)
    "sign_in": "accessibility id: Add payment method",
    "add_payment_method": "-ios predicate string: type == 'XCUIElementTypeButton' AND label == 'Add payment method'",
    "payment_method": "-ios class chain: **/XCUIElementTypeCell",
    "log_out": "accessibility id: Log out",
}


def write_config(folder: Path, adapter: str) -> Path:
    path = folder / "certification.yaml"
    path.write_text(
        f"version: 1\npartner: {{name: Example Mobility}}\ntarget: {{url: sandbox}}\n"
        f"apps:\n  ios:\n    bundle_id: com.example.charge\n    adapter: {adapter}\n",
        encoding="utf-8",
    )
    return path


def test_the_stand_in_is_described_by_locators_like_any_app() -> None:
    spec = stand_in_spec()
    assert spec.is_stand_in and set(REQUIRED_STEPS) <= set(spec.steps)
    assert spec.binding.kind is BindingKind.INJECTED  # the harness creates each user and types its id
    assert {locator.strategy for locator in spec.steps.values()} == {Strategy.ACCESSIBILITY_ID}


def test_a_yaml_of_steps_drives_the_apps_own_screen(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text("\n".join(f'{k}: "{v}"' for k, v in HOST_APP.items()) + "\n", encoding="utf-8")
    config = load_partner_config(write_config(tmp_path, "app.yaml"))
    spec = spec_from_partner_app(config.apps["ios"], tmp_path)
    drv = driver("ios/host_app.xml", {"Add payment method": "ios/card_form.xml"})
    app = spec.build(drv, timeout=1)

    app.open_payment_sheet()

    assert [node.attrs["label"] for node in drv.taps()] == ["Add payment method"]
    assert drv.source.find_all(Strategy.ACCESSIBILITY_ID, "Card number")  # the sheet is what shows now


def test_a_python_class_is_loaded_from_next_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "my_app.py").write_text(
        "from connect_cert.harness.mobile.partner_app import LocatorApp\n\n\nclass MyApp(LocatorApp):\n"
        "    def __init__(self, driver, *, timeout):\n        super().__init__(driver, steps={}, timeout=timeout)\n",
        encoding="utf-8",
    )
    config = load_partner_config(write_config(tmp_path, "my_app.py:MyApp"))
    spec = spec_from_partner_app(config.apps["ios"], tmp_path)
    assert spec.adapter is not None and issubclass(spec.adapter, LocatorApp)


def test_a_class_that_is_no_app_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "my_app.py").write_text("class MyApp:\n    pass\n", encoding="utf-8")
    config = load_partner_config(write_config(tmp_path, "my_app.py:MyApp"))
    with pytest.raises(ConfigError, match=r"^apps.ios.adapter: my_app.py:MyApp is not a subclass of .*MobileApp$"):
        spec_from_partner_app(config.apps["ios"], tmp_path)


@pytest.mark.parametrize(
    ("steps", "problem"),
    [
        ({**HOST_APP, "sign_in": "by label: Sign in"}, r"apps.ios.adapter.sign_in: 'by label: Sign in' is not"),
        ({k: v for k, v in HOST_APP.items() if k != "log_out"}, r"missing steps: log_out"),
        ({**HOST_APP, "checkout": "accessibility id: Pay"}, r"unknown steps: checkout"),
    ],
    ids=["strategy", "missing", "unknown"],
)
def test_a_bad_step_is_one_line_naming_it(steps: dict[str, str], problem: str) -> None:
    with pytest.raises(ConfigError, match=problem) as raised:
        parse_steps(steps, "apps.ios.adapter")
    assert "\n" not in str(raised.value)


def test_the_apps_user_fields_are_filled_as_the_binding_gives_them() -> None:
    steps = {k: Locator(*v.split(": ", 1)) for k, v in HOST_APP.items()}
    steps["sign_in.email"] = Locator(Strategy.ACCESSIBILITY_ID, "Payment methods")  # any node takes typing here
    drv = driver("ios/host_app.xml")
    app: MobileApp = LocatorApp(drv, steps=steps, timeout=1)
    user = AppUser(Credentials("cert+abc@example.com", "secret-password"))

    app.sign_in(user)

    assert [text for _, text in drv.typed()] == ["cert+abc@example.com"]
