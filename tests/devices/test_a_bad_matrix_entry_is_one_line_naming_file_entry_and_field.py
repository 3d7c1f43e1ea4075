"""The device matrix is validated before anything runs: each problem is one line naming the file, the entry
and the field, every problem is reported at once, a credential is never echoed, and the CLI exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from connect_cert.devices.matrix import DEFAULT_MATRIX, EXAMPLE_TAG, Offer, load_matrix
from connect_cert.devices.problems import MatrixError
from connect_cert.devices.providers import ProviderKind
from connect_cert.devices.versions import Platform, SdkVersion
from connect_cert.harness.cli import run

GOOD: dict[str, Any] = {
    "id": "pixel",
    "platform": "android",
    "os_version": "14",
    "device_name": "Pixel 8",
    "stripe_sdk": "stripe-android 21.12.0",
    "provider": "local",
}


def problems(tmp_path: Path, content: Any) -> list[str]:
    path = tmp_path / "matrix.yaml"
    path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True))
    with pytest.raises(MatrixError) as err:
        load_matrix(path)
    return err.value.problems


def entry(**changes: Any) -> dict[str, Any]:
    found = {**GOOD, **changes}
    return {"devices": [{key: value for key, value in found.items() if value is not None}]}


def test_the_default_matrix_is_a_local_iphone_and_pixel_plus_farm_examples() -> None:
    matrix = load_matrix()
    assert matrix.path == DEFAULT_MATRIX
    local = matrix.select()
    assert [(d.platform, d.provider.kind) for d in local] == [
        (Platform.IOS, ProviderKind.APPIUM),
        (Platform.ANDROID, ProviderKind.APPIUM),
    ]
    assert all({"smoke", "full"} <= set(d.tags) for d in local)
    assert local[0].offers == {Offer.APPLE_PAY_TEST_CARDS} and local[1].offers == {Offer.GOOGLE_ACCOUNT}
    examples = [d for d in matrix.devices if d.is_example]
    assert {d.provider.kind for d in examples} == {ProviderKind.GRID, ProviderKind.BROWSERSTACK, ProviderKind.SAUCELABS}
    assert matrix.select([EXAMPLE_TAG]) == tuple(examples)
    assert [d.id for d in matrix.select(["smoke"])] == ["iphone-15", "pixel-8"]  # examples only when asked for


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"platform": "windows"}, "devices.pixel.platform: expected ios or android, got 'windows'"),
        ({"platform": None}, "devices.pixel.platform: missing (ios or android)"),
        ({"os_version": "fourteen"}, "devices.pixel.os_version: expected a version such as 17.5 or 14, got 'fourteen'"),
        ({"device_name": None}, "devices.pixel.device_name: missing"),
        (
            {"automation": "Espresso"},
            "devices.pixel.automation: Android PaymentSheet tests run on UiAutomator2, got 'Espresso'",
        ),
        ({"id": "Pixel 8"}, "devices[0].id: 'Pixel 8': use lower-case letters, digits, '-' and '_' (it names tests)"),
        (
            {"os_verison": "14"},
            "devices.pixel.os_verison: unknown field (did you mean 'os_version'? known: id, platform,",
        ),
        (
            {"stripe_sdk": "stripe-ios 24.16.0"},
            "devices.pixel.stripe_sdk: 'stripe-ios' is not the native SDK of Android (give the stripe-android version;",
        ),
        (
            {"stripe_sdk": "latest"},
            "devices.pixel.stripe_sdk: expected a version such as 'stripe-android 24.16.0', got 'latest'",
        ),
        ({"bundle_id": "com.example.charge"}, "devices.pixel.bundle_id: is for iOS entries; this one is Android"),
        ({"app_package": "not a package"}, "devices.pixel.app_package: 'not a package' is not a valid app package"),
        ({"offers": ["apple_pay_test_cards"]}, "devices.pixel.offers: apple_pay_test_cards is for iOS devices"),
        (
            {"offers": ["nfc"]},
            "devices.pixel.offers: unknown offer 'nfc' (known: apple_pay_test_cards, google_account)",
        ),
        ({"tags": "smoke"}, "devices.pixel.tags: expected a list of tags such as [smoke, full]"),
        (
            {"provider": "firebase"},
            "devices.pixel.provider: unknown provider 'firebase' (known: local, browserstack, saucelabs;",
        ),
        ({"provider": None}, "devices.pixel.provider: missing (one of: local, browserstack, saucelabs;"),
        ({"provider": {"kind": "grid"}}, "devices.pixel.provider.url: missing (the Grid URL)"),
        (
            {"provider": {"kind": "saucelabs", "region": "mars-1"}},
            "devices.pixel.provider.region: unknown Sauce Labs region 'mars-1'",
        ),
        ({"provider": "ftp://farm"}, "devices.pixel.provider: expected an http(s) URL, got 'ftp://farm'"),
        (
            {"app": "bs://abc"},
            "devices.pixel.app: a bs:// app is uploaded to BrowserStack: use it with a browserstack provider",
        ),
        (
            {"app": "builds/app.apk", "provider": "browserstack"},
            "devices.pixel.app: a farm cannot read builds/app.apk: upload the build and give bs://… or storage:filename=…",
        ),
        (
            {"app": "storage:filename=app.apk", "provider": "browserstack"},
            "devices.pixel.app: a storage: app is uploaded to Sauce Labs: use it with a saucelabs provider",
        ),
        (
            {"app": "builds/app.apk", "provider": {"kind": "grid", "url": "http://grid:4444"}},
            "devices.pixel.app: a Grid node reads the path on its own machine: give an absolute path or a URL",
        ),
        (
            {"capabilities": {"systemPort": 8201}},
            "devices.pixel.capabilities.systemPort: not a W3C capability: prefix it with its vendor (appium:systemPort)",
        ),
        (
            {"capabilities": {"appium:deviceName": "x"}},
            "devices.pixel.capabilities.appium:deviceName: set by the entry's 'device_name' field",
        ),
        (
            {"provider": "browserstack", "capabilities": {"sauce:options": {"build": "1"}}},
            "devices.pixel.capabilities.sauce:options: sauce:options belongs to another provider (this entry's provider takes bstack:options)",
        ),
        ({"capabilities": []}, "devices.pixel.capabilities: expected a mapping, got list"),
    ],
)
def test_a_bad_field_is_one_line(tmp_path: Path, changes: dict[str, Any], expected: str) -> None:
    found = problems(tmp_path, entry(**changes))
    assert len(found) == 1, found
    assert found[0].startswith(f"matrix.yaml: {expected}"), found[0]


SECRET = "K3yValueN0tToBePrinted"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"provider": "browserstack", "capabilities": {"bstack:options": {"accessKey": SECRET}}},
            "devices.pixel.capabilities.bstack:options.accessKey: credentials come from the provider's username_env",
        ),
        (
            {"provider": {"kind": "browserstack", "url": f"https://user:{SECRET}@hub.browserstack.com/wd/hub"}},
            "devices.pixel.provider.url: credentials in the URL are refused",
        ),
        (
            {"provider": {"kind": "saucelabs", "access_key_env": f"sk_live_{SECRET}"}},
            "devices.pixel.provider.access_key_env: expected the NAME of an environment variable",
        ),
        (
            {"capabilities": {"appium:otherApps": f"https://x/{SECRET}_secret_y"}},
            "devices.pixel.capabilities.appium:otherApps: looks like a credential",
        ),
    ],
)
def test_a_credential_in_the_file_is_refused_without_echoing_it(
    tmp_path: Path, changes: dict[str, Any], expected: str
) -> None:
    found = problems(tmp_path, entry(**changes))
    assert [line.startswith(f"matrix.yaml: {expected}") for line in found] == [True], found
    assert SECRET not in "\n".join(found)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    raw = {
        "devices": [
            {**GOOD, "os_version": "x"},
            {**GOOD, "id": "pixel-2", "platform": "ios", "automation": "UiAutomator2"},
            GOOD,
            GOOD,
        ],
        "colour": "blue",
    }
    found = problems(tmp_path, raw)
    assert [line.split(": ")[1] for line in found] == [
        "colour",
        "devices.pixel.os_version",
        "devices.pixel-2.automation",
        "devices.pixel-2.stripe_sdk",  # an Android SDK version on an iOS entry
        "devices.pixel.id",  # the fourth entry repeats the third's id
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("devices: [unclosed\n", "matrix.yaml: not valid YAML (line 2, column 1)"),
        ("- a list\n", "matrix.yaml: expected a mapping with 'devices'"),
        ("devices: []\n", "matrix.yaml: devices: expected a non-empty list of device entries"),
        ("version: 2\ndevices: [{id: a}]\n", "matrix.yaml: version: unsupported version 2"),
        ("providers: {x: {kind: ftp}}\ndevices: []\n", "matrix.yaml: providers.x.kind: unknown kind 'ftp'"),
    ],
)
def test_an_unreadable_file_is_one_line_too(tmp_path: Path, content: str, expected: str) -> None:
    assert problems(tmp_path, content)[0].startswith(expected)


def test_a_missing_file_or_a_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(MatrixError, match="the device matrix does not exist"):
        load_matrix(tmp_path / "nope.yaml")
    with pytest.raises(MatrixError, match="is a folder"):
        load_matrix(tmp_path)


def test_numbers_in_yaml_stay_versions_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "builds").mkdir()
    path = tmp_path / "matrix.yaml"
    path.write_text(yaml.safe_dump(entry(os_version=14.0, stripe_sdk=21.12, app="builds/app.apk")))
    [device] = load_matrix(path).devices
    assert device.os_version == "14.0"
    assert device.stripe_sdk == SdkVersion(21, 12, 0)
    assert device.app is not None and device.app.location == str(tmp_path / "builds" / "app.apk")


def test_the_cli_exits_2_with_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "matrix.yaml"
    path.write_text(yaml.safe_dump({"devices": [{**GOOD, "os_version": "x", "platform": "windows"}]}))
    for command in (["list"], ["caps", "pixel"], ["check"]):
        assert run(["devices", *command, "--matrix", str(path)]) == 2
        err = capsys.readouterr().err.splitlines()
        assert err == [
            "connect-cert: error: matrix.yaml: devices.pixel.platform: expected ios or android, got 'windows'",
            "connect-cert: error: matrix.yaml: devices.pixel.os_version: expected a version such as 17.5 or 14, got 'x'",
        ]


def test_certify_refuses_a_bad_matrix_before_any_device_runs(tmp_path: Path) -> None:
    """`certify --matrix FILE` (as `devices --matrix`): the same one line, exit 2, no traceback."""
    path = tmp_path / "matrix.yaml"
    path.write_text(yaml.safe_dump({"devices": [{**GOOD, "os_version": "fourteen"}]}))
    command = [sys.executable, "-m", "connect_cert.harness.cli", "certify", "--suites", "mobile", "--matrix", str(path)]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output[-2000:]
    assert "matrix.yaml: devices.pixel.os_version: expected a version such as 17.5 or 14, got 'fourteen'" in output
    assert "Traceback" not in output
