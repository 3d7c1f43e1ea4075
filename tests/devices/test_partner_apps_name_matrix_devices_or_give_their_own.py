"""A partner config's `apps.ios` / `apps.android` name devices of the matrix or give entries of the same
schema inline; a bad inline entry is one line naming the entry and field; the app's own fields (build,
bundle id or package, Stripe SDK) fill in what the devices leave out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from connect_cert.devices.matrix import AppDefaults, AppKind, load_matrix, resolve_devices
from connect_cert.devices.problems import MatrixError
from connect_cert.devices.providers import ProviderKind
from connect_cert.devices.versions import Platform, SdkVersion
from connect_cert.harness.partner_config import PartnerConfigError, load_partner_config

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "partners" / "example-certification.yaml"
INLINE = {
    "id": "farm-iphone",
    "os_version": "18",
    "device_name": "iPhone 16",
    "provider": "browserstack",
    "app": "bs://0123abcd",
    "tags": ["smoke"],
}


def load(tmp_path: Path, apps: dict[str, Any]) -> Any:
    path = tmp_path / "certification.yaml"
    path.write_text(yaml.safe_dump({"partner": {"name": "A"}, "apps": apps}))
    return load_partner_config(path)


def problems(tmp_path: Path, apps: dict[str, Any]) -> list[str]:
    with pytest.raises(PartnerConfigError) as err:
        load(tmp_path, apps)
    return err.value.problems


def test_an_app_lists_matrix_ids_and_inline_entries(tmp_path: Path) -> None:
    config = load(tmp_path, {"ios": {"bundle_id": "com.a.charge", "devices": ["iphone-15", INLINE]}})
    app = config.apps["ios"]
    assert app.devices == ("iphone-15", "farm-iphone")
    [inline] = app.device_entries
    assert (inline.platform, inline.provider.kind) == (Platform.IOS, ProviderKind.BROWSERSTACK)  # the platform implied
    assert inline.app is not None and inline.app.kind is AppKind.BROWSERSTACK


@pytest.mark.parametrize(
    ("apps", "expected"),
    [
        (
            {"ios": {"bundle_id": "com.a.b", "devices": [{**INLINE, "os_version": "eighteen"}]}},
            "certification.yaml: apps.ios.devices.farm-iphone.os_version: expected a version such as 17.5 or 14, got 'eighteen'",
        ),
        (
            {"ios": {"bundle_id": "com.a.b", "devices": [{**INLINE, "platform": "android"}]}},
            "certification.yaml: apps.ios.devices.farm-iphone.platform: android entry under apps.ios",
        ),
        (
            {"android": {"app_package": "com.a.b", "devices": [{**INLINE, "offers": ["apple_pay_test_cards"]}]}},
            "certification.yaml: apps.android.devices.farm-iphone.offers: apple_pay_test_cards is for iOS devices",
        ),
        (
            {"ios": {"bundle_id": "com.a.b", "devices": [7]}},
            "certification.yaml: apps.ios.devices[0]: expected a device id or a device entry (a mapping)",
        ),
        (
            {"android": {"app_package": "com.a.b", "devices": "Pixel"}},
            "certification.yaml: apps.android.devices: expected a list of device ids (from the matrix) or device entries",
        ),
        (
            {"android": {"app_package": "com.a.b", "stripe_sdk": "flutter_stripe 11.0"}},
            "certification.yaml: apps.android.stripe_sdk: 'flutter_stripe' is not the native SDK of Android",
        ),
    ],
)
def test_a_bad_device_in_the_partner_config_is_one_line(tmp_path: Path, apps: dict[str, Any], expected: str) -> None:
    found = problems(tmp_path, apps)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]


def test_listed_devices_take_the_apps_build_and_sdk(tmp_path: Path) -> None:
    (tmp_path / "builds").mkdir()
    (tmp_path / "builds" / "Charge.app").mkdir()
    apps = {"ios": {"app": "builds/Charge.app", "stripe_sdk": "stripe-ios 23.0", "devices": ["iphone-15", INLINE]}}
    app = load(tmp_path, apps).apps["ios"]
    defaults = app.device_defaults()
    assert defaults == AppDefaults(app="builds/Charge.app", stripe_sdk="stripe-ios 23.0")

    local, farm = resolve_devices(
        load_matrix(), Platform.IOS, listed=app.devices, inline=app.device_entries, defaults=defaults, base=tmp_path
    )

    assert local.id == "iphone-15" and local.app is not None
    assert local.app.location == str(tmp_path / "builds" / "Charge.app")  # relative to the partner config
    assert local.stripe_sdk == SdkVersion(24, 16, 0)  # the entry's own version wins
    assert farm.app is not None and farm.app.location == "bs://0123abcd"  # the entry's own build wins
    assert farm.stripe_sdk == SdkVersion(23, 0, 0)  # the app's version fills the gap


def test_an_android_app_gives_its_package_and_activity(tmp_path: Path) -> None:
    apps = {"android": {"app_package": "com.a.charge", "app_activity": ".Main", "devices": ["pixel-8"]}}
    app = load(tmp_path, apps).apps["android"]
    [pixel] = resolve_devices(load_matrix(), Platform.ANDROID, listed=app.devices, defaults=app.device_defaults())
    assert (pixel.app_package, pixel.app_activity, pixel.app) == ("com.a.charge", ".Main", None)


def test_without_a_list_every_local_entry_of_the_platform_runs_and_tags_filter() -> None:
    matrix = load_matrix()
    assert [d.id for d in resolve_devices(matrix, Platform.ANDROID)] == ["pixel-8"]
    assert resolve_devices(matrix, Platform.ANDROID, tags=["nightly"]) == ()
    with pytest.raises(MatrixError, match="pixel-8: not iOS devices"):
        resolve_devices(matrix, Platform.IOS, listed=["pixel-8"])


def test_the_documented_example_names_its_devices_by_name() -> None:
    config = load_partner_config(EXAMPLE)
    [iphone] = resolve_devices(load_matrix(), Platform.IOS, listed=config.apps["ios"].devices)
    [pixel] = resolve_devices(load_matrix(), Platform.ANDROID, listed=["pixel-8"])
    assert (iphone.id, pixel.id) == ("iphone-15", "pixel-8")  # "iPhone 15": the one local entry of that name
