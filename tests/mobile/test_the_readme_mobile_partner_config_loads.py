"""The README's whole partner config for a mobile app is one a partner can start from: it loads, its locator
adapter parses, its Python adapter is found next to it, and its devices resolve to the matrix's and its own."""

from __future__ import annotations

import re
from pathlib import Path

from connect_cert.devices.matrix import load_matrix, resolve_devices
from connect_cert.devices.providers import ProviderKind
from connect_cert.devices.versions import Platform
from connect_cert.harness.mobile.partner_app import spec_from_partner_app
from connect_cert.harness.partner_config import load_partner_config
from tests.mobile.support import REPO

ADAPTER = """
from connect_cert.harness.mobile.partner_app import LocatorApp


class VoltstromApp(LocatorApp):
    pass
"""


def readme_block() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```yaml\n(# certification\.yaml for a mobile app.*?)```", text, re.DOTALL)
    assert found, "the README's mobile partner config is gone"
    return found.group(1)


def test_the_readme_mobile_partner_config_loads(tmp_path: Path) -> None:
    path = tmp_path / "certification.yaml"
    path.write_text(readme_block(), encoding="utf-8")
    (tmp_path / "voltstrom_app.py").write_text(ADAPTER, encoding="utf-8")
    (tmp_path / "builds" / "Voltstrom.app").mkdir(parents=True)  # a simulator build is a folder
    config = load_partner_config(path)
    assert set(config.apps) == {"ios", "android"} and config.suites == ("api", "mobile")

    ios = spec_from_partner_app(config.apps["ios"], tmp_path)
    assert ios.kind == "locators" and {"sign_in", "add_payment_method", "payment_method", "log_out"} <= set(ios.steps)
    android = spec_from_partner_app(config.apps["android"], tmp_path)
    assert android.kind == "python" and android.adapter is not None and android.adapter.__name__ == "VoltstromApp"

    matrix = load_matrix()
    ios_app = config.apps["ios"]
    (iphone,) = resolve_devices(
        matrix, Platform.IOS, listed=ios_app.devices, defaults=ios_app.device_defaults(), base=tmp_path
    )
    assert (iphone.id, iphone.bundle_id) == ("iphone-15", "com.voltstrom.charge")
    assert iphone.app is not None and iphone.app.location == str(tmp_path / "builds" / "Voltstrom.app")
    android_app = config.apps["android"]
    devices = resolve_devices(
        matrix,
        Platform.ANDROID,
        listed=android_app.devices,
        inline=android_app.device_entries,
        defaults=android_app.device_defaults(),
        base=tmp_path,
    )
    by_id = {device.id: device for device in devices}
    assert set(by_id) == {"pixel-8", "galaxy-s23-farm"}
    assert by_id["pixel-8"].app_package == "com.voltstrom.charge"
    assert by_id["galaxy-s23-farm"].provider.kind is ProviderKind.BROWSERSTACK
